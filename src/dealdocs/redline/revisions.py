"""Tracked changes read back: accept all, reject all, and what a version says.

Word's rules for revision marks, as applied here:
- a run inside `w:ins` is inserted text and one inside `w:del` deleted text (its words are
  `w:delText`); accepting keeps the first and drops the second, rejecting does the opposite;
- `w:ins` or `w:del` in a paragraph's `w:pPr/w:rPr` marks its paragraph mark as inserted or deleted;
  when a mark goes, the paragraph's remaining text joins the next paragraph, which keeps its own
  properties; but the mark of a paragraph that ends a body, header, footer or cell, or stands just
  before a table, stays: there is no paragraph to join (LibreOffice does exactly this);
- so a redline cannot always remove a paragraph that stands before a table: where one version has
  no paragraph just before a table and the other has, accepting or rejecting may leave a blank
  paragraph there. What a version says is therefore read without its blank paragraphs: they are
  spacing, not words;
- `w:ins` or `w:del` in a row's `w:trPr` marks the whole row; a table left without rows goes.

`redline.tracked` checks every redline it makes with these functions before anyone sees it:
accepting all must give the new document and rejecting all the old one's text.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree

P, R, T, TBL, TR, TC = (qn(f"w:{name}") for name in ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, TRPR = qn("w:pPr"), qn("w:rPr"), qn("w:trPr")
INS, DEL = qn("w:ins"), qn("w:del")
DEL_TEXT, INSTR_TEXT, DEL_INSTR_TEXT = qn("w:delText"), qn("w:instrText"), qn("w:delInstrText")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MARK_HOLDERS = (RPR, TRPR)  # where w:ins/w:del mark a paragraph mark or a row, not text
# Marks of the text's look, not of its words: Word redraws them.
_NOISE = frozenset(qn(f"w:{name}") for name in ("proofErr", "lastRenderedPageBreak"))
_BREAKS = {None: "\n", "textWrapping": "\n", "page": "\f", "column": "\v"}


def accept_all(container: etree._Element) -> etree._Element:
    """A copy of the container (a body, header, footer or cell) with every change accepted."""
    return _resolve(container, kept=INS, dropped=DEL)


def reject_all(container: etree._Element) -> etree._Element:
    """A copy of the container with every change rejected."""
    return _resolve(container, kept=DEL, dropped=INS)


def _resolve(container: etree._Element, *, kept: str, dropped: str) -> etree._Element:
    result = copy.deepcopy(container)
    lasting = [block for blocks in map(_blocks, [result, *result.iter(TC)])
               for block, following in zip(blocks, [*blocks[1:], None])
               if block.tag == P and (following is None or following.tag == TBL)]
    for row in [mark.getparent().getparent() for mark in result.iter(dropped)
                if mark.getparent().tag == TRPR]:
        table = row.getparent()
        table.remove(row)
        if table.find(TR) is None:
            table.getparent().remove(table)
    for mark in list(result.iter(dropped)):
        if mark.getparent().tag not in _MARK_HOLDERS:
            mark.getparent().remove(mark)
    for mark in list(result.iter(kept)):
        if mark.getparent().tag not in _MARK_HOLDERS:
            _unwrap(mark)
    if kept == DEL:
        for element in result.iter(DEL_TEXT, DEL_INSTR_TEXT):
            element.tag = T if element.tag == DEL_TEXT else INSTR_TEXT
    for paragraph in list(result.iter(P)):
        if _mark(paragraph, dropped) is not None and paragraph not in lasting:
            _join_next(paragraph)
    for mark in list(result.iter(kept, dropped)):  # the marks that stay: no longer changes
        holder = mark.getparent()
        holder.remove(mark)
        if len(holder) == 0 and holder.tag == TRPR:
            holder.getparent().remove(holder)
    return result


def _unwrap(wrapper: etree._Element) -> None:
    for child in list(wrapper):
        wrapper.addprevious(child)
    wrapper.getparent().remove(wrapper)


def _mark(paragraph: etree._Element, kind: str) -> etree._Element | None:
    properties = paragraph.find(PPR)
    mark = None if properties is None else properties.find(RPR)
    return None if mark is None else mark.find(kind)


def _join_next(paragraph: etree._Element) -> None:
    """The paragraph loses its mark: its content moves to the start of the next paragraph."""
    following = paragraph.getnext()
    while following.tag != P:  # a paragraph follows: the lasting marks are the others
        following = following.getnext()
    properties = following.find(PPR)
    at = 0 if properties is None else following.index(properties) + 1
    for offset, child in enumerate(child for child in paragraph if child.tag != PPR):
        following.insert(at + offset, child)
    paragraph.getparent().remove(paragraph)


# --- what a version says -------------------------------------------------------------------------

def paragraph_text(paragraph: etree._Element) -> str:
    """The paragraph's text: its text, tabs and breaks, inserted or deleted text alike."""
    pieces = []
    for element in paragraph.iter(T, DEL_TEXT, qn("w:tab"), qn("w:br"), qn("w:cr")):
        if element.tag in (T, DEL_TEXT):
            pieces.append(element.text or "")
        elif element.tag == qn("w:br"):
            pieces.append(_BREAKS.get(element.get(qn("w:type")), "\n"))
        else:
            pieces.append("\t" if element.tag == qn("w:tab") else "\n")
    return "".join(pieces)


