"""I/O that goes wrong is an I/O error: exit 2, one line on stderr naming the path, no traceback,
never a hang. Each case runs for real where it can (a FIFO, a device, a file-size limit, a full
file system, a file the process may not read), in a subprocess when it could hang or kill."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dealdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
HANG = 120  # seconds: a guard against a hang, far above what any of these takes


def run(*args: str, preexec_fn=None, prefix: tuple[str, ...] = (), stdout=subprocess.PIPE,
        cwd: Path = ROOT) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    environment.pop("DEALDOCS_DEBUG", None)
    return subprocess.run([*prefix, sys.executable, "-m", "dealdocs", *args], cwd=cwd,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=HANG,
                          preexec_fn=preexec_fn, env=environment, stdin=subprocess.DEVNULL)


def assert_io_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("dealdocs: error: ") and "internal error" not in line, line
    for fragment in fragments:
        assert fragment in line, line


def main_io_error(capsys, *args: str) -> str:
    assert main(list(args)) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith("dealdocs: error: ") and "internal error" not in line, line
    return line


# ---------------------------------------------------------------------------------------------
# Reading: only a regular file is a deal file or a document


@pytest.mark.parametrize("command", [["check"], ["check", "--no-pdf"], ["build"]])
def test_a_fifo_as_the_deal_file_is_refused_without_waiting(tmp_path, command):
    fifo = tmp_path / "deal.yaml"
    os.mkfifo(fifo)  # nobody ever writes to it: reading it would wait forever
    result = run(*command, str(fifo), "-o", str(tmp_path / "out")) if command == ["build"] \
        else run(*command, str(fifo))
    assert_io_error(result, f"{fifo}: is a named pipe (FIFO), not a deal file")


def test_a_fifo_as_the_document_to_verify_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "note.docx"
    os.mkfifo(fifo)
    assert_io_error(run("verify", str(SEED), "--against", str(fifo)),
                    f"{fifo}: is a named pipe (FIFO), not a document")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_a_device_is_not_a_deal_file(capsys, device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    line = main_io_error(capsys, "check", "--no-pdf", device)
    assert line == f"dealdocs: error: {device}: is a device, not a deal file"


def test_a_device_is_not_a_document(tmp_path):
    device = tmp_path / "note.pdf"
    device.symlink_to("/dev/zero")  # endless: reading it whole would never finish
    assert_io_error(run("verify", str(SEED), "--against", str(device)),
                    f"{device}: is a device, not a document")


def test_a_directory_is_not_a_document(capsys, tmp_path):
    directory = tmp_path / "note.docx"
    directory.mkdir()
    line = main_io_error(capsys, "verify", str(SEED), "--against", str(directory))
    assert line == f"dealdocs: error: {directory}: is a directory, not a document"


def _unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply: root keeps its user id (so that it
    can still import what is installed under /root) but drops the capabilities that let it
    ignore permissions."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    caps = "-dac_override,-dac_read_search"
    return (setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}")


def test_an_unreadable_deal_file_as_a_real_process(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_bytes(SEED.read_bytes())
    path.chmod(0)
    assert_io_error(run("check", "--no-pdf", str(path), prefix=_unprivileged()),
                    f"{path}: cannot read: Permission denied")


def test_an_unreadable_document_as_a_real_process(tmp_path):
    path = tmp_path / "note.docx"
    path.write_bytes(b"PK")
    path.chmod(0)
    assert_io_error(run("verify", str(SEED), "--against", str(path), prefix=_unprivileged()),
                    f"{path}: cannot read: Permission denied")


# ---------------------------------------------------------------------------------------------
# Writing: the outputs, and stdout


def test_an_output_directory_that_cannot_be_written(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    output.chmod(0o555)
    result = run("build", str(SEED), "-o", str(output), "--format", "docx",
                 prefix=_unprivileged())
    assert_io_error(result, "cannot write", str(output), "Permission denied")
    assert list(output.iterdir()) == []


def test_an_output_directory_under_a_file(capsys, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_bytes(b"")
    line = main_io_error(capsys, "build", str(SEED), "-o", str(blocker / "sub"), "--format",
                         "docx")
    assert "cannot write" in line and str(blocker) in line and "Not a directory" in line


def _file_size_limit(size: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def test_a_file_size_limit_is_an_io_error_not_a_killed_process(tmp_path):
    # With `ulimit -f`, a write past the limit sends SIGXFSZ, which kills a process by default;
    # Python ignores it, so the write fails with EFBIG and dealdocs can say so.
    output = tmp_path / "out"
    result = run("build", str(SEED), "-o", str(output), "--format", "docx",
                 preexec_fn=_file_size_limit(20_000))
    assert_io_error(result, "cannot write", str(output), "File too large")


def test_a_full_disk_while_writing_is_an_io_error(capsys, monkeypatch, tmp_path):
    # Whatever layer of the writer meets ENOSPC, the command reports the path, not a bug.
    def full(directory, files, owned):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(directory / ".x.tmp"))

    monkeypatch.setattr("dealdocs.write.write_set", full)
    line = main_io_error(capsys, "build", str(SEED), "-o", str(tmp_path), "--format", "docx")
    assert line == (f"dealdocs: error: cannot write {tmp_path}/ascent-solar-2019-01-11/.x.tmp: "
                    "No space left on device")


def test_a_write_error_without_a_file_name_names_the_output_directory(capsys, monkeypatch,
                                                                      tmp_path):
    def fails(directory, files, owned):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr("dealdocs.write.write_set", fails)
    line = main_io_error(capsys, "build", str(SEED), "-o", str(tmp_path), "--format", "docx")
    assert line == (f"dealdocs: error: cannot write {tmp_path}/ascent-solar-2019-01-11: "
                    "Input/output error")


def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="cannot mount a small tmpfs here")
def test_a_really_full_file_system(tmp_path):
    # A 64 KB tmpfs in a private mount namespace: gone when the process ends.
    mount = tmp_path / "small"
    mount.mkdir()
    script = f'mount -t tmpfs -o size=64k tmpfs {mount} && exec "$@"'
    result = run("build", str(SEED), "-o", f"{mount}/out", "--format", "docx",
                 prefix=("unshare", "--mount", "--propagation", "private", "sh", "-c", script,
                         "sh"))
    assert_io_error(result, "cannot write", f"{mount}/out", "No space left on device")


@pytest.mark.parametrize("args", [["deadlines", "2019-01-11"], ["check", "--no-pdf", str(SEED)]])
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_stdout_is_an_io_error(args):
    with open("/dev/full", "w") as full:
        result = run(*args, stdout=full)
    assert_io_error(result, "cannot write the standard output: No space left on device")
