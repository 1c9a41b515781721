"""Rendering: a Word template and a context → DOCX (docx.py) → HTML (html.py) → PDF (pdf.py).

One source of wording per document: the DOCX rendered by docxtpl *is* the Word output, and the PDF
is that same DOCX converted by mammoth and printed by WeasyPrint, so the two cannot say different
things. The look of the PDF comes from named Word styles mapped to templates/print.css.
"""

from __future__ import annotations

from ..problems import DealdocsError, Location, Problem, ProblemsFound, Severity

FORMATS = ("docx", "pdf")  # what `build --format` may write
# The style id of the hairline paragraph the DOCX puts between two tables: no template defines
# it (Word and LibreOffice show Normal), and the HTML leaves the paragraph out.
TABLE_SEPARATOR = "DealdocsTableSeparator"


class TemplateProblem(ProblemsFound):
    """A template cannot be rendered or converted as written: a Jinja error, a value the DOCX
    cannot carry, or a Word feature the PDF would silently lose. Fix the template or the data."""

    def __init__(self, file: str, id: str, message: str):
        # Word files have no useful line numbers; the message carries the part and a snippet.
        super().__init__([Problem(id, Severity.ERROR, message, Location(file, 1, 1))])


class PrintProblem(DealdocsError):
    """WeasyPrint could not print the HTML exactly as styled: a resource it may not or cannot
    fetch, or a warning it logged. Either is a bug in print.css or an incomplete installation."""
