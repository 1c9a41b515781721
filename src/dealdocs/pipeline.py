"""The stages in order: load → validate → model → facts → rules. `check` and `build` both start
here, so they can never disagree about what a deal file says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_deal, rules
from .calendar import SecCalendar
from .facts import Facts, derive
from .model import Deal
from .problems import Problem


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
    deal = read_deal(path)
    facts = derive(deal, calendar)
    return Analysis(deal, facts, rules.evaluate(deal, facts))
