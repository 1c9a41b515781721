"""`dealdocs migrate`: a version-1 deal file rewritten as version 2 means the same deal (the same
model, the same documents), keeps every comment and every line it need not change, is written
atomically, and `--check` tells CI which files still need it."""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dealdocs import ProblemsFound, read_deal
from dealdocs import migrate as migrate_module
from dealdocs.cli import main
from dealdocs.load import load_bytes
from dealdocs.migrate import MigrationError, migrate_bytes
from dealdocs.validate import deal_from

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
SEED_PRICE = """\
      price:
        variable:
          percent_of_market: "80"
          measure: lowest_closing_bid_price
          lookback_trading_days: 5
          includes_conversion_date: false   # "immediately preceding the Conversion Date"
"""


def _deal_files() -> list[Path]:
    """Every deal file in the repository that is valid and written in version 1."""
    found = []
    for folder in ("filings", "tests/data/deals", "examples"):
        for path in sorted((ROOT / folder).glob("*.y*ml")):
            try:
                deal = read_deal(path)
            except ProblemsFound:
                continue
            if deal.schema_version == 1:
                found.append(path)
    return found


VERSION_1_FILES = _deal_files()


def _ids(paths: list[Path]) -> list[str]:
    return [str(path.relative_to(ROOT)) for path in paths]


def _deal(raw: bytes, name: str = "deal.yaml"):
    return deal_from(load_bytes(raw, name))


def _same_deal(old: bytes, new: bytes) -> None:
    before, after = _deal(old), _deal(new)
    assert after.schema_version == 2
    assert after == dataclasses.replace(before, schema_version=2)


def _migrated(raw: bytes) -> bytes:
    migration = migrate_bytes(raw, "deal.yaml")
    assert migration.new is not None
    return migration.new


def _comments(text: str) -> Counter:
    """Each comment, wherever it stands: full-line comments and those after a value."""
    return Counter(match.group(1).rstrip() for match in re.finditer(r"(?:^|\s)(#.*)$", text,
                                                                    re.MULTILINE))


def _seed_with_price(block: str) -> bytes:
    text = SEED.read_text(encoding="utf-8")
    assert SEED_PRICE in text
    return text.replace(SEED_PRICE, block).encode("utf-8")


# --- every version-1 file of the repository -----------------------------------------------------

def test_the_repository_has_the_version_1_files_this_proves_equivalent():
    assert len(VERSION_1_FILES) >= 12
    assert SEED in VERSION_1_FILES


@pytest.mark.parametrize("path", VERSION_1_FILES, ids=_ids(VERSION_1_FILES))
def test_every_version_1_file_migrates_to_the_same_deal(path: Path):
    raw = path.read_bytes()
    new = _migrated(raw)
    _same_deal(raw, new)
    assert b"schema_version: 2" in new
    assert not re.search(rb"^\s*(variable|percent_of_market|measure|lookback_trading_days):",
                         new, re.MULTILINE)
    assert migrate_bytes(new, "deal.yaml").new is None  # migrating twice is migrating once


@pytest.mark.parametrize("path", VERSION_1_FILES, ids=_ids(VERSION_1_FILES))
def test_every_version_1_file_keeps_every_line_outside_what_it_rewrites(path: Path):
    raw = path.read_bytes()
    old, new = raw.decode("utf-8").splitlines(), _migrated(raw).decode("utf-8").splitlines()
    rewritten = _rewritten_lines(raw)
    kept = [line for number, line in enumerate(old) if number not in rewritten]
    assert _comments(raw.decode("utf-8")) == _comments("\n".join(new))
    # The kept lines stand in the new file in the same order, byte for byte.
    position = 0
    for line in kept:
        position = new.index(line, position) + 1


def _rewritten_lines(raw: bytes) -> set[int]:
    """The 0-based lines a migration may rewrite: schema_version's and each conversion price's."""
    root = yaml.compose(raw.decode("utf-8"))
    lines = set()
    for key, value in root.value:
        if key.value == "schema_version":
            lines.add(key.start_mark.line)
        if key.value == "notes":
            for note in value.value:
                conversion = dict((k.value, v) for k, v in note.value)["conversion"]
                for k, v in conversion.value:
                    if k.value == "price":
                        lines.update(range(v.start_mark.line, _last_line(v) + 1))
    return lines


