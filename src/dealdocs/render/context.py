"""What a template may see: the deal's values in display form, the facts, and the findings.

A template receives no raw number, date or enum member. Each value arrives wrapped by its kind
(display.Money, display.Day …), so the template can place it or choose a clause by it, but
cannot format it its own way or compute with it. Enums arrive as their YAML spelling, so a
template reads `{% if note.security.collateral == "none" %}` in the deal file's own words.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from .. import display
from ..facts import Facts, NoteFacts
from ..model import Deal, Note
from ..problems import Problem, Status

KINDS = {  # the display wrapper for each kind of number (model.Money, model.Percent …)
    "money": display.Money,
    "price": display.Price,
    "percent": display.Percent,
    "percent_of_balance": display.Percent,
    "shares": display.Shares,
}


class View:
    """A read-only view of a model object: attributes come out in display form."""

    __slots__ = ("_target", "_extra")

    def __init__(self, target: Any, **extra: Any):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_extra", extra)

    def __getattr__(self, name: str) -> Any:
        extra = object.__getattribute__(self, "_extra")
        if name in extra:
            return extra[name]
        target = object.__getattribute__(self, "_target")
        hint = hints(type(target)).get(name)
        if hint is None or name in ("path", "source"):
            raise AttributeError(name)  # Jinja turns this into a (strict) undefined
        return present(getattr(target, name), hint)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("template values are read-only")


@cache
def hints(kind: type) -> dict[str, Any]:
    """A model class's field types, with the kinds of numbers (Annotated) kept."""
    return typing.get_type_hints(kind, include_extras=True)


def present(value: Any, hint: Any = None) -> Any:
    """A model value in display form."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if typing.get_origin(hint) is typing.Annotated:
        kind = typing.get_args(hint)[1]
        if kind == "multiple":
            return display.Count(int(value)) if value == int(value) else f"{value.normalize():f}"
        return KINDS[kind](value)
    if isinstance(value, date):
        return display.Day(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, int):
        return display.Count(value)
    if isinstance(value, Decimal):
        raise TypeError(f"a number of unknown kind reached a template: {value}")
    if isinstance(value, tuple):
        item = typing.get_args(hint)[0] if hint is not None else None
        return [present(entry, item) for entry in value]
    if dataclasses.is_dataclass(value):
        return View(value)
    raise TypeError(f"cannot present {type(value).__name__} to a template")


class Numbering:
    """Section and paragraph numbers that stay in sequence when optional clauses drop out."""

    _LETTERS = "abcdefghijklmnopqrstuvwxyz"

    def __init__(self) -> None:
        self._section = 0
        self._paragraph = 0

    def section(self) -> str:
        self._section += 1
        self._paragraph = 0
        return f"{self._section}."

    def paragraph(self) -> str:
        self._paragraph += 1
        return f"({self._LETTERS[self._paragraph - 1]})"


def deal_context(deal: Deal, facts: Facts, findings: tuple[Problem, ...]) -> dict[str, Any]:
    """The context every template gets."""
    issuer = deal.issuer
    exhibits = [exhibit.number for exhibit in deal.form_8k.exhibits]
    notes = [_note_view(deal, facts, note) for note in deal.notes]
    return {
        "deal_name": deal.name,
        "issuer": View(issuer, name_caps=issuer.name.upper(),
                       a_jurisdiction=f"{display.article(issuer.jurisdiction)} {issuer.jurisdiction}"),
        "investors": [View(investor) for investor in deal.investors],
        "investor_names": display.series([investor.name for investor in deal.investors]),
        "insiders": [View(investor) for investor in deal.investors if investor.relationship],
        "single_investor": len(deal.investors) == 1,
        "single_note": len(deal.notes) == 1,
        "single_exhibit": len(exhibits) == 1,
        "exhibit_numbers": display.series(exhibits),
        "agreement": deal.agreement and View(
            deal.agreement, a_title=f"{display.article(deal.agreement.title)} {deal.agreement.title}"),
        "notes": notes,
        "note_groups": _note_groups(deal, notes),
        "warrants": present(deal.warrants, tuple[Any, ...]),
        "commitment_shares": present(deal.commitment_shares, tuple[Any, ...]),
        "registration_rights": present(deal.registration_rights),
        "placement_agents": present(deal.placement_agents, tuple[Any, ...]),
        "offering": View(deal.offering, accredited_count=display.Count(
            sum(i.accredited for i in deal.investors)), nonaccredited_count=display.Count(
            sum(not i.accredited for i in deal.investors))),
        "form_8k": View(deal.form_8k),
        "market_data": present(deal.market_data),
        "totals": _totals(facts),
        "deadlines": _deadlines(facts),
        "items": _items(findings),
        "findings": [_finding_view(number, finding) for number, finding in enumerate(findings, 1)],
        "open_actions": [_finding_view(number, finding)
                         for number, finding in enumerate(findings, 1)
                         if finding.status in (Status.ACTION_REQUIRED, Status.NEEDS_INPUT)],
    }


def note_context(base: dict[str, Any], note_view: View) -> dict[str, Any]:
    """The context of one note document: the deal's, plus the note and its numbering."""
    return {**base, "note": note_view, "number": Numbering()}


