"""Stage 2 and the whole read path: the bad-input corpus, schema messages, structural checks.

Every file under tests/data/bad states what `check` must say about it in its first lines:

    # expect: 23:16 notes[0].principal: expected a dollar amount in quotes
    # xfail: why the code does not do that yet (the test is then a strict xfail)

`check FILE` must exit 1, print nothing on stderr, and print exactly one error line
`FILE:23:16: error: …` containing the fragment for each `# expect:` line: no more, no fewer.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealdocs import ProblemsFound, read_deal
from dealdocs.cli import main
from dealdocs.load import MAX_BYTES, load_bytes
from dealdocs.calendar import default_calendar
from dealdocs.pipeline import analyse_bytes
from dealdocs.validate import (LAST_DEAL_YEAR, deal_from, field_name, schema, schema_problems,
                               structural_problems)
from dealdocs.problems import SHORT

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
SEED_TEXT = SEED.read_text(encoding="utf-8")

_EXPECT = re.compile(r"# expect: (\d+):(\d+) (.+)")
_XFAIL = re.compile(r"# xfail: (.+)")


def expectations(path: Path) -> tuple[list[tuple[int, int, str]], str | None]:
    """The `# expect:` lines of a corpus file, and its `# xfail:` reason if any."""
    expected, reason = [], None
    for line in corpus_text(path.read_bytes()).splitlines():
        if not line.startswith("#"):
            break
        if match := _EXPECT.fullmatch(line):
            expected.append((int(match[1]), int(match[2]), match[3]))
        elif match := _XFAIL.fullmatch(line):
            reason = match[1]
    return expected, reason


def corpus_text(raw: bytes) -> str:
    """A corpus file's text: UTF-8, or the UTF-16 or UTF-32 that the bytes-utf* files are in."""
    for codec in ("utf-32", "utf-16", "utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if text.lstrip("\ufeff").startswith("#"):
            return text
    return raw.decode("utf-8", "replace")


CORPUS = sorted(path for path in BAD.iterdir() if path.is_file())


def _corpus_params():
    for path in CORPUS:
        _, reason = expectations(path)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(path, id=path.name, marks=marks)


def error_lines(output: str, file: str) -> list[tuple[int, int, str]]:
    found = []
    for line in output.splitlines():
        match = re.fullmatch(re.escape(file) + r":(\d+):(\d+): error: (.*)", line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3]))
    return found


def assert_matches(got: list[tuple[int, int, str]], expected: list[tuple[int, int, str]]) -> None:
    """Same locations, as a multiset, and each expected fragment in its own reported message."""
    assert Counter((l, c) for l, c, _ in got) == Counter((l, c) for l, c, _ in expected), got
    unused = list(got)
    for line, column, fragment in expected:
        match = next((g for g in unused if g[:2] == (line, column) and fragment in g[2]), None)
        assert match is not None, f"no error at {line}:{column} says {fragment!r}; got {got}"
        unused.remove(match)


# ---------------------------------------------------------------------------------------------
# The corpus


def test_corpus_is_large_and_every_file_states_its_expectation():
    assert len(CORPUS) >= 40
    for path in CORPUS:
        expected, _ = expectations(path)
        assert expected, f"{path.name} has no '# expect:' line"


def test_corpus_covers_every_group():
    prefixes = Counter(path.name.split("-")[0] for path in CORPUS)
    for group in ("syntax", "yaml", "trap", "type", "missing", "unknown", "enum", "date", "value",
                  "check", "bytes"):
        assert prefixes[group] >= 3, group


