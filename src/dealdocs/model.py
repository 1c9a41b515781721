"""Stage 3: the typed deal. Frozen dataclasses of `Decimal`s, `date`s and enums.

The classes mirror schemas/deal.schema.json one to one: a field here is a property there, with
the same name (a test holds them together). `build()` turns schema-valid data into a `Deal`
generically from the type hints, so the mapping has no hand-written copy that could drift.
Later stages consume only these values, never the raw data.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path as FilePath  # a file on disk; Path_ is a path inside the deal file
from typing import Annotated, Any, Literal

from .load import Document, Path_, SourceMap


# The kind of each number, as the schema's $defs name it. The presentation layer formats a value
# by its kind (display.Money, display.Percent …); a test holds these to the schema's $refs.
Money = Annotated[Decimal, "money"]
Price = Annotated[Decimal, "price"]
Percent = Annotated[Decimal, "percent"]
PercentOfBalance = Annotated[Decimal, "percent_of_balance"]
Multiple = Annotated[Decimal, "multiple"]
ShareCount = Annotated[int, "shares"]


class Placeholder(str):
    """The deal file's `placeholder`: a fact not yet known. It is text, so a name or a title that
    is a placeholder flows through like any other; the documents print it as a bracketed,
    highlighted blank, and the rules that need it say "needs input"."""

    __slots__ = ()

    def __new__(cls) -> "Placeholder":
        return super().__new__(cls, "placeholder")

    def __repr__(self) -> str:
        return "PLACEHOLDER"


PLACEHOLDER = Placeholder()


def known(value: Any) -> bool:
    """Whether a value is a fact: given, and not a placeholder."""
    return value is not None and not isinstance(value, Placeholder)


class _Choice(str, enum.Enum):
    def __str__(self) -> str:
        return self.value


class EntityKind(_Choice):
    CORPORATION = "corporation"
    LLC = "limited_liability_company"
    LIMITED_PARTNERSHIP = "limited_partnership"
    GENERAL_PARTNERSHIP = "general_partnership"
    BUSINESS_TRUST = "business_trust"
    OTHER = "other"


class InvestorKind(_Choice):
    INDIVIDUAL = "individual"
    CORPORATION = "corporation"
    LLC = "limited_liability_company"
    PARTNERSHIP = "partnership"
    TRUST = "trust"
    FAMILY_OFFICE = "family_office"
    OTHER_ENTITY = "other_entity"


class Market(_Choice):
    NASDAQ = "nasdaq"
    NYSE = "nyse"
    NYSE_AMERICAN = "nyse_american"
    OTC = "otc"
    NONE = "none"

    @property
    def is_exchange(self) -> bool:
        return self in (Market.NASDAQ, Market.NYSE, Market.NYSE_AMERICAN)


class Registration(_Choice):
    SECTION_12B = "section_12b"
    SECTION_12G = "section_12g"
    NONE_SECTION_15D = "none_section_15d"  # reports under Section 15(d) only


class Exemption(_Choice):
    SECTION_4A2 = "section_4a2"
    RULE_506B = "rule_506b"
    RULE_506C = "rule_506c"
    RULE_504 = "rule_504"
    SECTION_4A5 = "section_4a5"
    REGULATION_S = "regulation_s"
    SECTION_3A9 = "section_3a9"


class InterestBasis(_Choice):
    SIMPLE = "simple"
    COMPOUNDED_MONTHLY = "compounded_monthly"
    COMPOUNDED_QUARTERLY = "compounded_quarterly"
    COMPOUNDED_ANNUALLY = "compounded_annually"


class DayCount(_Choice):
    ACTUAL_365 = "actual_365"
    ACTUAL_360 = "actual_360"
    THIRTY_360 = "30_360"


class Payable(_Choice):
    AT_MATURITY = "at_maturity"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMI_ANNUALLY = "semi_annually"
    ANNUALLY = "annually"


class PayableIn(_Choice):
    CASH = "cash"
    CASH_OR_SHARES = "cash_or_shares"


class Schedule(_Choice):
    AT_MATURITY = "at_maturity"
    AMORTIZING = "amortizing"
    ON_DEMAND = "on_demand"


class AfterLastStep(_Choice):
    NOT_PERMITTED = "not_permitted"
    AT_PAR = "at_par"


class DownRoundMethod(_Choice):
    FULL_RATCHET = "full_ratchet"
    WEIGHTED_AVERAGE_BROAD = "weighted_average_broad"
    WEIGHTED_AVERAGE_NARROW = "weighted_average_narrow"


class Measure(_Choice):
    """Version 1's market measures; version 2 writes a MarketStatistic."""

    LOWEST_CLOSING_BID_PRICE = "lowest_closing_bid_price"
    LOWEST_CLOSING_PRICE = "lowest_closing_price"
    LOWEST_TRADING_PRICE = "lowest_trading_price"
    LOWEST_VWAP = "lowest_vwap"
    AVERAGE_CLOSING_PRICE = "average_closing_price"
    AVERAGE_VWAP = "average_vwap"


