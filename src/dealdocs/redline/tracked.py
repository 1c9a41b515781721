"""Two versions of a Word document → the new version with tracked changes (w:ins and w:del).

How the two are compared, in the body and in each header and footer:
1. Blocks (paragraphs and tables) are aligned on their text (difflib). Unchanged blocks are the new
   version's, as they are.
2. Where blocks differ, the most alike old and new paragraph (or table) are paired, then the ones
   before and after the pair in the same way; a block left without a partner is deleted or
   inserted whole. Paired paragraphs are compared word by word (`words.changes`), and each changed
   word or figure becomes one w:del and one w:ins, in the runs (and so the bold, underline and
   styles) it comes from. Paired tables of the same number of columns are compared row by row and
   cell by cell; otherwise the old table is deleted and the new one inserted.
3. A paragraph's properties are the new version's.

Every redline is checked before it is returned (revisions.py): accepting all changes must give the
new document (its XML, up to how runs are split and blank paragraphs) and rejecting all of them
the old document's text.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import docx as python_docx
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from ..render.docx import _reproducible_zip
from .revisions import (DEL, DEL_INSTR_TEXT, DEL_TEXT, INS, INSTR_TEXT, P, PPR, R, RPR, T, TBL,
                        TC, TR, TRPR, XML_SPACE, accept_all, canonical, paragraph_text,
                        reject_all, text_structure)
from .words import changes, similarity

AUTHOR = "dealdocs"

_SECT_PR, _TC_PR, _TBL_PR_EX = qn("w:sectPr"), qn("w:tcPr"), qn("w:tblPrEx")
_PPR_CHANGE, _TRPR_CHANGE, _GRID_COL = qn("w:pPrChange"), qn("w:trPrChange"), qn("w:gridCol")
_BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
_IGNORED = frozenset(qn(f"w:{name}") for name in ("proofErr", "lastRenderedPageBreak"))
_STORIES = re.compile(r"/word/(document|header\d*|footer\d*)\.xml")
# Characters that stand for a run's tabs and breaks in a paragraph's text, and back.
_SPECIAL = {"\t": ("w:tab", None), "\n": ("w:br", None), "\f": ("w:br", "page"),
            "\v": ("w:br", "column"), "\r": ("w:cr", None)}
_SPECIAL_SPLIT = re.compile("([\t\n\f\v\r])")
_PAIRING = 0.5  # how alike (words.similarity) two of several changed paragraphs must be to pair
_PAIRING_LIMIT = 10_000  # old × new blocks beyond which a changed stretch is not paired


class Unsupported(Exception):
    """The document holds something the comparison cannot mark faithfully."""


@dataclass(frozen=True)
class Redline:
    docx: bytes
    insertions: int  # stretches of inserted text
    deletions: int  # stretches of deleted text


@dataclass
class _Stamps:
    """The revision marks: one author, one date, ids unique in the document."""

    author: str
    date: str
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def make(self, kind: str) -> etree._Element:
        return OxmlElement(f"w:{kind}", {qn("w:id"): str(next(self.ids)),
                                        qn("w:author"): self.author, qn("w:date"): self.date})


def redline_docx(old: bytes, new: bytes, *, date: str, author: str = AUTHOR) -> Redline:
    """The new DOCX with tracked changes from the old one; `date` is the ISO 8601 time stamped on
    every change. Raises Unsupported for Word features it cannot mark, and RedlineError if the
    result would not accept to the new document and reject to the old one."""
    old_document = python_docx.Document(io.BytesIO(old))
    new_document = python_docx.Document(io.BytesIO(new))
    old_stories = dict(_stories(old_document))
    stamps = _Stamps(author, date)
    for name, container in _stories(new_document):
        if name in old_stories:  # one template for both versions: the same header and footer parts
            _redline_story(old_stories[name], container, stamps)
    buffer = io.BytesIO()
    new_document.save(buffer)
    counts = [sum(1 for container in story_containers(new_document)
                  for change in container.iter(kind) if change.getparent().tag not in (RPR, TRPR))
              for kind in (INS, DEL)]
    return Redline(_reproducible_zip(buffer.getvalue()), *counts)


def story_containers(document) -> Iterator[etree._Element]:
    """The body, headers and footers of a python-docx document: where its text is."""
    return (container for _, container in _stories(document))


def emptied(docx: bytes) -> bytes:
    """The same document with a body of one empty paragraph: what a document that exists in one
    version only is compared with."""
    document = python_docx.Document(io.BytesIO(docx))
    body = document.element.body
    for block in [child for child in body if child.tag != _SECT_PR]:
        body.remove(block)
    body.insert(0, OxmlElement("w:p"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class RedlineError(RuntimeError):
    """A redline that does not accept to the new version or reject to the old: a bug."""


def _stories(document) -> Iterator[tuple[str, etree._Element]]:
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart) and _STORIES.fullmatch(str(part.partname)):
            element = part.element
            yield (str(part.partname),
                   element.body if element.tag == qn("w:document") else element)


def _redline_story(old: etree._Element, new: etree._Element, stamps: _Stamps) -> None:
    """Replace the blocks of `new` (a body, header or footer) by the tracked-changes blocks."""
    expected_new, expected_old = canonical(new), text_structure(old)
    _replace_blocks(new, _compare_blocks(_blocks(old), _blocks(new), stamps))
    if canonical(accept_all(new)) != expected_new:
        raise RedlineError("accepting every change of the redline does not give the new document")
    if text_structure(reject_all(new)) != expected_old:
        raise RedlineError("rejecting every change of the redline does not give the old document")


def _blocks(container: etree._Element) -> list[etree._Element]:
    blocks = []
    for child in container:
        if child.tag in (P, TBL):
            blocks.append(child)
        elif child.tag not in (_SECT_PR, _TC_PR) and isinstance(child.tag, str):
            raise Unsupported(f"a w:{etree.QName(child).localname} element between paragraphs")
    return blocks


def _replace_blocks(container: etree._Element, blocks: list[etree._Element]) -> None:
    """A body's, header's or footer's blocks replaced; a body's w:sectPr stays last."""
    for old in _blocks(container):
        container.remove(old)
    for offset, block in enumerate(blocks):
        container.insert(offset, block)


# --- aligning blocks -----------------------------------------------------------------------------

@dataclass
class _Out:
    element: etree._Element
    role: str  # "kept" (unchanged or compared), "deleted" or "inserted"


def _compare_blocks(old: list, new: list, stamps: _Stamps) -> list[etree._Element]:
    matcher = SequenceMatcher(None, [_key(block) for block in old],
                              [_key(block) for block in new], autojunk=False)
    out: list[_Out] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [_Out(copy.deepcopy(block), "kept") for block in new[j1:j2]]
        else:
            out += _paired(old[i1:i2], new[j1:j2], stamps, _compare_pair)
    return [item.element for item in _lasting_marks_unchanged(out, stamps)]


def _key(block: etree._Element) -> tuple:
    return (block.tag, _text(block))


def _text(block: etree._Element) -> object:
    if block.tag == P:
        return paragraph_text(block)
    return tuple(_text_row(row) for row in _rows(block))


def _cell_text(cell: etree._Element) -> tuple:
    return tuple(_text(block) for block in cell if block.tag in (P, TBL))


def _paired(old: Sequence, new: Sequence, stamps: _Stamps, compare) -> list[_Out]:
    """Old and new blocks (or rows) of a changed stretch: the most alike pair compared, and the
    stretches before and after it paired the same way; the rest deleted, then inserted."""
    scores = _scores(old, new)
    return _pair_within(old, new, 0, len(old), 0, len(new), scores, stamps, compare)


def _scores(old: Sequence, new: Sequence) -> dict[tuple[int, int], float]:
    if len(old) * len(new) > _PAIRING_LIMIT:
        return {}
    scores = {}
    for (i, before), (j, after) in itertools.product(enumerate(old), enumerate(new)):
        if before.tag == after.tag and _shape(before) == _shape(after):
            scores[i, j] = similarity(_flat(before), _flat(after))
    return scores


def _pair_within(old, new, i1, i2, j1, j2, scores, stamps, compare) -> list[_Out]:
    alone = (i2 - i1, j2 - j1) == (1, 1)  # one paragraph for one: always compared word by word
    candidates = sorted((pair for pair, score in scores.items()
                         if i1 <= pair[0] < i2 and j1 <= pair[1] < j2
                         and (score >= _PAIRING or alone)),
                        key=lambda pair: (-scores[pair], pair))  # the most alike, then the first
    for i, j in candidates:
        compared = compare(old[i], new[j], stamps)
        if compared is not None:
            return (_pair_within(old, new, i1, i, j1, j, scores, stamps, compare)
                    + [_Out(compared, "kept")]
                    + _pair_within(old, new, i + 1, i2, j + 1, j2, scores, stamps, compare))
    return ([_Out(_deleted(block, stamps), "deleted") for block in old[i1:i2]]
            + [_Out(_inserted(block, stamps), "inserted") for block in new[j1:j2]])


def _shape(block: etree._Element) -> tuple:
    """What must agree for two blocks or rows to be compared part by part."""
    if block.tag == TBL:
        return (len(block.findall(f"{qn('w:tblGrid')}/{_GRID_COL}")),)
    if block.tag == TR:
        return tuple(_span(cell) for cell in _cells(block))
    return ()


def _flat(block: etree._Element) -> str:
    if block.tag == P:
        return paragraph_text(block)
    return "\n".join(paragraph_text(paragraph) for paragraph in block.iter(P))


def _compare_pair(old: etree._Element, new: etree._Element, stamps: _Stamps):
    if old.tag == P:
        return _compare_paragraphs(old, new, stamps)
    return _compare_tables(old, new, stamps)


def _lasting_marks_unchanged(out: list[_Out], stamps: _Stamps) -> list[_Out]:
    """Word and LibreOffice never remove the mark of a paragraph that ends a body or cell or
    stands just before a table (see revisions), so such a mark must be neither inserted nor
    deleted: each stretch of paragraphs between tables is settled on its own."""
    result: list[_Out] = []
    stretch: list[_Out] = []
    for item in out:
        if item.element.tag == P:
            stretch.append(item)
        else:
            result += _end_on_common_mark(stretch, stamps) + [item]
            stretch = []
    return result + _end_on_common_mark(stretch, stamps)


def _end_on_common_mark(stretch: list[_Out], stamps: _Stamps) -> list[_Out]:
    """The paragraphs of a stretch, ending on an unchanged mark. When the last paragraphs are
    deleted or inserted, the mark of the paragraph before them takes the change instead, as
    Word's own compare does."""
    if not stretch or stretch[-1].role == "kept":
        return stretch
    split = max((index + 1 for index, item in enumerate(stretch) if item.role == "kept"),
                default=0)
    head, tail = stretch[:split], stretch[split:]
    last, before = tail[-1], head[-1].element if head else None
    deleted = [item for item in tail if item.role == "deleted"]
    _unmark_paragraph(last.element)
    # Deleted paragraphs come before inserted ones, so when the last is inserted, the last
    # deleted one (if any) ended the old version of the stretch.
    if last.role == "inserted" and deleted:
        # the old last paragraph's text ends in the new last one's mark
        _prepend_content(last.element, deleted[-1].element)
        return head + [item for item in tail if item is not deleted[-1]]
    if last.role == "inserted" and before is not None:
        _mark_paragraph(before, "ins", stamps)  # rejecting joins it to the last mark
    elif last.role == "deleted" and before is not None:
        _set_properties(last.element, before.find(PPR))  # what accepting leaves is `before`
        _mark_paragraph(before, "del", stamps)  # accepting joins it to the last mark
    # Without a paragraph before, one version has no paragraph in this stretch: the last mark
    # stays, and accepting (or rejecting) leaves a blank paragraph there (see revisions).
    return stretch


