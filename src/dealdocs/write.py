"""Write a deal's outputs as one set: the earlier set or the new one, never a mix of the two.

A set is one directory, `out/<deal>/`, owned by dealdocs. What "atomic" promises:
- The new set is written in full into a fresh hidden directory beside it, `out/.<deal>.new-*`,
  and every file and the directory are fsync'ed. Nothing the reader sees has changed yet.
- The switch is one system call on Linux: renameat2(RENAME_EXCHANGE) swaps the two directories,
  so at every instant `out/<deal>/` is the whole earlier set or the whole new one, with its own
  manifest, whatever happens: an error, Ctrl-C, kill -9, a power cut after the fsyncs.
- Where the exchange is not available (another system, a file system without it), the switch is
  two renames: the earlier set aside, then the new one in. An interruption between them leaves
  no `out/<deal>/` but both sets whole beside it; the next build of that deal puts the earlier
  set back first.
- Then the earlier set, now in the hidden directory, is deleted. Hidden directories that a killed
  build left behind are deleted by the next build of the same deal (those a running build still
  holds are locked and left alone); `check --outputs` reports them.
- Files in `out/<deal>/` that dealdocs did not write are never deleted: the build stops with an
  error naming them instead.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .problems import UsageError

_FILE_MODE, _DIRECTORY_MODE = 0o644, 0o755  # mkstemp/mkdtemp make private ones; outputs are shared
_NEW, _OLD = "new", "old"


def write_set(directory: Path, files: Mapping[str, bytes], *,
              owned: Callable[[str], bool]) -> None:
    """Make `directory` hold exactly `files` (relative path → content), in one atomic switch.

    `owned(path)` says whether a file found in the earlier set (its path relative to
    `directory`, with "/") is one dealdocs wrote; any other file stops the write (UsageError).
    An OSError from the file system is raised as it is, for the caller to name the path; the
    earlier set is then as it was.
    """
    for name in files:
        _check_name(name)
    _make_folder(directory.parent)
    recover(directory)
    _refuse_foreign_files(directory, owned)
    with _staging(directory) as staged:
        for name in sorted(files):
            _write_file(staged / name, files[name])
        for folder in sorted({(staged / name).parent for name in files}, reverse=True):
            sync_directory(folder)
        _switch(staged, directory)
    sync_directory(directory.parent)


def leftovers(directory: Path) -> list[Path]:
    """The hidden directories that interrupted builds of `directory` left beside it."""
    prefix = f".{directory.name}."
    try:
        entries = sorted(directory.parent.iterdir())
    except OSError:
        return []
    return [entry for entry in entries
            if entry.name.startswith(prefix) and _kind(entry.name, prefix) is not None]


def recover(directory: Path) -> None:
    """Put an interrupted two-rename switch right, then delete what killed builds left.

    An earlier set set aside by a switch that never finished comes back; leftovers still locked
    by a running build are left to it."""
    prefix = f".{directory.name}."
    for entry in leftovers(directory):
        with _locked(entry) as mine:
            if not mine:
                continue
            if _kind(entry.name, prefix) == _OLD and not os.path.lexists(directory):
                os.rename(entry, directory)
            else:
                shutil.rmtree(entry, ignore_errors=True)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file stands where a folder should: say so
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                 error.filename) from None


def _kind(name: str, prefix: str) -> str | None:
    """"new" or "old" for a hidden folder of ours (".<deal>.new-…"), else None."""
    kind, dash, _ = name[len(prefix):].partition("-")
    return kind if dash and kind in (_NEW, _OLD) else None


def _check_name(name: str) -> None:
    # A name stays inside the set: relative, no "..", no hidden parts (those are ours).
    parts = name.split("/")
    if "\\" in name or any(not part or part.startswith(".") for part in parts):
        raise ValueError(f"not a plain output file name: {name!r}")


def _refuse_foreign_files(directory: Path, owned: Callable[[str], bool]) -> None:
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise UsageError(f"{directory} is not a directory: dealdocs replaces the outputs "
                         "directory as a whole, so it must be a plain directory; move it away")
    if not directory.is_dir():
        return
    foreign = sorted(name for name, entry in _walk(directory)
                     if not (entry.is_file() and not entry.is_symlink() and owned(name)))
    if foreign:
        raise UsageError(f"{directory} holds files that dealdocs did not write "
                         f"({', '.join(foreign[:5])}{', …' if len(foreign) > 5 else ''}); a "
                         "build replaces the whole directory, so move them elsewhere first")


def _walk(directory: Path) -> Iterator[tuple[str, Path]]:
    """Everything under `directory` but the folders that hold something, by relative path."""
    for entry in sorted(directory.iterdir()):
        if entry.is_dir() and not entry.is_symlink() and any(entry.iterdir()):
            yield from ((f"{entry.name}/{name}", path) for name, path in _walk(entry))
        else:  # a file, or something that would be lost silently: an empty folder, a link
            yield entry.name, entry


@contextmanager
def _staging(directory: Path) -> Iterator[Path]:
    """A fresh hidden directory beside `directory`, locked while this build uses it, and
    deleted afterwards (after the switch it holds the earlier set)."""
    staged = Path(tempfile.mkdtemp(prefix=f".{directory.name}.{_NEW}-", dir=directory.parent))
    try:
        with _locked(staged):
            os.chmod(staged, _DIRECTORY_MODE)
            yield staged
    finally:
        shutil.rmtree(staged, ignore_errors=True)


@contextmanager
def _locked(path: Path) -> Iterator[bool]:
    """An exclusive lock on a directory: True if this process holds it, False if another does.

    A lock dies with its process, so a killed build's directory is never locked."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): treat every leftover as abandoned
        yield True
        return
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield False  # another process just removed or renamed it
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)


