"""Form D XML (form-d/primary_doc.xml): the seed's golden file, its shape against real filings,
its values read back against the deal, a D/A, no Form D when none is due or an input is missing,
hostile names, and the schema's new section."""

from __future__ import annotations

import dataclasses
import os
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from dealdocs import read_deal, rules
from dealdocs.calendar import default_calendar
from dealdocs.facts import FORM_D_PATH, derive
from dealdocs.load import load_bytes
from dealdocs.model import Exemption, FormDFilings
from dealdocs.render.form_d import element_paths, form_d_files, form_d_xml
from dealdocs.rules.form_d import xml as xml_rule
from dealdocs.validate import schema_problems

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
DEALS = ROOT / "tests" / "data" / "deals"
DATA = ROOT / "tests" / "data" / "form_d"
GOLDEN = ROOT / "tests" / "data" / "golden" / "ascent-solar-2019-01-11-form-d.xml"

# Paths every Form D must carry: each is in all three samples, and dealdocs always writes it.
CORE = {
    "/schemaVersion", "/submissionType", "/testOrLive", "/primaryIssuer/cik",
    "/primaryIssuer/entityName", "/primaryIssuer/issuerAddress/street1",
    "/primaryIssuer/issuerAddress/city", "/primaryIssuer/issuerAddress/stateOrCountry",
    "/primaryIssuer/issuerAddress/zipCode", "/primaryIssuer/issuerPhoneNumber",
    "/primaryIssuer/jurisdictionOfInc", "/primaryIssuer/entityType", "/primaryIssuer/yearOfInc",
    "/relatedPersonsList/relatedPersonInfo/relatedPersonName/firstName",
    "/relatedPersonsList/relatedPersonInfo/relatedPersonName/lastName",
    "/relatedPersonsList/relatedPersonInfo/relatedPersonRelationshipList/relationship",
    "/offeringData/industryGroup/industryGroupType", "/offeringData/issuerSize/revenueRange",
    "/offeringData/federalExemptionsExclusions/item",
    "/offeringData/typeOfFiling/newOrAmendment/isAmendment",
    "/offeringData/typeOfFiling/dateOfFirstSale/value",
    "/offeringData/durationOfOffering/moreThanOneYear",
    "/offeringData/typesOfSecuritiesOffered",
    "/offeringData/businessCombinationTransaction/isBusinessCombinationTransaction",
    "/offeringData/minimumInvestmentAccepted", "/offeringData/salesCompensationList",
    "/offeringData/offeringSalesAmounts/totalOfferingAmount",
    "/offeringData/offeringSalesAmounts/totalAmountSold",
    "/offeringData/offeringSalesAmounts/totalRemaining",
    "/offeringData/investors/hasNonAccreditedInvestors",
    "/offeringData/investors/totalNumberAlreadyInvested",
    "/offeringData/salesCommissionsFindersFees/salesCommissions/dollarAmount",
    "/offeringData/salesCommissionsFindersFees/findersFees/dollarAmount",
    "/offeringData/useOfProceeds/grossProceedsUsed/dollarAmount",
    "/offeringData/signatureBlock/signature/issuerName",
    "/offeringData/signatureBlock/signature/nameOfSigner",
    "/offeringData/signatureBlock/signature/signatureTitle",
    "/offeringData/signatureBlock/signature/signatureDate",
}

PLACEMENT_SECTION = """
form_d:
  year_of_incorporation: 2021
  industry_group: Other Technology
  revenue_range: 1m_to_5m
  related_persons:
    - first_name: Hanna
      last_name: Lindgren
      address: {line1: 1120 NW Couch Street, line2: Suite 600, city: Portland, state: OR,
                postal_code: "97209"}
      relationships: [executive_officer, director]
      clarification: Chief Executive Officer
    - first_name: Owen
      last_name: Castellano
      address: {line1: 1120 NW Couch Street, line2: Suite 600, city: Portland, state: OR,
                postal_code: "97209"}
      relationships: [executive_officer]
    - first_name: Beatrice
      last_name: Nakamura
      address: {line1: 1120 NW Couch Street, line2: Suite 600, city: Portland, state: OR,
                postal_code: "97209"}
      relationships: [director]
  business_combination: false
  proceeds_to_related_persons: "10000"
  proceeds_to_related_persons_estimate: true
  sales_compensation:
    - agent: Brightwater Securities, LLC
      address: {line1: 200 Park Avenue, city: New York, state: NY, postal_code: "10166"}
      states_of_solicitation: [NY, TX]
      foreign_solicitation: false
  signer: {name: Owen Castellano, title: Chief Financial Officer}
  signature_date: "2025-10-20"
"""


