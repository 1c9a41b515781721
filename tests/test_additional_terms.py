"""Additional terms: clauses and passages in the lawyers' own words. The deal file declares the
figures each states; `check` refuses a text whose figures and declaration differ, prints each
where the deal places it, and finds it tampered in a document like any other term."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealdocs.calendar import default_calendar
from dealdocs.consistency import check_documents
from dealdocs.consistency.numbers import figures_in
from dealdocs.pipeline import analyse
from dealdocs.problems import ProblemsFound
from dealdocs.render.docx import docx_text
from dealdocs.render.package import render_documents
from tampering import with_docx
from test_variations import ROOT

SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
OBSERVER = ("Until June 30, 2019, the Holder may appoint one observer to the Board of Directors, "
            "and the Company shall pay the observer $2,500 for each meeting attended.")
COUNSEL = "The Company also agreed to reimburse the Investor's counsel fees of up to $7,500."
FINANCING = "The Note ranks behind the Company's equipment loan of 150,000 shares."


def deal_file(tmp_path: Path, terms: str, extra: str = "") -> Path:
    path = tmp_path / "deal.yaml"
    path.write_text(SEED.read_text(encoding="utf-8") + extra + "\nadditional_terms:\n" + terms,
                    encoding="utf-8")
    return path


def term(place: str, text: str, states: list[str], heading: str | None = None) -> str:
    lines = f"  - place: {place}\n"
    if heading:
        lines += f"    heading: {heading}\n"
    listed = ", ".join(f'"{figure}"' for figure in states)
    return lines + f'    text: "{text}"\n    states: [{listed}]\n'


def problems(path: Path, tamper: tuple[str, str, str] | None = None) -> list:
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    if tamper:
        documents = with_docx(documents, *tamper)
    return check_documents(analysis.deal, analysis.facts, analysis.findings, documents)


def schema_errors(path: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        analyse(path, default_calendar())
    return [f"{p.field}: {p.message}" for p in caught.value.problems]


def test_figures_are_read_as_written():
    assert [(figure.kind, figure.text) for figure in figures_in(
        "On June 30, 2019 pay $2,500, 5% and 250,000 Common Shares within 30 days")] == [
        ("date", "June 30, 2019"), ("money", "$2,500"), ("percent", "5%"),
        ("shares", "250,000")]


def test_a_declared_term_is_printed_where_placed_and_passes(tmp_path):
    path = deal_file(tmp_path, term("note.general", OBSERVER, ["June 30, 2019", "$2,500"],
                                    "Board Observer")
                     + term("8-K.item_1_01", COUNSEL, ["$7,500"]))
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    texts = {document.kind: " ".join(docx_text(document.docx).split()) for document in documents}
    assert OBSERVER in texts["note"] and "Board Observer" in texts["note"]
    assert COUNSEL in texts["8-K"] and COUNSEL not in texts["note"]
    assert OBSERVER not in texts["8-K"]
    assert problems(path) == []


@pytest.mark.parametrize("states, field, says", [
    (["June 30, 2019"], "additional_terms[0].text", "states '$2,500', which `states` does not list"),
    (["June 30, 2019", "$2,500", "$9,999"], "additional_terms[0].states[2]", "'$9,999' is not in"),
    (["June 30, 2019", "$2,500.00", "15%"], "additional_terms[0].states[2]", "'15%' is not in"),
])
def test_states_must_list_exactly_the_figures_of_the_text(tmp_path, states, field, says):
    errors = schema_errors(deal_file(tmp_path, term("note.general", OBSERVER, states)))
    assert len(errors) == 1 and errors[0].startswith(field) and says in errors[0], errors


def test_a_share_count_must_be_declared(tmp_path):
    errors = schema_errors(deal_file(tmp_path, term("8-K.item_2_03", FINANCING, [])))
    assert errors == ["additional_terms[0].text: the text states '150,000', which `states` does "
                      "not list; list every amount, percentage, share count and date the text "
                      "states, so that `check` verifies it in the documents"]


@pytest.mark.parametrize("kind, place, old, new", [
    ("note", "note.general", "$2,500", "$3,500"),
    ("8-K", "8-K.item_1_01", "$2,500", "$2,000"),
])
def test_a_tampered_figure_is_found_at_the_term(tmp_path, kind, place, old, new):
    path = deal_file(tmp_path, term(place, OBSERVER, ["June 30, 2019", "$2,500"]))
    found = problems(path, (kind, old, new))
    assert any(p.field == "additional_terms[0].text" and "additional term" in p.message
               for p in found), found


@pytest.mark.parametrize("layout", ["combined", "narrative_in_2_03"])
def test_item_2_03_passages_follow_the_narrative_when_2_03_has_no_section_of_its_own(
        tmp_path, layout):
    seed = SEED.read_text(encoding="utf-8")
    assert "\nform_8k:\n" in seed
    path = tmp_path / "deal.yaml"
    path.write_text(seed.replace("\nform_8k:\n", f"\nform_8k:\n  layout: {layout}\n")
                    + "\nadditional_terms:\n" + term("8-K.item_2_03", COUNSEL, ["$7,500"]),
                    encoding="utf-8")
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    eight_k = next(docx_text(d.docx) for d in documents if d.kind == "8-K")
    assert eight_k.count("counsel fees of up to $7,500") == 1
    assert problems(path) == []


def test_a_passage_placed_under_an_item_the_8k_leaves_out_fails_check(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    path = tmp_path / "deal.yaml"
    path.write_text(seed.replace("\nform_8k:\n", "\nform_8k:\n  items:\n    - item: \"2.03\"\n"
                                 "      include: false\n      reason: reported in the 10-Q\n")
                    + "\nadditional_terms:\n" + term("8-K.item_2_03", COUNSEL, ["$7,500"]),
                    encoding="utf-8")
    found = problems(path)
    assert [p.field for p in found] == ["additional_terms[0].text"], found
    assert "an item this 8-K does not include" in found[0].message
