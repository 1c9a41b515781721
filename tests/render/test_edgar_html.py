"""EDGAR HTML exhibits (render/edgar_html.py): every note of every example deal is valid under the
SEC staff's efm-htm.dtd, ASCII, says its DOCX's words and is reproducible; and the offline checker
reports each kind of thing EDGAR refuses, yet accepts a real EDGAR exhibit."""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path

import pytest
from docx.enum.style import WD_STYLE_TYPE

from dealdocs.calendar import default_calendar
from dealdocs.consistency.documents import pdf_difference
from dealdocs.pipeline import analyse_bytes
from dealdocs.render import TemplateProblem
from dealdocs.render.docx import docx_text, render_docx
from dealdocs.render.edgar_html import (DOCTYPE, XHTML, edgar_bytes, edgar_text, edgar_tree,
                                        exhibit_html, html_problems)
from dealdocs.render.html import STYLE_MAP
from dealdocs.render.package import render_documents

from render_sample import CONTEXT, CREATED, TITLE
from tampering import DEALS, SEED, rendered

WORKIVA = Path(__file__).parents[1] / "data" / "edgar" / "exhibit31abylawsofworkivai.htm"


@cache
def exhibits(path: Path) -> tuple[tuple[object, bytes], ...]:
    """Each note of the deal (its Document) and its exhibit."""
    return tuple((document, exhibit_html(document.docx, title=document.title))
                 for document in rendered(path) if document.kind == "note")


def _same_words(docx: bytes, data: bytes) -> None:
    words, shown = docx_text(docx), edgar_text(data)
    assert " ".join(shown.split()) == " ".join(words.split()), pdf_difference(words, shown)


@pytest.mark.parametrize("path", [SEED, *DEALS], ids=lambda path: path.stem)
def test_every_note_is_an_exhibit_edgar_accepts_with_the_docx_words(path):
    assert exhibits(path)
    for document, data in exhibits(path):
        assert html_problems(data, name=f"{document.stem}.htm") == []
        assert data.isascii()
        _same_words(document.docx, data)


def test_the_same_deal_gives_the_same_bytes():
    [(document, data)] = exhibits(SEED)
    analysis = analyse_bytes(SEED.read_bytes(), str(SEED), default_calendar())
    again = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))[0]
    assert exhibit_html(again.docx, title=again.title) == data


def test_print_css_looks_are_inline_with_only_what_edgar_allows():
    [(_, data)] = exhibits(SEED)
    assert data.startswith(DOCTYPE.encode() + b"\n<html lang=\"en\">")
    for absent in (b"class=", b"<span", b"<link", b"<style", b"<script", b"url(", b"xmlns",
                   b"<col", b"<thead", b"<tbody", b"<mark", b"<s>", b"/>\n<p", b"<p/>"):
        assert absent not in data
    # the title: centered, bold, in capitals written out as Word shows them
    assert re.search(rb'<p style="[^"]*text-align: center; font-size: 14pt; font-weight: bold'
                     rb'[^"]*">CONVERTIBLE PROMISSORY NOTE</p>', data)
    assert b"<strong" in data and b"<em" in data
    assert b'font: 12pt/1.15 \'Times New Roman\', Times, serif' in data  # not the PDF's own fonts
    assert b'border-top: 0.5pt solid #000' in data  # the Table Grid table keeps its borders
    assert b"width: 60.00%" in data and b"width: 40.00%" in data  # and its column widths
    assert b'<div style="page-break-before: always">Exhibit A</div>' in data  # a new page
    assert b'<font style="background: #ffff00; color: inherit">[Delaware]</font>' in data
    assert b"(the &#8220;<strong" in data  # curly quotes as references
    assert b">&#160;</p>" in data  # an empty Word paragraph stays a blank line


