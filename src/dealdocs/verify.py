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
import logging
import re
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .consistency.documents import check_text
from .consistency.text import NOTE, Text, flatten
from .load import read_regular_file
from .pipeline import Analysis
from .problems import Problem, UsageError, quoted, shorten

SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class Verification:
    note: int  # the index under `notes` of the note DOC was compared with
    problems: tuple[Problem, ...]


def read_document(path: Path) -> str:
    """The text of an outside DOCX or PDF. Raises UsageError if it is neither, or unreadable, or
    beyond the limits below."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        what = f"a {suffix} file" if suffix else "a file without an extension"
        raise UsageError(f"{path}: verify reads a .docx or a .pdf file, not {what}; save the "
                         "document as DOCX or PDF")
    data = read_regular_file(path, MAX_FILE_BYTES, "a document")
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"{path}: the file is larger than {_megabytes(MAX_FILE_BYTES)}; a note "
                         "is far smaller")
    try:
        text = _docx_text(data) if suffix == ".docx" else _pdf_text(data)
    except UsageError as error:
        raise UsageError(f"{path}: {error}") from None
    except Exception as error:  # python-docx, lxml, zipfile and pypdf raise many kinds
        kind = "DOCX (Word)" if suffix == ".docx" else "PDF"
        raise UsageError(f"{path}: is not a readable {kind} file ({type(error).__name__}: "
                         f"{shorten(str(error))})") from None
    if len(text) > MAX_TEXT:
        raise UsageError(f"{path}: the document holds more than {MAX_TEXT:,} characters of "
                         "text; a note is far shorter")
    return text


# Limits on what `verify` reads, so that a hostile or broken file is refused in bounded time and
# memory. A rendered note is a 33 KB DOCX (18 parts, 0.5 MB inflated, 84 paragraphs, 11,000 XML
# elements) or a PDF of 6 pages; an executed note from another firm, with images and fonts,
# stays well inside these.
MAX_FILE_BYTES = 64_000_000  # on disk
MAX_MEMBERS = 1_000  # parts in a DOCX (a zip archive)
MAX_INFLATED = 100_000_000  # all parts of a DOCX together, inflated
MAX_ELEMENTS = 500_000  # XML elements of all parts of a DOCX together
# Paragraphs, runs and table cells, which python-docx reads one by one (about 3 ms a paragraph,
# 0.2 ms a run, 0.15 ms a cell): these bound the time verify takes.
MAX_BLOCKS = {b"p": 5_000, b"r": 50_000, b"tc": 20_000}
MAX_PAGES = 1_000  # pages of a PDF
MAX_PAGE_CONTENT = 5_000_000  # bytes of one PDF stream, decompressed
MAX_PDF_CONTENT = 50_000_000  # bytes of all the pages' content streams, decompressed
MAX_TEXT = 1_000_000  # characters of text read from either (checking takes about 10 s a million)
_CHUNK = 1 << 20
# The start tag of a paragraph, run or cell under any namespace prefix (Word writes w:p);
# _TAG bytes hold one.
_BLOCK = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?(p|r|tc)[\s/>]")
_BLOCK_NAMES = {b"p": "paragraphs", b"r": "runs of text", b"tc": "table cells"}
_TAG = 40
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, or an encrypted .docx


def _docx_text(data: bytes) -> str:
    from .render.docx import docx_text

    if data.startswith(_OLE):
        raise UsageError("the file is an encrypted (password-protected) Word document or an old "
                         ".doc file, not a DOCX; remove the password and save it as .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UsageError("the file is not a DOCX (a DOCX is a zip archive)")
    _check_package(data)
    return docx_text(data)


def _check_package(data: bytes) -> None:
    """Refuse a DOCX beyond the limits before python-docx loads it whole. Every part is inflated
    as a stream and counted as it comes, so a zip bomb is stopped at MAX_INFLATED bytes whatever
    sizes its headers declare, and the XML is counted without being kept."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
        if len(members) > MAX_MEMBERS:
            raise UsageError(f"the DOCX holds {len(members):,} parts, more than the "
                             f"{MAX_MEMBERS:,} verify reads; is it a Word document?")
        tally = _Tally()
        for member in members:
            with package.open(member) as stream:
                tally.read(member.filename, stream)


