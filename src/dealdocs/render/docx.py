"""Word templates → DOCX bytes (docxtpl), and the text of templates and of rendered DOCX files.

The rendered DOCX is byte-reproducible: the same template, context, title and date give the same
bytes, so an unchanged deal gives an unchanged file and a reviewer's diff shows only real changes.
"""

from __future__ import annotations

import functools
import io
import os
import re
import threading
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import docx as python_docx
import jinja2
import jinja2.meta
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from docxtpl import DocxTemplate
from lxml import etree

from .. import display
from . import TABLE_SEPARATOR, TemplateProblem
from .environment import ENVIRONMENT

# The DOS epoch, the earliest time a zip entry can carry; python-docx would stamp "now".
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIRST_ENTRY = "[Content_Types].xml"  # Office expects it first (OPC, ECMA-376 Part 2 §10.1.2)

# XML 1.0 forbids most C0 controls, and docxtpl turns "\a" into a new paragraph and "\f" into a page
# break in *any* rendered value. A pre-formatted value has no business containing any of them, so
# refuse rather than corrupt the document. (Braces are safe: ENVIRONMENT writes them as character
# references, out of reach of docxtpl's "{_{" rewrite.)
_UNSAFE_VALUE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def render_docx(template: Path, context: Mapping[str, Any], *, title: str,
                created: date, checked: dict[str, Any] | None = None) -> bytes:
    """Render a Word template with ENVIRONMENT into reproducible DOCX bytes.

    Raises TemplateProblem for a Jinja error (naming the template, the Word part and a snippet),
    for tags that produce broken Word XML, and for values the DOCX cannot carry faithfully.
    `checked`: the values of the deal's earlier documents already checked, by name (see
    check_values); left out, every value is checked.
    """
    check_values(template, {"title": title, **context}, {} if checked is None else checked)
    compiled = compiled_template(template)
    document = DocxTemplate(io.BytesIO(compiled.data))
    try:
        document.render(dict(context), jinja_env=compiled.environment, autoescape=True)
    except jinja2.TemplateError as error:
        raise _jinja_problem(template, document, error) from error
    except etree.XMLSyntaxError as error:
        raise TemplateProblem(str(template), "template.xml",
                              f"the template's tags produce broken Word XML: {error}") from error
    _resolve_marks(str(template), document.docx.element.body, context.get("number"))
    _separate_tables(document.docx.element.body)
    _set_core_properties(document.docx, title, created)
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def template_text(template: Path) -> str:
    """The template's text with its tags: headers, body, footers; one paragraph a line, one table
    row a line with cells joined by " | ". For reviewing a template change as text."""
    document = python_docx.Document(str(template))
    lines: list[str] = []
    for kind, part in _headers_and_footers(document, "header"):
        lines += [f"[{kind}]", *_block_lines(part)]
    lines += ["[body]", *_block_lines(document)]
    for kind, part in _headers_and_footers(document, "footer"):
        lines += [f"[{kind}]", *_block_lines(part)]
    return "\n".join(lines) + "\n"


def template_variables(template: Path) -> set[str]:
    """Every undeclared variable the template needs (body, headers and footers), as parsed by the
    same ENVIRONMENT the renderer uses."""
    return set(compiled_template(template).variables)


def template_ast(template: Path) -> jinja2.nodes.Template:
    """The Jinja syntax tree of a Word template (body, headers, footers), as docxtpl patches and
    the renderer's ENVIRONMENT parses it: what the template lint walks."""
    return compiled_template(template).ast


# --- compiled templates, once per process --------------------------------------------------------

@dataclass
class CompiledTemplate:
    """One version of a Word template (its bytes), parsed and compiled once per process and shared
    by every render and by the lint. docxtpl would re-parse and Jinja re-compile the same XML for
    every note (13 s of a 98 s build at 200 notes). A compiled Jinja template renders the same
    from any thread; each process (a pool's worker) compiles its own."""

    path: Path
    data: bytes
    _parts: dict[str, jinja2.Template] = field(default_factory=dict)

    @property
    def environment(self) -> _CompiledParts:
        return _CompiledParts(self._parts)

    @functools.cached_property
    def ast(self) -> jinja2.nodes.Template:
        """The lint's view: body, headers and footers as one source, as docxtpl's own
        get_undeclared_template_variables reads them. Parsed on first use, not before a render,
        so that a render reports a syntax error with its Word part and the text near it.

        Raises TemplateProblem for a Jinja syntax error."""
        document = DocxTemplate(io.BytesIO(self.data))  # for patch_xml only: nothing is loaded
        word = python_docx.Document(io.BytesIO(self.data))
        xml = document.patch_xml(document.xml_to_string(word._element.body))
        for uri in (document.HEADER_URI, document.FOOTER_URI):
            for relation in word.part.rels.values():
                if relation.reltype == uri and relation.target_part.blob:
                    xml += document.patch_xml(document.xml_to_string(parse_xml(
                        relation.target_part.blob)))
        try:
            return ENVIRONMENT.parse(xml)
        except jinja2.TemplateError as error:
            raise TemplateProblem(str(self.path), "template.jinja", _describe(error)) from error

    @functools.cached_property
    def variables(self) -> frozenset[str]:
        return frozenset(jinja2.meta.find_undeclared_variables(self.ast))


