"""The PDF redline: the DOCX redline's own changes, struck through in red and underlined in blue,
printed through the project's HTML → PDF route."""

from __future__ import annotations

import io
import re
import subprocess
from html.parser import HTMLParser

import docx
import pytest
from pypdf import PdfReader

from dealdocs.redline import redline
from dealdocs.redline.review import REDLINE_STYLES, review_docx
from dealdocs.render.html import STYLE_MAP, docx_to_html

from redlining import SEED, SEED_EDITS, W, changes_in, edited

SEED_NAME = "filings/ascent-solar-2019-01-11.yaml"


@pytest.fixture(scope="module")
def seed_note(analysed):
    old, new = analysed(SEED.read_text(), SEED_NAME), analysed(
        edited(SEED.read_text(), *SEED_EDITS), SEED_NAME)
    return next(document for document in redline(old, new, formats=("docx",))
                if document.stem.endswith("-note-redline"))


class _Spans(HTMLParser):
    """The text of each span.inserted and span.deleted, in order."""

    def __init__(self):
        super().__init__()
        self.found: list[list[str]] = []
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            kind = dict(attrs).get("class")
            self._open.append(kind if kind in ("inserted", "deleted") else None)
            if self._open[-1]:
                self.found.append([{"inserted": "ins", "deleted": "del"}[kind], ""])

    def handle_endtag(self, tag):
        if tag == "span" and self._open:
            self._open.pop()

    def handle_data(self, data):
        if any(self._open):
            self.found[-1][1] += data


def _html(redline_docx: bytes) -> str:
    return docx_to_html(review_docx(redline_docx), title="Redline",
                        style_map=STYLE_MAP + REDLINE_STYLES)


def test_the_pdf_shows_the_same_changes_as_the_docx(seed_note):
    spans = _Spans()
    spans.feed(_html(seed_note.docx))
    shown = [(kind, text) for kind, text in spans.found if text.strip()]
    assert _joined(shown) == _joined(changes_in(seed_note.docx))


def _joined(changes: list) -> list[tuple[str, str]]:
    """Adjacent pieces of one kind as one change (HTML splits a change where its look changes,
    at a bold word say), with white space evened out."""
    result: list[list[str]] = []
    for kind, text in changes:
        if result and result[-1][0] == kind:
            result[-1][1] += text
        else:
            result.append([kind, text])
    return [(kind, " ".join(text.split())) for kind, text in result]


def test_the_review_docx_has_no_revision_left(seed_note):
    reviewed = docx.Document(io.BytesIO(review_docx(seed_note.docx))).element
    assert not list(reviewed.iter(f"{W}ins", f"{W}del", f"{W}delText"))
    styles = {run.get(f"{W}val") for run in reviewed.iter(f"{W}rStyle")}
    assert styles == {"RedlineInserted", "RedlineDeleted"}


def test_an_unchanged_document_prints_without_marks():
    from redlining import Para, make_docx
    from dealdocs.redline.tracked import redline_docx

    same = make_docx([Para((("The same words.", False),))])
    spans = _Spans()
    spans.feed(_html(redline_docx(same, same, date="2019-01-15T00:00:00Z").docx))
    assert spans.found == []


def test_the_print_stylesheet_strikes_deletions_in_red_and_underlines_insertions():
    from dealdocs import resources

    css = resources.path("templates", "print.css").read_text()
    deleted = re.search(r"span\.deleted \{([^}]*)\}", css).group(1)
    inserted = re.search(r"span\.inserted \{([^}]*)\}", css).group(1)
    assert "line-through" in deleted and "#c00000" in deleted
    assert "underline" in inserted and "color" in inserted and "#c00000" not in inserted


@pytest.fixture(scope="module")
def seed_pdf(analysed):
    old, new = analysed(SEED.read_text(), SEED_NAME), analysed(
        edited(SEED.read_text(), *SEED_EDITS), SEED_NAME)
    return {document.stem: document.pdf for document in redline(old, new)}


def test_the_pdf_redline_has_both_versions_words(seed_pdf):
    text = "".join(page.extract_text() for page in PdfReader(
        io.BytesIO(seed_pdf["ascent-solar-2019-01-11-note-redline"])).pages)
    flat = "".join(text.split())
    assert "($330,000$350,000)" in flat
    assert "rateoftwelvetenpercent(12%10%)perannum" in flat


def test_the_pdf_marks_changes_in_red_and_blue(seed_pdf, tmp_path):
    pixels = _first_page(seed_pdf["ascent-solar-2019-01-11-note-redline"], tmp_path)
    red = sum(r > 150 and g < 100 and b < 100 for r, g, b in pixels)
    blue = sum(b > 150 and r < 100 and g < 140 for r, g, b in pixels)
    assert red > 20 and blue > 20  # the principal and the rate, deleted and inserted


def test_an_unchanged_redline_prints_in_black(analysed, tmp_path):
    seed = analysed(SEED.read_text(), SEED_NAME)
    note = next(document for document in redline(seed, seed)
                if document.stem.endswith("-note-redline"))
    pixels = _first_page(note.pdf, tmp_path)
    # No red and no blue: the seed's draft brackets are highlighted yellow, which is neither.
    assert not any(r - max(g, b) > 60 or b - max(r, g) > 60 for r, g, b in pixels)


def _first_page(pdf: bytes, directory) -> list[tuple[int, int, int]]:
    """The RGB pixels of the PDF's first page, as poppler draws it at 50 dpi."""
    path = directory / "document.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", str(path),
                    str(directory / "page")], check=True, timeout=120)
    data = next(directory.glob("page*.ppm")).read_bytes()
    kind, _, depth, pixels = data.split(b"\n", 3)  # pdftoppm's PPM header: P6, size, 255
    assert (kind, depth) == (b"P6", b"255")
    return list(zip(pixels[0::3], pixels[1::3], pixels[2::3]))


def test_the_same_versions_print_the_same_pdf(seed_pdf, analysed):
    old, new = analysed(SEED.read_text(), SEED_NAME), analysed(
        edited(SEED.read_text(), *SEED_EDITS), SEED_NAME)
    again = {document.stem: document.pdf for document in redline(old, new)}
    assert again == seed_pdf
