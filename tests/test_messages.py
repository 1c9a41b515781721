"""Messages stay short and plain: a value is quoted cut to SHORT characters with "…", never whole;
an empty key says so; a file in UTF-16 or UTF-32 is named as such, with or without a byte-order
mark. (The bad-input corpus holds one file of each kind too: bytes-utf*, yaml-empty-key*,
unknown-long-key.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dealdocs import ProblemsFound
from dealdocs.cli import main
from dealdocs.load import EMPTY_KEY, load_bytes
from dealdocs.problems import SHORT, quoted, shorten
from dealdocs.validate import deal_from

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
SEED_TEXT = SEED.read_text(encoding="utf-8")
LONG = "Q" * 5_000  # a value nobody wants to read twice


def test_shorten_keeps_short_text_and_cuts_long_text_to_the_limit():
    assert shorten("Ascent") == "Ascent"
    assert shorten("x" * SHORT) == "x" * SHORT
    assert shorten("x" * (SHORT + 1)) == "x" * (SHORT - 1) + "…"
    assert len(shorten(LONG)) == SHORT
    assert quoted(LONG) == "'" + "Q" * (SHORT - 1) + "…'"


def _messages(raw: bytes) -> list[str]:
    try:
        deal_from(load_bytes(raw, "deal.yaml"))
    except ProblemsFound as found:
        return [f"{problem.field}: {problem.message}" for problem in found.problems]
    raise AssertionError("no problem reported")


def _assert_cut(messages: list[str]) -> None:
    assert messages
    # the value's first characters, all but a sigil or a quote of SHORT, then "…"
    assert any(re.search(f"Q{{{SHORT - 2},{SHORT - 1}}}…", message) for message in messages), \
        messages
    assert all("Q" * SHORT not in message for message in messages), messages


@pytest.mark.parametrize("text", [
    f"a: !{LONG} x\n",  # a tag
    f"a: &{LONG} x\n",  # an anchor
    f"a: *{LONG}\n",  # an alias
    f"a: 1\n{LONG[:1000]}: 1\n{LONG[:1000]}: 2\n",  # a duplicate key
    f"{LONG}\n",  # a top-level scalar
], ids=["tag", "anchor", "alias", "duplicate-key", "top-level-scalar"])
def test_loader_messages_cut_long_values(text):
    _assert_cut(_messages(text.encode()))


def test_a_long_number_with_a_leading_zero_is_cut():
    [message] = _messages(b"a: 0" + b"7" * 90 + b"\n")  # under the 100-digit cap, over 80
    assert "0" + "7" * (SHORT - 2) + "…" in message and "7" * SHORT not in message


@pytest.mark.parametrize("old, new", [
    ("investors:\n", f"investors:\n  - name: {LONG[:190]}\n    kind: individual\n"
                     f"    accredited: true\n  - name: {LONG[:190]}\n    kind: individual\n"
                     "    accredited: true\n"),
    ("holder: Jason Widjaja", f"holder: {LONG[:190]}"),
    ("issuer:\n", f"issuer:\n  {LONG[:1000]}: 1\n"),
], ids=["duplicate-investor", "unknown-holder", "unknown-field"])
def test_validation_messages_cut_long_values(old, new):
    assert SEED_TEXT.count(old) == 1, old
    _assert_cut(_messages(SEED_TEXT.replace(old, new).encode()))


def test_a_long_schema_value_is_cut_to_the_same_length():
    old = 'phone: "(720) 872-5000"'
    messages = _messages(SEED_TEXT.replace(old, f'phone: "{LONG}"').encode())
    _assert_cut(messages)


@pytest.mark.parametrize("text, line, column", [
    ("a: 1\n: x\n", 2, 1),
    (": x\na: 1\n", 1, 1),
    ("a:\n  b: 1\n  : x\n", 3, 3),
    ("a:\n  - b: 1\n    : x\n", 3, 5),
    ('a: 1\n"": x\n', 2, 1),
    ("a: 1\n'': x\n", 2, 1),
    ('a: {"": 1}\n', 1, 5),
])
def test_an_empty_key_says_empty_key(text, line, column):
    with pytest.raises(ProblemsFound) as raised:
        load_bytes(text.encode(), "deal.yaml")
    [problem] = raised.value.problems
    assert problem.message == EMPTY_KEY
    assert (problem.location.line, problem.location.column) == (line, column)


TEXT = "schema_version: 1\nissuer:\n  name: Äscent 株式会社\n"


@pytest.mark.parametrize("codec, bom, name", [
    ("utf-16-le", b"", "UTF-16 (little-endian, without a byte-order mark)"),
    ("utf-16-be", b"", "UTF-16 (big-endian, without a byte-order mark)"),
    ("utf-32-le", b"", "UTF-32 (little-endian, without a byte-order mark)"),
    ("utf-32-be", b"", "UTF-32 (big-endian, without a byte-order mark)"),
    ("utf-16-le", b"\xff\xfe", "UTF-16 (Unicode, with a byte-order mark)"),
    ("utf-16-be", b"\xfe\xff", "UTF-16 (big-endian, with a byte-order mark)"),
    ("utf-32-le", b"\xff\xfe\0\0", "UTF-32 (little-endian, with a byte-order mark)"),
    ("utf-32-be", b"\0\0\xfe\xff", "UTF-32 (big-endian, with a byte-order mark)"),
])
def test_wide_encodings_are_named(codec, bom, name):
    with pytest.raises(ProblemsFound) as raised:
        load_bytes(bom + TEXT.encode(codec), "deal.yaml")
    [problem] = raised.value.problems
    assert problem.id == "yaml.encoding"
    assert problem.message == f"the file is saved as {name}, not UTF-8; save it as UTF-8"


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0",
    bytes(range(256)) * 4,
    b"a: 1\nb: x\0y\n",
], ids=["png", "all-bytes", "one-nul"])
def test_binary_files_are_not_taken_for_utf16(raw):
    with pytest.raises(ProblemsFound) as raised:
        load_bytes(raw, "deal.yaml")
    assert [problem.id for problem in raised.value.problems] == ["yaml.binary"]


def test_a_long_date_argument_is_cut(capsys):
    with pytest.raises(SystemExit):
        main(["deadlines", "2019-" + "1" * 5000])
    _, err = capsys.readouterr()
    assert "1" * SHORT not in err and "…" in err
