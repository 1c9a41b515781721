"""One realistic deal file per group of variations (tests/data/deals/): each loads, passes `check`,
and carries its variation into the typed model with the exact values the file states."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dealdocs import read_deal
from dealdocs.model import (
    AfterLastStep,
    Collateral,
    CoveredRole,
    DayCount,
    DefaultEvent,
    DownRoundMethod,
    Exemption,
    ExhibitDocument,
    InterestBasis,
    InvestorKind,
    Market,
    DailyPrice,
    Ending,
    Statistic,
    Payable,
    PayableIn,
    Ranking,
    Registration,
    RelationshipKind,
    Schedule,
    VerificationMethod,
)

ROOT = Path(__file__).resolve().parents[1]
DEALS = ROOT / "tests" / "data" / "deals"
FILES = sorted(DEALS.glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/deal.schema.json"

EXPECTED = {
    "oid-default-interest", "amortizing-prepayment", "demand-note", "fixed-reset-automatic",
    "variable-vwap-floor-cap", "secured-senior", "secured-specified-subordinated",
    "warrants-commitment-registration", "multi-investor-tranches", "placement-agent-506c",
    "nonaccredited-506b", "average-of-lowest", "lesser-of-market-leg", "price-on-events",
    "unit-note-warrants", "mfn-rofr-piggyback", "effective-as-of", "exchange-3a9",
    "facility-amendment", "non-convertible", "conditional-tranche", "unnamed-investor",
    "draft-with-brackets", "trust-common-shares-15d",
}


def deal(name: str):
    return read_deal(DEALS / f"{name}.yaml")


def test_every_group_of_variations_has_its_file():
    assert EXPECTED <= {path.stem for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_file_passes_check(path: Path):
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--no-pdf", str(path.relative_to(ROOT)), "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["problems"] == []
    assert not [f for f in report["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_file_names_the_schema_and_its_variations(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_LINE
    assert any(line.startswith("# Variations demonstrated:") for line in lines[1:10])


def test_oid_fees_default_interest():
    d = deal("oid-default-interest")
    (note,) = d.notes
    assert note.principal == Decimal("110000")
    assert note.purchase_price == Decimal("100000")
    assert note.principal - note.purchase_price == Decimal("10000")
    assert [(fee.description, fee.amount) for fee in note.fees_withheld] == [
        ("its legal fees", Decimal("3000"))]
    assert note.purchase_price - sum(fee.amount for fee in note.fees_withheld) == Decimal("97000")
    assert note.funding_date == date(2019, 5, 28)
    assert note.interest.rate_percent == Decimal("10")
    assert note.interest.default_rate_percent == Decimal("22")
    assert note.interest.guaranteed_months == 12
    assert note.interest.payable_in is PayableIn.CASH_OR_SHARES
    assert note.events_of_default.default_amount_percent == Decimal("150")
    assert {DefaultEvent.CROSS_DEFAULT, DefaultEvent.JUDGMENT, DefaultEvent.FAILURE_TO_DELIVER_SHARES,
            DefaultEvent.DELISTING, DefaultEvent.REPORTING_FAILURE} <= set(note.events_of_default.events)
    assert len(note.events_of_default.events) == 10
    variable = note.conversion.price
    assert (variable.of.statistic, variable.of.price) == (Statistic.LOWEST, DailyPrice.TRADING)
    assert (variable.percent, variable.of.days) == (Decimal("61"), 20)
    assert variable.floor is None and variable.cap is None
    assert note.conversion.waiting_period_days == 180
    assert d.issuer.common_stock.market is Market.OTC
    assert d.issuer.common_stock.registered_under is Registration.SECTION_12G
    assert Exemption.RULE_506B in d.offering.exemptions
    assert d.offering.general_solicitation is False
    # Signed on the Friday before Memorial Day 2019.
    assert d.form_8k.event_date == date(2019, 5, 24) and d.form_8k.event_date.weekday() == 4
    assert d.market_data.conversion_measure_price == Decimal("0.0285")


def test_amortizing_with_prepayment_premiums():
    d = deal("amortizing-prepayment")
    (note,) = d.notes
    repayment = note.repayment
    assert repayment.schedule is Schedule.AMORTIZING
    assert len(repayment.installments) == 10
    assert {step.principal for step in repayment.installments} == {Decimal("165000")}
    assert sum(step.principal for step in repayment.installments) == note.principal == Decimal("1650000")
    assert [step.date.month for step in repayment.installments] == list(range(2, 12))
    assert repayment.installments[-1].date == note.maturity_date == date(2023, 11, 23)
    assert note.interest.payable is Payable.MONTHLY
    assert note.interest.day_count is DayCount.ACTUAL_360
    prepayment = note.prepayment
    assert prepayment.permitted is True
    assert prepayment.notice_days == 30
    assert [s.through_day for s in prepayment.steps] == [30, 60, 90, 180]
    assert [s.percent_of_balance for s in prepayment.steps] == [
        Decimal("110"), Decimal("115"), Decimal("120"), Decimal("125")]
    assert prepayment.after_last_step is AfterLastStep.NOT_PERMITTED
    cap = note.conversion.beneficial_ownership_cap
    assert (cap.percent, cap.increase_to_percent, cap.increase_notice_days) == (
        Decimal("4.99"), Decimal("9.99"), 61)
    assert d.issuer.common_stock.market is Market.NASDAQ
    assert d.form_8k.event_date == date(2022, 11, 23)  # the day before Thanksgiving


def test_demand_note_fixed_price_prepayable_at_par():
    d = deal("demand-note")
    (note,) = d.notes
    assert note.repayment.schedule is Schedule.ON_DEMAND
    assert note.repayment.demand_notice_days == 10
    assert note.repayment.installments == ()
    assert note.conversion.price.fixed == Decimal("0.15")
    assert note.conversion.price.down_round is None
    assert note.conversion.price.of is None and not note.conversion.price.parts
    assert note.prepayment.permitted is True
    assert note.prepayment.notice_days == 5
    assert note.prepayment.steps == ()
    assert note.prepayment.after_last_step is None
    lender = d.investor("Randall P. Okafor")
    assert lender.relationship.kind is RelationshipKind.EXECUTIVE_OFFICER
    assert lender.accredited_basis == "501(a)(4)"
    assert lender.voting_power_percent == Decimal("31.4")
    assert d.offering.exemptions == (Exemption.SECTION_4A2,)
    assert d.form_8k.unreported_equity_sales_shares == 1200000


def test_fixed_price_full_ratchet_floor_and_automatic_conversion():
    d = deal("fixed-reset-automatic")
    (note,) = d.notes
    fixed = note.conversion.price
    assert fixed.fixed == Decimal("3.10")
    assert fixed.down_round.method is DownRoundMethod.FULL_RATCHET
    assert fixed.down_round.floor == Decimal("2.58")
    automatic = note.conversion.automatic
    assert automatic.minimum_gross_proceeds == Decimal("15000000")
    assert automatic.percent_of_financing_price == Decimal("80")
    assert note.interest.basis is InterestBasis.COMPOUNDED_ANNUALLY
    issuer = d.issuer
    stock = issuer.common_stock
    assert (stock.market, stock.symbol, stock.registered_under) == (
        Market.NASDAQ, "NWBI", Registration.SECTION_12B)
    assert issuer.emerging_growth_company is True
    assert issuer.elected_not_to_use_extended_transition_period is False
    assert (stock.shares_outstanding, stock.shares_authorized, stock.shares_reserved) == (
        24318442, 200000000, 4870115)
    assert stock.shares_outstanding_as_of == date(2024, 11, 6)
    market = d.market_data
    assert market.as_of == date(2024, 11, 7)
    assert (market.closing_price, market.five_day_average_closing_price) == (
        Decimal("2.58"), Decimal("2.61"))
    # The floor is the Nasdaq Minimum Price: the lower of the close and the five-day average.
    assert fixed.down_round.floor == min(market.closing_price, market.five_day_average_closing_price)


def test_variable_average_vwap_with_floor_cap_and_ownership_cap():
    d = deal("variable-vwap-floor-cap")
    (note,) = d.notes
    conversion = note.conversion
    variable = conversion.price
    assert (variable.of.statistic, variable.of.price) == (Statistic.AVERAGE, DailyPrice.DAILY_VWAP)
    assert (variable.percent, variable.of.days) == (Decimal("90"), 10)
    assert variable.of.ending is Ending.BEFORE
    assert (variable.floor, variable.cap) == (Decimal("0.37"), Decimal("2.50"))
    assert conversion.price.fixed is None
    assert conversion.waiting_period_days == 180
    cap = conversion.beneficial_ownership_cap
    assert (cap.percent, cap.increase_to_percent, cap.increase_notice_days) == (
        Decimal("4.99"), Decimal("9.99"), 61)
    assert conversion.share_reserve_multiple == Decimal("3")
    assert d.issuer.common_stock.market is Market.NYSE_AMERICAN
    assert d.issuer.common_stock.symbol == "PBEC"
    assert d.market_data.conversion_measure_price == Decimal("1.7925")
    assert variable.floor < d.market_data.conversion_measure_price < variable.cap
    assert d.form_8k.event_date == date(2021, 12, 30)  # before the observed New Year's Day holiday


def test_secured_senior_all_assets():
    d = deal("secured-senior")
    (note,) = d.notes
    security = note.security
    assert security.collateral is Collateral.ALL_ASSETS
    assert security.secured is True
    assert security.security_agreement == "Pledge and Security Agreement"
    assert security.ranking is Ranking.SENIOR
    assert security.collateral_description is None
    assert [s.through_day for s in note.prepayment.steps] == [365, 730]
    assert note.prepayment.after_last_step is AfterLastStep.AT_PAR
    assert note.conversion.price.down_round.method is DownRoundMethod.WEIGHTED_AVERAGE_BROAD
    assert d.issuer.smaller_reporting_company is False
    assert d.issuer.common_stock.market is Market.NYSE
    assert ExhibitDocument.SECURITY_AGREEMENT in [e.document for e in d.form_8k.exhibits]


def test_secured_specified_assets_subordinated():
    d = deal("secured-specified-subordinated")
    (note,) = d.notes
    security = note.security
    assert security.collateral is Collateral.SPECIFIED_ASSETS
    assert security.collateral_description.startswith(
        "the Company's recirculating-aquaculture hatchery equipment")
    assert security.security_agreement == "Security Agreement"
    assert security.ranking is Ranking.SUBORDINATED
    assert note.interest.basis is InterestBasis.COMPOUNDED_MONTHLY
    assert note.interest.payable is Payable.SEMI_ANNUALLY
    assert d.offering.form_d.filed_date == date(2026, 1, 27)
    assert [(n.state, n.filed_date) for n in d.offering.state_notices] == [("ME", date(2026, 1, 29))]
    assert [e.document for e in d.form_8k.exhibits] == [
        ExhibitDocument.NOTE, ExhibitDocument.PURCHASE_AGREEMENT,
        ExhibitDocument.SECURITY_AGREEMENT, ExhibitDocument.OTHER]


def test_warrants_commitment_shares_registration_rights():
    d = deal("warrants-commitment-registration")
    (note,) = d.notes
    (warrant,) = d.warrants
    assert warrant.holder == note.holder == "Tidewater Growth Partners, LLC"
    assert warrant.shares == 3437500
    assert warrant.exercise_price == Decimal("0.10")
    assert (warrant.issue_date, warrant.expiration_date) == (date(2024, 3, 15), date(2029, 3, 15))
    assert warrant.cashless_exercise is True
    # 50% coverage of the shares issuable on the principal at the fixed conversion price.
    assert warrant.shares == note.principal / note.conversion.price.fixed / 2
    (grant,) = d.commitment_shares
    assert (grant.holder, grant.shares, grant.issue_date) == (
        "Tidewater Growth Partners, LLC", 1250000, date(2024, 3, 15))
    rights = d.registration_rights
    assert rights.agreement_title == "Registration Rights Agreement"
    assert (rights.filing_deadline_days, rights.effectiveness_deadline_days) == (30, 90)
    assert rights.liquidated_damages_percent_per_month == Decimal("1")
    assert sum(fee.amount for fee in note.fees_withheld) == Decimal("12500")
    assert note.principal - note.purchase_price == Decimal("50000")
    assert {e.document for e in d.form_8k.exhibits} == {
        ExhibitDocument.NOTE, ExhibitDocument.WARRANT, ExhibitDocument.PURCHASE_AGREEMENT,
        ExhibitDocument.REGISTRATION_RIGHTS_AGREEMENT}


def test_several_investors_notes_and_tranches():
    d = deal("multi-investor-tranches")
    assert [i.kind for i in d.investors] == [
        InvestorKind.INDIVIDUAL, InvestorKind.INDIVIDUAL, InvestorKind.LLC, InvestorKind.TRUST,
        InvestorKind.PARTNERSHIP]
    assert [i.state for i in d.investors] == ["MN", "CA", "CO", "FL", "NY"]
    assert all(i.address is not None for i in d.investors)
    assert all(i.signatory is not None for i in d.investors if not i.is_individual)
    assert d.investor("The Osprey Family Trust").signatory.title == "Trustee"
    assert [n.id for n in d.notes] == [
        "marsh", "reyes", "granite-peak", "osprey", "ridgeline-1", "ridgeline-2"]
    assert {n.holder for n in d.notes} == {i.name for i in d.investors}
    funded_later = [n for n in d.notes if n.funding_date is not None]
    assert [(n.id, n.issue_date, n.funding_date) for n in funded_later] == [
        ("ridgeline-2", date(2025, 6, 18), date(2025, 8, 15))]
    director = d.investor("Evelyn R. Marsh, M.D.")
    assert director.relationship.kind is RelationshipKind.DIRECTOR
    assert director.relationship.description == (
        "a member of the Company's Board of Directors and of its Audit Committee")
    assert director.voting_power_percent == Decimal("7.8")
    covered = {p.name: p.roles for p in d.issuer.covered_persons}
    assert covered["Evelyn R. Marsh, M.D."] == (CoveredRole.DIRECTOR,)
    assert covered["Northstar Medical Holdings, LLC"] == (CoveredRole.TWENTY_PERCENT_HOLDER,)
    assert [(e.number, e.note) for e in d.form_8k.exhibits if e.document is ExhibitDocument.NOTE] == [
        ("4.1", None), ("4.2", "marsh"), ("4.3", "ridgeline-2")]
    assert d.offering.gross_proceeds == sum(n.purchase_price for n in d.notes) == Decimal("1700000")
    assert d.offering.total_offering_amount == Decimal("2000000")
    assert {n.state for n in d.offering.state_notices} == {"CO", "NY", "CA", "MN"}


def test_placement_agent_and_rule_506c_verification():
    d = deal("placement-agent-506c")
    (agent,) = d.placement_agents
    assert agent.name == "Brightwater Securities, LLC"
    assert agent.registered_broker_dealer is True
    assert agent.crd_number == "287154"
    assert (agent.cash_fee_percent, agent.warrant_coverage_percent) == (Decimal("7"), Decimal("5"))
    offering = d.offering
    assert offering.exemptions == (Exemption.RULE_506C,)
    assert offering.general_solicitation is True
    methods = {i.name: i.verification.method for i in d.investors}
    assert methods == {
        "Marguerite D. Holloway": VerificationMethod.IRS_FORMS,
        "Sundial Ridge Capital LLC": VerificationMethod.THIRD_PARTY_CONFIRMATION,
        "Kenji Watanabe": VerificationMethod.MINIMUM_INVESTMENT,
        "Fernhill Holdings, Inc.": VerificationMethod.MINIMUM_INVESTMENT,
    }
    invested = {n.holder: n.purchase_price for n in d.notes}
    for investor in d.investors:
        if investor.verification.method is VerificationMethod.MINIMUM_INVESTMENT:
            assert investor.verification.written_representations is True
            assert investor.verification.date >= date(2025, 3, 12)
            # the letter's minimums: $200,000 for a natural person, $1,000,000 for an entity
            minimum = Decimal("200000") if investor.is_individual else Decimal("1000000")
            assert invested[investor.name] >= minimum
    assert offering.bad_actor_inquiry.completed_date == date(2025, 10, 3)
    assert offering.bad_actor_inquiry.disqualifying_event_found is False
    assert ("Brightwater Securities, LLC", (CoveredRole.PLACEMENT_AGENT,)) in [
        (p.name, p.roles) for p in d.issuer.covered_persons]
    assert offering.form_d.filed_date == date(2025, 10, 20)
    assert offering.form_d.accession_number == "0001781640-25-000019"
    assert [n.state for n in offering.state_notices] == ["WA", "CA", "OR", "TX"]
    assert [(o.registered, o.general_solicitation) for o in offering.other_offerings] == [
        (False, False), (True, False)]
    assert offering.other_offerings[0].end_date == date(2025, 5, 23)
    assert offering.use_of_proceeds.startswith("completion of the Company's second-generation")
    assert offering.gross_proceeds == sum(invested.values()) == Decimal("1800000")


def test_non_accredited_sophisticated_purchasers_under_506b():
    d = deal("nonaccredited-506b")
    assert Exemption.RULE_506B in d.offering.exemptions
    assert d.offering.general_solicitation is False
    non_accredited = [i for i in d.investors if not i.accredited]
    assert [i.name for i in non_accredited] == ["Lucinda Ortiz", "Michael T. Adeyemi"]
    assert all(i.sophisticated is True for i in non_accredited)
    assert [i.purchaser_representative for i in non_accredited] == [None, "Carla Whitfield, CPA"]
    assert all(i.accredited_basis is None for i in non_accredited)
    assert d.offering.information_delivered_date == date(2020, 2, 3)
    assert d.offering.information_delivered_date < d.offering.first_sale_date == date(2020, 2, 14)
    assert d.offering.restricted_legend is True
    assert d.agreement.title == "Subscription Agreement"
