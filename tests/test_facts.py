"""facts: the deadlines and the derived numbers the rules judge.

Every expected date here was worked out by hand from the rule (see
tests/rules/data/sec_deadlines.csv); none is computed with dealdocs.
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealdocs import read_deal
from dealdocs.calendar import default_calendar
from dealdocs.config import Config
from dealdocs.facts import (
    derive,
    form_8k_deadline,
    form_8k_due,
    form_d_deadline,
    form_d_due,
    investor_sale_date,
    percent_of,
)
from dealdocs.model import PlacementAgent

ROOT = Path(__file__).resolve().parents[1]
DEALS = ROOT / "tests" / "data" / "deals"
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
CALENDAR = default_calendar()  # the shipped closures, no pyproject settings


def _rows():
    with open(ROOT / "tests" / "rules" / "data" / "sec_deadlines.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [pytest.param(date.fromisoformat(row["date"]), date.fromisoformat(row["form_8k_due"]),
                         date.fromisoformat(row["form_d_due"]), id=f"{row['date']} {row['why']}")
            for row in csv.DictReader(lines)]


ROWS = _rows()


def deal(name: str):
    return read_deal(SEED if name == "seed" else DEALS / f"{name}.yaml")


def test_the_table_covers_every_federal_holiday_2018_2026():
    # The observed days of the federal holidays, as the calendar has them: the table lists each.
    from dealdocs.calendar import federal_holidays

    listed = {row.values[0] for row in ROWS}
    holidays = {day for year in range(2018, 2027) for day in federal_holidays(year)}
    assert len(holidays) >= 90
    assert holidays <= listed


# --- the deadlines, on every holiday ---------------------------------------------------------


@pytest.mark.parametrize("day, form_8k, form_d", ROWS)
def test_form_8k_due_is_the_4th_business_day_after_the_event(day, form_8k, form_d):
    assert form_8k_due(day, CALENDAR) == form_8k
    assert form_8k_deadline(day, CALENDAR).due == form_8k


@pytest.mark.parametrize("day, form_8k, form_d", ROWS)
def test_form_d_due_is_15_days_after_the_first_sale_rolled_forward(day, form_8k, form_d):
    assert form_d_due(day, CALENDAR) == form_d
    deadline = form_d_deadline(day, CALENDAR)
    assert deadline.due == form_d
    assert deadline.counted_to == day + timedelta(days=15)


def test_the_seed_deal_deadlines():
    deadlines = derive(deal("seed"), CALENDAR).deadlines
    assert deadlines.form_8k_due == date(2019, 1, 17)  # Friday event: Mon, Tue, Wed, Thu
    assert deadlines.form_d_due == date(2019, 1, 28)  # Saturday, January 26 rolls to Monday
    assert deadlines.form_8k_filing_date == date(2019, 1, 15)
    assert not deadlines.form_8k_late
    assert deadlines.form_8k_trigger == date(2019, 1, 11)
    assert deadlines.form_8k_from_trigger is None


# --- what moved a deadline -------------------------------------------------------------------


def test_a_holiday_in_the_count_is_named():
    deadline = form_8k_deadline(date(2019, 1, 18), CALENDAR)  # Friday before MLK Day
    assert deadline.due == date(2019, 1, 25)
    assert [(d.day, d.reason) for d in deadline.holidays] == [
        (date(2019, 1, 21), "Martin Luther King Jr. Day")]
    assert [d.day for d in deadline.closed_days] == [date(2019, 1, 19), date(2019, 1, 20),
                                                     date(2019, 1, 21)]


def test_a_rolled_form_d_lists_the_closed_days_it_crossed():
    deadline = form_d_deadline(date(2019, 1, 6), CALENDAR)  # day 15 is MLK Day, a Monday
    assert deadline.counted_to == date(2019, 1, 21)
    assert deadline.rolled
    assert deadline.due == date(2019, 1, 22)
    assert [d.reason for d in deadline.closed_days] == ["Martin Luther King Jr. Day"]
    assert not form_d_deadline(date(2019, 1, 2), CALENDAR).rolled  # day 15: Thursday, Jan 17


def test_an_unverified_closure_gives_the_earlier_date_too():
    # 2024-12-24 rests on an executive order only. Friday, December 20, 2024: with it closed,
    # Mon 23, Thu 26, Fri 27, Mon 30; with it open, Mon 23, Tue 24, Thu 26, Fri 27.
    deadline = form_8k_deadline(date(2024, 12, 20), CALENDAR)
    assert deadline.due == date(2024, 12, 30)
    assert deadline.due_if_open == date(2024, 12, 27)
    assert deadline.safe_due == date(2024, 12, 27)
    assert deadline.unverified_closures == (date(2024, 12, 24),)


def test_an_unverified_closure_that_moves_nothing_is_not_a_second_date():
    deadline = form_d_deadline(date(2024, 12, 20), CALENDAR)  # day 15: Saturday, January 4
    assert deadline.due == date(2025, 1, 6)
    assert deadline.due_if_open is None
    assert deadline.safe_due == deadline.due


def test_a_configured_closure_is_vouched_for_and_moves_the_date():
    config = Config(MappingProxyType({date(2024, 12, 24): "Executive order",
                                      date(2026, 12, 24): "Executive order"}))
    calendar = default_calendar(config)
    assert form_8k_deadline(date(2024, 12, 20), calendar).due_if_open is None
    # Monday, December 21, 2026: Tue 22, Wed 23, (Thu 24 closed, Fri 25 Christmas), Mon 28, Tue 29
    assert form_8k_due(date(2026, 12, 21), CALENDAR) == date(2026, 12, 28)
    assert form_8k_due(date(2026, 12, 21), calendar) == date(2026, 12, 29)


# --- properties ------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(1980, 1, 1), max_value=date(2100, 11, 30))


@settings(max_examples=400, deadline=None)
@given(DAYS)
def test_the_8k_due_date_is_a_business_day_four_business_days_after_the_event(day):
    due = form_8k_due(day, CALENDAR)
    assert due > day
    assert CALENDAR.is_business_day(due)
    between = [day + timedelta(days=n) for n in range(1, (due - day).days)]
    assert sum(CALENDAR.is_business_day(d) for d in between) == 3


@settings(max_examples=400, deadline=None)
@given(DAYS)
def test_the_form_d_due_date_is_the_first_business_day_from_day_15(day):
    due = form_d_due(day, CALENDAR)
    fifteenth = day + timedelta(days=15)
    assert due > day
    assert due >= fifteenth
    assert CALENDAR.is_business_day(due)
    assert not any(CALENDAR.is_business_day(fifteenth + timedelta(days=n))
                   for n in range((due - fifteenth).days))


@settings(max_examples=200, deadline=None)
@given(DAYS)
def test_the_safe_due_date_is_never_later_than_the_due_date(day):
    for deadline in (form_8k_deadline(day, CALENDAR), form_d_deadline(day, CALENDAR)):
        assert deadline.safe_due <= deadline.due
        assert CALENDAR.is_business_day(deadline.safe_due) or deadline.safe_due in \
            deadline.unverified_closures


# --- Item 3.02 and share counts --------------------------------------------------------------


def test_percent_is_cut_not_rounded_so_it_never_crosses_a_threshold():
    assert percent_of(999, 100_000) == Decimal("0.99")  # 0.999%: below 1%, and shown below
    assert percent_of(1_000, 100_000) == Decimal("1.00")
    assert percent_of(4_999_999, 100_000_000) == Decimal("4.99")
    assert percent_of(None, 100) is None
    assert percent_of(5, None) is None


def test_item_3_02_counts_the_earlier_unreported_sales():
    # $250,000 at 8% simple, actual/365, July 3, 2023 to July 3, 2024 (366 days): $20,054.79;
    # $270,054.79 / $0.15 = 1,800,365.27, rounded up: 1,800,366; plus 1,200,000 earlier shares.
    facts = derive(deal("demand-note"), CALENDAR)
    assert facts.underlying_shares == 1_800_366
    assert facts.item_3_02_shares == 3_000_366
    assert facts.item_3_02_percent == Decimal("3.48")  # 3,000,366 / 86,204,317 = 3.4805%
    assert facts.item_3_02_threshold == Decimal(5)


def test_the_seed_has_no_share_figures_and_no_floor():
    facts = derive(deal("seed"), CALENDAR)
    assert facts.underlying_shares is None  # no market price at signing
    assert facts.item_3_02_percent is None  # and no shares outstanding
    assert facts.unbounded
    assert facts.potential_shares is None
    assert facts.below_minimum_price is True  # no floor is below any price


def test_a_note_that_does_not_convert_counts_no_shares():
    seed = deal("seed")
    note = seed.notes[0]
    plain = dataclasses.replace(note, conversion=dataclasses.replace(
        note.conversion, holder_option=False, price=None))
    facts = derive(dataclasses.replace(seed, notes=(plain,)), CALENDAR)
    assert facts.notes[0].shares_at_signing == 0
    assert facts.underlying_shares == 0
    assert not facts.unbounded


def test_the_most_shares_at_the_floor_and_the_exchange_cap():
    # $2,160,000 + 6% actual/360 for 547 days ($196,920) = $2,356,920; / $0.37 floor = 6,370,054.05
    facts = derive(deal("variable-vwap-floor-cap"), CALENDAR)
    assert facts.potential_shares == 6_370_055
    assert facts.potential_percent == Decimal("13.10")  # / 48,602,117
    assert facts.minimum_price == Decimal("1.81")  # lower of 1.84 and 1.81
    assert facts.below_minimum_price is True  # the $0.37 floor
    assert facts.exchange_cap_shares == 9_720_423  # 20% of 48,602,117 = 9,720,423.4
    assert facts.shares_available == 150_000_000 - 48_602_117 - 6_215_000
    # 3x the shares at the signing price: $2,356,920 / (90% x $1.7925 = $1.61325) = 1,460,976.3
    assert facts.notes[0].shares_at_signing == 1_460_977
    assert facts.reserve_required == 3 * 1_460_977


def test_the_exchange_cap_is_the_largest_count_below_20_percent():
    stock = deal("seed").issuer.common_stock
    for outstanding, cap in ((1_000, 199), (1_001, 200), (1_004, 200), (1_005, 200)):
        seed = deal("seed")
        changed = dataclasses.replace(seed, issuer=dataclasses.replace(
            seed.issuer, common_stock=dataclasses.replace(
                stock, shares_outstanding=outstanding, shares_outstanding_as_of=date(2019, 1, 10))))
        assert derive(changed, CALENDAR).exchange_cap_shares == cap


def test_a_floor_at_the_minimum_price_is_not_below_it():
    facts = derive(deal("amortizing-prepayment"), CALENDAR)
    assert facts.minimum_price == Decimal("1.08")
    assert facts.below_minimum_price is False


def test_a_future_priced_automatic_conversion_has_no_limit():
    facts = derive(deal("fixed-reset-automatic"), CALENDAR)
    assert facts.notes[0].future_priced
    assert facts.potential_shares is None
    assert facts.below_minimum_price is True


def test_a_placement_agent_without_a_fee_gives_no_total():
    seed = deal("seed")
    agent = PlacementAgent(name="Finder LLC", registered_broker_dealer=False)
    assert derive(seed, CALENDAR).placement_fees == 0
    assert derive(dataclasses.replace(seed, placement_agents=(agent,)), CALENDAR).placement_fees \
        is None


# --- investors, offerings, resale ------------------------------------------------------------


def test_an_investor_is_committed_at_the_agreement_not_later_than_its_note():
    multi = deal("multi-investor-tranches")
    for investor in multi.investors:
        assert investor_sale_date(multi, investor) == date(2025, 6, 18)


def test_state_notices_count_15_days_from_the_first_sale_in_the_state():
    notices = derive(deal("multi-investor-tranches"), CALENDAR).deadlines.state_notices
    assert [notice.state for notice in notices] == ["CA", "CO", "FL", "MN", "NY"]
    # June 18, 2025 + 15 = Thursday, July 3, 2025, a business day
    assert {notice.due for notice in notices} == {date(2025, 7, 3)}
    rolled = derive(deal("placement-agent-506c"), CALENDAR).deadlines.state_notices
    # October 10, 2025 + 15 = Saturday, October 25: Monday, October 27
    assert {(n.counted_to, n.due) for n in rolled} == {(date(2025, 10, 25), date(2025, 10, 27))}


def test_no_state_notices_for_a_listed_stock_or_without_rule_506():
    assert derive(deal("amortizing-prepayment"), CALENDAR).deadlines.state_notices == ()  # Nasdaq
    assert derive(deal("demand-note"), CALENDAR).deadlines.state_notices == ()  # 4(a)(2) only


def test_other_offerings_are_measured_in_calendar_days():
    gaps = derive(deal("placement-agent-506c"), CALENDAR).other_offerings
    # the Series A placement ended May 23, 2025; this offering's first sale was October 10, 2025
    assert (gaps[0].days_apart, gaps[0].before) == (140, True)
    assert gaps[1].days_apart == 0  # the Form S-8 grants began July 1, 2025 and continue


def test_rule_144_counts_90_days_of_reporting_back_from_the_resale():
    base = deal("nonaccredited-506b")  # paid February 14, 2020; six months: August 14, 2020
    for since, months, available in ((date(2008, 11, 14), 6, date(2020, 8, 14)),
                                     (date(2020, 5, 16), 6, date(2020, 8, 14)),  # exactly 90 days
                                     (date(2020, 5, 17), 12, date(2021, 2, 14))):  # 89 days
        changed = dataclasses.replace(base, issuer=dataclasses.replace(
            base.issuer, reporting_since=since))
        deadlines = derive(changed, CALENDAR).deadlines
        assert (deadlines.rule_144_months, deadlines.rule_144_available) == (months, available)
    not_current = dataclasses.replace(base, issuer=dataclasses.replace(
        base.issuer, current_in_reports=False))
    assert derive(not_current, CALENDAR).deadlines.rule_144_months == 12


def test_the_annual_form_d_amendment_is_due_on_or_before_the_anniversary():
    # Filed Friday, June 27, 2025; the anniversary, June 27, 2026, is a Saturday: Friday, June 26.
    deadlines = derive(deal("multi-investor-tranches"), CALENDAR).deadlines
    assert deadlines.form_d_anniversary == date(2026, 6, 27)
    assert deadlines.form_d_amendment_due == date(2026, 6, 26)
