"""A paragraph's text as words, and the word-level difference between two texts.

A reviewer reads a changed term as one change: `$330,000` → `$350,000` is one deletion and one
insertion, never "33" → "35" inside a number. So a token is a whole word, figure or date:

- a long date ("January 11, 2019") is one token;
- a run of non-space characters is one token once the punctuation that opens or closes it is split
  off: "($330,000)," is "(", "$330,000", ")" and ","; what is inside stays whole, so amounts,
  percentages, section numbers and file numbers ("$0.0001", "4.99%", "3.02(a)", "001-32919",
  "Thirty-Three") are single tokens;
- a run of white space is one token.

Changes separated only by white space are shown as one change ("Net Thirty" → "Net Sixty Days"
reads better as one phrase than as word, space, word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_MONTH = ("(?:January|February|March|April|May|June|July|August|September|October|November"
          "|December)")
_DATE = rf"{_MONTH}[ \u00a0]\d{{1,2}},[ \u00a0]\d{{4}}"
_PIECE = re.compile(rf"(?P<date>{_DATE})|(?P<space>\s+)|(?P<chunk>(?:(?!{_DATE})\S)+)")
_OPENING = "([{“‘\"'«"
_CLOSING = ")]}”’\"'»,.;:!?"
_BRACKETS = {")": "(", "]": "[", "}": "{"}


def tokens(text: str) -> list[str]:
    """The text's tokens, in order; joined, they give the text back."""
    found: list[str] = []
    for match in _PIECE.finditer(text):
        chunk = match.group("chunk")
        if chunk is None:
            found.append(match.group())
        else:
            found += _split_punctuation(chunk)
    return found


def _split_punctuation(chunk: str) -> list[str]:
    start, end = 0, len(chunk)
    while start < end and chunk[start] in _OPENING:
        start += 1
    while end > start and chunk[end - 1] in _CLOSING and not _closes_inner(chunk[start:end]):
        end -= 1
    return [*chunk[:start], *([chunk[start:end]] if start < end else []), *chunk[end:]]


def _closes_inner(core: str) -> bool:
    """Does the bracket ending `core` close one opened inside it, as in "506(b)"?"""
    opening = _BRACKETS.get(core[-1])
    return opening is not None and core.count(opening) >= core.count(core[-1])


@dataclass(frozen=True)
class Change:
    """One step from the old text to the new: characters old[old_start:old_end] become
    new[new_start:new_end]. `equal` steps keep text; the others delete and/or insert it."""

    tag: str  # "equal", "delete", "insert" or "replace", as difflib names them
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def changes(old: str, new: str) -> list[Change]:
    """The word-level steps that turn `old` into `new`, in order, covering both texts."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    # autojunk would treat the commonest tokens (spaces, "the") of a long paragraph as noise.
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_at, new_at = _offsets(old_tokens), _offsets(new_tokens)
    steps = [Change(tag, old_at[i1], old_at[i2], new_at[j1], new_at[j2])
             for tag, i1, i2, j1, j2 in _joined(matcher.get_opcodes(), old_tokens)]
    return steps


def similarity(old: str, new: str) -> float:
    """How alike two texts are, from 0 to 1, counting words and figures but not spaces."""
    old_words = [token for token in tokens(old) if not token.isspace()]
    new_words = [token for token in tokens(new) if not token.isspace()]
    if not old_words and not new_words:
        return 1.0
    return SequenceMatcher(None, old_words, new_words, autojunk=False).ratio()


def _offsets(found: list[str]) -> list[int]:
    """The character offset of each token, and of the end."""
    offsets = [0]
    for token in found:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _joined(opcodes, old_tokens: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The opcodes with each stretch of unchanged white space between two changes folded into
    them, so that a changed phrase is one change."""
    result: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        if tag == "equal" and between_changes and all(
                token.isspace() for token in old_tokens[i1:i2]):
            tag = "replace"
        if tag != "equal" and result and result[-1][0] != "equal":
            result[-1][0] = "replace"
            result[-1][2], result[-1][4] = i2, j2
        else:
            result.append([tag, i1, i2, j1, j2])
    return [tuple(step) for step in result]