class _Tally:
    """What the parts of a DOCX add up to, refused as soon as a limit is passed.

    Elements are counted on the bytes as they stream, not by an XML parser: a parser spends
    seconds where counting takes milliseconds, and overcounting (a "<" in a comment) can only
    refuse a strange file, never let a large one through."""

    def __init__(self) -> None:
        self.inflated = self.elements = 0
        self.blocks = dict.fromkeys(MAX_BLOCKS, 0)

    def read(self, name: str, stream) -> None:
        tail = b""  # the end of the previous chunk, for a tag cut in two
        while chunk := stream.read(_CHUNK):
            self.inflated += len(chunk)
            if self.inflated > MAX_INFLATED:
                raise UsageError(f"the DOCX inflates to more than {_megabytes(MAX_INFLATED)} "
                                 "(a zip bomb?); a note is far smaller")
            if name.endswith((".xml", ".rels")):
                self.count(tail, chunk)
                tail = chunk[-_TAG:]

    def count(self, tail: bytes, chunk: bytes) -> None:
        joined = tail[-1:] + chunk
        closing = sum(joined.count(mark) for mark in (b"</", b"<?", b"<!"))
        self.elements += chunk.count(b"<") - closing
        if self.elements > MAX_ELEMENTS:
            raise UsageError(f"the DOCX has more than {MAX_ELEMENTS:,} XML elements; a note has "
                             "far fewer")
        # A tag wholly inside `tail` was counted with the previous chunk.
        for name in _BLOCK.findall(tail + chunk)[len(_BLOCK.findall(tail)):]:
            self.blocks[name] += 1
        for name, limit in MAX_BLOCKS.items():
            if self.blocks[name] > limit:
                raise UsageError(f"the DOCX has more than {limit:,} {_BLOCK_NAMES[name]}; a "
                                 "note has far fewer")


def _pdf_text(data: bytes) -> str:
    import pypdf

    if not data.lstrip()[:5] == b"%PDF-":
        raise UsageError("the file is not a PDF (it does not start with %PDF-)")
    with _quiet_pypdf(), pypdf.apply_configuration(zlib_maximum_output_length=MAX_PAGE_CONTENT):
        reader = pypdf.PdfReader(io.BytesIO(data))
        _check_encryption(reader)
        if len(reader.pages) > MAX_PAGES:
            raise UsageError(f"the PDF has {len(reader.pages):,} pages, more than the "
                             f"{MAX_PAGES:,} verify reads; a note is far shorter")
        try:
            text = _pages_text(reader)
        except pypdf.errors.LimitReachedError:
            raise UsageError(f"a stream of the PDF inflates to more than "
                             f"{_megabytes(MAX_PAGE_CONTENT)} (a zip bomb?); a note is far "
                             "smaller") from None
    if not text.strip():
        raise UsageError("the PDF has no text to read (a scan? run OCR on it first)")
    return text


def _check_encryption(reader) -> None:
    # pypdf opens a PDF whose only password is the owner's (printing or copying restricted) by
    # itself; one that needs a password to open cannot be read.
    from pypdf import PasswordType

    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # DependencyError for a cipher it cannot use, or a damaged /Encrypt
        opened = False
    if not opened:
        raise UsageError("the PDF is encrypted (it needs a password to open); save a copy "
                         "without the password")


def _pages_text(reader) -> str:
    from .render.pdf import _PAGE_FOOTER as PAGE_FOOTER  # the footers pdf_text drops too

    texts, content = [], 0
    for page in reader.pages:
        stream = page.get_contents()
        content += len(stream.get_data()) if stream is not None else 0
        if content > MAX_PDF_CONTENT:
            raise UsageError(f"the PDF's pages hold more than {_megabytes(MAX_PDF_CONTENT)} of "
                             "content; a note is far smaller")
        texts.append(PAGE_FOOTER.sub("", page.extract_text()))
        if sum(map(len, texts)) > MAX_TEXT:
            break  # read_document refuses it
    return "\n".join(texts)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs what it repairs in a damaged PDF (to loggers under "pypdf", which Python's
    last-resort handler prints on stderr); verify reports on the document itself, so those
    lines must not reach stderr."""
    logger = logging.getLogger("pypdf")
    handler, propagate = logging.NullHandler(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _megabytes(size: int) -> str:
    return f"{size // 1_000_000:,} MB"


def choose_note(analysis: Analysis, text: str, note_id: str | None, document: Path) -> int:
    """The note DOC is: the one --note names, the only one, or the one whose holder (and, among
    one holder's notes, whose title) DOC names."""
    notes = analysis.deal.notes
    if note_id is not None:
        for index, note in enumerate(notes):
            if note.id == note_id:
                return index
        ids = ", ".join(note.id for note in notes if note.id) or "none"
        raise UsageError(f"no note with id {quoted(note_id)} in {analysis.deal.source.file}; "
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
