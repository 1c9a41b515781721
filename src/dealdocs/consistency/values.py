"""The values a deal explains: every amount, percentage and date a document may state because
the deal file, the facts derived from it, the findings or the template itself give it."""

from __future__ import annotations

import dataclasses
import enum
import re
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from .. import resources
from ..facts import Facts
from ..model import Deal
from ..problems import Problem
from ..render.context import hints
from .numbers import DATE_RE, MONEY_RE, PERCENT_RE, _date_or_none, _money_or_none, parse_percent
from .text import flatten


@dataclass
class Values:
    """Amounts (dollars, prices), percentages and dates a document may state."""

    money: set[Decimal] = field(default_factory=set)
    percent: set[Decimal] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        flat = flatten(text)
        for match in MONEY_RE.finditer(flat):
            amount = _money_or_none(match.group())
            if amount is not None:
                self.money.add(amount)
        for match in PERCENT_RE.finditer(flat):
            self.percent.add(parse_percent(match.group()))
        for match in DATE_RE.finditer(flat):
            day = _date_or_none(match.group())
            if day:
                self.dates.add(day)

    def explains(self, kind: str, value: Any) -> bool:
        return value in {"money": self.money, "percent": self.percent, "date": self.dates}[kind]

    def union(self, other: Values) -> Values:
        return Values(self.money | other.money, self.percent | other.percent,
                      self.dates | other.dates)


_PERCENT_KINDS = ("percent", "percent_of_balance")
_MONEY_KINDS = ("money", "price")
_BACK_REFERENCES = ("deal", "calendar", "note", "holder", "investor", "offering", "path", "source")


@dataclass(frozen=True)
class DealValues:
    """The deal's values walked once, split by note, so that each document's values are found
    without walking the whole deal again for every document."""

    shared: Values  # everything but the notes and their facts
    notes: tuple[Values, ...]  # each note's, with its facts

    @classmethod
    def of(cls, deal: Deal, facts: Facts) -> DealValues:
        by_note = {id(note): Values() for note in deal.notes}
        derived_of = {id(derived): by_note[id(derived.note)] for derived in facts.notes
                      if id(derived.note) in by_note}
        skip = set(by_note) | set(derived_of)
        shared = Values()
        _walk_model(deal, shared, skip)
        _walk_facts(facts, shared, skip)
        for note in deal.notes:  # walked whole: nothing of a note is skipped within it
            _walk_model(note, by_note[id(note)], set())
        for derived in facts.notes:
            if id(derived) in derived_of:
                _walk_facts(derived, derived_of[id(derived)], set())
        return cls(shared, tuple(by_note[id(note)] for note in deal.notes))

    def document(self, note: int | None = None) -> Values:
        """A document's values: one note's with the shared ones, or (None) all of them."""
        chosen = self.notes if note is None else (self.notes[note],)
        values = Values(set(self.shared.money), set(self.shared.percent), set(self.shared.dates))
        for each in chosen:
            values = values.union(each)
        return values


def _walk_model(value: Any, values: Values, skip: set[int], kind: str | None = None) -> None:
    if value is None or isinstance(value, bool) or id(value) in skip:
        return
    if isinstance(value, Decimal):
        if kind in _PERCENT_KINDS:
            values.percent.add(value)
        elif kind in _MONEY_KINDS:
            values.money.add(value)
    elif isinstance(value, date):
        values.dates.add(value)
    elif isinstance(value, str) and not isinstance(value, enum.Enum):
        values.add_text(value)
    elif isinstance(value, tuple):
        for item in value:
            _walk_model(item, values, skip, kind)
    elif dataclasses.is_dataclass(value):
        fields = hints(type(value))
        for item in dataclasses.fields(value):
            if item.name in ("path", "source"):
                continue
            hint = fields.get(item.name)
            _walk_model(getattr(value, item.name), values, skip, _kind_of(hint))


def _kind_of(hint: Any) -> str | None:
    for part in [hint, *typing.get_args(hint)]:
        if typing.get_origin(part) is typing.Annotated:
            return typing.get_args(part)[1]
        for inner in typing.get_args(part):
            if typing.get_origin(inner) is typing.Annotated:
                return typing.get_args(inner)[1]
    return None


def _walk_facts(value: Any, values: Values, skip: set[int], name: str = "") -> None:
    if value is None or isinstance(value, bool) or id(value) in skip:
        return
    if isinstance(value, Decimal):
        if "percent" in name or "threshold" in name:
            values.percent.add(value)
        else:
            values.money.add(value)
    elif isinstance(value, date):
        values.dates.add(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk_facts(item, values, skip, name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _walk_facts(item, values, skip, name)
    elif dataclasses.is_dataclass(value) and not isinstance(value, Deal):
        for item in dataclasses.fields(value):
            if item.name not in _BACK_REFERENCES:
                _walk_facts(getattr(value, item.name), values, skip, item.name)


def findings_values(findings: Iterable[Problem]) -> Values:
    """The values the findings state: the checklist prints them."""
    values = Values()
    for finding in findings:
        values.add_text(" ".join((finding.message, finding.evidence, finding.requirement,
                                  finding.citation)))
        if finding.due:
            values.dates.add(finding.due)
    return values


def template_values(kind: str) -> Values:
    """The values a template (the house style's, if the deal has one) writes itself, outside its
    tags."""
    return _values_written_by(resources.template(kind))


@cache
def _values_written_by(template: Path) -> Values:
    from ..render.docx import template_text

    text = template_text(template)
    text = re.sub(r"\{[{%#].*?[}%#]\}", " ", text)
    values = Values()
    values.add_text(text)
    return values