class _CompiledParts:
    """What docxtpl is given as its Jinja environment: ENVIRONMENT's own compile, remembered per
    source (each Word part of one template, and its core properties)."""

    def __init__(self, parts: dict[str, jinja2.Template]):
        self._parts = parts
        self.autoescape = ENVIRONMENT.autoescape  # docxtpl sets it here, not on ENVIRONMENT

    def from_string(self, source: str) -> jinja2.Template:
        if source not in self._parts:  # two threads may both compile it: the same result
            self._parts[source] = ENVIRONMENT.from_string(source)
        return self._parts[source]


# The latest version of each template, by resolved path: an edited template (other bytes) is
# compiled again and replaces the old one, so a long-lived process keeps one version of each.
_COMPILED: dict[Path, CompiledTemplate] = {}
_COMPILING = threading.Lock()


def _unlock_after_fork() -> None:
    global _COMPILING
    _COMPILING = threading.Lock()  # another thread of the parent may have held it at the fork


os.register_at_fork(after_in_child=_unlock_after_fork)


def compiled_template(template: Path) -> CompiledTemplate:
    """The template at `template`, compiled; compiled again whenever its bytes change."""
    data = Path(template).read_bytes()
    key = Path(template).resolve()
    with _COMPILING:
        found = _COMPILED.get(key)
        if found is None or found.data != data:
            found = _COMPILED[key] = CompiledTemplate(Path(template), data)
        return found


def docx_text(docx: bytes) -> str:
    """The body text of a rendered DOCX as a reader sees it: paragraphs and table cells in
    document order, one a line, with Word's all-caps applied (the PDF shows capitals too)."""
    document = python_docx.Document(io.BytesIO(docx))
    return "\n".join(_visible_lines(document, {}))


# --- rendering helpers ---------------------------------------------------------------------------

_REFERENCE = re.compile(f"{display.REFERENCE_OPEN}([^{display.REFERENCE_CLOSE}]*)"
                        f"{display.REFERENCE_CLOSE}")
_BRACKETS = re.compile(f"([{display.OPEN}{display.CLOSE}])")


def _resolve_marks(template: str, body, numbering: Any) -> None:
    """Turn the marks values carry into what Word shows: a cross-reference into its section
    number, and a draft's open point into bracketed, highlighted text (the marks may open in one
    run and close in a later run of the same paragraph)."""
    for paragraph in body.iter(qn("w:p")):
        inside = False
        for run in list(paragraph.iter(qn("w:r"))):
            texts = run.findall(qn("w:t"))
            if not texts:
                continue
            text = "".join(element.text or "" for element in texts)
            if display.REFERENCE_OPEN in text:
                text = _REFERENCE.sub(lambda match: _section(template, numbering, match[1]), text)
                texts[0].text = text
                for extra in texts[1:]:
                    run.remove(extra)
            if inside or display.OPEN in text:
                inside = _bracket(run, text, inside)


def _separate_tables(body) -> None:
    """Put a hairline paragraph between two tables that a removed {%p %} tag left back to back:
    Word keeps such tables apart, but LibreOffice joins them into one and loses the second
    table's borders and column widths."""
    for table in list(body.iter(qn("w:tbl"))):
        following = table.getnext()
        if following is not None and following.tag == qn("w:tbl"):
            table.addnext(_hairline_paragraph())


def _hairline_paragraph():
    paragraph = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), TABLE_SEPARATOR)  # so the HTML drops it: its tables never merge
    properties.append(style)
    spacing = OxmlElement("w:spacing")
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{name}"), value)
    properties.append(spacing)
    paragraph.append(properties)
    return paragraph


