"""Stage 4: everything derived from the deal, computed once, in one place.

Amounts (OID, interest, proceeds), dates (every filing deadline), share counts at the conversion
price. Rules judge these facts; templates place them. Nothing else computes a number or a date.
Where an input is missing, the fact is None, never a guess: the rules turn it into "needs input".
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Iterator

from .calendar import SecCalendar
from .load import Path_
from .model import (PAR_VALUE, DayCount, Deal, EntityKind, Exemption,
                    InterestBasis, Investor, InvestorKind, Market, MarketStatistic, Note,
                    OtherOffering, Payable, PlacementAgent, PriceExpression, Registration,
                    RelatedPerson, VerificationMethod, known)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# Form 8-K General Instruction B.1: within four business days after the event.
FORM_8K_BUSINESS_DAYS = 4
# Rule 503(a)(1): no later than 15 calendar days after the first sale.
FORM_D_CALENDAR_DAYS = 15
# State notice filings are generally due 15 days after the first sale in the state [S].
STATE_NOTICE_CALENDAR_DAYS = 15
# Rule 144(d)(1): six months for an issuer reporting for at least 90 days, else one year.
RULE_144_REPORTING_DAYS = 90
# Item 3.02(b): 1% of the shares outstanding, 5% for a smaller reporting company [S].
ITEM_3_02_PERCENT, ITEM_3_02_SRC_PERCENT = Decimal(1), Decimal(5)
# Rule 506(c)(2)(ii)(B) and (C): documents dated within the prior three months [S];
# (E): a verification done within the prior five years [V].
VERIFICATION_DOCUMENT_MONTHS = 3
PRIOR_VERIFICATION_MONTHS = 60
# SEC staff no-action letter to Latham & Watkins, March 12, 2025 [V]; the minimums as law firms
# summarise it [S]: $200,000 for a natural person, $1,000,000 for an entity under Rule
# 501(a)(3), (7), (9) or (12), and for an (a)(8) entity $1,000,000 (or $200,000 per natural-person
# owner, which the deal file cannot show).
MINIMUM_INVESTMENT_LETTER = date(2025, 3, 12)
MINIMUM_INVESTMENT_PERSON = Decimal(200_000)
MINIMUM_INVESTMENT_ENTITY = Decimal(1_000_000)
# The letter's representations: a natural person accredited under Rule 501(a)(5) or (a)(6), an
# entity under (a)(3), (7), (8), (9) or (12) [V].
_MINIMUM_PERSON_BASES = ("501(a)(5)", "501(a)(6)")
_MINIMUM_ENTITY_BASES = ("501(a)(3)", "501(a)(7)", "501(a)(8)", "501(a)(9)", "501(a)(12)")
# Rule 152(b)(1): offerings more than 30 calendar days apart; the rule as amended by Release
# 33-10884 is in force from March 15, 2021 [S].
INTEGRATION_SAFE_HARBOR_DAYS = 30
RULE_152_EFFECTIVE = date(2021, 3, 15)
# Nasdaq Rule 5635(d) (as amended Sept 26, 2018) and NYSE American Company Guide §713 (as amended
# Mar 6, 2025): shareholder approval for 20% or more of the pre-transaction shares below the
# Minimum Price.
EXCHANGE_PERCENT = Decimal(20)
# Rule 506(d): holders of 20% or more of the voting equity are covered persons [V].
COVERED_VOTING_PERCENT = Decimal(20)

_PERIODS_PER_YEAR = {InterestBasis.COMPOUNDED_MONTHLY: 12, InterestBasis.COMPOUNDED_QUARTERLY: 4,
                     InterestBasis.COMPOUNDED_ANNUALLY: 1}
_PAYMENT_MONTHS = {Payable.MONTHLY: 1, Payable.QUARTERLY: 3, Payable.SEMI_ANNUALLY: 6,
                   Payable.ANNUALLY: 12}


@dataclass(frozen=True)
class NoteFacts:
    note: Note
    holder: Investor
    original_issue_discount: Decimal
    fees_withheld: Decimal
    net_proceeds: Decimal  # what the Company receives: purchase price less fees withheld
    funded_on: date
    term_days: int
    interest_to_maturity: Decimal
    guaranteed_interest: Decimal | None
    payment_dates: tuple[date, ...]  # periodic interest dates, if interest is paid periodically
    conversion_starts: date
    conversion_price_at_signing: Decimal | None  # needs market data for a market price
    shares_at_signing: int | None  # principal and convertible interest ÷ that price
    shares_at_floor: int | None  # the most shares the note can become, if the price has a floor
    unbounded: bool  # a price with no floor (on some event, too): no limit on the shares
    reserve_shares: int | None  # the share reserve the note requires, at the signing price
    lowest_price: Decimal | None = None  # the floor: the lowest price it can convert at, if any
    future_priced: bool = False  # converts automatically at a percentage of a future price
    funded: bool = True  # False: a tranche still to be funded on its condition

    @property
    def convertible_amount(self) -> Decimal:
        """What may be converted: principal, plus interest to maturity where interest converts."""
        conversion = self.note.conversion
        interest = self.interest_to_maturity if conversion and conversion.interest_convertible \
            else 0
        return self.note.principal + interest


@dataclass(frozen=True)
class StateNotice:
    state: str
    first_sale: date
    due: date  # 15 calendar days after the first sale in the state; the state's own rule governs
    investors: tuple[int, ...] = ()  # indexes under `investors` of the purchasers in the state
    counted_to: date | None = None  # 15 calendar days after the first sale, before any roll


@dataclass(frozen=True)
class ClosedDay:
    day: date
    reason: str  # "Saturday", "Martin Luther King Jr. Day" …

    @property
    def weekend(self) -> bool:
        return self.reason in ("Saturday", "Sunday")


@dataclass(frozen=True)
class Deadline:
    """A filing deadline, with what moved it: the closed days it counted over or rolled across."""

    start: date  # the event, or the first sale
    counted_to: date  # Form D: 15 calendar days after the start; Form 8-K: the due date itself
    due: date
    closed_days: tuple[ClosedDay, ...]  # 8-K: closed days from the start to the due date;
    #                                     Form D: from the 15th day to the day before the due date
    unverified_closures: tuple[date, ...] = ()  # closures that rest on an executive order only
    due_if_open: date | None = None  # the due date if those closures were business days, if earlier

    @property
    def rolled(self) -> bool:
        return self.due != self.counted_to

    @property
    def holidays(self) -> tuple[ClosedDay, ...]:
        """The closed days that are not weekends: the ones worth naming in a message."""
        return tuple(day for day in self.closed_days if not day.weekend)

    @property
    def safe_due(self) -> date:
        """The earlier date when an unverified closure is involved: timely either way."""
        return self.due_if_open or self.due


@dataclass(frozen=True)
class InvestorFacts:
    investor: Investor
    index: int  # its position under `investors`, for findings
    invested: Decimal  # the purchase prices of the notes it holds
    sale_date: date  # its commitment: the agreement or its first note, not before the first sale
    verification_valid_from: date | None  # the oldest verification date still good on sale_date
    minimum_investment_required: Decimal | None  # under the 2025 staff letter, if it applies


@dataclass(frozen=True)
class OfferingGap:
    """How far another offering lies from this one (Rule 152)."""

    offering: OtherOffering
    index: int  # its position under offering.other_offerings
    days_apart: int  # calendar days from the end of one to the start of the other; 0: overlap
    before: bool  # the other offering ended before this one's first sale


@dataclass(frozen=True)
class Deadlines:
    form_8k_due: date
    form_8k_filing_date: date  # when EDGAR will date the 8-K, from the report date or time
    form_d_due: date
    form_d_amendment_due: date | None  # annual amendment, if a Form D is on file and continuing
    rule_144_months: int | None  # None when the reporting history is not given
    rule_144_available: date | None
    state_notices: tuple[StateNotice, ...]
    form_8k: Deadline | None = None  # the 8-K deadline with its reasons
    form_d: Deadline | None = None  # the Form D deadline with its reasons
    form_8k_trigger: date | None = None  # Item 1.01/2.03/3.02 trigger: agreement, else closing (R2)
    form_8k_from_trigger: Deadline | None = None  # when the trigger differs from form_8k.event_date
    form_d_anniversary: date | None = None  # first anniversary of the latest Form D or D/A

    @property
    def form_8k_late(self) -> bool:
        return self.form_8k_filing_date > self.form_8k_due


@dataclass(frozen=True)
class FormDGap:
    """A Form D input the deal file lacks: where it belongs, and what it is."""

    field: tuple  # the deal-file path where it belongs
    what: str  # "the industry group (Form D Item 4)"


@dataclass(frozen=True)
class FormDFacts:
    """What Form D reports that is derived rather than copied. Computed only when a Form D is
    due (Rule 503); `gaps` lists what the deal file must add before one can be written."""

    submission_type: str  # "D", or "D/A" when a Form D is already on file (offering.form_d)
    previous_accession_number: str | None  # the filing a D/A amends
    exemption_codes: tuple[str, ...]  # Form D Item 6 as the XML writes it: "06b", "4a5" …
    within_five_years: bool | None  # incorporated within five years before the signature
    more_than_one_year: bool | None  # Item 8
    security_types: tuple[str, ...]  # Item 9, in FORM_D_SECURITY_TYPES order
    sales_commissions: Decimal | None  # Item 15: fees of registered broker-dealers
    finders_fees: Decimal | None  # Item 15: fees of agents that are not broker-dealers
    gaps: tuple[FormDGap, ...] = ()

    @property
    def writable(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class Facts:
    deal: Deal
    calendar: SecCalendar
    notes: tuple[NoteFacts, ...]
    deadlines: Deadlines
    total_principal: Decimal
    gross_proceeds: Decimal  # the notes' purchase prices
    fees_withheld: Decimal
    placement_fees: Decimal | None  # None when an agent's fee cannot be computed
    underlying_shares: int | None  # shares underlying everything sold, at the signing price
    unbounded: bool  # some note has a variable price with no floor
    item_3_02_percent: Decimal | None  # Item 3.02 shares ÷ shares outstanding, in percent
    item_3_02_threshold: Decimal  # 1%, or 5% for a smaller reporting company
    # Item 3.02: the underlying shares plus the earlier unreported sales (form_8k.unreported_…)
    item_3_02_shares: int | None = None
    # The same, with every converting note at the floor of its price: the most a floored price
    # can bring (None when some price has no floor, or a share count is unknown).
    item_3_02_floor_shares: int | None = None
    investors: tuple[InvestorFacts, ...] = ()
    non_accredited_count: int = 0
    offering_total: Decimal = Decimal(0)  # Form D Item 13: the total offering amount
    offering_remaining: Decimal = Decimal(0)  # total offering amount less the amount sold
    offering_end: date | None = None  # the last closing, or None while the offering continues
    other_offerings: tuple[OfferingGap, ...] = ()
    minimum_price: Decimal | None = None  # exchange Minimum Price: lower of close and 5-day average
    below_minimum_price: bool | None = None  # some security in the deal may be priced below it
    potential_shares: int | None = None  # the most shares the deal can issue; None if unlimited
    potential_percent: Decimal | None = None  # potential_shares ÷ shares outstanding, in percent
    exchange_cap_shares: int | None = None  # the most shares that stay below 20% of outstanding
    # The most shares the deal can issue before stockholders approve, where a note's own exchange
    # cap (conversion.exchange_cap_percent) limits it; None without such a cap, or if a note with
    # no cap has no limit either.
    approval_capped_shares: int | None = None
    reserve_required: int | None = None  # shares the notes require in reserve, plus warrant and
    #                                      commitment shares
    shares_available: int | None = None  # authorized − outstanding − reserved (0 if not given)
    # What the Company received by offering.proceeds_received_date, and the notes funded later
    received_by_proceeds_date: Decimal | None = None
    funded_later: tuple[NoteFacts, ...] = ()
    # The report date; while the deal file leaves it a placeholder, the 8-K's due date, the
    # latest it can be, so that what the 8-K says "has happened" has happened by then too.
    report_date: date | None = None
    report_date_assumed: bool = False
    net_proceeds: Decimal = Decimal(0)  # gross less fees withheld and the Company's own expenses
    form_d_required: bool = True
    # Some security sold is an equity security (Exchange Act §3(a)(11)): a note that converts,
    # a warrant or shares. A note that does not convert is a debt security only.
    equity_sold: bool = True
    form_d: FormDFacts | None = None  # None when no Form D is due
    cover: tuple[CoverFact, ...] = ()  # the 8-K cover page's dei facts, in cover order

    def note(self, note: Note) -> NoteFacts:
        return next(facts for facts in self.notes if facts.note is note)

    def investor(self, investor: Investor) -> InvestorFacts:
        return next(facts for facts in self.investors if facts.investor is investor)


def derive(deal: Deal, calendar: SecCalendar) -> Facts:
    facts = _derive(deal, calendar)
    return dataclasses.replace(facts, form_d=form_d_facts(deal, facts))


def _derive(deal: Deal, calendar: SecCalendar) -> Facts:
    notes = tuple(_note_facts(deal, note) for note in deal.notes)
    underlying, unbounded = _underlying_shares(deal, notes)
    outstanding = deal.issuer.common_stock.shares_outstanding
    earlier = deal.form_8k.unreported_equity_sales_shares or 0
    item_3_02_shares = None if underlying is None else underlying + earlier
    at_floor = _shares_at_floor(deal, notes)
    item_3_02_floor_shares = None if at_floor is None else at_floor + earlier
    gross = sum((note.cash_price for note in deal.notes), Decimal(0))
    total = deal.offering.total_offering_amount or gross
    potential = _potential_shares(deal, notes)
    minimum_price = _minimum_price(deal)
    deadlines = _deadlines(deal, calendar)
    report_known = known(deal.form_8k.report_date)
    report_date = deal.form_8k.report_date if report_known else deadlines.form_8k_due
    fees = sum((facts.fees_withheld for facts in notes), Decimal(0))
    expenses = sum((expense.amount for expense in deal.offering.issuer_expenses), Decimal(0))
    return Facts(
        deal=deal,
        calendar=calendar,
        notes=notes,
        deadlines=deadlines,
        total_principal=sum((note.principal for note in deal.notes), Decimal(0)),
        gross_proceeds=gross,
        fees_withheld=fees,
        placement_fees=_placement_fees(deal, gross),
        underlying_shares=underlying,
        unbounded=unbounded,
        item_3_02_percent=percent_of(item_3_02_shares, outstanding),
        item_3_02_threshold=ITEM_3_02_SRC_PERCENT if deal.issuer.smaller_reporting_company
        else ITEM_3_02_PERCENT,
        item_3_02_shares=item_3_02_shares,
        item_3_02_floor_shares=item_3_02_floor_shares,
        investors=tuple(_investor_facts(deal, index) for index in range(len(deal.investors))),
        non_accredited_count=sum(not investor.accredited for investor in deal.investors),
        offering_total=total,
        offering_remaining=max(total - gross, Decimal(0)),
        offering_end=_offering_end(deal, gross),
        other_offerings=_other_offerings(deal, gross),
        minimum_price=minimum_price,
        below_minimum_price=_below_minimum_price(deal, notes, minimum_price),
        potential_shares=potential,
        potential_percent=percent_of(potential, outstanding),
        exchange_cap_shares=_largest_below(EXCHANGE_PERCENT, outstanding),
        approval_capped_shares=_approval_capped_shares(deal, notes),
        reserve_required=_reserve_required(deal, notes),
        shares_available=_shares_available(deal),
        received_by_proceeds_date=_received_by(deal, notes),
        funded_later=tuple(facts for facts in notes if _funded_after_proceeds_date(deal, facts)),
        report_date=report_date,
        report_date_assumed=not report_known,
        net_proceeds=gross - fees - expenses,
        form_d_required=form_d_required(deal),
        equity_sold=equity_sold(deal),
        cover=cover_facts(deal, report_date),
    )


# Rule 503: a Form D for an offering under Regulation D (Rules 504 and 506); an exchange under
# Section 3(a)(9) alone needs none.
_REGULATION_D = (Exemption.RULE_506B, Exemption.RULE_506C, Exemption.RULE_504)


def form_d_required(deal: Deal) -> bool:
    return any(exemption in _REGULATION_D for exemption in deal.offering.exemptions)


def equity_sold(deal: Deal) -> bool:
    """Whether the deal sells an equity security: a note that converts, a warrant, or shares."""
    return notes_convert(deal) or bool(deal.warrants or deal.commitment_shares)


def notes_convert(deal: Deal) -> bool:
    """Whether some note converts, at the holder's option or automatically."""
    return any(note.conversion is not None for note in deal.notes)