class Statistic(_Choice):
    LOWEST = "lowest"
    HIGHEST = "highest"
    AVERAGE = "average"
    AVERAGE_OF_LOWEST = "average_of_lowest"
    VWAP = "vwap"  # the volume-weighted average price over the whole window


class DailyPrice(_Choice):
    CLOSING_BID = "closing_bid"
    CLOSING = "closing"
    TRADING = "trading"
    SALE = "sale"
    LOWER_OF_TRADING_AND_CLOSING_BID = "lower_of_trading_and_closing_bid"
    DAILY_VWAP = "daily_vwap"


class Ending(_Choice):
    BEFORE = "before"
    ON = "on"


class ReferenceDay(_Choice):
    CONVERSION_DATE = "conversion_date"
    PAYMENT_DATE = "payment_date"
    ISSUE_DATE = "issue_date"
    CLOSING_DATE = "closing_date"

    @property
    def past(self) -> bool:
        """A day already known at signing, so the statistic has a value then."""
        return self in (ReferenceDay.ISSUE_DATE, ReferenceDay.CLOSING_DATE)


class PriceEvent(_Choice):
    EVENT_OF_DEFAULT = "event_of_default"
    LOSS_OF_BID = "loss_of_bid"
    DTC_CHILL = "dtc_chill"
    DELISTING = "delisting"
    DATE = "date"


class ConvertsInto(_Choice):
    COMMON_STOCK = "common_stock"
    PREFERRED_STOCK = "preferred_stock"
    UNITS = "units"


class Frequency(_Choice):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class SurrenderedKind(_Choice):
    NOTE = "note"
    PREFERRED_STOCK = "preferred_stock"
    OTHER = "other"


class UnitPart(_Choice):
    WARRANTS = "warrants"
    COMMITMENT_SHARES = "commitment_shares"


class NegativeCovenant(_Choice):
    DEBT = "debt"
    LIENS = "liens"
    AFFILIATE_TRANSACTIONS = "affiliate_transactions"
    SETTLEMENTS = "section_3a9_3a10_settlements"
    DIVIDENDS = "dividends"


class FacilityKind(_Choice):
    LOAN_FACILITY = "loan_facility"
    NOTE_PROGRAM = "note_program"


class AmendedTerm(_Choice):
    LIMIT = "limit"
    MATURITY_DATE = "maturity_date"
    CONVERSION_PRICE = "conversion_price"
    INTEREST_RATE = "interest_rate"
    OTHER = "other"


class RegistrationKind(_Choice):
    DEMAND = "demand"
    PIGGYBACK = "piggyback"


class CoveredShares(_Choice):
    CONVERSION_SHARES = "conversion_shares"
    WARRANT_SHARES = "warrant_shares"
    COMMITMENT_SHARES = "commitment_shares"


class DeadlinesFrom(_Choice):
    CLOSING = "closing"
    AGREEMENT = "agreement"
    DEMAND = "demand"


class AgreementKind(_Choice):
    PURCHASE = "purchase"
    LOAN = "loan"
    EXCHANGE = "exchange"
    OTHER = "other"


class Item(_Choice):
    ITEM_1_01 = "1.01"
    ITEM_2_03 = "2.03"
    ITEM_3_02 = "3.02"


class CoverDates(_Choice):
    EVENT = "event"
    REPORT_AND_EVENT = "report_and_event"


class Layout(_Choice):
    SEPARATE = "separate"
    COMBINED = "combined"
    NARRATIVE_IN_2_03 = "narrative_in_2_03"


class Place(_Choice):
    NOTE_AFTER_CONVERSION = "note.after_conversion"
    NOTE_AFTER_EVENTS_OF_DEFAULT = "note.after_events_of_default"
    NOTE_GENERAL = "note.general"
    ITEM_1_01 = "8-K.item_1_01"
    ITEM_2_03 = "8-K.item_2_03"
    ITEM_3_02 = "8-K.item_3_02"


class ConvertUntil(_Choice):
    FULLY_PAID = "fully_paid"
    MATURITY_DATE = "maturity_date"


class Fractions(_Choice):
    ROUND_UP = "round_up"
    ROUND_DOWN = "round_down"
    CASH = "cash"