def _paths(name: str) -> set[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _deal_with(tmp_path: Path, base: Path | str, section: str):
    """`base` (a deal file, or the text of one named like the seed) with a form_d section
    appended, as a file named like `base` (the deal's name). The example deal's "Dr. Hanna
    Lindgren" loses her title: Form D has no field for it."""
    path = tmp_path / (base.name if isinstance(base, Path) else SEED.name)
    text = base.read_text(encoding="utf-8") if isinstance(base, Path) else base
    path.write_text(text.replace("Dr. Hanna Lindgren", "Hanna Lindgren") + section,
                    encoding="utf-8")
    return read_deal(path)


def _seed_without_form_d() -> str:
    """The seed's text without its form_d section and the placeholders within it."""
    text = SEED.read_text(encoding="utf-8")
    start, end = text.index("# Form D. Ascent Solar"), text.index("\nplaceholders:\n") + 1
    lines = (text[:start] + text[end:]).splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("  - form_d."))


@pytest.fixture
def seed_with_form_d():
    return read_deal(SEED)


def _xml(deal) -> bytes:
    return form_d_files(deal, derive(deal, default_calendar()))[FORM_D_PATH]


def _findings(deal, rule_id="form_d.xml"):
    facts = derive(deal, default_calendar())
    return [p for p in rules.evaluate(deal, facts) if p.id == rule_id]


def _text(root: ET.Element, path: str) -> str:
    return root.findtext(path.lstrip("/"))


# --- the seed ----------------------------------------------------------------------------------