def _funded_after_proceeds_date(deal: Deal, facts: NoteFacts) -> bool:
    received = deal.offering.proceeds_received_date
    return received is not None and facts.funded_on > received


def _received_by(deal: Deal, notes: tuple[NoteFacts, ...]) -> Decimal | None:
    if deal.offering.proceeds_received_date is None:
        return None
    return sum((facts.note.cash_price for facts in notes
                if not _funded_after_proceeds_date(deal, facts)), Decimal(0))


def percent_of(shares: int | None, outstanding: int | None) -> Decimal | None:
    """shares ÷ outstanding in percent, cut (not rounded) to two decimals.

    Cutting keeps the shown figure on the right side of any threshold with two decimals or
    fewer (1%, 5%, 20%): 0.999% shows as 0.99%, never as a rounded-up 1.00%."""
    if shares is None or not outstanding:
        return None
    return (Decimal(shares) * HUNDRED / outstanding).quantize(CENT, ROUND_DOWN)


# --- notes -----------------------------------------------------------------------------------


def _note_facts(deal: Deal, note: Note) -> NoteFacts:
    fees = sum((fee.amount for fee in note.fees_withheld), Decimal(0))
    funded_on = note.funding_date or note.issue_date
    # A tranche accrues interest from its funding, not from the issue date of the series.
    accrues_from = funded_on if note.tranche is not None else note.issue_date
    interest = interest_between(note, accrues_from, note.maturity_date)
    conversion = note.conversion
    price = conversion_price_at_signing(deal, note)
    convertible = note.principal + (interest if conversion and conversion.interest_convertible
                                    else 0)
    converts = conversion is not None and conversion.price is not None
    lowest = lowest_conversion_price(deal, note)
    multiple = conversion.share_reserve_multiple if conversion else None
    at_signing = _shares_for(convertible, price) if converts else 0
    return NoteFacts(
        note=note,
        holder=deal.investor(note.holder),
        original_issue_discount=original_issue_discount(note),
        fees_withheld=fees,
        net_proceeds=note.cash_price - fees,
        funded_on=funded_on,
        term_days=(note.maturity_date - note.issue_date).days,
        interest_to_maturity=interest,
        guaranteed_interest=_guaranteed_interest(note),
        payment_dates=_payment_dates(note),
        conversion_starts=conversion_starts(note),
        conversion_price_at_signing=price,
        shares_at_signing=at_signing,
        shares_at_floor=_shares_for(convertible, lowest) if converts else None,
        unbounded=converts and lowest is None,
        reserve_shares=math.ceil(multiple * at_signing) if multiple and at_signing else None,
        lowest_price=lowest if converts else None,
        future_priced=conversion is not None and conversion.automatic is not None,
        funded=note.tranche is None or note.tranche.funded,
    )