# --- paragraphs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    """A run's stretch of its paragraph's text."""

    start: int
    end: int
    properties: etree._Element | None  # the run's w:rPr


def _compare_paragraphs(old: etree._Element, new: etree._Element, stamps: _Stamps):
    """The new paragraph with the old one's words where they differ, each change as a w:del of
    the old words and a w:ins of the new; None if either holds more than plain runs (a field, a
    hyperlink, a bookmark, a picture), which only a whole-paragraph change keeps intact."""
    before, after = _pieces(old), _pieces(new)
    if before is None or after is None:
        return None
    (old_text, old_pieces), (new_text, new_pieces) = before, after
    paragraph = OxmlElement("w:p")
    _set_properties(paragraph, new.find(PPR))
    for step in changes(old_text, new_text):
        if step.tag == "equal":
            paragraph.extend(_runs(new_pieces, new_text, step.new_start, step.new_end, False))
            continue
        if step.old_start < step.old_end:
            paragraph.append(_wrapped(stamps.make("del"), _runs(
                old_pieces, old_text, step.old_start, step.old_end, True)))
        if step.new_start < step.new_end:
            paragraph.append(_wrapped(stamps.make("ins"), _runs(
                new_pieces, new_text, step.new_start, step.new_end, False)))
    return paragraph