class DefaultEvent(_Choice):
    PAYMENT = "payment"
    BANKRUPTCY_OR_INSOLVENCY = "bankruptcy_or_insolvency"
    COVENANT_BREACH = "covenant_breach"
    REPRESENTATION_BREACH = "representation_breach"
    CROSS_DEFAULT = "cross_default"
    JUDGMENT = "judgment"
    FAILURE_TO_DELIVER_SHARES = "failure_to_deliver_shares"
    FAILURE_TO_RESERVE_SHARES = "failure_to_reserve_shares"
    DELISTING = "delisting"
    REPORTING_FAILURE = "reporting_failure"
    CHANGE_OF_CONTROL = "change_of_control"
    DTC_CHILL = "dtc_chill"
    REVERSE_SPLIT = "reverse_split"
    TRANSFER_AGENT_CHANGE = "transfer_agent_change"
    SECURITY_AGREEMENT_BREACH = "security_agreement_breach"
    LOSS_OF_LIEN_PRIORITY = "loss_of_lien_priority"
    HOLDER_CROSS_DEFAULT = "holder_cross_default"


class Collateral(_Choice):
    NONE = "none"
    ALL_ASSETS = "all_assets"
    SPECIFIED_ASSETS = "specified_assets"
    BY_REFERENCE = "by_reference"  # "secured under the Security Agreement", nothing more said


class Ranking(_Choice):
    SENIOR = "senior"
    SENIOR_TO_FUTURE = "senior_to_future"
    PARI_PASSU = "pari_passu"
    SUBORDINATED = "subordinated"


class RelationshipKind(_Choice):
    DIRECTOR = "director"
    EXECUTIVE_OFFICER = "executive_officer"
    TEN_PERCENT_HOLDER = "ten_percent_holder"
    AFFILIATE = "affiliate"
    TRUSTEE = "trustee"
    OTHER = "other"


class VerificationMethod(_Choice):
    IRS_FORMS = "irs_forms"
    ASSET_AND_CREDIT_DOCUMENTS = "asset_and_credit_documents"
    THIRD_PARTY_CONFIRMATION = "third_party_confirmation"
    PRIOR_VERIFICATION = "prior_verification"
    PRE_2013_INVESTOR = "pre_2013_investor"
    MINIMUM_INVESTMENT = "minimum_investment"


class CoveredRole(_Choice):
    DIRECTOR = "director"
    EXECUTIVE_OFFICER = "executive_officer"
    GENERAL_PARTNER = "general_partner"
    MANAGING_MEMBER = "managing_member"
    TWENTY_PERCENT_HOLDER = "twenty_percent_holder"
    PROMOTER = "promoter"
    PLACEMENT_AGENT = "placement_agent"


class ExhibitDocument(_Choice):
    NOTE = "note"
    PURCHASE_AGREEMENT = "purchase_agreement"
    WARRANT = "warrant"
    REGISTRATION_RIGHTS_AGREEMENT = "registration_rights_agreement"
    SECURITY_AGREEMENT = "security_agreement"
    PRESS_RELEASE = "press_release"
    OTHER = "other"


class IndustryGroup(_Choice):
    """Form D Item 4, spelled as the Form D XML spells it ("and" for the form's "&")."""

    AGRICULTURE = "Agriculture"
    COMMERCIAL_BANKING = "Commercial Banking"
    INSURANCE = "Insurance"
    INVESTING = "Investing"
    INVESTMENT_BANKING = "Investment Banking"
    OTHER_BANKING = "Other Banking and Financial Services"
    BUSINESS_SERVICES = "Business Services"
    COAL_MINING = "Coal Mining"
    ELECTRIC_UTILITIES = "Electric Utilities"
    ENERGY_CONSERVATION = "Energy Conservation"
    ENVIRONMENTAL_SERVICES = "Environmental Services"
    OIL_AND_GAS = "Oil and Gas"
    OTHER_ENERGY = "Other Energy"
    BIOTECHNOLOGY = "Biotechnology"
    HEALTH_INSURANCE = "Health Insurance"
    HOSPITALS_AND_PHYSICIANS = "Hospitals and Physicians"
    PHARMACEUTICALS = "Pharmaceuticals"
    OTHER_HEALTH_CARE = "Other Health Care"
    MANUFACTURING = "Manufacturing"
    COMMERCIAL_REAL_ESTATE = "Commercial"
    CONSTRUCTION = "Construction"
    REITS_AND_FINANCE = "REITS and Finance"
    RESIDENTIAL = "Residential"
    OTHER_REAL_ESTATE = "Other Real Estate"
    RETAILING = "Retailing"
    RESTAURANTS = "Restaurants"
    COMPUTERS = "Computers"
    TELECOMMUNICATIONS = "Telecommunications"
    OTHER_TECHNOLOGY = "Other Technology"
    AIRLINES_AND_AIRPORTS = "Airlines and Airports"
    LODGING_AND_CONVENTIONS = "Lodging and Conventions"
    TOURISM_AND_TRAVEL_SERVICES = "Tourism and Travel Services"
    OTHER_TRAVEL = "Other Travel"
    OTHER = "Other"


