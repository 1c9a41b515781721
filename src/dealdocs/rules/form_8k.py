"""Form 8-K: when the report is due, which items the deal triggers, and what each must say."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Iterator

from ..display import Money, Percent, Price, Shares, series
from ..facts import Facts, percent_of
from ..model import Deal, ExhibitDocument, Item, RelationshipKind, known
from ..problems import Severity, Status
from . import Outcome, rule
from .phrases import agreement_name, exemptions, form_8k_due_sentence, long_day, sentence

EVENT = ("form_8k", "event_date")
EDGAR_EARLIEST = date(1980, 1, 1)  # EDGAR's floor for dei:DocumentPeriodEndDate
EDGAR_OPENS, EDGAR_CLOSES = "06:00", "22:00"  # Rule 0-2(c): electronic filings accepted
# Item 3.02 and Item 701 concern equity securities only; a note that does not convert is debt.
NO_EQUITY = ("no equity security is sold: no note converts, and the deal issues no warrants or "
             "shares. A note that does not convert is a debt security, which Item 3.02 (and Item "
             "701 of Regulation S-K) does not cover")
UNBOUNDED = ("the conversion price has no floor, so the shares the notes can become have no "
             "limit: at a low enough price they pass any threshold, and each conversion is itself "
             "an unregistered sale that counts toward it")


# --- when ------------------------------------------------------------------------------------


@rule("form_8k.due", regime="form_8k",
      requirement="File the Form 8-K within four business days after the event: the 4th SEC "
      "business day after it, counted from the next business day when the event falls on a "
      "weekend or holiday.",
      citation="Form 8-K General Instruction B.1; Exchange Act Rule 0-2; 17 CFR 201.104")
def due(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R1 (due date), R3 (business days: the calendar)."""
    deadline = facts.deadlines.form_8k
    message = form_8k_due_sentence(deadline, facts.calendar.closure_reason)
    yield Outcome(Status.ACTION_REQUIRED, message, EVENT, due=deadline.safe_due)


@rule("form_8k.event-date", regime="form_8k",
      requirement="The event date is the date an agreement enforceable against the Company was "
      "signed, whether or not subject to conditions; without an agreement, the closing.",
      citation="Form 8-K Item 1.01(a); Item 2.03 Instruction 1; Item 3.02(a)")
