"""Limits on issuing shares: the exchanges' 20% rules, and the authorized shares the notes need."""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..display import Percent, Price, Shares
from ..facts import EXCHANGE_PERCENT, Facts, percent_of
from ..model import Deal, Market
from ..problems import Severity, Status
from . import Outcome, rule
from .phrases import long_day

STOCK = ("issuer", "common_stock")
MARKET = ("market_data",)
# The Minimum Price test in force from: Nasdaq 5635(d) as amended [V]; NYSE American §713 [S].
MINIMUM_PRICE_FROM = {Market.NASDAQ: date(2018, 9, 26), Market.NYSE_AMERICAN: date(2025, 3, 6)}
NO_SHARES = ("The deal can issue no shares: no note converts, and it issues no warrants or "
             "shares")
RULE_NAMES = {Market.NASDAQ: "Nasdaq Rule 5635(d)", Market.NYSE_AMERICAN: "NYSE American §713"}


@rule("exchange.20-percent", regime="exchange",
      requirement="A listed company needs shareholder approval before issuing, other than in a "
      "public offering, 20% or more of its common stock or voting power outstanding before the "
      "deal at a price below the Minimum Price (the lower of the last closing price and the "
      "five-day average before signing); a price with no floor counts as 20% or more.",
      citation="Nasdaq Listing Rule 5635(d); IM-5635-4; Nasdaq FAQs 271, 272, 276; NYSE American "
      "Company Guide §713")