def _last_line(node) -> int:
    """The line a value ends on (a block mapping's own end mark is the next field's line)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        return _last_line(node.value[-1][1])
    return node.end_mark.line


@cache
def _texts(path: Path) -> dict[str, str]:
    """Document kind → its text, as `build` renders it."""
    from dealdocs.calendar import default_calendar
    from dealdocs.pipeline import analyse
    from dealdocs.render.docx import docx_text
    from dealdocs.render.package import render_documents

    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    prefix = analysis.deal.name + "-"
    return {document.stem.removeprefix(prefix): docx_text(document.docx)
            for document in documents}


_MIGRATION_ACTION = re.compile(r"^\d+\n\nUpgrade the deal file to version 2 of the deal language"
                               r"[^\n]*\n[^\n]*\nDeal file: schema_version\nParalegal\n\n",
                               re.MULTILINE)
_DRAFTING = "Drafting\nRequirement\nFinding\nStatus\n"
_MIGRATED = ("The deal file is written in the current version of the deal language.\n"
             "dealdocs (schemas/deal.schema.json)\nVersion 2 of the deal language.\nsatisfied\n")


def _without_migration_reminder(checklist: str) -> str:
    """The checklist of a version-1 file as it reads once migrated: the reminder to migrate (the
    last open action, the drafting rule's) is gone from page 1, and the rule is satisfied at the
    end of the appendix's drafting rows instead."""
    assert len(_MIGRATION_ACTION.findall(checklist)) == 1
    checklist = _MIGRATION_ACTION.sub("", checklist)
    end = checklist.index("Prepared by dealdocs")
    drafting = "" if "\n" + _DRAFTING in checklist else _DRAFTING
    return checklist[:end] + drafting + _MIGRATED + checklist[end:]


@pytest.mark.parametrize("path", VERSION_1_FILES, ids=_ids(VERSION_1_FILES))
def test_every_version_1_file_renders_the_same_documents_once_migrated(path: Path, tmp_path):
    migrated = tmp_path / path.name  # the same name: the documents are named after the file
    migrated.write_bytes(_migrated(path.read_bytes()))
    before, after = _texts(path), _texts(migrated)
    assert sorted(before) == sorted(after)
    for kind, text in before.items():
        expected = _without_migration_reminder(text) if kind == "checklist" else text
        assert after[kind] == expected, kind


# --- comments and layout ---------------------------------------------------------------------------

COMMENTED = """\
      price:   # the lower of a fixed and a variable price (SPA 2.1)
        # the fixed leg first
        fixed:   # Section 2.1(a)
          # per share
          price: "0.05"   # five cents

          down_round:   # full ratchet, Section 2.4
            method: full_ratchet  # not weighted
# a comment at the left margin, inside the price
            floor: "0.01"   # the ratchet floor
        # then the variable leg
        variable:   # Section 2.1(b)
          measure: lowest_trading_price   # intraday lows
          # eighty per cent
          percent_of_market: "80"   # a 20% discount
          lookback_trading_days: 20   # twenty trading days
          includes_conversion_date: true   # including the Conversion Date
          floor: "0.001"   # floor
          cap: "0.50"   # cap
      # after the price: stays where it is
"""


def test_a_heavily_commented_price_keeps_every_comment_and_means_the_same():
    raw = _seed_with_price(COMMENTED)
    new = _migrated(raw)
    _same_deal(raw, new)
    assert _comments(raw.decode()) == _comments(new.decode())
    text = new.decode()
    # Each comment beside a value stays beside that value, renamed or not.
    for line in ('fixed: "0.05"   # five cents', "method: full_ratchet  # not weighted",
                 'floor: "0.01"   # the ratchet floor', "statistic: lowest   # intraday lows",
                 'percent: "80"   # a 20% discount', "days: 20   # twenty trading days",
                 'ending: "on"   # including the Conversion Date', 'cap: "0.50"   # cap',
                 "price:   # the lower of a fixed and a variable price (SPA 2.1)"):
        assert line in text, line
    assert "      # after the price: stays where it is\n" in text
    assert text.count("\n\n") == raw.decode().count("\n\n")  # the blank line stays


def test_the_lesser_of_two_legs_is_a_list_fixed_first():
    raw = _seed_with_price("""\
      price:
        variable:
          percent_of_market: "61"
          measure: average_closing_price
          lookback_trading_days: 10
        fixed:
          price: "0.20"
""")
    new = _migrated(raw).decode()
    assert """\
      price:
        lesser_of:
          - fixed: "0.20"
            name: Fixed Price
          - percent: "61"
            of:
              statistic: average
              price: closing
              days: 10
            name: Variable Price
""" in new
    _same_deal(raw, new.encode())


@pytest.mark.parametrize("price", [
    '      price: {fixed: {price: "0.45"}}\n',
    '      price: {fixed: {price: "0.45", down_round: {method: full_ratchet, floor: "0.1"}}}\n',
    '      price: {variable: {percent_of_market: "80", measure: lowest_vwap, '
    'lookback_trading_days: 5}, fixed: {price: "0.45"}}   # both\n',
    '      price:\n        fixed: {price: "0.45"}   # flow inside block\n'
    '        variable: {percent_of_market: "80", measure: lowest_vwap, lookback_trading_days: 5, '
    'includes_conversion_date: true}\n',
    '      price:\n        "fixed":\n          "price": \'0.45\'\n',
])
def test_flow_and_quoted_prices_migrate_to_the_same_deal(price: str):
    raw = _seed_with_price(price)
    new = _migrated(raw)
    _same_deal(raw, new)
    assert _comments(raw.decode()) == _comments(new.decode())


def test_a_flow_price_stays_on_its_line():
    raw = _seed_with_price('      price: {fixed: {price: "0.45"}}   # agreed\n')
    assert '      price: {fixed: "0.45", name: Fixed Price}   # agreed\n' in _migrated(raw).decode()


def test_windows_line_endings_and_a_byte_order_mark_are_kept():
    raw = b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n")
    new = _migrated(raw)
    assert new.startswith(b"\xef\xbb\xbf")
    assert new.count(b"\n") == new.count(b"\r\n")
    _same_deal(raw, new)


def test_a_version_2_file_with_a_version_1_price_has_its_price_rewritten():
    raw = SEED.read_bytes().replace(b"schema_version: 1", b"schema_version: 2")
    new = _migrated(raw)
    _same_deal(raw, new)
    assert migrate_bytes(new, "deal.yaml").new is None


def test_a_price_over_several_lines_of_flow_is_refused_where_it_stands():
    raw = _seed_with_price('      price: {fixed: {price: "0.45",\n'
                           '                      down_round: {method: full_ratchet}}}\n')
    with pytest.raises(MigrationError) as refused:
        migrate_bytes(raw, "deal.yaml")
    problem = refused.value.problems[0]
    assert (problem.location.line, problem.location.column) == (73, 14)
    assert "one line" in problem.message


# Comments at random places: full lines (at any indentation) between lines, and after values.
def _commentable(lines: list[str]) -> list[int]:
    return [number for number, line in enumerate(lines) if line.strip() and "#" not in line]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_comments_anywhere_survive_a_migration(data):
    lines = _seed_with_price(COMMENTED).decode().splitlines()
    for number in data.draw(st.lists(st.sampled_from(_commentable(lines)), max_size=12,
                                     unique=True), label="after values"):
        lines[number] += f"  # after {number}"
    for number in sorted(data.draw(st.lists(st.integers(0, len(lines)), max_size=12,
                                            unique=True), label="full lines"), reverse=True):
        indent = data.draw(st.integers(0, 12), label="indent")
        lines.insert(number, " " * indent + f"# line {number}")
    raw = ("\n".join(lines) + "\n").encode()
    new = _migrated(raw)
    _same_deal(raw, new)
    assert _comments(raw.decode()) == _comments(new.decode())
    assert _migrated(raw) == new  # the same bytes for the same input


# Every version-1 price there can be, in block or flow style, in any field order.
_PRICES = st.decimals("0.0001", "9.99", places=4).map(str)


@st.composite
def legacy_prices(draw) -> dict:
    price: dict = {}
    if draw(st.booleans()):
        fixed = {"price": draw(_PRICES)}
        if draw(st.booleans()):
            fixed["down_round"] = {"method": draw(st.sampled_from(
                ["full_ratchet", "weighted_average_broad", "weighted_average_narrow"]))}
            if draw(st.booleans()):
                fixed["down_round"]["floor"] = draw(_PRICES)
        price["fixed"] = fixed
    if not price or draw(st.booleans()):
        variable = {"percent_of_market": draw(st.integers(1, 150).map(str)),
                    "measure": draw(st.sampled_from(sorted(migrate_module._MEASURES))),
                    "lookback_trading_days": draw(st.integers(1, 60))}
        for field in ("includes_conversion_date", "floor", "cap"):
            if draw(st.booleans()):
                variable[field] = draw(st.booleans() if field.startswith("includes") else _PRICES)
        price["variable"] = variable
    return _shuffled(draw, price)


def _shuffled(draw, value):
    if not isinstance(value, dict):
        return value
    keys = draw(st.permutations(list(value)))
    return {key: _shuffled(draw, value[key]) for key in keys}


def _yaml(value, indent: int, flow: bool) -> str:
    def scalar(item):
        return ("true" if item else "false") if isinstance(item, bool) else \
            str(item) if isinstance(item, int) or item in migrate_module._MEASURES or \
            item.startswith(("full", "weighted")) else f'"{item}"'

    def flow_text(item):
        if isinstance(item, dict):
            return "{" + ", ".join(f"{k}: {flow_text(v)}" for k, v in item.items()) + "}"
        return scalar(item)

    if flow:
        return " " + flow_text(value) + "\n"
    lines = ["\n"]
    for key, item in value.items():
        lines.append(" " * indent + f"{key}:" + (_yaml(item, indent + 2, False)
                                                 if isinstance(item, dict)
                                                 else f" {scalar(item)}\n"))
    return "".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legacy_prices(), st.booleans())
