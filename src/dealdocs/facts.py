"""Stage 4: everything derived from the deal, computed once, in one place.

Amounts (OID, interest, proceeds), dates (every filing deadline), share counts at the conversion
price. Rules judge these facts; templates place them. Nothing else computes a number or a date.
Where an input is missing, the fact is None, never a guess: the rules turn it into "needs input".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .calendar import SecCalendar
from .model import (DayCount, Deal, Exemption, InterestBasis, Investor, Note, Payable)

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
    conversion_price_at_signing: Decimal | None  # needs market data for a variable price
    shares_at_signing: int | None  # principal and convertible interest ÷ that price
    shares_at_floor: int | None  # the most shares the note can become, if the price has a floor
    unbounded: bool  # a variable price with no floor: no limit on the shares issuable
    reserve_shares: int | None  # the share reserve the note requires, at the signing price

    @property
    def convertible_amount(self) -> Decimal:
        """What may be converted: principal, plus interest to maturity where interest converts."""
        interest = self.interest_to_maturity if self.note.conversion.interest_convertible else 0
        return self.note.principal + interest


@dataclass(frozen=True)
class StateNotice:
    state: str
    first_sale: date
    due: date  # 15 calendar days after the first sale in the state; the state's own rule governs


@dataclass(frozen=True)
class Deadlines:
    form_8k_due: date
    form_8k_filing_date: date  # when EDGAR will date the 8-K, from the report date or time
    form_d_due: date
    form_d_amendment_due: date | None  # annual amendment, if a Form D is on file and continuing
    rule_144_months: int | None  # None when the reporting history is not given
    rule_144_available: date | None
    state_notices: tuple[StateNotice, ...]

    @property
    def form_8k_late(self) -> bool:
        return self.form_8k_filing_date > self.form_8k_due


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
    item_3_02_percent: Decimal | None  # underlying shares ÷ shares outstanding, in percent
    item_3_02_threshold: Decimal  # 1%, or 5% for a smaller reporting company

    def note(self, note: Note) -> NoteFacts:
        return next(facts for facts in self.notes if facts.note is note)


def derive(deal: Deal, calendar: SecCalendar) -> Facts:
    notes = tuple(_note_facts(deal, note) for note in deal.notes)
    underlying, unbounded = _underlying_shares(deal, notes)
    outstanding = deal.issuer.common_stock.shares_outstanding
    percent = None
    if underlying is not None and outstanding:
        percent = (Decimal(underlying) * HUNDRED / outstanding).quantize(CENT, ROUND_HALF_UP)
    gross = sum((note.purchase_price for note in deal.notes), Decimal(0))
    return Facts(
        deal=deal,
        calendar=calendar,
        notes=notes,
        deadlines=_deadlines(deal, calendar),
        total_principal=sum((note.principal for note in deal.notes), Decimal(0)),
        gross_proceeds=gross,
        fees_withheld=sum((facts.fees_withheld for facts in notes), Decimal(0)),
        placement_fees=_placement_fees(deal, gross),
        underlying_shares=underlying,
        unbounded=unbounded,
        item_3_02_percent=percent,
        item_3_02_threshold=Decimal(5) if deal.issuer.smaller_reporting_company else Decimal(1),
    )


# --- notes -----------------------------------------------------------------------------------


def _note_facts(deal: Deal, note: Note) -> NoteFacts:
    fees = sum((fee.amount for fee in note.fees_withheld), Decimal(0))
    interest = interest_between(note, note.issue_date, note.maturity_date)
    price = conversion_price_at_signing(deal, note)
    convertible = note.principal + (interest if note.conversion.interest_convertible else 0)
    floor = _floor(note)
    multiple = note.conversion.share_reserve_multiple
    at_signing = _shares_for(convertible, price)
    return NoteFacts(
        note=note,
        holder=deal.investor(note.holder),
        original_issue_discount=note.principal - note.purchase_price,
        fees_withheld=fees,
        net_proceeds=note.purchase_price - fees,
        funded_on=note.funding_date or note.issue_date,
        term_days=(note.maturity_date - note.issue_date).days,
        interest_to_maturity=interest,
        guaranteed_interest=_guaranteed_interest(note),
        payment_dates=_payment_dates(note),
        conversion_starts=note.issue_date + timedelta(days=note.conversion.waiting_period_days),
        conversion_price_at_signing=price,
        shares_at_signing=at_signing,
        shares_at_floor=_shares_for(convertible, floor),
        unbounded=_is_unbounded(note),
        reserve_shares=math.ceil(multiple * at_signing) if multiple and at_signing else None,
    )


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


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))


def conversion_price_at_signing(deal: Deal, note: Note) -> Decimal | None:
    """The conversion price if the note were converted at the market prices given for signing."""
    price = note.conversion.price
    if price is None:
        return None
    candidates = []
    if price.fixed is not None:
        candidates.append(price.fixed.price)
    if price.variable is not None:
        market = deal.market_data.conversion_measure_price if deal.market_data else None
        if market is None:
            return None
        variable = market * price.variable.percent_of_market / HUNDRED
        if price.variable.floor is not None:
            variable = max(variable, price.variable.floor)
        if price.variable.cap is not None:
            variable = min(variable, price.variable.cap)
        candidates.append(variable)
    return min(candidates)


def _floor(note: Note) -> Decimal | None:
    """The lowest price the note can convert at, if it has one."""
    price = note.conversion.price
    if price is None or _is_unbounded(note):
        return None
    floors = []
    if price.variable is not None:
        floors.append(price.variable.floor)
    if price.fixed is not None:
        down_round = price.fixed.down_round
        floors.append(price.fixed.price if down_round is None else down_round.floor)
    if None in floors:
        return None
    return min(floors)


def _is_unbounded(note: Note) -> bool:
    price = note.conversion.price
    if price is None:
        return False
    variable_open = price.variable is not None and price.variable.floor is None
    ratchet_open = price.fixed is not None and price.fixed.down_round is not None \
        and price.fixed.down_round.floor is None
    return variable_open or ratchet_open


def _shares_for(amount: Decimal, price: Decimal | None) -> int | None:
    if price is None or price <= 0:
        return None
    return math.ceil(amount / price)


def _underlying_shares(deal: Deal, notes: tuple[NoteFacts, ...]) -> tuple[int | None, bool]:
    """Shares underlying everything sold (notes, warrants, commitment shares) at signing."""
    unbounded = any(facts.unbounded for facts in notes)
    note_shares = [facts.shares_at_signing for facts in notes]
    if None in note_shares:
        return None, unbounded
    others = sum(w.shares for w in deal.warrants) + sum(c.shares for c in deal.commitment_shares)
    return sum(note_shares) + others, unbounded  # type: ignore[arg-type]


def _placement_fees(deal: Deal, gross: Decimal) -> Decimal | None:
    total = Decimal(0)
    for agent in deal.placement_agents:
        if agent.cash_fee_amount is not None:
            total += agent.cash_fee_amount
        elif agent.cash_fee_percent is not None:
            total += (gross * agent.cash_fee_percent / HUNDRED).quantize(CENT, ROUND_HALF_UP)
    return total


# --- deadlines -------------------------------------------------------------------------------


def form_8k_due(event: date, calendar: SecCalendar) -> date:
    """Form 8-K General Instruction B.1: the 4th business day after the event."""
    return calendar.add_business_days(event, FORM_8K_BUSINESS_DAYS)


def form_d_due(first_sale: date, calendar: SecCalendar) -> date:
    """Rule 503(a)(1): 15 calendar days after the first sale, rolled to a business day."""
    return calendar.roll_forward(first_sale + timedelta(days=FORM_D_CALENDAR_DAYS))


def _deadlines(deal: Deal, calendar: SecCalendar) -> Deadlines:
    form = deal.form_8k
    if form.submission_time is not None:
        filed = calendar.filing_date(datetime.fromisoformat(form.submission_time))
    else:
        filed = calendar.roll_forward(form.report_date)
    months, available = _rule_144(deal)
    return Deadlines(
        form_8k_due=form_8k_due(form.event_date, calendar),
        form_8k_filing_date=filed,
        form_d_due=form_d_due(deal.offering.first_sale_date, calendar),
        form_d_amendment_due=_form_d_amendment_due(deal, calendar),
        rule_144_months=months,
        rule_144_available=available,
        state_notices=_state_notices(deal, calendar),
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


def _rule_144(deal: Deal) -> tuple[int | None, date | None]:
    issuer = deal.issuer
    paid = max(note.funding_date or deal.offering.proceeds_received_date or note.issue_date
               for note in deal.notes)
    if issuer.reporting_since is None or issuer.current_in_reports is None:
        return None, None
    reporting_days = (paid - issuer.reporting_since).days
    months = 6 if reporting_days >= RULE_144_REPORTING_DAYS and issuer.current_in_reports else 12
    return months, add_months(paid, months)


def _state_notices(deal: Deal, calendar: SecCalendar) -> tuple[StateNotice, ...]:
    """One notice per investor state, unless the stock is exchange-listed (§18(b)(1))."""
    if deal.issuer.common_stock.market.is_exchange or not _relies_on_rule_506(deal):
        return ()
    first_sales: dict[str, date] = {}
    for note in deal.notes:
        state = deal.investor(note.holder).state
        if state is not None:
            sale = min(first_sales.get(state, note.issue_date), note.issue_date)
            first_sales[state] = max(sale, deal.offering.first_sale_date)
    return tuple(StateNotice(state, sale, calendar.roll_forward(
        sale + timedelta(days=STATE_NOTICE_CALENDAR_DAYS))) for state, sale in sorted(first_sales.items()))


def _relies_on_rule_506(deal: Deal) -> bool:
    return bool({Exemption.RULE_506B, Exemption.RULE_506C} & set(deal.offering.exemptions))
