"""Form 8-K rules: the due date, the trigger, timeliness, the items and their contents."""

from __future__ import annotations

from datetime import date

import pytest
from dealcase import change, deal, one, run, severities, statuses

from dealdocs.model import PlacementAgent
from dealdocs.problems import Severity, Status

# --- form_8k.due -----------------------------------------------------------------------------


def test_due_for_the_seed():
    finding = one(deal(), "form_8k.due")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.severity is Severity.ACTION
    assert finding.due == date(2019, 1, 17)
    assert finding.message == ("Form 8-K is due Thursday, January 17, 2019: the 4th business day "
                               "after the event on Friday, January 11, 2019")
    assert finding.field == "form_8k.event_date"
    assert finding.location.line == 94
    assert finding.citation.startswith("Form 8-K General Instruction B.1")


def test_due_names_the_holiday_that_moved_it():
    finding = one(change(deal(), "form_8k.event_date", date(2019, 1, 18)), "form_8k.due")
    assert finding.due == date(2019, 1, 25)
    assert "Monday, January 21, 2019 is Martin Luther King Jr. Day" in finding.message


def test_due_for_an_event_on_a_weekend():
    finding = one(change(deal(), "form_8k.event_date", date(2019, 1, 12)), "form_8k.due")
    assert finding.due == date(2019, 1, 17)  # Saturday: Mon 14, Tue 15, Wed 16, Thu 17
    assert "a day the SEC is closed (Saturday)" in finding.message


def test_due_across_an_unverified_closure_asks_for_the_earlier_date():
    changed = change(change(deal(), "form_8k.event_date", date(2024, 12, 20)),
                     "form_8k.report_date", date(2024, 12, 23))
    finding = one(changed, "form_8k.due")
    assert finding.due == date(2024, 12, 27)
    assert "Monday, December 30, 2024" in finding.message
    assert "not confirmed for the SEC" in finding.message


# --- form_8k.event-date ----------------------------------------------------------------------


def test_event_date_is_the_signing():
    finding = one(deal(), "form_8k.event-date")
    assert finding.status is Status.SATISFIED
    assert "the note purchase was signed on Friday, January 11, 2019" in finding.message


def test_an_event_date_after_the_signing_is_an_error():
    changed = change(deal(), "form_8k.event_date", date(2019, 1, 14))
    finding = one(changed, "form_8k.event-date")
    assert finding.severity is Severity.ERROR
    assert finding.due == date(2019, 1, 17)  # counted from the signing on January 11
    assert "not Friday, January 18, 2019" in finding.message


def test_an_event_date_before_the_signing_needs_a_look():
    changed = change(deal(), "form_8k.event_date", date(2019, 1, 10))
    assert one(changed, "form_8k.event-date").status is Status.NEEDS_INPUT


def test_without_an_agreement_the_closing_triggers():
    changed = change(change(deal(), "agreement", None), "notes[0].issue_date", date(2019, 1, 14))
    finding = one(changed, "form_8k.event-date")
    assert finding.severity is Severity.WARNING  # the file says January 11, the closing is the 14th
    assert "the first note's issue date, Monday, January 14, 2019" in finding.message


# --- form_8k.timely --------------------------------------------------------------------------


def test_the_seed_is_timely():
    finding = one(deal(), "form_8k.timely")
    assert finding.status is Status.SATISFIED
    assert "EDGAR will date the 8-K Tuesday, January 15, 2019" in finding.message


def test_a_report_after_the_due_date_is_late():
    finding = one(change(deal(), "form_8k.report_date", date(2019, 1, 18)), "form_8k.timely")
    assert finding.severity is Severity.ERROR
    assert "after the due date Thursday, January 17, 2019" in finding.message


def test_a_submission_after_5_30_pm_on_the_due_date_is_late():
    late = change(deal(), "form_8k.submission_time", "2019-01-17T17:31")
    assert one(late, "form_8k.timely").severity is Severity.ERROR
    on_time = change(deal(), "form_8k.submission_time", "2019-01-17T17:30")
    assert one(on_time, "form_8k.timely").status is Status.SATISFIED


def test_a_submission_outside_edgar_hours_needs_a_look():
    found = run(change(deal(), "form_8k.submission_time", "2019-01-15T05:30"), "form_8k.timely")
    assert Status.NEEDS_INPUT in statuses(found)
    assert any("6:00 a.m. to 10:00 p.m." in p.message for p in found)


def test_filing_on_the_day_only_an_unverified_closure_allows_is_a_warning():
    changed = change(change(deal(), "form_8k.event_date", date(2024, 12, 20)),
                     "form_8k.report_date", date(2024, 12, 30))
    changed = change(changed, "agreement.date", date(2024, 12, 20))
    finding = one(changed, "form_8k.timely")
    assert finding.severity is Severity.WARNING
    assert finding.due == date(2024, 12, 27)


# --- form_8k.late-item-3.02 ------------------------------------------------------------------