def text_structure(container: etree._Element) -> tuple:
    """The container's words and their places: each paragraph's text (blank ones left out), each
    table as rows of cells. Two versions with the same structure read the same."""
    items: list = []
    for block in _blocks(container):
        if block.tag == TBL:
            items.append(tuple(tuple(text_structure(cell) for cell in row.findall(TC))
                               for row in block.findall(TR)))
        elif text := paragraph_text(block):
            items.append(text)
    return tuple(items)


def _blocks(container: etree._Element) -> list[etree._Element]:
    return [child for child in container if child.tag in (P, TBL)]


def canonical(container: etree._Element) -> tuple:
    """The container as a comparable value: its XML with adjacent runs of the same look joined,
    and spelling marks, empty runs, empty property elements and blank paragraphs removed, so that
    two containers compare equal when Word would show the same words in the same way."""
    tidy = copy.deepcopy(container)
    for noise in list(tidy.iter(*_NOISE)):
        noise.getparent().remove(noise)
    for empty in [text for text in tidy.iter(T) if not text.text]:
        empty.getparent().remove(empty)
    for run in [run for run in tidy.iter(R) if all(part.tag == RPR for part in run)]:
        run.getparent().remove(run)  # a run without text shows nothing
    for element in reversed(list(tidy.iter(PPR, RPR, TRPR))):  # innermost first
        if len(element) == 0 and not element.attrib:
            element.getparent().remove(element)
    for parent in list(tidy.iter()):
        _join_runs(parent)
    for blank in [paragraph for paragraph in tidy.iter(P) if not paragraph_text(paragraph)]:
        blank.getparent().remove(blank)
    return _value(tidy)


def _join_runs(parent: etree._Element) -> None:
    previous = None
    for child in list(parent):
        if child.tag == R and previous is not None and _look(child) == _look(previous):
            for part in [part for part in child if part.tag != RPR]:
                previous.append(part)
            parent.remove(child)
            continue
        previous = child if child.tag == R else None
    if parent.tag == R:
        last_text = None
        for part in list(parent):
            if part.tag == T and last_text is not None:
                last_text.text = (last_text.text or "") + (part.text or "")
                parent.remove(part)
            else:
                last_text = part if part.tag == T else None


def _look(run: etree._Element) -> bytes:
    properties = run.find(RPR)
    return b"" if properties is None else etree.tostring(properties, method="c14n")


def _value(element: etree._Element) -> tuple:
    attributes = tuple(sorted((key, value) for key, value in element.attrib.items()
                              if key != XML_SPACE))
    text = (element.text or "") if element.tag in (T, DEL_TEXT) else None
    return (element.tag, attributes, text,
            tuple(_value(child) for child in element if isinstance(child.tag, str)))
