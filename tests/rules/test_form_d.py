"""Form D rules: the due date, the annual amendment, the exemption, contents, signature, Item 11."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dealcase import change, deal, one, run

from dealdocs.model import BadActorInquiry, Exemption, FormDFilings, PlacementAgent
from dealdocs.problems import Severity, Status

B = "nonaccredited-506b"  # Form D filed February 26, 2020; offering continues
C = "placement-agent-506c"


# --- form_d.due ------------------------------------------------------------------------------


def test_form_d_due_for_the_seed():
    finding = one(deal(), "form_d.due")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.due == date(2019, 1, 28)
    assert finding.message == (
        "Form D is due Monday, January 28, 2019: 15 calendar days after the first sale on Friday, "
        "January 11, 2019 is Saturday, January 26, 2019, when the SEC is closed, so the due date "
        "is the next business day")
    assert finding.field == "offering.first_sale_date"


def test_form_d_due_names_a_holiday():
    # January 6, 2019 + 15 = Monday, January 21, 2019, Martin Luther King Jr. Day
    finding = one(change(deal(), "offering.first_sale_date", date(2019, 1, 6)), "form_d.due")
    assert finding.due == date(2019, 1, 22)
    assert "Monday, January 21, 2019 is Martin Luther King Jr. Day" in finding.message


def test_form_d_filed_on_time():
    finding = one(deal(B), "form_d.due")  # due Monday, March 2, 2020; filed February 26
    assert finding.status is Status.SATISFIED
    assert finding.severity is Severity.INFO
    assert "filed on Wednesday, February 26, 2020, on time" in finding.message


def test_form_d_filed_late_is_a_warning_not_an_error():
    finding = one(change(deal(B), "offering.form_d.filed_date", date(2020, 3, 3)), "form_d.due")
    assert finding.severity is Severity.WARNING
    assert "C&DI 257.08" in finding.message and "Rule 507" in finding.message


def test_no_form_d_without_regulation_d():
    assert one(deal("demand-note"), "form_d.due").status is Status.NOT_APPLICABLE


def test_section_4a5_alone_needs_a_look():
    changed = change(deal(), "offering.exemptions", (Exemption.SECTION_4A5,))
    assert one(changed, "form_d.due").status is Status.NEEDS_INPUT


# --- form_d.annual-amendment -----------------------------------------------------------------


def test_annual_amendment_while_the_offering_continues():
    finding = one(deal(B), "form_d.annual-amendment")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.due == date(2021, 2, 26)  # the anniversary, a Friday


def test_annual_amendment_before_a_weekend_anniversary():
    finding = one(deal("multi-investor-tranches"), "form_d.annual-amendment")
    assert finding.due == date(2026, 6, 26)  # the anniversary, June 27, 2026, is a Saturday
    assert "on or before" in finding.message


def test_no_annual_amendment_once_the_offering_ends_or_before_a_filing():
    assert one(deal(C), "form_d.annual-amendment").status is Status.NOT_APPLICABLE
    assert one(deal(), "form_d.annual-amendment").status is Status.NOT_APPLICABLE


def test_annual_amendment_when_it_is_unknown_whether_the_offering_continues():
    changed = change(deal(B), "offering.form_d.offering_ongoing", None)
    assert one(changed, "form_d.annual-amendment").status is Status.NEEDS_INPUT


def test_an_amendment_needs_the_accession_number():
    filings = FormDFilings(filed_date=date(2019, 1, 25), offering_ongoing=True)
    found = run(change(deal(), "offering.form_d", filings), "form_d.annual-amendment")
    assert [p.status for p in found] == [Status.ACTION_REQUIRED, Status.NEEDS_INPUT]
    assert found[0].due == date(2020, 1, 24)  # January 25, 2020 is a Saturday
    assert "accession number" in found[1].message


# --- form_d.exemption, contents, signature, minimum investment -------------------------------


def test_the_exemption_codes():
    assert "Rule 506(b), XML code 06b" in one(deal(), "form_d.exemption").message
    assert "Rule 506(c), XML code 06c" in one(deal(C), "form_d.exemption").message


def test_form_d_contents():
    finding = one(deal(C), "form_d.contents")
    assert finding.status is Status.SATISFIED
    assert "$1,800,000 offered, $1,800,000 sold, $0 remaining" in finding.message
    assert "sales commissions of $126,000" in finding.message  # 7% of $1,800,000
    assert "4 investors (4 accredited, 0 not)" in finding.message


def test_form_d_contents_need_the_related_persons():
    finding = one(deal(), "form_d.contents")
    assert finding.status is Status.NEEDS_INPUT
    assert "Item 3" in finding.message


def test_form_d_contents_need_a_broker_dealer_crd_number():
    agent = PlacementAgent(name="Brightwater Securities, LLC", registered_broker_dealer=True,
                           cash_fee_percent=Decimal(7))
    changed = change(deal(C), "placement_agents", (agent,))
    finding = one(changed, "form_d.contents")
    assert finding.field == "placement_agents[0]"
    assert "CRD" in finding.message


def test_form_d_signature():
    assert one(deal(C), "form_d.signature").status is Status.SATISFIED
    assert one(deal(), "form_d.signature").status is Status.NEEDS_INPUT
    inquiry = BadActorInquiry(completed_date=date(2019, 1, 2), disqualifying_event_found=True)
    changed = change(deal(), "offering.bad_actor_inquiry", inquiry)
    assert one(changed, "form_d.signature").severity is Severity.ERROR


def test_form_d_item_11():
    assert "report $100,000, or $0 if the Company may waive" in \
        one(deal(C), "form_d.minimum-investment").message
    assert "report $0" in one(deal(), "form_d.minimum-investment").message
    assert one(deal("demand-note"), "form_d.minimum-investment").status is Status.NOT_APPLICABLE