def test_corpus_covers_every_structural_check():
    ids = set()
    for path in CORPUS:
        if path.name.startswith("check-"):
            try:
                read_deal(path)
            except ProblemsFound as found:
                ids |= {problem.id for problem in found.problems}
    checks = {"check.duplicate-investor", "check.unknown-holder", "check.note-id", "check.maturity",
              "check.purchase-price", "check.fees", "check.funding-date", "check.default-rate",
              "check.installments", "check.totals", "check.installment-date", "check.prepayment",
              "check.prepayment-steps", "check.percent", "check.floor-cap", "check.waiting-period",
              "check.exhibit-number", "check.exhibit-note", "check.report-date", "check.shares",
              "check.symbol", "check.placeholder"}
    assert checks <= ids, checks - ids


@pytest.mark.parametrize("path", list(_corpus_params()))
def test_bad_file_text(path: Path, capsys):
    expected, _ = expectations(path)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert err == ""
    assert "Traceback" not in out
    assert_matches(error_lines(out, str(path)), expected)
    errors = f"{len(expected)} error{'s' if len(expected) != 1 else ''}"
    # one line per problem, then the summary: nothing else, and nothing a value could forge
    assert out.splitlines() == [line for line in out.splitlines()[:-1]
                                if line.startswith(f"{path}:")] + [
        f"FAILED: 1 deal file checked: {errors}"]
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", out), "control characters in the report"


