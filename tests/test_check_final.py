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
