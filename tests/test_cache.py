"""The build cache (cache.py): it never serves a stale document, and it never fails a build.

Every part of the key is changed in turn, and each time the deal must be rendered again and give
what a build without the cache gives. Builds here are DOCX only (one takes PDFs), to keep the
file quick; the key does not depend on which formats the other tests ask for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dealdocs import cache, pipeline, resources
from dealdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
NAME = SEED.stem


def _files(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def _replace_in_docx(path: Path, old: str, new: str) -> None:
    """Change the words of a Word file, as a lawyer editing the template would."""
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    document = parts["word/document.xml"].decode()
    assert old in document
    parts["word/document.xml"] = document.replace(old, new).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in parts.items():
            target.writestr(item, data)


class Project:
    """A deal in a folder of its own, with its own copy of the shipped templates and schemas,
    a house style, and a cache; build() counts how many times the deal was really analysed."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch):
        self.root, self.cache = root, root / "cache"
        shutil.copytree(ROOT / "templates", root / "shipped" / "templates")
        shutil.copytree(ROOT / "schemas", root / "shipped" / "schemas")
        monkeypatch.setattr(resources, "_BUNDLED", root / "shipped")
        (root / "filings" / "house").mkdir(parents=True)
        shutil.copy(ROOT / "templates" / "note.docx", root / "filings" / "house" / "note.docx")
        self.deal = root / "filings" / SEED.name
        self.deal.write_bytes(SEED.read_bytes() + b"\ntemplates: house\n")
        monkeypatch.chdir(root)
        monkeypatch.delenv(cache.ENVIRONMENT_OFF, raising=False)
        monkeypatch.setenv(cache.ENVIRONMENT_DIRECTORY, str(self.cache))
        self.analysed = 0
        real = pipeline.analyse

        def counted(*arguments, **options):
            self.analysed += 1
            return real(*arguments, **options)
        monkeypatch.setattr(pipeline, "analyse", counted)

    def build(self, out: str, *options: str, formats: str = "docx") -> dict[str, bytes]:
        assert main(["build", str(self.deal), "-o", out, "-j", "1", "--format", formats,
                     *options]) == 0
        return _files(self.root / out / NAME)

    def rendered(self, out: str, **options) -> bool:
        """Build into out: True if the deal was rendered, False if the cache served it."""
        before = self.analysed
        self.build(out, **options)
        return self.analysed > before

    def entries(self) -> list[Path]:
        return sorted(self.cache.glob("*.entry"))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    return Project(tmp_path, monkeypatch)


def _template(project: Project) -> None:
    _replace_in_docx(project.root / "shipped" / "templates" / "8-K.docx",
                     "Washington, D.C. 20549", "Washington, D.C. 20550")


def _house_template(project: Project) -> None:
    _replace_in_docx(project.root / "filings" / "house" / "note.docx",
                     "Payment of Principal.", "Payment of the Principal.")


def _calendar(project: Project) -> None:  # the 8-K falls due a day later
    (project.root / "pyproject.toml").write_text(
        "[tool.dealdocs]\nextra_sec_closures = [{date = 2019-01-15, reason = \"A closure\"}]\n")


def _append(relative: str, data: bytes):
    def change(project: Project) -> None:
        with open(project.root / relative, "ab") as file:
            file.write(data)
    return change


def _library(monkeypatch):
    real = cache._version
    monkeypatch.setattr(cache, "_version",
                        lambda name: "99.0" if name == "weasyprint" else real(name))


CHANGES = {
    "deal bytes": _append(f"filings/{SEED.name}", b"# one more comment\n"),
    "a shipped template": _template,
    "print.css": _append("shipped/templates/print.css", b"/* a new rule to come */\n"),
    "a font file": _append("shipped/templates/fonts/LiberationSerif-Regular.ttf", b"\0"),
    "the deal schema": _append("shipped/schemas/deal.schema.json", b"\n"),
    "an EDGAR schema": _append("shipped/schemas/edgar/efm-htm.dtd", b"<!-- x -->\n"),
    "the SEC calendar": _calendar,
    "the house-style folder": _house_template,
}


@pytest.mark.parametrize("part", [*CHANGES, "a library version"])
def test_each_part_of_the_key_makes_a_rebuild_equal_to_a_fresh_build(project, part,
                                                                     monkeypatch):
    original = project.build("out")
    assert project.analysed == 1 and len(project.entries()) == 1
    assert not project.rendered("out")  # nothing changed: served from the cache
    if part == "a library version":
        _library(monkeypatch)
    else:
        CHANGES[part](project)
    assert project.rendered("out"), f"a change of {part} must rebuild"
    rebuilt = _files(project.root / "out" / NAME)
    assert rebuilt == project.build("fresh", "--no-cache")
    if part in ("deal bytes", "a shipped template", "the SEC calendar",
                "the house-style folder"):
        assert rebuilt != original  # the change reached the documents
    assert not project.rendered("out")  # and the new build is cached in its turn


