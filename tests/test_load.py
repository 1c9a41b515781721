"""Stage 1: the strict YAML loader. Values mean what they say, and every value knows its place."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from dealdocs.load import MAX_BYTES, MAX_DEPTH, Document, SourceMap, load_bytes, load_file
from dealdocs.problems import Location, ProblemsFound, UsageError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
SEED_BYTES = SEED.read_bytes()


def value_of(scalar: str):
    return load_bytes(f"a: {scalar}\n".encode(), "t.yaml").data["a"]


def refusal(text: str | bytes) -> list[tuple[str, int, int, str]]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(ProblemsFound) as raised:
        load_bytes(raw, "t.yaml")
    return [(p.id, p.location.line, p.location.column, p.message) for p in raised.value.problems]


# ---------------------------------------------------------------------------------------------
# The scalar table: plain true/false/null/~/nothing, decimal ints and decimals; all else is text


@pytest.mark.parametrize("scalar, expected", [
    ("true", True), ("false", False),
    ("null", None), ("~", None), ("", None), ("   # a comment", None),
    ("0", 0), ("5", 5), ("-5", -5), ("330000", 330000),
    ("12345678901234567890", 12345678901234567890),
])
def test_plain_scalars_that_are_not_text(scalar, expected):
    value = value_of(scalar)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("scalar", ["0.0001", "1.5", "-0.25", "330000.50", "12.0", "0.10",
                                    "99999999999999999999.99999999"])
def test_plain_decimals_are_exact_decimals_never_floats(scalar):
    value = value_of(scalar)
    assert type(value) is Decimal
    assert str(value) == scalar  # the digits as written: 330000.50 keeps its trailing zero


@pytest.mark.parametrize("scalar", [
    # YAML 1.1 booleans and nulls, in every case
    "yes", "no", "Yes", "NO", "on", "off", "y", "n", "True", "FALSE", "Null", "NULL",
    # numbers YAML 1.1 or 1.2 would read, but a deal file must quote
    "+5", "1e6", "1E6", "1.5e3", ".5", "5.", "0x1A", "0o17", "0b101", "1_000", "1,000", "12:30",
    ".inf", "-.inf", ".nan", "$330,000", "12%", "30_360", "1.2.3",
    # dates and times stay as written; the schema checks them
    "2019-01-11", "2019-01-11 16:05", "2019-01-11T16:05:00Z",
    # words
    "none", "Delaware", "CO", "ASTI", "Ascent Solar Technologies, Inc.", "=", "<<",
])
def test_everything_else_stays_text_as_written(scalar):
    value = value_of(scalar)
    assert value == scalar and type(value) is str


@pytest.mark.parametrize("scalar, expected", [
    ('"true"', "true"), ("'5'", "5"), ('"null"', "null"), ('""', ""), ("''", ""),
    ('"1.50"', "1.50"), ("'0001350102'", "0001350102"), ('"it\\u0027s"', "it's"),
    ("'it''s'", "it's"), ("|\n  line one\n  line two", "line one\nline two\n"),
    (">-\n  folded\n  text", "folded text"),
])
def test_quoted_and_block_scalars_are_always_text(scalar, expected):
    value = value_of(scalar)
    assert value == expected and type(value) is str


def test_keys_stay_text_as_written():
    text = b"yes: 1\nno: 2\n1: 3\nnull: 4\ntrue: 5\n2019-01-11: 6\n'quoted': 7\n0.5: 8\n"
    data = load_bytes(text, "t.yaml").data
    assert list(data) == ["yes", "no", "1", "null", "true", "2019-01-11", "quoted", "0.5"]
    assert all(type(key) is str for key in data)


def test_collections_nest_as_dicts_and_lists_in_file_order():
    data = load_bytes(b"b:\n  - x: 1\n    y: [true, ~]\n  - {}\na: []\n", "t.yaml").data
    assert data == {"b": [{"x": 1, "y": [True, None]}, {}], "a": []}
    assert list(data) == ["b", "a"]


def test_the_seed_loads_to_the_values_it_states():
    data = load_bytes(SEED_BYTES, "seed.yaml").data
    assert data["schema_version"] == 1
    assert data["issuer"]["cik"] == "0001350102"
    assert data["notes"][0]["principal"] == "330000"
    assert data["notes"][0]["conversion"]["price"]["variable"]["lookback_trading_days"] == 5
    assert data["investors"][0]["accredited"] is True
    assert data["offering"]["exemptions"] == ["section_4a2", "rule_506b"]


# ---------------------------------------------------------------------------------------------
# Positions: 1-based line and column of every value and every key


def test_positions_of_values_and_keys():
    text = b"a: 1\nb:\n  c: 'x'\n  d:\n    - 10\n    - {e: f}\n"
    source = load_bytes(text, "t.yaml").source
    assert source.file == "t.yaml"
    at = lambda line, column: Location("t.yaml", line, column)  # noqa: E731
    assert source.values[()] == at(1, 1)
    assert source.values[("a",)] == at(1, 4) and source.keys[("a",)] == at(1, 1)
    assert source.values[("b",)] == at(3, 3) and source.keys[("b",)] == at(2, 1)
    assert source.values[("b", "c")] == at(3, 6) and source.keys[("b", "c")] == at(3, 3)
    assert source.values[("b", "d")] == at(5, 5)
    assert source.values[("b", "d", 0)] == at(5, 7)
    assert source.values[("b", "d", 1)] == at(6, 7)
    assert source.values[("b", "d", 1, "e")] == at(6, 11)
    assert source.keys[("b", "d", 1, "e")] == at(6, 8)
    assert ("b", "d", 0) not in source.keys  # list items have no key


def _walk(data, path=()):
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, path + (index,))


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom", "bom-crlf"])
def test_every_position_in_the_seed_points_at_its_text(variant):
    raw = SEED_BYTES.replace(b"\n", b"\r\n") if "crlf" in variant else SEED_BYTES
    raw = b"\xef\xbb\xbf" + raw if "bom" in variant else raw
    document = load_bytes(raw, "seed.yaml")
    lines = SEED_BYTES.decode().splitlines()
    assert document.data == load_bytes(SEED_BYTES, "seed.yaml").data
    checked = 0
    for path, value in _walk(document.data):
        location = document.source.values[path]
        here = lines[location.line - 1][location.column - 1:]
        if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
            assert here.lstrip("\"'").startswith(str(value)[:20]), (path, here)
            checked += 1
        if path and isinstance(path[-1], str):
            key = document.source.keys[path]
            assert lines[key.line - 1][key.column - 1:].startswith(path[-1] + ":"), path
    assert checked > 40
    assert set(document.source.values) == {path for path, _ in _walk(document.data)}


def test_positions_count_characters_not_bytes():
    source = load_bytes("name: Renée\ncity: Zürich\n".encode(), "t.yaml").source
    assert source.values[("city",)] == Location("t.yaml", 2, 7)
    problems = refusal("name: Renée Zürich: x\n")
    assert [(line, column) for _, line, column, _ in problems] == [(1, 19)]


def test_source_map_is_read_only():
    source = load_bytes(b"a: 1\n", "t.yaml").source
    with pytest.raises(TypeError):
        source.values[("b",)] = Location("t.yaml", 1, 1)  # type: ignore[index]
    with pytest.raises(Exception):
        source.file = "other"  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# SourceMap.locate: the position of a path, or of the nearest enclosing value the file has


@pytest.fixture(scope="module")
def seed_source() -> SourceMap:
    return load_bytes(SEED_BYTES, "seed.yaml").source


def test_locate_a_value_and_a_key(seed_source):
    path = ("notes", 0, "principal")
    assert seed_source.locate(path) == seed_source.values[path]
    assert seed_source.locate(path, key=True) == seed_source.keys[path]
    assert seed_source.locate(list(path)) == seed_source.values[path]  # any sequence will do


@pytest.mark.parametrize("missing, enclosing", [
    (("notes", 0, "id"), ("notes", 0)),
    (("notes", 0, "interest", "default_rate_percent"), ("notes", 0, "interest")),
    (("notes", 0, "repayment", "installments", 3, "date"), ("notes", 0, "repayment")),
    (("notes", 7, "principal"), ("notes",)),
    (("warrants", 0, "holder"), ()),
    (("nonsense",), ()),
    ((), ()),
])
def test_locate_falls_back_to_the_nearest_enclosing_value(seed_source, missing, enclosing):
    assert seed_source.locate(missing) == seed_source.values[enclosing]
    assert seed_source.locate(missing, key=True) == seed_source.values[enclosing]


def test_locate_of_a_list_item_has_no_key_and_gives_its_value(seed_source):
    path = ("offering", "exemptions", 1)
    assert seed_source.locate(path, key=True) == seed_source.values[path]


# ---------------------------------------------------------------------------------------------
# Refusals: each with its id, its place and a message that says what to do


EMPTY = "the file is empty; a deal file is a mapping of fields (issuer:, notes: …)"
NOT_MAPPING = "the top level must be a mapping of fields (issuer:, notes: …), not "
TAG = "tags such as {} are not allowed; write plain values"
DUPLICATE = "duplicate key {} (first given at line {}); each field may appear once"


@pytest.mark.parametrize("text, expected", [
    ("a: &x 1\n", ("yaml.anchor", 1, 4, "anchors (&x) are not allowed; "
                                        "write each value out in full")),
    ("a: *x\n", ("yaml.alias", 1, 4, "aliases (*x) are not allowed; write the value out in full")),
    ("a: 1\n<<: {b: 2}\n", ("yaml.merge-key", 2, 1, "merge keys (<<) are not allowed; "
                                                      "write each field out in full")),
    ("a: !!python/object:os.system x\n", ("yaml.tag", 1, 4,
                                           TAG.format("'!!python/object:os.system'"))),
    ("a: !money '5'\n", ("yaml.tag", 1, 4, TAG.format("'!money'"))),
    ("a: !!str 5\n", ("yaml.tag", 1, 4, TAG.format("'!!str'"))),
    ("a: ! 5\n", ("yaml.tag", 1, 4, TAG.format("'!'"))),
    ("a: !!map {b: 1}\n", ("yaml.tag", 1, 4, TAG.format("'!!map'"))),
    ("a: 1\nb: 2\na: 3\n", ("yaml.duplicate-key", 3, 1, DUPLICATE.format("'a'", 1))),
    ("a:\n  b: 1\n  'b': 2\n", ("yaml.duplicate-key", 3, 3, DUPLICATE.format("'b'", 2))),
    ("[a, b]: 1\n", ("yaml.complex-key", 1, 1, "a key must be a plain name, not a list")),
    ("? {a: 1}\n: 2\n", ("yaml.complex-key", 1, 3, "a key must be a plain name, not a mapping")),
    ("a: 1\n---\nb: 2\n", ("yaml.syntax", 2, 1, "the file holds more than one YAML document "
                                                 "('---'); put one deal in each file")),
    ("a: b: c\n", ("yaml.syntax", 1, 5, "unexpected ':'; put quotes around a value that "
                                        "contains ': '")),
    ("a:\n\tb: 1\n", ("yaml.syntax", 2, 1, "a tab character; YAML must be indented with spaces")),
    ("a: 'b\n", ("yaml.syntax", 1, 4, "this quoted value is not closed; add the closing quote")),
    ("", ("yaml.empty", 1, 1, EMPTY)),
    ("# just a comment\n", ("yaml.empty", 1, 1, EMPTY)),
    ("- a\n", ("yaml.not-mapping", 1, 1, NOT_MAPPING + "a list")),
    ("deal\n", ("yaml.not-mapping", 1, 1, NOT_MAPPING + "the value 'deal'")),
    ("a: b\x07\n", ("yaml.character", 1, 5, "the control character U+0007 is not allowed in "
                                            "YAML text")),
    ("a: 1\nb: \x1b[31m\n", ("yaml.character", 2, 4, "the control character U+001B is not "
                                                      "allowed in YAML text")),
    (b"a: 1\nb: caf\xe9\n", ("yaml.encoding", 2, 7, "the file is not UTF-8 text (byte 0xe9); "
                                                   "save it as UTF-8")),
    (b"a: 1\nb: x\x00y\n", ("yaml.binary", 2, 5, "this is a binary file, not YAML text")),
], ids=lambda value: value[0] if isinstance(value, tuple) else None)
def test_refusals(text, expected):
    assert refusal(text) == [expected]


@pytest.mark.parametrize("text", ["a: [b, c\n", "a: {b: c\n"])
def test_a_bracket_open_at_the_end_of_the_file(text):
    [(id_, _, _, message)] = refusal(text)
    assert id_ == "yaml.syntax"
    assert message == "the file ends inside a quoted value or a bracket"


def test_builder_refusals_are_all_reported_together():
    text = "a: 1\na: 2\n<<: {b: 1}\nc:\n  [x]: 1\n  d: 1\n  d: 2\n"
    assert [(id_, line) for id_, line, _, _ in refusal(text)] == [
        ("yaml.duplicate-key", 2), ("yaml.merge-key", 3), ("yaml.complex-key", 5),
        ("yaml.duplicate-key", 7)]


def test_a_quoted_merge_key_is_an_ordinary_key():
    assert load_bytes(b"'<<': 1\n", "t.yaml").data == {"<<": 1}


def test_anchor_is_refused_before_its_alias_is_expanded():
    # a billion laughs never gets as far as expanding anything
    text = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n"
    assert [id_ for id_, *_ in refusal(text)] == ["yaml.anchor"]


def test_bom_is_accepted():
    document = load_bytes(b"\xef\xbb\xbfa: 1\nb: x\n", "t.yaml")
    assert document.data == {"a": 1, "b": "x"}
    assert document.source.keys[("a",)] == Location("t.yaml", 1, 1)


def test_crlf_line_endings_are_accepted():
    assert load_bytes(b"a: 1\r\nb:\r\n  c: x\r\n", "t.yaml").data == {"a": 1, "b": {"c": "x"}}


def test_a_bom_alone_is_an_empty_file():
    assert [id_ for id_, *_ in refusal(b"\xef\xbb\xbf")] == ["yaml.empty"]


@pytest.mark.parametrize("depth, ok", [(MAX_DEPTH - 1, True), (MAX_DEPTH, False), (10_000, False)])
def test_nesting_is_capped(depth, ok):
    # the top-level mapping is one level, each list one more
    text = "a: " + "[" * depth + "]" * depth + "\n"
    if ok:
        value = load_bytes(text.encode(), "t.yaml").data["a"]
        for _ in range(depth - 1):
            value = value[0]
        assert value == []
    else:
        [(id_, line, column, message)] = refusal(text)
        assert id_ == "yaml.depth" and line == 1
        assert column == len("a: ") + MAX_DEPTH  # the first list that is one level too deep
        assert message == f"the data is nested more than {MAX_DEPTH} levels deep"


def test_the_seed_is_far_from_the_nesting_cap():
    data = load_bytes(SEED_BYTES, "seed.yaml").data
    deepest = max(len(path) for path, _ in _walk(data))
    assert deepest + 1 < MAX_DEPTH


@pytest.mark.parametrize("size, ok", [(MAX_BYTES, True), (MAX_BYTES + 1, False)])
def test_size_cap(size, ok):
    raw = b"a: 1\n" + b"#" * (size - 6) + b"\n"
    assert len(raw) == size
    if ok:
        assert load_bytes(raw, "t.yaml").data == {"a": 1}
    else:
        assert refusal(raw) == [("yaml.size", 1, 1, "the file is larger than 1,000,000 bytes; "
                                                    "is it a deal file?")]


# ---------------------------------------------------------------------------------------------
# load_file: the path as given, and usage errors for what is not a readable file


def test_load_file_keeps_the_path_as_given(tmp_path, monkeypatch):
    (tmp_path / "filings").mkdir()
    (tmp_path / "filings" / "x.yaml").write_bytes(b"a: 1\n")
    monkeypatch.chdir(tmp_path)
    document = load_file("filings/x.yaml")
    assert isinstance(document, Document)
    assert document.file == "filings/x.yaml"
    assert document.source.values[("a",)].file == "filings/x.yaml"
    assert load_file(Path("filings/x.yaml")).file == "filings/x.yaml"


def test_load_file_reports_problems_with_the_path_as_given(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: yes: no\n")
    with pytest.raises(ProblemsFound) as raised:
        load_file(path)
    assert {p.location.file for p in raised.value.problems} == {str(path)}


def test_a_directory_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="is a directory, not a deal file"):
        load_file(tmp_path)


def test_a_missing_file_is_a_usage_error(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(UsageError) as raised:
        load_file(path)
    assert str(raised.value) == f"{path}: cannot read: No such file or directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_a_usage_error(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_bytes(b"a: 1\n")
    path.chmod(0)
    with pytest.raises(UsageError, match="cannot read: Permission denied"):
        load_file(path)


def test_load_file_reads_no_more_than_the_cap(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # a sparse 50 MB file: only the first MB may be read
        handle.truncate(50 * MAX_BYTES)
    with pytest.raises(ProblemsFound) as raised:
        load_file(path)
    assert [p.id for p in raised.value.problems] == ["yaml.size"]