def test_a_timely_report_keeps_s3_eligibility():
    assert one(deal(), "form_8k.late-item-3.02").status is Status.NOT_APPLICABLE


def test_a_late_item_3_02_costs_s3_eligibility():
    late = change(deal("multi-investor-tranches"), "form_8k.report_date", date(2025, 6, 26))
    finding = one(late, "form_8k.late-item-3.02")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.severity is Severity.WARNING
    assert "ineligible to use Form S-3" in finding.message
    assert finding.unverified


def test_a_late_report_without_item_3_02_keeps_s3_eligibility():
    late = change(deal("oid-default-interest"), "form_8k.report_date", date(2019, 6, 3))
    assert one(late, "form_8k.late-item-3.02").status is Status.NOT_APPLICABLE


# --- form_8k.period-end-date -----------------------------------------------------------------


def test_the_period_end_date_is_the_event_date():
    assert one(deal(), "form_8k.period-end-date").status is Status.SATISFIED


def test_a_submission_before_the_event_is_rejected_by_edgar():
    early = change(deal(), "form_8k.submission_time", "2019-01-10T10:00")
    assert one(early, "form_8k.period-end-date").severity is Severity.ERROR


# --- the items -------------------------------------------------------------------------------


def test_items_1_01_2_03_and_9_01_are_required_with_the_8k_due_date():
    for rule_id in ("form_8k.item-1.01", "form_8k.item-2.03", "form_8k.item-9.01"):
        finding = one(deal(), rule_id)
        assert finding.status is Status.ACTION_REQUIRED
        assert finding.due == date(2019, 1, 17)
    assert "Exhibit 10.1 (Unsecured Promissory Note dated January 11, 2019)" in \
        one(deal(), "form_8k.item-9.01").message


def test_item_1_01_notes_an_agreement_with_an_insider():
    finding = one(deal("demand-note"), "form_8k.item-1.01")
    assert "deemed not made in the ordinary course" in finding.message
    assert "deemed" not in one(deal(), "form_8k.item-1.01").message


def test_item_3_02_is_required_for_the_seed_whose_price_has_no_floor():
    """No shares-outstanding figure is needed: a price with no floor passes any threshold."""
    finding = one(deal(), "form_8k.item-3.02")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.due == date(2019, 1, 17)
    assert finding.message.startswith("Item 3.02 is required: the conversion price has no floor")
    assert finding.unverified


def test_item_3_02_needs_the_share_counts_for_a_price_with_a_floor():
    finding = one(change(deal("variable-vwap-floor-cap"), "issuer.common_stock.shares_outstanding",
                         None), "form_8k.item-3.02")
    assert finding.status is Status.NEEDS_INPUT
    assert "the shares outstanding before the deal" in finding.message


def test_item_3_02_required_at_or_above_5_percent_for_a_smaller_reporting_company():
    finding = one(deal("multi-investor-tranches"), "form_8k.item-3.02")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.due == date(2025, 6, 25)
    # ridgeline-2 is funded on August 15, 2025: its interest to maturity runs from then (672
    # days, $92,054.79), not from the issue date, so its $592,054.79 converts into 1,315,678
    assert "4,515,680 shares ÷ 74,120,558 outstanding = 6.09%" in finding.message
    assert "ridgeline-2: $592,054.79 ÷ $0.45 = 1,315,678 shares" in finding.evidence


def test_item_3_02_not_required_below_the_threshold():
    finding = one(deal("demand-note"), "form_8k.item-3.02")
    assert finding.status is Status.NOT_APPLICABLE
    assert finding.severity is Severity.INFO
    assert "3.48%, below the 5% threshold" in finding.message


def test_item_3_02_below_the_threshold_at_signing_with_no_floor_is_required():
    finding = one(deal("oid-default-interest"), "form_8k.item-3.02")
    assert finding.status is Status.ACTION_REQUIRED
    assert "no floor" in finding.message


def test_item_3_02_is_counted_at_the_floor_too():
    """variable-vwap-floor-cap: 3% at the signing price, 13.1% at its $0.37 floor."""
    finding = one(deal("variable-vwap-floor-cap"), "form_8k.item-3.02")
    assert finding.status is Status.ACTION_REQUIRED
    assert ("1,460,977 shares ÷ 48,602,117 outstanding = 3% at the signing price; at the floor "
            "price, 6,370,055 shares = 13.1%, at or above the 5% threshold") in finding.message


@pytest.mark.parametrize("outstanding, status", [(27_845_280, Status.ACTION_REQUIRED),
                                                 (27_845_281, Status.NOT_APPLICABLE)])
def test_item_3_02_at_exactly_5_percent(outstanding, status):
    # 1,392,264 shares underlie the notes: 5% of 27,845,280 exactly; a share more, just below 5%
    changed = change(deal("nonaccredited-506b"), "issuer.common_stock.shares_outstanding",
                     outstanding)
    assert one(changed, "form_8k.item-3.02").status is status