class RevenueRange(_Choice):
    NO_REVENUES = "no_revenues"
    UP_TO_1M = "1_to_1m"
    UP_TO_5M = "1m_to_5m"
    UP_TO_25M = "5m_to_25m"
    UP_TO_100M = "25m_to_100m"
    OVER_100M = "over_100m"
    DECLINE_TO_DISCLOSE = "decline_to_disclose"
    NOT_APPLICABLE = "not_applicable"


class FormDRelationship(_Choice):
    EXECUTIVE_OFFICER = "executive_officer"
    DIRECTOR = "director"
    PROMOTER = "promoter"


# Every value object records the path of its mapping in the deal file, so that any later stage
# can point a problem at the exact line. `path` is not part of the deal's terms.
def _path() -> Any:
    return field(default=(), compare=False, repr=False)


def _legacy() -> Any:
    # Version 1 wrote some terms under other names (percent_of_market for percent …): field name →
    # the name in the file, so that a problem points at the line the user wrote.
    return field(default_factory=dict, compare=False, repr=False)


Date = date  # for fields named `date`, whose name would shadow the type in their own class


def field_path(node: Any, name: str) -> Path_:
    """The deal-file path of one field of a model object, as the file spells it."""
    legacy = getattr(node, "legacy_names", {})
    return tuple(node.path) + (legacy.get(name, name),)


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str
    line2: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    path: Path_ = _path()


@dataclass(frozen=True)
class CommonStock:
    title: str
    market: Market
    registered_under: Registration
    par_value: Price | None = None
    shares_outstanding: ShareCount | None = None
    shares_outstanding_as_of: date | None = None
    shares_authorized: ShareCount | None = None
    shares_reserved: ShareCount | None = None
    symbol: str | None = None
    defined_term: str | None = None
    path: Path_ = _path()

    @property
    def term(self) -> str:
        """What the documents call the shares: "Common Stock" unless the deal defines another."""
        return self.defined_term or "Common Stock"


@dataclass(frozen=True)
class CoveredPerson:
    name: str
    roles: tuple[CoveredRole, ...]
    path: Path_ = _path()


@dataclass(frozen=True)
class Issuer:
    name: str
    entity_kind: EntityKind
    jurisdiction: str
    cik: str
    commission_file_number: str
    irs_employer_id: str
    address: Address
    phone: str
    smaller_reporting_company: bool
    emerging_growth_company: bool
    common_stock: CommonStock
    elected_not_to_use_extended_transition_period: bool | None = None
    former_name_or_address: str | None = None
    website: str | None = None  # the Company's web domain: names its EDGAR taxonomy's namespace
    reporting_since: date | None = None
    current_in_reports: bool | None = None
    covered_persons: tuple[CoveredPerson, ...] = ()
    path: Path_ = _path()


@dataclass(frozen=True)
class Relationship:
    kind: RelationshipKind
    description: str
    path: Path_ = _path()


@dataclass(frozen=True)
class Verification:
    method: VerificationMethod
    date: date
    written_representations: bool | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Investor:
    name: str
    kind: InvestorKind
    accredited: bool
    accredited_basis: str | None = None
    sophisticated: bool | None = None
    purchaser_representative: str | None = None
    state: str | None = None
    address: Address | None = None
    signatory: Person | None = None
    relationship: Relationship | None = None
    voting_power_percent: Percent | None = None
    verification: Verification | None = None
    named_in_8k: bool = True
    described_in_8k_as: str | None = None
    defined_term: str | None = None
    general_partner: str | None = None
    path: Path_ = _path()

    @property
    def is_individual(self) -> bool:
        return self.kind is InvestorKind.INDIVIDUAL


@dataclass(frozen=True)
class Agreement:
    title: str
    date: date
    dated_as_of: Date | None = None  # "dated as of" / "effective as of", if not the signing day
    closing_date: Date | None = None
    defined_term: str | None = None
    kind: AgreementKind | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Fee:
    description: str
    amount: Money
    path: Path_ = _path()


@dataclass(frozen=True)
class Period:
    """A length of time after the issue date, or a date: exactly one of the three."""

    days: int | None = None
    months: int | None = None
    date: Date | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Interest:
    rate_percent: Percent
    basis: InterestBasis
    day_count: DayCount
    payable: Payable
    payable_in: PayableIn = PayableIn.CASH
    guaranteed_months: int | None = None
    default_rate_percent: Percent | None = None
    share_valuation: PriceExpression | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Installment:
    date: date
    principal: Money
    path: Path_ = _path()


