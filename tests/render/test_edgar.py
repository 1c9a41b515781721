"""The EDGAR submission (out/<deal>/edgar/): the 8-K's Inline XBRL cover read back against the
deal, its words against the Word 8-K, the extension taxonomy, the manifest, Exhibit 104 by era,
and the faults dealdocs' own check must catch (a tampered CIK, a fiscal-year-end fact, a missing
registrant name, a malformed date, an undefined context)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from lxml import etree

from dealdocs.calendar import default_calendar
from dealdocs.consistency.filing import filing_problems, ix_facts
from dealdocs.facts import COVER_PRINTED
from dealdocs.pipeline import analyse
from dealdocs.render import TemplateProblem
from dealdocs.render.docx import docx_text
from dealdocs.render.edgar import edgar_files, submission_stem
from dealdocs.render.edgar_html import edgar_text
from dealdocs.render.package import render_documents

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
DEALS = sorted((ROOT / "tests" / "data" / "deals").glob("*.yaml"))
PRIMARY = "edgar/asti-20190111.htm"


def built(path: Path):
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    return analysis, documents, edgar_files(analysis.deal, analysis.facts, documents)


@pytest.fixture(scope="module")
def seed():
    return built(SEED)


def variant(tmp_path: Path, replacements: dict[str, str], source: Path = SEED) -> Path:
    text = source.read_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / source.name
    path.write_text(text)
    return path


# --- the seed ------------------------------------------------------------------------------------


def test_seed_submission_files(seed):
    _, _, files = seed
    assert sorted(files) == ["edgar/asti-20190111.htm", "edgar/asti-20190111.xsd",
                             "edgar/asti-20190111_lab.xml", "edgar/asti-20190111_pre.xml",
                             "edgar/ex10-1.htm", "edgar/submission.json"]


def test_seed_cover_facts_read_back_as_the_deal_states_them(seed):
    facts, problems = ix_facts(seed[2][PRIMARY])
    assert problems == []
    assert facts == {
        "AmendmentFlag": ["false"], "EntityCentralIndexKey": ["0001350102"],
        "Security12gTitle": ["Common Stock, $0.0001 par value"],
        "EntityIncorporationStateCountryCode": ["DE"], "DocumentType": ["8-K"],
        "DocumentPeriodEndDate": ["2019-01-11"],
        "EntityRegistrantName": ["ASCENT SOLAR TECHNOLOGIES, INC."],
        "EntityFileNumber": ["001-32919"], "EntityTaxIdentificationNumber": ["20-3672603"],
        "EntityAddressAddressLine1": ["12300 Grant Street"],
        "EntityAddressCityOrTown": ["Thornton"], "EntityAddressStateOrProvince": ["CO"],
        "EntityAddressPostalZipCode": ["80241"], "CityAreaCode": ["720"],
        "LocalPhoneNumber": ["872-5000"], "WrittenCommunications": ["false"],
        "SolicitingMaterial": ["false"], "PreCommencementTenderOffer": ["false"],
        "PreCommencementIssuerTenderOffer": ["false"], "EntityEmergingGrowthCompany": ["false"],
    }


def test_seed_primary_document_is_ascii_xhtml_with_the_8k_words(seed):
    analysis, documents, files = seed
    data = files[PRIMARY]
    data.decode("ascii")
    root = etree.fromstring(data)
    assert root.tag == "{http://www.w3.org/1999/xhtml}html"
    assert not root.findall(".//{*}script")
    eight_k = next(document for document in documents if document.kind == "8-K")
    words = " ".join(edgar_text(data).split())
    assert "Date of Report (Date of earliest event reported): January 11, 2019" in words
    assert " ".join(docx_text(eight_k.docx).split()).casefold() == words.casefold()


def test_seed_state_and_exchange_names_point_to_hidden_codes(seed):
    root = etree.fromstring(seed[2][PRIMARY])
    pointer = root.find(".//{http://www.w3.org/1999/xhtml}span[@style]")
    assert pointer.text == "Delaware"
    assert pointer.get("style") == "-sec-ix-hidden:h-EntityIncorporationStateCountryCode"
    hidden = root.find(".//{*}hidden")
    assert hidden.find("{*}nonNumeric[@id='h-EntityIncorporationStateCountryCode']").text == "DE"


def test_every_printed_cover_fact_has_a_word_style():
    from dealdocs import resources
    from docx import Document

    styles = {style.name for style in Document(str(resources.template("8-K"))).styles}
    assert {f"XBRL {element}" for element in COVER_PRINTED} <= styles


def test_no_fiscal_year_end_on_an_8k(seed):
    assert b"CurrentFiscalYearEndDate" not in seed[2][PRIMARY]


def test_submission_manifest_lists_each_file_with_type_and_digest(seed):
    files = seed[2]
    manifest = json.loads(files["edgar/submission.json"])
    assert manifest["form"] == "8-K" and manifest["cik"] == "0001350102"
    assert {entry["name"]: entry["type"] for entry in manifest["files"]} == {
        "asti-20190111.htm": "8-K", "asti-20190111.xsd": "EX-101.SCH",
        "asti-20190111_lab.xml": "EX-101.LAB", "asti-20190111_pre.xml": "EX-101.PRE",
        "ex10-1.htm": "EX-10.1"}
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256(files["edgar/" + entry["name"]]).hexdigest()


def test_extension_taxonomy_names_the_company_namespace_and_dei(seed):
    files = seed[2]
    schema = etree.fromstring(files["edgar/asti-20190111.xsd"])
    assert schema.get("targetNamespace") == "http://ascentsolar.com/20190111"
    imports = {element.get("namespace"): element.get("schemaLocation")
               for element in schema.iter("{http://www.w3.org/2001/XMLSchema}import")}
    assert imports["http://xbrl.sec.gov/dei/2025"] == \
        "https://xbrl.sec.gov/dei/2025/dei-2025.xsd"
    presentation = etree.fromstring(files["edgar/asti-20190111_pre.xml"])
    arcs = [arc.get("{http://www.w3.org/1999/xlink}to")
            for arc in presentation.iter("{*}presentationArc")]
    assert arcs[0] == "loc_AmendmentFlag" and "loc_EntityRegistrantName" in arcs
    labels = etree.fromstring(files["edgar/asti-20190111_lab.xml"])
    assert "Entity Registrant Name" in [label.text for label in labels.iter("{*}label")]


def test_exhibit_is_linked_from_item_9_01(seed):
    root = etree.fromstring(seed[2][PRIMARY])
    links = [(link.get("href"), "".join(link.itertext()))
             for link in root.iter("{http://www.w3.org/1999/xhtml}a")]
    assert links == [("ex10-1.htm", "Unsecured Promissory Note dated January 11, 2019")]


def test_two_builds_are_byte_identical(seed):
    assert built(SEED)[2] == seed[2]


# --- every example deal --------------------------------------------------------------------------


@pytest.mark.parametrize("path", DEALS, ids=lambda path: path.stem)
def test_example_deal_filing_states_its_cover(path):
    analysis, documents, files = built(path)
    assert filing_problems(analysis.deal, analysis.facts, files, documents, "out") == []
    tagged, _ = ix_facts(files[f"edgar/{submission_stem(analysis.deal)}.htm"])
    expected = {fact.element: [fact.value] for fact in analysis.facts.cover
                if fact.value is not None}
    assert {element: sorted(set(values)) for element, values in tagged.items()} == expected


# --- Exhibit 104 by era, and the rule R16 --------------------------------------------------------


def test_exhibit_104_is_listed_once_cover_tagging_began(tmp_path):
    path = variant(tmp_path, {'event_date: "2019-01-11"': 'event_date: "2021-07-01"',
                              'report_date: "2019-01-15"': 'report_date: "2021-07-02"'})
    _, documents, files = built(path)
    text = docx_text(next(d for d in documents if d.kind == "8-K").docx)
    assert "104 Cover Page Interactive Data File (embedded within the Inline XBRL document)" in \
        " ".join(text.split()).replace(" | ", " ")
    _, seed_documents, _ = built(SEED)
    assert "Interactive Data" not in docx_text(next(d for d in seed_documents
                                                    if d.kind == "8-K").docx)


def _cover_findings(path: Path):
    analysis = analyse(path, default_calendar())
    return [finding for finding in analysis.findings if finding.id == "form_8k.cover-facts"]


def test_rule_reports_each_cover_element_without_a_source(tmp_path):
    path = variant(tmp_path, {"jurisdiction: Delaware": "jurisdiction: Guam",
                              "  website: ascentsolar.com   # names the namespace of the cover "
                              "page's XBRL taxonomy\n": ""})
    findings = _cover_findings(path)
    assert [(finding.severity.value, finding.field) for finding in findings] == [
        ("warning", "issuer.jurisdiction"), ("warning", "issuer")]
    assert "dei:EntityIncorporationStateCountryCode" in findings[0].message
    assert "an EDGAR state code for Guam" in findings[0].message
    assert "issuer.website" in findings[1].message


def test_rule_reports_a_12b_class_without_exchange_or_symbol(tmp_path):
    path = variant(tmp_path, {"registered_under: section_12g": "registered_under: section_12b",
                              "    symbol: ASTI\n": ""})
    messages = " ".join(finding.message for finding in _cover_findings(path))
    assert "dei:TradingSymbol" in messages and "dei:SecurityExchangeName" in messages


def test_rule_is_satisfied_for_the_seed():
    findings = _cover_findings(SEED)
    assert [finding.status.value for finding in findings] == ["satisfied"]


def test_an_emerging_growth_company_tags_its_transition_election(tmp_path):
    path = variant(tmp_path, {"emerging_growth_company: false": "emerging_growth_company: true\n"
                              "  elected_not_to_use_extended_transition_period: true"})
    analysis, documents, files = built(path)
    tagged, _ = ix_facts(files[PRIMARY])
    assert tagged["EntityEmergingGrowthCompany"] == ["true"]
    assert tagged["EntityExTransitionPeriod"] == ["true"]
    assert filing_problems(analysis.deal, analysis.facts, files, documents, "out") == []


# --- what the check catches ----------------------------------------------------------------------


def _tampered(seed, edit) -> list[str]:
    analysis, documents, files = seed
    files = dict(files)
    files[PRIMARY] = edit(files[PRIMARY].decode("ascii")).encode("ascii")
    return [problem.message for problem in
            filing_problems(analysis.deal, analysis.facts, files, documents, "out")]


def test_check_names_a_tampered_cik(seed):
    messages = _tampered(seed, lambda html: html.replace(">0001350102<", ">0001350103<"))
    assert any('tags dei:EntityCentralIndexKey as "0001350103", but the deal file gives '
               '"0001350102"' in message for message in messages)
    assert any('names the entity "0001350103"' in message for message in messages)


def test_check_names_a_tampered_file_number(seed):
    messages = _tampered(seed, lambda html: html.replace(">001-32919<", ">001-32918<"))
    assert any('dei:EntityFileNumber as "001-32918"' in message for message in messages)


def test_check_refuses_a_fiscal_year_end_fact(seed):
    fact = ('<ix:nonNumeric name="dei:CurrentFiscalYearEndDate" contextRef="c-1" id="x">--12-31'
            '</ix:nonNumeric>')
    messages = _tampered(seed, lambda html: html.replace("<ix:hidden>", "<ix:hidden>" + fact))
    assert any("dei:CurrentFiscalYearEndDate" in message and "Item 5.03" in message
               for message in messages)


def test_check_reports_a_missing_registrant_name(seed):
    def untag(html: str) -> str:
        return re.sub(r'<ix:nonNumeric name="dei:EntityRegistrantName"[^>]*>(.*?)</ix:nonNumeric>',
                      r"\1", html)
    messages = _tampered(seed, untag)
    assert any("does not tag dei:EntityRegistrantName" in message for message in messages)


def test_check_reports_a_malformed_date(seed):
    messages = _tampered(seed, lambda html: html.replace(">January 11, 2019</ix:nonNumeric>",
                                                         ">January 32, 2019</ix:nonNumeric>"))
    assert any('dei:DocumentPeriodEndDate reads "January 32, 2019", which its transformation '
               "ixt:date-monthname-day-year-en cannot read: it is not a date written as January "
               "11, 2019" in message for message in messages)


def test_check_reports_an_undefined_context(seed):
    messages = _tampered(seed, lambda html: html.replace(
        'name="dei:DocumentType" contextRef="c-1"', 'name="dei:DocumentType" contextRef="c-9"'))
    assert any("dei:DocumentType in a context the document does not define" in message
               for message in messages)


def test_check_reports_changed_words(seed):
    messages = _tampered(seed, lambda html: html.replace("Thornton", "Denver", 1))
    assert any("does not say what its DOCX says" in message for message in messages)


def test_check_reports_an_unreadable_document(seed):
    messages = _tampered(seed, lambda html: html[:200])
    assert any("is not well-formed XHTML" in message for message in messages)


def test_a_house_template_without_the_cover_styles_is_refused(seed, tmp_path):
    """A house-style 8-K whose cover lost its character styles cannot be filed silently
    untagged."""
    import docx

    from dealdocs import resources

    document = docx.Document(str(resources.template("8-K")))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.style is not None and run.style.name == "XBRL EntityRegistrantName":
                run.style = document.styles["Default Paragraph Font"]
    folder = tmp_path / "house"
    folder.mkdir()
    for name in ("note", "checklist"):
        (folder / f"{name}.docx").write_bytes(resources.template(name).read_bytes())
    document.save(str(folder / "8-K.docx"))
    analysis = analyse(variant(tmp_path, {"schema_version: 1\n": "schema_version: 1\n"
                                          "templates: house\n"}), default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    with pytest.raises(TemplateProblem) as raised:
        edgar_files(analysis.deal, analysis.facts, documents)
    assert "XBRL EntityRegistrantName" in raised.value.problems[0].message


# --- the command line ----------------------------------------------------------------------------


@pytest.mark.parametrize("old, new, field", [
    (b">0001350102</ix:nonNumeric>", b">0001350103</ix:nonNumeric>", "issuer.cik"),
    (b">001-32919</ix:nonNumeric>", b">001-32918</ix:nonNumeric>",
     "issuer.commission_file_number"),
])
def test_check_outputs_fails_on_a_tampered_fact(tmp_path, capsys, old, new, field):
    from dealdocs.cli import main

    assert main(["build", str(SEED), "-o", str(tmp_path), "--format", "docx"]) == 0
    primary = tmp_path / SEED.stem / PRIMARY
    assert primary.read_bytes().count(old) == 1
    primary.write_bytes(primary.read_bytes().replace(old, new))
    capsys.readouterr()
    assert main(["check", str(SEED), "--no-pdf", "--outputs", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "but the deal file gives" in line)
    assert f"error: {field}: " in line and new.strip(b"><").decode().split("<")[0] in line


def test_build_writes_the_submission_and_the_printed_view(tmp_path, capsys):
    from dealdocs.cli import main
    from dealdocs.render.pdf import pdf_text

    assert main(["build", str(SEED), "-o", str(tmp_path)]) == 0
    folder = tmp_path / SEED.stem
    assert sorted(path.name for path in (folder / "edgar").iterdir()) == [
        "asti-20190111.htm", "asti-20190111.xsd", "asti-20190111_lab.xml",
        "asti-20190111_pre.xml", "ex10-1.htm", "submission.json"]
    view = folder / f"{SEED.stem}-8-K-edgar.pdf"
    assert "Date of Report (Date of earliest event reported): January 11, 2019" in \
        pdf_text(view.read_bytes())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "edgar/asti-20190111.htm" in manifest["files"] and view.name in manifest["files"]
    assert main(["check", str(SEED), "--outputs", str(tmp_path)]) == 0


@pytest.mark.parametrize("document", [PRIMARY, "edgar/ex10-1.htm"])
@pytest.mark.parametrize("markup, said", [
    ("<script>alert(1)</script>", "<script> is not allowed"),
    ('<img src="http://example.com/logo.png" alt=""/>', "<img src>"),
])
def test_check_refuses_active_content_and_outside_references(seed, document, markup, said):
    analysis, documents, files = seed
    files = dict(files)
    files[document] = files[document].replace(b"</body>", markup.encode() + b"</body>")
    messages = [problem.message for problem in
                filing_problems(analysis.deal, analysis.facts, files, documents, "out")]
    assert any(message.startswith(f"out/{document}: line ") and said in message
               for message in messages), messages


# --- the cover of its era (deal-patterns F4) -----------------------------------------------------


def _eight_k_words(documents) -> str:
    return " ".join(docx_text(next(d for d in documents if d.kind == "8-K").docx).split())


@pytest.mark.parametrize("event, report, boxes, table, exhibit_104", [
    ("2017-04-03", "2017-04-07", False, False, False),  # before the growth-company boxes
    ("2019-01-11", "2019-01-15", True, False, False),  # the seed: boxes, no 12(b) table
    ("2019-05-06", "2019-05-08", True, True, False),  # the 12(b) table, before tagging
    ("2021-07-01", "2021-07-02", True, True, True),
])
def test_the_cover_follows_the_form_of_its_report_date(tmp_path, event, report, boxes, table,
                                                       exhibit_104):
    path = variant(tmp_path, {
        'event_date: "2019-01-11"': f'event_date: "{event}"',
        'report_date: "2019-01-15"': f'report_date: "{report}"',
        "registered_under: section_12g": "registered_under: section_12b",
        "    market: otc\n": "    market: nasdaq\n"})
    analysis, documents, files = built(path)
    words = _eight_k_words(documents)
    assert ("Emerging growth company" in words) is boxes
    assert ("Securities registered pursuant to Section 12(b)" in words) is table
    assert ("Interactive Data File" in words) is exhibit_104
    hidden = {fact.element for fact in analysis.facts.cover if fact.hidden}
    assert ("SecurityExchangeName" in hidden) is not table
    assert ("EntityEmergingGrowthCompany" in hidden) is not boxes
    assert filing_problems(analysis.deal, analysis.facts, files, documents, "out") == []
    primary = next(name for name in files if name.endswith(".htm") and "/ex" not in name)
    tagged, _ = ix_facts(files[primary])
    assert tagged["SecurityExchangeName"] == ["NASDAQ"] and tagged["TradingSymbol"] == ["ASTI"]


def test_the_registrant_name_may_be_printed_in_either_case(seed):
    messages = _tampered(seed, lambda html: html.replace(
        ">ASCENT SOLAR TECHNOLOGIES, INC.</ix:nonNumeric>",
        ">Ascent Solar Technologies, Inc.</ix:nonNumeric>"))
    assert not [message for message in messages if "dei:" in message], messages


@pytest.mark.parametrize("website", ["http://ascentsolar.com", "AscentSolar.com", "ascent_solar"])
def test_a_website_that_is_not_a_domain_is_refused_at_its_line(tmp_path, capsys, website):
    from dealdocs.cli import main

    path = variant(tmp_path, {"website: ascentsolar.com": f"website: {website}"})
    assert main(["check", "--no-pdf", str(path)]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: error: issuer\.website: ", out,
                     re.MULTILINE), out
    assert "Traceback" not in out
