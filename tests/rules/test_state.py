"""State notice filings (Securities Act §18)."""

from __future__ import annotations

from datetime import date

from dealcase import change, deal, one, run, statuses

from dealdocs.model import Market, StateNotice
from dealdocs.problems import Severity, Status

RULE = "state.notice-filings"


def test_the_seed_investor_has_no_state():
    finding = one(deal(), RULE)
    assert finding.status is Status.NEEDS_INPUT
    assert finding.field == "investors[0]"


def test_a_notice_is_due_15_days_after_the_first_sale_in_the_state():
    finding = one(change(deal(), "investors[0].state", "CO"), RULE)
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.due == date(2019, 1, 28)  # January 26, 2019 is a Saturday
    assert finding.message.startswith("File the Rule 506 notice in CO through NASAA EFD")
    assert finding.field == "investors[0].state"


def test_notices_filed_on_time():
    found = run(deal("placement-agent-506c"), RULE)
    assert statuses(found) == {Status.SATISFIED}
    assert [p.message[:2] for p in found] == ["CA", "OR", "TX", "WA"]


def test_a_notice_filed_late_is_a_warning():
    changed = change(deal("placement-agent-506c"), "offering.state_notices",
                     (StateNotice(state="CA", filed_date=date(2025, 10, 28)),))
    found = run(changed, RULE)
    late = [p for p in found if p.message.startswith("CA")]
    assert late[0].severity is Severity.WARNING
    assert {p.status for p in found if not p.message.startswith("CA")} == {Status.ACTION_REQUIRED}


def test_florida_requires_no_notice():
    found = run(deal("multi-investor-tranches"), RULE)
    florida = [p for p in found if p.message.startswith("FL")]
    assert florida[0].status is Status.NOT_APPLICABLE


def test_new_york_before_december_2_2020_needed_form_99_before_the_sale():
    finding = one(deal("oid-default-interest"), RULE)
    assert finding.status is Status.NEEDS_INPUT
    assert "Form 99" in finding.message


def test_no_notice_for_an_exchange_listed_stock():
    changed = change(change(deal(), "investors[0].state", "CO"),
                     "issuer.common_stock.market", Market.NASDAQ)
    finding = one(changed, RULE)
    assert finding.status is Status.NOT_APPLICABLE
    assert "§18(b)(1)" in finding.message


def test_without_rule_506_the_securities_are_not_covered():
    finding = one(deal("demand-note"), RULE)
    assert finding.status is Status.NEEDS_INPUT
    assert "(UT)" in finding.message
