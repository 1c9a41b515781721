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
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from .load import Document, Path_, SourceMap


# The kind of each number, as the schema's $defs name it. The presentation layer formats a value
# by its kind (display.Money, display.Percent …); a test holds these to the schema's $refs.
Money = Annotated[Decimal, "money"]
Price = Annotated[Decimal, "price"]
Percent = Annotated[Decimal, "percent"]
PercentOfBalance = Annotated[Decimal, "percent_of_balance"]
Multiple = Annotated[Decimal, "multiple"]
ShareCount = Annotated[int, "shares"]


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


class Exemption(_Choice):
    SECTION_4A2 = "section_4a2"
    RULE_506B = "rule_506b"
    RULE_506C = "rule_506c"
    RULE_504 = "rule_504"
    SECTION_4A5 = "section_4a5"
    REGULATION_S = "regulation_s"


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
    LOWEST_CLOSING_BID_PRICE = "lowest_closing_bid_price"
    LOWEST_CLOSING_PRICE = "lowest_closing_price"
    LOWEST_TRADING_PRICE = "lowest_trading_price"
    LOWEST_VWAP = "lowest_vwap"
    AVERAGE_CLOSING_PRICE = "average_closing_price"
    AVERAGE_VWAP = "average_vwap"


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


class Collateral(_Choice):
    NONE = "none"
    ALL_ASSETS = "all_assets"
    SPECIFIED_ASSETS = "specified_assets"


class Ranking(_Choice):
    SENIOR = "senior"
    PARI_PASSU = "pari_passu"
    SUBORDINATED = "subordinated"


class RelationshipKind(_Choice):
    DIRECTOR = "director"
    EXECUTIVE_OFFICER = "executive_officer"
    TEN_PERCENT_HOLDER = "ten_percent_holder"
    AFFILIATE = "affiliate"
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


# Every value object records the path of its mapping in the deal file, so that any later stage
# can point a problem at the exact line. `path` is not part of the deal's terms.
def _path() -> Any:
    return field(default=(), compare=False, repr=False)


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
    path: Path_ = _path()


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
    path: Path_ = _path()

    @property
    def is_individual(self) -> bool:
        return self.kind is InvestorKind.INDIVIDUAL


@dataclass(frozen=True)
class Agreement:
    title: str
    date: date
    path: Path_ = _path()


@dataclass(frozen=True)
class Fee:
    description: str
    amount: Money
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
    path: Path_ = _path()


@dataclass(frozen=True)
class Installment:
    date: date
    principal: Money
    path: Path_ = _path()


@dataclass(frozen=True)
class Repayment:
    schedule: Schedule
    installments: tuple[Installment, ...] = ()
    demand_notice_days: int | None = None
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
    path: Path_ = _path()


@dataclass(frozen=True)
class DownRound:
    method: DownRoundMethod
    floor: Price | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class FixedPrice:
    price: Price
    down_round: DownRound | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class VariablePrice:
    percent_of_market: Percent
    measure: Measure
    lookback_trading_days: int
    includes_conversion_date: bool = False
    floor: Price | None = None
    cap: Price | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class ConversionPrice:
    """Fixed, variable, or both, in which case the lower of the two applies."""

    fixed: FixedPrice | None = None
    variable: VariablePrice | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class AutomaticConversion:
    minimum_gross_proceeds: Money
    percent_of_financing_price: Percent
    path: Path_ = _path()


@dataclass(frozen=True)
class OwnershipCap:
    percent: Percent
    increase_to_percent: Percent | None = None
    increase_notice_days: int | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Conversion:
    holder_option: bool
    waiting_period_days: int = 0
    until: ConvertUntil = ConvertUntil.FULLY_PAID
    interest_convertible: bool = True
    price: ConversionPrice | None = None
    automatic: AutomaticConversion | None = None
    beneficial_ownership_cap: OwnershipCap | None = None
    share_reserve_multiple: Multiple | None = None
    exchange_cap_percent: Percent | None = None
    delivery_trading_days: int = 3
    fractional_shares: Fractions = Fractions.ROUND_UP
    path: Path_ = _path()


@dataclass(frozen=True)
class EventsOfDefault:
    events: tuple[DefaultEvent, ...]
    cure_days: int | None = None
    default_amount_percent: PercentOfBalance | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Security:
    collateral: Collateral
    collateral_description: str | None = None
    security_agreement: str | None = None
    ranking: Ranking | None = None
    path: Path_ = _path()

    @property
    def secured(self) -> bool:
        return self.collateral is not Collateral.NONE


@dataclass(frozen=True)
class Note:
    holder: str
    title: str
    principal: Money
    purchase_price: Money
    issue_date: date
    maturity_date: date
    interest: Interest
    repayment: Repayment
    prepayment: Prepayment
    conversion: Conversion
    events_of_default: EventsOfDefault
    security: Security
    governing_law: str
    id: str | None = None
    fees_withheld: tuple[Fee, ...] = ()
    funding_date: date | None = None
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
    filing_deadline_days: int
    effectiveness_deadline_days: int
    agreement_title: str | None = None
    liquidated_damages_percent_per_month: Percent | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class PlacementAgent:
    name: str
    registered_broker_dealer: bool
    crd_number: str | None = None
    cash_fee_percent: Percent | None = None
    cash_fee_amount: Money | None = None
    warrant_coverage_percent: Percent | None = None
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
    path: Path_ = _path()


@dataclass(frozen=True)
class Exhibit:
    number: str
    title: str
    document: ExhibitDocument
    note: str | None = None
    path: Path_ = _path()


@dataclass(frozen=True)
class Form8K:
    event_date: date
    report_date: date
    exhibits: tuple[Exhibit, ...]
    signatory: Person
    item_3_02_incorporates_item_1_01: bool = True
    submission_time: str | None = None
    unreported_equity_sales_shares: ShareCount | None = None
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
    source: SourceMap = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    @property
    def name(self) -> str:
        """The deal's name: its file name without the extension."""
        stem = self.source.file.replace("\\", "/").rsplit("/", 1)[-1]
        return stem.rsplit(".", 1)[0]

    def investor(self, name: str) -> Investor:
        return next(investor for investor in self.investors if investor.name == name)


def build(document: Document) -> Deal:
    """The typed deal for a document that has passed schema validation."""
    return dataclasses.replace(_build(Deal, document.data, ()), source=document.source)


def _build(kind: Any, value: Any, path: Path_) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind) if f.name not in ("path", "source")}
        fields = {name: _build(hints[name], value[name], path + (name,))
                  for name in names if name in value}
        if "path" in hints:
            fields["path"] = path
        return kind(**fields)
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _build(inner, value, path)
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
