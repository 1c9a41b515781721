"""Helpers for the rule tests: load a deal, change one value, and run one rule on it.

A rule case starts from a real deal file (the seed or an example deal under tests/data/deals/)
and changes only what the case is about, with `change(deal, "offering.general_solicitation",
True)`, so each test reads as "this deal, but …".
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from dealdocs import read_deal, rules
from dealdocs.calendar import default_calendar
from dealdocs.facts import Facts, derive
from dealdocs.model import Deal
from dealdocs.problems import Problem, Severity, Status

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
DEALS = ROOT / "tests" / "data" / "deals"
DEADLINES = ROOT / "tests" / "rules" / "data" / "sec_deadlines.csv"

_loaded: dict[str, Deal] = {}


def deal(name: str = "seed") -> Deal:
    """The seed ("seed") or an example deal by its file name without .yaml."""
    if name not in _loaded:
        _loaded[name] = read_deal(SEED if name == "seed" else DEALS / f"{name}.yaml")
    return _loaded[name]


def change(target: Any, dotted: str, value: Any) -> Any:
    """A copy of `target` with the value at `dotted` ("notes[0].interest.rate_percent") replaced."""
    head, _, rest = dotted.partition(".")
    name, _, index = head.partition("[")
    current = getattr(target, name)
    if index:
        position = int(index.rstrip("]"))
        items = list(current)
        items[position] = change(items[position], rest, value) if rest else value
        return dataclasses.replace(target, **{name: tuple(items)})
    return dataclasses.replace(target, **{name: change(current, rest, value) if rest else value})


def facts_of(the_deal: Deal) -> Facts:
    return derive(the_deal, default_calendar())


def run(the_deal: Deal, rule_id: str) -> list[Problem]:
    """The findings of one rule."""
    found = [p for p in rules.evaluate(the_deal, facts_of(the_deal)) if p.id == rule_id]
    assert any(r.id == rule_id for r in rules.REGISTRY), f"no rule {rule_id}"
    return found


def one(the_deal: Deal, rule_id: str) -> Problem:
    """The single finding of one rule (most rules give one)."""
    found = run(the_deal, rule_id)
    assert len(found) == 1, [p.message for p in found]
    return found[0]


def statuses(found: list[Problem]) -> set[Status]:
    return {p.status for p in found}


def severities(found: list[Problem]) -> set[Severity]:
    return {p.severity for p in found}


def deadline_rows() -> list[tuple[date, date, date, str]]:
    """The hand-written table of expected deadlines (tests/rules/data/sec_deadlines.csv)."""
    with open(DEADLINES, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(date.fromisoformat(row["date"]), date.fromisoformat(row["form_8k_due"]),
             date.fromisoformat(row["form_d_due"]), row["why"]) for row in csv.DictReader(lines)]