def test_any_version_1_price_migrates_to_the_same_deal(price, flow):
    raw = _seed_with_price("      price:" + _yaml(price, 8, flow))
    try:
        _deal(raw)
    except ProblemsFound:
        assume(False)  # e.g. a floor above the cap: the structural checks refuse it
    new = _migrated(raw)
    _same_deal(raw, new)
    assert migrate_bytes(new, "deal.yaml").new is None


# --- the command -------------------------------------------------------------------------------------

@pytest.fixture
def seed_copy(tmp_path) -> Path:
    path = tmp_path / "seed.yaml"
    path.write_bytes(SEED.read_bytes())
    return path


def test_migrate_rewrites_the_file_and_says_so(seed_copy, capsys):
    assert main(["migrate", str(seed_copy)]) == 0
    out = capsys.readouterr().out
    assert out == (f"{seed_copy}: rewritten as version 2 of the deal language (1 conversion "
                   "price rewritten); the deal is unchanged\n")
    assert seed_copy.read_bytes() == migrate_bytes(SEED.read_bytes(), "x").new


def test_migrating_twice_is_migrating_once(seed_copy, capsys):
    main(["migrate", str(seed_copy)])
    once = seed_copy.read_bytes()
    assert main(["migrate", str(seed_copy)]) == 0
    assert seed_copy.read_bytes() == once
    assert capsys.readouterr().out.endswith(f"{seed_copy}: already version 2; unchanged\n")


