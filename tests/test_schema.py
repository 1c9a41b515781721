"""The schema is the user's reference: every field explained, every object closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "deal.schema.json")
                    .read_text(encoding="utf-8"))


def _subschemas(node, path="$"):
    """Every schema object in the document, with a readable path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, child in value.items():
                    yield from _subschemas(child, f"{path}.{name}")
            elif key in ("items", "if", "then", "else"):
                yield from _subschemas(value, f"{path}[{key}]")
            elif key in ("allOf", "anyOf", "oneOf"):
                for index, child in enumerate(value):
                    yield from _subschemas(child, f"{path}.{key}[{index}]")


def test_is_a_valid_2020_12_schema_with_an_id():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].startswith("https://")


@pytest.mark.parametrize(("path", "node"), [(p, n) for p, n in _subschemas(SCHEMA)
                                            if n.get("type") == "object"])
def test_every_object_is_closed(path, node):
    assert node.get("additionalProperties") is False, path


@pytest.mark.parametrize(("path", "node"), [
    (f"{p}.{name}", child) for p, n in _subschemas(SCHEMA)
    for name, child in n.get("properties", {}).items()
    if "[if]" not in p])  # an `if` names a field to test it; the field is described where it is
def test_every_field_has_a_description_for_lawyers(path, node):
    assert len(node.get("description", "")) >= 10, path


def test_money_and_dates_are_text_with_patterns():
    definitions = SCHEMA["$defs"]
    for kind in ("money", "price", "shares", "percent", "percent_of_balance", "date"):
        assert definitions[kind]["type"] == "string" and definitions[kind]["pattern"], kind
    assert definitions["date"]["format"] == "date"