def event_date(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R2."""
    deadlines = facts.deadlines
    trigger, event = deadlines.form_8k_trigger, deal.form_8k.event_date
    source = (f"{agreement_name(deal)} was signed on {long_day(trigger)}" if deal.agreement
              else f"no purchase agreement is given, so the closing (the first note's issue "
                   f"date, {long_day(trigger)}) triggers the items")
    if deadlines.form_8k_from_trigger is None:
        yield Outcome(Status.SATISFIED, f"The event date is the trigger: {source}", EVENT)
    elif event > trigger:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"The event date {long_day(event)} is after the trigger: {source}. The four "
                      f"business days run from the signing, so the 8-K is due "
                      f"{long_day(deadlines.form_8k_from_trigger.due)}, not "
                      f"{long_day(deadlines.form_8k_due)}", EVENT,
                      due=deadlines.form_8k_from_trigger.safe_due, severity=Severity.ERROR)
    else:
        yield Outcome(Status.NEEDS_INPUT,
                      f"The event date {long_day(event)} is before the trigger: {source}. Confirm "
                      "which event the 8-K reports; an earlier event date only makes the due date "
                      "earlier", EVENT)


@rule("form_8k.timely", regime="form_8k",
      requirement="EDGAR dates a submission started by 5:30 p.m. ET on a business day that day, a "
      "later one the next business day (Forms 8-K and D get no 10 p.m. extension); the filing "
      "date must not be after the due date.",
      citation="Regulation S-T Rule 13(a)(2)-(4); Exchange Act Rule 0-2(c); Form 8-K General "
      "Instruction B.1")
def timely(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R4 (EDGAR filing date), R5 (late 8-K)."""
    form, deadlines = deal.form_8k, facts.deadlines
    filed, due_date = deadlines.form_8k_filing_date, deadlines.form_8k.due
    if form.submission_time is None and not known(form.report_date):
        yield Outcome(Status.NEEDS_INPUT, f"The report date is not yet known; file so that "
                      f"EDGAR dates the 8-K by {long_day(deadlines.form_8k.safe_due)}",
                      ("form_8k", "report_date"), due=deadlines.form_8k.safe_due)
        return
    if form.submission_time is None:
        field = ("form_8k", "report_date")
        how = f"the report date {long_day(form.report_date)}, submitted by 5:30 p.m. ET"
        if filed != form.report_date:
            reason = facts.calendar.closure_reason(form.report_date)
            how += f" (the SEC is closed that day: {reason})"
    else:
        field = ("form_8k", "submission_time")
        submitted = datetime.fromisoformat(form.submission_time)
        how = f"a submission started at {submitted:%H:%M} ET on {long_day(submitted.date())}"
        if not EDGAR_OPENS <= f"{submitted:%H:%M}" <= EDGAR_CLOSES:
            yield Outcome(Status.NEEDS_INPUT,
                          f"EDGAR accepts filings from 6:00 a.m. to 10:00 p.m. ET; a submission "
                          f"at {submitted:%H:%M} ET cannot start then", field)
    if filed > due_date:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"The 8-K will be late: EDGAR will date it {long_day(filed)} ({how}), after "
                      f"the due date {long_day(due_date)}", field, due=deadlines.form_8k.safe_due,
                      severity=Severity.ERROR)
    elif filed > deadlines.form_8k.safe_due:
        closures = series([long_day(day) for day in deadlines.form_8k.unverified_closures])
        yield Outcome(Status.ACTION_REQUIRED,
                      f"EDGAR will date the 8-K {long_day(filed)} ({how}): timely only if the SEC "
                      f"was closed on {closures}"
                      f" (an executive-order closure we have not confirmed for the SEC); file by "
                      f"{long_day(deadlines.form_8k.safe_due)} to be safe", field,
                      due=deadlines.form_8k.safe_due, severity=Severity.WARNING)
    else:
        yield Outcome(Status.SATISFIED,
                      f"EDGAR will date the 8-K {long_day(filed)} ({how}), on or before the due "
                      f"date {long_day(due_date)}", field)


@rule("form_8k.late-item-3.02", regime="form_8k",
      requirement="A late Item 3.02 report costs Form S-3 eligibility for 12 months; late Items "
      "1.01 and 2.03 are within the safe harbor.",
      citation="Form S-3 General Instruction I.A.3(b); Exchange Act Rule 13a-11(c); Cooley, "
      "\"Triggering Events for Form 8-K\"",
      unverified=True)  # the exact safe-harbor list (1.01, 2.03 …) is [K]
def late_item_3_02(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R5 (S-3 consequence)."""
    deadlines = facts.deadlines
    if not deadlines.form_8k_late:
        yield Outcome(Status.NOT_APPLICABLE, "The 8-K is timely, so Form S-3 eligibility is not "
                      "affected", ("form_8k", "report_date"))
        return
    status, _ = item_3_02_status(deal, facts)
    if status is Status.NOT_APPLICABLE:
        yield Outcome(Status.NOT_APPLICABLE,
                      "The 8-K is late, but Item 3.02 is not required; late Items 1.01 and 2.03 "
                      "are within the Form S-3 safe harbor", ("form_8k", "report_date"))
        return
    yield Outcome(Status.ACTION_REQUIRED,
                  f"Filing Item 3.02 late (EDGAR date {long_day(deadlines.form_8k_filing_date)}, "
                  f"due {long_day(deadlines.form_8k_due)}) makes the Company ineligible to use "
                  "Form S-3 until it has filed all required reports on time for 12 calendar "
                  "months; late Items 1.01 and 2.03 alone would not", ("form_8k", "report_date"),
                  severity=Severity.WARNING)


@rule("form_8k.period-end-date", regime="form_8k",
      requirement="The cover's dei:DocumentPeriodEndDate is the date of the earliest event "
      "reported, on or after January 1, 1980 and not after the filing date.",
      citation="EDGAR Filer Manual 6.5.20; SEC EDGAR validation rule \"de5pm\" (Arelle/EDGAR "
      "validate/Filing.py)")
def period_end_date(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R6."""
    event, filed = deal.form_8k.event_date, facts.deadlines.form_8k_filing_date
    if event < EDGAR_EARLIEST or event > filed:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"EDGAR will reject the cover: the event date {long_day(event)} must fall "
                      f"between January 1, 1980 and the filing date {long_day(filed)}", EVENT,
                      severity=Severity.ERROR)
    else:
        yield Outcome(Status.SATISFIED,
                      f"dei:DocumentPeriodEndDate will be {event.isoformat()}, the event date, "
                      f"not after the filing date {long_day(filed)}", EVENT)


