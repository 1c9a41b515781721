"""`dealdocs migrate`: rewrite a deal file written in version 1 of the deal language as version 2.

What version 1 has that version 2 writes otherwise is one thing: the conversion price as
`fixed:`/`variable:` (model._legacy_price reads it as the expression it always meant). So a
migration changes `schema_version: 1` to 2 and rewrites each such price as a price expression:

    price:                                  price:
      fixed:                                  lesser_of:
        price: "0.05"                           - fixed: "0.05"
      variable:                       →           name: Fixed Price
        percent_of_market: "80"                 - percent: "80"
        measure: lowest_closing_bid_price         of:
        lookback_trading_days: 5                    statistic: lowest
                                                    price: closing_bid
                                                    days: 5
                                                  name: Variable Price

PyYAML keeps no comments, so the file is not re-dumped: the rewrite replaces only the spans of
those values, found by the composer's marks, and every other byte stays as it was. Inside a
rewritten price each comment travels with the entry it stood on or above. The names ("Fixed
Price", "Variable Price") are written out because version 1 gave its parts those defined terms.

Before anything is written the new text is read back through load → validate → model, and its
deal must equal the old one (but for schema_version); a rewrite that would change the deal is
refused, never written. Files are replaced atomically (temporary file, fsync, rename).
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence, Union

from yaml.nodes import MappingNode, Node, ScalarNode

from .load import MAX_BYTES, Document, StrictComposer, load_bytes, read_regular_file
from .model import V1_MEASURES, Deal
from .problems import Location, Problem, ProblemsFound, Severity, UsageError
from .report import text_line
from .validate import deal_from
from .write import replace_file

CURRENT = 2
_BOM = b"\xef\xbb\xbf"

# Version 1's market measures as the statistic and daily price version 2 writes: the model's own
# table, so that the file migrate writes and the model's reading of version 1 cannot drift apart.
_MEASURES = {measure.value: (statistic.value, price.value)
             for measure, (statistic, price) in V1_MEASURES.items()}
# `on` is quoted: YAML 1.1 tools read a plain `on` as true.
_ENDINGS = {"true": '"on"', "false": "before"}


class MigrationError(ProblemsFound):
    """The file is valid but cannot be rewritten safely; nothing was written."""


# --- the parts of a price, as written ------------------------------------------------------------

@dataclass
class _Entry:
    key: str  # as written, quotes and all
    value: "_Value"
    before: tuple[str, ...] = ()  # the blank and comment lines above it, without indentation
    comment: str = ""  # what follows it on its line: "   # …", or ""


@dataclass
class _Map:
    entries: list[_Entry]
    flow: bool = False
    text: str | None = None  # as written, for a mapping on one line that is copied unchanged


@dataclass
class _Seq:
    items: list[_Map]


_Value = Union[str, _Map, _Seq]  # a str is a scalar as written


# --- the whole file -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Migration:
    """The outcome for one file: its new bytes, or None if it is already version 2."""

    new: bytes | None
    prices: int  # how many conversion prices were rewritten


def migrate_bytes(raw: bytes, file: str) -> Migration:
    """The version-2 bytes of a deal file. Raises ProblemsFound (with located problems) if the
    file is not a valid deal, MigrationError if it cannot be rewritten without changing it."""
    document = load_bytes(raw, file)
    deal = deal_from(document)
    legacy = list(_legacy_prices(document))
    if deal.schema_version == CURRENT and not legacy:
        return Migration(None, 0)
    bom = _BOM if raw.startswith(_BOM) else b""
    text = raw[len(bom):].decode("utf-8")
    root = StrictComposer(text, file).get_single_node()
    edits = [_version_edit(root)] if deal.schema_version != CURRENT else []
    edits += [_price_edit(text, root, path, file) for path in legacy]
    new = bom + _applied(text, edits).encode("utf-8")
    _same_deal(deal, new, file)
    return Migration(new, len(legacy))


def _legacy_prices(document: Document) -> Iterator[tuple]:
    """The paths of the conversion prices written in version 1's form."""
    for index, note in enumerate(document.data.get("notes", ())):
        price = (note.get("conversion") or {}).get("price")
        if isinstance(price, dict) and ("variable" in price or isinstance(price.get("fixed"), dict)):
            yield ("notes", index, "conversion", "price")


