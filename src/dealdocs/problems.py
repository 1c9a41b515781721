"""The one type for everything dealdocs reports, and the one exception hierarchy.

Loader, schema, structural checks, compliance rules and the consistency check all speak in
`Problem`s. A stage that cannot go on raises `ProblemsFound`; nothing below the CLI prints or exits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class Severity(str, enum.Enum):
    ERROR = "error"  # the deal or a document is wrong; CI fails
    ACTION = "action"  # something the legal team must do, usually by a date
    WARNING = "warning"  # likely a slip, or a risk a lawyer should weigh
    INFO = "info"  # a requirement that is satisfied or does not apply, kept for the record


class Status(str, enum.Enum):
    """How a compliance finding stands, as the checklist shows it."""

    SATISFIED = "satisfied"
    ACTION_REQUIRED = "action required"
    NEEDS_INPUT = "needs input"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """A located message. Rule findings fill the fields after `field`; other problems leave them."""

    id: str
    severity: Severity
    message: str
    location: Location
    field: str = ""  # the deal-file path it concerns, e.g. "notes[0].principal"
    citation: str = ""
    status: Status | None = None
    requirement: str = ""  # the rule in plain words, for the checklist
    evidence: str = ""  # the deal's values the finding rests on
    due: date | None = None
    unverified: bool = False  # rests on a fact our reference tags [K] (not checked at source)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.location, self.id, self.field, self.message)


SHORT = 80  # characters of a value a message quotes


def shorten(value: object, limit: int = SHORT) -> str:
    """A value as a message quotes it: its text, cut to `limit` characters with "…" at the end,
    so that a long or hostile value never floods a report."""
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def quoted(value: object) -> str:
    """A value in quotes as a message quotes it, shortened: 'Ascent Solar…'."""
    return repr(shorten(value))


class DealdocsError(Exception):
    """The root of every error dealdocs raises on purpose."""

    def __reduce__(self):
        # A worker process sends its exception to the parent pickled, and pickle rebuilds an
        # exception by calling its class with self.args, which subclasses' __init__ do not take:
        # the parent's pool would then wait forever. Rebuild without calling __init__.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type, args: tuple, state: dict) -> "DealdocsError":
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class UsageError(DealdocsError):
    """The command line or the file system is wrong (exit code 2), not the deal."""


class ProblemsFound(DealdocsError):
    """A stage found problems it cannot get past, e.g. a file that is not YAML."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]):
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__("; ".join(p.message for p in self.problems))