def _pieces(paragraph: etree._Element) -> tuple[str, list[_Piece]] | None:
    text: list[str] = []
    pieces: list[_Piece] = []
    at = 0
    for child in paragraph:
        if child.tag == PPR or child.tag in _IGNORED:
            continue
        if child.tag != R:
            return None
        run_text = _run_text(child)
        if run_text is None:
            return None
        pieces.append(_Piece(at, at + len(run_text), child.find(RPR)))
        text.append(run_text)
        at += len(run_text)
    return "".join(text), pieces


def _run_text(run: etree._Element) -> str | None:
    parts = []
    for part in run:
        if part.tag == RPR or part.tag in _IGNORED:
            continue
        if part.tag == T and not _SPECIAL_SPLIT.search(part.text or ""):
            parts.append(part.text or "")
        elif (special := _special(part)) is not None:
            parts.append(special)
        else:
            return None
    return "".join(parts)


def _special(part: etree._Element) -> str | None:
    kind = part.get(qn("w:type"))
    wanted = (part.tag, None if kind == "textWrapping" else kind)
    if len(part.attrib) > (kind is not None):
        return None  # w:br w:clear=…: kept only by a whole-paragraph change
    return next((char for char, (tag, special) in _SPECIAL.items()
                 if (qn(tag), special) == wanted), None)