def original_issue_discount(note: Note) -> Decimal:
    """Principal less what was paid for it, where the documents call that an OID: never for a
    note issued in exchange, and for a unit only if the deal says so (on the note's share). A
    facility note's principal is its limit: its discount is on what has been advanced."""
    if note.purchase_price is None:
        return Decimal(0)
    if note.advances:
        return sum((advance.amount for advance in note.advances), Decimal(0)) - note.purchase_price
    if note.unit is not None:
        if not note.unit.original_issue_discount:
            return Decimal(0)
        return note.principal - (note.unit.note_allocation or note.purchase_price)
    return note.principal - note.purchase_price


def conversion_starts(note: Note) -> date:
    """The first day the holder may convert."""
    conversion = note.conversion
    if conversion is None:
        return note.issue_date
    if conversion.starts_on is not None:
        return conversion.starts_on
    if conversion.starts_after_months is not None:
        return add_months(note.issue_date, conversion.starts_after_months)
    if conversion.starts_in_month is not None:  # "beginning in the sixth month": 5 months on
        return add_months(note.issue_date, conversion.starts_in_month - 1)
    return note.issue_date + timedelta(days=conversion.waiting_period_days)


def year_fraction(start: date, end: date, day_count: DayCount) -> Decimal:
    if day_count is DayCount.THIRTY_360:
        days = 360 * (end.year - start.year) + 30 * (end.month - start.month) \
            + min(end.day, 30) - min(start.day, 30)
        return Decimal(days) / 360
    days = Decimal((end - start).days)
    return days / (365 if day_count is DayCount.ACTUAL_365 else 360)


def interest_between(note: Note, start: date, end: date) -> Decimal:
    """Interest accrued on the full principal from start to end, to the cent."""
    rate = note.interest.rate_percent / HUNDRED
    years = year_fraction(start, end, note.interest.day_count)
    periods = _PERIODS_PER_YEAR.get(note.interest.basis)
    if periods is None:
        interest = note.principal * rate * years
    else:
        interest = note.principal * ((1 + rate / periods) ** (periods * years) - 1)
    return interest.quantize(CENT, ROUND_HALF_UP)


def _guaranteed_interest(note: Note) -> Decimal | None:
    months = note.interest.guaranteed_months
    if months is None:
        return None
    amount = note.principal * note.interest.rate_percent / HUNDRED * months / 12
    return amount.quantize(CENT, ROUND_HALF_UP)


def _payment_dates(note: Note) -> tuple[date, ...]:
    step = _PAYMENT_MONTHS.get(note.interest.payable)
    if step is None:
        return ()
    dates = []
    months = step
    while (day := add_months(note.issue_date, months)) < note.maturity_date:
        dates.append(day)
        months += step
    return tuple(dates) + (note.maturity_date,)


def period_end_day(period, start: date) -> date:
    """The day a period (model.Period: days, months or a date) counted from `start` ends."""
    if period.date is not None:
        return period.date
    if period.months is not None:
        return add_months(start, period.months)
    return start + timedelta(days=period.days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))


# --- prices --------------------------------------------------------------------------------------
# A price expression is evaluated two ways: at signing (for the share counts the 8-K and the
# exchange rules need) and at its lowest (the floor, which bounds the shares a note can become).


def conversion_price_at_signing(deal: Deal, note: Note) -> Decimal | None:
    """The conversion price if the note were converted at the market prices given for signing."""
    if note.conversion is None or note.conversion.price is None:
        return None
    return price_at_signing(deal, note.conversion.price)


def price_at_signing(deal: Deal, expression: PriceExpression) -> Decimal | None:
    """An expression's value at signing; None when a market statistic's value is not given.

    A statistic that ends at a past day has its own `value`; one measured from a later day
    (conversion, payment) takes market_data.conversion_measure_price, the deal's estimate."""
    if expression.fixed is not None:
        value: Decimal | None = expression.fixed
    elif expression.of is not None:
        market = _statistic_at_signing(deal, expression.of)
        value = None if market is None else market * expression.market_percent / HUNDRED
    else:
        values = [price_at_signing(deal, part) for part in expression.parts]
        if None in values:
            return None
        value = min(values) if expression.lesser_of else max(values)  # type: ignore[type-var]
    return None if value is None else _bounded(deal, expression, value)


def _statistic_at_signing(deal: Deal, statistic) -> Decimal | None:
    if isinstance(statistic, MarketStatistic) and statistic.value is not None:
        return statistic.value
    return deal.market_data.conversion_measure_price if deal.market_data else None


def _bounded(deal: Deal, expression: PriceExpression, value: Decimal) -> Decimal:
    floor = floor_value(deal, expression)
    if floor is not None:
        value = max(value, floor)
    if expression.cap is not None:
        value = min(value, expression.cap)
    return value


