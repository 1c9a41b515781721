"""Redlines of whole deals: the seed with its principal and rate changed shows exactly those
terms, and every document of the seed and of the example deals reads right accepted and rejected."""

from __future__ import annotations

import pytest

from dealdocs.redline import ADDED, CHANGED, REMOVED, UNCHANGED, redline
from dealdocs.render.docx import docx_text

from redlining import (DEALS, SEED, SEED_EDITS, W, changes_in, document_xml, edited,
                       readings, words)

SEED_NAME = "filings/ascent-solar-2019-01-11.yaml"
SEED_TEXT = SEED.read_text()
OID_NOTE = ("The Holder is purchasing this Note for $330,000 (the “Purchase Price”). The "
            "difference of $20,000 between the Principal Amount and the Purchase Price is an "
            "original issue discount, and the full Principal Amount is payable under this Note.")
# The tax legend a note issued with original issue discount carries (Treas. Reg. §1.1275-3(b)).
OID_LEGEND = ("THIS NOTE HAS BEEN ISSUED WITH ORIGINAL ISSUE DISCOUNT FOR PURPOSES OF SECTIONS 1272 "
              "THROUGH 1275 OF THE INTERNAL REVENUE CODE OF 1986, AS AMENDED. THE ISSUE PRICE, THE "
              "AMOUNT OF ORIGINAL ISSUE DISCOUNT, THE ISSUE DATE AND THE YIELD TO MATURITY OF THIS "
              "NOTE MAY BE OBTAINED FROM THE COMPANY’S CHIEF EXECUTIVE OFFICER, 12300 GRANT "
              "STREET, THORNTON, CO 80241, TELEPHONE (720) 872-5000.")
OID_8K = ("The Note was issued with an original issue discount of $20,000: the Investor paid "
          "$330,000 for $350,000 of principal.")


def redlines(analysed, old_text, new_text, name=SEED_NAME, old_name=None):
    return {document.stem: document for document in redline(
        analysed(old_text, old_name or name), analysed(new_text, name), formats=("docx",))}


@pytest.fixture(scope="module")
def seed_redlines(analysed):
    return redlines(analysed, SEED_TEXT, edited(SEED_TEXT, *SEED_EDITS))


def test_the_seed_note_shows_exactly_the_principal_and_the_rate(seed_redlines):
    # The principal in figures (the cover table and the promise to pay) and in words, the rate in
    # words and figures (twice), and, since the purchase price stays $330,000, the original issue
    # discount the new principal creates: the note must now say so, and carry the OID tax
    # legend. Nothing else.
    note = seed_redlines["ascent-solar-2019-01-11-note-redline"]
    assert changes_in(note.docx) == [
        ("ins", OID_LEGEND),
        ("del", "$330,000"), ("ins", "$350,000"),
        ("del", "Thirty"), ("ins", "Fifty"),
        ("del", "$330,000"), ("ins", "$350,000"),
        ("del", "twelve"), ("ins", "ten"),
        ("del", "12%"), ("ins", "10%"),
        ("ins", OID_NOTE),
        ("del", "12%"), ("ins", "10%")]
    assert (note.status, note.insertions, note.deletions) == (CHANGED, 8, 6)


def test_the_seed_8k_shows_exactly_the_principal_and_the_rate(seed_redlines):
    report = seed_redlines["ascent-solar-2019-01-11-8-K-redline"]
    assert changes_in(report.docx) == [
        ("del", "$330,000"), ("ins", "$350,000"),
        ("ins", OID_8K),
        ("del", "12%"), ("ins", "10%"),
        ("del", "$330,000"), ("ins", "$350,000")]  # Item 3.02's statement of what was sold


def test_the_seed_checklist_shows_the_principal_where_it_states_it(seed_redlines):
    checklist = seed_redlines["ascent-solar-2019-01-11-checklist-redline"]
    # Its heading, Item 2.03's action on page 1 and, in the appendix, what Item 2.03 states: each
    # finding is stated once.
    assert changes_in(checklist.docx) == [("del", "$330,000"), ("ins", "$350,000")] * 3


