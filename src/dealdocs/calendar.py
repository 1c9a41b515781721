"""The SEC business-day calendar: 8-K and Form D deadlines, and EDGAR filing dates.

A business day is Monday to Friday, not a federal holiday, and not an extra SEC closure
(Exchange Act Rule 0-2; 17 CFR 201.104). Holidays are the ones 5 U.S.C. 6103 gives federal
employees, on the days they are observed: a Saturday holiday on the Friday before, a Sunday
holiday on the Monday after. Extra closures are days the President closed federal agencies
(national days of mourning, Christmas Eve orders), which the SEC has treated as holidays for
filing purposes; we ship the ones we could source, and users add more in pyproject.toml.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping
from zoneinfo import ZoneInfo

import holidays
from holidays.constants import PUBLIC

if TYPE_CHECKING:  # config imports nothing from here, but keep the import graph one-way
    from .config import Config

FIRST_YEAR, LAST_YEAR = 1980, 2100  # EDGAR's own floor is 1980; holidays.US stops at 2100
EASTERN = ZoneInfo("America/New_York")
FILING_CUTOFF = time(17, 30)  # Reg S-T Rule 13(a)(2): 5:30 p.m. ET; 8-K and Form D get no 10 p.m.
ONE_DAY = timedelta(days=1)
WEEKEND = {5: "Saturday", 6: "Sunday"}


@dataclass(frozen=True)
class Closure:
    """A day the SEC (or every federal agency) was closed although no statute made it a holiday.

    `verified` is True when a source says the SEC or EDGAR itself was closed that day; False
    when our only source is the executive order closing executive departments and agencies.
    The SEC has followed every such order we could check, but we have not seen it for these.
    """

    day: date
    reason: str
    source: str
    verified: bool


_EO_CHRISTMAS_EVE = "Christmas Eve (executive order closing federal agencies)"
_EO_DAY_AFTER = "Day after Christmas (executive order closing federal agencies)"

# Half-day closings (Dec 24 of 1990, 2002, 2009, 2015) are left out on purpose: the SEC was open
# in the morning, so the day still counts. Hurricane Sandy (Oct 29-30, 2012) is left out too: EDGAR
# stayed up and the SEC granted relief by order instead. Not found, so not listed: any 2026 order.
SHIPPED_CLOSURES: tuple[Closure, ...] = (
    Closure(date(1986, 12, 26), _EO_DAY_AFTER,
            "E.O. 12577 of Dec 22, 1986 (reaganlibrary.gov text)", verified=False),
    Closure(date(1994, 4, 27), "National Day of Mourning for former President Richard Nixon",
            "Executive order of Apr 23, 1994, 59 FR 21915 (FR Doc 94-10249), closing executive "
            "departments and independent establishments", verified=False),
    Closure(date(2001, 12, 24), _EO_CHRISTMAS_EVE,
            "E.O. 13238; Federal News Network and GovExec report the 2001 closure", verified=False),
    Closure(date(2003, 12, 26), _EO_DAY_AFTER,
            "E.O. 13320; OPM memorandum CPM 2003-18", verified=False),
    Closure(date(2004, 6, 11), "National Day of Mourning for former President Ronald Reagan",
            "Executive order of Jun 6, 2004 closing executive departments and independent "
            "establishments (GovExec, FedSmith)", verified=False),
    Closure(date(2007, 1, 2), "National Day of Mourning for former President Gerald R. Ford",
            "E.O. 13421 (FedSmith text); NASD/FINRA notice of Dec 29, 2006 closes 'in keeping "
            "with the announcements of the Securities and Exchange Commission'", verified=False),
    Closure(date(2007, 12, 24), _EO_CHRISTMAS_EVE,
            "E.O. 13453, 3 CFR 2007 Compilation p. 315", verified=False),
    Closure(date(2008, 12, 26), _EO_DAY_AFTER, "E.O. 13482 (FedSmith, PlanSponsor text)",
            verified=False),
    Closure(date(2012, 12, 24), _EO_CHRISTMAS_EVE, "E.O. 13633, 77 FR 76339", verified=False),
    Closure(date(2014, 12, 26), _EO_DAY_AFTER, "E.O. 13682, 79 FR 73459", verified=False),
    Closure(date(2018, 12, 5), "National Day of Mourning for former President George H. W. Bush",
            "SEC announcement 'EDGAR to be closed Wednesday, December 5, 2018', quoted in ICI "
            "memo 31512", verified=True),
    Closure(date(2018, 12, 24), _EO_CHRISTMAS_EVE,
            "E.O. 13854; SEC Corp Fin shutdown notice (MoFo, Dec 21, 2018): no EDGAR filings "
            "accepted Dec 24 and 25", verified=True),
    Closure(date(2019, 12, 24), _EO_CHRISTMAS_EVE,
            "E.O. 13900; Cooley PubCo, Dec 16, 2020: EDGAR closed Christmas Eve 'just like last "
            "year'", verified=True),
    Closure(date(2020, 12, 24), _EO_CHRISTMAS_EVE,
            "E.O. 13965; SEC announcement reported by Cooley PubCo, Dec 16, 2020", verified=True),
    Closure(date(2024, 12, 24), _EO_CHRISTMAS_EVE, "E.O. 14129, 89 FR 104857", verified=False),
    Closure(date(2025, 1, 9), "National Day of Mourning for former President Jimmy Carter",
            "E.O. 14133, 90 FR 187; Mayer Brown Free Writings, Jan 2025: EDGAR closed",
            verified=True),
    Closure(date(2025, 12, 24), _EO_CHRISTMAS_EVE,
            "E.O. 14371; SEC announcement reported by TheCorporateCounsel.net, Dec 2025",
            verified=True),
    Closure(date(2025, 12, 26), _EO_DAY_AFTER,
            "E.O. 14371; SEC announcement reported by TheCorporateCounsel.net, Dec 2025",
            verified=True),
)


@functools.lru_cache(maxsize=None)
def federal_holidays(year: int) -> Mapping[date, str]:
    """The federal holidays of `year` on the days they are observed, e.g. 2021-12-31 for 2022.

    `holidays.US()` with its defaults (category PUBLIC, no state) is exactly this list, and it is
    what the SEC's own EDGAR validation code uses (Arelle/EDGAR validate/Filing.py:
    `holidays.US(state=None, years=...)`). Checked against holidays 0.109 for 1980-2100:
    - it equals category GOVERNMENT (the 5 U.S.C. 6103 list) minus that category's extra
      executive-order closures, which we keep in SHIPPED_CLOSURES instead, with sources;
    - no state holidays and no Inauguration Day (2021-01-20 is absent; only subdiv DC/MD/VA add
      it); no Good Friday; MLK Day from 1986, Juneteenth from 2021 (2020-06-19 is absent);
    - observed days: 2021-12-31 "New Year's Day (observed)" (Jan 1, 2022 was a Saturday),
      2021-06-18 and 2022-06-20 "Juneteenth National Independence Day (observed)",
      2020-07-03 "Independence Day (observed)", 2021-12-24 "Christmas Day (observed)";
    - financial_holidays("XFED") is wrong for us: the Fed does not move Saturday holidays
      (it lacks 2021-12-31 and 2020-07-03); "XNYS" drops Columbus and Veterans Day.
    Past 2100 holidays.US silently returns nothing, hence the year check.
    """
    _check_year(year)
    observed = holidays.US(years=year, categories=PUBLIC, observed=True, language="en_US")
    return MappingProxyType({day: name for day, name in observed.items() if day.year == year})


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the SEC calendar covers {FIRST_YEAR}-{LAST_YEAR}; "
                         f"{year} is outside it")


@dataclass(frozen=True)
class SecCalendar:
    """SEC business days: weekdays that are neither federal holidays nor extra closures."""

    extra_closures: Mapping[date, str]  # date -> reason (shipped list + user config)
    unverified_closures: frozenset[date] = field(default=frozenset())  # those resting on an EO only

    def is_business_day(self, day: date) -> bool:
        return self.closure_reason(day) is None

    def closure_reason(self, day: date) -> str | None:
        """Why the SEC is closed on `day` ("Saturday", "Christmas Day (observed)", …), or None."""
        day = _as_date(day)
        holiday = federal_holidays(day.year).get(day)
        return WEEKEND.get(day.weekday()) or holiday or self.extra_closures.get(day)

    def add_business_days(self, day: date, count: int) -> date:
        """The count-th business day strictly after `day` (Form 8-K General Instruction B.1).

        A weekend or holiday `day` needs no special case: the count starts after it anyway.
        """
        if count < 1:
            raise ValueError(f"count must be at least 1, not {count}")
        day = _as_date(day)
        while count:
            day += ONE_DAY
            if self.is_business_day(day):
                count -= 1
        return day

    def roll_forward(self, day: date) -> date:
        """`day` if it is a business day, else the next one (Rule 0-3(a); Rule 503(a)(1))."""
        day = _as_date(day)
        return day if self.is_business_day(day) else self.add_business_days(day, 1)

    def filing_date(self, submitted: datetime) -> date:
        """The EDGAR filing date of a submission whose transmission starts at `submitted`.

        Naive datetimes are US/Eastern wall time. At or before 17:30:00 ET on a business day
        the filing is dated that day; later, or on a closed day, the next business day.
        """
        eastern = submitted.astimezone(EASTERN) if submitted.tzinfo else submitted
        day = eastern.date()
        if self.is_business_day(day) and eastern.time() <= FILING_CUTOFF:
            return day
        return self.add_business_days(day, 1)

    def unverified_closures_between(self, first: date, last: date) -> tuple[date, ...]:
        """Unverified extra closures in [first, last]: a deadline across them rests on them."""
        return tuple(sorted(day for day in self.unverified_closures if first <= day <= last))


def _as_date(day: date) -> date:
    # datetime is a date subclass; a deadline counted from one would keep a stray time of day
    return day.date() if isinstance(day, datetime) else day


def default_calendar(config: Config | None = None) -> SecCalendar:
    """The shipped closures plus any from configuration (a configured reason wins).

    With no config this reads no file: the caller (the CLI) passes `load_config()`.
    """
    closures = {closure.day: closure.reason for closure in SHIPPED_CLOSURES}
    unverified = {closure.day for closure in SHIPPED_CLOSURES if not closure.verified}
    if config is not None:
        closures.update(config.extra_sec_closures)
        unverified -= set(config.extra_sec_closures)  # the user vouches for what they configure
    return SecCalendar(MappingProxyType(closures), frozenset(unverified))
