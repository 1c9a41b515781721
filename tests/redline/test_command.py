"""`dealdocs redline`: what it writes, what it says, and its exit codes (0 written, 1 an invalid
deal, 2 a usage or I/O error), for two deal files and for one file against a git revision."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dealdocs.cli import main

from redlining import ROOT, SEED, SEED_EDITS, edited, git

DEAL = "ascent-solar-2019-01-11"
REDLINES = [f"{DEAL}-note-redline", f"{DEAL}-8-K-redline", f"{DEAL}-checklist-redline"]


def redline(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["redline", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def versions(tmp_path) -> tuple[Path, Path]:
    """The seed, and the seed with its principal and rate changed, under the same file name."""
    old, new = tmp_path / "old" / SEED.name, tmp_path / "new" / SEED.name
    for path, text in ((old, SEED.read_text()), (new, edited(SEED.read_text(), *SEED_EDITS))):
        path.parent.mkdir()
        path.write_text(text)
    return old, new


def test_two_deal_files_give_a_redline_of_each_document(capsys, versions, tmp_path):
    old, new = versions
    out_dir = tmp_path / "redlines"
    code, out, err = redline(capsys, str(old), str(new), "-o", str(out_dir), "--format", "docx")
    assert (code, err) == (0, "")
    assert sorted(path.name for path in out_dir.iterdir()) == sorted(
        f"{stem}.docx" for stem in REDLINES)
    assert out.splitlines() == [
        f"{old} → {new}: wrote 3 files to {out_dir}/",
        f"  {DEAL}-note-redline: 8 insertions, 6 deletions",
        f"  {DEAL}-8-K-redline: 4 insertions, 3 deletions",
        f"  {DEAL}-checklist-redline: 3 insertions, 3 deletions"]
    document = zipfile.ZipFile(io.BytesIO((out_dir / f"{REDLINES[0]}.docx").read_bytes()))
    assert b"<w:ins " in document.read("word/document.xml")


def test_identical_versions_say_no_changes(capsys, versions, tmp_path):
    old, _ = versions
    code, out, _ = redline(capsys, str(old), str(old), "-o", str(tmp_path / "r"),
                           "--format", "docx")
    assert code == 0
    assert out.splitlines()[1:] == [f"  {stem}: no changes" for stem in REDLINES]


def test_writing_twice_gives_the_same_bytes(capsys, versions, tmp_path):
    old, new = versions
    written = []
    for run in ("first", "second"):
        redline(capsys, str(old), str(new), "-o", str(tmp_path / run), "--format", "docx")
        written.append({path.name: path.read_bytes() for path in (tmp_path / run).iterdir()})
    assert written[0] == written[1]


def test_an_invalid_new_version_is_reported_at_its_lines_and_nothing_is_written(
        capsys, versions, tmp_path):
    old, new = versions
    new.write_text(new.read_text().replace('rate_percent: "10"', "rate_percent: 10"))
    out_dir = tmp_path / "redlines"
    code, out, _ = redline(capsys, str(old), str(new), "-o", str(out_dir))
    assert code == 1
    assert f"{new}:" in out and "notes[0].interest.rate_percent" in out
    assert not out_dir.exists()


def test_an_invalid_version_leaves_earlier_redlines_untouched(capsys, versions, tmp_path):
    old, new = versions
    out_dir = tmp_path / "redlines"
    redline(capsys, str(old), str(new), "-o", str(out_dir), "--format", "docx")
    before = {path.name: path.read_bytes() for path in out_dir.iterdir()}
    new.write_text("issuer: [")
    assert redline(capsys, str(old), str(new), "-o", str(out_dir), "--format", "docx")[0] == 1
    assert {path.name: path.read_bytes() for path in out_dir.iterdir()} == before


@pytest.mark.parametrize("args, message", [
    (["only-one.yaml"], "give two deal files, OLD and NEW, or one deal file and --since REV"),
    (["a.yaml", "b.yaml", "c.yaml"], "give two deal files"),
    (["a.yaml", "b.yaml", "--since", "HEAD"], "with --since, give one deal file"),
])
def test_wrong_number_of_files_is_a_usage_error(capsys, tmp_path, args, message):
    code, out, err = redline(capsys, *args, "-o", str(tmp_path))
    assert (code, out) == (2, "")
    assert message in err


def test_output_directory_is_required(capsys, versions):
    with pytest.raises(SystemExit) as raised:
        main(["redline", *map(str, versions)])
    assert raised.value.code == 2
    assert "-o/--output" in capsys.readouterr().err


def test_a_missing_deal_file_is_a_usage_error(capsys, versions, tmp_path):
    code, out, err = redline(capsys, str(tmp_path / "gone.yaml"), str(versions[1]), "-o",
                             str(tmp_path / "r"))
    assert (code, out) == (2, "")
    assert "gone.yaml: cannot read" in err


def test_an_output_directory_that_cannot_be_made_is_a_usage_error(capsys, versions, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, _, err = redline(capsys, *map(str, versions), "-o", str(blocker / "r"),
                           "--format", "docx")
    assert code == 2 and f"cannot write {blocker}: Not a directory" in err


# --- --since: the deal file at a git revision ----------------------------------------------------

@pytest.fixture
def committed(tmp_path) -> Path:
    """A repository with the seed committed, and the principal and the rate changed since."""
    git(tmp_path, "init", "-q")
    deal = tmp_path / "filings" / SEED.name
    deal.parent.mkdir()
    deal.write_text(SEED.read_text())
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "seed")
    deal.write_text(edited(SEED.read_text(), *SEED_EDITS))
    return deal


def test_since_compares_the_committed_version_with_the_working_copy(capsys, committed, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(committed.parent.parent)
    code, out, err = redline(capsys, "filings/" + SEED.name, "--since", "HEAD", "-o", "r",
                             "--format", "docx")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"HEAD:filings/{SEED.name} → filings/{SEED.name}: " \
                                  "wrote 3 files to r/"
    assert out.splitlines()[1] == f"  {DEAL}-note-redline: 8 insertions, 6 deletions"


def test_since_an_invalid_committed_version_is_located_at_the_revision(capsys, committed,
                                                                      monkeypatch):
    repository = committed.parent.parent
    committed.write_text(SEED.read_text().replace('principal: "330000"', "principal: 330000"))
    git(repository, "commit", "-q", "-am", "a mistake")
    committed.write_text(SEED.read_text())
    monkeypatch.chdir(repository)
    code, out, _ = redline(capsys, "filings/" + SEED.name, "--since", "HEAD", "-o", "r")
    assert code == 1
    assert f"HEAD:filings/{SEED.name}:" in out and "notes[0].principal" in out


@pytest.mark.parametrize("revision, message", [
    ("HEAD~3", "'HEAD~3' is not a revision of the git repository"),
    ("nope", "'nope' is not a revision"),
])
def test_since_a_bad_revision_is_a_usage_error(capsys, committed, tmp_path, revision, message):
    code, out, err = redline(capsys, str(committed), "--since", revision, "-o",
                             str(tmp_path / "r"))
    assert (code, out) == (2, "")
    assert message in err


def test_since_a_file_not_in_git_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    deal = tmp_path / SEED.name
    deal.write_text(SEED.read_text())
    code, out, err = redline(capsys, str(deal), "--since", "HEAD~1", "-o", str(tmp_path / "r"))
    assert (code, out) == (2, "")
    assert "not in a git repository" in err


def test_redline_as_a_real_process(versions, tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "redline",
                             *map(str, versions), "-o", str(tmp_path / "r"), "--format", "docx"],
                            capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "r").iterdir())) == 3


def test_help_describes_redline(capsys):
    with pytest.raises(SystemExit):
        main(["redline", "--help"])
    out = capsys.readouterr().out
    for text in ("--since REV", "-o DIR", "tracked", "struck through in red", "exit codes"):
        assert text in out


def test_a_template_the_redline_cannot_mark_is_a_located_problem(capsys, versions, tmp_path,
                                                                monkeypatch):
    from dealdocs.redline import tracked

    def unsupported(*args, **kwargs):
        raise tracked.Unsupported("a w:sdt element between paragraphs")

    monkeypatch.setattr(tracked, "redline_docx", unsupported)
    code, out, _ = redline(capsys, *map(str, versions), "-o", str(tmp_path / "r"),
                           "--format", "docx")
    assert code == 1
    assert "note.docx:1:1: error: the redline cannot mark changes in a document that holds a " \
           "w:sdt element between paragraphs" in out
    assert not (tmp_path / "r").exists()


def test_a_note_in_one_version_only_is_reported(capsys, tmp_path):
    from redlining import DEALS

    full = (DEALS / "multi-investor-tranches.yaml").read_text()
    start, end = full.index("  - id: osprey"), full.index("  - id: ridgeline-1")
    fewer = edited(full[:start] + full[end:],
                   ('gross_proceeds: "1700000"', 'gross_proceeds: "1500000"'))
    old, new = tmp_path / "old" / "tranches.yaml", tmp_path / "new" / "tranches.yaml"
    for path, text in ((old, fewer), (new, full)):
        path.parent.mkdir()
        path.write_text(text)
    code, out, _ = redline(capsys, str(old), str(new), "-o", str(tmp_path / "r"),
                           "--format", "docx")
    assert code == 0
    assert "  tranches-note-osprey-redline: only in the new version: all of it inserted" in out
    code, out, _ = redline(capsys, str(new), str(old), "-o", str(tmp_path / "r2"),
                           "--format", "docx")
    assert "  tranches-note-osprey-redline: only in the old version: all of it deleted" in out