def twenty_percent(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R31 (Nasdaq), R32 (NYSE American)."""
    market = deal.issuer.common_stock.market
    signed = facts.deadlines.form_8k_trigger
    field = STOCK + ("market",)
    if not market.is_exchange:
        yield Outcome(Status.NOT_APPLICABLE, "The stock is not exchange-listed, so no exchange "
                      "20% rule applies; only the authorized shares limit issuance", field)
        return
    if not facts.equity_sold:
        yield Outcome(Status.NOT_APPLICABLE, NO_SHARES, ("notes",))
        return
    if market is Market.NYSE:
        yield Outcome(Status.NEEDS_INPUT, "NYSE §312.03 applies a similar Minimum Price test to "
                      "issuances of 20% or more, and a 1% test for related parties; dealdocs does "
                      "not compute it: check it", field)
        return
    start = MINIMUM_PRICE_FROM[market]
    name = RULE_NAMES[market]
    if signed < start:
        yield Outcome(Status.NEEDS_INPUT, f"Signed before {long_day(start)}, when {name}'s "
                      "Minimum Price test took effect; the former test (book and market value) "
                      "applied, which dealdocs does not model", field)
        return
    yield from _twenty_percent(deal, facts, name)


def _twenty_percent(deal: Deal, facts: Facts, name: str) -> Iterator[Outcome]:
    outstanding = deal.issuer.common_stock.shares_outstanding
    minimum = facts.minimum_price
    if facts.below_minimum_price is None:
        yield Outcome(Status.NEEDS_INPUT, f"{name}: give the last closing price and the five-day "
                      "average closing price before signing (market_data) to find the Minimum "
                      "Price", MARKET)
        return
    market = deal.market_data
    min_text = "" if minimum is None else (
        f"the Minimum Price {Price(minimum)} (the lower of the {Price(market.closing_price)} close "
        f"and the {Price(market.five_day_average_closing_price)} five-day average)")
    if not facts.below_minimum_price:
        yield Outcome(Status.NOT_APPLICABLE, f"{name} does not apply: every security is priced at "
                      f"or above {min_text}, even at its floor", MARKET)
        return
    cap = (f"{Shares(facts.exchange_cap_shares)} shares, below 20% of the "
           f"{Shares(outstanding)} outstanding") if outstanding else \
        "below 20% of the shares outstanding before signing"
    remedy = f"obtain shareholder approval before issuing 20% or more, or cap issuance at {cap}"
    capped = facts.approval_capped_shares
    capped_percent = percent_of(capped, outstanding)
    if capped_percent is not None and capped_percent < EXCHANGE_PERCENT:
        share_text = (f"{Shares(capped)} shares ÷ {Shares(outstanding)} outstanding = "
                      f"{Percent(capped_percent)}")
        yield Outcome(Status.SATISFIED, f"{name}: until stockholders approve, the notes' exchange "
                      f"cap limits the deal to {share_text}, below 20%, though the shares may be "
                      f"issued below {min_text or 'the Minimum Price'}; the notes require the "
                      "Company to seek that approval", ("notes",))
        return
    if facts.potential_shares is None:
        why = ("a conversion price with no floor" if facts.unbounded else
               "an automatic conversion at a percentage of a future price, with no floor")
        yield Outcome(Status.ACTION_REQUIRED,
                      f"{name}: {why}, may issue any number of shares below the Minimum Price, "
                      f"which counts as 20% or more: {remedy}", ("notes",))
        return
    if outstanding is None:
        yield Outcome(Status.NEEDS_INPUT, f"{name}: the deal may issue up to "
                      f"{Shares(facts.potential_shares)} shares below the Minimum Price; give the "
                      "shares outstanding before signing to compare them with 20%", STOCK)
        return
    share_text = (f"up to {Shares(facts.potential_shares)} shares ÷ {Shares(outstanding)} "
                  f"outstanding = {Percent(facts.potential_percent)}")
    if facts.potential_percent >= EXCHANGE_PERCENT:
        yield Outcome(Status.ACTION_REQUIRED, f"{name}: {share_text}, at or above 20%, and below "
                      f"the Minimum Price: {remedy}", STOCK)
    else:
        yield Outcome(Status.NOT_APPLICABLE, f"{name} does not apply: {share_text}, below 20%, "
                      "even at the floor", STOCK)


@rule("exchange.share-reserve", regime="exchange",
      requirement="The shares the notes require in reserve (their multiple of the shares issuable "
      "at the current conversion price), with the warrant and commitment shares, fit in the "
      "authorized shares not issued or reserved for anything else.",
      citation="Contract practice (reserve covenants in convertible notes); the Company's charter")
def share_reserve(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R33."""
    stock = deal.issuer.common_stock
    if not facts.equity_sold:
        yield Outcome(Status.NOT_APPLICABLE, NO_SHARES, ("notes",))
        return
    if facts.reserve_required is None:
        yield Outcome(Status.NEEDS_INPUT, "Cannot compute the shares the notes need without the "
                      "value of the conversion measure at signing "
                      "(market_data.conversion_measure_price)", MARKET)
        return
    if facts.shares_available is None:
        missing = " and ".join(name for name, value in (
            ("shares_authorized", stock.shares_authorized),
            ("shares_outstanding", stock.shares_outstanding)) if value is None)
        yield Outcome(Status.NEEDS_INPUT, f"The deal needs {Shares(facts.reserve_required)} shares "
                      f"in reserve; give issuer.common_stock.{missing} to check them against the "
                      "charter", STOCK)
        return
    multiples = any(note.conversion and note.conversion.share_reserve_multiple
                    for note in deal.notes)
    basis = ("the reserve multiples the notes set" if multiples else
             "the shares issuable at the current conversion price, once: the notes set no "
             "multiple, though 3x is common in microcap notes")
    reserved = "" if stock.shares_reserved is not None else \
        " (taking no shares as reserved for other purposes: shares_reserved is not given)"
    evidence = (f"{Shares(facts.reserve_required)} needed ({basis}); "
                f"{Shares(facts.shares_available)} authorized, unissued and unreserved{reserved}")
    no_floor = (". A note with no floor can need more shares than any reserve if the price falls"
                if facts.unbounded else "")
    if facts.reserve_required > facts.shares_available:
        yield Outcome(Status.ACTION_REQUIRED, f"Not enough authorized shares: {evidence}; increase "
                      f"the authorized shares or reduce the reserve{no_floor}", STOCK,
                      evidence, severity=Severity.ERROR)
    elif stock.shares_reserved is None:
        yield Outcome(Status.NEEDS_INPUT, f"The reserve fits only if no shares are reserved "
                      f"for other purposes: {evidence}{no_floor}", STOCK, evidence)
    else:
        yield Outcome(Status.SATISFIED, f"The reserve fits: {evidence}{no_floor}", STOCK, evidence,
                      severity=Severity.WARNING if facts.unbounded else None)