@dataclass(frozen=True)
class HolderRedemption:
    starts: Period
    frequency: Frequency
    payable_in: PayableIn
    share_valuation: PriceExpression | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Repayment:
    schedule: Schedule
    installments: tuple[Installment, ...] = ()
    demand_notice_days: int | None = None
    no_demand_before: Period | None = None
    holder_redemption: HolderRedemption | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class PrepaymentStep:
    through_day: int
    percent_of_balance: PercentOfBalance
    path: Path_ = _path()


@dataclass(frozen=True)
class Prepayment:
    permitted: bool
    notice_days: int | None = None
    steps: tuple[PrepaymentStep, ...] = ()
    after_last_step: AfterLastStep | None = None
    not_before: Period | None = None
    holder_may_convert_after_notice: bool = True
    path: Path_ = _path()


@dataclass(frozen=True)
class DownRound:
    method: DownRoundMethod
    floor: Price | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class MarketStatistic:
    """A statistic of the market price over a window of trading days ending at a reference day:
    "the average of the three lowest closing bid prices during the ten trading days prior to the
    Conversion Date"."""

    days: int
    statistic: Statistic | None = None  # None: a single day's price
    count: int | None = None  # average_of_lowest: how many
    price: DailyPrice | None = None  # None only for vwap
    ending: Ending = Ending.BEFORE
    day: ReferenceDay = ReferenceDay.CONVERSION_DATE
    value: Price | None = None  # the value, for a window that ended before signing
    path: Path_ = _path()
    legacy_names: Mapping[str, str] = _legacy()


MARKET_PRICE = "market_price"  # `of: market_price`: the note's defined Market Price
PAR_VALUE = "par_value"  # `floor: par_value`


@dataclass(frozen=True)
class PriceExpression:
    """A price per share built from parts: exactly one of `fixed`, `of` (with its percentage),
    `lesser_of` and `greater_of`, each with an optional floor and cap."""

    fixed: Price | None = None
    of: MarketStatistic | Literal["market_price"] | None = None
    percent: Percent | None = None
    discount_percent: Percent | None = None
    lesser_of: tuple[PriceExpression, ...] = ()
    greater_of: tuple[PriceExpression, ...] = ()
    floor: Price | Literal["par_value"] | None = None
    cap: Price | None = None
    down_round: DownRound | None = None
    name: str | None = None
    path: Path_ = _path()
    legacy_names: Mapping[str, str] = _legacy()

    @property
    def parts(self) -> tuple[PriceExpression, ...]:
        return self.lesser_of or self.greater_of

    @property
    def market_percent(self) -> Decimal | None:
        """For a market leg, the percentage of the statistic: 65 for "65% of", 61 for "a 39%
        discount to", 100 for the statistic itself."""
        if self.of is None:
            return None
        if self.discount_percent is not None:
            return Decimal(100) - self.discount_percent
        return Decimal(100) if self.percent is None else self.percent

    def legs(self) -> Iterator[PriceExpression]:
        """This expression and every expression inside it, outermost first."""
        yield self
        for part in self.parts:
            yield from part.legs()


@dataclass(frozen=True)
class PriceChange:
    on: PriceEvent
    date: Date | None = None
    percent: Percent | None = None
    price: PriceExpression | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class AutomaticConversion:
    minimum_gross_proceeds: Money
    percent_of_financing_price: Percent
    floor: Price | None = None
    conditions: tuple[str, ...] = ()
    path: Path_ = _path()


@dataclass(frozen=True)
class OwnershipCap:
    percent: Percent
    increase_to_percent: Percent | None = None
    increase_notice_days: int | None = None
    with_affiliates: bool = True
    path: Path_ = _path()


@dataclass(frozen=True)
class Conversion:
    holder_option: bool
    waiting_period_days: int = 0
    until: ConvertUntil = ConvertUntil.FULLY_PAID
    interest_convertible: bool = True
    price: PriceExpression | None = None
    automatic: AutomaticConversion | None = None
    beneficial_ownership_cap: OwnershipCap | None = None
    share_reserve_multiple: Multiple | None = None
    exchange_cap_percent: Percent | None = None
    delivery_trading_days: int = 3
    fractional_shares: Fractions = Fractions.ROUND_UP
    market_price: MarketStatistic | None = None
    price_changes: tuple[PriceChange, ...] = ()
    par_value_top_up: bool | None = None
    starts_after_months: int | None = None
    starts_in_month: int | None = None
    starts_on: Date | None = None
    into: ConvertsInto = ConvertsInto.COMMON_STOCK
    security_description: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class EventsOfDefault:
    events: tuple[DefaultEvent, ...] | Placeholder
    cure_days: int | None = None
    default_amount_percent: PercentOfBalance | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Security:
    collateral: Collateral
    collateral_description: str | None = None
    security_agreement: str | None = None
    ranking: Ranking | None = None
    subordination_agreement: str | None = None
    ucc_filing_state: str | None = None
    path: Path_ = _path()

    @property
    def secured(self) -> bool:
        return self.collateral is not Collateral.NONE


