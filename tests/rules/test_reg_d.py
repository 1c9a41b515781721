"""Regulation D rules: Rule 506(b), Rule 506(c), accredited status, bad actors, integration."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from dealcase import change, deal, one, run, severities, statuses

from dealdocs.model import (BadActorInquiry, Exemption, Investor, InvestorKind, OtherOffering,
                            PlacementAgent, Verification, VerificationMethod)
from dealdocs.problems import Severity, Status

C = "placement-agent-506c"  # Rule 506(c), four verified investors, covered persons, other offerings
B = "nonaccredited-506b"  # Rule 506(b) with two sophisticated purchasers who are not accredited


def with_purchasers(base, count: int, **fields):
    extra = tuple(Investor(name=f"Purchaser {n}", kind=InvestorKind.INDIVIDUAL, accredited=False,
                           **fields) for n in range(count))
    return change(base, "investors", base.investors + extra)


# --- reg_d.506b-general-solicitation ---------------------------------------------------------


def test_no_general_solicitation_under_506b():
    finding = one(deal(), "reg_d.506b-general-solicitation")
    assert finding.status is Status.SATISFIED
    assert finding.field == "offering.general_solicitation"
    assert finding.unverified


def test_general_solicitation_under_506b_is_an_error():
    finding = one(change(deal(), "offering.general_solicitation", True),
                  "reg_d.506b-general-solicitation")
    assert finding.severity is Severity.ERROR
    assert "Rule 506(b) forbids" in finding.message


def test_general_solicitation_does_not_concern_506c():
    assert one(deal(C), "reg_d.506b-general-solicitation").status is Status.NOT_APPLICABLE


# --- reg_d.506b-purchasers and sophistication ------------------------------------------------


def test_35_purchasers_who_are_not_accredited_are_allowed():
    finding = one(with_purchasers(deal(), 35, sophisticated=True), "reg_d.506b-purchasers")
    assert finding.status is Status.SATISFIED
    assert finding.message.startswith("35 of 36 purchasers are not accredited")


def test_36_purchasers_who_are_not_accredited_are_an_error():
    finding = one(with_purchasers(deal(), 36, sophisticated=True), "reg_d.506b-purchasers")
    assert finding.severity is Severity.ERROR
    assert "36 purchasers are not accredited" in finding.message
    assert "Rule 501(e)" in finding.message


def test_purchasers_who_are_not_accredited_are_sophisticated():
    finding = one(deal(B), "reg_d.506b-sophistication")
    assert finding.status is Status.SATISFIED
    assert "Michael T. Adeyemi (with Carla Whitfield, CPA as purchaser representative)" in \
        finding.message


def test_a_purchaser_neither_accredited_nor_sophisticated_is_an_error():
    changed = change(deal(B), "investors[2].sophisticated", False)
    finding = one(changed, "reg_d.506b-sophistication")
    assert finding.severity is Severity.ERROR
    assert finding.field == "investors[2].sophisticated"
    assert "Lucinda Ortiz" in finding.message


def test_sophistication_does_not_apply_when_all_are_accredited():
    assert one(deal(), "reg_d.506b-sophistication").status is Status.NOT_APPLICABLE


# --- reg_d.502b-information ------------------------------------------------------------------


def test_information_delivered_before_the_sale():
    finding = one(deal(B), "reg_d.502b-information")
    assert finding.status is Status.SATISFIED
    assert "Monday, February 3, 2020" in finding.message


@pytest.mark.parametrize("delivered, severity", [(None, Severity.WARNING),
                                                 (date(2020, 2, 14), Severity.WARNING),
                                                 (date(2020, 2, 18), Severity.ERROR)])
def test_information_missing_or_late(delivered, severity):
    changed = change(deal(B), "offering.information_delivered_date", delivered)
    assert one(changed, "reg_d.502b-information").severity is severity


def test_information_not_needed_when_all_are_accredited():
    assert one(deal(), "reg_d.502b-information").status is Status.NOT_APPLICABLE


# --- reg_d.506c-accredited and verification --------------------------------------------------


def test_506c_purchasers_are_all_accredited():
    assert one(deal(C), "reg_d.506c-accredited").status is Status.SATISFIED


def test_a_506c_purchaser_who_is_not_accredited_is_an_error():
    changed = change(change(deal(C), "investors[0].accredited", False),
                     "investors[0].sophisticated", True)
    finding = one(changed, "reg_d.506c-accredited")
    assert finding.severity is Severity.ERROR
    assert finding.field == "investors[0].accredited"


def test_506c_verification_of_the_example_deal():
    found = run(deal(C), "reg_d.506c-verification")
    satisfied = [p for p in found if p.status is Status.SATISFIED]
    assert len(satisfied) == 1
    assert "Marguerite D. Holloway: IRS forms" in satisfied[0].message
    assert "Sundial Ridge Capital LLC: a written confirmation" in satisfied[0].message
    # The two on the minimum-investment route are open: the offering's stated minimum is
    # $100,000, below the $200,000 and $1,000,000 the letter relies on.
    open_points = [p for p in found if p.status is Status.NEEDS_INPUT]
    assert [p.field for p in open_points] == ["offering.minimum_investment"] * 2
    assert "Kenji Watanabe" in open_points[0].message
    assert "Fernhill Holdings, Inc." in open_points[1].message


def test_506c_verification_without_the_offering_minimum_is_clean():
    found = run(change(deal(C), "offering.minimum_investment", None), "reg_d.506c-verification")
    assert statuses(found) == {Status.SATISFIED}


def test_no_verification_recorded():
    finding = run(change(deal(C), "investors[0].verification", None), "reg_d.506c-verification")
    assert any(p.status is Status.NEEDS_INPUT and p.field == "investors[0].verification"
               for p in finding)


@pytest.mark.parametrize("dated, ok", [(date(2025, 7, 10), True),  # three months to the day
                                       (date(2025, 7, 9), False),  # three months and a day
                                       (date(2025, 10, 11), False)])  # after the sale
def test_a_third_party_confirmation_is_dated_within_3_months_before_the_sale(dated, ok):
    changed = change(deal(C), "investors[1].verification.date", dated)
    changed = change(changed, "offering.minimum_investment", None)
    found = run(changed, "reg_d.506c-verification")
    assert (statuses(found) == {Status.SATISFIED}) is ok


@pytest.mark.parametrize("dated, ok", [(date(2020, 10, 10), True), (date(2020, 10, 9), False)])
def test_a_prior_verification_lasts_5_years(dated, ok):
    record = Verification(method=VerificationMethod.PRIOR_VERIFICATION, date=dated)
    changed = change(change(deal(C), "investors[0].verification", record),
                     "offering.minimum_investment", None)
    assert (statuses(run(changed, "reg_d.506c-verification")) == {Status.SATISFIED}) is ok


def test_the_minimum_investment_route_below_the_minimum():
    changed = change(deal(C), "notes[2].purchase_price", Decimal(150_000))
    changed = change(changed, "offering.minimum_investment", None)
    found = run(changed, "reg_d.506c-verification")
    assert any("Kenji Watanabe invests $150,000, below the $200,000 minimum" in p.message
               for p in found)


def test_the_minimum_investment_route_needs_written_representations():
    changed = change(change(deal(C), "investors[2].verification.written_representations", None),
                     "offering.minimum_investment", None)
    found = run(changed, "reg_d.506c-verification")
    assert [p.field for p in found if p.status is Status.NEEDS_INPUT] == [
        "investors[2].verification.written_representations"]


@pytest.mark.parametrize("index, basis", [(3, "501(a)(1)"),  # an institution
                                         (2, "501(a)(10)"),  # a natural person with a license
                                         (2, None)])
def test_the_minimum_investment_route_covers_only_some_bases(index, basis):
    changed = change(change(deal(C), f"investors[{index}].accredited_basis", basis),
                     "offering.minimum_investment", None)
    found = run(changed, "reg_d.506c-verification")
    assert [p.field for p in found if p.status is Status.NEEDS_INPUT] == [
        f"investors[{index}].accredited_basis"]


def test_the_minimum_investment_route_before_the_staff_letter():
    changed = change(deal(C), "offering.first_sale_date", date(2025, 3, 1))
    changed = change(change(changed, "agreement.date", date(2025, 3, 1)),
                     "offering.minimum_investment", None)
    changed = change(change(changed, "investors[2].verification.date", date(2025, 2, 20)),
                     "investors[3].verification.date", date(2025, 2, 20))
    for index in range(4):
        changed = change(changed, f"notes[{index}].issue_date", date(2025, 3, 1))
    found = run(changed, "reg_d.506c-verification")
    assert any("before the staff's letter of Wednesday, March 12, 2025" in p.message
               for p in found)


def test_verification_does_not_concern_506b():
    assert one(deal(), "reg_d.506c-verification").status is Status.NOT_APPLICABLE


# --- reg_d.accredited-basis ------------------------------------------------------------------


def test_accredited_bases_that_fit():
    finding = one(deal(C), "reg_d.accredited-basis")
    assert finding.status is Status.SATISFIED
    assert "Kenji Watanabe: 501(a)(5), net worth over $1,000,000" in finding.message


def test_an_insider_qualifies_under_501a4():
    assert one(deal("demand-note"), "reg_d.accredited-basis").status is Status.NOT_APPLICABLE
    changed = change(deal("demand-note"), "offering.exemptions",
                     (Exemption.SECTION_4A2, Exemption.RULE_506B))
    assert one(changed, "reg_d.accredited-basis").status is Status.SATISFIED


def test_a_basis_that_does_not_fit_the_investor():
    changed = change(deal(C), "investors[0].accredited_basis", "501(a)(3)")  # an individual
    found = run(changed, "reg_d.accredited-basis")
    assert any(p.field == "investors[0].accredited_basis" and p.status is Status.NEEDS_INPUT
               and "a natural person" in p.message for p in found)
    not_insider = change(deal(C), "investors[0].accredited_basis", "501(a)(4)")
    assert any("501(a)(4)" in p.message and p.status is Status.NEEDS_INPUT
               for p in run(not_insider, "reg_d.accredited-basis"))


def test_a_missing_basis_is_asked_for():
    finding = one(deal(), "reg_d.accredited-basis")
    assert finding.status is Status.NEEDS_INPUT
    assert finding.field == "investors[0].accredited_basis"


# --- bad actors ------------------------------------------------------------------------------


def test_a_bad_actor_inquiry_before_the_sale():
    finding = one(deal(C), "reg_d.bad-actor")
    assert finding.status is Status.SATISFIED
    assert "Friday, October 3, 2025" in finding.message


def test_no_bad_actor_inquiry_recorded():
    assert one(deal(), "reg_d.bad-actor").status is Status.NEEDS_INPUT


def test_a_disqualifying_event_is_an_error():
    changed = change(deal(C), "offering.bad_actor_inquiry.disqualifying_event_found", True)
    assert one(changed, "reg_d.bad-actor").severity is Severity.ERROR


def test_an_inquiry_after_the_sale_needs_a_look():
    changed = change(deal(C), "offering.bad_actor_inquiry.completed_date", date(2025, 10, 14))
    assert one(changed, "reg_d.bad-actor").status is Status.NEEDS_INPUT


def test_no_bad_actor_rule_without_rule_506():
    assert one(deal("demand-note"), "reg_d.bad-actor").status is Status.NOT_APPLICABLE


def test_covered_persons_listed():
    assert one(deal(C), "reg_d.bad-actor-covered-persons").status is Status.SATISFIED
    assert one(deal(), "reg_d.bad-actor-covered-persons").status is Status.NEEDS_INPUT


def test_an_unlisted_placement_agent_or_20_percent_holder():
    agent = PlacementAgent(name="Other Securities LLC", registered_broker_dealer=True,
                           crd_number="12", cash_fee_percent=Decimal(5))
    changed = change(deal(C), "placement_agents", deal(C).placement_agents + (agent,))
    changed = change(changed, "investors[1].voting_power_percent", Decimal(20))
    found = run(changed, "reg_d.bad-actor-covered-persons")
    assert {p.field for p in found} == {"placement_agents[1].name",
                                        "investors[1].voting_power_percent"}
    below = change(deal(C), "investors[1].voting_power_percent", Decimal("19.99"))
    assert one(below, "reg_d.bad-actor-covered-persons").status is Status.SATISFIED


def test_pre_2013_events_disclosed_before_the_sale():
    inquiry = BadActorInquiry(completed_date=date(2025, 10, 3), disqualifying_event_found=False,
                              pre_2013_events=True,
                              pre_2013_events_disclosed_date=date(2025, 10, 6))
    changed = change(deal(C), "offering.bad_actor_inquiry", inquiry)
    assert one(changed, "reg_d.506e-disclosure").status is Status.SATISFIED
    late = change(changed, "offering.bad_actor_inquiry.pre_2013_events_disclosed_date",
                  date(2025, 10, 10))
    assert one(late, "reg_d.506e-disclosure").severity is Severity.ERROR
    missing = change(changed, "offering.bad_actor_inquiry.pre_2013_events_disclosed_date", None)
    assert one(missing, "reg_d.506e-disclosure").status is Status.NEEDS_INPUT
    assert one(deal(C), "reg_d.506e-disclosure").status is Status.NOT_APPLICABLE


# --- reg_d.integration -----------------------------------------------------------------------


def test_integration_of_the_example_offerings():
    found = run(deal(C), "reg_d.integration")
    assert [(p.field, p.status) for p in found] == [
        ("offering.other_offerings[0]", Status.SATISFIED),  # 140 days apart
        ("offering.other_offerings[1]", Status.NEEDS_INPUT)]  # concurrent Form S-8 grants
    assert "140 calendar days apart" in found[0].message


@pytest.mark.parametrize("ended, ok", [(date(2025, 9, 9), True),  # 31 days before
                                       (date(2025, 9, 10), False)])  # 30 days before
def test_the_30_day_safe_harbor(ended, ok):
    other = OtherOffering(description="an earlier private placement", start_date=date(2025, 8, 1),
                          end_date=ended, general_solicitation=True, registered=False)
    changed = change(deal(C), "offering.other_offerings", (other,))
    finding = one(changed, "reg_d.integration")
    assert (finding.status is Status.SATISFIED) is ok


def test_an_offering_with_general_solicitation_close_to_a_506b_offering():
    other = OtherOffering(description="a crowdfunding offering", start_date=date(2018, 12, 1),
                          general_solicitation=True, registered=False)
    changed = change(deal(B), "offering.other_offerings", (other,))
    changed = change(changed, "offering.first_sale_date", date(2022, 2, 14))
    finding = one(changed, "reg_d.integration")
    assert finding.status is Status.NEEDS_INPUT
    assert "not solicited through it" in finding.message


def test_integration_before_rule_152_took_effect():
    other = OtherOffering(description="an earlier private placement", start_date=date(2018, 6, 1),
                          end_date=date(2018, 6, 30), general_solicitation=False, registered=False)
    finding = one(change(deal(), "offering.other_offerings", (other,)), "reg_d.integration")
    assert finding.status is Status.NEEDS_INPUT
    assert "former Rule 502(a)" in finding.message


def test_no_other_offerings():
    assert one(deal(), "reg_d.integration").status is Status.NOT_APPLICABLE


def test_reg_d_findings_are_never_errors_for_the_examples():
    for name in ("seed", B, C):
        for rule_id in ("reg_d.506b-general-solicitation", "reg_d.506b-purchasers",
                        "reg_d.506c-accredited", "reg_d.bad-actor", "reg_d.506e-disclosure"):
            assert Severity.ERROR not in severities(run(deal(name), rule_id))
