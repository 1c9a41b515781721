"""write_set: the earlier set of outputs or the new one, whole, whatever happens."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dealdocs import write
from dealdocs.problems import UsageError
from dealdocs.write import leftovers, recover, write_set

OLD = {"deal-note.docx": b"old note", "deal-note.pdf": b"old pdf", "manifest.json": b"{}"}
NEW = {"deal-note.docx": b"new note", "manifest.json": b"{\"a\": 1}", "deal-8-K.docx": b"new 8-K",
       "form-d/primary_doc.xml": b"<edgarSubmission/>"}


def owned(name: str) -> bool:
    return name in OLD or name in NEW


def contents(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in directory.rglob("*") if path.is_file()}


@pytest.fixture
def outputs(tmp_path) -> Path:
    directory = tmp_path / "out" / "deal"
    write_set(directory, OLD, owned=owned)
    assert contents(directory) == OLD
    return directory


@pytest.fixture(params=["exchange", "two renames"])
def switch(request, monkeypatch):
    """Each test runs with Linux's atomic exchange and with the fallback used elsewhere."""
    if request.param == "two renames":
        monkeypatch.setattr(write, "_renameat2", lambda: None)
    return request.param


def test_the_new_set_replaces_the_earlier_one_whole(outputs, switch):
    write_set(outputs, NEW, owned=owned)
    assert contents(outputs) == NEW  # the earlier PDF is gone: no mix of two versions
    assert {oct(path.stat().st_mode & 0o777) for path in outputs.rglob("*")} == {"0o644", "0o755"}
    assert oct(outputs.stat().st_mode & 0o777) == "0o755"
    assert leftovers(outputs) == [] and sorted(p.name for p in outputs.parent.iterdir()) == ["deal"]


def test_the_first_set_is_written_where_none_was(tmp_path, switch):
    write_set(tmp_path / "a" / "b", NEW, owned=owned)
    assert contents(tmp_path / "a" / "b") == NEW and leftovers(tmp_path / "a" / "b") == []


def _fail_on_call(monkeypatch, function: str, number: int, error: BaseException):
    """Make the number-th call of os.<function> raise `error`."""
    original = getattr(os, function)
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(write.os, function, failing)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "ctrl-c"])
@pytest.mark.parametrize("function, number", [("fsync", 1), ("fsync", 3), ("open", 2),
                                              ("chmod", 1), ("rename", 1), ("rename", 2)])
def test_a_failure_at_any_step_leaves_the_earlier_set(outputs, monkeypatch, switch, error,
                                                      function, number):
    _fail_on_call(monkeypatch, function, number, error)
    try:
        write_set(outputs, NEW, owned=owned)
    except (OSError, KeyboardInterrupt) as raised:
        assert raised is error
        assert contents(outputs) == OLD
    else:  # the failing call came after the switch (only the clean-up failed), or never came
        assert contents(outputs) == NEW
    assert leftovers(outputs) == []


def test_the_exchange_failing_leaves_the_earlier_set(outputs, monkeypatch):
    monkeypatch.setattr(write, "_renameat2", lambda: lambda *arguments: _fail(13))
    with pytest.raises(PermissionError):
        write_set(outputs, NEW, owned=owned)
    assert contents(outputs) == OLD and leftovers(outputs) == []


def _fail(code: int) -> int:
    import ctypes

    ctypes.set_errno(code)
    return -1


def test_a_file_system_without_the_exchange_falls_back_to_two_renames(outputs, monkeypatch):
    monkeypatch.setattr(write, "_renameat2", lambda: lambda *arguments: _fail(22))  # EINVAL
    write_set(outputs, NEW, owned=owned)
    assert contents(outputs) == NEW and leftovers(outputs) == []


def test_an_interrupted_two_rename_switch_is_put_right_by_the_next_build(outputs):
    # What kill -9 between the two renames leaves: no set in place, both whole beside it.
    new = outputs.with_name(".deal.new-abc123")
    write_set(new, NEW, owned=owned)
    os.rename(outputs, outputs.with_name(".deal.old-abc123"))
    assert not outputs.exists() and len(leftovers(outputs)) == 2
    recover(outputs)
    assert contents(outputs) == OLD and leftovers(outputs) == []


def test_leftovers_of_killed_builds_are_deleted_by_the_next_build(outputs):
    for name in (".deal.new-x1", ".deal.old-x2"):
        (outputs.parent / name).mkdir()
        (outputs.parent / name / "deal-note.docx").write_bytes(b"half")
    (outputs.parent / ".other.new-x3").mkdir()  # another deal's: not this build's business
    write_set(outputs, NEW, owned=owned)
    assert contents(outputs) == NEW
    assert sorted(path.name for path in outputs.parent.iterdir()) == [".other.new-x3", "deal"]