def floor_value(deal: Deal, expression: PriceExpression) -> Decimal | None:
    """The expression's own floor, with `par_value` read from the deal."""
    if expression.floor == PAR_VALUE:
        return deal.issuer.common_stock.par_value
    return expression.floor  # type: ignore[return-value]


def lowest_price(deal: Deal, expression: PriceExpression) -> Decimal | None:
    """The lowest value the expression can take, or None if it has no floor (it can approach
    zero). A fixed price is its own floor unless anti-dilution can reset it; a market
    percentage has none unless it measures a past day, whose value is fixed."""
    if expression.fixed is not None:
        down_round = expression.down_round
        low = expression.fixed if down_round is None else down_round.floor
    elif expression.of is not None:
        past = isinstance(expression.of, MarketStatistic) and expression.of.value is not None
        low = expression.of.value * expression.market_percent / HUNDRED if past else None
    else:
        lows = [lowest_price(deal, part) for part in expression.parts]
        if expression.lesser_of:
            low = None if None in lows else min(lows)  # type: ignore[type-var]
        else:
            known_lows = [value for value in lows if value is not None]
            low = max(known_lows) if known_lows else None
    floor = floor_value(deal, expression)
    if floor is not None:
        low = floor if low is None else max(low, floor)
    if low is not None and expression.cap is not None:
        low = min(low, expression.cap)
    return low


def lowest_conversion_price(deal: Deal, note: Note) -> Decimal | None:
    """The lowest price the note can convert at, on any event its price changes on (Nasdaq
    presumes the most dilutive outcome, FAQ 276); None if there is no floor."""
    conversion = note.conversion
    if conversion is None or conversion.price is None:
        return None
    prices = [conversion.price, *(changed_price(conversion.price, change)
                                  for change in conversion.price_changes)]
    prices += [advance.conversion_price for advance in note.advances
               if advance.conversion_price is not None]
    lows = [lowest_price(deal, price) for price in prices]
    return None if None in lows else min(lows)  # type: ignore[type-var]


def changed_price(price: PriceExpression, change) -> PriceExpression:
    """The conversion price after an event: the new expression, or the old one with its one
    market percentage replaced."""
    if change.price is not None:
        return change.price
    return _with_percent(price, change.percent)


def _with_percent(expression: PriceExpression, percent: Decimal) -> PriceExpression:
    if expression.of is not None:
        return dataclasses.replace(expression, percent=percent, discount_percent=None)
    if not expression.parts:
        return expression
    parts = tuple(_with_percent(part, percent) for part in expression.parts)
    key = "lesser_of" if expression.lesser_of else "greater_of"
    return dataclasses.replace(expression, **{key: parts})


def _shares_for(amount: Decimal, price: Decimal | None) -> int | None:
    if price is None or price <= 0:
        return None
    return math.ceil(amount / price)


def _underlying_shares(deal: Deal, notes: tuple[NoteFacts, ...]) -> tuple[int | None, bool]:
    """Shares underlying everything sold (notes, warrants, commitment shares) at signing.

    A note that does not convert (no conversion price) counts 0 shares."""
    unbounded = any(facts.unbounded for facts in notes)
    note_shares = [facts.shares_at_signing for facts in notes]
    if None in note_shares:
        return None, unbounded
    return sum(note_shares) + _other_shares(deal), unbounded  # type: ignore[arg-type]


def _shares_at_floor(deal: Deal, notes: tuple[NoteFacts, ...]) -> int | None:
    """Shares underlying everything sold with each converting note at its price's floor."""
    converting = [facts for facts in notes if _converts(facts.note)]
    if any(facts.shares_at_floor is None for facts in converting):
        return None
    return sum(facts.shares_at_floor for facts in converting) + _other_shares(deal)


def _other_shares(deal: Deal) -> int:
    """Warrant shares and commitment shares: fixed counts, whatever the market does."""
    return sum(w.shares for w in deal.warrants) + sum(c.shares for c in deal.commitment_shares)


def _converts(note: Note) -> bool:
    return note.conversion is not None and note.conversion.price is not None


def _largest_below(percent: Decimal, outstanding: int | None) -> int | None:
    """The largest whole number of shares below `percent` of `outstanding`: 199 for 20% of 1,000."""
    if not outstanding:
        return None
    return math.ceil(Decimal(outstanding) * percent / HUNDRED) - 1


# --- exchange 20% rules and the share reserve ------------------------------------------------


def _minimum_price(deal: Deal) -> Decimal | None:
    """Nasdaq 5635(d) / NYSE American §713 "Minimum Price": the lower of the last closing price
    and the five-day average closing price before signing. None unless both are given."""
    market = deal.market_data
    if market is None or market.closing_price is None \
            or market.five_day_average_closing_price is None:
        return None
    return min(market.closing_price, market.five_day_average_closing_price)


def _below_minimum_price(deal: Deal, notes: tuple[NoteFacts, ...],
                         minimum: Decimal | None) -> bool | None:
    """Whether any security sold may be issued below the Minimum Price.

    Nasdaq presumes the most dilutive outcome of a price that may be reset (FAQ 276), so each
    note is judged at its floor; no floor, or a future-priced automatic conversion, is below any
    price. Commitment shares are issued for no cash, so they are below it too."""
    convertible = [facts for facts in notes if _converts(facts.note)]
    if deal.commitment_shares or any(facts.unbounded or facts.future_priced
                                     for facts in convertible):
        return True
    if minimum is None:
        return None
    prices = [facts.lowest_price for facts in convertible] + \
        [warrant.exercise_price for warrant in deal.warrants]
    return any(price is None or price < minimum for price in prices)


def _potential_shares(deal: Deal, notes: tuple[NoteFacts, ...]) -> int | None:
    """The most shares the deal can issue: each note at its floor, plus warrant and commitment
    shares. None when a note has no floor or converts at a future price (no limit)."""
    total = _other_shares(deal)
    for facts in notes:
        if not _converts(facts.note):
            continue
        if facts.unbounded or facts.future_priced or facts.shares_at_floor is None:
            return None
        total += facts.shares_at_floor
    return total


def _approval_capped_shares(deal: Deal, notes: tuple[NoteFacts, ...]) -> int | None:
    """The most shares issuable before stockholders approve: a note with an exchange cap at most
    its cap (a percentage of the shares outstanding before it was issued, whatever the price),
    any other note at its floor, plus warrant and commitment shares. None when no note has a cap
    or the count has no limit."""
    outstanding = deal.issuer.common_stock.shares_outstanding
    converting = [facts for facts in notes if _converts(facts.note)]
    if outstanding is None or not any(f.note.conversion.exchange_cap_percent for f in converting):
        return None
    total = _other_shares(deal)
    for facts in converting:
        limits = [] if facts.unbounded or facts.future_priced else [facts.shares_at_floor]
        cap = facts.note.conversion.exchange_cap_percent
        if cap is not None:
            limits.append(math.floor(outstanding * cap / HUNDRED))
        limits = [limit for limit in limits if limit is not None]
        if not limits:
            return None
        total += min(limits)
    return total


def _reserve_required(deal: Deal, notes: tuple[NoteFacts, ...]) -> int | None:
    """Shares the Company must keep available: each note's required reserve (its multiple of the
    shares at the signing price, or those shares once if it sets no multiple), plus warrant and
    commitment shares. None when a note's signing price is unknown."""
    total = _other_shares(deal)
    for facts in notes:
        if not _converts(facts.note):
            continue
        needed = facts.reserve_shares if facts.note.conversion.share_reserve_multiple \
            else facts.shares_at_signing
        if needed is None:
            return None
        total += needed
    return total


def _shares_available(deal: Deal) -> int | None:
    """Authorized but unissued shares not reserved for anything else (R33). Shares reserved
    count as 0 when not given; the rule says so."""
    stock = deal.issuer.common_stock
    if stock.shares_authorized is None or stock.shares_outstanding is None:
        return None
    return stock.shares_authorized - stock.shares_outstanding - (stock.shares_reserved or 0)