def test_seed_form_d_matches_the_golden_file(seed_with_form_d):
    xml = _xml(seed_with_form_d)
    if os.environ.get("DEALDOCS_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(xml)
    assert xml == GOLDEN.read_bytes()


def test_rendering_twice_gives_the_same_bytes(seed_with_form_d):
    facts = derive(seed_with_form_d, default_calendar())
    assert form_d_xml(seed_with_form_d, facts) == form_d_xml(seed_with_form_d, facts)


def test_a_deal_without_the_form_d_inputs_gets_no_form_d(tmp_path):
    deal = _deal_with(tmp_path, _seed_without_form_d(), "")
    assert form_d_files(deal, derive(deal, default_calendar())) == {}
    [finding] = _findings(deal)
    assert finding.message.startswith("Form D cannot be written: form_d missing")
    assert finding.status.value == "needs input" or finding.severity.value == "warning"


def test_each_missing_input_is_named_where_it_belongs(tmp_path):
    section = "\nform_d:\n  year_of_incorporation: 2005\n  industry_group: Other Energy\n"
    deal = _deal_with(tmp_path, _seed_without_form_d(), section)
    assert form_d_files(deal, derive(deal, default_calendar())) == {}
    fields = {finding.field for finding in _findings(deal)}
    assert {"form_d.revenue_range", "form_d.related_persons", "form_d.signer",
            "form_d.signature_date", "form_d.business_combination",
            "form_d.proceeds_to_related_persons"} <= fields
    assert "form_d.industry_group" not in fields


def test_a_written_form_d_is_reported(seed_with_form_d):
    [finding] = _findings(seed_with_form_d)
    assert finding.message == ("Form D is written as a new Form D notice, to "
                               "form-d/primary_doc.xml")


# --- the shape, against real filings ------------------------------------------------------------


def _shapes_written(tmp_path) -> list[bytes]:
    seed = read_deal(SEED)
    agent = _deal_with(tmp_path, DEALS / "placement-agent-506c.yaml", PLACEMENT_SECTION)
    non_accredited = dataclasses.replace(seed, investors=tuple(
        dataclasses.replace(investor, accredited=False) for investor in seed.investors))
    return [_xml(seed), _xml(agent), _xml(non_accredited)]


def test_every_path_written_occurs_in_real_filings(tmp_path):
    known = _paths("sample-paths.txt") | _paths("attested-paths.txt")
    for xml in _shapes_written(tmp_path):
        assert set(element_paths(xml)) - known == set()


def test_the_core_paths_are_written(tmp_path):
    for xml in _shapes_written(tmp_path):
        assert CORE - set(element_paths(xml)) == set()
    assert CORE <= _paths("sample-paths.txt")


def _child_order(root: ET.Element) -> dict[str, list[str]]:
    """For each parent path, its child tags in the order they first appear."""
    order: dict[str, list[str]] = {}

    def walk(element: ET.Element, path: str) -> None:
        for child in element:
            tags = order.setdefault(path, [])
            if child.tag not in tags:
                tags.append(child.tag)
            walk(child, f"{path}/{child.tag}")

    walk(root, "")
    return order


def test_siblings_come_in_the_order_real_filings_give_them(tmp_path):
    samples = [_child_order(ET.fromstring(path.read_bytes().lstrip()))
               for path in sorted((DATA / "samples").glob("*.xml"))]
    for xml in _shapes_written(tmp_path):
        for parent, tags in _child_order(ET.fromstring(xml)).items():
            for sample in samples:
                common = [tag for tag in sample.get(parent, []) if tag in tags]
                assert [tag for tag in tags if tag in common] == common, parent


def test_the_vendored_path_list_is_the_samples_paths():
    found = set()
    for path in (DATA / "samples").glob("*.xml"):
        found |= set(element_paths(path.read_bytes().lstrip()))
    assert found == _paths("sample-paths.txt")


# --- values read back ----------------------------------------------------------------------------


def test_values_read_back_equal_the_deal(seed_with_form_d):
    deal = seed_with_form_d
    root = ET.fromstring(_xml(deal))
    assert _text(root, "submissionType") == "D"
    assert _text(root, "primaryIssuer/entityName") == deal.issuer.name
    assert _text(root, "primaryIssuer/cik") == deal.issuer.cik
    assert [e.text for e in root.iterfind("offeringData/federalExemptionsExclusions/item")] \
        == ["06b"]
    assert _text(root, "offeringData/typeOfFiling/dateOfFirstSale/value") == "2019-01-11"
    assert Decimal(_text(root, "offeringData/offeringSalesAmounts/totalAmountSold")) \
        == sum(note.purchase_price for note in deal.notes) == Decimal(330000)
    assert _text(root, "offeringData/offeringSalesAmounts/totalOfferingAmount") == "330000"
    assert _text(root, "offeringData/offeringSalesAmounts/totalRemaining") == "0"
    assert _text(root, "offeringData/investors/totalNumberAlreadyInvested") \
        == str(len(deal.investors))
    assert _text(root, "offeringData/investors/hasNonAccreditedInvestors") == "false"
    assert _text(root, "offeringData/signatureBlock/signature/signatureDate") == "2019-01-25"
    assert _text(root, "offeringData/signatureBlock/signature/nameOfSigner") == "Victor Lee"
    assert _text(root, "primaryIssuer/yearOfInc/overFiveYears") == "true"  # 2005 for 2019
    types = [e.tag for e in root.find("offeringData/typesOfSecuritiesOffered")]
    assert types == ["isDebtType", "isOptionToAcquireType", "isSecurityToBeAcquiredType"]


def test_a_placement_agent_is_a_sales_compensation_recipient(tmp_path):
    deal = _deal_with(tmp_path, DEALS / "placement-agent-506c.yaml", PLACEMENT_SECTION)
    root = ET.fromstring(_xml(deal))
    recipient = root.find("offeringData/salesCompensationList/recipient")
    assert recipient.findtext("recipientName") == "Brightwater Securities, LLC"
    assert recipient.findtext("recipientCRDNumber") == "287154"
    assert recipient.findtext("associatedBDName") == "None"
    assert [e.text for e in recipient.find("statesOfSolicitationList")] \
        == ["NY", "NEW YORK", "TX", "TEXAS"]
    fees = root.find("offeringData/salesCommissionsFindersFees")
    assert fees.findtext("salesCommissions/dollarAmount") == "126000"  # 7% of $1,800,000
    assert fees.findtext("findersFees/dollarAmount") == "0"
    assert _text(root, "offeringData/federalExemptionsExclusions/item") == "06c"
    assert _text(root, "primaryIssuer/yearOfInc/withinFiveYears") == "true"  # 2021 for 2025
    assert _text(root, "primaryIssuer/yearOfInc/value") == "2021"
    assert _text(root, "offeringData/useOfProceeds/grossProceedsUsed/isEstimate") == "true"
    persons = root.findall("relatedPersonsList/relatedPersonInfo")
    assert [[e.text for e in person.find("relatedPersonName")] for person in persons] \
        == [["Hanna", "Lindgren"], ["Owen", "Castellano"], ["Beatrice", "Nakamura"]]
    assert [e.text for e in persons[0].find("relatedPersonRelationshipList")] \
        == ["Executive Officer", "Director"]


def test_a_placement_agent_without_its_item_12_facts_stops_the_form_d(tmp_path):
    section = PLACEMENT_SECTION.split("  sales_compensation:")[0] + \
        "  signer: {name: Owen Castellano, title: Chief Financial Officer}\n"
    deal = _deal_with(tmp_path, DEALS / "placement-agent-506c.yaml", section)
    assert form_d_files(deal, derive(deal, default_calendar())) == {}
    assert any("Brightwater Securities, LLC's address" in f.message for f in _findings(deal))


def test_a_year_exactly_five_years_back_is_left_to_the_user(tmp_path):
    deal = _deal_with(tmp_path, SEED.read_text(encoding="utf-8").replace(
        "year_of_incorporation: 2005", "year_of_incorporation: 2014"), "")
    assert form_d_files(deal, derive(deal, default_calendar())) == {}
    assert any("exactly five years" in f.message for f in _findings(deal))


# --- D/A ------------------------------------------------------------------------------------------


def test_with_a_form_d_on_file_the_next_is_a_d_a(seed_with_form_d):
    filed = FormDFilings(filed_date=seed_with_form_d.offering.first_sale_date,
                         accession_number="0001350102-19-000003", offering_ongoing=False)
    deal = dataclasses.replace(seed_with_form_d, offering=dataclasses.replace(
        seed_with_form_d.offering, form_d=filed))
    root = ET.fromstring(_xml(deal))
    assert _text(root, "submissionType") == "D/A"
    assert _text(root, "offeringData/typeOfFiling/newOrAmendment/isAmendment") == "true"
    assert _text(root, "offeringData/typeOfFiling/newOrAmendment/previousAccessionNumber") \
        == "0001350102-19-000003"


def test_a_d_a_without_the_accession_number_is_not_written(seed_with_form_d):
    filed = FormDFilings(filed_date=seed_with_form_d.offering.first_sale_date)
    deal = dataclasses.replace(seed_with_form_d, offering=dataclasses.replace(
        seed_with_form_d.offering, form_d=filed))
    assert form_d_files(deal, derive(deal, default_calendar())) == {}
    assert [f.field for f in _findings(deal)] == ["offering.form_d.accession_number"]


# --- no Form D due ------------------------------------------------------------------------------


@pytest.mark.parametrize("exemptions", [(Exemption.SECTION_3A9,), (Exemption.SECTION_4A2,),
                                        (Exemption.REGULATION_S,)])
def test_no_form_d_when_none_is_due(seed_with_form_d, exemptions):
    deal = dataclasses.replace(seed_with_form_d, offering=dataclasses.replace(
        seed_with_form_d.offering, exemptions=exemptions))
    facts = derive(deal, default_calendar())
    assert facts.form_d is None
    assert form_d_files(deal, facts) == {}
    assert {outcome.status.value for outcome in xml_rule(deal, facts)} == {"not applicable"}


def test_rule_504_is_not_written_with_an_unverified_code(seed_with_form_d):
    deal = dataclasses.replace(seed_with_form_d, offering=dataclasses.replace(
        seed_with_form_d.offering, exemptions=(Exemption.RULE_504,)))
    assert form_d_files(deal, derive(deal, default_calendar())) == {}


# --- hostile names ------------------------------------------------------------------------------


HOSTILE = "A<B> & \"C\" 'D' ]]> &amp; \u00e9t\u00e9 \u2013"


def test_hostile_names_stay_data(seed_with_form_d):
    issuer = dataclasses.replace(seed_with_form_d.issuer, name=HOSTILE)
    signer = dataclasses.replace(seed_with_form_d.form_d.signer, title=HOSTILE)
    deal = dataclasses.replace(seed_with_form_d, issuer=issuer, form_d=dataclasses.replace(
        seed_with_form_d.form_d, signer=signer))
    xml = _xml(deal)
    xml.decode("ascii")  # anything else is a character reference
    root = ET.fromstring(xml)
    assert _text(root, "primaryIssuer/entityName") == HOSTILE
    assert _text(root, "offeringData/signatureBlock/signature/issuerName") == HOSTILE
    assert _text(root, "offeringData/signatureBlock/signature/signatureTitle") == HOSTILE
    assert len(root.findall("primaryIssuer")) == 1  # no element smuggled in


# --- the schema's form_d section ------------------------------------------------------------------


@pytest.mark.parametrize(("change", "field"), [
    (("industry_group: Other Energy", "industry_group: Solar"), "form_d.industry_group"),
    (("revenue_range: decline_to_disclose", "revenue_range: $1 - $1,000,000"),
     "form_d.revenue_range"),
    (("relationships: [executive_officer]", "relationships: [officer]"),
     "form_d.related_persons[0].relationships[0]"),
    (("year_of_incorporation: 2005", "year_of_incorporation: \"2005\""),
     "form_d.year_of_incorporation"),
    (("year_of_incorporation: 2005", "year_of_incorporation: 20050"),
     "form_d.year_of_incorporation"),
    (("signature_date: \"2019-01-25\"", "signature_date: \"2019-02-30\""),
     "form_d.signature_date"),
    (("business_combination: false", "business_combination: false\n  ccc: \"x1y2z3!\""),
     "form_d.ccc"),
    (("business_combination: false", "business_combination: false\n  password: hunter2"),
     "form_d.password"),
    (("      relationships: [executive_officer]\n", ""),
     "form_d.related_persons[0].relationships"),
])
def test_schema_refuses(change, field):
    seed = SEED.read_text(encoding="utf-8")
    old, new = change
    assert seed.count(old) == 1
    text = seed.replace(old, new)
    problems = schema_problems(load_bytes(text.encode(), "deal.yaml"))
    assert problems, change
    assert any(problem.field == field for problem in problems), \
        [(problem.field, problem.message) for problem in problems]


# --- an independent parser ------------------------------------------------------------------------


def test_edgartools_reads_back_the_same_values(seed_with_form_d):
    """Optional: edgartools' Form D parser (pip install edgartools) reads our XML."""
    formd = pytest.importorskip("edgar.offerings.formd")
    form = formd.FormD.from_xml(_xml(seed_with_form_d).decode())
    assert form.submission_type == "D"
    assert form.primary_issuer.entity_name == "Ascent Solar Technologies, Inc."
    assert form.primary_issuer.cik == "0001350102"
    offering = form.offering_data
    assert offering.federal_exemptions == ["06b"]
    assert offering.date_of_first_sale == "2019-01-11"
    assert offering.offering_sales_amounts.total_amount_sold == "330000"
    assert offering.offering_sales_amounts.total_offering_amount == "330000"
    assert offering.investors.total_already_invested == "1"
    assert offering.investors.has_non_accredited_investors is False
    assert form.signature_block.signatures[0].date == "2019-01-25"


# --- the build ----------------------------------------------------------------------------------


def test_build_writes_the_form_d_and_lists_it_in_the_manifest(tmp_path, capsys):
    import hashlib
    import json

    from dealdocs.cli import main

    deal = SEED
    assert main(["build", str(deal), "-o", str(tmp_path / "out"), "--format", "docx"]) == 0
    folder = tmp_path / "out" / "ascent-solar-2019-01-11"
    written = (folder / "form-d" / "primary_doc.xml").read_bytes()
    assert written == GOLDEN.read_bytes()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["form-d/primary_doc.xml"] == hashlib.sha256(written).hexdigest()
    assert "wrote 11 files" in capsys.readouterr().out


def test_build_of_a_deal_without_the_inputs_writes_no_form_d(tmp_path):
    from dealdocs.cli import main

    deal = tmp_path / SEED.name
    deal.write_text(_seed_without_form_d(), encoding="utf-8")
    assert main(["build", str(deal), "-o", str(tmp_path), "--format", "docx"]) == 0
    assert not (tmp_path / "ascent-solar-2019-01-11" / "form-d").exists()


def test_a_covered_officer_missing_from_the_related_persons_stops_the_form_d(tmp_path):
    section = PLACEMENT_SECTION.replace('''    - first_name: Beatrice
      last_name: Nakamura
      address: {line1: 1120 NW Couch Street, line2: Suite 600, city: Portland, state: OR,
                postal_code: "97209"}
      relationships: [director]
''', "")
    deal = _deal_with(tmp_path, DEALS / "placement-agent-506c.yaml", section)
    assert form_d_files(deal, derive(deal, default_calendar())) == {}
    [finding] = _findings(deal)
    assert finding.field == "form_d.related_persons"
    assert "Beatrice Nakamura as director: issuer.covered_persons[2] says so" in finding.message


def test_check_outputs_reports_a_form_d_tampered_with_or_left_over(tmp_path):
    from dealdocs.cli import check_file, main

    deal = tmp_path / SEED.name
    deal.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(deal), "-o", str(out), "--format", "docx"]) == 0
    written = out / "ascent-solar-2019-01-11" / FORM_D_PATH
    written.write_bytes(written.read_bytes().replace(b"0001350102", b"0001350103"))
    report = check_file(deal, pdf=False, outputs=out)
    assert any(str(written) in problem.message and "not what a build writes now"
               in problem.message for problem in report.problems)
    deal.write_text(_seed_without_form_d(), encoding="utf-8")  # no form_d any more
    report = check_file(deal, pdf=False, outputs=out)
    assert any("is not an output of" in problem.message and str(written) in problem.message
               for problem in report.problems)


@pytest.mark.parametrize(("old", "new"), [
    ("      states_of_solicitation: [NY, TX]\n", ""),
    ("      states_of_solicitation: [NY, TX]\n",
     "      states_of_solicitation: [NY, TX]\n      all_states: true\n"),
])
def test_item_12_needs_the_states_or_all_states_one_of_the_two(tmp_path, old, new):
    deal = _deal_with(tmp_path, DEALS / "placement-agent-506c.yaml",
                      PLACEMENT_SECTION.replace(old, new))
    assert form_d_files(deal, derive(deal, default_calendar())) == {}
    [finding] = _findings(deal)
    assert finding.field == "form_d.sales_compensation[0]"


def test_all_states_is_written_as_edgar_writes_it(tmp_path):
    deal = _deal_with(tmp_path, DEALS / "placement-agent-506c.yaml", PLACEMENT_SECTION.replace(
        "      states_of_solicitation: [NY, TX]\n", "      all_states: true\n"))
    root = ET.fromstring(_xml(deal))
    states = root.find("offeringData/salesCompensationList/recipient/statesOfSolicitationList")
    assert [(e.tag, e.text) for e in states] == [("value", "All States")]
