"""The progress bar: on stderr, on a terminal only; stdout is the same bytes with or without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dealdocs import progress
from dealdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEALS = [str(path) for path in sorted((ROOT / "tests" / "data" / "deals").glob("*.yaml"))[:2]]


def _terminal(monkeypatch) -> None:
    """Pretend stdout and stderr are a terminal, and show the bar at once."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)


@pytest.mark.parametrize("command", [["check", "--no-pdf", "--format", "json"],
                                     ["build", "--format", "docx", "-o", "OUT"]])
def test_a_terminal_shows_the_bar_on_stderr_and_stdout_does_not_change(command, tmp_path,
                                                                       monkeypatch, capsys):
    arguments = [str(tmp_path) if part == "OUT" else part for part in command] + DEALS
    plain_status = main(arguments)
    plain = capsys.readouterr()
    assert plain.err == ""
    _terminal(monkeypatch)
    assert main(arguments) == plain_status
    shown = capsys.readouterr()
    assert shown.out == plain.out
    assert "/2 [" in shown.err and "deal" in shown.err and "\r" in shown.err


def test_no_bar_in_ci_even_on_a_terminal(monkeypatch, capsys):
    _terminal(monkeypatch)
    monkeypatch.setenv("CI", "true")
    main(["check", "--no-pdf", *DEALS])
    assert capsys.readouterr().err == ""


def test_no_bar_when_only_stdout_is_piped(monkeypatch):
    _terminal(monkeypatch)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not progress.wanted()


def test_piped_output_has_no_bar():
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    environment["PYTHONPATH"] = str(ROOT / "src")
    run = subprocess.run([sys.executable, "-m", "dealdocs", "check", "--no-pdf", *DEALS],
                         capture_output=True, env=environment, timeout=300)
    assert run.stderr == b"" and b"\r" not in run.stdout
    assert run.stdout.decode().rstrip().splitlines()[-1].startswith(("OK", "FAILED"))
