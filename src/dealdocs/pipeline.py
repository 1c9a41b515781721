"""The stages in order: load → validate → model → facts → rules. `check` and `build` both start
here, so they can never disagree about what a deal file says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_deal, rules
from .calendar import SecCalendar
from .facts import Facts, derive
from .load import load_bytes
from .model import Deal
from .problems import Problem
from .validate import deal_from


@dataclass(frozen=True)
class Analysis:
    deal: Deal
    facts: Facts
    findings: tuple[Problem, ...]

    @property
    def has_errors(self) -> bool:
        return any(finding.is_error for finding in self.findings)


def analyse(path: str | Path, calendar: SecCalendar) -> Analysis:
    """Raises ProblemsFound if the file is not a valid deal, UsageError if it cannot be read."""
    return _analysed(read_deal(path), calendar)


def analyse_bytes(raw: bytes, file: str, calendar: SecCalendar) -> Analysis:
    """The same for a deal file's bytes read elsewhere (from git, say); `file` names it in
    messages. Raises ProblemsFound if the bytes are not a valid deal."""
    return _analysed(deal_from(load_bytes(raw, file)), calendar)


def _analysed(deal: Deal, calendar: SecCalendar) -> Analysis:
    facts = derive(deal, calendar)
    return Analysis(deal, facts, rules.evaluate(deal, facts))