def test_every_style_of_the_sample_template_makes_valid_edgar_html(sample_docx):
    data = exhibit_html(sample_docx, title=TITLE)
    assert html_problems(data, name="sample.htm") == []
    _same_words(sample_docx, data)
    for markup in (b"margin: 0 0 0 3.25in",  # Signature
                   b"text-align: right", b"font-size: 10pt",  # Right, Small
                   b'<blockquote style="margin: 0 0.5in">',  # Block Text
                   b"page-break-before: always; margin: 0; border: 0; height: 0",  # Ctrl+Enter
                   b"Acme &amp; Sons &lt;DE&gt; \"quoted\" 'single' Zo&#235;"):
        assert markup in data


def test_the_tree_is_xhtml_and_the_bytes_ascii(sample_docx):
    tree = edgar_tree(sample_docx, title="A & B <C> \u201cZo\u00eb\u201d")
    assert tree.getroot().tag == f"{{{XHTML}}}html"
    data = edgar_bytes(tree, doctype=False)
    assert data.startswith(b'<html xmlns="http://www.w3.org/1999/xhtml" lang="en">')
    assert b"<title>A &amp; B &lt;C&gt; &#8220;Zo&#235;&#8221;</title>" in data
    assert data.isascii()


def test_deal_values_that_look_like_markup_stay_text():
    name = "Zo\u00eb O'Brien & <script>alert(1)</script> Co"
    deal = SEED.read_text(encoding="utf-8").replace("Jason Widjaja", name)
    analysis = analyse_bytes(deal.encode(), "hostile.yaml", default_calendar())
    note = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))[0]
    data = exhibit_html(note.docx, title=note.title)
    assert html_problems(data, name="hostile.htm") == []
    assert b"Zo&#235; O'Brien &amp; &lt;script&gt;alert(1)&lt;/script&gt; Co" in data
    assert name in edgar_text(data)


def _add_fact_run(document):
    document.styles.add_style("ix dei EntityRegistrantName", WD_STYLE_TYPE.CHARACTER)
    paragraph = document.add_paragraph("Registrant: ", style="Title")  # Title: capitals
    paragraph.add_run("Acme Corp", style="ix dei EntityRegistrantName")


def test_an_ix_span_for_the_8k_cover_is_kept_untouched(make_template):
    docx = render_docx(make_template(_add_fact_run), CONTEXT, title=TITLE, created=CREATED)
    style_map = STYLE_MAP + ("r[style-name='ix dei EntityRegistrantName'] => "
                             "span.ix-dei-EntityRegistrantName\n")
    data = edgar_bytes(edgar_tree(docx, title=TITLE, style_map=style_map), doctype=False)
    assert b'>REGISTRANT: <span class="ix-dei-EntityRegistrantName">Acme Corp</span></p>' in data


def test_a_picture_is_refused_not_dropped(make_template, tmp_path):
    from docx.shared import Inches
    from PIL import Image

    Image.new("RGB", (8, 8), "white").save(tmp_path / "logo.png")
    docx = render_docx(make_template(lambda document: document.add_picture(
        str(tmp_path / "logo.png"), width=Inches(1))), CONTEXT, title=TITLE, created=CREATED)
    with pytest.raises(TemplateProblem, match="a picture"):
        exhibit_html(docx, title=TITLE)


# --- the checker ----------------------------------------------------------------------------------

def _page(body: str) -> bytes:
    return (f'{DOCTYPE}\n<html lang="en">\n<head>\n<title>T</title>\n</head>\n'
            f"<body>\n{body}\n</body>\n</html>\n").encode("utf-8")


def test_a_minimal_page_passes():
    assert html_problems(_page("<p>Fine &amp; dandy.</p>"), name="ex.htm") == []


