"""A document's text as read back: flattened, and the words around a place in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import resources

# The kinds of document, each rendered from templates/<kind>.docx: which terms belong in it.
NOTE, FORM_8K, CHECKLIST = "note", "8-K", "checklist"

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'",
                         "‛": "'", "′": "'", "\u00a0": " ", "\u202f": " ", "\u2007": " ",
                         "\u2009": " ", "\u2011": "-", "\u2010": "-", "\u00ad": ""})


# The documents print a draft's open points in brackets (render.docx); no other text of theirs
# is bracketed.
_DRAFT_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def flatten(text: str) -> str:
    """The words of a document, one space between them: quotes straightened, a word broken at a
    hyphen at the end of a PDF line joined again, and a draft's brackets taken off what they
    hold ("[Delaware]" states Delaware; `check --final` is what refuses a draft)."""
    text = _DRAFT_BRACKETS.sub(r"\1", text.translate(_QUOTES))
    text = re.sub(r"(?<=[A-Za-z0-9]-)[ \t]*\n\s*", "", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Text:
    """The text of one document, as read back, and what it is."""

    kind: str  # NOTE, FORM_8K or CHECKLIST: which terms belong in it
    name: str  # for messages: "the note", "the 8-K (PDF)", "executed-note.pdf"
    text: str  # as extracted, one paragraph (DOCX) or one line (PDF) a line
    note: int | None = None  # for a note: its index under `notes`
    file: str | None = None  # an outside document's path, to locate what is wrong with it alone

    @property
    def flat(self) -> str:
        return _flat(self.text)


@cache
def _flat(text: str) -> str:
    return flatten(text)


def snippet(flat: str, start: int, end: int, width: int = 60) -> str:
    """The words around flat[start:end], cut at word boundaries, with an ellipsis where cut."""
    left = max(0, start - width)
    right = min(len(flat), end + width)
    if left > 0:
        space = flat.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(flat):
        space = flat.rfind(" ", end, right)
        right = space if space != -1 else right
    before = "…" if left > 0 else ""
    return before + flat[left:right].strip() + ("…" if right < len(flat) else "")


_ABBREVIATION = re.compile(r"(?:\b(?:Inc|Corp|Co|Ltd|No|Jr|Sr|Mr|Ms|Mrs|Dr|St|Nos|Sec|U\.S|"
                           r"L\.P|L\.L\.C|M\.D|P\.C|N\.A|S\.A)|\b[A-Z])\.$")


def sentence_at(flat: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around flat[start:end] (roughly: a period, semicolon or colon
    followed by a space and a capital ends a sentence, unless it ends an abbreviation)."""
    begin = 0
    for match in re.finditer(r"[.;:!?]\s+(?=[A-Z(\"'])", flat[:start]):
        if not _ABBREVIATION.search(flat[max(0, match.start() - 8):match.start() + 1]):
            begin = match.end()
    stop = len(flat)
    for match in re.finditer(r"[.;!?](?=\s+[A-Z(\"']|\s*$)", flat[end:]):
        if not _ABBREVIATION.search(flat[max(0, end + match.start() - 8):end + match.start() + 1]):
            stop = end + match.end()
            break
    return begin, stop


# --- for messages --------------------------------------------------------------------------------

def _quoted(text: str) -> str:
    return f"\"{text}\""


def template_name(kind: str) -> str:
    """A template's path for messages: relative to the working directory if it is under it."""
    path = resources.template(kind)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