# --- investors and the offering --------------------------------------------------------------


def _investor_facts(deal: Deal, index: int) -> InvestorFacts:
    investor = deal.investors[index]
    sale = investor_sale_date(deal, investor)
    method = investor.verification.method if investor.verification else None
    valid_from = None
    if method in (VerificationMethod.ASSET_AND_CREDIT_DOCUMENTS,
                  VerificationMethod.THIRD_PARTY_CONFIRMATION):
        valid_from = add_months(sale, -VERIFICATION_DOCUMENT_MONTHS)
    elif method is VerificationMethod.PRIOR_VERIFICATION:
        valid_from = add_months(sale, -PRIOR_VERIFICATION_MONTHS)
    return InvestorFacts(
        investor=investor,
        index=index,
        invested=sum((note.cash_price for note in deal.notes if note.holder == investor.name),
                     Decimal(0)),
        sale_date=sale,
        verification_valid_from=valid_from,
        minimum_investment_required=_minimum_investment_required(investor),
    )


def investor_sale_date(deal: Deal, investor: Investor) -> date:
    """When the investor became irrevocably committed, as near as the deal file tells.

    The earlier of the purchase agreement's date and its first note, warrant or share grant, and
    never before the offering's first sale. Erring early keeps the deadlines counted from it
    (state notices) and the verification windows ending at it on the safe side."""
    dates = [item.issue_date for item in (*deal.notes, *deal.warrants, *deal.commitment_shares)
             if item.holder == investor.name]
    # an advance under a facility note is a sale to its holder, possibly before the note's issue
    dates += [advance.date for note in deal.notes if note.holder == investor.name
              for advance in note.advances]
    if deal.agreement is not None:
        dates.append(deal.agreement.date)
    first = deal.offering.first_sale_date
    return max(min(dates), first) if dates else first


def _minimum_investment_required(investor: Investor) -> Decimal | None:
    person = investor.kind is InvestorKind.INDIVIDUAL
    if person and investor.accredited_basis in _MINIMUM_PERSON_BASES:
        return MINIMUM_INVESTMENT_PERSON
    if not person and investor.accredited_basis in _MINIMUM_ENTITY_BASES:
        return MINIMUM_INVESTMENT_ENTITY
    return None  # a basis the letter does not cover, or none given


def _offering_end(deal: Deal, sold: Decimal) -> date | None:
    """The last closing, or None while the offering continues (a Form D says it does, or more is
    offered than sold and no Form D says it has ended)."""
    filings = deal.offering.form_d
    ongoing = filings.offering_ongoing if filings else None
    if ongoing is None:
        total = deal.offering.total_offering_amount
        ongoing = total is not None and total > sold
    if ongoing:
        return None
    return max(max(note.issue_date, note.funding_date or note.issue_date) for note in deal.notes)


def _other_offerings(deal: Deal, sold: Decimal) -> tuple[OfferingGap, ...]:
    """How far each other offering lies from this one, in calendar days (Rule 152(b)(1)).

    This offering is taken to start at its first sale (the deal file has no date for the first
    offer) and to end at its last closing (see _offering_end)."""
    start, end = deal.offering.first_sale_date, _offering_end(deal, sold)
    gaps = []
    for index, other in enumerate(deal.offering.other_offerings):
        if other.end_date is not None and other.end_date < start:
            gaps.append(OfferingGap(other, index, (start - other.end_date).days, before=True))
        elif end is not None and other.start_date > end:
            gaps.append(OfferingGap(other, index, (other.start_date - end).days, before=False))
        else:
            gaps.append(OfferingGap(other, index, 0, before=other.start_date < start))
    return tuple(gaps)


def _placement_fees(deal: Deal, gross: Decimal) -> Decimal | None:
    """The agents' cash fees; None when an agent's fee is given neither as an amount nor as a
    percentage (counting it as $0 would put a wrong figure in Form D Item 15)."""
    fees = [_agent_fee(agent, gross) for agent in deal.placement_agents]
    return None if None in fees else sum(fees, Decimal(0))


def _agent_fee(agent: PlacementAgent, gross: Decimal) -> Decimal | None:
    if agent.cash_fee_amount is not None:
        return agent.cash_fee_amount
    if agent.cash_fee_percent is not None:
        return (gross * agent.cash_fee_percent / HUNDRED).quantize(CENT, ROUND_HALF_UP)
    return None


# --- deadlines -------------------------------------------------------------------------------


def form_8k_due(event: date, calendar: SecCalendar) -> date:
    """Form 8-K General Instruction B.1: the 4th business day after the event."""
    return calendar.add_business_days(event, FORM_8K_BUSINESS_DAYS)


def form_d_due(first_sale: date, calendar: SecCalendar) -> date:
    """Rule 503(a)(1): 15 calendar days after the first sale, rolled to a business day."""
    return calendar.roll_forward(first_sale + timedelta(days=FORM_D_CALENDAR_DAYS))


def form_8k_deadline(event: date, calendar: SecCalendar) -> Deadline:
    """The 8-K due date (GI B.1), with the closed days from the event to it."""
    due = form_8k_due(event, calendar)
    return _deadline(event, due, due, _closed_days(calendar, event, due), calendar,
                     form_8k_due(event, _verified_only(calendar)))


def form_d_deadline(first_sale: date, calendar: SecCalendar) -> Deadline:
    """The Form D due date (Rule 503(a)(1)), with the closed days it rolled across."""
    day_15 = first_sale + timedelta(days=FORM_D_CALENDAR_DAYS)
    due = form_d_due(first_sale, calendar)
    closed = _closed_days(calendar, day_15, due - timedelta(days=1))
    return _deadline(first_sale, day_15, due, closed, calendar,
                     form_d_due(first_sale, _verified_only(calendar)))


def _deadline(start: date, counted_to: date, due: date, closed: tuple[ClosedDay, ...],
              calendar: SecCalendar, due_if_open: date) -> Deadline:
    unverified = calendar.unverified_closures_between(start, due)
    return Deadline(start, counted_to, due, closed, unverified,
                    due_if_open if due_if_open != due else None)


def _closed_days(calendar: SecCalendar, first: date, last: date) -> tuple[ClosedDay, ...]:
    days = []
    day = first
    while day <= last:
        reason = calendar.closure_reason(day)
        if reason is not None:
            days.append(ClosedDay(day, reason))
        day += timedelta(days=1)
    return tuple(days)


def _verified_only(calendar: SecCalendar) -> SecCalendar:
    """The calendar without the closures that rest on an executive order alone."""
    closures = {day: reason for day, reason in calendar.extra_closures.items()
                if day not in calendar.unverified_closures}
    return SecCalendar(MappingProxyType(closures))


def form_8k_trigger(deal: Deal) -> date:
    """R2: the date an agreement enforceable against the Company was signed; without a purchase
    agreement, the closing (the first note's issue date)."""
    if deal.agreement is not None:
        return deal.agreement.date
    return min(note.issue_date for note in deal.notes)


def _deadlines(deal: Deal, calendar: SecCalendar) -> Deadlines:
    form = deal.form_8k
    if form.submission_time is not None:
        filed = calendar.filing_date(datetime.fromisoformat(form.submission_time))
    else:
        filed = calendar.roll_forward(form.report_date) if known(form.report_date) \
            else form_8k_due(form.event_date, calendar)
    months, available = _rule_144(deal)
    trigger = form_8k_trigger(deal)
    filings = deal.offering.form_d
    return Deadlines(
        form_8k_due=form_8k_due(form.event_date, calendar),
        form_8k_filing_date=filed,
        form_d_due=form_d_due(deal.offering.first_sale_date, calendar),
        form_d_amendment_due=_form_d_amendment_due(deal, calendar),
        rule_144_months=months,
        rule_144_available=available,
        state_notices=_state_notices(deal, calendar),
        form_8k=form_8k_deadline(form.event_date, calendar),
        form_d=form_d_deadline(deal.offering.first_sale_date, calendar),
        form_8k_trigger=trigger,
        form_8k_from_trigger=None if trigger == form.event_date
        else form_8k_deadline(trigger, calendar),
        form_d_anniversary=add_months(filings.last_amendment_date or filings.filed_date, 12)
        if filings else None,
    )