@pytest.mark.parametrize("path", list(_corpus_params()))
def test_bad_file_json(path: Path, capsys):
    import json

    expected, _ = expectations(path)
    code = main(["check", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    report = json.loads(out)
    assert report["ok"] is False
    got = [(p["line"], p["column"], (p["field"] + ": " if p["field"] else "") + p["message"])
           for p in report["problems"]]
    assert all(p["file"] == str(path) and p["severity"] == "error" for p in report["problems"])
    assert_matches(got, expected)


# ---------------------------------------------------------------------------------------------
# Bad inputs too big or too odd to keep in the repository: generated into tmp_path


def _check(path: Path, capsys) -> tuple[int, str, str]:
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("content", [b"", b"\n\n   \n", b"# nothing yet\r\n# really\r\n"],
                         ids=["empty", "blank-lines", "comments-crlf"])
def test_empty_documents(tmp_path, capsys, content):
    path = tmp_path / "deal.yaml"
    path.write_bytes(content)
    code, out, _ = _check(path, capsys)
    assert code == 1
    assert error_lines(out, str(path)) == [(1, 1, "the file is empty; a deal file is a mapping "
                                                  "of fields (issuer:, notes: …)")]


@pytest.mark.parametrize("content", [b"---\n", b"--- # new deal\n"])
def test_document_start_only_is_an_empty_file(tmp_path, capsys, content):
    path = tmp_path / "deal.yaml"
    path.write_bytes(content)
    code, out, _ = _check(path, capsys)
    assert code == 1
    [(_, _, message)] = error_lines(out, str(path))
    assert "the file is empty" in message


@pytest.mark.parametrize("content", [b"~\n", b"null\n", b"true\n", b"330000\n", b"'issuer'\n",
                                     b"[issuer, notes]\n"])
def test_top_level_must_be_a_mapping(tmp_path, capsys, content):
    path = tmp_path / "deal.yaml"
    path.write_bytes(content)
    code, out, _ = _check(path, capsys)
    assert code == 1
    [(line, column, message)] = error_lines(out, str(path))
    assert (line, column) == (1, 1)
    assert message.startswith("the top level must be a mapping of fields (issuer:, notes: …), "
                              "not ")


def test_file_over_the_size_cap(tmp_path, capsys):
    path = tmp_path / "huge.yaml"
    padding = b"# " + b"x" * 97 + b"\n"
    path.write_bytes(SEED_TEXT.encode() + padding * (MAX_BYTES // len(padding) + 1))
    assert path.stat().st_size > MAX_BYTES
    code, out, _ = _check(path, capsys)
    assert code == 1
    [(line, column, message)] = error_lines(out, str(path))
    assert (line, column) == (1, 1)
    assert "larger than 1,000,000 bytes" in message


def test_file_at_the_size_cap_is_read(tmp_path, capsys):
    path = tmp_path / "padded.yaml"
    text = SEED_TEXT.encode()
    filler = MAX_BYTES - len(text)
    path.write_bytes(text + b"#" * (filler - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    code, out, _ = _check(path, capsys)
    assert code == 0, out


def test_file_one_byte_over_the_size_cap(tmp_path, capsys):
    path = tmp_path / "padded.yaml"
    text = SEED_TEXT.encode()
    path.write_bytes(text + b"#" * (MAX_BYTES - len(text)) + b"\n")
    assert path.stat().st_size == MAX_BYTES + 1
    code, out, _ = _check(path, capsys)
    assert code == 1 and "larger than" in out


@pytest.mark.parametrize("opening", ["[", "{a: ", "- ", "a:\n", "? "],
                         ids=["flow-lists", "flow-mappings", "block-lists", "block-mappings",
                              "complex-keys"])
def test_deep_nesting_is_a_located_error(tmp_path, capsys, opening):
    if opening == "a:\n":  # 1,000 levels of indentation: half a megabyte
        text = "".join(" " * i + "a:\n" for i in range(1_000))
    else:
        text = "x:\n  " + opening * 10_000 + "\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    code, out, _ = _check(path, capsys)
    assert code == 1
    [(line, column, message)] = error_lines(out, str(path))
    assert message == "the data is nested more than 32 levels deep"
    assert line >= 1 and column >= 1


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 4,
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",  # a gzip header
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00",  # a .docx (zip) header
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "issuer: Äscent\n".encode("utf-16-le"),  # UTF-16 without a byte-order mark
], ids=["all-bytes", "gzip", "docx", "pdf", "utf16-no-bom"])
def test_binary_files(tmp_path, capsys, data):
    path = tmp_path / "deal.yaml"
    path.write_bytes(data)
    code, out, _ = _check(path, capsys)
    assert code == 1
    [(line, column, message)] = error_lines(out, str(path))
    assert "binary" in message or "not UTF-8" in message
    assert line >= 1 and column >= 1


# ---------------------------------------------------------------------------------------------
# Schema messages: plain English, the field, and what was found


def _problems(text: str) -> list[tuple[str, str, str]]:
    try:
        deal_from(load_bytes(text.encode(), "deal.yaml"))
    except ProblemsFound as found:
        return [(p.id, p.field, p.message) for p in found.problems]
    return []


def _seed_with(old: str, new: str) -> str:
    assert SEED_TEXT.count(old) == 1, old
    return SEED_TEXT.replace(old, new)


def test_the_seed_is_clean():
    document = load_bytes(SEED_TEXT.encode(), str(SEED))
    assert schema_problems(document) == ()
    assert structural_problems(read_deal(SEED)) == ()


def test_unquoted_dates_mean_the_same_as_quoted_ones():
    text = _seed_with('issue_date: "2019-01-11"', "issue_date: 2019-01-11")
    deal = deal_from(load_bytes(text.encode(), "deal.yaml"))
    assert deal == read_deal(SEED)


def test_every_schema_title_reads_as_what_was_expected():
    # Every title is used as "expected <title>", so it must start in lower case and say what a
    # value looks like; a missing title falls back on the type, which is also a sentence.
    titles = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("title"), str):
                titles.append(node["title"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema()["properties"])
    walk(schema()["$defs"])
    assert titles
    for title in titles:
        assert title[0].islower() and not title.endswith("."), title


def test_several_schema_errors_are_all_reported_in_file_order():
    text = _seed_with('principal: "330000"', "principal: 330000")
    text = text.replace("accredited: true ", "accredited: yes  ")
    text = text.replace("market: otc", "market: OTC")
    problems = _problems(text)
    assert [field for _, field, _ in problems] == [
        "issuer.common_stock.market", "investors[0].accredited", "notes[0].principal"]


def test_unknown_field_suggests_the_nearest_name_or_lists_the_allowed_ones():
    text = _seed_with("    basis: simple", "    basis: simple\n      compunding: monthly")
    problems = _problems(text)
    assert ("schema.unknown-field", "notes[0].interest.compunding",
            "unknown field 'compunding'; allowed here: basis, day_count, default_rate_percent, "
            "guaranteed_months, payable, payable_in, rate_percent, share_valuation") in problems


def test_enum_suggests_the_nearest_choice():
    [(_, field, message)] = _problems(_seed_with("schedule: at_maturity", "schedule: at maturity"))
    assert field == "notes[0].repayment.schedule"
    assert message == ('expected one of: at_maturity, amortizing, on_demand; found "at maturity" '
                       "(did you mean 'at_maturity'?)")


def test_required_under_an_if_then():
    [(kind, field, message)] = _problems(_seed_with("permitted: false", "permitted: true "))
    assert (kind, field) == ("schema.required", "notes[0].prepayment.notice_days")
    assert message.startswith("this required field is missing; expected a whole number")


def test_long_values_are_shortened_in_messages():
    text = _seed_with('phone: "(720) 872-5000"', 'phone: "' + "9" * 200 + '"')
    [(_, _, message)] = _problems(text)
    assert "9" * (SHORT - 1) + "…" in message and "9" * SHORT not in message


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff", "\U000e0041"])
def test_invisible_characters_are_never_echoed(char):
    # a refused value is quoted in the message: an invisible character there could reorder or
    # hide the rest of the line on the user's terminal, so it is written as an escape
    [(_, field, message)] = _problems(_seed_with("market: otc", f'market: "otc{char}"'))
    assert field == "issuer.common_stock.market" and char not in message
    assert "found \"otc\\u" in message


def test_field_name_is_written_as_the_user_writes_paths():
    assert field_name(()) == "(top level)"
    assert field_name(("notes", 0, "interest", "rate_percent")) == "notes[0].interest.rate_percent"
    assert field_name(("placeholders", 2)) == "placeholders[2]"


def test_structural_problems_point_at_the_field_they_concern():
    text = _seed_with('report_date: "2019-01-15"', 'report_date: "2019-01-10"')
    with pytest.raises(ProblemsFound) as raised:
        deal_from(load_bytes(text.encode(), "deal.yaml"))
    [problem] = raised.value.problems
    line = text.splitlines()[problem.location.line - 1]
    assert line[problem.location.column - 1:] == '"2019-01-10"'
    assert problem.field == "form_8k.report_date" and problem.id == "check.report-date"


def test_names_that_differ_only_in_unicode_form_are_the_same_name():
    import unicodedata

    composed = "José Widjaja"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    text = _seed_with("  - name: Jason Widjaja", f"  - name: {composed}")
    text = text.replace("  - holder: Jason Widjaja", f"  - holder: {decomposed}")
    deal = deal_from(load_bytes(text.encode(), "deal.yaml"))
    assert deal.notes[0].holder == deal.investors[0].name


def test_structural_checks_accept_a_consistent_multi_note_deal():
    # check-gross-proceeds.yaml is a consistent two-note deal but for its gross proceeds.
    text = (BAD / "check-gross-proceeds.yaml").read_text()
    text = text.replace('gross_proceeds: "383000"', 'gross_proceeds: "380000"')
    deal = deal_from(load_bytes(text.encode(), "two.yaml"))
    assert [note.id for note in deal.notes] == ["a", "b"]
    assert sum(note.purchase_price for note in deal.notes) == Decimal("380000")


def test_problems_are_values_and_sorted():
    text = _seed_with('issue_date: "2019-01-11"', 'issue_date: "2020-02-01"')
    text = text.replace('report_date: "2019-01-15"', 'report_date: "2019-01-10"')
    with pytest.raises(ProblemsFound) as raised:
        deal_from(load_bytes(text.encode(), "deal.yaml"))
    problems = raised.value.problems
    assert [p.id for p in problems] == ["check.maturity", "check.report-date"]
    assert list(problems) == sorted(problems, key=lambda p: p.sort_key())
    assert all(p.is_error for p in problems)


# ---------------------------------------------------------------------------------------------
# Bounds: every value the schema accepts, up to its bound, runs through check without an internal
# error; one step past the bound is a located error (the corpus: value-*-trillion.yaml …)


def _at_the_bounds() -> str:
    """The six-note deal with every amount, share count and price at its bound, its dates at
    the end of the years the calendar covers, and no total to hold the sum below a trillion."""
    text = (ROOT / "tests" / "data" / "deals" / "multi-investor-tranches.yaml").read_text()
    text = re.sub(r'(principal|purchase_price|minimum_investment): "\d+"',
                  r'\1: "999999999999.99"', text)
    text = re.sub(r'^ +(gross_proceeds|total_offering_amount|shares_authorized): "\d+"\n', "",
                  text, flags=re.MULTILINE)
    text = re.sub(r'shares_(outstanding|reserved): "\d+"', r'shares_\1: "999999999999"', text)
    text = text.replace('price: "0.45"', 'price: "0.00000001"')
    text = re.sub(r'"202([4-7])-', lambda match: f'"209{int(match[1]) + 2}-', text)
    return text.replace('    filed_date: "2097-06-27"', '    filed_date: "2099-12-31"')


def test_a_deal_at_every_bound_checks_without_error(tmp_path, capsys):
    path = tmp_path / "bounds.yaml"
    path.write_text(_at_the_bounds())
    code, out, _ = _check_no_pdf(path, capsys)
    assert code == 0 and error_lines(out, str(path)) == [], out


def test_an_installment_of_zero_dollars_is_refused():
    # the class of the $0 principal: an amount owed (installment, advance, surrendered note,
    # facility) is above $0, or the documents print "Zero Dollars ($0)"
    text = (ROOT / "tests" / "data" / "deals" / "amortizing-prepayment.yaml").read_text()
    text = text.replace('{date: "2023-02-23", principal: "165000"}',
                        '{date: "2023-02-23", principal: "0.00"}')
    problems = _problems(text)
    assert [(field, message.split(";")[0]) for _, field, message in problems] == [
        ("notes[0].repayment.installments[0].principal", "expected a dollar amount in quotes, "
         "without $ or commas, above $0 and below one trillion, such as \"330000\"")]


def test_every_amount_owed_is_above_zero():
    properties = schema()["properties"]["notes"]["items"]["properties"]
    owed = [properties["principal"],
            properties["repayment"]["properties"]["installments"]["items"]["properties"][
                "principal"],
            properties["advances"]["items"]["properties"]["amount"],
            properties["exchange"]["properties"]["surrendered"]["items"]["properties"][
                "principal"],
            schema()["properties"]["facility"]["properties"]["commitment"]]
    for amount in owed:
        assert amount["$ref"] == "#/$defs/money" and amount["pattern"] == "^(?=.*[1-9])"


@pytest.mark.parametrize("first, last", [("1980-01-01", "1980-01-02"),
                                         ("2099-12-30", "2099-12-31")])
def test_a_deal_at_the_ends_of_the_calendar_checks_without_error(tmp_path, capsys, first, last):
    text = SEED_TEXT.replace('"2019-01-11"', f'"{first}"').replace('"2020-01-11"', f'"{last}"')
    path = tmp_path / "dates.yaml"
    path.write_text(text.replace('"2019-01-15"', f'"{last}"'))
    code, out, _ = _check_no_pdf(path, capsys)
    assert code == 0 and error_lines(out, str(path)) == [], out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.dates(min_value=date(1970, 1, 1), max_value=date(2200, 12, 31)),
       cents=st.integers(min_value=0, max_value=10 ** 15))
def test_any_date_or_amount_is_analysed_or_refused_at_its_field(day, cents):
    # the first sale, the event and the report on one day, and a note's amounts up to past their
    # bound: the deadlines are computed, or the value is refused at its field; never a crash
    amount = f"{cents // 100}.{cents % 100:02d}"
    text = _seed_with('first_sale_date: "2019-01-11"', f'first_sale_date: "{day}"')
    text = text.replace('event_date: "2019-01-11"', f'event_date: "{day}"')
    text = text.replace('report_date: "2019-01-15"', f'report_date: "{day}"')
    text = text.replace('"330000"', f'"{amount}"')
    refused = not 1980 <= day.year <= LAST_DEAL_YEAR or not 0 < cents < 10 ** 14
    try:
        analyse_bytes(text.encode(), "deal.yaml", default_calendar())
    except ProblemsFound as found:
        assert refused, found.problems
        assert {problem.field for problem in found.problems} <= {
            "offering.first_sale_date", "form_8k.event_date", "form_8k.report_date",
            "notes[0].principal", "notes[0].purchase_price", "offering.gross_proceeds"}
    else:
        assert not refused


def _check_no_pdf(path: Path, capsys) -> tuple[int, str, str]:
    code = main(["check", "--no-pdf", str(path)])
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in out + err
    return code, out, err


# ---------------------------------------------------------------------------------------------
# Property: no mutation of the seed makes the read path do anything but a Deal or ProblemsFound

SEED_LINES = SEED_TEXT.encode().splitlines(keepends=True)
SCALARS = ["", "~", "null", "true", "yes", "NO", "0", "-1", "007", "1e6", "1.5", "330000.50",
           "'x'", '"y"', "[]", "{}", "[a, b", "{a: 1", "&a x", "*a", "!!str x", "!x y", "|", ">",
           "- x", "? x", "a: b", "#", '"\\uD800"', '"\\0"', "'it''s'", "2019-02-30", "12%",
           "\t", "`", "@", "%", "---", "...", "<<: {}", "x" * 300]


@st.composite
def mutations(draw) -> bytes:
    """The seed's bytes after one to three edits of the kinds a person or a tool might make."""
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines = [b""]
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "text", "bytes", "indent",
                                     "value"]))
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), line)
        elif kind == "swap" and len(line) > 2:
            at = draw(st.integers(0, len(line) - 2))
            lines[index] = line[:at] + line[at + 1:at + 2] + line[at:at + 1] + line[at + 2:]
        elif kind in ("text", "bytes"):
            at = draw(st.integers(0, len(line)))
            junk = (draw(st.text(max_size=8)).encode() if kind == "text"
                    else draw(st.binary(min_size=1, max_size=4)))
            lines[index] = line[:at] + junk + line[at:]
        elif kind == "indent":
            width = draw(st.sampled_from([0, 1, 2, 3, 5, 8]))
            lines[index] = draw(st.sampled_from([b" ", b"\t"])) * width + line.lstrip(b" ")
        elif kind == "value" and b": " in line:
            key = line[:line.index(b": ") + 2]
            value = draw(st.sampled_from(SCALARS) | st.text(max_size=12))
            lines[index] = key + value.encode() + b"\n"
    return b"".join(lines)


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(raw=mutations())
def test_mutated_seed_gives_a_deal_or_located_problems(tmp_path, raw):
    path = tmp_path / "mutant.yaml"
    path.write_bytes(raw)
    try:
        deal = read_deal(path)
    except ProblemsFound as found:
        problems = found.problems
    else:
        assert deal.source.file == str(path)
        return
    assert problems
    lines = max(len(raw.decode("utf-8", "replace").splitlines()), raw.count(b"\n"))
    for problem in problems:
        assert problem.location.file == str(path)
        assert 1 <= problem.location.line <= lines + 1, problem
        assert problem.location.column >= 1, problem
        assert problem.message.strip(), problem
