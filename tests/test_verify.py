"""`verify FILE --against DOC`: an outside note (DOCX or PDF) against the deal file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dealdocs.cli import main

from tampering import MULTI, SEED, analysed, document, tamper_docx, tamper_pdf

LINE = re.compile(r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                  r"(?P<field>[\w.\[\]]+: )?(?P<message>.+)")


def verify(capsys, deal: Path, against: Path, *args: str) -> tuple[int, str, str]:
    code = main(["verify", str(deal), "--against", str(against), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _where(path: Path, deal_path: tuple) -> str:
    return str(analysed(path).deal.source.locate(deal_path))


@pytest.fixture
def seed_note(tmp_path) -> Path:
    path = tmp_path / "note.docx"
    path.write_bytes(document(SEED, "note").docx)
    return path


@pytest.fixture(scope="module")
def seed_note_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "Executed Note.pdf"
    path.write_bytes(document(SEED, "note", formats=("docx", "pdf")).pdf)
    return path


def test_the_rendered_note_is_consistent(capsys, seed_note):
    code, out, err = verify(capsys, SEED, seed_note)
    assert (code, err) == (0, "")
    assert out == f"OK: {seed_note} states the terms of the note in {SEED}\n"


def test_the_rendered_pdf_is_consistent(capsys, seed_note_pdf):
    code, out, _ = verify(capsys, SEED, seed_note_pdf)
    assert code == 0 and out.splitlines()[-1].startswith(f"OK: {seed_note_pdf} states")


TAMPERS = [
    # (old, new, the term's path in the deal file, what the report quotes)
    ("12%", "10%", ("notes", 0, "interest", "rate_percent"), 'as "10%"'),
    ("twelve percent", "ten percent", ("notes", 0, "interest", "rate_percent"),
     '"ten percent (12%)": the words say 10% but the figures say 12%'),
    ("$330,000", "$350,000", ("notes", 0, "principal"), 'as "$350,000"'),
    ("Thirty Thousand", "Fifty Thousand", ("notes", 0, "principal"),
     'the words say $350,000 but the figures say $330,000'),
    ("January 11, 2020", "July 11, 2020", ("notes", 0, "maturity_date"), 'as "July 11, 2020"'),
    ("Issue Date: January 11, 2019", "Issue Date: January 12, 2019", ("notes", 0, "issue_date"),
     'as "January 12, 2019"'),
    ("Jason Widjaja", "Jason Widjaya", ("notes", 0, "holder"), 'as "Jason Widjaya"'),
    ("FOR VALUE RECEIVED, Ascent Solar Technologies, Inc.", "FOR VALUE RECEIVED, Ascent Solar, "
     "Inc.", ("issuer", "name"), 'the Company\'s name as "Ascent Solar, Inc."'),
    ("80%", "70%", ("notes", 0, "conversion", "price", "variable", "percent_of_market"),
     'the conversion percentage as "70%"'),
    ("five (5)", "three (3)", ("notes", 0, "conversion", "price", "variable",
                               "lookback_trading_days"), 'the lookback period as "three (3)"'),
    ("Delaware</w:t>", "New York</w:t>", ("notes", 0, "governing_law"),
     'the governing law as "New York"'),
]


@pytest.mark.parametrize("old, new, deal_path, words", TAMPERS,
                         ids=[f"{old} -> {new}" for old, new, _, _ in TAMPERS])
def test_a_hand_edited_note_fails_at_the_term(capsys, tmp_path, old, new, deal_path, words):
    path = tmp_path / "negotiated.docx"
    path.write_bytes(tamper_docx(document(SEED, "note").docx, old, new))
    code, out, _ = verify(capsys, SEED, path)
    assert code == 1
    *lines, summary = out.splitlines()
    assert summary.startswith(f"FAILED: {path} disagrees with the note in {SEED}: ")
    matches = [LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    where = _where(SEED, deal_path)
    assert any(f"{m['file']}:{m['line']}:{m['column']}" == where and m["severity"] == "error"
               and words in m["message"] and str(path) in m["message"] for m in matches), out


def test_a_report_gives_the_place_the_expected_wording_and_the_snippet(capsys, tmp_path):
    path = tmp_path / "negotiated.docx"
    path.write_bytes(tamper_docx(document(SEED, "note").docx, "at 12% per annum",
                                 "at 10% per annum"))
    code, out, _ = verify(capsys, SEED, path)
    assert code == 1
    [line] = [line for line in out.splitlines() if ": error: " in line]
    assert line == (
        f"{_where(SEED, ('notes', 0, 'interest', 'rate_percent'))}: error: "
        f"notes[0].interest.rate_percent: {path} states the interest rate as \"10%\" (\"…on the "
        "outstanding principal from the Issue Date at 10% per annum, as simple interest, computed "
        "on the basis of a…\"), but the deal file says 12%")


def test_a_pdf_printed_from_an_edited_source_fails(capsys, tmp_path):
    note = document(SEED, "note")
    path = tmp_path / "executed.pdf"
    path.write_bytes(tamper_pdf(note, "January 11, 2020", "January 11, 2021"))
    code, out, _ = verify(capsys, SEED, path)
    assert code == 1
    assert f"{_where(SEED, ('notes', 0, 'maturity_date'))}: error: notes[0].maturity_date: " \
           f"{path} states the maturity date as \"January 11, 2021\"" in out


def test_a_key_term_left_out_is_reported(capsys, tmp_path):
    path = tmp_path / "short.docx"
    path.write_bytes(tamper_docx(document(SEED, "note").docx, "January 11, 2019",
                                 "the date of this Note"))
    code, out, _ = verify(capsys, SEED, path)
    assert code == 1
    assert (f"{_where(SEED, ('notes', 0, 'issue_date'))}: error: notes[0].issue_date: {path} does "
            "not state the issue date as the deal file gives it: \"January 11, 2019\" is not in it"
            ) in out


def test_an_extra_amount_in_an_outside_note_is_a_warning(capsys, tmp_path):
    path = tmp_path / "executed.docx"
    path.write_bytes(tamper_docx(document(SEED, "note").docx,
                                 "This Note is an unsecured obligation of the Company.",
                                 "This Note is an unsecured obligation of the Company. A late "
                                 "payment bears a fee of $750."))
    code, out, _ = verify(capsys, SEED, path)
    assert code == 0
    assert 'warning: notes[0]: ' in out and '"$750"' in out
    assert out.splitlines()[-1].endswith(": 1 warning")


def test_json_output(capsys, tmp_path):
    path = tmp_path / "negotiated.docx"
    path.write_bytes(tamper_docx(document(SEED, "note").docx, "12%", "10%"))
    code, out, _ = verify(capsys, SEED, path, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert {item["field"] for item in report["problems"]} == {"notes[0].interest.rate_percent"}


# ---------------------------------------------------------------------------------------------
# Several notes: DOC is matched to the note whose holder it names


def _multi_note(tmp_path: Path, index: int) -> Path:
    note = document(MULTI, "note", index)
    path = tmp_path / f"{note.stem}.docx"
    path.write_bytes(note.docx)
    return path


@pytest.mark.parametrize("index", range(6))
def test_each_note_of_a_deal_is_matched_by_its_holder_and_title(capsys, tmp_path, index):
    path = _multi_note(tmp_path, index)
    code, out, _ = verify(capsys, MULTI, path)
    note = analysed(MULTI).deal.notes[index]
    assert code == 0, out
    assert out.splitlines()[-1].startswith(f"OK: {path} states the terms of note {note.id} in "
                                           f"{MULTI}")


def test_the_wrong_note_named_fails(capsys, tmp_path):
    path = _multi_note(tmp_path, 1)  # Thomas A. Reyes's
    code, out, _ = verify(capsys, MULTI, path, "--note", "marsh")
    assert code == 1
    fields = {m["field"] for m in map(LINE.fullmatch, out.splitlines()[:-1]) if m}
    assert {"notes[0].holder: ", "notes[0].principal: "} <= fields


def test_an_unknown_note_id_is_a_usage_error(capsys, tmp_path):
    code, out, err = verify(capsys, MULTI, _multi_note(tmp_path, 0), "--note", "nobody")
    assert (code, out) == (2, "")
    assert "no note with id 'nobody'" in err and "marsh, reyes" in err


def test_a_document_naming_no_holder_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "anonymous.docx"
    path.write_bytes(tamper_docx(document(MULTI, "note", 0).docx, "Evelyn R. Marsh, M.D.",
                                 "the Holder"))
    code, _, err = verify(capsys, MULTI, path)
    assert code == 2 and "names none of the holders" in err and "--note ID" in err


# ---------------------------------------------------------------------------------------------
# What DOC cannot be: exit 2


def test_a_document_that_is_neither_docx_nor_pdf(capsys, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("The principal is $330,000.")
    code, out, err = verify(capsys, SEED, path)
    assert (code, out) == (2, "")
    assert err == (f"dealdocs: error: {path}: verify reads a .docx or a .pdf file, not a .txt "
                   "file; save the document as DOCX or PDF\n")


@pytest.mark.parametrize("name, data, says", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "is not a DOCX"),
    ("empty-zip.docx", b"PK\x05\x06" + bytes(18), "is not a readable DOCX (Word) file"),
    ("plain.docx", b"just text", "is not a DOCX"),
    ("broken.pdf", b"%PDF-1.7\n garbage", "PDF"),
    ("plain.pdf", b"hello", "is not a PDF"),
])
def test_an_unreadable_document(capsys, tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = verify(capsys, SEED, path)
    assert (code, out) == (2, "")
    assert err.startswith(f"dealdocs: error: {path}: ") and says in err


def test_a_missing_document_or_a_directory(capsys, tmp_path):
    code, _, err = verify(capsys, SEED, tmp_path / "missing.pdf")
    assert code == 2 and "cannot read: No such file or directory" in err
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    code, _, err = verify(capsys, SEED, folder)
    assert code == 2 and "is a directory" in err


def test_a_bad_deal_file_reports_its_problems(capsys, tmp_path, seed_note):
    deal = tmp_path / "deal.yaml"
    deal.write_text("schema_version: 1\n")
    code, out, _ = verify(capsys, deal, seed_note)
    assert code == 1 and out.startswith(f"{deal}:")
