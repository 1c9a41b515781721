"""Stage 5: compliance rules. A registry of small functions, grouped by regime, each with its
citation. Adding a rule touches one file: write a function in the regime's module and decorate
it with `@rule(...)`.

A rule receives the deal and its facts and yields `Outcome`s; the registry turns each into a
located `Problem` (a finding) carrying the rule's id, citation and plain-words requirement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from ..facts import Facts
from ..load import Path_
from ..model import Deal
from ..problems import Problem, Severity, Status
from ..validate import field_name


@dataclass(frozen=True)
class Outcome:
    """What a rule concluded about one thing (the deal, a note, an investor…)."""

    status: Status
    message: str  # holds the computed values: "due Thursday, January 17, 2019 (…)"
    field: Path_ = ()  # the deal-file path it concerns; () means the whole file
    evidence: str = ""
    due: date | None = None
    severity: Severity | None = None  # default: from the status (see _SEVERITY)


@dataclass(frozen=True)
class Rule:
    id: str  # stable: "form_8k.item-3.02"; CI filters and the checklist rows rely on it
    regime: str  # form_8k, reg_d, form_d, exchange, state, resale, drafting
    requirement: str  # the rule in plain words, for the checklist
    citation: str
    unverified: bool  # rests on a fact our reference tags [K]
    check: Callable[[Deal, Facts], Iterable[Outcome]]


_SEVERITY = {
    Status.SATISFIED: Severity.INFO,
    Status.NOT_APPLICABLE: Severity.INFO,
    Status.NEEDS_INPUT: Severity.WARNING,
    Status.ACTION_REQUIRED: Severity.ACTION,
}

REGISTRY: list[Rule] = []


def rule(id: str, *, regime: str, requirement: str, citation: str, unverified: bool = False):
    """Register a rule function under a stable id."""

    def register(check: Callable[[Deal, Facts], Iterable[Outcome]]):
        if any(existing.id == id for existing in REGISTRY):
            raise ValueError(f"rule {id} is registered twice")
        REGISTRY.append(Rule(id, regime, requirement, citation, unverified, check))
        return check

    return register


def evaluate(deal: Deal, facts: Facts) -> tuple[Problem, ...]:
    """Every finding of every registered rule, in registry order."""
    _load_regimes()
    return tuple(_finding(deal, r, outcome) for r in REGISTRY for outcome in r.check(deal, facts))


def _finding(deal: Deal, rule_: Rule, outcome: Outcome) -> Problem:
    return Problem(
        id=rule_.id,
        severity=outcome.severity or _SEVERITY[outcome.status],
        message=outcome.message,
        location=deal.source.locate(outcome.field),
        field=field_name(outcome.field) if outcome.field else "",
        citation=rule_.citation,
        status=outcome.status,
        requirement=rule_.requirement,
        evidence=outcome.evidence,
        due=outcome.due,
        unverified=rule_.unverified,
    )


# The order of the findings: by regime in this order, then as each module registers them.
REGIMES = ("form_8k", "reg_d", "form_d", "state", "resale", "exchange", "drafting")


def _load_regimes() -> None:
    # Importing a regime's module registers its rules. Whoever imports one first (a renderer, a
    # test) must not change the order of the findings, so the registry is put in REGIMES order.
    from . import form_8k, reg_d, form_d, state, resale, exchange, drafting  # noqa: F401, I001

    REGISTRY.sort(key=lambda r: REGIMES.index(r.regime))  # stable: module order within a regime
