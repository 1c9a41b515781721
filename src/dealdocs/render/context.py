"""What a template may see: the deal's values in display form, the facts, and the findings.

A template receives no raw number, date or enum member. Each value arrives wrapped by its kind
(display.Money, display.Day …), so the template can place it or choose a clause by it, but
cannot format it its own way or compute with it. Enums arrive as their YAML spelling, so a
template reads `{% if note.security.collateral == "none" %}` in the deal file's own words, and
`<field>_words` gives an enum's words from the phrase table (render/phrases.py).

A draft's open points print in brackets: a value the deal file writes as `placeholder` is a
blank ([●]), and a value it lists under `placeholders` is bracketed wherever it is shown.
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
from ..facts import EXHIBIT_104, Facts, NoteFacts, cover_form, period_end_day
from ..load import Path_
from ..model import (Collateral, DefaultEvent, Deal, Investor, Note, Period, Placeholder,
                     PriceExpression, Ranking, ReferenceDay, ShareDelivery, known)
from ..problems import Problem, Status
from ..validate import path_of
from . import phrases
from .checklist import checklist_context
from .phrases import FORM_8K, NOTE, Style

KINDS = {  # the display wrapper for each kind of number (model.Money, model.Percent …)
    "money": display.Money,
    "price": display.Price,
    "percent": display.Percent,
    "percent_of_balance": display.Percent,
    "shares": display.Shares,
}

# 2.8 inches at the documents' 10-point table text (measured in the PDF): room to sign, and still
# one line with "By: " in a signature column of 3.25 inches.
SIGNATURE_LINE = "_" * 40
SHORT_SIGNATURE_LINE = "_" * 24


class View:
    """A read-only view of a model object: attributes come out in display form."""

    __slots__ = ("_target", "_extra", "_drafts")

    def __init__(self, target: Any, drafts: frozenset = frozenset(), **extra: Any):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_extra", extra)
        object.__setattr__(self, "_drafts", drafts)

    def __getattr__(self, name: str) -> Any:
        extra = object.__getattribute__(self, "_extra")
        if name in extra:
            return extra[name]
        target = object.__getattribute__(self, "_target")
        drafts = object.__getattribute__(self, "_drafts")
        if name.endswith("_words") and name[:-6] in phrases.WORDS and \
                name[:-6] in hints(type(target)):
            return _words(target, name[:-6], drafts)
        hint = hints(type(target)).get(name)
        if hint is None or name in ("path", "source", "legacy_names"):
            if isinstance(getattr(type(target), name, None), property):
                return getattr(target, name)  # a model property (Investor.is_individual …)
            raise AttributeError(name)  # Jinja turns this into a (strict) undefined
        value = present(getattr(target, name), hint, drafts)
        if _tentative(target, name, drafts) and not isinstance(value, (bool, str, View, list)) \
                and value is not None:
            return display.Tentative(value)
        if _tentative(target, name, drafts) and isinstance(value, str) and value != display.BLANK \
                and not _is_choice(hint):
            return display.Tentative(value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("template values are read-only")

    @staticmethod
    def extra_names(kind: type) -> set[str]:
        """What a View of a model type offers besides its fields: the words of its choices, the
        draft brackets, and the model's properties. The template lint asks this, so that it can
        never disagree with what a View really gives."""
        fields = hints(kind)
        words = {f"{name}_words" for name in fields if name in phrases.WORDS}
        properties = {name for name in dir(kind) if isinstance(getattr(kind, name), property)}
        return words | properties | {"opens", "closes"}

    def opens(self, name: str) -> str:
        """The opening bracket of a clause that states a value the deal lists as a placeholder
        (a yes/no or a choice, which has no words of its own to bracket); '' otherwise."""
        target, drafts = (object.__getattribute__(self, key) for key in ("_target", "_drafts"))
        return display.OPEN if _tentative(target, name, drafts) else ""

    def closes(self, name: str) -> str:
        target, drafts = (object.__getattribute__(self, key) for key in ("_target", "_drafts"))
        return display.CLOSE if _tentative(target, name, drafts) else ""


def _tentative(target: Any, name: str, drafts: frozenset) -> bool:
    return bool(drafts) and tuple(getattr(target, "path", ())) + (name,) in drafts


def _is_choice(hint: Any) -> bool:
    hint = _unoptional(hint)
    return isinstance(hint, type) and issubclass(hint, enum.Enum)


def _words(target: Any, field: str, drafts: frozenset) -> Any:
    value = getattr(target, field)
    if value is None:
        return None
    words = phrases.WORDS[field][value.value if isinstance(value, enum.Enum) else value]
    return display.Tentative(words) if _tentative(target, field, drafts) else words


@cache
def hints(kind: type) -> dict[str, Any]:
    """A model class's field types, with the kinds of numbers (Annotated) kept."""
    return typing.get_type_hints(kind, include_extras=True)


def _unoptional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(hint)
                   if arg is not type(None) and arg is not Placeholder]
        if len(members) == 1:
            return members[0]
    return hint


def present(value: Any, hint: Any = None, drafts: frozenset = frozenset()) -> Any:
    """A model value in display form."""
    if isinstance(value, Placeholder):
        return display.BLANK
    if value is None or isinstance(value, (bool, str)):
        return value
    hint = _unoptional(hint)
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
        item = typing.get_args(hint)[0] if typing.get_origin(hint) is tuple else None
        return [present(entry, item, drafts) for entry in value]
    if dataclasses.is_dataclass(value):
        return View(value, drafts)
    raise TypeError(f"cannot present {type(value).__name__} to a template")


class Numbering:
    """Section and paragraph numbers that stay in sequence when optional clauses drop out, and
    cross-references to them by label: `number.paragraph("reserve")` numbers a paragraph,
    `number.ref("reserve")` anywhere in the document reads "Section 3(q)" (resolved after the
    render, so a reference may come before what it refers to)."""

    _LETTERS = "abcdefghijklmnopqrstuvwxyz"

    def __init__(self) -> None:
        self._section = 0
        self._paragraph = 0
        self.labels: dict[str, str] = {}

    def section(self, label: str | None = None) -> str:
        self._section += 1
        self._paragraph = 0
        if label:
            self.labels[label] = f"Section {self._section}"
        return f"{self._section}."

    def paragraph(self, label: str | None = None) -> str:
        self._paragraph += 1
        letter = _letters(self._paragraph)
        if label:
            self.labels[label] = f"Section {self._section}({letter})"
        return f"({letter})"

    @staticmethod
    def ref(label: str) -> str:
        return display.reference(label)


