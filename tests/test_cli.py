"""The command line: `check` output (text and JSON), exit codes, help, file discovery, and no
traceback whatever the input. Most tests call `main()` in-process; a few run `build.py` for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dealdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build.py"
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
BAD = ROOT / "tests" / "data" / "bad"
PYTHON = sys.executable

LINE = re.compile(r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): "
                  r"(?P<severity>error|action|warning|info): (?P<message>.+)")
SUMMARY = re.compile(r"(OK|FAILED): \d+ deal files? checked(: .+)?")
SEVERITIES = {"error", "action", "warning", "info"}


def _header(path: Path) -> list[str]:
    from test_validate import corpus_text

    text = corpus_text(path.read_bytes())
    return [line for line in text.splitlines()[:10] if line.startswith("#")]


def _xfail_reason(path: Path) -> str | None:
    for line in _header(path):
        if line.startswith("# xfail: "):
            return line.removeprefix("# xfail: ")
    return None


CORPUS = sorted(path for path in BAD.iterdir() if path.is_file())
SOUND = [path for path in CORPUS if _xfail_reason(path) is None]
KNOWN_BAD = [path for path in CORPUS if _xfail_reason(path) is not None]


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, str(BUILD), *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=120,
                          env={**os.environ, **(env or {})})


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def parse_text(out: str) -> tuple[list[re.Match], str]:
    *lines, summary = out.splitlines()
    assert SUMMARY.fullmatch(summary), summary
    matches = [LINE.fullmatch(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches) if not m]
    return matches, summary  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Help


def test_help_names_the_commands_the_exit_codes_and_examples(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    for text in ("usage: dealdocs", "check", "build", "filings/", "exit codes: 0 all good; "
                 "1 problems found", "2 usage or I/O error", "python build.py check"):
        assert text in out, text


def test_check_help_explains_its_arguments(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["check", "--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    for text in ("usage: dealdocs check", "FILE", "default: every filings/*.yaml", "--format",
                 "json", "text", "Writes nothing", "exit codes"):
        assert text in out, text


def test_help_as_a_real_process():
    result = run("--help")
    assert result.returncode == 0 and result.stderr == ""
    assert "check" in result.stdout and "exit codes" in result.stdout


# ---------------------------------------------------------------------------------------------
# Text output


def test_check_the_seed(capsys):
    code, out, err = check(capsys, str(SEED))
    assert code == 0 and err == ""
    matches, summary = parse_text(out)
    assert summary.startswith("OK: 1 deal file checked")
    assert all(m["file"] == str(SEED) and m["severity"] != "error" for m in matches)


def test_check_a_bad_file(capsys):
    path = BAD / "trap-money-unquoted.yaml"
    code, out, err = check(capsys, str(path))
    assert code == 1 and err == ""
    matches, summary = parse_text(out)
    assert summary == "FAILED: 1 deal file checked: 1 error"
    [match] = matches
    assert match["file"] == str(path) and match["severity"] == "error"
    assert match["message"].startswith("notes[0].principal: expected a dollar amount in quotes")


def test_check_reports_every_file_in_the_order_given(capsys):
    first, second = BAD / "yaml-anchor.yaml", BAD / "check-report-before-event.yaml"
    code, out, _ = check(capsys, str(second), str(SEED), str(first))
    assert code == 1
    matches, summary = parse_text(out)
    assert summary.startswith("FAILED: 3 deal files checked: 2 errors")
    files = [m["file"] for m in matches if m["severity"] == "error"]
    assert files == [str(second), str(first)]
    assert str(SEED) in {m["file"] for m in matches}


def test_summary_counts_and_plurals(capsys):
    _, out, _ = check(capsys, str(BAD / "unknown-intrest.yaml"))
    assert out.splitlines()[-1] == "FAILED: 1 deal file checked: 2 errors"


def test_paths_are_shown_as_given(capsys, tmp_path, monkeypatch):
    (tmp_path / "filings").mkdir()
    shutil.copy(BAD / "trap-accredited-yes.yaml", tmp_path / "filings" / "deal.yaml")
    monkeypatch.chdir(tmp_path)
    _, out, _ = check(capsys, "filings/deal.yaml")
    assert out.startswith("filings/deal.yaml:")
    _, out, _ = check(capsys, "filings/../filings/deal.yaml")
    assert out.startswith("filings/../filings/deal.yaml:")


# ---------------------------------------------------------------------------------------------
# JSON output

ITEM_KEYS = {"id": str, "severity": str, "message": str, "file": str, "line": int, "column": int,
             "field": str}


def _assert_items(items: list[dict], file: str) -> None:
    for item in items:
        for key, kind in ITEM_KEYS.items():
            assert type(item[key]) is kind, (key, item)
        assert item["severity"] in SEVERITIES and item["file"] == file
        assert item["line"] >= 1 and item["column"] >= 1 and item["message"] and item["id"]


def test_json_for_a_good_file(capsys):
    code, out, err = check(capsys, str(SEED), "--format", "json")
    assert code == 0 and err == ""
    report = json.loads(out)
    assert set(report) == {"ok", "problems", "findings"}
    assert report["ok"] is True and report["problems"] == []
    _assert_items(report["findings"], str(SEED))
    assert all(item["severity"] != "error" for item in report["findings"])


def test_json_for_a_bad_file(capsys):
    path = BAD / "check-holder-not-investor.yaml"
    code, out, _ = check(capsys, str(path), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert set(report) == {"ok", "problems", "findings"}
    assert report["ok"] is False and report["findings"] == []
    [item] = report["problems"]
    _assert_items([item], str(path))
    assert (item["id"], item["severity"], item["field"]) == ("check.unknown-holder", "error",
                                                             "notes[0].holder")


def test_json_and_text_say_the_same(capsys):
    files = [str(SEED), str(BAD / "missing-form-8k.yaml"), str(BAD / "bytes-latin1.yaml")]
    _, text, _ = check(capsys, *files)
    _, out, _ = check(capsys, *files, "--format", "json")
    report = json.loads(out)
    matches, _ = parse_text(text)
    from_text = sorted((m["file"], int(m["line"]), int(m["column"]), m["severity"])
                       for m in matches)
    from_json = sorted((i["file"], i["line"], i["column"], i["severity"])
                       for i in report["problems"] + report["findings"])
    assert from_text == from_json
    assert report["ok"] is False


def test_json_is_valid_even_for_non_ascii_messages(capsys):
    code, out, _ = check(capsys, str(BAD / "syntax-comment-only.yaml"), "--format", "json")
    assert code == 1
    [item] = json.loads(out)["problems"]
    assert item["message"].endswith("(issuer:, notes: …)")


# ---------------------------------------------------------------------------------------------
# Exit codes: 0 all good, 1 problems, 2 usage or I/O


def test_a_directory_is_a_usage_error(capsys, tmp_path):
    code, out, err = check(capsys, str(tmp_path))
    assert code == 2 and out == ""
    assert err == f"dealdocs: error: {tmp_path}: is a directory, not a deal file\n"


def test_a_missing_file_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "nope.yaml"
    code, out, err = check(capsys, str(path))
    assert code == 2 and out == ""
    assert err == f"dealdocs: error: {path}: cannot read: No such file or directory\n"


def test_a_missing_file_among_good_ones_is_still_a_usage_error(capsys, tmp_path):
    code, _, err = check(capsys, str(SEED), str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml: cannot read" in err


@pytest.mark.parametrize("args", [["check", "--format", "xml"], ["check", "--bogus"],
                                  ["frobnicate"]])
def test_bad_arguments_exit_2_with_a_message(capsys, args):
    with pytest.raises(SystemExit) as raised:
        main(args)
    assert raised.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage: dealdocs" in err and "error:" in err


def test_an_internal_error_is_said_plainly_without_a_traceback(capsys, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("dealdocs.pipeline.analyse", explode)
    monkeypatch.delenv("DEALDOCS_DEBUG", raising=False)
    code, out, err = check(capsys, str(SEED))
    assert code == 2 and out == ""
    assert err.startswith("dealdocs: internal error: RuntimeError: boom\n")
    assert "This is a bug in dealdocs, not in your deal file; set DEALDOCS_DEBUG=1" in err
    monkeypatch.setenv("DEALDOCS_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main(["check", str(SEED)])


# ---------------------------------------------------------------------------------------------
# Default discovery: every filings/*.yaml under the current directory


def test_default_discovery_finds_every_filing(capsys, tmp_path, monkeypatch):
    filings = tmp_path / "filings"
    filings.mkdir()
    shutil.copy(SEED, filings / "a-good.yaml")
    shutil.copy(BAD / "date-february-30.yaml", filings / "b-bad.yml")
    (filings / "notes.txt").write_text("not a deal file")
    monkeypatch.chdir(tmp_path)
    code, out, _ = check(capsys, "--no-pdf")
    assert code == 1
    matches, summary = parse_text(out)
    assert summary.startswith("FAILED: 2 deal files checked: 1 error")
    assert {m["file"] for m in matches} == {"filings/a-good.yaml", "filings/b-bad.yml"}
    [error] = [m for m in matches if m["severity"] == "error"]
    assert error["file"] == "filings/b-bad.yml"


def test_default_discovery_of_good_filings_exits_0(capsys, tmp_path, monkeypatch):
    (tmp_path / "filings").mkdir()
    shutil.copy(SEED, tmp_path / "filings" / "deal.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = check(capsys, "--format", "json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_no_filings_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys)
    assert code == 2 and out == ""
    assert err == "dealdocs: error: no deal files given and none found in filings/*.yaml\n"


def test_default_discovery_as_a_real_process(tmp_path):
    (tmp_path / "filings").mkdir()
    shutil.copy(SEED, tmp_path / "filings" / "deal.yaml")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: 1 deal file checked")


# ---------------------------------------------------------------------------------------------
# No traceback, ever: real processes


def test_the_seed_as_a_real_process():
    result = run("check", str(SEED))
    assert result.returncode == 0 and result.stderr == ""


def test_python_dash_m_dealdocs():
    result = subprocess.run([PYTHON, "-m", "dealdocs", "check", str(SEED), "--format", "json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ok"] is True


def test_the_whole_corpus_in_one_real_process():
    result = run("check", *map(str, SOUND))
    assert result.returncode == 1
    assert result.stderr == "" and "Traceback" not in result.stdout
    matches, summary = parse_text(result.stdout)
    assert summary.startswith(f"FAILED: {len(SOUND)} deal files checked")
    assert {m["file"] for m in matches} == {str(path) for path in SOUND}
    assert all(m["severity"] == "error" for m in matches)


def test_the_whole_corpus_as_json_in_one_real_process():
    result = run("check", "--format", "json", *map(str, SOUND))
    assert result.returncode == 1 and result.stderr == ""
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["findings"] == []
    assert {item["file"] for item in report["problems"]} == {str(path) for path in SOUND}


@pytest.mark.parametrize("path", [path for path in CORPUS if "surrogate" in path.name],
                         ids=lambda path: path.name)
def test_surrogate_files_as_real_processes(path):
    """A lone surrogate cannot be written to a UTF-8 stdout: it must be refused at load, not
    reach the report."""
    result = run("check", str(path))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1 and result.stderr == "", result.stderr
    reported = [(int(m[1]), int(m[2]), m[3]) for m in re.finditer(
        re.escape(str(path)) + r":(\d+):(\d+): error: (.*)", result.stdout)]
    expected = []
    for line in _header(path):
        if line.startswith("# expect: "):
            location, fragment = line.removeprefix("# expect: ").split(" ", 1)
            row, column = map(int, location.split(":"))
            expected.append((row, column, fragment))
    assert sorted(r[:2] for r in reported) == sorted(e[:2] for e in expected)
    for row, column, fragment in expected:
        assert any(r[:2] == (row, column) and fragment in r[2] for r in reported), fragment


def test_usage_errors_as_real_processes(tmp_path):
    result = run("check", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"dealdocs: error: {tmp_path}: is a directory, not a deal file\n"
    result = run("check", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2 and result.stdout == ""
    assert "missing.yaml: cannot read: No such file or directory" in result.stderr


def test_a_huge_file_as_a_real_process(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(SEED.read_bytes())
        handle.write(b"#" * 2_000_000 + b"\n")
    result = run("check", str(path))
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.startswith(f"{path}:1:1: error: the file is larger than 1,000,000 bytes")


# ---------------------------------------------------------------------------------------------
# Property: whatever the edit to the seed, `check` reports (exit 0 or 1); it never fails (exit 2)

from hypothesis import HealthCheck, given, settings  # noqa: E402

from test_validate import mutations  # noqa: E402


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=mutations())
def test_check_of_any_edited_seed_reports_and_exits_0_or_1(tmp_path, capsys, raw):
    path = tmp_path / "edited.yaml"
    path.write_bytes(raw)
    code = main(["check", "--no-pdf", str(path)])  # PDFs are checked elsewhere; this is about input
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert err == "" and "Traceback" not in out
    parse_text(out)