def _same_deal(old: Deal, new: bytes, file: str) -> None:
    """The rewritten file must mean the same deal, or nothing is written."""
    try:
        rewritten = deal_from(load_bytes(new, file))
    except ProblemsFound as found:
        raise _refusal(file, "the rewritten file would not be valid ("
                       f"{found.problems[0].message}); nothing was written") from None
    if rewritten != dataclasses.replace(old, schema_version=CURRENT) or \
            rewritten.schema_version != CURRENT:
        raise _refusal(file, "the rewritten file would mean a different deal; nothing was "
                       "written. This is a bug in dealdocs: please report it with the file")


def _refusal(file: str, message: str, line: int = 1, column: int = 1) -> MigrationError:
    return MigrationError([Problem("migrate.refused", Severity.ERROR, message,
                                   Location(file, line, column))])


def _applied(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _locate(root: MappingNode, path: tuple) -> tuple[Node | None, Node]:
    """The key and value nodes at a path of keys and list indexes."""
    key, node = None, root
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
        else:
            key, node = next((k, v) for k, v in node.value if k.value == step)
    return key, node


def _version_edit(root: MappingNode) -> tuple[int, int, str]:
    _, value = _locate(root, ("schema_version",))
    return value.start_mark.index, value.end_mark.index, str(CURRENT)


# --- files -----------------------------------------------------------------------------------------

def run(paths: Sequence[Path], *, check: bool) -> int:
    """`dealdocs migrate [--check] FILE…`: the exit code (0 nothing to do or all done, 1 a file
    needs migrating (--check) or cannot be, 2 a file cannot be read or written)."""
    status, pending = 0, []
    for path in paths:
        try:
            outcome = _migrate_file(path, check=check)
        except ProblemsFound as found:
            lines = [text_line(problem) for problem in found.problems]
            print("\n".join(lines) + f"\n{path}: not migrated; nothing was written")
            status = max(status, 1)
        except UsageError as error:
            print(f"dealdocs: error: {error}", file=sys.stderr)
            status = 2
        else:
            print(f"{path}: {outcome}")
            if check and outcome != _ALREADY:
                pending.append(path)
    if check and pending:
        print(f"FAILED: {len(pending)} of {len(paths)} deal file{'s' if len(paths) != 1 else ''} "
              "still use version 1 of the deal language; `dealdocs migrate FILE` rewrites them")
        status = max(status, 1)
    return status


_ALREADY = f"already version {CURRENT}; unchanged"


def _migrate_file(path: Path, *, check: bool) -> str:
    """What was done (or, with check, what would be done) to one file."""
    raw = read_regular_file(path, MAX_BYTES, "a deal file")
    migration = migrate_bytes(raw, str(path))
    if migration.new is None:
        return _ALREADY
    prices = f"{migration.prices} conversion price{'s' if migration.prices != 1 else ''}"
    if check:
        return (f"uses version 1 of the deal language ({prices} to rewrite); "
                f"`dealdocs migrate {path}` would rewrite it as version {CURRENT}")
    replace_file(path, raw, migration.new)
    return (f"rewritten as version {CURRENT} of the deal language ({prices} rewritten); "
            "the deal is unchanged")


# --- one price -----------------------------------------------------------------------------------

def _price_edit(text: str, root: MappingNode, path: tuple, file: str) -> tuple[int, int, str]:
    key, value = _locate(root, path)
    lines = text.splitlines(keepends=True)
    where = _Where(text, lines, file)
    if value.flow_style:
        where.one_line(value)
        legacy = where.flow_map(value)
        return value.start_mark.index, value.end_mark.index, _flow(_expression(legacy, flow=True))
    first_line = key.start_mark.line + 1
    legacy, last_line = where.block_map(value, first_line)
    indent = value.value[0][0].start_mark.column
    step = indent - key.start_mark.column
    newline = "\r\n" if lines[last_line].endswith("\r\n") else "\n"
    start = sum(len(line) for line in lines[:first_line])
    end = sum(len(line) for line in lines[:last_line]) + len(lines[last_line].rstrip("\r\n"))
    block = _block(_expression(legacy, flow=False).entries, indent, step)
    return start, end, newline.join(block)


class _Where:
    """Reads mappings into _Map/_Entry, with the comments around their entries."""

    def __init__(self, text: str, lines: list[str], file: str):
        self.text, self.lines, self.file = text, lines, file

    def refuse(self, node: Node, message: str) -> MigrationError:
        return _refusal(self.file, message, node.start_mark.line + 1, node.start_mark.column + 1)

    def source(self, node: Node) -> str:
        return self.text[node.start_mark.index:node.end_mark.index]

    def one_line(self, node: Node) -> None:
        if node.start_mark.line != node.end_mark.line or \
                (isinstance(node, ScalarNode) and node.style in ("|", ">")):
            raise self.refuse(node, "this part of a version-1 conversion price spans several "
                              "lines; write it on one line (or the price in block style, one "
                              "field a line), then migrate again")

    def tail(self, line: int, column: int, node: Node) -> str:
        """What follows a value on its line: nothing, or a comment with its spacing."""
        rest = self.lines[line][column:].rstrip("\r\n")
        if rest.strip() and not rest.lstrip().startswith("#"):
            raise self.refuse(node, "unexpected text after this value; migrate rewrites a "
                              "conversion price written one field a line")
        return rest.rstrip() if rest.strip() else ""

    def flow_map(self, node: MappingNode) -> _Map:
        entries = [_Entry(self.source(k), self.flow_map(v) if isinstance(v, MappingNode)
                          else self.scalar(v)) for k, v in node.value]
        return _Map(entries, flow=True, text=self.source(node))

    def scalar(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise self.refuse(node, "a version-1 conversion price has no lists")
        self.one_line(node)
        return self.source(node)

    def block_map(self, node: MappingNode, first_line: int) -> tuple[_Map, int]:
        """The mapping and the last line it stands on."""
        entries, line = [], first_line
        for key, value in node.value:
            before = tuple(text.strip() for text in self.lines[line:key.start_mark.line])
            if isinstance(value, MappingNode) and not value.flow_style:
                colon = self.lines[key.start_mark.line].find(":", key.end_mark.column)
                if colon < 0:
                    raise self.refuse(key, "write this field as `name:` on one line, then "
                                      "migrate again")
                comment = self.tail(key.start_mark.line, colon + 1, key)
                child, line = self.block_map(value, key.start_mark.line + 1)
            else:
                self.one_line(value)
                if value.start_mark.line != key.start_mark.line:
                    raise self.refuse(value, "write this value on the line of its field, then "
                                      "migrate again")
                child = self.flow_map(value) if isinstance(value, MappingNode) \
                    else self.scalar(value)
                line = value.end_mark.line
                comment = self.tail(line, value.end_mark.column, value)
            entries.append(_Entry(self.source(key), child, before, comment))
            line += 1
        return _Map(entries), line - 1


# --- version 1's price as an expression ------------------------------------------------------------

def _expression(legacy: _Map, *, flow: bool) -> _Map:
    """The price expression a version-1 price means: its fixed leg, its variable leg, or the
    lesser of the two, fixed first (as model._legacy_price orders them)."""
    parts = {_plain(entry.key): entry for entry in legacy.entries}
    legs = [_leg(parts[name], flow) for name in ("fixed", "variable") if name in parts]
    if len(legs) == 1:
        return legs[0]
    # Comments above or beside `fixed:`/`variable:` now stand above their leg, inside the list.
    return _Map([_Entry("lesser_of", _Seq(legs))], flow=flow)


def _plain(key: str) -> str:
    return key.strip("\"'")


def _leg(entry: _Entry, flow: bool) -> _Map:
    fields = entry.value
    assert isinstance(fields, _Map)
    entries = _fixed_leg(fields, flow) if _plain(entry.key) == "fixed" \
        else _variable_leg(fields, flow)
    # The `fixed:` or `variable:` line goes; its comments go above the leg's first field.
    moved = entry.before + ((entry.comment.strip(),) if entry.comment else ())
    entries[0] = dataclasses.replace(entries[0], before=moved + entries[0].before)
    return _Map(entries, flow=flow)


def _fixed_leg(fields: _Map, flow: bool) -> list[_Entry]:
    entries = [dataclasses.replace(entry, key="fixed") if _plain(entry.key) == "price" else entry
               for entry in fields.entries]
    return entries + [_Entry("name", "Fixed Price")]


def _variable_leg(fields: _Map, flow: bool) -> list[_Entry]:
    """percent_of_market → percent; measure, lookback_trading_days and includes_conversion_date →
    the statistic `of`, placed where the first of them stood; floor and cap stay."""
    entries: list[_Entry] = []
    statistic = _Map([], flow=flow)
    for entry in fields.entries:
        key = _plain(entry.key)
        if key == "percent_of_market":
            entries.append(dataclasses.replace(entry, key="percent"))
        elif key in ("measure", "lookback_trading_days", "includes_conversion_date"):
            if not statistic.entries:
                entries.append(_Entry("of", statistic))
            statistic.entries.extend(_statistic_fields(entry, key))
        else:
            entries.append(entry)
    return entries + [_Entry("name", "Variable Price")]


def _statistic_fields(entry: _Entry, key: str) -> list[_Entry]:
    value = entry.value
    assert isinstance(value, str)
    if key == "measure":
        statistic, price = _MEASURES[_plain(value)]
        return [dataclasses.replace(entry, key="statistic", value=statistic),
                _Entry("price", price)]
    if key == "lookback_trading_days":
        return [dataclasses.replace(entry, key="days")]
    return [dataclasses.replace(entry, key="ending", value=_ENDINGS[value])]


# --- writing YAML -------------------------------------------------------------------------------------

def _block(entries: list[_Entry], indent: int, step: int, first: str = "") -> list[str]:
    """The lines of a block mapping at `indent`; `first` replaces the first field's indentation
    (with the "- " of a list item)."""
    lines: list[str] = []
    for number, entry in enumerate(entries):
        lines += [" " * indent + text if text else "" for text in entry.before]
        head = first if first and number == 0 else " " * indent
        value = entry.value
        if isinstance(value, str):
            lines.append(f"{head}{entry.key}: {value}{entry.comment}")
        elif isinstance(value, _Map) and value.text is not None:  # a one-line mapping, as written
            lines.append(f"{head}{entry.key}: {value.text}{entry.comment}")
        elif isinstance(value, _Map):
            lines.append(f"{head}{entry.key}:{entry.comment}")
            lines += _block(value.entries, indent + step, step)
        else:
            lines.append(f"{head}{entry.key}:{entry.comment}")
            lines += _sequence(value, indent + step, step)
    return lines


def _sequence(sequence: _Seq, indent: int, step: int) -> list[str]:
    lines: list[str] = []
    for item in sequence.items:
        # The item's first field stands on the "- " line, so what stood above it goes above that.
        head, *rest = item.entries
        lines += [" " * indent + text if text else "" for text in head.before]
        first = dataclasses.replace(head, before=())
        lines += _block([first, *rest], indent + 2, step, first=" " * indent + "- ")
    return lines


def _flow(value: _Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, _Seq):
        return "[" + ", ".join(_flow(item) for item in value.items) + "]"
    if value.text is not None:
        return value.text
    return "{" + ", ".join(f"{entry.key}: {_flow(entry.value)}" for entry in value.entries) + "}"