def _runs(pieces: list[_Piece], text: str, start: int, end: int, deleted: bool) -> list:
    runs = []
    for piece in pieces:
        first, last = max(start, piece.start), min(end, piece.end)
        if first < last:
            runs.append(_run(piece.properties, text[first:last], deleted))
    return runs


def _run(properties: etree._Element | None, text: str, deleted: bool) -> etree._Element:
    run = OxmlElement("w:r")
    if properties is not None:
        run.append(copy.deepcopy(properties))
    for part in _SPECIAL_SPLIT.split(text):
        if part in _SPECIAL:
            tag, kind = _SPECIAL[part]
            run.append(OxmlElement(tag, {qn("w:type"): kind} if kind else None))
        elif part:
            words = OxmlElement("w:delText" if deleted else "w:t", {XML_SPACE: "preserve"})
            words.text = part
            run.append(words)
    return run


def _wrapped(wrapper: etree._Element, runs: list) -> etree._Element:
    wrapper.extend(runs)
    return wrapper


def _set_properties(paragraph: etree._Element, properties: etree._Element | None) -> None:
    for old in paragraph.findall(PPR):
        paragraph.remove(old)
    if properties is not None:
        paragraph.insert(0, copy.deepcopy(properties))


def _mark_paragraph(paragraph: etree._Element, kind: str, stamps: _Stamps) -> None:
    properties = paragraph.find(PPR)
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    mark = properties.find(RPR)
    if mark is None:
        mark = OxmlElement("w:rPr")
        later = [child for child in properties if child.tag in (_SECT_PR, _PPR_CHANGE)]
        if later:
            later[0].addprevious(mark)
        else:
            properties.append(mark)
    mark.insert(0, stamps.make(kind))


def _unmark_paragraph(paragraph: etree._Element) -> None:
    mark = paragraph.find(f"{PPR}/{RPR}")
    if mark is not None:
        for change in mark.findall(INS) + mark.findall(DEL):
            mark.remove(change)


def _prepend_content(paragraph: etree._Element, source: etree._Element) -> None:
    at = 1 if paragraph.find(PPR) is not None else 0
    for offset, child in enumerate(child for child in source if child.tag != PPR):
        paragraph.insert(at + offset, child)


# --- whole blocks --------------------------------------------------------------------------------

def _inserted(block: etree._Element, stamps: _Stamps) -> etree._Element:
    block = copy.deepcopy(block)
    _wrap_runs(block, "ins", stamps)
    _mark_block(block, "ins", stamps)
    return block


