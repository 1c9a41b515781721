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


# ---------------------------------------------------------------------------------------------
# Free text: the characters `$defs/text` admits (names are text by $ref) are the ones the PDF can
# print. The pattern is the one statement of that set; these tests hold it to the bundled fonts,
# so that `check --no-pdf` never passes a value that `build` then cannot print.

ROOT = Path(__file__).resolve().parents[1]
FONTS = sorted((ROOT / "templates" / "fonts").glob("*.ttf"))


def _admitted() -> list[str]:
    from dealdocs.validate import _anchored

    admits = _anchored(SCHEMA["$defs"]["text"]["pattern"]).search
    return [chr(code) for code in range(0x110000)
            if not 0xD800 <= code <= 0xDFFF and admits(f"a{chr(code)}a")]


ADMITTED = _admitted()


def test_text_is_one_set_of_characters_with_spaces_only_inside():
    pattern = SCHEMA["$defs"]["text"]["pattern"]
    characters = pattern[2:pattern.index("]")]
    assert pattern == f"^[{characters}](?:[ {characters}]*[{characters}])?$"


def test_names_are_text():
    name = SCHEMA["$defs"]["name"]
    assert name["$ref"] == "#/$defs/text" and "pattern" not in name
    assert name["maxLength"] < SCHEMA["$defs"]["text"]["maxLength"]


def test_every_admitted_character_has_a_glyph_in_every_bundled_font():
    from fontTools.ttLib import TTFont

    assert len(FONTS) == 5  # Liberation Serif in four styles, DejaVu Sans
    for font in FONTS:
        glyphs = TTFont(font).getBestCmap()
        # text-transform (titles are in capitals) prints other characters: "ŉ" as "ʼN"
        missing = sorted({printed for char in ADMITTED for printed in char + char.upper() + char.lower()
                          if ord(printed) not in glyphs})
        assert not missing, (font.name, [f"U+{ord(char):04X}" for char in missing])


def test_no_admitted_character_is_invisible_a_control_a_mark_or_a_special_space():
    import unicodedata

    assert " " in ADMITTED
    odd = [f"U+{ord(char):04X}" for char in ADMITTED if char != " " and
           unicodedata.category(char)[0] in "CZM"]
    assert odd == []


@pytest.mark.parametrize("text", [
    "José Müller-Łukasiewicz", "Nguyễn Thị Minh Khai", "Søren Ørsted Æbelø", "Ștefan Țurcanu",
    "O’Brien & Co. — “Fund” №1", "Straße 5, Suite #200 (Attn: Legal)", "€1,000 ± 2% § 4(a)(2)",
    "Ascent™ Solar® ©2019 • ½ ¼ ¾ …", "{{ x }} {_{ y }_} <z> \\ | ~ ^ `"])
def test_names_lawyers_write_are_admitted(text):
    assert set(text) <= set(ADMITTED), set(text) - set(ADMITTED)


@pytest.mark.parametrize("char", [
    "😀", "太", "Ж", "Ω", "\u0301", "\u00a0", "\u2007", "\u3000", "\u00ad", "\u200b", "\u200d",
    "\u202e", "\u2066", "\u2069", "\ufeff", "\U000e0041", "\U000e007f", "\ue000", "\x85", "\u2028"])
def test_unprintable_invisible_and_direction_characters_are_refused(char):
    assert char not in ADMITTED
