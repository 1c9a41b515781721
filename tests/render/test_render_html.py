"""docx_to_html: the style map, refusals, page breaks, column widths, and the page around it."""

from __future__ import annotations

import re

import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dealdocs.render import TemplateProblem
from dealdocs.render.docx import render_docx
from dealdocs.render.html import _detach_spaces, docx_to_html

from render_sample import CONTEXT, CREATED, TITLE


def _html(template) -> str:
    return docx_to_html(render_docx(template, CONTEXT, title=TITLE, created=CREATED), title=TITLE)


def test_the_same_docx_gives_the_same_html(sample_docx, sample_html):
    assert docx_to_html(sample_docx, title=TITLE) == sample_html


def test_a_complete_page_that_links_the_print_stylesheet(sample_docx):
    html = docx_to_html(sample_docx, title="A & B <C>", lang="en-US")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>A &amp; B &lt;C&gt;</title>" in html
    assert '<link rel="stylesheet" href="print.css">' in html
    # The document's date becomes the PDF's, so a reprint is byte-identical.
    assert '<meta name="dcterms.created" content="2019-01-11T00:00:00Z">' in html


@pytest.mark.parametrize("markup", [
    '<div class="legend"><p>THIS NOTE AND',  # Legend, gathered in one box
    '<p class="title">Convertible Promissory Note</p>',  # Title (print.css sets the capitals)
    '<p class="subtitle">Acme &amp; Sons &lt;DE&gt; &quot;quoted&quot;',
    "<h1>1. Definitions</h1>", "<h2>1.1 Qualified Financing</h2>",
    "<blockquote><p>“No person", '<p class="centered">* * *</p>',
    '<p class="right">Dated: January 11, 2019</p>', '<p class="small">The registration',
    '<p class="table-text">Principal Amount',
    '<div class="signature"><p>Acme', '<hr class="page-break" />',
    '<div class="page-break"></div>',
    "<strong>FOR VALUE RECEIVED</strong>", "<u>not</u>", "<strong><em>Business Day</em></strong>",
    "<p></p>",  # an empty Word paragraph stays a blank line
])
def test_every_supported_style_has_its_markup(sample_html, markup):
    assert markup in sample_html


GRID = ('<table class="border-top border-bottom border-left border-right border-rows '
        'border-columns">')


def test_a_table_grid_table_has_every_border(sample_html):
    assert sample_html.count("<table") == 3
    assert sample_html.count(GRID) == 1
    assert sample_html.count("<table><colgroup>") == 2  # no style, no borders


def test_tables_keep_their_word_column_proportions(sample_html):
    grid = re.search(re.escape(GRID) + "<colgroup>(.*?)</colgroup>", sample_html).group(1)
    assert grid == ('<col style="width: 53.85%"><col style="width: 24.62%">'
                    '<col style="width: 21.53%">')  # 3.5, 1.6 and 1.4 inches


def test_an_unknown_paragraph_style_is_refused_by_name(make_template):
    def add_style(document):
        document.styles.add_style("Fancy Clause", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("A clause a lawyer styled anew.", style="Fancy Clause")

    with pytest.raises(TemplateProblem) as raised:
        _html(make_template(add_style))
    message = raised.value.problems[0].message
    assert "Unrecognised paragraph style: Fancy Clause" in message
    assert "Legend" in message and "print.css" in message  # says what to do instead


def test_an_unknown_table_style_is_refused(make_template):
    def restyle(document):
        document.tables[1].style = document.styles["Light Grid"]

    with pytest.raises(TemplateProblem, match="Unrecognised table style: Light Grid"):
        _html(make_template(restyle))


def _set_borders(element, tag: str, **sides: str):
    borders = OxmlElement(tag)
    for side, value in sides.items():
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), value)
        borders.append(border)
    element.append(borders)


def test_a_tables_own_borders_override_its_style(make_template):
    def borders(document):
        plain, grid = document.tables[0], document.tables[1]
        _set_borders(plain._tbl.tblPr, "w:tblBorders", top="single", bottom="double",
                     insideH="nil")
        _set_borders(grid._tbl.tblPr, "w:tblBorders", insideV="nil", left="none", right="nil")

    html = _html(make_template(borders))
    assert '<table class="border-top border-bottom"><colgroup>' in html
    assert '<table class="border-top border-bottom border-rows"><colgroup>' in html


def test_a_border_on_a_single_cell_is_refused(make_template):
    def cell_border(document):
        properties = document.tables[0].cell(0, 0)._tc.get_or_add_tcPr()
        _set_borders(properties, "w:tcBorders", bottom="single")

    with pytest.raises(TemplateProblem, match="a border set on a single table cell"):
        _html(make_template(cell_border))


def test_word_numbering_is_refused(make_template):
    with pytest.raises(TemplateProblem, match="automatic numbering"):
        _html(make_template(lambda d: d.add_paragraph("First", style="List Number")))


def test_a_page_break_inside_a_paragraph_splits_it(make_template):
    def break_inside(document):
        paragraph = document.add_paragraph("Before the break.")
        paragraph.runs[0].add_break(WD_BREAK.PAGE)
        paragraph.add_run("After the break.")

    html = _html(make_template(break_inside))
    assert '<p>Before the break.</p><hr class="page-break" /><p>After the break.</p>' in html


def test_spaces_before_inline_tags_get_their_own_box():
    body = "<p>This Note is <u>not</u> secured; the <strong>Company </strong>pays.<br />x</p>"
    assert _detach_spaces(body) == ("<p>This Note is<span> </span><u>not</u> secured; the"
                                    "<span> </span><strong>Company<span> </span></strong>pays."
                                    "<br />x</p>")
