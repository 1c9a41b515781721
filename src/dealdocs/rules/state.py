"""State notice filings for Rule 506 offerings (Securities Act §18)."""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..display import series
from ..facts import Facts
from ..model import Deal, Exemption
from ..problems import Severity, Status
from . import Outcome, rule
from .phrases import long_day

NO_FILING_STATES = {"FL": "Florida requires no notice filing for Rule 506 offerings"}  # [S]
NEW_YORK_EFD = date(2020, 12, 2)  # before it, New York's Form 99 was due before the sale [S]
_EXCHANGE_NAMES = {"nasdaq": "the Nasdaq Stock Market", "nyse": "the New York Stock Exchange",
                   "nyse_american": "NYSE American"}


@rule("state.notice-filings", regime="state",
      requirement="For a Rule 506 offering by a company whose stock is not exchange-listed, file "
      "a notice (Form D), a consent to service of process and the fee in each state where a "
      "purchaser is, generally within 15 days after the first sale there, through NASAA EFD.",
      citation="Securities Act §18(b)(1), (b)(4)(F), (c)(2)(A), (c)(2)(D), (c)(3); each state's "
      "notice-filing rule")
def notice_filings(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R30."""
    stock = deal.issuer.common_stock
    if stock.market.is_exchange:
        yield Outcome(Status.NOT_APPLICABLE,
                      f"No state notice filings: the common stock is listed on "
                      f"{_EXCHANGE_NAMES[str(stock.market)]}, so the notes and conversion shares "
                      "are covered securities for which no state may require a filing or fee "
                      "(§18(b)(1), (c)(2)(D))", ("issuer", "common_stock", "market"))
        return
    states = sorted({investor.state for investor in deal.investors if investor.state})
    exemptions = set(deal.offering.exemptions)
    if exemptions == {Exemption.SECTION_3A9}:
        yield Outcome(Status.NOT_APPLICABLE,
                      "No state notice filings: securities issued in an exchange exempt under "
                      "Section 3(a)(9) are covered securities (§18(b)(4)(E), which covers "
                      "Section 3(a) exemptions other than 3(a)(4), (10) and (11)), and no Form D "
                      "is filed to give notice of", ("offering", "exemptions"))
        return
    if not {Exemption.RULE_506B, Exemption.RULE_506C} & exemptions:
        where = f" ({series(states)})" if states else ""
        yield Outcome(Status.NEEDS_INPUT,
                      "The offering does not rely on Rule 506, so the securities are not "
                      "covered securities under §18(b)(4)(F): each purchaser's state may require "
                      f"registration or its own exemption{where}; confirm one applies",
                      ("offering", "exemptions"))
        return
    for index, investor in enumerate(deal.investors):
        if investor.state is None:
            yield Outcome(Status.NEEDS_INPUT,
                          f"{investor.name}'s state is not given, so the state notice filing "
                          "cannot be planned", ("investors", index))
    filed = {notice.state: notice.filed_date for notice in deal.offering.state_notices}
    for notice in facts.deadlines.state_notices:
        yield _notice(deal, notice, filed.get(notice.state))


def _notice(deal: Deal, notice, filed: date | None) -> Outcome:
    state, field = notice.state, ("investors", notice.investors[0], "state")
    if state in NO_FILING_STATES:
        return Outcome(Status.NOT_APPLICABLE, f"{state}: {NO_FILING_STATES[state]}", field)
    when = (f"by {long_day(notice.due)}, 15 days after the first sale there on "
            f"{long_day(notice.first_sale)}")
    if notice.due != notice.counted_to:
        when += f", rolled past {long_day(notice.counted_to)} (not a business day)"
    if state == "NY" and notice.first_sale < NEW_YORK_EFD:
        return Outcome(Status.NEEDS_INPUT,
                       f"NY: before {long_day(NEW_YORK_EFD)} New York required its Form 99 "
                       "before the sale, not a notice after it; confirm it was filed", field)
    if filed is None:
        return Outcome(Status.ACTION_REQUIRED,
                       f"File the Rule 506 notice in {state} through NASAA EFD, with the fee, "
                       f"{when} (the common deadline; {state}'s own rule governs)", field,
                       due=notice.due)
    if filed <= notice.due:
        return Outcome(Status.SATISFIED, f"{state}: the notice was filed on {long_day(filed)}, "
                       f"on time: due {when}", field)
    return Outcome(Status.SATISFIED,
                   f"{state}: the notice was filed on {long_day(filed)}, after the common "
                   f"deadline: due {when}; a state may suspend offers and sales for failure to "
                   f"file (§18(c)(3)): check {state}'s rule", field, severity=Severity.WARNING)
