"""Small Word documents made on the fly, and the two readings of a redline (accept, reject)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from lxml import etree

from dealdocs.redline.revisions import accept_all, reject_all
from dealdocs.render.docx import docx_text


@dataclass(frozen=True)
class Para:
    runs: tuple[tuple[str, bool], ...]  # (text, bold)
    style: str | None = None


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[tuple[Para, ...], ...], ...]  # rows of cells of paragraphs


def make_docx(blocks) -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, Para):
            _fill(document.add_paragraph(style=block.style), block)
        else:
            columns = len(block.rows[0])
            table = document.add_table(rows=len(block.rows), cols=columns)
            for cells, row in zip(block.rows, table.rows):
                for paragraphs, cell in zip(cells, row.cells):
                    _fill(cell.paragraphs[0], paragraphs[0])
                    for more in paragraphs[1:]:
                        _fill(cell.add_paragraph(style=more.style), more)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(paragraph, block: Para) -> None:
    if block.style:
        paragraph.style = block.style
    for text, bold in block.runs:
        paragraph.add_run(text).bold = bold or None


def resolved(redline: bytes, how: str) -> bytes:
    """The redline with every change accepted (how="accept") or rejected ("reject")."""
    document = docx.Document(io.BytesIO(redline))
    body = document.element.body
    result = (accept_all if how == "accept" else reject_all)(body)
    body.getparent().replace(body, result)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def readings(redline: bytes) -> tuple[str, str]:
    """The text of the redline accepted, and rejected, as the project reads a DOCX."""
    return docx_text(resolved(redline, "accept")), docx_text(resolved(redline, "reject"))


def document_xml(docx_bytes: bytes) -> etree._Element:
    return docx.Document(io.BytesIO(docx_bytes)).element


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def changes_in(docx_bytes: bytes) -> list[tuple[str, str]]:
    """Every text change of a redline in document order: ("del" or "ins", its text)."""
    found = []
    for element in document_xml(docx_bytes).iter(f"{W}ins", f"{W}del"):
        if element.getparent().tag in (f"{W}rPr", f"{W}trPr"):
            continue
        text = "".join(part.text or "" for part in element.iter(f"{W}t", f"{W}delText"))
        found.append((etree.QName(element).localname, text))
    return found