def _deleted(block: etree._Element, stamps: _Stamps) -> etree._Element:
    block = copy.deepcopy(block)
    for bookmark in list(block.iter(*_BOOKMARKS)):  # the new version has them, if anyone
        bookmark.getparent().remove(bookmark)
    for element in block.iter(T, INSTR_TEXT):
        element.tag = DEL_TEXT if element.tag == T else DEL_INSTR_TEXT
    _wrap_runs(block, "del", stamps)
    _mark_block(block, "del", stamps)
    return block


def _wrap_runs(block: etree._Element, kind: str, stamps: _Stamps) -> None:
    """Put each stretch of consecutive runs, at any depth, in one w:ins or w:del."""
    wrapper = None
    for run in list(block.iter(R)):
        if wrapper is None or run.getprevious() is not wrapper:
            wrapper = stamps.make(kind)
            run.addprevious(wrapper)
        wrapper.append(run)


def _mark_block(block: etree._Element, kind: str, stamps: _Stamps) -> None:
    if block.tag == P:
        _mark_paragraph(block, kind, stamps)
    elif block.tag == TBL:
        for row in _rows(block):
            _mark_row(row, kind, stamps)
    else:
        _mark_row(block, kind, stamps)


def _mark_row(row: etree._Element, kind: str, stamps: _Stamps) -> None:
    properties = row.find(TRPR)
    if properties is None:
        properties = OxmlElement("w:trPr")
        exceptions = row.find(_TBL_PR_EX)
        row.insert(0 if exceptions is None else row.index(exceptions) + 1, properties)
    change = properties.find(_TRPR_CHANGE)
    if change is None:
        properties.append(stamps.make(kind))
    else:
        change.addprevious(stamps.make(kind))


# --- tables --------------------------------------------------------------------------------------

def _compare_tables(old: etree._Element, new: etree._Element, stamps: _Stamps):
    """The new table with its rows compared to the old one's; None if the tables hold more than
    rows of cells (which a whole-table change keeps intact)."""
    if not (_plain_table(old) and _plain_table(new)):
        return None
    old_rows, new_rows = _rows(old), _rows(new)
    table = OxmlElement("w:tbl")
    table.extend(copy.deepcopy(child) for child in new if child.tag != TR)
    matcher = SequenceMatcher(None, [_text_row(row) for row in old_rows],
                              [_text_row(row) for row in new_rows], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            table.extend(copy.deepcopy(row) for row in new_rows[j1:j2])
        else:
            table.extend(item.element for item in _paired(
                old_rows[i1:i2], new_rows[j1:j2], stamps, _compare_rows))
    return table


def _compare_rows(old: etree._Element, new: etree._Element, stamps: _Stamps):
    row = OxmlElement("w:tr")
    row.extend(copy.deepcopy(child) for child in new if child.tag != TC)
    for old_cell, new_cell in zip(_cells(old), _cells(new)):
        cell = OxmlElement("w:tc")
        properties = new_cell.find(_TC_PR)
        if properties is not None:
            cell.append(copy.deepcopy(properties))
        cell.extend(_compare_blocks(_blocks(old_cell), _blocks(new_cell), stamps))
        row.append(cell)
    return row


def _plain_table(table: etree._Element) -> bool:
    """Rows of cells only: no content control or custom XML around a row or a cell."""
    return all(_only(table, qn("w:tblPr"), qn("w:tblGrid"), TR)
               and _only(row, _TBL_PR_EX, TRPR, TC) for row in _rows(table))


def _only(element: etree._Element, *tags: str) -> bool:
    return all(child.tag in tags for child in element if isinstance(child.tag, str))


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.findall(TR)


def _cells(row: etree._Element) -> list[etree._Element]:
    return row.findall(TC)


def _text_row(row: etree._Element) -> tuple:
    return tuple(_cell_text(cell) for cell in _cells(row))


def _span(cell: etree._Element) -> str:
    """The cell's width in grid columns and its vertical merge."""
    span = cell.find(f"{_TC_PR}/{qn('w:gridSpan')}")
    merge = cell.find(f"{_TC_PR}/{qn('w:vMerge')}")
    return (f"{span.get(qn('w:val')) if span is not None else 1}"
            f"/{merge.get(qn('w:val'), 'continue') if merge is not None else ''}")
