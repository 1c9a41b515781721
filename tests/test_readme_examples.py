"""The README's examples of the deal language ("The terms of a deal, part by part") hold: each
block's fields are valid where its first line says they go, read as dealdocs reads a deal file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from dealdocs.load import load_bytes

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA = json.loads((ROOT / "schemas" / "deal.schema.json").read_text(encoding="utf-8"))
SECTION = README[README.index("### The terms of a deal, part by part"):
                 README.index("### Upgrading a deal file")]
BLOCKS = re.findall(r"```yaml\n(# in ([^:\n]+):[^\n]*)\n(.*?)```", SECTION, re.DOTALL)


def pointer(where: str) -> str:
    """'notes[].conversion' → the JSON pointer of that object's schema."""
    if where == "the top level":
        return "#/$defs/__root"
    path = "#/$defs/__root"
    for part in where.split("."):
        many = part.endswith("[]")
        path += f"/properties/{part.removesuffix('[]')}" + ("/items" if many else "")
    return path


def validator(ref: str) -> Draft202012Validator:
    root = {key: value for key, value in SCHEMA.items() if key not in ("$defs", "$id", "$schema")}
    return Draft202012Validator({"$defs": dict(SCHEMA["$defs"], __root=root), "$ref": ref})


def test_the_section_has_an_example_of_each_construct():
    assert len(BLOCKS) >= 25
    fields = {line.split(":")[0].strip("- ") for _, _, body in BLOCKS for line in body.splitlines()}
    for construct in ("price", "price_changes", "market_price", "starts_in_month",
                      "share_valuation", "not_before", "no_demand_before", "exchange", "amendment",
                      "facility", "advances", "tranche", "unit", "investor_rights",
                      "registration_rights", "dated_as_of", "collateral", "named_in_8k",
                      "defined_term", "registered_under", "issuer_expenses",
                      "fee_to_be_determined", "placeholders", "additional_terms", "items", "layout",
                      "cover_dates"):
        assert construct in fields, construct


@pytest.mark.parametrize("heading, where, body", BLOCKS, ids=[b[0][5:60] for b in BLOCKS])
def test_each_example_is_valid_where_it_goes(heading, where, body):
    fields = load_bytes(body.encode("utf-8")).data
    assert isinstance(fields, dict) and fields, heading
    resolved = pointer(where)
    for name, value in fields.items():
        errors = [error.message for error in
                  validator(f"{resolved}/properties/{name}").iter_errors(value)]
        assert errors == [], f"{heading}: {name}: {errors}"