def _form_d_amendment_due(deal: Deal, calendar: SecCalendar) -> date | None:
    """Rule 503(a)(3)(iii): on or before the first anniversary of the latest Form D or D/A.

    "On or before" gives no roll-forward, so we show the last business day on or before it."""
    filings = deal.offering.form_d
    if filings is None or filings.offering_ongoing is False:
        return None
    latest = filings.last_amendment_date or filings.filed_date
    day = add_months(latest, 12)
    while not calendar.is_business_day(day):
        day -= timedelta(days=1)
    return day


def rule_144_paid(deal: Deal) -> date:
    """When the last note was paid for in full: the holding period runs from it (144(d)(1))."""
    return max(_paid(deal, note) for note in deal.notes)


def rule_144_tacked(deal: Deal) -> bool:
    """Whether the holding period runs from the issue of securities surrendered in exchange."""
    paid = rule_144_paid(deal)
    return any(_tacks(note) and _paid(deal, note) == paid for note in deal.notes)


def _tacks(note: Note) -> bool:
    surrendered = note.exchange.surrendered if note.exchange is not None else ()
    return bool(surrendered) and all(item.date is not None for item in surrendered)


def _paid(deal: Deal, note: Note) -> date:
    """A note issued solely in exchange for other securities of the Company is deemed acquired
    when the securities surrendered were (Rule 144(d)(3)(ii)): their issue dates, when every one
    is given; otherwise the exchange itself, the later and so the safer date."""
    if _tacks(note):
        return max(item.date for item in note.exchange.surrendered)
    return note.funding_date or deal.offering.proceeds_received_date or note.issue_date


def _rule_144(deal: Deal) -> tuple[int | None, date | None]:
    """Rule 144(d)(1): six months if, at the resale, the issuer has been reporting for at least
    90 days immediately before it (and is current, 144(c)); otherwise one year.

    The 90 days are measured back from the earliest resale the six-month period allows, not from
    the payment: an issuer that became reporting shortly before the sale has by then."""
    issuer = deal.issuer
    paid = rule_144_paid(deal)
    if issuer.reporting_since is None or issuer.current_in_reports is None:
        return None, None
    six_months = add_months(paid, 6)
    reporting_days = (six_months - issuer.reporting_since).days
    months = 6 if reporting_days >= RULE_144_REPORTING_DAYS and issuer.current_in_reports else 12
    return months, add_months(paid, months)


def _state_notices(deal: Deal, calendar: SecCalendar) -> tuple[StateNotice, ...]:
    """One notice per investor state, unless the stock is exchange-listed (§18(b)(1)).

    The first sale in a state is its earliest investor's commitment (investor_sale_date). The due
    date is the common 15 days, rolled to a business day; each state's own rule governs."""
    if deal.issuer.common_stock.market.is_exchange or not _relies_on_rule_506(deal):
        return ()
    by_state: dict[str, list[int]] = {}
    for index, investor in enumerate(deal.investors):
        if investor.state is not None:
            by_state.setdefault(investor.state, []).append(index)
    notices = []
    for state, indexes in sorted(by_state.items()):
        sale = min(investor_sale_date(deal, deal.investors[index]) for index in indexes)
        counted = sale + timedelta(days=STATE_NOTICE_CALENDAR_DAYS)
        notices.append(StateNotice(state, sale, calendar.roll_forward(counted), tuple(indexes),
                                   counted))
    return tuple(notices)


def _relies_on_rule_506(deal: Deal) -> bool:
    return bool({Exemption.RULE_506B, Exemption.RULE_506C} & set(deal.offering.exemptions))


# --- Form D ------------------------------------------------------------------------------------

# Where the Form D XML goes, relative to out/<deal>/; EDGAR names a Form D's XML primary_doc.xml.
FORM_D_PATH = "form-d/primary_doc.xml"
# Form D Item 6 as the XML writes it [S: the vendored samples (06b), filings and parsers (06c,
# 4a5)]. Rule 504's sub-codes are not verified, so a Rule 504 deal gets no Form D written.
FORM_D_EXEMPTION_CODES = {Exemption.RULE_506B: "06b", Exemption.RULE_506C: "06c",
                          Exemption.SECTION_4A5: "4a5"}
# EDGAR's state codes are the USPS codes for the 50 states and D.C., with the names in capitals
# as the samples write them (stateOrCountryDescription). Territories have EDGAR codes of their own
# that our reference does not give, so an address there gets no Form D written.
EDGAR_STATES = {
    "AL": "ALABAMA", "AK": "ALASKA", "AZ": "ARIZONA", "AR": "ARKANSAS", "CA": "CALIFORNIA",
    "CO": "COLORADO", "CT": "CONNECTICUT", "DE": "DELAWARE", "DC": "DISTRICT OF COLUMBIA",
    "FL": "FLORIDA", "GA": "GEORGIA", "HI": "HAWAII", "ID": "IDAHO", "IL": "ILLINOIS",
    "IN": "INDIANA", "IA": "IOWA", "KS": "KANSAS", "KY": "KENTUCKY", "LA": "LOUISIANA",
    "ME": "MAINE", "MD": "MARYLAND", "MA": "MASSACHUSETTS", "MI": "MICHIGAN", "MN": "MINNESOTA",
    "MS": "MISSISSIPPI", "MO": "MISSOURI", "MT": "MONTANA", "NE": "NEBRASKA", "NV": "NEVADA",
    "NH": "NEW HAMPSHIRE", "NJ": "NEW JERSEY", "NM": "NEW MEXICO", "NY": "NEW YORK",
    "NC": "NORTH CAROLINA", "ND": "NORTH DAKOTA", "OH": "OHIO", "OK": "OKLAHOMA", "OR": "OREGON",
    "PA": "PENNSYLVANIA", "RI": "RHODE ISLAND", "SC": "SOUTH CAROLINA", "SD": "SOUTH DAKOTA",
    "TN": "TENNESSEE", "TX": "TEXAS", "UT": "UTAH", "VT": "VERMONT", "VA": "VIRGINIA",
    "WA": "WASHINGTON", "WV": "WEST VIRGINIA", "WI": "WISCONSIN", "WY": "WYOMING",
}
# Item 9, in the order the form lists them; the renderer names each one's XML element.
FORM_D_SECURITY_TYPES = ("equity", "debt", "option", "security_to_be_acquired")
# Item 1: "within last five years" or "over five years ago", judged by the year alone. A year
# exactly five before the signature could be either, so it is left to the user.
FORM_D_RECENT_YEARS = 5
# Item 3's relationships, as issuer.covered_persons spells the same roles
_FORM_D_ROLES = {"director", "executive_officer", "promoter"}


def form_d_facts(deal: Deal, facts: Facts) -> FormDFacts | None:
    """The derived half of Form D, with every input still missing; None when none is due."""
    if not facts.form_d_required:
        return None
    filings = deal.offering.form_d
    inputs = deal.form_d
    signed = inputs.signature_date if inputs else None
    year = inputs.year_of_incorporation if inputs else None
    commissions, finders = _form_d_fees(deal, facts.gross_proceeds)
    result = FormDFacts(
        submission_type="D/A" if filings is not None else "D",
        previous_accession_number=filings.accession_number if filings else None,
        exemption_codes=tuple(FORM_D_EXEMPTION_CODES[e] for e in deal.offering.exemptions
                              if e in FORM_D_EXEMPTION_CODES),
        within_five_years=_within_five_years(year, signed),
        more_than_one_year=_more_than_one_year(deal, facts),
        security_types=_security_types(deal),
        sales_commissions=commissions,
        finders_fees=finders,
    )
    return dataclasses.replace(result, gaps=tuple(_form_d_gaps(deal, facts, result)))


def _within_five_years(year: int | None, signed: date | None) -> bool | None:
    if year is None or signed is None or signed.year - year == FORM_D_RECENT_YEARS:
        return None
    return signed.year - year < FORM_D_RECENT_YEARS