def _note_view(deal: Deal, facts: Facts, note: Note) -> View:
    derived: NoteFacts = facts.note(note)
    return View(
        note,
        holder_view=View(derived.holder),
        original_issue_discount=display.Money(derived.original_issue_discount),
        fees_total=display.Money(derived.fees_withheld),
        net_proceeds=display.Money(derived.net_proceeds),
        interest_to_maturity=display.Money(derived.interest_to_maturity),
        guaranteed_interest=_money_or_none(derived.guaranteed_interest),
        conversion_starts=display.Day(derived.conversion_starts),
        payment_dates=[display.Day(day) for day in derived.payment_dates],
        unbounded=derived.unbounded,
        has_oid=derived.original_issue_discount > 0,
        installment_count=display.Count(len(note.repayment.installments)),
        default_events=_enumerated([event.value for event in note.events_of_default.events]),
    )


def _note_groups(deal: Deal, views: list[View]) -> list[dict[str, Any]]:
    """The notes grouped by identical terms, so that a summary states shared terms once.

    Notes differ in holder, amounts, fees and funding date without differing in terms."""
    groups: dict[Note, list[int]] = {}
    for index, note in enumerate(deal.notes):
        terms = dataclasses.replace(note, holder="", id=None, principal=Decimal(0),
                                    purchase_price=Decimal(0), fees_withheld=(), funding_date=None)
        groups.setdefault(terms, []).append(index)
    result = []
    for indexes in groups.values():
        plural = len(indexes) > 1
        holders = list(dict.fromkeys(deal.notes[index].holder for index in indexes))
        if len(groups) == 1:
            subject = "The Notes" if plural else "The Note"
        else:  # name each group's notes unmistakably: one holder may hold several
            kind = "Notes" if plural else deal.notes[indexes[0]].title
            subject = f"The {kind} issued to {display.series(holders)}"
        result.append({"note": views[indexes[0]], "plural": plural, "subject": subject})
    return result


def _enumerated(kinds: list[str]) -> list[dict[str, str]]:
    return [{"kind": kind, "mark": mark, "after": after}
            for kind, (mark, after) in zip(kinds, display.list_marks(len(kinds)))]


def _money_or_none(amount: Decimal | None) -> display.Money | None:
    return None if amount is None else display.Money(amount)


def _totals(facts: Facts) -> dict[str, Any]:
    report_date = facts.deal.form_8k.report_date
    return {
        "received_by_proceeds_date": _money_or_none(facts.received_by_proceeds_date),
        "funded_later": [{"purchase_price": display.Money(later.note.purchase_price),
                          "title": later.note.title, "holder": later.note.holder,
                          "date": display.Day(later.funded_on),
                          "received": later.funded_on <= report_date}
                         for later in facts.funded_later],
        "principal": display.Money(facts.total_principal),
        "gross_proceeds": display.Money(facts.gross_proceeds),
        "fees_withheld": display.Money(facts.fees_withheld),
        "placement_fees": _money_or_none(facts.placement_fees),
    }


def _deadlines(facts: Facts) -> dict[str, Any]:
    deadlines = facts.deadlines
    return {
        "form_8k_due": display.Day(deadlines.form_8k_due),
        "form_8k_filing_date": display.Day(deadlines.form_8k_filing_date),
        "form_8k_late": deadlines.form_8k_late,
        "form_d_due": display.Day(deadlines.form_d_due),
        "form_d_amendment_due": present(deadlines.form_d_amendment_due),
        "rule_144_available": present(deadlines.rule_144_available),
        "state_notices": [{"state": notice.state, "due": display.Day(notice.due)}
                          for notice in deadlines.state_notices],
    }


def _items(findings: tuple[Problem, ...]) -> dict[str, bool]:
    """Which 8-K items to include: each unless the rules show it is not required."""
    items = {}
    for number in ("1.01", "2.03", "3.02", "9.01"):
        status = next((f.status for f in findings if f.id == f"form_8k.item-{number}"), None)
        items["item_" + number.replace(".", "_")] = status is not Status.NOT_APPLICABLE
    return items


def _finding_view(number: int, finding: Problem) -> dict[str, Any]:
    return {
        "number": str(number),
        "id": finding.id,
        "requirement": finding.requirement,
        "citation": finding.citation + (" [unverified]" if finding.unverified else ""),
        "status": finding.status.value if finding.status else finding.severity.value,
        "message": finding.message,
        "evidence": finding.evidence or finding.message,
        "due": display.Day(finding.due) if finding.due else "",
    }