def test_the_formats_are_part_of_the_key(project):
    project.build("out")
    assert project.rendered("out", formats="docx,pdf")
    rebuilt = _files(project.root / "out" / NAME)
    assert any(name.endswith(".pdf") for name in rebuilt)
    assert rebuilt == project.build("fresh", "--no-cache", formats="docx,pdf")
    assert not project.rendered("out", formats="docx,pdf")


def test_an_unchanged_build_writes_nothing_and_prints_the_same(project, capsys):
    project.build("out")
    first = capsys.readouterr().out
    files = sorted((project.root / "out").rglob("*"))
    stamps = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in files}
    assert not project.rendered("out")
    assert capsys.readouterr().out == first
    assert {path: (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in sorted((project.root / "out").rglob("*"))} == stamps


def test_a_changed_or_missing_output_set_is_put_back_from_the_cache(project):
    original = project.build("out")
    (project.root / "out" / NAME / f"{NAME}-note.docx").write_bytes(b"edited by hand")
    assert not project.rendered("out") and _files(project.root / "out" / NAME) == original
    assert not project.rendered("elsewhere")  # the output directory is not part of the key
    assert _files(project.root / "elsewhere" / NAME) == original


def test_a_foreign_file_stops_a_cached_build_as_it_stops_any_build(project, capsys):
    project.build("out")
    (project.root / "out" / NAME / "notes.txt").write_text("mine")
    assert main(["build", str(project.deal), "-o", "out", "-j", "1", "--format", "docx"]) == 2
    assert "dealdocs did not write (notes.txt)" in capsys.readouterr().err
    assert (project.root / "out" / NAME / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("damage", ["payload", "header", "truncated"])
def test_a_damaged_entry_is_a_miss_and_is_replaced(project, damage):
    original = project.build("out")
    [entry] = project.entries()
    data = bytearray(entry.read_bytes())
    if damage == "payload":
        data[-100] ^= 0xFF
    elif damage == "header":
        data[len(cache._MAGIC) + 70] ^= 0x01
    else:
        del data[len(data) // 2:]
    entry.write_bytes(bytes(data))
    shutil.rmtree(project.root / "out")  # so that the stored files must be read
    assert project.rendered("out")
    assert _files(project.root / "out" / NAME) == original
    assert cache._read_files(cache._lookup(entry.name.removesuffix(".entry"))) is not None


def test_no_cache_never_touches_the_cache_directory(project):
    assert project.rendered("out", formats="docx") and project.entries()
    shutil.rmtree(project.cache)
    assert project.rendered("out2") is True  # (a miss: the entry is gone)
    shutil.rmtree(project.cache)
    project.build("out3", "--no-cache")
    assert main(["check", "--no-pdf", "--no-cache", str(project.deal)]) in (0, 1)
    assert not project.cache.exists()


def test_the_environment_switch_is_no_cache_everywhere(project, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT_OFF, "1")
    project.build("out")
    assert not project.cache.exists()


def test_a_cache_that_cannot_be_written_is_one_warning_and_the_build_goes_on(project, capsys,
                                                                             monkeypatch):
    blocker = project.root / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(cache.ENVIRONMENT_DIRECTORY, str(blocker / "cache"))
    files = project.build("out")
    captured = capsys.readouterr()
    assert captured.out == f"{project.deal}: wrote {len(files)} files to out/{NAME}/\n"
    assert captured.err.count("\n") == 1 and captured.err.startswith("dealdocs: warning: ")
    assert "build cache" in captured.err and "Traceback" not in captured.err


def test_an_input_that_changes_during_the_build_is_not_stored(project, monkeypatch):
    real = pipeline.analyse

    def edited_meanwhile(*arguments, **options):
        analysis = real(*arguments, **options)
        with open(project.deal, "ab") as file:
            file.write(b"# saved while rendering\n")
        return analysis
    monkeypatch.setattr(pipeline, "analyse", edited_meanwhile)
    project.build("out")
    assert project.entries() == []


def test_the_key_covers_code_python_native_libraries_and_place(project, monkeypatch):
    key = cache.build_key(project.deal, ("docx",))
    assert key == cache.build_key(project.deal, ("docx",))
    monkeypatch.setattr(cache, "python_version", lambda: "cpython 9.9")
    assert cache.build_key(project.deal, ("docx",)) != key
    monkeypatch.undo()
    for name, value in (("native_versions", {"pango": "9"}), ("tree_digest", lambda root: "x")):
        with monkeypatch.context() as patch:
            patch.setattr(cache, name, value if callable(value) else lambda: value)
            assert cache.build_key(project.deal, ("docx",)) != key
    copy = project.root / "elsewhere" / SEED.name  # another name or folder: another deal
    copy.parent.mkdir()
    copy.write_bytes(project.deal.read_bytes())
    assert cache.build_key(copy, ("docx",)) != key


def test_the_pdf_default_of_source_date_epoch_is_the_caches():
    from dealdocs.render import pdf

    assert cache._SOURCE_DATE_EPOCH == pdf._SOURCE_DATE_EPOCH


def test_the_replay_owns_the_files_a_build_owns(tmp_path):
    from dealdocs.render.package import built_by_dealdocs

    folder = tmp_path / NAME
    folder.mkdir()
    (folder / "manifest.json").write_text('{"files": {"edgar/x.htm": "", "form-d/y.xml": ""}}')
    names = ["manifest.json", "edgar/x.htm", "form-d/y.xml", "edgar/z.htm", f"{NAME}-note.docx",
             f"{NAME}-8-K.pdf", f"{NAME}-x.txt", "other-note.docx", ".a.tmp", "edgar/.a.tmp",
             "notes.txt"]
    for directory in (folder, tmp_path / "missing"):
        theirs, ours = built_by_dealdocs(directory, NAME), cache._built_by_dealdocs(directory, NAME)
        assert [theirs(name) for name in names] == [ours(name) for name in names]


def test_eviction_keeps_the_most_recently_used_within_the_cap(tmp_path):
    for age, name in enumerate(["newest", "middle", "oldest"]):
        entry = tmp_path / f"{name}.entry"
        entry.write_bytes(b"x" * 100)
        os.utime(entry, (1_000_000 - age * 10, 1_000_000 - age * 10))
    (tmp_path / ".dead.tmp").write_bytes(b"x")
    os.utime(tmp_path / ".dead.tmp", (1, 1))
    cache.evict(tmp_path, 250)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["middle.entry", "newest.entry"]


def test_two_processes_building_at_once_share_the_cache_safely(project):
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    runs = [subprocess.Popen([sys.executable, "-m", "dealdocs", "build", str(project.deal), "-o",
                              out, "-j", "1", "--format", "docx"], env=environment,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for out in ("one", "two")]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()
        assert run.stderr.read() == b""
    assert _files(project.root / "one" / NAME) == _files(project.root / "two" / NAME)
    assert len(project.entries()) == 1 and not list(project.cache.glob(".*.tmp"))
    assert not project.rendered("three")
    assert _files(project.root / "three" / NAME) == _files(project.root / "one" / NAME)


# --- check reads what a build stored -------------------------------------------------------------


def _check(capsys, project: Project, *options: str) -> tuple[int, str]:
    code = main(["check", str(project.deal), "-j", "1", *options])
    return code, capsys.readouterr().out


def _render_counter(monkeypatch) -> list[int]:
    from dealdocs.render import package
    calls, real = [], package.render_documents

    def counted(*arguments, **options):
        calls.append(1)
        return real(*arguments, **options)
    monkeypatch.setattr(package, "render_documents", counted)
    return calls


def test_check_takes_the_documents_a_build_stored_and_reports_the_same(project, capsys,
                                                                      monkeypatch):
    fresh = _check(capsys, project)
    assert main(["build", str(project.deal), "-o", "out", "-j", "1"]) == 0
    capsys.readouterr()
    renders = _render_counter(monkeypatch)
    assert _check(capsys, project) == fresh
    assert renders == []  # every document came from the cache
    assert _check(capsys, project, "--no-cache") == fresh and renders == [1]


def test_check_renders_afresh_when_an_input_changed_or_for_final(project, capsys, monkeypatch):
    assert main(["build", str(project.deal), "-o", "out", "-j", "1"]) == 0
    renders = _render_counter(monkeypatch)
    _check(capsys, project, "--final")
    assert renders == [1]  # --final's checklist says more than the build's
    project.deal.write_bytes(project.deal.read_bytes().replace(b'"330000"', b'"340000"', 1))
    _check(capsys, project)
    assert renders == [1, 1]
