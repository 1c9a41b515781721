"""dealdocs: one YAML file of deal terms → the note, the Form 8-K and the Reg D checklist."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Deal
    from .problems import (DealdocsError, Location, Problem, ProblemsFound, Severity, Status,
                           UsageError)

__all__ = ["Deal", "DealdocsError", "Location", "Problem", "ProblemsFound", "Severity", "Status",
           "UsageError", "read_deal"]

# Importing the package imports nothing else, so that the command line starts fast and Ctrl-C
# during its start-up is caught (see __main__.py); the names above load on first use.
_HOMES = {"Deal": ".model", **{name: ".problems" for name in __all__ if name not in
                               ("Deal", "read_deal")}}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'dealdocs' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)


def read_deal(path: str | Path) -> Deal:
    """Load, validate and type one deal file. Raises ProblemsFound or UsageError."""
    from .load import load_file
    from .validate import deal_from

    return deal_from(load_file(path))
