"""Stage 1: strict YAML → plain data plus a source map (the file:line:column of every value).

PyYAML's safe loader guesses types (YAML 1.1): `NO` becomes False, `2019-01-11` a date, `012`
an octal number, `1.10` the float 1.1; it lets a repeated key overwrite the first, and expands
aliases without limit. A deal file must mean exactly what it says, so we only let PyYAML *compose*
the node tree and build the values ourselves:

- plain `true`/`false` are booleans, plain `null`/`~`/nothing is null, plain decimal integers
  are ints, plain decimals are `Decimal`s (never floats); every other scalar is text as written;
- duplicate keys, merge keys, anchors, aliases and explicit tags are refused;
- a file must be UTF-8, at most MAX_BYTES, one document, a mapping, and at most MAX_DEPTH deep.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .problems import Location, Problem, ProblemsFound, Severity, UsageError, quoted, shorten

MAX_BYTES = 1_000_000  # a deal file is a few kilobytes; this stops a runaway or hostile file
MAX_DEPTH = 32  # the schema needs 7 levels; this stops deep nesting long before RecursionError
# No field takes an unquoted number longer than a few digits (money and share counts are quoted);
# Python refuses to read an int of more than 4,300, so stop far below that, with a located error.
MAX_NUMBER_DIGITS = 100

Path_ = tuple[str | int, ...]  # a path into the data: keys and list indexes

_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_UNICODE_BREAK = re.compile("[\u0085\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")


@dataclass(frozen=True)
class SourceMap:
    """Where each value and key of a deal file stands."""

    file: str  # the path as the user gave it, for messages
    values: Mapping[Path_, Location]  # path → the position of its value
    keys: Mapping[Path_, Location]  # path → the position of its key, for mapping entries

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """The position of `path`, or of the nearest enclosing value the file has."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values:
            path = path[:-1]
        return self.values[path]


@dataclass(frozen=True)
class Document:
    """A loaded deal file: plain data, and where each part of it stands."""

    data: Mapping[str, Any]
    source: SourceMap

    @property
    def file(self) -> str:
        return self.source.file


def load_file(path: str | Path) -> Document:
    """Read and load one deal file. Raises UsageError if it cannot be read, else ProblemsFound."""
    return load_bytes(read_regular_file(path, MAX_BYTES, "a deal file"), str(path))