def test_check_lists_the_files_to_migrate_and_changes_nothing(seed_copy, tmp_path, capsys):
    current = tmp_path / "current.yaml"
    current.write_bytes(migrate_bytes(SEED.read_bytes(), "x").new)
    before = seed_copy.read_bytes(), current.read_bytes()
    assert main(["migrate", "--check", str(seed_copy), str(current)]) == 1
    assert (seed_copy.read_bytes(), current.read_bytes()) == before
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{seed_copy}: uses version 1 of the deal language")
    assert out[1] == f"{current}: already version 2; unchanged"
    assert out[2].startswith("FAILED: 1 of 2 deal files still use version 1")
    assert main(["migrate", "--check", str(current)]) == 0


def test_check_with_no_files_looks_at_the_filings(tmp_path, monkeypatch, capsys):
    (tmp_path / "filings").mkdir()
    (tmp_path / "filings" / "a.yaml").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["migrate", "--check"]) == 1
    assert "filings/a.yaml: uses version 1" in capsys.readouterr().out


def test_an_invalid_file_is_refused_with_located_errors_and_not_touched(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    raw = SEED.read_bytes().replace(b'percent_of_market: "80"', b"percent_of_market: 80")
    path.write_bytes(raw)
    assert main(["migrate", str(path)]) == 1
    assert path.read_bytes() == raw
    out = capsys.readouterr().out
    assert re.search(rf"^{re.escape(str(path))}:75:30: error: notes\[0\]\.conversion\.price"
                     r"\.variable\.percent_of_market: expected", out, re.MULTILINE)
    assert out.endswith(f"{path}: not migrated; nothing was written\n")


def test_an_unreadable_file_is_an_io_error_naming_it(tmp_path, seed_copy, capsys):
    missing = tmp_path / "missing.yaml"
    assert main(["migrate", str(missing), str(seed_copy)]) == 2
    captured = capsys.readouterr()
    assert f"{missing}: cannot read" in captured.err
    assert "Traceback" not in captured.err
    assert f"{seed_copy}: rewritten" in captured.out  # the other files are still migrated


def test_a_failure_before_the_rename_leaves_the_file_byte_identical(seed_copy, monkeypatch,
                                                                     capsys):
    original = seed_copy.read_bytes()

    def failing_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    assert main(["migrate", str(seed_copy)]) == 2
    assert seed_copy.read_bytes() == original
    assert os.listdir(seed_copy.parent) == [seed_copy.name]  # no temporary file left behind
    assert f"{seed_copy}: cannot write: No space left on device; the file is unchanged" in \
        capsys.readouterr().err


def test_ctrl_c_before_the_rename_leaves_the_file_byte_identical(seed_copy, monkeypatch):
    original = seed_copy.read_bytes()

    def interrupted(*arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    assert main(["migrate", str(seed_copy)]) == 2
    assert seed_copy.read_bytes() == original
    assert os.listdir(seed_copy.parent) == [seed_copy.name]


def test_a_file_changed_during_the_migration_is_left_as_its_author_saved_it(seed_copy,
                                                                            monkeypatch, capsys):
    real_fsync = os.fsync

    def someone_saves(descriptor):
        real_fsync(descriptor)
        seed_copy.write_bytes(b"# edited meanwhile\n" + SEED.read_bytes())

    monkeypatch.setattr(os, "fsync", someone_saves)
    assert main(["migrate", str(seed_copy)]) == 2
    assert seed_copy.read_bytes().startswith(b"# edited meanwhile\n")
    assert "changed while dealdocs was rewriting it" in capsys.readouterr().err


def test_the_file_keeps_its_permissions(seed_copy):
    seed_copy.chmod(0o640)
    assert main(["migrate", str(seed_copy)]) == 0
    assert stat.S_IMODE(seed_copy.stat().st_mode) == 0o640


def test_a_symbolic_link_stays_a_link_to_the_migrated_file(seed_copy, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(seed_copy)
    assert main(["migrate", str(link)]) == 0
    assert link.is_symlink()
    assert seed_copy.read_bytes() == migrate_bytes(SEED.read_bytes(), "x").new


def test_a_read_only_directory_is_an_io_error_and_the_file_is_unchanged(seed_copy, capsys):
    if os.geteuid() == 0:
        pytest.skip("root writes in read-only directories")
    seed_copy.parent.chmod(0o555)
    try:
        assert main(["migrate", str(seed_copy)]) == 2
    finally:
        seed_copy.parent.chmod(0o755)
    assert seed_copy.read_bytes() == SEED.read_bytes()


def test_help_explains_the_command_and_check(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert re.search(r"migrate\s+rewrite deal files written in version 1",
                     capsys.readouterr().out)
    with pytest.raises(SystemExit):
        main(["migrate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "comments, blank lines, the order of fields and quotes stay as they were" in text
    assert "--check change nothing; list the files that still need migrating and exit 1" in text


def test_a_rewrite_that_would_change_the_deal_is_refused_and_nothing_is_written(
        seed_copy, monkeypatch, capsys):
    original = seed_copy.read_bytes()
    wrong = dict(migrate_module._MEASURES, lowest_closing_bid_price=("lowest", "closing"))
    monkeypatch.setattr(migrate_module, "_MEASURES", wrong)
    assert main(["migrate", str(seed_copy)]) == 1
    assert seed_copy.read_bytes() == original
    assert "would mean a different deal; nothing was written" in capsys.readouterr().out


def test_a_fifo_is_refused_not_waited_on(tmp_path, capsys):
    fifo = tmp_path / "deal.yaml"
    os.mkfifo(fifo)
    assert main(["migrate", str(fifo)]) == 2
    assert "named pipe" in capsys.readouterr().err
