"""The SEC business-day calendar.

Every expected date below was worked out by hand from the rule and a printed calendar
(`python -m calendar 2018` …), never with dealdocs or the holidays package:
- 8-K due = the 4th business day strictly after the event (Form 8-K General Instruction B.1);
- Form D due = first sale + 15 calendar days, rolled forward to a business day (Rule 503(a)(1)).
The shipped extra closures count: 2018-12-05, 2018-12-24, 2019-12-24, 2020-12-24, 2024-12-24,
2025-01-09, 2025-12-24 and 2025-12-26.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, datetime, timedelta, timezone
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealdocs.calendar import SHIPPED_CLOSURES, SecCalendar, default_calendar
from dealdocs.config import Config

D = date
UTC = timezone.utc
CAL = default_calendar()

# (federal holiday as observed, 8-K due, Form D due) for every federal holiday of 2018-2026.
HOLIDAYS = [
    # 2018
    (D(2018, 1, 1), D(2018, 1, 5), D(2018, 1, 16)),  # Form D: Jan 16, MLK was the 15th
    (D(2018, 1, 15), D(2018, 1, 19), D(2018, 1, 30)),
    (D(2018, 2, 19), D(2018, 2, 23), D(2018, 3, 6)),
    (D(2018, 5, 28), D(2018, 6, 1), D(2018, 6, 12)),
    (D(2018, 7, 4), D(2018, 7, 10), D(2018, 7, 19)),
    (D(2018, 9, 3), D(2018, 9, 7), D(2018, 9, 18)),
    (D(2018, 10, 8), D(2018, 10, 12), D(2018, 10, 23)),
    (D(2018, 11, 12), D(2018, 11, 16), D(2018, 11, 27)),  # Veterans Day (Sun 11th) observed Mon
    (D(2018, 11, 22), D(2018, 11, 28), D(2018, 12, 7)),
    (D(2018, 12, 25), D(2018, 12, 31), D(2019, 1, 9)),
    # 2019
    (D(2019, 1, 1), D(2019, 1, 7), D(2019, 1, 16)),
    (D(2019, 1, 21), D(2019, 1, 25), D(2019, 2, 5)),
    (D(2019, 2, 18), D(2019, 2, 22), D(2019, 3, 5)),
    (D(2019, 5, 27), D(2019, 5, 31), D(2019, 6, 11)),
    (D(2019, 7, 4), D(2019, 7, 10), D(2019, 7, 19)),
    (D(2019, 9, 2), D(2019, 9, 6), D(2019, 9, 17)),
    (D(2019, 10, 14), D(2019, 10, 18), D(2019, 10, 29)),
    (D(2019, 11, 11), D(2019, 11, 15), D(2019, 11, 26)),
    (D(2019, 11, 28), D(2019, 12, 4), D(2019, 12, 13)),
    (D(2019, 12, 25), D(2019, 12, 31), D(2020, 1, 9)),
    # 2020
    (D(2020, 1, 1), D(2020, 1, 7), D(2020, 1, 16)),
    (D(2020, 1, 20), D(2020, 1, 24), D(2020, 2, 4)),
    (D(2020, 2, 17), D(2020, 2, 21), D(2020, 3, 3)),  # leap year: Feb 29 counts
    (D(2020, 5, 25), D(2020, 5, 29), D(2020, 6, 9)),
    (D(2020, 7, 3), D(2020, 7, 9), D(2020, 7, 20)),  # July 4 a Saturday; +15 = Sat Jul 18
    (D(2020, 9, 7), D(2020, 9, 11), D(2020, 9, 22)),
    (D(2020, 10, 12), D(2020, 10, 16), D(2020, 10, 27)),
    (D(2020, 11, 11), D(2020, 11, 17), D(2020, 11, 27)),  # +15 = Thanksgiving, Nov 26
    (D(2020, 11, 26), D(2020, 12, 2), D(2020, 12, 11)),
    (D(2020, 12, 25), D(2020, 12, 31), D(2021, 1, 11)),  # +15 = Sat Jan 9, 2021
    # 2021
    (D(2021, 1, 1), D(2021, 1, 7), D(2021, 1, 19)),  # +15 = Sat Jan 16; Mon 18th is MLK
    (D(2021, 1, 18), D(2021, 1, 22), D(2021, 2, 2)),  # Inauguration Day, Jan 20, is open
    (D(2021, 2, 15), D(2021, 2, 19), D(2021, 3, 2)),
    (D(2021, 5, 31), D(2021, 6, 4), D(2021, 6, 15)),
    (D(2021, 6, 18), D(2021, 6, 24), D(2021, 7, 6)),  # first Juneteenth, Sat 19th observed Fri;
    # +15 = Sat Jul 3, and Mon Jul 5 is Independence Day observed
    (D(2021, 7, 5), D(2021, 7, 9), D(2021, 7, 20)),  # July 4 a Sunday, observed Monday
    (D(2021, 9, 6), D(2021, 9, 10), D(2021, 9, 21)),
    (D(2021, 10, 11), D(2021, 10, 15), D(2021, 10, 26)),
    (D(2021, 11, 11), D(2021, 11, 17), D(2021, 11, 26)),
    (D(2021, 11, 25), D(2021, 12, 1), D(2021, 12, 10)),
    (D(2021, 12, 24), D(2021, 12, 30), D(2022, 1, 10)),  # Christmas a Saturday, observed Fri;
    # the 8-K count skips Dec 31 too
    (D(2021, 12, 31), D(2022, 1, 6), D(2022, 1, 18)),  # New Year's 2022 observed; +15 = Sat
    # Jan 15, Mon 17th is MLK
    # 2022 (no New Year's Day holiday inside 2022: Jan 1 was a Saturday)
    (D(2022, 1, 17), D(2022, 1, 21), D(2022, 2, 1)),
    (D(2022, 2, 21), D(2022, 2, 25), D(2022, 3, 8)),
    (D(2022, 5, 30), D(2022, 6, 3), D(2022, 6, 14)),
    (D(2022, 6, 20), D(2022, 6, 24), D(2022, 7, 5)),  # Juneteenth a Sunday; +15 = Jul 4
    (D(2022, 7, 4), D(2022, 7, 8), D(2022, 7, 19)),
    (D(2022, 9, 5), D(2022, 9, 9), D(2022, 9, 20)),
    (D(2022, 10, 10), D(2022, 10, 14), D(2022, 10, 25)),
    (D(2022, 11, 11), D(2022, 11, 17), D(2022, 11, 28)),  # +15 = Sat Nov 26
    (D(2022, 11, 24), D(2022, 11, 30), D(2022, 12, 9)),
    (D(2022, 12, 26), D(2022, 12, 30), D(2023, 1, 10)),  # Christmas a Sunday, observed Monday
    # 2023
    (D(2023, 1, 2), D(2023, 1, 6), D(2023, 1, 17)),  # New Year's a Sunday; +15 = MLK Day
    (D(2023, 1, 16), D(2023, 1, 20), D(2023, 1, 31)),
    (D(2023, 2, 20), D(2023, 2, 24), D(2023, 3, 7)),
    (D(2023, 5, 29), D(2023, 6, 2), D(2023, 6, 13)),
    (D(2023, 6, 19), D(2023, 6, 23), D(2023, 7, 5)),  # +15 = Jul 4
    (D(2023, 7, 4), D(2023, 7, 10), D(2023, 7, 19)),
    (D(2023, 9, 4), D(2023, 9, 8), D(2023, 9, 19)),
    (D(2023, 10, 9), D(2023, 10, 13), D(2023, 10, 24)),
    (D(2023, 11, 10), D(2023, 11, 16), D(2023, 11, 27)),  # Veterans Day a Saturday, observed Fri
    (D(2023, 11, 23), D(2023, 11, 29), D(2023, 12, 8)),
    (D(2023, 12, 25), D(2023, 12, 29), D(2024, 1, 9)),
    # 2024
    (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 16)),
    (D(2024, 1, 15), D(2024, 1, 19), D(2024, 1, 30)),
    (D(2024, 2, 19), D(2024, 2, 23), D(2024, 3, 5)),  # leap year
    (D(2024, 5, 27), D(2024, 5, 31), D(2024, 6, 11)),
    (D(2024, 6, 19), D(2024, 6, 25), D(2024, 7, 5)),  # +15 = Jul 4
    (D(2024, 7, 4), D(2024, 7, 10), D(2024, 7, 19)),
    (D(2024, 9, 2), D(2024, 9, 6), D(2024, 9, 17)),
    (D(2024, 10, 14), D(2024, 10, 18), D(2024, 10, 29)),
    (D(2024, 11, 11), D(2024, 11, 15), D(2024, 11, 26)),
    (D(2024, 11, 28), D(2024, 12, 4), D(2024, 12, 13)),
    (D(2024, 12, 25), D(2024, 12, 31), D(2025, 1, 10)),  # +15 = Jan 9, 2025, Carter mourning day
    # 2025
    (D(2025, 1, 1), D(2025, 1, 7), D(2025, 1, 16)),
    (D(2025, 1, 20), D(2025, 1, 24), D(2025, 2, 4)),
    (D(2025, 2, 17), D(2025, 2, 21), D(2025, 3, 4)),
    (D(2025, 5, 26), D(2025, 5, 30), D(2025, 6, 10)),
    (D(2025, 6, 19), D(2025, 6, 25), D(2025, 7, 7)),  # +15 = Fri Jul 4
    (D(2025, 7, 4), D(2025, 7, 10), D(2025, 7, 21)),  # +15 = Sat Jul 19
    (D(2025, 9, 1), D(2025, 9, 5), D(2025, 9, 16)),
    (D(2025, 10, 13), D(2025, 10, 17), D(2025, 10, 28)),
    (D(2025, 11, 11), D(2025, 11, 17), D(2025, 11, 26)),
    (D(2025, 11, 27), D(2025, 12, 3), D(2025, 12, 12)),
    (D(2025, 12, 25), D(2026, 1, 2), D(2026, 1, 9)),  # Dec 26 closed by order; Jan 1 holiday
    # 2026
    (D(2026, 1, 1), D(2026, 1, 7), D(2026, 1, 16)),
    (D(2026, 1, 19), D(2026, 1, 23), D(2026, 2, 3)),
    (D(2026, 2, 16), D(2026, 2, 20), D(2026, 3, 3)),
    (D(2026, 5, 25), D(2026, 5, 29), D(2026, 6, 9)),
    (D(2026, 6, 19), D(2026, 6, 25), D(2026, 7, 6)),  # +15 = Sat Jul 4
    (D(2026, 7, 3), D(2026, 7, 9), D(2026, 7, 20)),  # July 4 a Saturday; +15 = Sat Jul 18
    (D(2026, 9, 7), D(2026, 9, 11), D(2026, 9, 22)),
    (D(2026, 10, 12), D(2026, 10, 16), D(2026, 10, 27)),
    (D(2026, 11, 11), D(2026, 11, 17), D(2026, 11, 27)),  # +15 = Thanksgiving, Nov 26
    (D(2026, 11, 26), D(2026, 12, 2), D(2026, 12, 11)),
    (D(2026, 12, 25), D(2026, 12, 31), D(2027, 1, 11)),  # +15 = Sat Jan 9, 2027
]

# Every weekday the SEC is closed, year by year: federal holidays as observed plus the shipped
# closures (marked *). Nothing else: no state holidays, no Inauguration Day, no Good Friday.
CLOSED_WEEKDAYS = {
    2018: ["01-01", "01-15", "02-19", "05-28", "07-04", "09-03", "10-08", "11-12", "11-22",
           "12-05*", "12-24*", "12-25"],
    2019: ["01-01", "01-21", "02-18", "05-27", "07-04", "09-02", "10-14", "11-11", "11-28",
           "12-24*", "12-25"],
    2020: ["01-01", "01-20", "02-17", "05-25", "07-03", "09-07", "10-12", "11-11", "11-26",
           "12-24*", "12-25"],
    2021: ["01-01", "01-18", "02-15", "05-31", "06-18", "07-05", "09-06", "10-11", "11-11",
           "11-25", "12-24", "12-31"],
    2022: ["01-17", "02-21", "05-30", "06-20", "07-04", "09-05", "10-10", "11-11", "11-24",
           "12-26"],
    2023: ["01-02", "01-16", "02-20", "05-29", "06-19", "07-04", "09-04", "10-09", "11-10",
           "11-23", "12-25"],
    2024: ["01-01", "01-15", "02-19", "05-27", "06-19", "07-04", "09-02", "10-14", "11-11",
           "11-28", "12-24*", "12-25"],
    2025: ["01-01", "01-09*", "01-20", "02-17", "05-26", "06-19", "07-04", "09-01", "10-13",
           "11-11", "11-27", "12-24*", "12-25", "12-26*"],
    2026: ["01-01", "01-19", "02-16", "05-25", "06-19", "07-03", "09-07", "10-12", "11-11",
           "11-26", "12-25"],
}


def _closed_weekdays(year: int) -> list[date]:
    return [date.fromisoformat(f"{year}-{day.rstrip('*')}") for day in CLOSED_WEEKDAYS[year]]


@pytest.mark.parametrize("holiday, eight_k_due, form_d_due", HOLIDAYS,
                         ids=[str(row[0]) for row in HOLIDAYS])
def test_every_federal_holiday_as_an_event_and_a_first_sale(holiday, eight_k_due, form_d_due):
    assert not CAL.is_business_day(holiday)
    assert CAL.add_business_days(holiday, 4) == eight_k_due
    assert CAL.roll_forward(holiday + timedelta(days=15)) == form_d_due


def test_the_table_covers_every_closed_weekday_of_2018_to_2026():
    federal = {day for year in CLOSED_WEEKDAYS for day in _closed_weekdays(year)
               if day not in CAL.extra_closures}
    assert {row[0] for row in HOLIDAYS} == federal
    # 10 a year before Juneteenth; 2021 has 12 (New Year's 2022 fell on Dec 31); 2022 has 10
    assert len(HOLIDAYS) == 3 * 10 + 12 + 10 + 4 * 11


@pytest.mark.parametrize("year", sorted(CLOSED_WEEKDAYS))
def test_exactly_the_closed_weekdays_of_each_year(year):
    closed = [day for day in _every_day(year) if day.weekday() < 5 and not CAL.is_business_day(day)]
    assert closed == _closed_weekdays(year)


def _every_day(year: int) -> list[date]:
    return [date(year, month, day) for month in range(1, 13)
            for day in range(1, stdlib_calendar.monthrange(year, month)[1] + 1)]


def test_hand_tables_agree_with_the_standard_library_on_weekdays():
    # the literals are hand-made; a wrong weekday there would make the whole table suspect
    for holiday, eight_k_due, form_d_due in HOLIDAYS:
        assert stdlib_calendar.weekday(holiday.year, holiday.month, holiday.day) < 5
        assert eight_k_due.weekday() < 5 and form_d_due.weekday() < 5


# -- weekends -----------------------------------------------------------------------------------

@pytest.mark.parametrize("event, due", [
    (D(2024, 3, 8), D(2024, 3, 14)),  # Friday → Thursday
    (D(2024, 3, 9), D(2024, 3, 14)),  # Saturday → the same Thursday
    (D(2024, 3, 10), D(2024, 3, 14)),  # Sunday → the same Thursday
    (D(2024, 3, 11), D(2024, 3, 15)),  # Monday → Friday
    (D(2024, 3, 13), D(2024, 3, 19)),  # Wednesday → Tuesday, across the weekend
])
def test_8k_across_a_weekend(event, due):
    assert CAL.add_business_days(event, 4) == due


def test_weekend_reasons():
    assert CAL.closure_reason(D(2024, 3, 16)) == "Saturday"
    assert CAL.closure_reason(D(2024, 3, 17)) == "Sunday"
    assert CAL.closure_reason(D(2024, 3, 18)) is None


def test_form_d_on_a_weekend_rolls_to_monday():
    assert CAL.roll_forward(D(2024, 3, 2) + timedelta(days=15)) == D(2024, 3, 18)  # Sun 17th
    assert CAL.roll_forward(D(2024, 3, 1) + timedelta(days=15)) == D(2024, 3, 18)  # Sat 16th
    assert CAL.roll_forward(D(2024, 3, 4) + timedelta(days=15)) == D(2024, 3, 19)  # Tue 19th


# -- observed days ------------------------------------------------------------------------------

@pytest.mark.parametrize("day, reason", [
    (D(2020, 7, 3), "Independence Day (observed)"),
    (D(2021, 12, 24), "Christmas Day (observed)"),
    (D(2021, 12, 31), "New Year's Day (observed)"),
    (D(2022, 6, 20), "Juneteenth National Independence Day (observed)"),
    (D(2021, 6, 18), "Juneteenth National Independence Day (observed)"),
    (D(2023, 1, 2), "New Year's Day (observed)"),
    (D(2022, 12, 26), "Christmas Day (observed)"),
])
def test_observed_days_are_closed(day, reason):
    assert CAL.closure_reason(day) == reason


@pytest.mark.parametrize("day", [
    D(2020, 6, 19),  # Juneteenth was not a federal holiday before 2021
    D(2021, 1, 20),  # Inauguration Day is a holiday only in the Washington area
    D(2022, 1, 3),  # New Year's 2022 was observed on Dec 31, 2021, not on this Monday
    D(2024, 3, 29),  # Good Friday: exchanges close, the SEC does not
    D(2023, 4, 17),  # Patriots' Day and other state holidays
    D(2020, 12, 31), D(2021, 12, 30),
])
def test_open_weekdays(day):
    assert CAL.is_business_day(day)
    assert CAL.closure_reason(day) is None


@pytest.mark.parametrize("event, due", [
    (D(2020, 7, 2), D(2020, 7, 9)),  # Fri Jul 3, 2020 observed: 6, 7, 8, 9
    (D(2020, 7, 4), D(2020, 7, 9)),  # the Saturday itself
    (D(2021, 7, 4), D(2021, 7, 9)),  # a Sunday holiday: Mon 5th closed, 6, 7, 8, 9
    (D(2021, 12, 23), D(2021, 12, 30)),  # 24th closed: 27, 28, 29, 30
    (D(2021, 12, 25), D(2021, 12, 30)),
    (D(2021, 12, 30), D(2022, 1, 6)),  # 31st closed: Jan 3, 4, 5, 6
    (D(2022, 1, 1), D(2022, 1, 6)),
    (D(2022, 6, 17), D(2022, 6, 24)),  # Mon 20th closed: 21, 22, 23, 24
    (D(2022, 6, 19), D(2022, 6, 24)),
    (D(2020, 6, 18), D(2020, 6, 24)),  # Fri Jun 19, 2020 counts: 19, 22, 23, 24
    (D(2021, 1, 19), D(2021, 1, 25)),  # Inauguration Day counts: 20, 21, 22, 25
    (D(2023, 11, 11), D(2023, 11, 16)),
    (D(2018, 11, 11), D(2018, 11, 16)),
])
def test_8k_around_observed_days(event, due):
    assert CAL.add_business_days(event, 4) == due


@pytest.mark.parametrize("first_sale, due", [
    (D(2020, 7, 4), D(2020, 7, 20)),  # +15 = Sun Jul 19
    (D(2021, 7, 4), D(2021, 7, 19)),  # +15 = Mon Jul 19
    (D(2021, 12, 25), D(2022, 1, 10)),  # +15 = Sun Jan 9
    (D(2022, 1, 1), D(2022, 1, 18)),  # +15 = Sun Jan 16, Mon 17th MLK
    (D(2022, 6, 19), D(2022, 7, 5)),  # +15 = Mon Jul 4
    (D(2022, 12, 25), D(2023, 1, 9)),  # +15 = Mon Jan 9
    (D(2023, 1, 1), D(2023, 1, 17)),  # +15 = Mon Jan 16, MLK
    (D(2021, 6, 3), D(2021, 6, 21)),  # +15 = Fri Jun 18, 2021, the first Juneteenth observed
    (D(2021, 12, 16), D(2022, 1, 3)),  # +15 = Fri Dec 31, 2021, New Year's observed
])
def test_form_d_around_observed_days(first_sale, due):
    assert CAL.roll_forward(first_sale + timedelta(days=15)) == due


# -- year ends ----------------------------------------------------------------------------------

@pytest.mark.parametrize("event, due", [
    (D(2019, 12, 31), D(2020, 1, 7)),  # Jan 1 closed: 2, 3, 6, 7
    (D(2023, 12, 28), D(2024, 1, 4)),  # 29, (Jan 1), 2, 3, 4
    (D(2022, 12, 30), D(2023, 1, 6)),  # Jan 2, 2023 observed: 3, 4, 5, 6
    (D(2026, 12, 30), D(2027, 1, 6)),  # 31, (Jan 1), 4, 5, 6
])
def test_8k_across_a_year_end(event, due):
    assert CAL.add_business_days(event, 4) == due


@pytest.mark.parametrize("first_sale, due", [
    (D(2022, 12, 17), D(2023, 1, 3)),  # +15 = Sun Jan 1, Mon Jan 2 observed
    (D(2023, 12, 20), D(2024, 1, 4)),  # +15 = Thu Jan 4
    (D(2019, 12, 17), D(2020, 1, 2)),  # +15 = Wed Jan 1
])
def test_form_d_across_a_year_end(first_sale, due):
    assert CAL.roll_forward(first_sale + timedelta(days=15)) == due


# -- extra closures -----------------------------------------------------------------------------

@pytest.mark.parametrize("event, due", [
    (D(2018, 12, 4), D(2018, 12, 11)),  # Dec 5 mourning: 6, 7, 10, 11
    (D(2018, 12, 21), D(2018, 12, 31)),  # Dec 24 and 25 closed: 26, 27, 28, 31
    (D(2019, 12, 23), D(2019, 12, 31)),  # 24, 25 closed: 26, 27, 30, 31
    (D(2020, 12, 23), D(2020, 12, 31)),  # 24, 25 closed: 28, 29, 30, 31
    (D(2024, 12, 23), D(2024, 12, 31)),  # 24, 25 closed: 26, 27, 30, 31
    (D(2025, 1, 8), D(2025, 1, 15)),  # Jan 9 mourning: 10, 13, 14, 15
    (D(2025, 12, 23), D(2026, 1, 2)),  # 24, 25, 26 closed, Jan 1 too: 29, 30, 31, Jan 2
])
def test_8k_across_shipped_closures(event, due):
    assert CAL.add_business_days(event, 4) == due


def test_shipped_closures_have_reasons():
    assert "George H. W. Bush" in CAL.closure_reason(D(2018, 12, 5))
    assert "Jimmy Carter" in CAL.closure_reason(D(2025, 1, 9))
    assert "Christmas Eve" in CAL.closure_reason(D(2024, 12, 24))
    assert "Day after Christmas" in CAL.closure_reason(D(2025, 12, 26))


def test_shipped_closures_are_weekdays_and_not_federal_holidays():
    bare = SecCalendar(MappingProxyType({}))
    for closure in SHIPPED_CLOSURES:
        assert closure.day.weekday() < 5, closure
        assert bare.is_business_day(closure.day), closure
        assert closure.reason and closure.source, closure


def test_unverified_closures_are_reported():
    assert CAL.unverified_closures_between(D(2024, 12, 1), D(2025, 1, 31)) == (D(2024, 12, 24),)
    assert CAL.unverified_closures_between(D(2025, 1, 1), D(2025, 12, 31)) == ()


def test_configured_closure_extends_the_calendar():
    config = Config(MappingProxyType({D(2026, 12, 24): "Executive order closing federal agencies"}))
    calendar = default_calendar(config)
    assert calendar.closure_reason(D(2026, 12, 24)) == "Executive order closing federal agencies"
    assert calendar.add_business_days(D(2026, 12, 23), 4) == D(2026, 12, 31)  # 28, 29, 30, 31
    assert CAL.add_business_days(D(2026, 12, 23), 4) == D(2026, 12, 30)  # 24, 28, 29, 30
    assert calendar.is_business_day(D(2018, 12, 5)) is False  # the shipped list stays


def test_configured_reason_wins_and_counts_as_verified():
    config = Config(MappingProxyType({D(2024, 12, 24): "SEC closed (our records)"}))
    calendar = default_calendar(config)
    assert calendar.closure_reason(D(2024, 12, 24)) == "SEC closed (our records)"
    assert calendar.unverified_closures_between(D(2024, 12, 24), D(2024, 12, 24)) == ()


# -- EDGAR filing date and the 5:30 p.m. cut-off ------------------------------------------------

@pytest.mark.parametrize("submitted, filed", [
    (datetime(2024, 3, 12, 17, 30, 0), D(2024, 3, 12)),
    (datetime(2024, 3, 12, 17, 30, 1), D(2024, 3, 13)),
    (datetime(2024, 3, 12, 17, 30, 0, 1), D(2024, 3, 13)),
    (datetime(2024, 3, 12, 6, 0), D(2024, 3, 12)),
    (datetime(2024, 3, 15, 18, 0), D(2024, 3, 18)),  # Friday evening → Monday
    (datetime(2024, 3, 16, 9, 0), D(2024, 3, 18)),  # Saturday → Monday
    (datetime(2024, 7, 4, 10, 0), D(2024, 7, 5)),  # a holiday → the next business day
    (datetime(2024, 7, 3, 17, 45), D(2024, 7, 5)),  # late before a holiday skips it
    (datetime(2025, 1, 9, 10, 0), D(2025, 1, 10)),  # a shipped closure
    (datetime(2025, 12, 23, 19, 0), D(2025, 12, 29)),  # late before Dec 24-26 closures
])
def test_filing_date_naive_is_eastern(submitted, filed):
    assert CAL.filing_date(submitted) == filed


@pytest.mark.parametrize("submitted, filed", [
    # summer, EDT = UTC-4: 21:30 UTC is 17:30 ET
    (datetime(2024, 3, 12, 21, 30, 0, tzinfo=UTC), D(2024, 3, 12)),
    (datetime(2024, 3, 12, 21, 30, 1, tzinfo=UTC), D(2024, 3, 13)),
    # winter, EST = UTC-5: 22:30 UTC is 17:30 ET, and 21:45 UTC only 16:45
    (datetime(2024, 1, 10, 22, 30, 0, tzinfo=UTC), D(2024, 1, 10)),
    (datetime(2024, 1, 10, 22, 30, 1, tzinfo=UTC), D(2024, 1, 11)),
    (datetime(2024, 1, 10, 21, 45, tzinfo=UTC), D(2024, 1, 10)),
    (datetime(2024, 7, 10, 21, 45, tzinfo=UTC), D(2024, 7, 11)),  # same UTC time in summer: late
    # the day after DST ends (Sun Nov 3, 2024): Monday 22:30 UTC is 17:30 EST
    (datetime(2024, 11, 4, 22, 30, tzinfo=UTC), D(2024, 11, 4)),
    # the UTC date is already tomorrow, the Eastern date is not
    (datetime(2024, 3, 13, 1, 0, tzinfo=UTC), D(2024, 3, 13)),  # Tue 21:00 EDT: late
    (datetime(2024, 3, 16, 2, 0, tzinfo=UTC), D(2024, 3, 18)),  # Fri 22:00 EDT → Monday
    (datetime(2024, 3, 12, 14, 30, tzinfo=ZoneInfo("America/Los_Angeles")), D(2024, 3, 12)),
    (datetime(2024, 3, 12, 14, 31, tzinfo=ZoneInfo("America/Los_Angeles")), D(2024, 3, 13)),
])
def test_filing_date_aware_is_converted_to_eastern(submitted, filed):
    assert CAL.filing_date(submitted) == filed


# -- range and arguments ------------------------------------------------------------------------

@pytest.mark.parametrize("day", [D(1979, 12, 31), D(2101, 1, 3)])
def test_dates_outside_1980_to_2100_are_refused(day):
    with pytest.raises(ValueError, match="1980-2100"):
        CAL.is_business_day(day)


def test_counting_past_2100_is_refused():
    with pytest.raises(ValueError, match="2101"):
        CAL.add_business_days(D(2100, 12, 31), 1)


def test_range_ends_work():
    assert CAL.add_business_days(D(1980, 1, 1), 1) == D(1980, 1, 2)
    assert not CAL.is_business_day(D(2100, 12, 31))  # Jan 1, 2101 is a Saturday


def test_count_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        CAL.add_business_days(D(2024, 3, 12), 0)


def test_datetime_arguments_count_as_their_date():
    assert CAL.add_business_days(datetime(2024, 3, 8, 23, 0), 4) == D(2024, 3, 14)
    assert type(CAL.roll_forward(datetime(2024, 3, 16, 12, 0))) is date


# -- properties ---------------------------------------------------------------------------------

DAYS = st.dates(min_value=D(2018, 1, 1), max_value=D(2026, 12, 31))


@settings(max_examples=2000, deadline=None)
@given(DAYS)
def test_8k_due_is_a_later_business_day(event):
    due = CAL.add_business_days(event, 4)
    assert due > event
    assert due.weekday() < 5
    assert CAL.is_business_day(due)
    assert due - event <= timedelta(days=4 + 2 * 2 + 4)  # two weekends and four closures at most


@settings(max_examples=2000, deadline=None)
@given(DAYS)
def test_roll_forward_is_idempotent_and_never_earlier(day):
    rolled = CAL.roll_forward(day)
    assert rolled >= day
    assert CAL.is_business_day(rolled)
    assert CAL.roll_forward(rolled) == rolled
    assert (rolled == day) == CAL.is_business_day(day)


@settings(max_examples=1000, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=60))
def test_add_business_days_counts_exactly_n(day, count):
    result = CAL.add_business_days(day, count)
    between = [day + timedelta(days=offset) for offset in range(1, (result - day).days + 1)]
    assert sum(CAL.is_business_day(each) for each in between) == count
    assert CAL.is_business_day(result)


@settings(max_examples=1000, deadline=None)
@given(st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2026, 12, 31)))
def test_filing_date_is_a_business_day_on_or_after_the_submission(submitted):
    filed = CAL.filing_date(submitted)
    assert filed >= submitted.date()
    assert CAL.is_business_day(filed)


@settings(max_examples=500, deadline=None)
@given(DAYS)
def test_weekends_are_never_business_days(day):
    if day.weekday() >= 5:
        assert not CAL.is_business_day(day)
