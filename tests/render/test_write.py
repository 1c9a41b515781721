"""write_outputs: all the files or none, and never a temporary file left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dealdocs import write
from dealdocs.problems import UsageError
from dealdocs.write import write_outputs

OLD = {"deal-note.docx": b"old note", "deal-note.pdf": b"old pdf", "manifest.json": b"{}"}
NEW = {"deal-note.docx": b"new note", "deal-note.pdf": b"new pdf", "manifest.json": b"{\"a\": 1}",
       "deal-8-K.docx": b"new 8-K"}


def _contents(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in directory.iterdir()}


@pytest.fixture
def outputs(tmp_path) -> Path:
    directory = tmp_path / "out" / "deal"
    write_outputs(directory, OLD)
    assert _contents(directory) == OLD
    return directory


def test_writes_every_file_and_nothing_else(outputs):
    write_outputs(outputs, NEW)
    assert _contents(outputs) == NEW
    assert {oct(path.stat().st_mode & 0o777) for path in outputs.iterdir()} == {"0o644"}


def _fail_on_call(monkeypatch, module_function: str, number: int, error: BaseException):
    """Make the number-th call of os.<module_function> raise `error`."""
    original = getattr(os, module_function)
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(write.os, module_function, failing)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("number", [1, 3])
def test_a_failure_while_writing_leaves_the_old_files(outputs, monkeypatch, error, number):
    _fail_on_call(monkeypatch, "fsync", number, error)
    with pytest.raises(UsageError if isinstance(error, OSError) else KeyboardInterrupt):
        write_outputs(outputs, NEW)
    assert _contents(outputs) == OLD  # byte-identical, and no temporary file


@pytest.mark.parametrize("error", [OSError(13, "Permission denied"), KeyboardInterrupt()])
@pytest.mark.parametrize("number", [1, 2, 4])
def test_a_failed_rename_puts_back_the_files_already_replaced(outputs, monkeypatch, error,
                                                              number):
    _fail_on_call(monkeypatch, "replace", number, error)
    with pytest.raises(UsageError if isinstance(error, OSError) else KeyboardInterrupt):
        write_outputs(outputs, NEW)
    assert _contents(outputs) == OLD


def test_a_file_system_error_is_a_usage_error_naming_the_directory(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the directory should be")
    with pytest.raises(UsageError, match="cannot write the outputs in"):
        write_outputs(blocker / "deal", NEW)


@pytest.mark.parametrize("name", ["../escape.pdf", "sub/dir.pdf", ".hidden", "", "a\\b.pdf"])
def test_only_plain_file_names_are_written(tmp_path, name):
    with pytest.raises(ValueError):
        write_outputs(tmp_path, {name: b"x"})
    assert list(tmp_path.iterdir()) == []