@rule("form_8k.cover-facts", regime="form_8k",
      requirement="The 8-K's Inline XBRL cover page carries every dei element EDGAR requires of "
      "an 8-K (document type and period, registrant name and CIK, file number, state of "
      "incorporation, tax number, address, telephone, the four check boxes, the Section 12(b) "
      "securities, the emerging growth company boxes), and no CurrentFiscalYearEndDate.",
      citation="EDGAR Filer Manual 6.5.20-6.5.53; SEC dei-validations.json (Arelle/EDGAR); "
      "Regulation S-T Rule 406; Regulation S-K Item 601(b)(104)")
def cover_facts(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R16: each cover element with no source in the deal file."""
    found = False
    for fact in facts.cover:
        if fact.value is None:
            found = True
            rejects = "EDGAR rejects a cover" if fact.required else "EDGAR warns about a cover"
            yield Outcome(Status.NEEDS_INPUT, f"{rejects} without dei:{fact.element}: the deal "
                          f"file does not give {fact.needs}", fact.path,
                          severity=Severity.ERROR if fact.required else None)
    if deal.issuer.website is None:
        found = True
        yield Outcome(Status.NEEDS_INPUT, "The cover's taxonomy is named after the Company's web "
                      "domain (EFM 6.7.3): give issuer.website; until then its namespace is a "
                      "placeholder under .invalid", ("issuer",))
    if not found:
        yield Outcome(Status.SATISFIED, f"The cover tags {len(facts.cover)} dei facts, each from "
                      "the deal file", ("issuer",))


# --- which items -----------------------------------------------------------------------------


def _left_out(deal: Deal, item: Item) -> bool:
    choice = deal.form_8k.choice(item)
    return choice is not None and not choice.include


def _chosen(deal: Deal, item: Item, facts: Facts,
            concluded: Iterator[Outcome]) -> Iterator[Outcome]:
    """The lawyer's choice under form_8k.items decides the item; the rules' own conclusion stays
    on record beside it, so that the checklist shows what was overridden and why."""
    choice = deal.form_8k.choice(item)
    if choice is None:
        yield from concluded
        return
    found = list(concluded)
    field = ("form_8k", "items", deal.form_8k.items.index(choice))
    record = f" (the rules found: {'; '.join(o.message for o in found)})" if found else ""
    if choice.include:
        yield Outcome(Status.ACTION_REQUIRED, f"Item {item} is included by choice: "
                      f"{choice.reason}{record}", field, due=facts.deadlines.form_8k.safe_due)
        return
    overruled = any(outcome.status is not Status.NOT_APPLICABLE for outcome in found)
    yield Outcome(Status.NOT_APPLICABLE, f"Item {item} is left out by choice: {choice.reason}"
                  f"{record}", field, severity=Severity.WARNING if overruled else None)


@rule("form_8k.item-1.01", regime="form_8k",
      requirement="Report entry into a material definitive agreement not made in the ordinary "
      "course under Item 1.01.",
      citation="Form 8-K Item 1.01(a); Item 601(b)(10)(ii)(A) of Regulation S-K")
def item_1_01(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R2 (trigger), R11 (the item)."""
    return _chosen(deal, Item.ITEM_1_01, facts, _item_1_01_found(deal, facts))


def _item_1_01_found(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    message = (f"Item 1.01 is required: the Company entered into {agreement_name(deal)} on "
               f"{long_day(facts.deadlines.form_8k_trigger)}, a definitive agreement "
               "enforceable against it and not made in the ordinary course. dealdocs takes it to "
               "be material to the Company; if it is not, the item is not required")
    insiders = [investor.name for investor in deal.investors if investor.relationship and
                investor.relationship.kind in (RelationshipKind.DIRECTOR,
                                               RelationshipKind.EXECUTIVE_OFFICER,
                                               RelationshipKind.TRUSTEE)]
    if insiders:
        message += (f". An agreement with a director, trustee or executive officer "
                    f"({series(insiders)}) is "
                    "deemed not made in the ordinary course")
    yield Outcome(Status.ACTION_REQUIRED, message, EVENT, due=facts.deadlines.form_8k.safe_due)


@rule("form_8k.item-2.03", regime="form_8k",
      requirement="Report the creation of a direct financial obligation that is material to the "
      "Company under Item 2.03: long-term debt, or short-term debt arising outside the ordinary "
      "course of business.",
      citation="Form 8-K Item 2.03(a), (c)-(e); Item 2.03 Instruction 1",
      unverified=True)  # the item's wording is [K]; Deloitte's summary is [S]
def item_2_03(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R2 (trigger), R12 (the item)."""
    return _chosen(deal, Item.ITEM_2_03, facts, _item_2_03_found(deal, facts))


def _item_2_03_found(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    notes = series([f"the {Money(note.principal)} {note.title} "
                    f"(maturity {long_day(note.maturity_date)})" for note in deal.notes])
    yield Outcome(Status.ACTION_REQUIRED,
                  f"Item 2.03 is required: the Company became directly obligated on "
                  f"{long_day(facts.deadlines.form_8k_trigger)} under {notes}, debt that is not "
                  "incurred in the ordinary course. dealdocs takes the obligation to be material "
                  "to the Company; if it is not, the item is not required", EVENT,
                  due=facts.deadlines.form_8k.safe_due)


def item_3_02_status(deal: Deal, facts: Facts) -> tuple[Status, str]:
    """Whether the 8-K includes Item 3.02, and why: shared by the rules that depend on it."""
    choice = deal.form_8k.choice(Item.ITEM_3_02)
    if choice is not None:
        return (Status.ACTION_REQUIRED if choice.include else Status.NOT_APPLICABLE,
                f"included by choice: {choice.reason}" if choice.include
                else f"left out by choice: {choice.reason}")
    return _item_3_02_threshold(deal, facts)


def _item_3_02_threshold(deal: Deal, facts: Facts) -> tuple[Status, str]:
    """Whether Item 3.02 is required by its threshold, and the evidence.

    The shares sold are counted at the signing price and, for a price with a floor, at the floor:
    a later conversion at a lower price is itself a sale that counts toward the threshold, so the
    most a note can become is what decides. A price with no floor has no most: it passes any
    threshold at a low enough price, so the item is required whatever the signing price gives,
    and even before the shares outstanding are known.
    """
    if not facts.equity_sold:
        return Status.NOT_APPLICABLE, NO_EQUITY
    if facts.unbounded:
        return Status.ACTION_REQUIRED, UNBOUNDED
    stock = deal.issuer.common_stock
    if facts.item_3_02_shares is None or stock.shares_outstanding is None:
        missing = []
        if stock.shares_outstanding is None:
            missing.append("the shares outstanding before the deal "
                           "(issuer.common_stock.shares_outstanding)")
        if facts.item_3_02_shares is None:
            missing.append("the value of the conversion measure at signing "
                           "(market_data.conversion_measure_price)")
        return Status.NEEDS_INPUT, series(missing)
    outstanding = stock.shares_outstanding
    evidence = (f"{Shares(facts.item_3_02_shares)} shares ÷ {Shares(outstanding)} outstanding = "
                f"{Percent(facts.item_3_02_percent)}")
    percent = facts.item_3_02_percent
    floor_shares = facts.item_3_02_floor_shares
    if floor_shares is not None and floor_shares > facts.item_3_02_shares:
        percent = percent_of(floor_shares, outstanding)
        evidence += (f" at the signing price; at the floor price, {Shares(floor_shares)} shares "
                     f"= {Percent(percent)}")
    if percent >= facts.item_3_02_threshold:
        return Status.ACTION_REQUIRED, evidence
    return Status.NOT_APPLICABLE, evidence


def _share_evidence(deal: Deal, facts: Facts) -> str:
    parts = []
    for note_facts in facts.notes:
        note = note_facts.note
        if note.conversion is None or note.conversion.price is None:
            continue
        name = f"note {note.id}" if note.id else "the note"
        if note_facts.shares_at_signing is None:
            parts.append(f"{name}: not computed")
        else:
            parts.append(f"{name}: {Money(note_facts.convertible_amount)} ÷ "
                         f"{Price(note_facts.conversion_price_at_signing)} = "
                         f"{Shares(note_facts.shares_at_signing)} shares")
    for warrant in deal.warrants:
        parts.append(f"warrant: {Shares(warrant.shares)} shares")
    for grant in deal.commitment_shares:
        parts.append(f"commitment shares: {Shares(grant.shares)}")
    earlier = deal.form_8k.unreported_equity_sales_shares
    if earlier:
        parts.append(f"earlier unreported sales: {Shares(earlier)} shares")
    return "; ".join(parts)


@rule("form_8k.item-3.02", regime="form_8k",
      requirement="Report an unregistered sale of equity securities under Item 3.02 when the "
      "shares sold since the last Item 3.02 or periodic report, counting the shares underlying "
      "convertibles, reach 1% of the shares outstanding (5% for a smaller reporting company).",
      citation="Form 8-K Item 3.02(a)-(b); Item 3.02 C&DI on convertibles (text not verified); "
      "Rule 12b-2",
      unverified=True)  # the C&DI's text and the SRC definition are [K]
def item_3_02(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R7 (threshold), R8 (the SRC flag chooses 5%; the definition itself is not applied),
    R9 (underlying shares at the signing price and at the floor; no floor requires the item)."""
    return _chosen(deal, Item.ITEM_3_02, facts, _item_3_02_found(deal, facts))


def _item_3_02_found(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    threshold = Percent(facts.item_3_02_threshold)
    who = "a smaller reporting company" if deal.issuer.smaller_reporting_company \
        else "not a smaller reporting company"
    field = ("issuer", "common_stock")
    status, evidence = _item_3_02_threshold(deal, facts)
    shares = _share_evidence(deal, facts)
    due = facts.deadlines.form_8k.safe_due
    if not facts.equity_sold:
        yield Outcome(status, f"Item 3.02 is not required: {evidence}", ("notes",))
    elif facts.unbounded:
        yield Outcome(status, f"Item 3.02 is required: {evidence} (the threshold is {threshold}: "
                      f"the Company is {who})", field, shares, due)
    elif status is Status.NEEDS_INPUT:
        yield Outcome(status, f"Cannot tell whether Item 3.02 is required without {evidence}; the "
                      "8-K includes the item until it is shown not to be", field, shares)
    elif status is Status.ACTION_REQUIRED:
        yield Outcome(status, f"Item 3.02 is required: {evidence}, at or above the {threshold} "
                      f"threshold (the Company is {who})", field, shares, due)
    else:
        yield Outcome(status, f"Item 3.02 is not required: {evidence}, below the {threshold} "
                      f"threshold (the Company is {who}); report the sale under Item 701 in the "
                      "next 10-Q or 10-K", field, shares)


@rule("form_8k.item-9.01", regime="form_8k",
      requirement="List the exhibits filed with the report under Item 9.01(d).",
      citation="Form 8-K Item 9.01(d); Item 601 of Regulation S-K",
      unverified=True)  # the wording of Item 9.01 is [K]
def item_9_01(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R14 (the item)."""
    exhibits = series([f"{exhibit.number} ({exhibit.title})" for exhibit in deal.form_8k.exhibits])
    yield Outcome(Status.ACTION_REQUIRED, f"Item 9.01(d) is required: it lists Exhibit "
                  f"{exhibits}", ("form_8k", "exhibits"), due=facts.deadlines.form_8k.safe_due)


@rule("form_8k.exhibits", regime="form_8k",
      requirement="File the note as Exhibit 4 (instruments defining the rights of security "
      "holders) and the purchase agreement as Exhibit 10 (material contracts), with this report "
      "or with the 10-Q or 10-K for the period in which they were signed; hyperlink each.",
      citation="Regulation S-K Item 601(a)(4), (b)(4), (b)(10); Release 33-10322")
def exhibits(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R14 (numbering and filing; the hyperlinks are the renderer's)."""
    listed = deal.form_8k.exhibits
    found = False
    expected = {ExhibitDocument.NOTE: ("4", "a note", "Item 601(b)(4)"),
                ExhibitDocument.PURCHASE_AGREEMENT: ("10", "a purchase agreement",
                                                     "Item 601(b)(10)")}
    for index, exhibit in enumerate(listed):
        if exhibit.document in expected:
            series_number, what, item = expected[exhibit.document]
            if exhibit.number.split(".")[0] != series_number:
                found = True
                yield Outcome(Status.NEEDS_INPUT,
                              f"Exhibit {exhibit.number} is {what}; practice numbers it "
                              f"{series_number}.x ({item}). Renumber it, or keep the number "
                              "the Company has used for such documents before",
                              ("form_8k", "exhibits", index, "number"))
    documents = {exhibit.document for exhibit in listed}
    missing = []
    if ExhibitDocument.NOTE not in documents:
        missing.append(f"the {deal.notes[0].title}")
    if deal.agreement is not None and ExhibitDocument.PURCHASE_AGREEMENT not in documents:
        missing.append(f"the {deal.agreement.title}")
    if missing:
        found = True
        yield Outcome(Status.ACTION_REQUIRED,
                      f"{sentence(series(missing))} is not an exhibit to this 8-K: unless it "
                      "is immaterial, file it with the 10-Q or 10-K for the period in which it "
                      "was signed", ("form_8k", "exhibits"), severity=Severity.WARNING)
    if not found:
        yield Outcome(Status.SATISFIED,
                      "The note and the purchase agreement are exhibits, numbered 4.x and 10.x",
                      ("form_8k", "exhibits"))


# --- what each item says ---------------------------------------------------------------------


@rule("form_8k.contents-1.01", regime="form_8k",
      requirement="Item 1.01 states the date of the agreement, the parties, any material "
      "relationship between the Company or its affiliates and a party, and a brief description "
      "of the material terms, in the body of the report.",
      citation="Form 8-K Item 1.01(a); Form 8-K C&DI 102.03")
def contents_1_01(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R11."""
    if _left_out(deal, Item.ITEM_1_01):
        yield Outcome(Status.NOT_APPLICABLE, "The 8-K leaves out Item 1.01 by choice, so it "
                      "states none of its content", ("form_8k", "items"))
        return
    gaps = False
    for index, investor in enumerate(deal.investors):
        if investor.relationship is not None:
            continue
        roles = next((person.roles for person in deal.issuer.covered_persons
                      if person.name == investor.name), ())
        insider = [str(role).replace("_", " ") for role in roles]
        large = investor.voting_power_percent is not None and investor.voting_power_percent >= 10
        if insider or large:
            gaps = True
            why = (f"listed as a covered person ({series(insider)})" if insider else
                   f"holding {Percent(investor.voting_power_percent)} of the voting power")
            yield Outcome(Status.NEEDS_INPUT,
                          f"{investor.name} is {why}, but no relationship is given; Item 1.01 "
                          "describes any material relationship with the Company: confirm and "
                          "give it",
                          ("investors", index, "relationship"))
    if gaps:
        return
    related = [f"{investor.name}, {investor.relationship.description}"
               for investor in deal.investors if investor.relationship]
    parties = series([deal.issuer.name] + [investor.name for investor in deal.investors])
    yield Outcome(Status.SATISFIED,
                  f"The deal file gives what Item 1.01 states: the date "
                  f"({long_day(facts.deadlines.form_8k_trigger)}); the parties ({parties}); "
                  f"material relationships ({'; '.join(related) if related else 'none given'}); "
                  "and the note's terms", ("agreement",) if deal.agreement else ("notes",))


@rule("form_8k.contents-2.03", regime="form_8k",
      requirement="Item 2.03 states the date the obligation arose and the transaction, its "
      "amount, payment terms, the terms under which it may be accelerated or increased, the "
      "nature of any recourse, and other material terms.",
      citation="Form 8-K Item 2.03(a)",
      unverified=True)  # the item's wording is [K]
def contents_2_03(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R12."""
    if _left_out(deal, Item.ITEM_2_03):
        yield Outcome(Status.NOT_APPLICABLE, "The 8-K leaves out Item 2.03 by choice, so it "
                      "states none of its content", ("form_8k", "items"))
        return
    missing = False
    for index, note in enumerate(deal.notes):
        security = note.security
        if security.secured and security.security_agreement is None:
            missing = True
            yield Outcome(Status.NEEDS_INPUT,
                          "The note is secured, but the security agreement is not named; Item "
                          "2.03 describes the recourse, and the agreement is an exhibit",
                          ("notes", index, "security", "security_agreement"))
    if missing:
        return
    increase = sorted({f"a default amount of {Percent(n.events_of_default.default_amount_percent)}"
                       for n in deal.notes if n.events_of_default.default_amount_percent} |
                      {f"default interest at {Percent(n.interest.default_rate_percent)}"
                       for n in deal.notes if n.interest.default_rate_percent})
    recourse = "secured" if any(n.security.secured for n in deal.notes) else "unsecured"
    increases = f", and what increases it ({series(increase)})" if increase else ""
    yield Outcome(Status.SATISFIED,
                  f"The deal file gives what Item 2.03 states: the date "
                  f"({long_day(facts.deadlines.form_8k_trigger)}); the amount "
                  f"({Money(facts.total_principal)} of principal); the payment terms; the events "
                  f"of default that accelerate it{increases}; and the recourse ({recourse})",
                  ("notes",))


@rule("form_8k.contents-3.02", regime="form_8k",
      requirement="Item 3.02 states, under Item 701(a) and (c)-(e): the date, title and amount "
      "of the securities sold; the aggregate offering price and the discounts or commissions; "
      "the exemption and the facts relied on; and the terms of conversion. The purchasers' "
      "names are not required.",
      citation="Form 8-K Item 3.02(a); Regulation S-K Item 701(a), (c)-(e)",
      unverified=True)  # the item's content list is [K]
def contents_3_02(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R10."""
    status, _ = item_3_02_status(deal, facts)
    field = ("form_8k", "item_3_02_incorporates_item_1_01")
    if status is Status.NOT_APPLICABLE:
        yield Outcome(Status.NOT_APPLICABLE, "Item 3.02 is not required, so neither is its "
                      "content", field)
        return
    open_points = False
    for index, agent in enumerate(deal.placement_agents):
        if agent.cash_fee_amount is None and agent.cash_fee_percent is None:
            open_points = True
            yield Outcome(Status.NEEDS_INPUT,
                          f"{agent.name}'s fee is not given; Item 701(c) states the commissions",
                          ("placement_agents", index))
    if not deal.form_8k.item_3_02_incorporates_item_1_01:
        open_points = True
        yield Outcome(Status.NEEDS_INPUT,
                      "Item 3.02 does not incorporate Item 1.01 by reference, so it must itself "
                      "state the consideration and discounts or commissions (Item 701(c)) and the "
                      "terms of conversion (Item 701(e)), which the report as filed left to Item "
                      "1.01", field)
    if open_points:
        return
    fees = [f"placement fees of {Money(facts.placement_fees)}"] if deal.placement_agents else []
    if facts.fees_withheld:
        fees.append(f"{Money(facts.fees_withheld)} of the purchasers' fees withheld")
    yield Outcome(Status.SATISFIED,
                  f"The deal file gives what Item 3.02 states: {_consideration(deal, facts)}"
                  f"{', with ' + series(fees) if fees else ', with no commissions'}; the exemption "
                  f"({exemptions(deal)}) and the facts relied on; and the conversion terms (by "
                  "reference to Item 1.01)", field)


def _consideration(deal: Deal, facts: Facts) -> str:
    """What was sold, when and for what (Item 701(a), (c)): cash, or the securities exchanged."""
    sold = f"{long_day(facts.deadlines.form_8k_trigger)} of {Money(facts.total_principal)} of notes"
    if all(note.exchange is not None for note in deal.notes):
        balances = sum((item.balance for note in deal.notes for item in note.exchange.surrendered),
                       Decimal(0))
        return (f"the issue on {sold} in exchange for outstanding securities with balances of "
                f"{Money(balances)}, for no cash")
    return f"the sale on {sold} for {Money(facts.gross_proceeds)}"