def test_a_running_builds_directory_is_left_alone(outputs):
    import fcntl

    running = outputs.with_name(".deal.new-running")
    running.mkdir()
    handle = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        write_set(outputs, NEW, owned=owned)
        assert running.is_dir() and leftovers(outputs) == [running]
    finally:
        os.close(handle)
    recover(outputs)
    assert not running.exists()


def test_files_dealdocs_did_not_write_are_never_deleted(outputs):
    (outputs / "my-notes.txt").write_text("mine")
    (outputs / "drafts").mkdir()
    with pytest.raises(UsageError, match=r"did not write \(drafts, my-notes.txt\)"):
        write_set(outputs, NEW, owned=owned)
    assert (outputs / "my-notes.txt").read_text() == "mine"
    assert leftovers(outputs) == []


@pytest.mark.parametrize("make", [
    lambda path, elsewhere: path.symlink_to(elsewhere, target_is_directory=True),
    lambda path, elsewhere: path.write_text("a file where the directory should be")],
    ids=["symlink", "file"])
def test_outputs_that_are_not_a_plain_directory_are_refused(tmp_path, make):
    (tmp_path / "elsewhere").mkdir()
    make(tmp_path / "deal", tmp_path / "elsewhere")
    with pytest.raises(UsageError, match="is not a directory"):
        write_set(tmp_path / "deal", NEW, owned=owned)


def test_a_file_system_error_is_raised_for_the_caller_to_name(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the parent directory should be")
    with pytest.raises(OSError):  # the command line reports it as "cannot write PATH: …"
        write_set(blocker / "deal", NEW, owned=owned)


@pytest.mark.parametrize("name", ["../escape.pdf", "sub/../../x", ".hidden", "sub/.hidden", "",
                                  "a//b", "/abs.pdf", "a\\b.pdf"])
def test_only_names_inside_the_set_are_written(tmp_path, name):
    with pytest.raises(ValueError):
        write_set(tmp_path / "deal", {name: b"x"}, owned=owned)
    assert list(tmp_path.iterdir()) == []


# kill -9 at every step. A child process writes a new set over an old one and kills itself
# (SIGKILL: no handler, no clean-up runs) at its N-th call of a file-system function, for N = 1,
# 2, … until a run finishes. After each kill, exactly one whole set must be in place: at once
# with the exchange; after the next build's recover() with two renames.

CHILD = textwrap.dedent("""
    import os, shutil, signal, sys
    from pathlib import Path
    from dealdocs import write

    directory, number, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    calls = 0

    def counted(original):
        def call(*arguments, **keywords):
            global calls
            calls += 1
            if calls == number:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*arguments, **keywords)
        return call

    for name in ("open", "close", "fsync", "rename", "mkdir", "chmod", "unlink", "rmdir",
                 "scandir", "lstat"):
        setattr(os, name, counted(getattr(os, name)))
    exchange = write._renameat2()
    write._renameat2 = (lambda: counted(exchange)) if mode == "exchange" else (lambda: None)
    new = {"deal-note.docx": b"new note", "manifest.json": b"new manifest",
           "deal-8-K.docx": b"new 8-K", "form-d/primary_doc.xml": b"<edgarSubmission/>"}
    write.write_set(directory, new, owned=lambda name: True)
""")


@pytest.mark.parametrize("mode", ["exchange", "two renames"])
def test_kill_9_at_any_step_leaves_one_whole_set(tmp_path, mode):
    new = {"deal-note.docx": b"new note", "manifest.json": b"new manifest",
           "deal-8-K.docx": b"new 8-K", "form-d/primary_doc.xml": b"<edgarSubmission/>"}
    environment = dict(os.environ, PYTHONPATH=str(Path(write.__file__).parents[1]))
    kills = 0
    for number in range(1, 500):
        directory = tmp_path / str(number) / "deal"
        write_set(directory, OLD, owned=owned)
        result = subprocess.run([sys.executable, "-c", CHILD, str(directory), str(number), mode],
                                env=environment, capture_output=True, timeout=60)
        if result.returncode == 0:
            break
        assert result.returncode == -9, result.stderr.decode()
        kills += 1
        if mode == "exchange":
            assert contents(directory) in (OLD, new), f"killed at call {number}"
        recover(directory)
        assert contents(directory) in (OLD, new), f"killed at call {number}"
        assert leftovers(directory) == []
    else:
        pytest.fail("the child never finished")
    assert contents(directory) == new
    print(f"{mode}: killed at {kills} points")
    assert kills >= 20, kills  # the steps were really exercised, not skipped
