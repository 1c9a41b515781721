"""`check --final`: a deal about to be signed or filed may leave nothing to confirm."""

from __future__ import annotations

import json
from pathlib import Path

from dealdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"  # lists three placeholders


def _report(capsys, *arguments: str) -> tuple[int, list[dict]]:
    code = main(["check", "--no-pdf", "--format", "json", *arguments])
    document = json.loads(capsys.readouterr().out)
    return code, [finding for finding in document["findings"]
                  if finding["id"] == "drafting.placeholder"]


def test_placeholders_warn_in_a_plain_check_and_fail_a_final_one(capsys):
    code, plain = _report(capsys, str(SEED))
    assert code == 0 and {p["severity"] for p in plain} == {"warning"} and len(plain) == 8
    code, final = _report(capsys, "--final", str(SEED))
    assert code == 1 and {p["severity"] for p in final} == {"error"} and len(final) == 8
    assert {p["field"] for p in final} == {p["field"] for p in plain}


def test_a_deal_with_nothing_left_to_confirm_passes_a_final_check(tmp_path, capsys):
    confirmed = tmp_path / SEED.name
    text = SEED.read_text()
    confirmed.write_text(text[:text.index("\nplaceholders:")] + "\n")
    code, final = _report(capsys, "--final", str(confirmed))
    assert code == 0 and [p["severity"] for p in final] == ["info"]


def test_an_unknown_report_date_and_signatory_are_blanks_not_errors(tmp_path, capsys):
    """A draft before the report date and signer are settled: check passes with warnings (the
    8-K's deadline still computed from the event), the documents print bracketed blanks, and
    --final refuses it."""
    draft = tmp_path / SEED.name
    text = SEED.read_text().replace('  report_date: "2019-01-15"', "  report_date: placeholder")
    text = text.replace("  signatory:\n    name: Victor Lee\n    title: Chief Executive Officer\n"
                        "  item_3_02", "  signatory:\n    name: placeholder\n    title: placeholder\n"
                        "  item_3_02")
    draft.write_text(text)
    code = main(["check", "--format", "json", str(draft)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 0
    assert not [f for f in findings if f["severity"] == "error"]
    timely = next(f for f in findings if f["id"] == "form_8k.timely")
    assert timely["message"] == ("The report date is not yet known; file so that EDGAR dates "
                                 "the 8-K by Thursday, January 17, 2019")
    unknown = {f["field"] for f in findings if f["id"] == "drafting.placeholder"}
    assert {"form_8k.report_date", "form_8k.signatory.name", "form_8k.signatory.title"} <= unknown
    code, final = _report(capsys, "--final", str(draft))
    assert code == 1 and len(final) == 11