def _section(template: str, numbering: Any, label: str) -> str:
    labels = getattr(numbering, "labels", {})
    if label not in labels:
        raise TemplateProblem(template, "template.reference",
                              f"a cross-reference to \"{label}\", which no numbered paragraph of "
                              "the document carries: a clause refers to one the deal leaves out")
    return labels[label]


def _bracket(run, text: str, inside: bool) -> bool:
    """Split a run at the draft marks; the pieces inside them are highlighted, the marks become
    brackets. Returns whether the paragraph is still inside a mark after this run."""
    pieces: list[tuple[str, bool]] = []
    for piece in _BRACKETS.split(text):
        if piece == display.OPEN:
            inside, piece = True, "["
        elif piece == display.CLOSE:
            pieces.append(("]", True))
            inside = False
            continue
        if piece:
            pieces.append((piece, inside))
    parent = run.getparent()
    position = parent.index(run)
    for offset, (piece, highlighted) in enumerate(pieces):
        parent.insert(position + offset, _run_like(run, piece, highlighted))
    parent.remove(run)
    return inside


_AFTER_HIGHLIGHT = {qn(f"w:{name}") for name in (
    "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath")}


def _run_like(run, text: str, highlighted: bool):
    """A copy of the run's formatting with other text, highlighted or not."""
    new = etree.SubElement(etree.Element(qn("w:p")), qn("w:r"))
    properties = run.find(qn("w:rPr"))
    if properties is not None:
        new.append(etree.fromstring(etree.tostring(properties)))
    if highlighted:
        properties = new.find(qn("w:rPr"))
        if properties is None:
            properties = etree.Element(qn("w:rPr"))
            new.insert(0, properties)
        highlight = etree.Element(qn("w:highlight"))
        highlight.set(qn("w:val"), "yellow")
        # rPr's children have a fixed order (ECMA-376 §17.3.2.28): highlight comes before u.
        later = next((child for child in properties if child.tag in _AFTER_HIGHLIGHT), None)
        if later is None:
            properties.append(highlight)
        else:
            later.addprevious(highlight)
    element = etree.SubElement(new, qn("w:t"))
    element.text = text
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return new

def check_values(template: Path, context: Mapping[str, Any], checked: dict[str, Any]) -> None:
    """Refuse a value the DOCX cannot carry (_UNSAFE_VALUE), anywhere in the context.

    `checked` maps each top-level name to the value already checked under it for an earlier
    document of the same deal, and is updated. A value that *is* the one already checked (the
    notes share the deal's context, unchanged) is not walked again: walking the whole deal for
    every note would make the cost grow with notes × deal size."""
    for key, value in context.items():
        if key in checked and checked[key] is value:
            continue
        _check_value(template, value, str(key))
        checked[key] = value


def _check_mapping(template: Path, context: Mapping[str, Any], path: str) -> None:
    for key, value in context.items():
        _check_value(template, value, f"{path}.{key}")


def _check_value(template: Path, value: Any, path: str) -> None:
    if isinstance(value, str):
        if found := _UNSAFE_VALUE.search(value):
            raise TemplateProblem(str(template), "template.value",
                                  f"value {path} contains {found.group()!r}, which a Word document "
                                  "cannot carry as text")
    elif isinstance(value, Mapping):
        _check_mapping(template, value, path)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check_value(template, item, f"{path}[{index}]")


def _jinja_problem(template: Path, document: DocxTemplate, error: jinja2.TemplateError
                   ) -> TemplateProblem:
    part = getattr(document, "current_rendering_part", None)
    message = _describe(error)
    if part is not None:
        message += f" in {part.partname.lstrip('/')}" + _near(document, part, error)
    return TemplateProblem(str(template), "template.jinja", message)


def _near(document: DocxTemplate, part, error: jinja2.TemplateError) -> str:
    """The paragraphs around the error, as text, the one with the error marked."""
    line = getattr(error, "lineno", None) or _template_line(error)
    if line is None:
        return ""
    if hasattr(error, "docx_context"):  # docxtpl's, for syntax errors
        context = list(error.docx_context)
    else:  # an undefined value: the same text docxtpl renders, one paragraph a line
        xml = document.patch_xml(document.get_part_xml(part))
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()
        context = [re.sub(r"<[^>]+>", "", text) for text in lines[max(line - 4, 0):line + 3]]
    at = min(line, 4) - 1  # both start the context three lines before the error, if there are
    shown = [("> " if index == at else "  ") + _shorten(text.strip())
             for index, text in enumerate(context) if text.strip() or index == at]
    return "\n  near:\n    " + "\n    ".join(shown) if shown else ""


