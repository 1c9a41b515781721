"""Write a deal's output files as one change: all of them, or none.

What "all or nothing" means here, honestly:
- Everything is rendered in memory before this module is called, and every new file is first
  written in full to a temporary file in the target directory and fsync'ed. Any failure or
  Ctrl-C up to that point leaves the previous files byte-identical and removes the temporary files.
- Then each temporary file is renamed over its target. One rename is atomic (POSIX rename(2)): a
  reader sees the old file or the new one, never half of one. A set of renames is not: if one
  fails (or Ctrl-C arrives between two), the files already replaced are put back from the copies
  of their old contents kept in memory, and files that did not exist before are removed again.
- What no library can promise is the set surviving a power cut or a kill -9 in the microseconds
  between two renames: then some files are new and some old, but each one is whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .problems import UsageError

_MODE = 0o644  # mkstemp makes 0600 files; outputs are meant to be read by others


def write_outputs(directory: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (plain file name → content) into `directory`, all or nothing.

    Raises UsageError if the file system refuses; the previous files are then as they were.
    """
    names = sorted(files)
    for name in names:
        _check_name(name)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        staged: dict[str, Path] = {}
        try:
            for name in names:
                staged[name] = _stage(directory, name, files[name])
            _swap_in(directory, staged)
        finally:
            for temporary in staged.values():
                temporary.unlink(missing_ok=True)  # the renamed ones are gone already
        _sync_directory(directory)
    except OSError as error:
        raise UsageError(f"cannot write the outputs in {directory}: "
                         f"{error.strerror or error} ({error.filename or directory})") from error


def _check_name(name: str) -> None:
    # A name is a file in the directory, never a path: no "../", no hidden or temporary files.
    if not name or name != Path(name).name or name.startswith(".") or "\\" in name:
        raise ValueError(f"not a plain output file name: {name!r}")


def _stage(directory: Path, name: str, data: bytes) -> Path:
    """The content in a new, fsync'ed temporary file beside its target (same file system, so the
    rename is atomic)."""
    handle, path = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    temporary = Path(path)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _MODE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _swap_in(directory: Path, staged: Mapping[str, Path]) -> None:
    """Rename every staged file over its target; on any failure, put the old ones back."""
    previous = {name: _read_if_exists(directory / name) for name in staged}
    replaced: list[str] = []
    try:
        for name, temporary in staged.items():
            os.replace(temporary, directory / name)
            replaced.append(name)
    except BaseException:
        for name in reversed(replaced):
            _restore(directory / name, previous[name])
        raise


def _read_if_exists(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _restore(path: Path, content: bytes | None) -> None:
    try:
        if content is None:
            path.unlink(missing_ok=True)
        else:
            os.replace(_stage(path.parent, path.name, content), path)
    except OSError:
        pass  # best effort: the error that made us restore is the one to report


def _sync_directory(directory: Path) -> None:
    """Make the renames themselves durable (POSIX; a no-op where directories cannot be opened)."""
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
