"""`verify FILE --against DOC`: does an outside note (the negotiated draft, the executed copy) state
the deal file's terms?

DOC is a DOCX or a PDF. Its text is read back and checked as the note dealdocs renders is checked
(the consistency package): every key term of the note present in its derived form, every statement of a
term stating the deal's value, words equal to figures. What is wrong is located in the deal file,
at the term, and quotes DOC's own words. An amount, percentage or date DOC states that no term of
the deal explains is a warning, not an error: an executed note may carry terms the deal file does
not model (a late fee, a notice address). Exit 1 on any disagreement, 0 when DOC is consistent.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .consistency.documents import check_text
from .consistency.text import NOTE, Text, flatten
from .pipeline import Analysis
from .problems import Problem, UsageError

SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class Verification:
    note: int  # the index under `notes` of the note DOC was compared with
    problems: tuple[Problem, ...]


def read_document(path: Path) -> str:
    """The text of an outside DOCX or PDF. Raises UsageError if it is neither, or unreadable."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        what = f"a {suffix} file" if suffix else "a file without an extension"
        raise UsageError(f"{path}: verify reads a .docx or a .pdf file, not {what}; save the "
                         "document as DOCX or PDF")
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a document") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        if suffix == ".docx":
            return _docx_text(data)
        return _pdf_text(data)
    except UsageError as error:
        raise UsageError(f"{path}: {error}") from None
    except Exception as error:  # python-docx, lxml, zipfile and pypdf raise many kinds
        kind = "DOCX (Word)" if suffix == ".docx" else "PDF"
        raise UsageError(f"{path}: is not a readable {kind} file ({type(error).__name__}: "
                         f"{error})") from None


def _docx_text(data: bytes) -> str:
    from .render.docx import docx_text

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UsageError("the file is not a DOCX (a DOCX is a zip archive)")
    return docx_text(data)


def _pdf_text(data: bytes) -> str:
    from .render.pdf import pdf_text

    if not data.lstrip()[:5] == b"%PDF-":
        raise UsageError("the file is not a PDF (it does not start with %PDF-)")
    text = pdf_text(data)
    if not text.strip():
        raise UsageError("the PDF has no text to read (a scan? run OCR on it first)")
    return text


def choose_note(analysis: Analysis, text: str, note_id: str | None, document: Path) -> int:
    """The note DOC is: the one --note names, the only one, or the one whose holder (and, among
    one holder's notes, whose title) DOC names."""
    notes = analysis.deal.notes
    if note_id is not None:
        for index, note in enumerate(notes):
            if note.id == note_id:
                return index
        ids = ", ".join(note.id for note in notes if note.id) or "none"
        raise UsageError(f"no note with id {note_id!r} in {analysis.deal.source.file}; "
                         f"the note ids are: {ids}")
    if len(notes) == 1:
        return 0
    flat = flatten(text).casefold()
    named = [i for i, note in enumerate(notes) if flatten(note.holder).casefold() in flat]
    if len({notes[i].holder for i in named}) == 1 and len(named) > 1:
        titled = [i for i in named if flatten(notes[i].title).casefold() in flat]
        longest = max((len(notes[i].title) for i in titled), default=0)
        named = [i for i in titled if len(notes[i].title) == longest] or named
    if len(named) == 1:
        return named[0]
    ids = ", ".join(note.id or str(i) for i, note in enumerate(notes))
    which = "names none of the holders" if not named else "could be any of " + ", ".join(
        notes[i].id or str(i) for i in named)
    raise UsageError(f"{document}: the deal has {len(notes)} notes and the document {which}; "
                     f"say which note it is with --note ID (ids: {ids})")


def verify(analysis: Analysis, document: Path, note_id: str | None = None,
           text: str | None = None) -> Verification:
    """Compare an outside note (its text, if already read) with the deal's note. Raises
    UsageError if DOC cannot be read or matched to a note."""
    text = read_document(document) if text is None else text
    index = choose_note(analysis, text, note_id, document)
    deal, facts = analysis.deal, analysis.facts
    subject = Text(NOTE, str(document), text, index, file=str(document))
    problems = check_text(deal, facts, analysis.findings, subject, outside=True)
    return Verification(index, tuple(problems))