def test_a_larger_note_for_a_larger_price_changes_only_the_figures(analysed):
    # The principal, the price paid and the proceeds all become $350,000: no discount appears.
    new = edited(SEED_TEXT, *SEED_EDITS, ('purchase_price: "330000"', 'purchase_price: "350000"'),
                 ('gross_proceeds: "330000"', 'gross_proceeds: "350000"'))
    found = redlines(analysed, SEED_TEXT, new)
    amount = [("del", "$330,000"), ("ins", "$350,000")]
    rate = [("del", "12%"), ("ins", "10%")]
    assert changes_in(found["ascent-solar-2019-01-11-note-redline"].docx) == [
        *amount, *amount, ("del", "Thirty"), ("ins", "Fifty"), *amount,
        ("del", "twelve"), ("ins", "ten"), *rate, *rate]
    assert changes_in(found["ascent-solar-2019-01-11-8-K-redline"].docx) == [
        *amount, *amount, *rate, *amount, *amount]  # the last two: Item 3.02's Item 701 words


def test_every_seed_redline_accepts_to_the_new_and_rejects_to_the_old(analysed, seed_redlines):
    new_documents = _documents(analysed(edited(SEED_TEXT, *SEED_EDITS), SEED_NAME))
    old_documents = _documents(analysed(SEED_TEXT, SEED_NAME))
    assert len(seed_redlines) == 3
    for stem, document in seed_redlines.items():
        kind = stem.removesuffix("-redline")
        assert readings(document.docx) == (docx_text(new_documents[kind]),
                                           docx_text(old_documents[kind])), stem


def _documents(analysis):
    from dealdocs.render.package import render_documents

    return {document.stem: document.docx for document in render_documents(
        analysis.deal, analysis.facts, analysis.findings, formats=("docx",))}


# The example deals, each with a few terms changed.
EXAMPLES = {
    "oid-default-interest": (('principal: "110000"', 'principal: "120000"'),
                             ('default_rate_percent: "22"', 'default_rate_percent: "24"'),
                             ('maturity_date: "2020-05-24"', 'maturity_date: "2020-06-24"')),
    "amortizing-prepayment": (('rate_percent: "8"', 'rate_percent: "9"'),
                              ("Alder Street Fund, L.P.", "Alder Street Fund II, L.P.")),
    "variable-vwap-floor-cap": (('percent_of_market: "90"', 'percent_of_market: "85"'),
                                ('maturity_date: "2023-06-30"', 'maturity_date: "2023-12-29"')),
    "secured-senior": (('principal: "15000000"', 'principal: "16000000"'),
                       ("governing_law: New York", "governing_law: Delaware")),
    "warrants-commitment-registration": (('exercise_price: "0.10"', 'exercise_price: "0.12"'),
                                         ('rate_percent: "12"', 'rate_percent: "11"')),
    "multi-investor-tranches": (('principal: "250000"', 'principal: "300000"'),
                                ('purchase_price: "250000"', 'purchase_price: "300000"'),
                                ('gross_proceeds: "1700000"', 'gross_proceeds: "1750000"')),
}


@pytest.mark.parametrize("deal", sorted(EXAMPLES))
def test_example_deal_redlines_accept_to_the_new_and_reject_to_the_old(analysed, deal):
    name = f"filings/{deal}.yaml"
    old_text = (DEALS / f"{deal}.yaml").read_text()
    new_text = edited(old_text, *EXAMPLES[deal])
    found = redlines(analysed, old_text, new_text, name)
    old_documents = _documents(analysed(old_text, name))
    new_documents = _documents(analysed(new_text, name))
    assert {stem.removesuffix("-redline") for stem in found} == set(new_documents)
    assert any(document.status == CHANGED for document in found.values())
    for stem, document in found.items():
        kind = stem.removesuffix("-redline")
        assert readings(document.docx) == (docx_text(new_documents[kind]),
                                           docx_text(old_documents[kind])), stem


