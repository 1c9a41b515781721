"""The deal package: golden text for the seed's three documents, the seed 8-K against the filing
as filed, and one clause per variation group.

Golden files live in tests/data/golden/. After an intended change of wording, regenerate them
with `DEALDOCS_UPDATE_GOLDEN=1 python -m pytest tests/render/test_package.py` and review the diff.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from dealdocs.calendar import default_calendar
from dealdocs.pipeline import analyse
from dealdocs.render.docx import docx_text
from dealdocs.render.package import render_documents

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"

GOLDEN = DATA / "golden"
SHARED_FILING = ROOT.parent / "shared" / "seed" / "ascent-solar-8-K-2019-01-15.txt"
# The filing as filed, copied into the repository so the golden test runs on CI too.
FILED = DATA / "seed" / "ascent-solar-8-K-2019-01-15.txt"
DEALS = DATA / "deals"


@cache
def texts(path: Path) -> dict[str, str]:
    """Document kind (note, note-<id>, 8-K, checklist) → its text, for one deal file."""
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    prefix = analysis.deal.name + "-"
    return {document.stem.removeprefix(prefix): docx_text(document.docx) for document in documents}


def normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", ["note", "8-K", "checklist"])
def test_seed_documents_match_golden_text(kind: str) -> None:
    golden = GOLDEN / f"ascent-solar-2019-01-11-{kind}.txt"
    text = texts(SEED)[kind]
    if os.environ.get("DEALDOCS_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _items_as_filed() -> str:
    """Items 1.01 to 9.01 of the seed filing, without the markdown its text copy carries
    (escaped dollar signs, table rules, <u> tags)."""
    filed = FILED.read_text(encoding="utf-8")
    items = filed[filed.index("Item 1.01"):filed.index("SIGNATURES")]
    items = items.replace("\\$", "$")
    items = re.sub(r"</?u>", "", items)
    items = re.sub(r"^[-\t ]+$", "", items, flags=re.MULTILINE)
    return normalized(items)


# The one sentence dealdocs adds to the seed's Items: the filing's Item 3.02 neither refers to
# Item 1.01 nor states what Item 701 of Regulation S-K asks (what was sold, to whom, for what,
# on what terms of conversion); the deal file records that (item_3_02_incorporates_item_1_01:
# false), and dealdocs then states the Item 701 content under Item 3.02 itself.
ITEM_701 = ("On January 11, 2019, the Company sold a $330,000 Convertible Promissory Note to "
            "Jason Widjaja for $330,000 in cash. The Note is convertible into shares of Common "
            "Stock at a variable conversion price equal to 80% of the lowest closing bid price "
            "for the shares over the prior five (5) trading days immediately preceding the "
            "Conversion Date. ")


def test_seed_8k_items_reproduce_the_filing_word_for_word() -> None:
    text = texts(SEED)["8-K"]
    rendered = normalized(text[text.index("Item 1.01"):text.index("SIGNATURES")])
    heading = "Item 3.02 Unregistered Sales of Equity Securities. "
    assert rendered.count(heading + ITEM_701) == 1
    assert rendered.replace(heading + ITEM_701, heading) == _items_as_filed()


@pytest.mark.skipif(not SHARED_FILING.exists(), reason="../shared is not checked out here")
def test_the_seed_filing_copy_is_the_shared_seed() -> None:
    assert FILED.read_bytes() == SHARED_FILING.read_bytes()


# One deal per variation group: the clause the variation must bring into each document.
VARIATIONS = [
    ("oid-default-interest.yaml", "note", "The difference of $10,000 between the Principal Amount "
     "and the Purchase Price is an original issue discount"),
    ("oid-default-interest.yaml", "note", "The Holder will withhold $3,000 from the Purchase Price"),
    ("oid-default-interest.yaml", "8-K", "was issued with an original issue discount of $10,000"),
    ("oid-default-interest.yaml", "note", "interest accrues on the outstanding principal at 22% "
     "per annum (the “Default Rate”)"),
    ("oid-default-interest.yaml", "note", "the Company shall pay 150% of the outstanding principal"),
    ("amortizing-prepayment.yaml", "note", "The Company shall repay the Principal Amount in ten "
     "(10) installments"),
    ("amortizing-prepayment.yaml", "note", "After the one hundred eighty (180) days following the "
     "Issue Date, the Company may not prepay this Note"),
    ("amortizing-prepayment.yaml", "8-K", "by paying from 110% to 125% of the outstanding "
     "principal and accrued interest"),
    ("demand-note.yaml", "note", "within ten (10) days after the Holder delivers a written demand"),
    ("fixed-reset-automatic.yaml", "note", "the Fixed Price is reduced to that effective price"),
    ("fixed-reset-automatic.yaml", "note", "Automatic Conversion."),
    ("fixed-reset-automatic.yaml", "8-K", "The Nasdaq Stock Market LLC"),
    ("fixed-reset-automatic.yaml", "note", "in excess of 19.99% of the shares of Common Stock "
     "outstanding immediately before the Issue Date (the “Exchange Cap”)"),
    ("fixed-reset-automatic.yaml", "8-K", "in excess of 19.99% of the shares of Common Stock"),
    ("variable-vwap-floor-cap.yaml", "note", "average of the daily VWAPs of the Common Stock"),
    ("variable-vwap-floor-cap.yaml", "note", "Beneficial Ownership Limitation."),
    ("variable-vwap-floor-cap.yaml", "note", "not less than three (3) times the number of shares"),
    ("secured-senior.yaml", "note", "secured by a security interest in all of the Company’s assets"),
    ("secured-senior.yaml", "8-K", "Offering of Secured Convertible Note"),
    ("secured-specified-subordinated.yaml", "note", "is subordinated in right of payment"),
    ("warrants-commitment-registration.yaml", "8-K", "In connection with the offering, the Company "
     "issued to the Investor a"),
    ("warrants-commitment-registration.yaml", "8-K", "as commitment shares"),
    ("warrants-commitment-registration.yaml", "8-K", "to file a registration statement"),
    ("multi-investor-tranches.yaml", "8-K", "(each, an “Investor” and together, the “Investors”)"),
    ("multi-investor-tranches.yaml", "8-K", "is a member of"),
    ("multi-investor-tranches.yaml", "8-K", "The Notes were issued as follows: $100,000 in "
     "principal amount to Evelyn R. Marsh, M.D., for a purchase price of $100,000;"),
    ("multi-investor-tranches.yaml", "8-K", "and $500,000 in principal amount to Ridgeline "
     "Capital Partners, L.P., for a purchase price of $500,000."),
    ("multi-investor-tranches.yaml", "8-K", "The second tranche of $500,000 is to be funded within "
     "five business days after the FDA accepts the Company's 510(k) submission for review "
     "(expected on or about August 15, 2025)."),
    ("multi-investor-tranches.yaml", "note-ridgeline-2", "The principal sum due under this Note is "
     "prorated based on the consideration paid"),
    ("multi-investor-tranches.yaml", "8-K", "The Convertible Promissory Note (Second Tranche) "
     "issued to Ridgeline Capital Partners, L.P. will mature on June 18, 2027."),
    ("placement-agent-506c.yaml", "8-K", "acted as placement agent for the offering"),
    ("placement-agent-506c.yaml", "checklist", "Exemptions claimed: Rule 506(c)"),
    ("nonaccredited-506b.yaml", "8-K", "investors who are not accredited"),
]


@pytest.mark.parametrize(("deal", "kind", "clause"), VARIATIONS,
                         ids=[f"{d}-{k}-{i}" for i, (d, k, _) in enumerate(VARIATIONS)])
def test_variation_brings_its_clause(deal: str, kind: str, clause: str) -> None:
    documents = texts(DEALS / deal)
    matching = [text for name, text in documents.items() if name.split("-")[0] == kind.split("-")[0]]
    assert matching, f"no {kind} document in {sorted(documents)}"
    assert any(normalized(clause) in normalized(text) for text in matching), clause


def test_notes_with_the_same_terms_are_summarized_once() -> None:
    eight_k = normalized(texts(DEALS / "multi-investor-tranches.yaml")["8-K"])
    assert eight_k.count("standard and customary events of default") == 2  # two sets of terms
    assert "The Notes issued to Evelyn R. Marsh, M.D., Thomas A. Reyes, Granite Peak Ventures, " \
        "LLC, The Osprey Family Trust and Ridgeline Capital Partners, L.P. contain standard" in eight_k


def test_several_notes_give_one_note_document_each() -> None:
    documents = texts(DEALS / "multi-investor-tranches.yaml")
    notes = sorted(name for name in documents if name.startswith("note-"))
    assert len(notes) == 6
    assert all("one of a series of notes of like tenor" in normalized(documents[n]) for n in notes)


def test_seed_note_has_every_required_part() -> None:
    note = normalized(texts(SEED)["note"])
    for part in ["NEITHER THIS NOTE NOR THE SECURITIES", "Three Hundred Thirty Thousand Dollars "
                 "($330,000)", "January 11, 2019", "January 11, 2020", "promises to pay",
                 "twelve percent (12%) per annum", "Conversion Price", "Notice of Conversion",
                 "Adjustments for Splits and Dividends",
                 "Reservation of Shares", "Event of Default", "Remedies", "unsecured",
                 "Governing Law", "Amendment and Waiver", "Assignment", "Severability",
                 "No Stockholder Rights", "By:", "NOTICE OF CONVERSION"]:
        assert part in note, part


def test_templates_command_prints_each_template_with_its_tags(capsys) -> None:
    from dealdocs.cli import main

    assert main(["templates", "8-K"]) == 0
    text = capsys.readouterr().out
    assert "{{ form_8k.event_date }}" in text
    assert "{%p if items.item_3_02 %}" in text
    assert "Item 3.02 Unregistered Sales of Equity Securities." in text


def test_templates_command_refuses_an_unknown_name(capsys) -> None:
    from dealdocs.cli import main

    assert main(["templates", "memo"]) == 2
    assert "no template named memo" in capsys.readouterr().err


def test_the_cover_date_line_can_give_the_report_date_then_the_event_date(tmp_path):
    """F5: "Date of Report (Date of Earliest Event Reported): January 15, 2019 (January 11,
    2019)", as some issuers print it; the event date stays the tagged fact and the checked one."""
    from dealdocs.consistency import check_documents
    from tampering import with_docx
    path = tmp_path / SEED.name
    path.write_text(SEED.read_text(encoding="utf-8").replace(
        "\nform_8k:\n", "\nform_8k:\n  cover_dates: report_and_event\n"), encoding="utf-8")
    line = ("Date of Report (Date of earliest event reported): January 15, 2019 "
            "(January 11, 2019)")
    assert line in texts(path)["8-K"]
    assert line not in texts(SEED)["8-K"]
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    assert check_documents(analysis.deal, analysis.facts, analysis.findings, documents) == []
    tampered = with_docx(documents, "8-K", "January 11, 2019", "January 10, 2019", count=1)
    found = check_documents(analysis.deal, analysis.facts, analysis.findings, tampered)
    assert [p.field for p in found] == ["form_8k.event_date"], found