@dataclass(frozen=True)
class Note:
    holder: str
    title: str
    principal: Money
    issue_date: date
    maturity_date: date
    interest: Interest
    repayment: Repayment
    prepayment: Prepayment
    events_of_default: EventsOfDefault
    security: Security
    governing_law: str
    purchase_price: Money | None = None  # None: issued in exchange, for no cash
    conversion: Conversion | None = None  # None: the note does not convert
    id: str | None = None
    fees_withheld: tuple[Fee, ...] = ()
    funding_date: date | None = None
    exchange: Exchange | None = None
    tranche: Tranche | None = None
    unit: Unit | None = None
    advances: tuple[Advance, ...] = ()
    defined_term: str | None = None
    negative_covenants: tuple[NegativeCovenant, ...] = ()
    settlement_penalty_percent: Percent | None = None
    amendment_by_majority: bool | None = None
    share_delivery: ShareDelivery | None = None
    path: Path_ = _path()

    @property
    def convertible(self) -> bool:
        return self.conversion is not None

    @property
    def cash_price(self) -> Decimal:
        """What the holder pays in cash: nothing for a note issued in exchange."""
        return self.purchase_price if self.purchase_price is not None else Decimal(0)


@dataclass(frozen=True)
class Surrendered:
    description: str
    kind: SurrenderedKind
    balance: Money
    date: Date | None = None
    principal: Money | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Exchange:
    surrendered: tuple[Surrendered, ...]
    path: Path_ = _path()


@dataclass(frozen=True)
class Tranche:
    number: int
    funded: bool
    condition: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Unit:
    with_: tuple[UnitPart, ...]
    note_allocation: Money | None = None
    original_issue_discount: bool = False
    path: Path_ = _path()


@dataclass(frozen=True)
class Advance:
    date: Date
    amount: Money
    conversion_price: PriceExpression | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class ShareDelivery:
    late_fee_per_day: Money | None = None
    buy_in: bool = True
    path: Path_ = _path()


@dataclass(frozen=True)
class Warrant:
    holder: str
    title: str
    shares: ShareCount
    exercise_price: Price
    issue_date: date
    expiration_date: date
    cashless_exercise: bool
    path: Path_ = _path()


@dataclass(frozen=True)
class CommitmentShares:
    holder: str
    shares: ShareCount
    issue_date: date
    path: Path_ = _path()


@dataclass(frozen=True)
class RegistrationRights:
    filing_deadline_days: int | None = None  # demand registration only
    effectiveness_deadline_days: int | None = None
    agreement_title: str | None = None
    liquidated_damages_percent_per_month: Percent | None = None
    kind: RegistrationKind = RegistrationKind.DEMAND
    covers: tuple[CoveredShares, ...] = ()  # () means the conversion shares
    deadlines_from: DeadlinesFrom = DeadlinesFrom.CLOSING
    path: Path_ = _path()

    @property
    def shares_covered(self) -> tuple[CoveredShares, ...]:
        return self.covers or (CoveredShares.CONVERSION_SHARES,)


@dataclass(frozen=True)
class MostFavoredNation:
    period: Period | None = None  # None: while the note is outstanding
    path: Path_ = _path()


@dataclass(frozen=True)
class RightOfFirstRefusal:
    period: Period
    path: Path_ = _path()


@dataclass(frozen=True)
class Participation:
    period: Period
    percent: Percent | None = None  # the share of the financing it may take, if limited
    path: Path_ = _path()


@dataclass(frozen=True)
class InvestorRights:
    most_favored_nation: MostFavoredNation | None = None
    right_of_first_refusal: RightOfFirstRefusal | None = None
    participation: Participation | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Facility:
    kind: FacilityKind
    commitment: Money
    additional_notes: Money | None = None
    advanced_to_date: Money | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Change:
    term: AmendedTerm
    from_: str
    to: str
    description: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Amendment:
    amends: str
    original_date: Date
    restated: bool
    changes: tuple[Change, ...]
    path: Path_ = _path()


@dataclass(frozen=True)
class AdditionalTerm:
    place: Place
    text: str
    states: tuple[str, ...]
    note: str | None = None
    heading: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class PlacementAgent:
    name: str
    registered_broker_dealer: bool
    crd_number: str | None = None
    cash_fee_percent: Percent | None = None
    cash_fee_amount: Money | None = None
    warrant_coverage_percent: Percent | None = None
    fee_to_be_determined: bool | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class BadActorInquiry:
    completed_date: date
    disqualifying_event_found: bool
    pre_2013_events: bool | None = None
    pre_2013_events_disclosed_date: date | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class OtherOffering:
    description: str
    start_date: date
    general_solicitation: bool
    registered: bool
    end_date: date | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class FormDFilings:
    filed_date: date
    last_amendment_date: date | None = None
    accession_number: str | None = None
    offering_ongoing: bool | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class StateNotice:
    state: str
    filed_date: date
    path: Path_ = _path()