def _template_line(error: BaseException) -> int | None:
    # Jinja rewrites the traceback of a runtime error so that its frames point at the template.
    lines = [traceback.tb_lineno for traceback in _tracebacks(error.__traceback__)
             if traceback.tb_frame.f_code.co_filename == "<template>"]
    return lines[-1] if lines else None


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _tracebacks(traceback) -> Iterator:
    while traceback is not None:
        yield traceback
        traceback = traceback.tb_next


def _describe(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return f"the template needs a value that is not given: {error.message}"
    return f"{type(error).__name__}: {error.message}"


# python-docx refuses a core property longer than this (the title is the note's title, the
# Company's and the holder's names: long names of any length the schema allows must still build).
_PROPERTY_LIMIT = 255


def _property_text(text: str) -> str:
    return text if len(text) <= _PROPERTY_LIMIT else text[:_PROPERTY_LIMIT - 1] + "…"


def _set_core_properties(document: WordDocument, title: str, created: date) -> None:
    properties = document.core_properties
    stamp = datetime.combine(created, time())
    properties.title = _property_text(title)
    properties.created = stamp
    properties.modified = stamp
    # Who last saved the template, when, and how often is noise in every output diff.
    properties.author = ""
    properties.last_modified_by = ""
    properties.revision = 1
    for stale in properties._element.findall(qn("cp:lastPrinted")):
        properties._element.remove(stale)


def _reproducible_zip(data: bytes) -> bytes:
    """The same zip with fixed entry order, timestamps and attributes."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        names = sorted(source.namelist(), key=lambda name: (name != _FIRST_ENTRY, name))
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # as Word writes it; the default depends on the OS
            target.writestr(entry, source.read(name))
    return output.getvalue()


# --- text helpers --------------------------------------------------------------------------------

def _headers_and_footers(document, kind: str) -> Iterator[tuple[str, Any]]:
    variants = (("", kind), ("first page ", f"first_page_{kind}"),
                ("even page ", f"even_page_{kind}"))
    for number, section in enumerate(document.sections, start=1):
        for label, attribute in variants:
            part = getattr(section, attribute)
            if not part.is_linked_to_previous:
                yield f"{label}{kind}, section {number}", part


def _block_lines(container) -> Iterator[str]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                yield " | ".join(_cell_text(cell) for cell in _unique_cells(row))


def _cell_text(cell) -> str:
    return " / ".join(line.replace("\n", " / ") for line in _block_lines(cell))


def _unique_cells(row) -> list:
    # python-docx repeats a horizontally merged cell once per grid column it spans.
    cells: list = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return cells


def _visible_lines(container, styles: dict) -> Iterator[str]:
    """`styles`: all caps by style id, for this document (python-docx looks a style up by XPath:
    once a paragraph, that was most of the time of reading a long document)."""
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield _visible_text(block, styles)
        else:
            for row in block.rows:
                for cell in _unique_cells(row):
                    yield from _visible_lines(cell, styles)


def _visible_text(paragraph: Paragraph, styles: dict) -> str:
    key = ("paragraph", paragraph._p.style)  # the style id; None: the default paragraph style
    if key not in styles:
        styles[key] = _style_caps(paragraph.style)
    paragraph_caps = styles[key]
    pieces = []
    # Every run at any depth: inside hyperlinks, content controls and insertions too, as mammoth
    # reads them; python-docx's Paragraph.text would skip all but the first.
    for element in paragraph._p.iter(qn("w:r")):
        if not _deleted(element, paragraph._p):
            run = Run(element, paragraph)
            caps = _run_caps(run, styles)
            caps = paragraph_caps if caps is None else caps
            pieces.append(run.text.upper() if caps else run.text)
    return "".join(pieces)


def _run_caps(run: Run, styles: dict) -> bool | None:
    """All caps set on the run itself or by its character style; None if neither says."""
    if run.font.all_caps is not None:
        return run.font.all_caps
    if run._r.rPr is None or run._r.rPr.rStyle is None:
        return None
    key = ("character", run._r.rPr.rStyle.val)
    if key not in styles:
        styles[key] = _style_caps(run.style)
    return styles[key]


def _deleted(run, paragraph) -> bool:
    parent = run.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (qn("w:del"), qn("w:moveFrom")):
            return True
        parent = parent.getparent()
    return False


def _style_caps(style) -> bool | None:
    while style is not None:
        if style.font.all_caps is not None:
            return style.font.all_caps
        style = style.base_style
    return None
