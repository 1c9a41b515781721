"""The registry as a whole: stable ids, citations, the rules table, and `check` end to end."""

from __future__ import annotations

import json
import re

import pytest
from dealcase import DEALS, ROOT, SEED, deal, facts_of

from dealdocs import rules
from dealdocs.cli import main
from dealdocs.problems import Severity, Status

rules._load_regimes()
REGIMES = {"form_8k", "reg_d", "form_d", "state", "resale", "exchange", "drafting"}
TABLE = (ROOT / "README.md").read_text(encoding="utf-8")  # the README holds the rules table
EXAMPLES = sorted(DEALS.glob("*.yaml"))


def test_ids_are_unique_and_named_by_regime():
    ids = [r.id for r in rules.REGISTRY]
    assert len(ids) == len(set(ids))
    for r in rules.REGISTRY:
        assert r.regime in REGIMES
        assert re.fullmatch(rf"{r.regime}\.[a-z0-9.\-]+", r.id), r.id


def test_every_rule_has_a_citation_a_requirement_and_its_r_numbers():
    for r in rules.REGISTRY:
        assert r.citation and r.requirement.endswith("."), r.id
        doc = r.check.__doc__ or ""
        assert re.search(r"\bR\d+\b", doc) or "No R-number" in doc, r.id


def test_the_rules_table_covers_r1_to_r36_and_every_rule():
    rows = re.findall(r"^\| (R\d+) \|", TABLE, flags=re.M)
    assert rows == [f"R{n}" for n in range(1, 37)]
    for r in rules.REGISTRY:
        assert f"`{r.id}`" in TABLE, r.id


def test_the_rules_table_marks_every_unverified_rule():
    for r in rules.REGISTRY:
        if r.unverified:
            rows = [line for line in TABLE.splitlines() if f"`{r.id}`" in line]
            assert any("unverified" in row for row in rows), r.id


def test_the_r_numbers_in_docstrings_match_the_table():
    for r in rules.REGISTRY:
        for number in re.findall(r"\bR(\d+)\b", r.check.__doc__ or ""):
            row = next(line for line in TABLE.splitlines() if line.startswith(f"| R{number} |"))
            assert f"`{r.id}`" in row, (r.id, number)


@pytest.mark.parametrize("path", [SEED, *EXAMPLES], ids=lambda p: p.stem)
def test_every_rule_runs_on_every_deal_with_located_cited_findings(path):
    the_deal = deal("seed" if path == SEED else path.stem)
    found = rules.evaluate(the_deal, facts_of(the_deal))
    assert {p.id for p in found} == {r.id for r in rules.REGISTRY}
    for finding in found:
        assert finding.citation and finding.status is not None
        assert finding.location.file.endswith(path.name)
        assert finding.message and not finding.message.endswith(".")
    for item in ("1.01", "2.03", "3.02", "9.01"):
        assert sum(p.id == f"form_8k.item-{item}" for p in found) == 1
    actions = [p for p in found if p.severity is Severity.ACTION]
    assert all(p.status is Status.ACTION_REQUIRED for p in actions)


def test_check_on_the_seed(capsys):
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "action: form_8k.event_date: Form 8-K is due Thursday, January 17, 2019" in out
    assert "action: offering.first_sale_date: Form D is due Monday, January 28, 2019" in out
    assert out.splitlines()[-1].startswith("OK: 1 deal file checked")


def test_check_json_on_the_seed(capsys):
    assert main(["check", str(SEED), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is True
    findings = {f["id"]: f for f in document["findings"]}
    for rule_id in ("form_8k.item-1.01", "form_8k.item-2.03", "form_8k.item-3.02",
                    "form_8k.item-9.01", "reg_d.506b-general-solicitation",
                    "reg_d.506b-purchasers", "reg_d.bad-actor", "form_d.due"):
        assert findings[rule_id]["citation"]
    assert findings["form_8k.due"]["due"] == "2019-01-17"
    assert findings["form_d.due"]["due"] == "2019-01-28"
    assert findings["form_8k.item-3.02"]["status"] == "action required"  # no floor
    assert findings["form_8k.item-3.02"]["unverified"] is True
    assert findings["form_8k.item-1.01"]["line"] == 94


def test_an_error_finding_fails_check(tmp_path, capsys):
    text = SEED.read_text(encoding="utf-8").replace("general_solicitation: false",
                                                   "general_solicitation: true")
    path = tmp_path / "solicited.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error: offering.general_solicitation: The offering used general solicitation" in out
    assert out.splitlines()[-1].startswith("FAILED")
