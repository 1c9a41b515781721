"""A deal file as it was at a git revision (`redline FILE --since REV`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..problems import UsageError, quoted

_TIMEOUT = 60  # seconds; reading one blob from a local repository takes milliseconds


def file_at(path: Path, revision: str) -> tuple[str, bytes]:
    """The bytes of the deal file `path` as committed at `revision` of the repository that holds
    it, and the name messages give that version: "HEAD~1:filings/x.yaml", as git writes it.

    Raises UsageError if git is missing, the file is not in a repository or not in that revision,
    or the revision does not exist."""
    if not path.is_file():
        raise UsageError(f"{path}: no such deal file")
    directory = path.absolute().parent
    # --end-of-options: a revision such as "--output=x" is a name to look up, never an option.
    found = _git(directory, "rev-parse", "--verify", "--quiet", "--end-of-options",
                 f"{revision}^{{commit}}")
    if found.returncode != 0:
        if "not a git repository" in found.stderr:
            raise UsageError(f"{path}: not in a git repository, so it has no revision "
                             f"{revision} to compare with")
        raise UsageError(f"{quoted(revision)} is not a revision of the git repository that holds "
                         f"{path} (try HEAD~1, a branch, a tag or a commit id)")
    commit = found.stdout.strip()
    shown = _git(directory, "show", f"{commit}:./{path.name}", text=False)
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace")
        if "does not exist in" in message or "but not in" in message:
            raise UsageError(f"{path}: not in git at revision {revision} (was it committed "
                             "then, under this name?)")
        raise UsageError(f"git cannot show {path} at revision {revision}: "
                         f"{message.strip().splitlines()[-1] if message.strip() else 'failed'}")
    return f"{revision}:{path}", shown.stdout


def _git(directory: Path, *arguments: str, text: bool = True) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(directory), *arguments], capture_output=True,
                              text=text, timeout=_TIMEOUT, stdin=subprocess.DEVNULL,
                              env={**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"})
    except FileNotFoundError:
        raise UsageError("--since reads the deal file from git, which is not installed "
                         "(or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git did not answer within {_TIMEOUT} s in {directory}") from None