def read_regular_file(path: str | Path, limit: int, what: str) -> bytes:
    """At most limit + 1 bytes of the regular file at `path` (`what` it should be, for messages:
    "a deal file"). Raises UsageError for anything else, and when the file cannot be read.

    The file is opened without blocking and looked at before it is read: a FIFO would otherwise
    wait forever for a writer, and a device such as /dev/zero never ends."""
    name = str(path)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UsageError(f"{name}: cannot read: {error.strerror or error}") from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise UsageError(f"{name}: is {_file_kind(mode)}, not {what}")
        with os.fdopen(handle, "rb", closefd=False) as file:
            return file.read(limit + 1)
    except OSError as error:
        raise UsageError(f"{name}: cannot read: {error.strerror or error}") from None
    finally:
        os.close(handle)


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def load_bytes(raw: bytes, file: str = "<deal>") -> Document:
    """Load a deal file's bytes, read elsewhere (from git, say), with every check load_file
    makes; `file` is the name messages and locations give it, such as "HEAD~1:filings/x.yaml".
    Raises ProblemsFound."""
    text = _decode(raw, file)
    try:
        root = StrictComposer(text, file).get_single_node()
    except yaml.MarkedYAMLError as error:
        message, mark = _syntax_problem(text, error)
        raise _refusal(file, "yaml.syntax", message, mark) from None
    except yaml.reader.ReaderError as error:
        raise _refusal(file, "yaml.character", f"the control character U+{error.character:04X} "
                       "is not allowed in YAML text", _mark_at(text, error.position)) from None
    if root is None or (isinstance(root, ScalarNode) and root.value == "" and root.style is None):
        raise _refusal(file, "yaml.empty",
                       "the file is empty; a deal file is a mapping of fields (issuer:, notes: …)")
    if not isinstance(root, MappingNode):
        raise _refusal(file, "yaml.not-mapping", "the top level must be a mapping of fields "
                       f"(issuer:, notes: …), not {_kind(root)}", root.start_mark)
    return _Builder(file).document(root)


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _refusal(file, "yaml.size",
                       f"the file is larger than {MAX_BYTES:,} bytes; is it a deal file?")
    if encoding := _wide_encoding(raw):
        raise _refusal(file, "yaml.encoding", f"the file is saved as {encoding}, not UTF-8; "
                       "save it as UTF-8")
    if b"\0" in raw:
        at = raw.index(b"\0")
        raise ProblemsFound([_problem("yaml.binary", _byte_location(raw, at, file),
                                      "this is a binary file, not YAML text")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = (f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); "
                   "save it as UTF-8")
        raise ProblemsFound([_problem("yaml.encoding", _byte_location(raw, error.start, file),
                                      message)]) from None
    # PyYAML (YAML 1.1) takes these for line breaks, which would shift every later line number.
    if found := _UNICODE_BREAK.search(text):
        raise _refusal(file, "yaml.character", f"the character U+{ord(found.group()):04X} (a "
                       "Unicode line break) is not allowed; delete it or use a plain line break",
                       _mark_at(text, found.start()))
    return text


_BOMS = ((b"\xff\xfe\0\0", "UTF-32 (little-endian, with a byte-order mark)"),
         (b"\0\0\xfe\xff", "UTF-32 (big-endian, with a byte-order mark)"),
         (b"\xff\xfe", "UTF-16 (Unicode, with a byte-order mark)"),
         (b"\xfe\xff", "UTF-16 (big-endian, with a byte-order mark)"))
# Without a byte-order mark, the NUL bytes of text that is mostly ASCII (as every deal file is)
# fall at fixed places in each 2- or 4-byte unit: "a" is 61 00 in UTF-16LE, 00 00 00 61 in
# UTF-32BE. (codec, unit size, where the NULs are, name)
_NUL_PATTERNS = (("utf-32-le", 4, (1, 2, 3), "UTF-32 (little-endian"),
                 ("utf-32-be", 4, (0, 1, 2), "UTF-32 (big-endian"),
                 ("utf-16-le", 2, (1,), "UTF-16 (little-endian"),
                 ("utf-16-be", 2, (0,), "UTF-16 (big-endian"))


def _wide_encoding(raw: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding `raw` is in, if it is, for the message."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    sample = raw[:4096]
    for codec, size, nuls, name in _NUL_PATTERNS:
        units = [sample[start:start + size] for start in range(0, len(sample) - size + 1, size)]
        ascii_like = sum(all(unit[i] == 0 for i in nuls) and unit[_other(size, nuls)] != 0
                         for unit in units)
        if units and ascii_like >= len(units) / 2 and _decodes(raw, codec):
            return name + ", without a byte-order mark)"
    return None


def _other(size: int, nuls: tuple[int, ...]) -> int:
    return next(index for index in range(size) if index not in nuls)


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


class StrictComposer(Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's composer with anchors, aliases and tags refused, and nesting capped."""

    def __init__(self, text: str, file: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.file = file
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _refusal(self.file, "yaml.alias", f"aliases (*{shorten(event.anchor)}) are not "
                           "allowed; write the value out in full", event.start_mark)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            if event.anchor is not None:
                raise _refusal(self.file, "yaml.anchor", f"anchors (&{shorten(event.anchor)}) are "
                               "not allowed; write each value out in full", event.start_mark)
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                raise _refusal(self.file, "yaml.tag", f"tags such as {quoted(tag)} are not "
                               "allowed; write plain values", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _refusal(self.file, "yaml.depth",
                               f"the data is nested more than {MAX_DEPTH} levels deep",
                               event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Builder:
    """Turns composed nodes into plain values, recording every position on the way."""

    def __init__(self, file: str):
        self.file = file
        self.values: dict[Path_, Location] = {}
        self.keys: dict[Path_, Location] = {}
        self.problems: list[Problem] = []

    def document(self, root: MappingNode) -> Document:
        data = self.value(root, ())
        if self.problems:
            raise ProblemsFound(self.problems)
        source = SourceMap(self.file, MappingProxyType(self.values), MappingProxyType(self.keys))
        return Document(data, source)

    def value(self, node: Node, path: Path_) -> Any:
        self.values[path] = self.location(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(item, path + (index,)) for index, item in enumerate(node.value)]
        if _SURROGATE.search(node.value):
            self.refuse("yaml.character", node, "this value holds half of a UTF-16 surrogate "
                        "pair (an escape such as \\uD83D); write the character itself")
        elif node.style is None and _too_long_number(node.value):
            digits = sum(char.isdigit() for char in node.value)
            self.refuse("yaml.number-too-long", node, f"this number has {digits:,} digits; no "
                        f"value of a deal file has more than {MAX_NUMBER_DIGITS}")
            return None
        elif node.style is None and _LEADING_ZERO.fullmatch(node.value):
            number = shorten(node.value)
            self.refuse("yaml.ambiguous-number", node, f"write {number} in quotes "
                        f"(\"{number}\"): with a leading zero, YAML tools disagree on whether "
                        "it is a number")
        return _scalar(node)

    def mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is None:
                continue
            if key in result:
                first = self.keys[path + (key,)]
                self.refuse("yaml.duplicate-key", key_node,
                            f"duplicate key {quoted(key)} (first given at line {first.line}); "
                            "each field may appear once")
                continue
            self.keys[path + (key,)] = self.location(key_node)
            result[key] = self.value(value_node, path + (key,))
        return result

    def key(self, node: Node, path: Path_) -> str | None:
        if not isinstance(node, ScalarNode):
            self.refuse("yaml.complex-key", node, f"a key must be a plain name, not {_kind(node)}")
            return None
        if node.value == "":
            self.refuse("yaml.empty-key", node, EMPTY_KEY)
            return None
        if not node.value.isprintable() or _SURROGATE.search(node.value):
            self.refuse("yaml.complex-key", node, "a key must be a plain name, without control "
                        "characters or escapes")
            return None
        if node.value == "<<" and node.style is None:
            self.refuse("yaml.merge-key", node, "merge keys (<<) are not allowed; "
                        "write each field out in full")
            return None
        return node.value  # keys stay text as written: `yes:` is the key "yes", not True

    def location(self, node: Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def refuse(self, id_: str, node: Node, message: str) -> None:
        self.problems.append(_problem(id_, self.location(node), message))


def _scalar(node: ScalarNode) -> Any:
    # One Unicode form for all text, so that "José" typed on a Mac equals "José" typed elsewhere.
    text = unicodedata.normalize("NFC", node.value)
    if node.style is not None:  # quoted or block: always text
        return text
    if text in ("", "~", "null"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return Decimal(text)
    return text


def _too_long_number(text: str) -> bool:
    return len(text) > MAX_NUMBER_DIGITS and any(
        pattern.fullmatch(text) for pattern in (_INT, _DECIMAL, _LEADING_ZERO))


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the value {quoted(node.value)}"


_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token":
        "a tab character; YAML must be indented with spaces",
    "found a tab character that violates indentation":
        "a tab character; YAML must be indented with spaces",
    "mapping values are not allowed here":
        "unexpected ':'; put quotes around a value that contains ': '",
    "expected a single document in the stream":
        "the file holds more than one YAML document ('---'); put one deal in each file",
    "found unexpected end of stream": "the file ends inside a quoted value or a bracket",
}
EMPTY_KEY = "empty key: a field needs a name before its ':'"
_INDENTATION = ("this line's indentation does not line up with the lines around it; indent each "
                "field with the same number of spaces as the other fields of its group")


def _syntax_problem(text: str, error: yaml.MarkedYAMLError) -> tuple[str, yaml.Mark | None]:
    """A plain-English message for a PyYAML syntax error, and where it really is.

    PyYAML reports where it noticed the problem; an unclosed quote or a wrong indentation is
    usually noticed a line or more later, so look for the cause first."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    if mark is not None and (quote := _unclosed_quote(lines[:mark.line + 1])) is not None:
        return "this quoted value is not closed; add the closing quote", quote
    if mark is not None and (empty := _empty_key(lines, mark.line)) is not None:
        return EMPTY_KEY, empty
    if "<stream end>" in problem:
        return _SYNTAX_HINTS["found unexpected end of stream"], error.context_mark or mark
    if mark is not None and problem.startswith("expected <block end>"):
        return _INDENTATION, _first_character(lines, mark.line)
    if mark is not None and problem == "mapping values are not allowed here" \
            and _deeper_than_previous(lines, mark.line):
        return _INDENTATION, _first_character(lines, mark.line)
    for known in (problem, context):
        if known in _SYNTAX_HINTS:
            return _SYNTAX_HINTS[known], mark
    if problem.startswith("found character '\\t'"):
        return _SYNTAX_HINTS["found character '\\t' that cannot start any token"], mark
    if context and error.context_mark is not None and error.context_mark is not error.problem_mark:
        context = f" ({context} at line {error.context_mark.line + 1})"
    elif context:
        context = f" ({context})"
    return f"YAML syntax: {problem}{context}", mark


def _unclosed_quote(lines: list[str]) -> yaml.Mark | None:
    """The opening quote of the first quoted value left open at the end of its line."""
    for number, line in enumerate(lines):
        quote, opened_at, index = None, 0, 0
        while index < len(line):
            char = line[index]
            if quote is None:
                if char == "#" and (index == 0 or line[index - 1] == " "):
                    break
                if char in "\"'" and (index == 0 or line[index - 1] in " :[{,-"):
                    quote, opened_at = char, index
            elif char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                if quote == "'" and line[index + 1:index + 2] == "'":
                    index += 1
                else:
                    quote = None
            index += 1
        if quote is not None:
            return yaml.Mark("", 0, number, opened_at, None, None)
    return None


def _empty_key(lines: list[str], number: int) -> yaml.Mark | None:
    """The ':' of a line that starts with one (": value"), where PyYAML sees bad indentation."""
    for at in (number, number - 1):
        line = lines[at] if 0 <= at < len(lines) else ""
        content = line[_indent(line):]
        if content == ":" or content.startswith((": ", ":\t")):
            return yaml.Mark("", 0, at, _indent(line), None, None)
    return None


def _indent(line: str) -> int:
    """Where the line's content starts: a list item's fields start after its "- "."""
    content = line.lstrip(" ")
    while content.startswith("- "):
        content = content[2:].lstrip(" ")
    return len(line) - len(content)


def _deeper_than_previous(lines: list[str], number: int) -> bool:
    previous = next((line for line in reversed(lines[:number])
                     if line.strip() and not line.lstrip().startswith("#")), None)
    return previous is not None and _indent(lines[number]) > _indent(previous) \
        and not previous.rstrip().endswith(":")


def _first_character(lines: list[str], number: int) -> yaml.Mark:
    return yaml.Mark("", 0, number, _indent(lines[number]) if number < len(lines) else 0,
                     None, None)


def _mark_at(text: str, index: int) -> yaml.Mark:
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return yaml.Mark("", index, line, column, None, None)


def _byte_location(raw: bytes, index: int, file: str) -> Location:
    line_start = raw.rfind(b"\n", 0, index) + 1
    column = len(raw[line_start:index].decode("utf-8", "replace"))
    return Location(file, raw.count(b"\n", 0, index) + 1, column + 1)


def _problem(id_: str, location: Location, message: str) -> Problem:
    return Problem(id=id_, severity=Severity.ERROR, message=message, location=location)


def _refusal(file: str, id_: str, message: str, mark: yaml.Mark | None = None) -> ProblemsFound:
    location = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
    return ProblemsFound([_problem(id_, location, message)])