def _letters(number: int) -> str:
    """a … z, then aa, bb …: paragraphs past the 26th keep a mark of their own."""
    letter = Numbering._LETTERS[(number - 1) % 26]
    return letter * ((number - 1) // 26 + 1)


# --- the deal ------------------------------------------------------------------------------------


def drafts_of(deal: Deal) -> frozenset[Path_]:
    """The paths of the values the deal lists under `placeholders`."""
    return frozenset(path_of(dotted) for dotted in deal.placeholders)


def deal_context(deal: Deal, facts: Facts, findings: tuple[Problem, ...]) -> dict[str, Any]:
    """The context every template gets."""
    drafts = drafts_of(deal)
    issuer = deal.issuer
    stock = issuer.common_stock
    exhibits = [exhibit.number for exhibit in deal.form_8k.exhibits]
    notes = [_note_view(deal, facts, note, drafts) for note in deal.notes]
    address = issuer.address
    cover = {fact.element: fact.value for fact in facts.cover}
    form = cover_form(facts.report_date)
    return {
        "deal_name": deal.name,
        "issuer": View(issuer, drafts, name_caps=issuer.name.upper(),
                       common_stock=View(stock, drafts, market_words=_market_words(stock)),
                       a_jurisdiction=f"{display.article(issuer.jurisdiction)} "
                                      f"{issuer.jurisdiction}",
                       address_words=_address(address),
                       address_caps=_address(address).upper(),
                       phone_area_code=cover["CityAreaCode"],
                       local_phone_number=cover["LocalPhoneNumber"]),
        "common": stock.term,
        "shares_of_common": display.shares_of(stock.term),
        **_holders_of_common(stock),
        "investors": [_investor_view(investor, drafts) for investor in deal.investors],
        "investor_names": display.series([investor.name for investor in deal.investors]),
        "insiders": [_investor_view(investor, drafts) for investor in deal.investors
                     if investor.relationship],
        "single_investor": len(deal.investors) == 1,
        "single_note": len(deal.notes) == 1,
        "single_exhibit": len(exhibits) == 1,
        "exhibit_numbers": display.series(exhibits),
        "cover_form": form,
        "exhibit_104": EXHIBIT_104 if form.exhibit_104 else None,
        "agreement": deal.agreement and View(
            deal.agreement, drafts,
            a_title=f"{display.article(deal.agreement.title)} {deal.agreement.title}",
            term=agreement_term(deal)),
        "closing_date": display.Day(closing_date(deal)),
        "notes": notes,
        "note_groups": _note_groups(deal, notes),
        "warrants": [View(warrant, drafts, in_unit=_in_unit(deal, warrant.holder, "warrants"),
                          holder_named=_holder_named(deal, warrant.holder))
                     for warrant in deal.warrants],
        "commitment_shares": [View(grant, drafts, holder_named=_holder_named(deal, grant.holder))
                              for grant in deal.commitment_shares],
        "registration_rights": present(deal.registration_rights, None, drafts),
        "investor_rights": deal.investor_rights and View(
            deal.investor_rights, drafts, **_rights_words(deal)),
        "placement_agents": present(deal.placement_agents, tuple[Any, ...], drafts),
        "offering": View(deal.offering, drafts, accredited_count=display.Count(
            sum(i.accredited for i in deal.investors)), nonaccredited_count=display.Count(
            sum(not i.accredited for i in deal.investors)), exemptions_words=display.series(
            [display.EXEMPTION_NAMES[e.value] for e in deal.offering.exemptions])),
        "form_8k": View(deal.form_8k, drafts, signatory=View(
            deal.form_8k.signatory, drafts,
            title_caps=str(present(deal.form_8k.signatory.title)).upper())),
        "market_data": present(deal.market_data, None, drafts),
        "totals": _totals(facts),
        "deadlines": _deadlines(facts),
        "items": _items(findings),
        "findings": [_finding_view(number, finding) for number, finding in enumerate(findings, 1)],
        "open_actions": [_finding_view(number, finding)
                         for number, finding in enumerate(findings, 1)
                         if finding.status in (Status.ACTION_REQUIRED, Status.NEEDS_INPUT)],
        "checklist": checklist_context(findings),
        "signature_line": SIGNATURE_LINE,
        "short_signature_line": SHORT_SIGNATURE_LINE,
        "facility": present(deal.facility, None, drafts),
        "amendment": present(deal.amendment, None, drafts),
        "summary": _summary(deal, facts, _items(findings)),
    }


def _stock_or_share(common: str) -> str:
    """A company's stock (stockholders, a stock split); a trust's shares, when its class is
    named shares ("Common Shares": shareholders, a share split)."""
    return "share" if display.names_shares(common) else "stock"


def _holders_of_common(stock) -> dict[str, str]:
    kind = _stock_or_share(stock.term)
    return {"holder_of_common": f"{kind}holder", "holders_of_common": f"{kind}holders",
            "holder_of_common_heading": f"{kind.capitalize()}holder", "split_word": kind}


def _market_words(stock) -> str:
    """Where the shares trade, in the note's words, with the verb their name takes."""
    plural = display.names_shares(stock.term)  # "the Common Shares trade"
    return phrases.WORDS["market"][stock.market.value].format(
        common=stock.term, trades="trade" if plural else "trades", is_="are" if plural else "is")


def note_context(base: dict[str, Any], note_view: View) -> dict[str, Any]:
    """The context of one note document: the deal's, plus the note and its numbering."""
    return {**base, "note": note_view, "number": Numbering()}


def agreement_term(deal: Deal) -> str | None:
    """What the documents call the purchase agreement: its own defined term; "Purchase
    Agreement" for a title that is one; the title itself otherwise (a "note purchase" is not an
    agreement the documents may call a Purchase Agreement)."""
    agreement = deal.agreement
    if agreement is None:
        return None
    if agreement.defined_term:
        return agreement.defined_term
    words = agreement.title.split()
    if len(words) >= 2 and words[-1].lower() == "agreement":
        return " ".join(word.capitalize() for word in words[-2:])
    return " ".join(word.capitalize() for word in words)


def closing_date(deal: Deal) -> date:
    """The closing: the agreement's, or the first note's issue date."""
    if deal.agreement is not None and deal.agreement.closing_date is not None:
        return deal.agreement.closing_date
    return min(note.issue_date for note in deal.notes)


def _address(address) -> str:
    line2 = f", {address.line2}" if address.line2 else ""
    return f"{address.line1}{line2}, {address.city}, {address.state} {address.postal_code}"


def _investor_view(investor: Investor, drafts: frozenset) -> View:
    return View(investor, drafts, is_individual=investor.is_individual,
                term=investor.defined_term or "Investor",
                subject_8k=display.capitalized(_investor_named(investor)))


def _holder_named(deal: Deal, holder: str) -> str:
    """A holder as the 8-K names it: an investor it does not name is described; a placement
    agent holding warrants is named."""
    investor = next((item for item in deal.investors if item.name == holder), None)
    return holder if investor is None else _investor_named(investor)


def _rights_words(deal: Deal) -> dict[str, Any]:
    rights = deal.investor_rights
    ends = {}
    for name, key in (("most_favored_nation", "mfn_ends_words"),
                      ("right_of_first_refusal", "rofr_ends_words"),
                      ("participation", "participation_ends_words")):
        right = getattr(rights, name)
        ends[key] = period_end(right.period, _first_issue(deal)) if right and right.period \
            else None
    return ends


def _first_issue(deal: Deal) -> date:
    return min(note.issue_date for note in deal.notes)


def period_end(period: Period, start: date, after: str = "the Issue Date") -> str:
    """"July 11, 2019 (six (6) months after the Issue Date)": the day a period ends, counted
    from `start`, which `after` names ("the issue date of the Note" in the 8-K, which defines no
    Issue Date)."""
    end = display.Day(period_end_day(period, start))
    if period.date is not None:
        return str(end)
    length = f"{display.Count(period.months)} months" if period.months is not None else \
        f"{display.Count(period.days)} days"
    return f"{end} ({length} after {after})"


# --- a note --------------------------------------------------------------------------------------


def _note_view(deal: Deal, facts: Facts, note: Note, drafts: frozenset) -> View:
    derived: NoteFacts = facts.note(note)
    style = Style(NOTE, deal.issuer.common_stock.term,
                  deal.issuer.common_stock.par_value)
    holder = derived.holder
    extra = dict(
        holder_view=_investor_view(holder, drafts),
        holder_caps=holder.name.upper(),
        holder_address_words=_address(holder.address) if holder.address else None,
        term=note.defined_term or "Note",
        original_issue_discount=display.Money(derived.original_issue_discount),
        fees_total=display.Money(derived.fees_withheld),
        net_proceeds=display.Money(derived.net_proceeds),
        interest_to_maturity=display.Money(derived.interest_to_maturity),
        guaranteed_interest=_money_or_none(derived.guaranteed_interest),
        conversion_starts=display.Day(derived.conversion_starts),
        payment_dates=[display.Day(day) for day in derived.payment_dates],
        unbounded=derived.unbounded,
        has_oid=derived.original_issue_discount > 0,
        funded=derived.funded,
        installment_count=display.Count(len(note.repayment.installments)),
        default_events=_default_events(deal, note, style),
        events_blank=display.BLANK,
        bankruptcy_mark=_mark_of(note, DefaultEvent.BANKRUPTCY_OR_INSOLVENCY),
        security_words=_security(note),
        no_demand_before_words=_period_or_none(note.repayment.no_demand_before, note),
        prepayment_lockout_words=_period_or_none(note.prepayment.not_before, note),
        share_valuation_words=_valuation(note.interest.share_valuation, style),
        surrendered_words=_surrendered(note),
        unit_parts=_unit_parts(deal, note),
        negative_covenants_words=_negative_covenants(deal, note),
        registration_words=_registration(deal, note),
        share_delivery=View(note.share_delivery or ShareDelivery(), drafts),
        **_additional(deal, note),
        **_redemption(note, style),
        **_conversion_words(deal, derived, style),
    )
    extra.update(_summary_note(deal, derived, extra))
    return View(note, drafts, **extra)


def _period_or_none(period: Period | None, note: Note) -> str | None:
    """A lock-out's end, in words both the note and the 8-K print (the 8-K defines no Issue
    Date): "September 30, 2023 (six (6) months after issuance)"."""
    return None if period is None else period_end(period, note.issue_date, "issuance")


def _valuation(expression: PriceExpression | None, style: Style) -> str | None:
    return None if expression is None else phrases.price(expression, style)


def _redemption(note: Note, style: Style) -> dict[str, Any]:
    redemption = note.repayment.holder_redemption
    if redemption is None:
        return {"redemption_starts_words": None, "redemption_valuation_words": None}
    return {"redemption_starts_words": period_end(redemption.starts, note.issue_date),
            "redemption_valuation_words": _valuation(redemption.share_valuation, style)}


def _conversion_words(deal: Deal, derived: NoteFacts, style: Style) -> dict[str, Any]:
    """The conversion section's variable words: when it starts, the price in words and as a
    formula, the definitions of named parts, the changes on events, and what the section needs
    to define (VWAP, the Closing Date)."""
    note = derived.note
    conversion = note.conversion
    empty = {"conversion_start_words": None, "converts_into_words": None, "conversion_unit": None,
             "price_words": None, "price_adjustments": "", "price_definitions": [],
             "price_formula": None, "market_price_words": None, "price_changes": None,
             "advance_prices": None, "down_round": None, "down_round_price": None,
             "uses_closing_date": False, "uses_vwap": False, "uses_market": False,
             "automatic_conditions": None}
    if conversion is None:
        return empty
    words = dict(empty)
    common = style.common
    words["conversion_start_words"] = _conversion_start(note, derived)
    if conversion.security_description and conversion.into.value != "common_stock":
        words["converts_into_words"] = conversion.security_description
        words["conversion_unit"] = "shares or units"
    else:
        title = deal.issuer.common_stock.title
        shares = f"{title}, of the Company" if display.names_shares(title) \
            else f"shares of the Company’s {title}"  # "Common Shares of beneficial interest"
        words["converts_into_words"] = f"fully paid and non-assessable {shares} (the “{common}”)"
        words["conversion_unit"] = display.shares_of(common)
    if conversion.automatic is not None and conversion.automatic.conditions:
        words["automatic_conditions"] = display.series(list(conversion.automatic.conditions))
    price = conversion.price
    if price is None:
        return words
    named = phrases.named_parts(price)
    defined = frozenset(part.name for part in named)
    words["price_words"] = phrases.price(price, style, defined=defined)
    fixed_legs = [leg for leg in price.legs() if leg.fixed is not None]
    down_round = next((leg for leg in fixed_legs if leg.down_round is not None), None)
    adjustments = ["splits"]
    if down_round is not None:
        adjustments.insert(0, "dilutive")
        words["down_round"] = View(down_round.down_round)
        words["down_round_price"] = (f"the {down_round.name}" if down_round.name
                                     else f"the fixed price of {display.Price(down_round.fixed)}")
    if conversion.price_changes:
        adjustments.insert(0, "price-changes")
    words["price_adjustments"] = ", subject to adjustment under " + display.series(
        [display.reference(label) for label in adjustments])
    words["price_definitions"] = [f"The “{part.name}” is {phrases.price(part, style)}."
                                  for part in named]
    market_legs = [leg for leg in price.legs() if leg.of is not None]
    if market_legs:
        words["price_formula"] = phrases.formula(price, style)
    if conversion.market_price is not None:
        words["market_price_words"] = phrases.statistic(conversion.market_price, style)
    if conversion.price_changes:
        words["price_changes"] = display.numbered(
            [phrases.price_change(change, price, style) for change in conversion.price_changes])
    priced = [advance for advance in note.advances if advance.conversion_price is not None]
    if priced:
        words["advance_prices"] = _advance_prices(priced, style)
    statistics = [leg.of for leg in _every_expression(note) if leg.of is not None]
    measured = [s for s in statistics if not isinstance(s, str)] + (
        [conversion.market_price] if conversion.market_price is not None else [])
    words["uses_market"] = bool(statistics)
    words["uses_closing_date"] = any(s.day is ReferenceDay.CLOSING_DATE for s in measured)
    words["uses_vwap"] = any(s.statistic is not None and s.statistic.value == "vwap"
                             or (s.price is not None and s.price.value == "daily_vwap")
                             for s in measured)
    return words


def _advance_prices(advances: list, style: Style) -> str:
    """"$0.08 per share for the advance of $5,000,000 made on November 15, 2022, and …": each
    advance's own price, in the document's style."""
    return display.series([f"{phrases.price(advance.conversion_price, style)} for the advance of "
                           f"{display.Money(advance.amount)} made on {display.Day(advance.date)}"
                           for advance in advances])


def _every_expression(note: Note):
    conversion = note.conversion
    roots = [conversion.price] if conversion.price is not None else []
    roots += [change.price for change in conversion.price_changes if change.price is not None]
    roots += [advance.conversion_price for advance in note.advances
              if advance.conversion_price is not None]
    for root in roots:
        yield from root.legs()


def _conversion_start(note: Note, derived: NoteFacts) -> str:
    conversion = note.conversion
    starts = display.Day(derived.conversion_starts)
    if conversion.starts_on is not None:
        return f"on or after {starts}"
    if conversion.starts_after_months is not None:
        return (f"on or after {starts} ({display.Count(conversion.starts_after_months)} months "
                "after the Issue Date)")
    if conversion.starts_in_month is not None:
        return (f"on or after {starts} (the first day of the "
                f"{display.ordinal(conversion.starts_in_month)} month after the Issue Date)")
    if conversion.waiting_period_days:
        return f"on or after {starts} ({display.Count(conversion.waiting_period_days)} days after " \
               "the Issue Date)"
    return "after the Issue Date"


def _default_events(deal: Deal, note: Note, style: Style) -> list[dict[str, str]] | None:
    """Each event of default as the note states it, with its mark and punctuation; None while
    the deal file leaves them a placeholder."""
    events = note.events_of_default.events
    if not known(events):
        return None
    fill = _event_words(deal, note, style)
    last = len(events) - 1
    return [{"kind": event.value, "mark": f"({display.roman(number + 1)})",
             "text": phrases.EVENTS_OF_DEFAULT[event.value][0].format(**fill),
             "after_clause": "." if number == last else "; or" if number == last - 1 else ";"}
            for number, event in enumerate(events)]


def _event_words(deal: Deal, note: Note, style: Style) -> dict[str, str]:
    cure = note.events_of_default.cure_days
    term = agreement_term(deal)
    return {
        "agreement": f" or the {term}" if term else "",
        "cure": (f" and the failure continues for {cure} days after the Holder gives the Company "
                 "written notice of it") if cure else "",
        "document": f"the {term}" if term else "this Note",
        "common": style.common,
        "shares_of_common": display.shares_of(style.common),
        "split_word": _stock_or_share(style.common),
        "reserve": display.reference("reserve"),
        "security_agreement": note.security.security_agreement or "security agreement",
        "the_note": "the Note",
        "the_holder": "the Holder",
    }


def _mark_of(note: Note, event: DefaultEvent) -> str | None:
    events = note.events_of_default.events
    if not known(events) or event not in events:
        return None
    return f"({display.roman(events.index(event) + 1)})"


def _security(note: Note) -> str:
    """The note's security and ranking, in the note's words."""
    security = note.security
    agreement = security.security_agreement
    granted = f", granted under the {agreement} between the Company and the Holder" \
        if agreement else ""
    collateral = security.collateral
    if collateral is Collateral.NONE:
        text = "This Note is an unsecured obligation of the Company."
    elif collateral is Collateral.ALL_ASSETS:
        text = ("The Company’s obligations under this Note are secured by a security interest "
                f"in all of the Company’s assets{granted}.")
    elif collateral is Collateral.SPECIFIED_ASSETS:
        text = ("The Company’s obligations under this Note are secured by a security interest "
                f"in {security.collateral_description}{granted}.")
    else:
        text = f"The Company’s obligations under this Note are secured as provided in the {agreement}."
    ranking = effective_ranking(security)
    if ranking is Ranking.SENIOR:
        text += (" This Note is a senior secured obligation of the Company and, to the extent of "
                 "the value of the collateral, ranks senior to all of its unsecured indebtedness.")
    elif ranking is Ranking.SENIOR_TO_FUTURE:
        text += (" This Note ranks senior in right of payment to all indebtedness for borrowed "
                 "money that the Company incurs after the Issue Date, and the Company shall not "
                 "incur indebtedness ranking equally with or senior to this Note without the "
                 "Holder’s prior written consent.")
    elif ranking is Ranking.PARI_PASSU:
        text += (" This Note ranks equally in right of payment with all other existing and "
                 "future unsecured and unsubordinated indebtedness of the Company.")
    elif ranking is Ranking.SUBORDINATED:
        if security.subordination_agreement:
            text += (" This Note is subordinated in right of payment to the senior indebtedness "
                     f"described in the {security.subordination_agreement}, to the extent and in "
                     "the manner it provides.")
        else:
            text += (" This Note is subordinated in right of payment to the Company’s senior "
                     "indebtedness for borrowed money, to the extent and in the manner agreed in "
                     "writing between the Holder and the holders of that indebtedness.")
    return text


def effective_ranking(security) -> Ranking | None:
    """The ranking the documents state. An unsecured note cannot rank senior to debt the
    Company already has, so "senior" on one (version 1 allowed it) is stated as senior to future
    debt; the drafting rule asks the deal file to say so."""
    if security.ranking is Ranking.SENIOR and not security.secured:
        return Ranking.SENIOR_TO_FUTURE
    return security.ranking


def _surrendered(note: Note) -> str | None:
    if note.exchange is None:
        return None
    items = []
    for item in note.exchange.surrendered:
        text = f"the {item.description}"
        if item.principal is not None:
            text += f" in the original principal amount of {display.Money(item.principal)}"
        items.append(f"{text}, with a balance of {display.Money(item.balance)}")
    return display.numbered(items)


def _unit_parts(deal: Deal, note: Note) -> str | None:
    if note.unit is None:
        return None
    parts = []
    for part in note.unit.with_:
        if part.value == "warrants":
            parts += [f"a {warrant.title} to purchase {display.Shares(warrant.shares)} shares"
                      for warrant in deal.warrants if warrant.holder == note.holder]
        else:
            parts += [f"{display.Shares(grant.shares)} commitment shares"
                      for grant in deal.commitment_shares if grant.holder == note.holder]
    return display.series(parts)


_NEGATIVE_COVENANTS = {
    "debt": "incur or guarantee any indebtedness for borrowed money, other than {permitted}",
    "liens": "create or permit any lien on its assets, other than liens arising by operation of "
             "law{secured}",
    "affiliate_transactions": "enter into any transaction with an affiliate, other than on terms "
                              "no less favorable to the Company than an arm’s-length "
                              "transaction, approved by its disinterested directors",
    "section_3a9_3a10_settlements": "issue any securities in exchange for, or in settlement of, "
                                    "any claim or security under Section 3(a)(9) or 3(a)(10) of "
                                    "the Securities Act",
    "dividends": "declare or pay any dividend or other distribution on, or repurchase, any of "
                 "its capital stock",
}


def _negative_covenants(deal: Deal, note: Note) -> str | None:
    if not note.negative_covenants:
        return None
    fill = {"permitted": "this Note and the other Notes" if len(deal.notes) > 1 else "this Note",
            "secured": " and liens securing this Note" if note.security.secured else ""}
    return display.numbered([_NEGATIVE_COVENANTS[covenant.value].format(**fill)
                             for covenant in note.negative_covenants], "or")


def _registration(deal: Deal, note: Note) -> str | None:
    rights = deal.registration_rights
    if rights is None:
        return None
    covered = display.series([{"conversion_shares": "Conversion Shares",
                               "warrant_shares": "shares issuable on exercise of the warrants",
                               "commitment_shares": "commitment shares"}[kind.value]
                              for kind in rights.shares_covered])
    where = f"the {rights.agreement_title}" if rights.agreement_title else \
        f"the {agreement_term(deal) or 'Purchase Agreement'}"
    if rights.kind.value == "piggyback":
        return f"The {covered} have the piggyback registration rights provided in {where}."
    return f"The {covered} are entitled to the registration rights provided in {where}."


def _additional(deal: Deal, note: Note) -> dict[str, list]:
    places = {"note.after_conversion": "additional_after_conversion",
              "note.after_events_of_default": "additional_after_defaults",
              "note.general": "additional_general"}
    found: dict[str, list] = {key: [] for key in places.values()}
    for term in deal.additional_terms:
        if term.place.value in places and term.note in (None, note.id):
            found[places[term.place.value]].append(
                {"heading": term.heading or "Additional Terms", "text": term.text})
    return found


# --- the 8-K's summary -------------------------------------------------------------------------


def _in_unit(deal: Deal, holder: str, part: str) -> bool:
    return any(note.unit is not None and note.holder == holder and
               part in (kind.value for kind in note.unit.with_) for note in deal.notes)


def _the(term: str) -> str:
    """"the Note", but "Note1": a numbered defined term is a name and takes no article."""
    return term if any(character.isdigit() for character in term) else f"the {term}"


def notes_term(deal: Deal) -> str:
    """What the 8-K calls the notes: the one note's defined term, or the series'."""
    if len(deal.notes) == 1:
        return deal.notes[0].defined_term or "Note"
    terms = {note.defined_term for note in deal.notes}
    (only,) = terms if len(terms) == 1 else (None,)
    return only if only and only.endswith("s") else "Notes"


def _summary(deal: Deal, facts: Facts, items: dict[str, bool]) -> dict[str, Any]:
    """The 8-K's narrative: where it stands, how it opens, and the sentences about the deal as a
    whole."""
    style = Style(FORM_8K, deal.issuer.common_stock.term)
    if items["item_1_01"] and deal.form_8k.layout.value != "narrative_in_2_03":
        under = "1.01"
    elif items["item_2_03"]:
        under = "2.03"
    else:
        under = "1.01" if items["item_1_01"] else None
    exchange = all(note.exchange is not None for note in deal.notes)
    term = notes_term(deal)
    investor_term = _investor_term(deal)
    combined = deal.form_8k.layout.value == "combined" and items["item_1_01"] and items["item_2_03"]
    # Item 2.03's own passages follow the narrative when no separate Item 2.03 section refers to it
    separate_2_03 = under == "1.01" and items["item_2_03"] and not combined
    narrative_2_03 = [] if separate_2_03 or not items["item_2_03"] else _placed(deal, "8-K.item_2_03")
    return {
        "narrative_under": under,
        "combined": combined,
        "heading": _heading(deal, exchange),
        "terms_heading": _terms_heading(deal, secured=False),
        "event_date": display.Day(deal.form_8k.event_date),
        "investors": _investors_8k(deal, investor_term),
        "investor_subject": investor_subject(deal),
        "investor_term": investor_term,
        "notes": _notes_8k(deal, facts, term),
        "notes_term": term,
        "offered": _offered(deal, term),
        "described": term if deal.amendment is None else "amendment",
        "exchange": exchange,
        "exchange_only": exchange and not facts.gross_proceeds,
        "surrendered": _surrendered_8k(deal),
        "agreement_dates": _agreement_dates(deal),
        "changes": _changes(deal),
        "net_proceeds": bool(deal.offering.issuer_expenses),
        "expenses": display.series([expense.description
                                    for expense in deal.offering.issuer_expenses]),
        "tranches": [_tranche_sentence(facts, note) for note in deal.notes if note.tranche],
        "registration": registration_8k(deal),
        "rights": [sentence for _, sentence in rights_8k(deal)],
        "additional_narrative": _placed(deal, "8-K.item_1_01") + narrative_2_03,
        "additional_2_03": _placed(deal, "8-K.item_2_03") if separate_2_03 else [],
        "additional_3_02": _placed(deal, "8-K.item_3_02"),
        "item_701": _item_701(deal, facts, term, style),
        "exemptions": phrases.exemptions_8k(deal.offering.exemptions),
    }


def _offered(deal: Deal, term: str) -> str:
    """What the gross proceeds paid for: the notes, and what units sold with them ("the Note and
    the Common Stock Purchase Warrant")."""
    sold_with = {part.value for note in deal.notes if note.unit for part in note.unit.with_}
    parts = [f"the {term}"]
    if "warrants" in sold_with:
        parts.append(f"the {deal.warrants[0].title}" if len(deal.warrants) == 1 else "the warrants")
    if "commitment_shares" in sold_with:
        parts.append("the commitment shares")
    return display.series(parts)


def investor_subject(deal: Deal) -> str:
    """"the Investor", or "the Investors" when there are several."""
    term = _investor_term(deal)
    return "the " + (term if len(deal.investors) == 1 else term + "s")


def _investor_term(deal: Deal) -> str:
    terms = {investor.defined_term for investor in deal.investors}
    return terms.pop() if len(terms) == 1 and None not in terms else "Investor"


def _investors_8k(deal: Deal, term: str) -> str:
    """"Jason Widjaja (“Investor”)"; "a non-affiliated accredited investor (the “Investor”)";
    "A, B and C (each, an “Investor” and together, the “Investors”)"."""
    named = [_investor_named(investor) for investor in deal.investors]
    if len(named) == 1:
        investor = deal.investors[0]
        own = investor.defined_term or term
        return f"{named[0]} (“{own}”)" if investor.named_in_8k else f"{named[0]} (the “{own}”)"
    if any(investor.defined_term for investor in deal.investors):
        return display.series([f"{name} (“{investor.defined_term or term}”)"
                               for name, investor in zip(named, deal.investors)])
    return (f"{display.series(named)} (each, {display.article(term)} “{term}” and together, the "
            f"“{term}s”)")


def _investor_named(investor: Investor) -> str:
    if investor.named_in_8k:
        return investor.name
    if investor.described_in_8k_as:
        return investor.described_in_8k_as
    affiliated = "an affiliated" if investor.relationship else "a non-affiliated"
    kind = "accredited investor" if investor.accredited else "investor"
    return f"{affiliated} {kind}"


def _notes_8k(deal: Deal, facts: Facts, term: str) -> str:
    """The instrument the 8-K reports: "a $330,000 Convertible Promissory Note (“Note”)"."""
    first = deal.notes[0]
    kind = first.title
    if len(deal.notes) > 1:
        return f"{kind}s in the aggregate principal amount of {display.Money(facts.total_principal)}" \
               f" (“{term}”)"
    principal = display.Money(first.principal)
    if first.exchange is not None:
        secured = "secured" if first.security.secured else "unsecured"
        convertible = " convertible" if first.conversion else ""
        return (f"a new {secured}{convertible} note in the principal amount of {principal} "
                f"(“{term}”)")
    text = f"{principal.a} {kind} (“{term}”)"
    if first.unit is not None:
        parts = [f"{display.article(w.title)} {w.title} to purchase {display.Shares(w.shares)} "
                 f"{display.shares_of(deal.issuer.common_stock.term)}"
                 for w in deal.warrants if w.holder == first.holder
                 and "warrants" in (part.value for part in first.unit.with_)]
        parts += [f"{display.Shares(c.shares)} commitment shares" for c in deal.commitment_shares
                  if c.holder == first.holder
                  and "commitment_shares" in (part.value for part in first.unit.with_)]
        text = (f"a note in the principal amount of {principal} (“{term}”) and "
                f"{display.series(parts)}, for a purchase price of "
                f"{display.Money(first.cash_price)}")
        if first.unit.note_allocation is not None:
            text += (f", of which {display.Money(first.unit.note_allocation)} is allocated to "
                     f"{_the(term)}")
    return text


def _surrendered_8k(deal: Deal) -> str | None:
    surrendered = [item for note in deal.notes if note.exchange for item in note.exchange.surrendered]
    if not surrendered:
        return None
    kinds = {item.kind.value for item in surrendered}
    noun = {"note": "promissory note", "preferred_stock": "shares of preferred stock"}.get(
        kinds.pop(), "securities") if len(kinds) == 1 else "securities"
    count = len(surrendered)
    balances = display.series([str(display.Money(item.balance)) for item in surrendered])
    if count == 1:
        return f"an outstanding {noun} with a balance of {balances}"
    plural = noun if noun.endswith("s") or noun == "securities" else noun + "s"
    return (f"{display.Count(count).words} outstanding {plural} with aggregate balances of "
            f"{balances}")


def _agreement_dates(deal: Deal) -> str:
    agreement = deal.agreement
    if agreement is None:
        return ""
    text = ""
    if agreement.dated_as_of is not None and agreement.dated_as_of != agreement.date:
        text += f", effective as of {display.Day(agreement.dated_as_of)},"
    if agreement.closing_date is not None and agreement.closing_date != agreement.date:
        text = text.rstrip(",") + f", which closed on {display.Day(agreement.closing_date)},"
    return text


_CHANGED = {"limit": "increase the facility from {0} to {1}",
            "maturity_date": "extend the maturity date from {0} to {1}",
            "conversion_price": "change the conversion price from {0} to {1}",
            "interest_rate": "change the interest rate from {0} to {1}"}


def _changes(deal: Deal) -> str | None:
    if deal.amendment is None:
        return None
    return display.series([
        (_CHANGED.get(change.term.value) or f"change {change.description} from {{0}} to {{1}}"
         ).format(change.from_, change.to) for change in deal.amendment.changes])


def _heading(deal: Deal, exchange: bool) -> str:
    if deal.amendment is not None:
        verb = "Amendment and Restatement" if deal.amendment.restated else "Amendment"
        return f"{verb} of {deal.amendment.amends}"
    if exchange:
        return "Exchange of Notes" if len(deal.notes) > 1 or len(
            deal.notes[0].exchange.surrendered) > 1 else "Exchange of Note"
    return f"Offering of {_terms_heading(deal)}"


def _terms_heading(deal: Deal, secured: bool = True) -> str:
    """"Unsecured Convertible Note", "Secured Promissory Notes": what the notes are."""
    first = deal.notes[0]
    kind = "Convertible Note" if first.conversion else "Promissory Note"
    if secured:
        kind = ("Secured " if first.security.secured else "Unsecured ") + kind
    return kind + ("s" if len(deal.notes) > 1 else "")


def _tranche_sentence(facts: Facts, note: Note) -> str:
    """A later tranche, in the tense of the report date: funded, or to be funded."""
    derived = facts.note(note)
    ordinal = display.ordinal(note.tranche.number)
    amount = display.Money(note.cash_price)
    condition = f" {note.tranche.condition}" if note.tranche.condition else ""
    if note.tranche.funded and derived.funded_on <= facts.report_date:
        return f"The {ordinal} tranche of {amount} was funded on {display.Day(derived.funded_on)}."
    when = f" (expected on or about {display.Day(note.funding_date)})" if note.funding_date else ""
    return (f"The {ordinal} tranche of {amount} is to be funded{condition}{when}. Until then "
            f"nothing is owed under its note, whose principal is prorated to the part of the "
            f"purchase price paid.")


def registration_8k(deal: Deal) -> str | None:
    """The 8-K's sentence on registration rights."""
    rights = deal.registration_rights
    if rights is None:
        return None
    term = notes_term(deal)
    common = deal.issuer.common_stock.term
    covered = display.series([{"conversion_shares": f"the {display.shares_of(common)} issuable "
                                                    f"upon conversion of the {term}",
                               "warrant_shares": "the shares issuable upon exercise of the "
                                                 + ("warrant" if len(deal.warrants) == 1
                                                    else "warrants"),
                               "commitment_shares": "the commitment shares"}[kind.value]
                              for kind in rights.shares_covered])
    where = f", in a {rights.agreement_title}," if rights.agreement_title else ""
    if rights.kind.value == "piggyback":
        return f"The Company granted piggyback registration rights{where} covering {covered}."
    start = {"closing": "after closing", "agreement": "after the date of the purchase agreement",
             "demand": "after the holder's demand"}[rights.deadlines_from.value]
    damages = (f", subject to liquidated damages of {display.Percent(rights.liquidated_damages_percent_per_month)}"
               " of the principal amount per month of delay"
               if rights.liquidated_damages_percent_per_month else "")
    return (f"The Company agreed{where} to file a registration statement covering the resale of "
            f"{covered} within {rights.filing_deadline_days} days {start}, and to use its best "
            f"efforts to cause it to be declared effective within "
            f"{rights.effectiveness_deadline_days} days {start}{damages}.")


def rights_8k(deal: Deal) -> list[tuple[str, str]]:
    """The investors' rights in later financings as the 8-K states them, each with its field
    under `investor_rights`, in the 8-K's defined terms ("the Investor" or "the Investors")."""
    rights = deal.investor_rights
    if rights is None:
        return []
    investors = investor_subject(deal)
    term = notes_term(deal)
    after = f"the issue date of {_the(term)}" if len(deal.notes) == 1 else \
        f"the first issue date of {_the(term)}"

    def until(period: Period) -> str:
        return period_end(period, _first_issue(deal), after)

    has = "has" if len(deal.investors) == 1 else "have"
    sentences = []
    if rights.most_favored_nation is not None:
        period = rights.most_favored_nation.period
        sentences.append(("most_favored_nation", "If the Company issues any security on terms "
                          "more favorable to the holder of that security"
                          f"{f' until {until(period)}' if period else ''}, that term becomes "
                          f"part of {_the(term)} at the option of {investors}."))
    if rights.right_of_first_refusal is not None:
        sentences.append(("right_of_first_refusal",
                          f"Until {until(rights.right_of_first_refusal.period)}, {investors} "
                          f"{has} a right of first refusal on any debt or equity financing of "
                          "the Company."))
    if rights.participation is not None:
        share = f" up to {display.Percent(rights.participation.percent)} of" \
            if rights.participation.percent else " in"
        sentences.append(("participation", f"Until {until(rights.participation.period)}, "
                          f"{investors} may participate{share} any debt or equity financing of "
                          "the Company."))
    return sentences


def _placed(deal: Deal, place: str) -> list[str]:
    return [term.text for term in deal.additional_terms if term.place.value == place]


def _item_701(deal: Deal, facts: Facts, term: str, style: Style) -> str:
    """Item 3.02's own statement of what was sold, to whom, for what, and on what terms of
    conversion (Regulation S-K Item 701(a), (c) and (e)), for a report whose Item 3.02 does not
    refer to the narrative."""
    first = deal.notes[0]
    investors = display.series([_investor_named(investor) for investor in deal.investors])
    if len(deal.notes) == 1:
        sold = f"{display.Money(first.principal).a} {first.title}"
    else:
        sold = (f"{first.title}s in the aggregate principal amount of "
                f"{display.Money(facts.total_principal)}")
    when = display.Day(min(note.issue_date for note in deal.notes))
    if all(note.exchange for note in deal.notes):
        text = f"On {when}, the Company issued {sold} to {investors} in exchange for " \
               f"{_surrendered_8k(deal)}."
    else:
        text = (f"On {when}, the Company sold {sold} to {investors} for "
                f"{display.Money(facts.gross_proceeds)} in cash.")
    if first.conversion and first.conversion.price is not None:
        text += (f" The {term} {'is' if len(deal.notes) == 1 else 'are'} convertible into shares "
                 f"of {style.common} at "
                 f"{phrases.conversion_8k(first.conversion.price, first.conversion.price_changes, style)}.")
    return text


def facts_report_date(deal: Deal, derived: NoteFacts) -> date:
    return deal.form_8k.report_date if known(deal.form_8k.report_date) else derived.funded_on


def _summary_note(deal: Deal, derived: NoteFacts, extra: dict[str, Any]) -> dict[str, Any]:
    """The 8-K's words for one note."""
    note = derived.note
    style = Style(FORM_8K, deal.issuer.common_stock.term)
    conversion = note.conversion
    summary = {
        "summary_holder": _investor_named(derived.holder),
        "summary_surrendered": _surrendered(note),
        "funded_by_report": derived.funded and derived.funded_on <= facts_report_date(deal, derived),
        "summary_share_valuation": _valuation(note.interest.share_valuation, style),
        "summary_covenants": _covenants_8k(note),
        "summary_start": None, "summary_converts_into": None, "summary_conversion_unit": None,
        "summary_price": None, "summary_advances": None,
    }
    if conversion is None:
        return summary
    common = style.common
    summary["summary_start"] = _start_8k(note, derived)
    if conversion.into.value != "common_stock" and conversion.security_description:
        summary["summary_converts_into"] = conversion.security_description
        summary["summary_conversion_unit"] = conversion.security_description
    else:
        summary["summary_converts_into"] = display.shares_of(common, "the Company's ")
        summary["summary_conversion_unit"] = common
    if conversion.price is not None:
        summary["summary_price"] = phrases.conversion_8k(conversion.price,
                                                         conversion.price_changes, style)
        if conversion.market_price is not None:
            summary["summary_price"] += (", where the market price is "
                                         + phrases.statistic(conversion.market_price, style))
    priced = [advance for advance in note.advances if advance.conversion_price is not None]
    if priced:
        summary["summary_advances"] = ("Advances convert at their own prices: "
                                       + _advance_prices(priced, style) + ".")
    return summary


def _start_8k(note: Note, derived: NoteFacts) -> str:
    conversion = note.conversion
    starts = display.Day(derived.conversion_starts)
    until = "fully paid" if conversion.until.value == "fully_paid" else "the maturity date"
    if conversion.starts_in_month is not None:
        month = display.ordinal(conversion.starts_in_month)
        return f"Beginning in the {month} month after issuance ({starts}) until {until}"
    if conversion.starts_after_months is not None:
        return (f"Beginning {starts} ({display.Count(conversion.starts_after_months)} months after"
                f" issuance) until {until}")
    if derived.conversion_starts != note.issue_date:
        return f"At any time beginning {starts} until {until}"
    return f"At any time after inception of the note until {until}"


def _security_8k(note: Note, subject: str, plural: bool) -> str:
    """"The Note is not secured." and its ranking, for a subject of one note or several."""
    security = note.security
    agreement = security.security_agreement
    collateral = security.collateral
    be, rank, pronoun = ("are", "rank", "They") if plural else ("is", "ranks", "It")
    if collateral is Collateral.NONE:
        text = f"{subject} {be} not secured."
    elif collateral is Collateral.BY_REFERENCE:
        text = f"{subject} {be} secured under the {agreement}."
    else:
        what = "all of the assets of the Company" if collateral is Collateral.ALL_ASSETS \
            else security.collateral_description
        text = f"{subject} {be} secured by a security interest in {what}" + (
            f" under {display.article(agreement)} {agreement}." if agreement else ".")
    ranking = effective_ranking(security)
    if ranking is Ranking.SENIOR:
        text += f" {pronoun} {be} senior secured obligations of the Company." if plural else \
            " It is a senior secured obligation of the Company."
    elif ranking is Ranking.SENIOR_TO_FUTURE:
        text += (f" {pronoun} {rank} senior in right of payment to the Company's future "
                 "indebtedness.")
    elif ranking is Ranking.PARI_PASSU:
        text += (f" {pronoun} {rank} equally in right of payment with the Company's other "
                 "unsecured and unsubordinated indebtedness.")
    elif ranking is Ranking.SUBORDINATED:
        under = f" under the {security.subordination_agreement}" \
            if security.subordination_agreement else ""
        text += (f" {pronoun} {be} subordinated in right of payment to the Company's senior "
                 f"indebtedness{under}.")
    return text


def _events_8k(deal: Deal, note: Note, the_note: str) -> str:
    events = note.events_of_default.events
    if not known(events):
        return display.BLANK
    style = Style(FORM_8K, deal.issuer.common_stock.term)
    fill = dict(_event_words(deal, note, style), the_note=the_note, the_holder="its holder")
    return display.numbered([phrases.EVENTS_OF_DEFAULT[event.value][1].format(**fill)
                             for event in events])


def _covenants_8k(note: Note) -> str | None:
    sentences = []
    if note.negative_covenants:
        words = {"debt": "incur other debt", "liens": "grant liens",
                 "affiliate_transactions": "enter into transactions with affiliates",
                 "section_3a9_3a10_settlements": "settle claims by issuing shares under Section "
                                                 "3(a)(9) or 3(a)(10)",
                 "dividends": "pay dividends"}
        sentences.append("While it is outstanding, the Company may not, without the holder's "
                         "consent, " + display.series(
                             [words[item.value] for item in note.negative_covenants], "or") + ".")
    if note.settlement_penalty_percent is not None:
        sentences.append("If the Company settles any claim under Section 3(a)(10), it owes the "
                         f"holder {display.Percent(note.settlement_penalty_percent)} of the "
                         "outstanding balance.")
    return " ".join(sentences) or None


def _note_groups(deal: Deal, views: list[View]) -> list[dict[str, Any]]:
    """The notes grouped by identical terms, so that a summary states shared terms once.

    Notes differ in holder, amounts, fees, funding and defined term without differing in terms."""
    groups: dict[Note, list[int]] = {}
    for index, note in enumerate(deal.notes):
        terms = dataclasses.replace(note, holder="", id=None, principal=Decimal(0),
                                    purchase_price=Decimal(0), fees_withheld=(), funding_date=None,
                                    tranche=None, defined_term=None, advances=(), exchange=None)
        groups.setdefault(terms, []).append(index)
    term = notes_term(deal)
    result = []
    for indexes in groups.values():
        plural = len(indexes) > 1
        holders = list(dict.fromkeys(_investor_named(deal.investor(deal.notes[index].holder))
                                     for index in indexes))
        if len(groups) == 1:
            the_note = _the(term)
        else:  # name each group's notes unmistakably: one holder may hold several
            kind = "Notes" if plural else deal.notes[indexes[0]].title
            the_note = f"the {kind} issued to {display.series(holders)}"
        subject = display.capitalized(the_note)
        the_note = the_note if len(groups) == 1 else ("the Notes" if plural else "the Note")
        note = deal.notes[indexes[0]]
        result.append({"note": views[indexes[0]], "plural": plural, "subject": subject,
                       "the_note": the_note, "events": _events_8k(deal, note, the_note),
                       "security": _security_8k(note, subject, plural)})
    return result


def _money_or_none(amount: Decimal | None) -> display.Money | None:
    return None if amount is None else display.Money(amount)


def _totals(facts: Facts) -> dict[str, Any]:
    report_date = facts.report_date
    return {
        "received_by_proceeds_date": _money_or_none(facts.received_by_proceeds_date),
        "funded_later": [{"purchase_price": display.Money(later.note.cash_price),
                          "title": later.note.title, "holder": _investor_named(later.holder),
                          "date": display.Day(later.funded_on),
                          "received": later.funded and later.funded_on <= report_date}
                         for later in facts.funded_later
                         if later.note.tranche is None],  # a tranche has a sentence of its own
        "principal": display.Money(facts.total_principal),
        "gross_proceeds": display.Money(facts.gross_proceeds),
        "net_proceeds": display.Money(facts.net_proceeds),
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
        "form_d_required": facts.form_d_required,
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