def _more_than_one_year(deal: Deal, facts: Facts) -> bool | None:
    """Item 8 as given; otherwise false once the offering ended within a year of the first sale
    (an intention the facts have already answered); otherwise unknown."""
    if deal.form_d is not None and deal.form_d.more_than_one_year is not None:
        return deal.form_d.more_than_one_year
    if facts.offering_end is not None and \
            facts.offering_end <= add_months(deal.offering.first_sale_date, 12):
        return False
    return None


def _security_types(deal: Deal) -> tuple[str, ...]:
    """Item 9 for notes: debt; for a note that converts or a warrant, the right to acquire
    shares and the shares to be acquired; equity for commitment shares."""
    types = {"debt"}
    if notes_convert(deal) or deal.warrants:
        types |= {"option", "security_to_be_acquired"}
    if deal.commitment_shares:
        types.add("equity")
    return tuple(kind for kind in FORM_D_SECURITY_TYPES if kind in types)


def _form_d_fees(deal: Deal, gross: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """Item 15: a registered broker-dealer's fee is a sales commission, anyone else's a finder's
    fee. None for both when an agent's fee is not given (see _placement_fees)."""
    commissions = finders = Decimal(0)
    for agent in deal.placement_agents:
        fee = _agent_fee(agent, gross)
        if fee is None:
            return None, None
        if agent.registered_broker_dealer:
            commissions += fee
        else:
            finders += fee
    return commissions, finders


def _form_d_gaps(deal: Deal, facts: Facts, result: FormDFacts) -> Iterator[FormDGap]:
    """Every input a Form D needs that the deal file does not give: nothing is guessed."""
    inputs = deal.form_d
    if inputs is None:
        yield FormDGap(("form_d",), "the section of Form D inputs: year of incorporation, "
                       "industry group, revenue range, related persons, business combination, "
                       "proceeds to related persons, signer and signature date")
        return
    here = ("form_d",)
    wanted = [("year_of_incorporation", "the year of incorporation (Item 1)"),
              ("industry_group", "the industry group (Item 4)"),
              ("revenue_range", "the revenue range or decline_to_disclose (Item 5)"),
              ("business_combination", "whether the offering is part of a business combination "
               "(Item 10)"),
              ("proceeds_to_related_persons", "the proceeds paid to related persons (Item 16)"),
              ("signer", "the signer's name and title"),
              ("signature_date", "the signature date")]
    for name, what in wanted:
        if getattr(inputs, name) is None:
            yield FormDGap(here + (name,), what)
    if not inputs.related_persons:
        yield FormDGap(here + ("related_persons",), "the executive officers, directors and "
                       "promoters (Item 3)")
    if inputs.year_of_incorporation is not None and inputs.signature_date is not None \
            and result.within_five_years is None:
        yield FormDGap(here + ("year_of_incorporation",), "whether the Company was incorporated "
                       "within the last five years: a year exactly five years before the "
                       "signature could be either way (Item 1)")
    if result.more_than_one_year is None:
        yield FormDGap(here + ("more_than_one_year",), "whether the offering is meant to last "
                       "more than one year (Item 8)")
    yield from _issuer_gaps(deal, result)
    yield from _address_gaps(deal)
    yield from _related_person_gaps(deal)
    yield from _sales_compensation_gaps(deal, facts)


def _issuer_gaps(deal: Deal, result: FormDFacts) -> Iterator[FormDGap]:
    if deal.issuer.entity_kind is EntityKind.OTHER:
        yield FormDGap(("issuer", "entity_kind"), "a Form D entity type: \"other\" needs a "
                       "description, which dealdocs does not write")
    if Exemption.RULE_504 in deal.offering.exemptions:
        yield FormDGap(("offering", "exemptions"), "a verified Form D code for Rule 504, which "
                       "our reference lacks")
    if result.submission_type == "D/A" and result.previous_accession_number is None:
        yield FormDGap(("offering", "form_d", "accession_number"), "the accession number of the "
                       "Form D the D/A amends")
    inquiry = deal.offering.bad_actor_inquiry
    if inquiry is not None and inquiry.disqualifying_event_found:
        yield FormDGap(("offering", "bad_actor_inquiry", "disqualifying_event_found"),
                       "a signature that can be given: it certifies that no Rule 506(d) "
                       "disqualification applies, and the inquiry found one")


def _address_gaps(deal: Deal) -> Iterator[FormDGap]:
    """Every address Form D gives, in a state EDGAR's code table here covers."""
    addresses = [(("issuer", "address"), deal.issuer.address)]
    addresses += [(("form_d", "related_persons", index, "address"), person.address)
                  for index, person in enumerate(deal.form_d.related_persons)]
    addresses += [(("form_d", "sales_compensation", index, "address"), recipient.address)
                  for index, recipient in enumerate(deal.form_d.sales_compensation)]
    for path, address in addresses:
        if address.state not in EDGAR_STATES:
            yield FormDGap(path + ("state",), f"an EDGAR state code for {address.state}, a "
                           "territory whose code our reference does not give")
    for index, recipient in enumerate(deal.form_d.sales_compensation):
        for state in recipient.states_of_solicitation:
            if state not in EDGAR_STATES:
                yield FormDGap(("form_d", "sales_compensation", index, "states_of_solicitation"),
                               f"an EDGAR state code for {state}")


def related_person_name(person: RelatedPerson) -> str:
    """A related person's name as one line: "Victor Lee", "Daniel M. Wallach"."""
    return " ".join(part for part in (person.first_name, person.middle_name, person.last_name)
                    if part)


def _related_person_gaps(deal: Deal) -> Iterator[FormDGap]:
    """Each covered person the deal file calls a director, executive officer or promoter is a
    related person: Form D would otherwise leave out someone the deal file names."""
    listed = {related_person_name(person): {r.value for r in person.relationships}
              for person in deal.form_d.related_persons}
    for index, person in enumerate(deal.issuer.covered_persons):
        roles = {role.value for role in person.roles} & _FORM_D_ROLES
        if roles and not roles <= listed.get(person.name, set()):
            yield FormDGap(("form_d", "related_persons"), f"{person.name} as "
                           f"{' and '.join(sorted(r.replace('_', ' ') for r in roles))}: "
                           f"issuer.covered_persons[{index}] says so (Item 3)")


def _sales_compensation_gaps(deal: Deal, facts: Facts) -> Iterator[FormDGap]:
    recipients = {recipient.agent: recipient for recipient in deal.form_d.sales_compensation}
    agents = {agent.name for agent in deal.placement_agents}
    for index, recipient in enumerate(deal.form_d.sales_compensation):
        here = ("form_d", "sales_compensation", index)
        if recipient.agent not in agents:
            yield FormDGap(here + ("agent",), f"a placement agent named {recipient.agent} "
                           "under placement_agents")
        if bool(recipient.states_of_solicitation) == recipient.all_states:
            yield FormDGap(here, "the states of solicitation or all_states, one of the two "
                           "(Item 12)")
    for index, agent in enumerate(deal.placement_agents):
        if agent.name not in recipients:
            yield FormDGap(("form_d", "sales_compensation"), f"{agent.name}'s address, states "
                           f"of solicitation and foreign solicitation (Item 12)")
        if agent.registered_broker_dealer and agent.crd_number is None:
            yield FormDGap(("placement_agents", index, "crd_number"),
                           f"{agent.name}'s CRD number (Item 12)")
    if facts.placement_fees is None:
        yield FormDGap(("placement_agents",), "each placement agent's fee (Item 15)")


# --- the 8-K cover page in Inline XBRL ----------------------------------------------------------

# The dei elements of an 8-K cover page (EFM 6.5.20-6.5.52, as resolved from the SEC staff's
# dei-validations.json in shared/reference/edgar/dei-8k-inline-requirements.txt) [V]. EDGAR
# rejects a filing that lacks an "error" element, and warns for a missing "warning" one.
COVER_ERRORS = frozenset({"DocumentType", "DocumentPeriodEndDate", "EntityRegistrantName",
                          "EntityCentralIndexKey", "EntityExTransitionPeriod"})
# The four check boxes above the Section 12(b) table. A note financing is none of these
# communications, so the form's boxes stay empty; the template prints them so.
COVER_BOXES = ("WrittenCommunications", "SolicitingMaterial", "PreCommencementTenderOffer",
               "PreCommencementIssuerTenderOffer")
# The cover facts the 8-K prints. The Word template gives each its character style,
# COVER_STYLE_PREFIX + element ("XBRL EntityRegistrantName"), which the EDGAR step turns into the
# Inline XBRL tag; the other cover facts go in ix:hidden.
COVER_STYLE_PREFIX = "XBRL "
COVER_PRINTED = (
    "DocumentType", "DocumentPeriodEndDate", "EntityRegistrantName",
    "EntityIncorporationStateCountryCode", "EntityFileNumber", "EntityTaxIdentificationNumber",
    "EntityAddressAddressLine1", "EntityAddressAddressLine2", "EntityAddressCityOrTown",
    "EntityAddressStateOrProvince", "EntityAddressPostalZipCode", "CityAreaCode",
    "LocalPhoneNumber", *COVER_BOXES, "Security12bTitle", "TradingSymbol", "SecurityExchangeName",
    "EntityEmergingGrowthCompany", "EntityExTransitionPeriod")
# dei's exchange codes (edgarExchangeCodeItemType) for the markets the deal language names [V].
EXCHANGE_CODES = {Market.NASDAQ: "NASDAQ", Market.NYSE: "NYSE", Market.NYSE_AMERICAN: "NYSEAMER"}
# The cover page of its era (shared/reference/deal-patterns.md F4), by report date [K: confirm in
# the releases]: the emerging-growth-company boxes from April 12, 2017 (Release 33-10332); the
# Section 12(b) table from May 2, 2019 (Release 33-10618, the FAST Act amendments); Exhibit 104
# and cover-page tagging from June 15, 2019, when large accelerated filers began (smaller filers
# followed in 2020 and 2021). An 8-K of an earlier date shows none of these, as filed then.
GROWTH_COMPANY_BOXES_FROM = date(2017, 4, 12)
SECTION_12B_TABLE_FROM = date(2019, 5, 2)
COVER_TAGGING_FROM = date(2019, 6, 15)
_GROWTH_COMPANY_ELEMENTS = ("EntityEmergingGrowthCompany", "EntityExTransitionPeriod")
_SECTION_12B_ELEMENTS = ("Security12bTitle", "TradingSymbol", "SecurityExchangeName")
EXHIBIT_104 = MappingProxyType({
    "number": "104",
    "title": "Cover Page Interactive Data File (embedded within the Inline XBRL document)"})


@dataclass(frozen=True)
class CoverFact:
    """One dei fact of the 8-K's cover page: its value as XBRL states it (an ISO date, "true",
    a code), or None and what the deal file lacks for it."""

    element: str  # the dei local name: "EntityRegistrantName"
    value: str | None
    path: Path_  # where the deal file states it
    needs: str = ""  # when value is None: what would give it
    hidden: bool = False  # not printed on the cover of its era: it goes in ix:hidden

    @property
    def required(self) -> bool:
        return self.element in COVER_ERRORS


@dataclass(frozen=True)
class CoverForm:
    """The parts of the 8-K's cover page as the form stood on the report date (see
    GROWTH_COMPANY_BOXES_FROM)."""

    growth_company_boxes: bool
    section_12b_table: bool
    exhibit_104: bool

    def prints(self, element: str) -> bool:
        return element in COVER_PRINTED and not (
            element in _GROWTH_COMPANY_ELEMENTS and not self.growth_company_boxes
            or element in _SECTION_12B_ELEMENTS and not self.section_12b_table)


def cover_form(report_date: date) -> CoverForm:
    return CoverForm(report_date >= GROWTH_COMPANY_BOXES_FROM,
                     report_date >= SECTION_12B_TABLE_FROM, report_date >= COVER_TAGGING_FROM)


def cover_facts(deal: Deal, report_date: date) -> tuple[CoverFact, ...]:
    """The dei facts of the 8-K's cover, in the order the cover prints them, each hidden that the
    cover of its era does not print. Optional elements the deal has no value for (a second
    address line, a former name) are left out."""
    form = cover_form(report_date)
    return tuple(dataclasses.replace(fact, hidden=not form.prints(fact.element))
                 for fact in _cover_facts(deal))


def _cover_facts(deal: Deal) -> list[CoverFact]:
    issuer, stock, address = deal.issuer, deal.issuer.common_stock, deal.issuer.address
    area_code, local_number = issuer.phone[1:4], issuer.phone[6:]
    state_codes = {name: code for code, name in EDGAR_STATES.items()}
    incorporation = state_codes.get(issuer.jurisdiction.upper())
    facts = [
        CoverFact("AmendmentFlag", "false", ("form_8k",)),
        CoverFact("EntityCentralIndexKey", issuer.cik, ("issuer", "cik")),
        CoverFact("DocumentType", "8-K", ("form_8k",)),
        CoverFact("DocumentPeriodEndDate", deal.form_8k.event_date.isoformat(),
                  ("form_8k", "event_date")),
        CoverFact("EntityRegistrantName", issuer.name.upper(), ("issuer", "name")),
        CoverFact("EntityIncorporationStateCountryCode", incorporation,
                  ("issuer", "jurisdiction"),
                  needs=f"an EDGAR state code for {issuer.jurisdiction}, which our reference "
                  "does not give"),
        CoverFact("EntityFileNumber", issuer.commission_file_number,
                  ("issuer", "commission_file_number")),
        CoverFact("EntityTaxIdentificationNumber", issuer.irs_employer_id,
                  ("issuer", "irs_employer_id")),
        CoverFact("EntityAddressAddressLine1", address.line1, ("issuer", "address", "line1")),
        *([CoverFact("EntityAddressAddressLine2", address.line2,
                     ("issuer", "address", "line2"))] if address.line2 else []),
        CoverFact("EntityAddressCityOrTown", address.city, ("issuer", "address", "city")),
        CoverFact("EntityAddressStateOrProvince", address.state, ("issuer", "address", "state")),
        CoverFact("EntityAddressPostalZipCode", address.postal_code,
                  ("issuer", "address", "postal_code")),
        CoverFact("CityAreaCode", area_code, ("issuer", "phone")),
        CoverFact("LocalPhoneNumber", local_number, ("issuer", "phone")),
        *(CoverFact(box, "false", ("form_8k",)) for box in COVER_BOXES),
        *_registration_facts(stock),
        CoverFact("EntityEmergingGrowthCompany", _boolean(issuer.emerging_growth_company),
                  ("issuer", "emerging_growth_company")),
    ]
    if issuer.emerging_growth_company:
        facts.append(CoverFact(
            "EntityExTransitionPeriod",
            _boolean(issuer.elected_not_to_use_extended_transition_period),
            ("issuer", "elected_not_to_use_extended_transition_period"),
            needs="whether the emerging growth company has elected not to use the extended "
            "transition period (issuer.elected_not_to_use_extended_transition_period)"))
    return facts


def _registration_facts(stock) -> list[CoverFact]:
    """The Section 12(b) table's row, or the Section 12(g) title (which the 8-K's cover does not
    print, so it is hidden); a Section 15(d) reporter has neither."""
    path = ("issuer", "common_stock")
    if stock.registered_under is Registration.SECTION_12G:
        return [CoverFact("Security12gTitle", stock.title, path + ("title",))]
    if stock.registered_under is not Registration.SECTION_12B:
        return []
    return [CoverFact("Security12bTitle", stock.title, path + ("title",)),
            CoverFact("TradingSymbol", stock.symbol, path + ("symbol",),
                      needs="the trading symbol of the class registered under Section 12(b) "
                      "(issuer.common_stock.symbol)"),
            CoverFact("SecurityExchangeName", EXCHANGE_CODES.get(stock.market),
                      path + ("market",),
                      needs="the exchange on which the class is registered under Section 12(b) "
                      f"(issuer.common_stock.market is {stock.market.value}, not an exchange)")]


def _boolean(value: bool | None) -> str | None:
    return None if value is None else str(value).lower()