def _write_file(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        path.parent.mkdir(mode=_DIRECTORY_MODE, parents=True)
        os.chmod(path.parent, _DIRECTORY_MODE)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.chmod(path, _FILE_MODE)  # whatever the umask: outputs are meant to be read by others


def _switch(staged: Path, directory: Path) -> None:
    """Make the staged set the one at `directory`; the earlier set, if any, ends up at `staged`."""
    if not os.path.lexists(directory):
        os.rename(staged, directory)
        return
    if _exchange(staged, directory):
        return
    aside = staged.with_name(staged.name.replace(f".{_NEW}-", f".{_OLD}-", 1))
    with _locked(directory):  # so that no other build's recover() takes the set set aside
        os.rename(directory, aside)
        try:
            os.rename(staged, directory)
        except BaseException:
            os.rename(aside, directory)
            raise
    os.rename(aside, staged)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE from <fcntl.h>, <stdio.h>
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # this file system cannot exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(second))


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    return function


def sync_directory(directory: Path) -> None:
    """Make a directory's entries durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def replace_file(path: Path, old: bytes, new: bytes) -> None:
    """Put `new` in place of the file, whose content was `old`, atomically: a temporary file in
    the same directory, fsync'ed, then renamed over it, with the file's permissions. On any
    failure the file is left as it was. Raises UsageError naming the path."""
    target = Path(os.path.realpath(path))  # through a symbolic link, which stays a link
    temporary: Path | None = None
    try:
        before = os.stat(target)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".tmp")
        temporary = Path(name)
        with os.fdopen(handle, "wb") as file:
            file.write(new)
            file.flush()
            os.fsync(file.fileno())
        _keep_permissions(temporary, before)
        if target.read_bytes() != old:  # someone saved the file meanwhile: theirs wins
            raise UsageError(f"{path}: changed while dealdocs was rewriting it; it is unchanged, "
                             "run the command again")
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}; the file is "
                         "unchanged") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    sync_directory(target.parent)


def _keep_permissions(temporary: Path, original: os.stat_result) -> None:
    os.chmod(temporary, stat.S_IMODE(original.st_mode))
    try:
        os.chown(temporary, original.st_uid, original.st_gid)
    except OSError:
        pass  # only the owner's group, or root, may give a file away; the mode is what matters