@pytest.mark.parametrize("body, expected", [
    ("<script>alert(1)</script>", "ex.htm: line 7: <script> is not allowed in an EDGAR document"),
    ('<p><img src="http://example.com/logo.jpg" /></p>',
     "ex.htm: line 7: <img src> refers outside the submission (http://example.com/logo.jpg)"),
    ('<p style="background: url(http://example.com/x.png)">x</p>',
     "ex.htm: line 7: <p url()> refers outside the submission (http://example.com/x.png)"),
    ('<p style="background: url(//example.com/x.png)">x</p>', "refers outside the submission"),
    ("<p>caf\u00e9</p>", "ex.htm: line 7: the character \u00e9 (U+00E9) (byte 184) is not "
                         "printable ASCII, which EDGAR requires; write it as &#233;"),
    ("<p>caf\u00e9 na\u00efve</p>", "(and 1 more such character)"),
    ("<p><span>x</span></p>", "ex.htm: line 7: <span> is not allowed in an EDGAR document"),
    ("<video></video>", "ex.htm: line 7: <video> is not allowed in an EDGAR document"),
    ('<p onclick="steal()">x</p>',
     "ex.htm: line 7: the attribute onclick is not allowed on <p> in an EDGAR document"),
    ('<p><a href="javascript:steal()">x</a></p>', "<a href> holds a script"),
    ('<p><a href="../other/ex10-1.htm">x</a></p>', "outside the submission's folder"),
    ('<p><a href="terms.pdf">x</a></p>', "only to a .htm document"),
    ('<p><img src="logo.bmp" /></p>', "not a .jpg, .gif or .png picture"),
    ('<p><img src="data:image/png;base64,AAAA" /></p>', "refers outside the submission"),
    ("<iframe></iframe>", "<iframe> is not allowed"),
    ("<form></form>", "<form> is not allowed"),
    ("<object></object>", "<object> is not allowed"),
    ("<embed></embed>", "<embed> is not allowed"),
    ("<table><tbody><tr><td>x</td></tr></tbody></table>", "<tbody> is not allowed"),
    ('<p style="x: y">@import url(a.css);</p>', None),  # text, not CSS: nothing to report
])
def test_each_thing_edgar_refuses_is_reported(body, expected):
    problems = html_problems(_page(body), name="ex.htm")
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems


def test_a_namespace_and_a_stylesheet_import_are_reported():
    data = _page("<p>x</p>").replace(b'<html lang="en">',
                                     b'<html xmlns="http://www.w3.org/1999/xhtml" lang="en">')
    assert html_problems(data, name="ex.htm") == [
        "ex.htm: line 2: the attribute xmlns is not allowed on <html> in an EDGAR document"]
    styled = _page("<p>x</p>").replace(b"<title>T</title>",
                                       b"<title>T</title><style>@import 'a.css';</style>")
    assert any("@import" in problem for problem in html_problems(styled, name="ex.htm"))


def test_links_within_the_submission_and_to_edgar_pass_and_missing_files_are_named():
    data = _page('<p><a href="ex10-1.htm#s2">x</a> <a href="#top">y</a> '
                 '<a href="https://www.sec.gov/Archives/edgar/data/1445305/x.htm">z</a> '
                 '<img src="logo.gif" /></p>')
    assert html_problems(data, name="ex.htm") == []
    assert html_problems(data, name="ex.htm", files={"ex.htm", "logo.gif"}) == [
        "ex.htm: line 7: <a href> refers to ex10-1.htm, which is not in the submission"]


@pytest.mark.parametrize("data", [b"", b"   ", b"\x00\xff\xfe garbage <<<", b"<html>"])
def test_garbage_gets_messages_not_exceptions(data):
    problems = html_problems(data, name="ex.htm")
    assert problems and all(problem.startswith("ex.htm: ") for problem in problems)


def test_entity_declarations_in_a_checked_file_are_never_expanded():
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY a "aaaaaaaaaa">\n'
            + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">\n'
                       % ((ord("a") + i + 1,) + (ord("a") + i,) * 10) for i in range(9))
            + b"]>\n<html><head><title>T</title></head><body><p>&j;</p></body></html>\n")
    started = time.monotonic()
    problems = html_problems(bomb, name="bomb.htm")
    assert time.monotonic() - started < 5
    assert sum(len(problem) for problem in problems) < 10_000


def test_a_real_edgar_exhibit_passes():
    assert html_problems(WORKIVA.read_bytes(), name=WORKIVA.name) == []
