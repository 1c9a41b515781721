"""Form 8-K: which items the deal triggers, and when the report is due."""

from __future__ import annotations

from typing import Iterator

from ..display import Day, Percent, Shares
from ..facts import Facts
from ..model import Deal
from ..problems import Status
from . import Outcome, rule


@rule("form_8k.item-1.01", regime="form_8k",
      requirement="Report entry into a material definitive agreement under Item 1.01.",
      citation="Form 8-K Item 1.01(a)")
def item_1_01(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    agreement = deal.agreement.title if deal.agreement else deal.notes[0].title
    yield Outcome(Status.ACTION_REQUIRED,
                  f"Item 1.01 is required: the Company entered into the {agreement} on "
                  f"{Day(deal.form_8k.event_date)}, a definitive agreement enforceable against it "
                  "and not made in the ordinary course",
                  ("form_8k", "event_date"), due=facts.deadlines.form_8k_due)


@rule("form_8k.item-3.02", regime="form_8k",
      requirement="Report an unregistered sale of equity securities under Item 3.02 when the "
      "shares underlying it reach 1% of the shares outstanding (5% for a smaller reporting "
      "company).",
      citation="Form 8-K Item 3.02(b); Item 3.02 C&DI on convertibles (text not verified)",
      unverified=True)
def item_3_02(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    threshold = Percent(facts.item_3_02_threshold)
    stock = deal.issuer.common_stock
    field = ("issuer", "common_stock")
    if facts.unbounded:
        yield Outcome(Status.ACTION_REQUIRED,
                      "Item 3.02 is required: a conversion price with no floor makes the number "
                      f"of shares issuable unlimited, so it can exceed the {threshold} threshold",
                      field, due=facts.deadlines.form_8k_due)
        return
    if stock.shares_outstanding is None or facts.underlying_shares is None:
        missing = "shares outstanding" if stock.shares_outstanding is None else \
            "the market price at signing (market_data.conversion_measure_price)"
        yield Outcome(Status.NEEDS_INPUT,
                      f"cannot tell whether Item 3.02 is required without {missing}; the 8-K "
                      "includes the item until it is shown not to be", field)
        return
    percent = Percent(facts.item_3_02_percent)
    evidence = (f"{Shares(facts.underlying_shares)} underlying shares ÷ "
                f"{Shares(stock.shares_outstanding)} outstanding = {percent}")
    if facts.item_3_02_percent >= facts.item_3_02_threshold:
        yield Outcome(Status.ACTION_REQUIRED, f"Item 3.02 is required: {evidence}, at or above "
                      f"the {threshold} threshold", field, evidence, facts.deadlines.form_8k_due)
    else:
        yield Outcome(Status.NOT_APPLICABLE, f"Item 3.02 is not required: {evidence}, below the "
                      f"{threshold} threshold; report the sale in the next periodic report "
                      "(Item 701)", field, evidence)
