"""The redline for reviewers without Word: the tracked-changes DOCX printed as a PDF, deletions
struck through in red and insertions underlined in blue.

The PDF is printed from the redline DOCX itself, so it shows the very changes Word shows: each
w:del and w:ins becomes ordinary text in a character style of its own, which the project's HTML
route (render/html.py, mammoth) maps to span.deleted and span.inserted, styled in
templates/print.css, and render/pdf.py prints.
"""

from __future__ import annotations

import io

import docx as python_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from .revisions import DEL, DEL_INSTR_TEXT, DEL_TEXT, INS, INSTR_TEXT, R, RPR, T, TRPR
from .tracked import story_containers

INSERTED, DELETED = "Redline Inserted", "Redline Deleted"  # the character styles
REDLINE_STYLES = (f"r[style-name='{INSERTED}'] => span.inserted\n"
                  f"r[style-name='{DELETED}'] => span.deleted\n")


def redline_pdf(redline: bytes, *, title: str) -> bytes:
    from ..render.html import STYLE_MAP, docx_to_html
    from ..render.pdf import html_to_pdf

    return html_to_pdf(docx_to_html(review_docx(redline), title=title,
                                    style_map=STYLE_MAP + REDLINE_STYLES))


def review_docx(redline: bytes) -> bytes:
    """The redline with every change shown as styled text instead of a revision: deleted and
    inserted words stay where they are, in the styles INSERTED and DELETED; rows and paragraph
    marks are no longer marked."""
    document = python_docx.Document(io.BytesIO(redline))
    styles = {kind: document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER).style_id
              for kind, name in ((INS, INSERTED), (DEL, DELETED))}
    for container in story_containers(document):
        for change in list(container.iter(INS, DEL)):
            if change.getparent().tag not in (RPR, TRPR):
                for run in change.iter(R):
                    _set_style(run, styles[change.tag])
                for child in list(change):
                    change.addprevious(child)
            change.getparent().remove(change)
        for element in container.iter(DEL_TEXT, DEL_INSTR_TEXT):
            element.tag = T if element.tag == DEL_TEXT else INSTR_TEXT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_style(run: etree._Element, style_id: str) -> None:
    # A run has one character style; the change's replaces any other (direct bold, italics and
    # underline stay).
    properties = run.find(RPR)
    if properties is None:
        properties = OxmlElement("w:rPr")
        run.insert(0, properties)
    for old in properties.findall(qn("w:rStyle")):
        properties.remove(old)
    properties.insert(0, OxmlElement("w:rStyle", {qn("w:val"): style_id}))