def test_identical_versions_give_redlines_without_a_change(analysed):
    found = redlines(analysed, SEED_TEXT, SEED_TEXT)
    assert {document.status for document in found.values()} == {UNCHANGED}
    for document in found.values():
        assert (document.insertions, document.deletions) == (0, 0)
        assert not list(document_xml(document.docx).iter(f"{W}ins", f"{W}del"))


def test_the_same_versions_give_the_same_bytes(analysed):
    new = edited(SEED_TEXT, *SEED_EDITS)
    first, second = redlines(analysed, SEED_TEXT, new), redlines(analysed, SEED_TEXT, new)
    assert {stem: document.docx for stem, document in first.items()} == {
        stem: document.docx for stem, document in second.items()}


def test_changes_are_dated_by_the_new_version_of_the_deal_not_the_clock(analysed):
    new = edited(SEED_TEXT, *SEED_EDITS, ('report_date: "2019-01-15"', 'report_date: "2019-01-16"'))
    note = redlines(analysed, SEED_TEXT, new)["ascent-solar-2019-01-11-note-redline"]
    marks = list(document_xml(note.docx).iter(f"{W}ins", f"{W}del"))
    assert {(mark.get(f"{W}author"), mark.get(f"{W}date")) for mark in marks} == {
        ("dealdocs", "2019-01-16T00:00:00Z")}


# --- several notes -------------------------------------------------------------------------------

TRANCHES = DEALS / "multi-investor-tranches.yaml"
TRANCHES_NAME = "filings/multi-investor-tranches.yaml"


def _without_osprey(text: str) -> str:
    start, end = text.index("  - id: osprey"), text.index("  - id: ridgeline-1")
    return edited(text[:start] + text[end:], ('gross_proceeds: "1700000"', 'gross_proceeds: "1500000"'))


def test_a_note_only_in_the_old_version_is_written_all_deleted(analysed):
    old_text = TRANCHES.read_text()
    found = redlines(analysed, old_text, _without_osprey(old_text), TRANCHES_NAME)
    osprey = found["multi-investor-tranches-note-osprey-redline"]
    assert osprey.status == REMOVED
    accepted, rejected = readings(osprey.docx)
    old_note = _documents(analysed(old_text, TRANCHES_NAME))["multi-investor-tranches-note-osprey"]
    # Accepting all leaves a blank paragraph before each table, which Word and LibreOffice keep.
    assert (words(accepted), rejected) == ([], docx_text(old_note))
    for stem in ("marsh", "reyes", "granite-peak", "ridgeline-1", "ridgeline-2"):
        # each note states the aggregate of the offering, and nothing else changes in it
        assert changes_in(found[f"multi-investor-tranches-note-{stem}-redline"].docx) == [
            ("del", "$1,700,000"), ("ins", "$1,500,000")]


def test_a_note_only_in_the_new_version_is_written_all_inserted(analysed):
    new_text = TRANCHES.read_text()
    found = redlines(analysed, _without_osprey(new_text), new_text, TRANCHES_NAME)
    osprey = found["multi-investor-tranches-note-osprey-redline"]
    assert osprey.status == ADDED
    new_note = _documents(analysed(new_text, TRANCHES_NAME))["multi-investor-tranches-note-osprey"]
    accepted, rejected = readings(osprey.docx)
    assert (accepted, words(rejected)) == (docx_text(new_note), [])


def test_notes_are_matched_by_id_whatever_their_order(analysed):
    text = TRANCHES.read_text()
    marsh = text[text.index("  - id: marsh"):text.index("  - id: reyes")]
    reordered = text.replace(marsh, "")
    reordered = reordered.replace("  - id: ridgeline-2", marsh + "  - id: ridgeline-2")
    found = redlines(analysed, text, reordered, TRANCHES_NAME)
    assert {document.status for stem, document in found.items() if "-note-" in stem} == {UNCHANGED}