def test_item_3_02_threshold_is_1_percent_otherwise():
    changed = change(deal("demand-note"), "issuer.smaller_reporting_company", False)
    finding = one(changed, "form_8k.item-3.02")
    assert finding.status is Status.ACTION_REQUIRED
    assert "at or above the 1% threshold" in finding.message


def test_every_deal_has_one_finding_per_item():
    for name in ("seed", "demand-note", "multi-investor-tranches", "oid-default-interest"):
        for item in ("1.01", "2.03", "3.02", "9.01"):
            assert len(run(deal(name), f"form_8k.item-{item}")) == 1


# --- form_8k.exhibits ------------------------------------------------------------------------


def test_exhibits_numbered_by_practice():
    assert one(deal("amortizing-prepayment"), "form_8k.exhibits").status is Status.SATISFIED


def test_a_note_filed_as_exhibit_10_and_a_missing_agreement():
    found = run(deal(), "form_8k.exhibits")
    assert severities(found) == {Severity.WARNING}
    assert any("Exhibit 10.1 is a note; practice numbers it 4.x" in p.message for p in found)
    assert any("The note purchase is not an exhibit" in p.message for p in found)


# --- contents --------------------------------------------------------------------------------


def test_item_1_01_contents():
    finding = one(deal("multi-investor-tranches"), "form_8k.contents-1.01")
    assert finding.status is Status.SATISFIED
    assert ("material relationships (Evelyn R. Marsh, M.D., a member of the Company's Board of "
            "Directors and of its Audit Committee)") in finding.message


def test_item_1_01_needs_an_insider_relationship():
    changed = change(deal("demand-note"), "investors[0].relationship", None)
    finding = one(changed, "form_8k.contents-1.01")
    assert finding.status is Status.NEEDS_INPUT
    assert finding.field == "investors[0].relationship"


def test_item_2_03_contents():
    finding = one(deal("oid-default-interest"), "form_8k.contents-2.03")
    assert finding.status is Status.SATISFIED
    assert "a default amount of 150% and default interest at 22%" in finding.message


def test_item_2_03_needs_the_security_agreement_of_a_secured_note():
    changed = change(deal("secured-senior"), "notes[0].security.security_agreement", None)
    assert one(changed, "form_8k.contents-2.03").status is Status.NEEDS_INPUT


def test_item_3_02_contents():
    finding = one(deal("multi-investor-tranches"), "form_8k.contents-3.02")
    assert finding.status is Status.SATISFIED
    assert "Rule 506(b)" in finding.message


def test_item_3_02_that_does_not_incorporate_item_1_01_must_state_the_terms():
    finding = one(deal(), "form_8k.contents-3.02")
    assert finding.status is Status.NEEDS_INPUT
    assert "Item 701(c)" in finding.message and "Item 701(e)" in finding.message


def test_item_3_02_contents_need_the_placement_fee():
    agent = PlacementAgent(name="Finder LLC", registered_broker_dealer=True, crd_number="1")
    changed = change(deal("multi-investor-tranches"), "placement_agents", (agent,))
    finding = one(changed, "form_8k.contents-3.02")
    assert finding.status is Status.NEEDS_INPUT
    assert "Finder LLC's fee is not given" in finding.message


def test_no_item_3_02_contents_when_the_item_is_not_required():
    assert one(deal("demand-note"), "form_8k.contents-3.02").status is Status.NOT_APPLICABLE


# --- form_8k.items: the lawyer's choice ------------------------------------------------------


def _choose(item: str, include: bool) -> object:
    from dealdocs.model import Item, ItemChoice
    return change(deal(), "form_8k.items",
                  (ItemChoice(Item(item), include, "not material to the Company"),))


@pytest.mark.parametrize("item", ["1.01", "2.03", "3.02"])
def test_an_item_left_out_by_choice_is_dropped_and_the_rules_finding_kept(item):
    finding = one(_choose(item, False), f"form_8k.item-{item}")
    assert finding.status is Status.NOT_APPLICABLE
    assert finding.severity is Severity.WARNING  # a lawyer's call against the rule stays visible
    assert finding.message.startswith(f"Item {item} is left out by choice: not material to the "
                                      "Company (the rules found: ")
    assert finding.field == "form_8k.items[0]"


def test_an_item_left_out_by_choice_takes_its_content_rule_with_it():
    assert one(_choose("2.03", False), "form_8k.contents-2.03").status is Status.NOT_APPLICABLE
    assert one(_choose("3.02", False), "form_8k.contents-3.02").status is Status.NOT_APPLICABLE
    assert one(deal(), "form_8k.contents-2.03").status is Status.SATISFIED


def test_an_item_included_by_choice_is_required_with_the_8k_deadline():
    finding = one(_choose("3.02", True), "form_8k.item-3.02")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.due == date(2019, 1, 17)
    assert "Item 3.02 is included by choice" in finding.message