@dataclass(frozen=True)
class Offering:
    exemptions: tuple[Exemption, ...]
    general_solicitation: bool
    first_sale_date: date
    gross_proceeds: Money | None = None
    proceeds_received_date: date | None = None
    total_offering_amount: Money | None = None
    minimum_investment: Money | None = None
    use_of_proceeds: str | None = None
    restricted_legend: bool | None = None
    information_delivered_date: date | None = None
    bad_actor_inquiry: BadActorInquiry | None = None
    other_offerings: tuple[OtherOffering, ...] = ()
    form_d: FormDFilings | None = None
    state_notices: tuple[StateNotice, ...] = ()
    issuer_expenses: tuple[Fee, ...] = ()
    path: Path_ = _path()


@dataclass(frozen=True)
class Exhibit:
    number: str
    title: str
    document: ExhibitDocument
    note: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class ItemChoice:
    item: Item
    include: bool
    reason: str
    path: Path_ = _path()


@dataclass(frozen=True)
class Form8K:
    event_date: date
    report_date: Date | Placeholder
    exhibits: tuple[Exhibit, ...]
    signatory: Person
    item_3_02_incorporates_item_1_01: bool = True
    submission_time: str | None = None
    unreported_equity_sales_shares: ShareCount | None = None
    items: tuple[ItemChoice, ...] = ()
    layout: Layout = Layout.SEPARATE
    cover_dates: CoverDates = CoverDates.EVENT
    path: Path_ = _path()

    def choice(self, item: Item) -> ItemChoice | None:
        return next((choice for choice in self.items if choice.item is item), None)


@dataclass(frozen=True)
class RelatedPerson:
    """Form D Item 3: an executive officer, director or promoter."""

    first_name: str
    last_name: str
    address: Address
    relationships: tuple[FormDRelationship, ...]
    middle_name: str | None = None
    clarification: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class SalesRecipient:
    """Form D Item 12 for one placement agent (named under placement_agents)."""

    agent: str
    address: Address
    foreign_solicitation: bool
    associated_broker_dealer: str | None = None
    associated_broker_dealer_crd_number: str | None = None
    states_of_solicitation: tuple[str, ...] = ()
    all_states: bool = False
    path: Path_ = _path()


@dataclass(frozen=True)
class FormD:
    """What Form D asks that the rest of the deal file does not hold. All optional: the rule
    form_d.xml names what is missing, and no Form D is written until nothing is."""

    year_of_incorporation: int | None = None
    previous_names: tuple[str, ...] = ()
    industry_group: IndustryGroup | None = None
    revenue_range: RevenueRange | None = None
    related_persons: tuple[RelatedPerson, ...] = ()
    more_than_one_year: bool | None = None
    business_combination: bool | None = None
    proceeds_to_related_persons: Money | None = None
    proceeds_to_related_persons_estimate: bool = False
    sales_compensation: tuple[SalesRecipient, ...] = ()
    signer: Person | None = None
    signature_date: date | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class MarketData:
    as_of: date
    conversion_measure_price: Price | None = None
    closing_price: Price | None = None
    five_day_average_closing_price: Price | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Deal:
    schema_version: int
    issuer: Issuer
    investors: tuple[Investor, ...]
    notes: tuple[Note, ...]
    offering: Offering
    form_8k: Form8K
    agreement: Agreement | None = None
    warrants: tuple[Warrant, ...] = ()
    commitment_shares: tuple[CommitmentShares, ...] = ()
    registration_rights: RegistrationRights | None = None
    placement_agents: tuple[PlacementAgent, ...] = ()
    market_data: MarketData | None = None
    placeholders: tuple[str, ...] = ()
    facility: Facility | None = None
    amendment: Amendment | None = None
    investor_rights: InvestorRights | None = None
    additional_terms: tuple[AdditionalTerm, ...] = ()
    form_d: FormD | None = None
    templates: str | None = None  # a folder of house-style templates, relative to the deal file
    source: SourceMap = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    @property
    def name(self) -> str:
        """The deal's name: its file name without the extension."""
        stem = self.source.file.replace("\\", "/").rsplit("/", 1)[-1]
        return stem.rsplit(".", 1)[0]

    def investor(self, name: str) -> Investor:
        return next(investor for investor in self.investors if investor.name == name)

    @property
    def template_folder(self) -> FilePath | None:
        """The house-style templates' folder, resolved against the deal file's own folder."""
        if self.templates is None:
            return None
        return FilePath(self.source.file).parent / self.templates


