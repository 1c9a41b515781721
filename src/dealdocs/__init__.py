"""dealdocs: one YAML file of deal terms → the note, the Form 8-K and the Reg D checklist."""

from __future__ import annotations

from pathlib import Path

from .load import load_file
from .model import Deal
from .problems import DealdocsError, Location, Problem, ProblemsFound, Severity, Status, UsageError
from .validate import deal_from

__all__ = ["Deal", "DealdocsError", "Location", "Problem", "ProblemsFound", "Severity", "Status",
           "UsageError", "read_deal"]


def read_deal(path: str | Path) -> Deal:
    """Load, validate and type one deal file. Raises ProblemsFound or UsageError."""
    return deal_from(load_file(path))
