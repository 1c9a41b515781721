"""A rendered DOCX → a complete HTML document for printing (mammoth + templates/print.css).

mammoth keeps a document's structure and drops its direct formatting (alignment, fonts, borders,
indents), so the PDF's look comes only from *named* Word styles, each mapped below to an element
or class that print.css styles. Tables are the exception: their borders and column widths are
read from the Word XML here and passed on as classes and <col> widths. Whatever mammoth would
drop silently — an unknown style, Word's automatic numbering, a footnote, a border on one cell —
is refused instead, so that a change to a template cannot quietly lose its look or words.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import mammoth
import mammoth.documents as word
from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from ..facts import COVER_PRINTED, COVER_STYLE_PREFIX
from . import TABLE_SEPARATOR, TemplateProblem
from .pdf import STYLESHEET

# Word style → HTML. ":fresh" starts a new element for each paragraph; the wrappers without it
# (div.legend, div.signature, blockquote) gather consecutive paragraphs of one style into one box.
# The 8-K's cover facts keep their dei element name as a class, for the EDGAR step to tag.
STYLE_MAP = """\
p[style-name='Normal'] => p:fresh
p[style-name='Body Text'] => p:fresh
p[style-name='Title'] => p.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Heading 1'] => h1:fresh
p[style-name='Heading 2'] => h2:fresh
p[style-name='Legend'] => div.legend > p:fresh
p[style-name='Centered'] => p.centered:fresh
p[style-name='Right'] => p.right:fresh
p[style-name='Signature'] => div.signature > p:fresh
p[style-name='Small'] => p.small:fresh
p[style-name='Cover Text'] => p.cover-text:fresh
p[style-name='Subheading'] => p.subheading:fresh
p[style-name='Table Text'] => p.table-text:fresh
p[style-name='Table Text Right'] => p.table-text.right:fresh
p[style-name='Table Text Indent'] => p.table-text.indent:fresh
p[style-name='Table Note'] => p.table-text.note:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='Page Break'] => div.page-break:fresh
r[style-name='Strong'] => strong
r[style-name='Emphasis'] => em
r[style-name='Hyperlink'] => span
r[style-name='Default Paragraph Font'] => span
b => strong
i => em
u => u
highlight[color='yellow'] => mark
strike => s
all-caps => span.caps
br[type='page'] => hr.page-break
""" + "".join(f"r[style-name='{COVER_STYLE_PREFIX}{element}'] => span.ix-{element}\n"
              for element in COVER_PRINTED)

# Table styles whose only look is borders, which are read from the XML (see _TableLook). mammoth
# never warns about a table style, so it is checked here. None is a table without one.
TABLE_STYLES = frozenset({None, "Normal Table", "Table Grid", "Signature Table"})
# Table styles with a look of their own in print.css, by class.
_TABLE_CLASSES = {"Signature Table": "signature"}

# Word's six table border positions → the print.css class that draws each.
_BORDER_CLASSES = {"top": "border-top", "bottom": "border-bottom", "left": "border-left",
                   "right": "border-right", "insideH": "border-rows", "insideV": "border-columns"}
_NO_BORDER = frozenset({"nil", "none"})


_TABLE_TAG = re.compile(r"<table(?: [^>]*)?>")

# Spaces that end a text just before an inline tag (<strong>, </u>, <br />...). See _detach_spaces.
_SPACE_BEFORE_INLINE_TAG = re.compile(r"([ \t]+)(?=</?(?:strong|em|u|s|span|a|sup|sub|br)\b)")


def docx_to_html(docx: bytes, *, title: str, lang: str = "en", style_map: str = STYLE_MAP) -> str:
    """The DOCX as a complete HTML5 document that links print.css. Deterministic.

    Raises TemplateProblem naming every Word style or feature the PDF cannot show as Word does.
    `style_map` is STYLE_MAP, or STYLE_MAP with the looks of one more kind of output (a redline's).
    """
    word_document = open_docx(io.BytesIO(docx))
    refusals = _cell_border_refusals(word_document)
    result = mammoth.convert_to_html(
        io.BytesIO(docx),
        style_map=style_map,
        include_default_style_map=False,  # only the looks print.css knows
        include_embedded_style_map=False,  # a DOCX may carry its own map; ours is the only one
        ignore_empty_paragraphs=False,  # Word shows an empty paragraph as a blank line
        transform_document=lambda document: _prepare(document, refusals),
    )
    refusals += [message.message for message in result.messages
                 if TABLE_SEPARATOR not in message.message]  # dropped in _lift_page_breaks
    if refusals:
        raise TemplateProblem(title, "template.style", _explain(refusals))
    body = _with_table_looks(result.value, _table_looks(word_document), title)
    return _page(_detach_spaces(body), title=title, lang=lang, created=_created(word_document))


def _prepare(document: word.Document, refusals: list[str]) -> word.Document:
    """Refuse what mammoth would lose, and lift page breaks out of their paragraphs."""
    for element in _descendants(document):
        refusal = _refusal(element)
        if refusal and refusal not in refusals:
            refusals.append(refusal)
    return _lift_page_breaks(document)


def _refusal(element) -> str | None:
    if isinstance(element, word.Table) and element.style_name not in TABLE_STYLES:
        return f"Unrecognised table style: {element.style_name}"
    if isinstance(element, word.Paragraph) and element.numbering is not None:
        return (f"Word automatic numbering (style {element.style_name or 'Normal'}): the PDF would "
                "lose the numbers; type them as text")
    if isinstance(element, word.NoteReference):
        return "a footnote or endnote: the PDF would move it to the end; write it into the text"
    if isinstance(element, word.Checkbox):
        return "a Word check-box control: type ☐ or ☒ instead"
    return None


def _descendants(element) -> Iterator:
    yield element
    for child in getattr(element, "children", ()):
        yield from _descendants(child)


def _lift_page_breaks(element):
    """Split each paragraph at its page breaks, so that a break becomes a block between two
    paragraphs (an <hr> inside a <p> is invalid HTML, and WeasyPrint only breaks pages between
    blocks). mammoth drops page breaks unless mapped."""
    if not isinstance(element, (word.HasChildren, word.TableCellUnmerged)) or isinstance(
            element, word.Run):
        return element
    children = []
    for child in element.children:
        if isinstance(child, word.Paragraph) and child.style_id == TABLE_SEPARATOR:
            continue  # keeps LibreOffice from joining two tables; HTML tables never join
        if isinstance(child, word.Paragraph):
            children += _split_paragraph(child)
        else:
            children.append(_lift_page_breaks(child))
    return element.copy(children=children)


def _split_paragraph(paragraph: word.Paragraph) -> list:
    pieces: list[list] = [[]]
    for child in paragraph.children:
        if isinstance(child, word.Run) and word.page_break in child.children:
            for part in _split_run(child):
                if part is word.page_break:
                    pieces += [word.page_break, []]
                else:
                    pieces[-1].append(part)
        else:
            pieces[-1].append(child)
    if len(pieces) == 1:
        return [paragraph]
    return [piece if piece is word.page_break else paragraph.copy(children=piece)
            for piece in pieces if piece is word.page_break or _has_content(piece)]


def _split_run(run: word.Run) -> Iterator:
    current: list = []
    for child in run.children:
        if child == word.page_break:
            yield run.copy(children=current)
            yield word.page_break
            current = []
        else:
            current.append(child)
    yield run.copy(children=current)


def _has_content(children: list) -> bool:
    return any(not isinstance(child, word.Run) or child.children for child in children)


def _detach_spaces(body: str) -> str:
    """Give each space before an inline tag a box of its own.

    WeasyPrint 70 (with Pango 1.50) measures a text that ends in a space with the space, though a
    space at the end of a line hangs: when the text fits only without it, WeasyPrint decides the
    text cannot be split and keeps just its first word, leaving a one-word line in the middle of
    a paragraph (seen in about 2% of paragraphs with bold or underlined terms). A space in its
    own <span> is laid out as a separate box and hangs as it should. The text is unchanged.
    """
    return _SPACE_BEFORE_INLINE_TAG.sub(r"<span>\1</span>", body)


def _explain(refusals: list[str]) -> str:
    supported = [line.split("'")[1] for line in STYLE_MAP.splitlines() if "style-name=" in line]
    supported += sorted(style for style in TABLE_STYLES if style)
    return ("the PDF cannot show this DOCX as Word does:\n  - " + "\n  - ".join(refusals)
            + "\n  Use a supported style (" + ", ".join(supported) + "), or add the new style "
            "to STYLE_MAP in dealdocs/render/html.py and give it a look in templates/print.css.")


@dataclass(frozen=True)
class _TableLook:
    """What mammoth drops from a Word table and the PDF needs to look the same."""

    widths: tuple[int, ...]  # of the grid columns, in twentieths of a point
    borders: frozenset[str]  # the visible ones of top, bottom, left, right, insideH, insideV
    style: str | None = None  # a class of its own, for a table style print.css knows

    def tag(self) -> str:
        classes = " ".join([name for side, name in _BORDER_CLASSES.items() if side in self.borders]
                           + ([self.style] if self.style else []))
        total = sum(self.widths)
        columns = "".join(f'<col style="width: {100 * width / total:.2f}%">'
                          for width in self.widths) if self.widths and min(self.widths) > 0 else ""
        return (f'<table class="{classes}">' if classes else "<table>") + (
            f"<colgroup>{columns}</colgroup>" if columns else "")


def _table_looks(document) -> list[_TableLook]:
    """Each table's look, in document order, which is the order mammoth writes tables in."""
    return [_TableLook(tuple(int(column.get(qn("w:w"), 0)) for column in
                             table.iterfind(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")),
                       _visible_borders(table, document.styles.element),
                       _TABLE_CLASSES.get(_table_style_name(table, document.styles.element)))
            for table in document.element.body.iter(qn("w:tbl"))]


def _table_style_name(table, styles) -> str | None:
    style_id = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    style = styles.get_by_id(style_id.get(qn("w:val"))) if style_id is not None else None
    return style.name_val if style is not None else None


def _visible_borders(table, styles) -> frozenset[str]:
    """The table's borders: those of its style (and the styles it is based on), overridden side by
    side by the table's own, as Word resolves them."""
    sources = [table.find(qn("w:tblPr"))]
    style_id = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    style = (styles.get_by_id(style_id.get(qn("w:val"))) if style_id is not None
             else styles.default_for(WD_STYLE_TYPE.TABLE))  # without one: Word's default
    while style is not None:
        sources.append(style.find(qn("w:tblPr")))
        based_on = style.find(qn("w:basedOn"))
        style = styles.get_by_id(based_on.get(qn("w:val"))) if based_on is not None else None
    sides: dict[str, bool] = {}
    for properties in reversed(sources):  # the base style first, the table's own last
        for border in () if properties is None else properties.iterfind(
                f"{qn('w:tblBorders')}/*"):
            side = border.tag.rpartition("}")[2].replace("start", "left").replace("end", "right")
            sides[side] = border.get(qn("w:val")) not in _NO_BORDER
    return frozenset(side for side, visible in sides.items() if visible)


def _cell_border_refusals(document) -> list[str]:
    for borders in document.element.body.iter(qn("w:tcBorders")):
        if any(side.get(qn("w:val")) not in _NO_BORDER for side in borders):
            return ["a border set on a single table cell: set borders for the whole table "
                    "(Table Properties ▸ Borders) or use the table style Table Grid"]
    return []


def _with_table_looks(body: str, looks: list[_TableLook], title: str) -> str:
    """Give each HTML table the borders and column proportions of its Word table."""
    tables = list(_TABLE_TAG.finditer(body))
    if len(tables) != len(looks):  # e.g. a table in a text box, which mammoth moves
        raise TemplateProblem(title, "template.table", f"found {len(looks)} Word tables but "
                              f"mammoth wrote {len(tables)}; keep tables out of text boxes")
    pieces, end = [], 0
    for match, look in zip(tables, looks):
        pieces += [body[end:match.start()], look.tag()]
        end = match.end()
    return "".join(pieces) + body[end:]


def _created(document) -> str | None:
    # The PDF's creation date is the document's date, so the same deal prints the same bytes.
    created = document.core_properties.created
    return created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else None


def _page(body: str, *, title: str, lang: str, created: str | None) -> str:
    dates = (f'<meta name="dcterms.created" content="{created}">\n'
             f'<meta name="dcterms.modified" content="{created}">\n') if created else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"{dates}"
        f'<link rel="stylesheet" href="{STYLESHEET}">\n'
        "</head>\n"
        f"<body>\n{body}\n</body>\n"
        "</html>\n"
    )