def build(document: Document) -> Deal:
    """The typed deal for a document that has passed schema validation."""
    return dataclasses.replace(_build(Deal, document.data, ()), source=document.source)


_BOOKKEEPING = ("path", "source", "legacy_names")


def _build(kind: Any, value: Any, path: Path_) -> Any:
    if value is None:
        return None
    if kind is PriceExpression and _is_legacy_price(value):
        return _legacy_price(value, path)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = {}
        for f in dataclasses.fields(kind):
            key = f.name.rstrip("_")  # `with_`, `from_`: Python keywords in the file
            if f.name not in _BOOKKEEPING and key in value:
                fields[f.name] = _build(hints[f.name], value[key], path + (key,))
        if "path" in hints:
            fields["path"] = path
        return kind(**fields)
    if value == PLACEHOLDER and _admits(kind, str):
        return PLACEHOLDER
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        return _build(_member_for(kind, value), value, path)
    if origin is Literal:
        return value
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_build(item, entry, path + (index,)) for index, entry in enumerate(value))
    if kind is Decimal:
        return Decimal(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is int and isinstance(value, str):
        return int(value)  # share counts are quoted in the file, whole numbers here
    return kind(value)


def _admits(kind: Any, base: type) -> bool:
    """Whether a type (or a member of a union) is `base` or a subclass: where text may stand."""
    members = typing.get_args(kind) if typing.get_origin(kind) in (types.UnionType, typing.Union) \
        else (kind,)
    return any(isinstance(member, type) and issubclass(member, base) for member in members)


def _member_for(union: Any, value: Any) -> Any:
    """The member of a union that a schema-valid value is: the schema has already decided."""
    members = [arg for arg in typing.get_args(union) if arg is not type(None)]
    for member in members:
        if typing.get_origin(member) is Literal:
            if value in typing.get_args(member):
                return member
        elif isinstance(value, dict) and dataclasses.is_dataclass(member):
            return member
        elif isinstance(value, list) and typing.get_origin(member) is tuple:
            return member
    scalars = [m for m in members if typing.get_origin(m) is not Literal
               and not dataclasses.is_dataclass(m) and typing.get_origin(m) is not tuple
               and m is not Placeholder]
    return scalars[0]


# --- version 1's conversion price ------------------------------------------------------------------

V1_MEASURES = {
    Measure.LOWEST_CLOSING_BID_PRICE: (Statistic.LOWEST, DailyPrice.CLOSING_BID),
    Measure.LOWEST_CLOSING_PRICE: (Statistic.LOWEST, DailyPrice.CLOSING),
    Measure.LOWEST_TRADING_PRICE: (Statistic.LOWEST, DailyPrice.TRADING),
    Measure.LOWEST_VWAP: (Statistic.LOWEST, DailyPrice.DAILY_VWAP),
    Measure.AVERAGE_CLOSING_PRICE: (Statistic.AVERAGE, DailyPrice.CLOSING),
    Measure.AVERAGE_VWAP: (Statistic.AVERAGE, DailyPrice.DAILY_VWAP),
}


def _is_legacy_price(value: Mapping[str, Any]) -> bool:
    return "variable" in value or isinstance(value.get("fixed"), dict)


def _legacy_price(value: Mapping[str, Any], path: Path_) -> PriceExpression:
    """Version 1's `fixed`/`variable` conversion price as the expression it always meant: the
    fixed price, the variable price, or the lesser of the two."""
    legs = []
    if "fixed" in value:
        fixed = value["fixed"]
        here = path + ("fixed",)
        legs.append(PriceExpression(
            fixed=Decimal(fixed["price"]), name="Fixed Price",
            down_round=_build(DownRound, fixed.get("down_round"), here + ("down_round",)),
            path=here, legacy_names={"fixed": "price"}))
    if "variable" in value:
        variable = value["variable"]
        here = path + ("variable",)
        statistic, price = V1_MEASURES[Measure(variable["measure"])]
        inclusive = variable.get("includes_conversion_date", False)
        measure = MarketStatistic(
            days=variable["lookback_trading_days"], statistic=statistic, price=price,
            ending=Ending.ON if inclusive else Ending.BEFORE, path=here,
            legacy_names={"days": "lookback_trading_days", "statistic": "measure",
                          "price": "measure", "ending": "includes_conversion_date"})
        legs.append(PriceExpression(
            of=measure, percent=Decimal(variable["percent_of_market"]), name="Variable Price",
            floor=_build(Price, variable.get("floor"), here + ("floor",)),
            cap=_build(Price, variable.get("cap"), here + ("cap",)),
            path=here, legacy_names={"percent": "percent_of_market"}))
    if len(legs) == 1:
        return legs[0]
    return PriceExpression(lesser_of=tuple(legs), path=path)
