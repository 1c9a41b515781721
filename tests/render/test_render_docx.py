"""render_docx, template_text, template_variables, docx_text."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

import docx
import pytest
from lxml import etree

from dealdocs.render import TemplateProblem
from dealdocs.render.docx import docx_text, render_docx, template_text, template_variables

from docx.oxml.ns import qn
from render_sample import CONTEXT, CREATED, DATA, HOSTILE, SAMPLE, TITLE
from tampering import DEALS as DEAL_FILES
from tampering import SEED as SEED_FILE
from tampering import rendered


def test_the_same_render_gives_the_same_bytes(sample_docx):
    assert render_docx(SAMPLE, CONTEXT, title=TITLE, created=CREATED) == sample_docx


def test_zip_entries_have_fixed_times_and_order(sample_docx):
    entries = zipfile.ZipFile(io.BytesIO(sample_docx)).infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert [e.filename for e in entries[1:]] == sorted(e.filename for e in entries[1:])
    assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_core_properties_carry_title_and_date_and_no_noise(sample_docx):
    properties = docx.Document(io.BytesIO(sample_docx)).core_properties
    assert properties.title == TITLE
    assert properties.created == properties.modified == datetime(2019, 1, 11, tzinfo=timezone.utc)
    assert properties.author == properties.last_modified_by == ""  # the template says otherwise
    assert properties.revision == 1


def test_hostile_values_render_literally_in_well_formed_xml(sample_docx):
    text = docx_text(sample_docx)
    assert HOSTILE in text
    archive = zipfile.ZipFile(io.BytesIO(sample_docx))
    for name in archive.namelist():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(archive.read(name))  # raises if not well-formed
    header = archive.read("word/header1.xml").decode()
    assert "Acme &amp; Sons &lt;DE&gt;" in header  # headers are rendered and escaped too


def test_a_missing_value_is_named():
    context = {key: value for key, value in CONTEXT.items() if key != "holder"}
    with pytest.raises(TemplateProblem) as raised:
        render_docx(SAMPLE, context, title=TITLE, created=CREATED)
    (problem,) = raised.value.problems
    assert "'holder' is undefined in word/document.xml" in problem.message
    assert "\n    > FOR VALUE RECEIVED, {{ company }}" in problem.message  # where it is needed
    assert problem.location.file == str(SAMPLE)
    assert problem.id == "template.jinja"


def test_a_syntax_error_names_the_template_and_shows_where(make_template):
    template = make_template(lambda d: d.add_paragraph("Signed {% if company %} by the Company."))
    with pytest.raises(TemplateProblem) as raised:
        render_docx(template, CONTEXT, title=TITLE, created=CREATED)
    message = raised.value.problems[0].message
    assert "TemplateSyntaxError" in message and "word/document.xml" in message
    assert "near:" in message and "\n    > Signed {% if company %} by the Company." in message
    assert raised.value.problems[0].location.file == str(template)


@pytest.mark.parametrize("value", ["page\fbreak", "bell\a", "nul\x00"])
def test_values_a_docx_cannot_carry_are_refused(value):
    with pytest.raises(TemplateProblem, match=r"value items\[1\]\.status contains"):
        render_docx(SAMPLE, {**CONTEXT, "items": [CONTEXT["items"][0], {
            **CONTEXT["items"][1], "status": value}]}, title=TITLE, created=CREATED)


# docxtpl rewrites these four in the rendered XML ("{_{" becomes "{{"); the rest are Jinja's own.
TEMPLATE_SYNTAX = ("{_{", "}_}", "{_%", "%_}", "{{", "}}", "{%", "%}", "{#", "#}")


def _with_holder_and_status(value: str) -> bytes:
    items = [CONTEXT["items"][0], {**CONTEXT["items"][1], "status": value}]
    return render_docx(SAMPLE, {**CONTEXT, "holder": value, "items": items},
                       title=TITLE, created=CREATED)


@pytest.mark.parametrize("syntax", TEMPLATE_SYNTAX)
def test_template_syntax_in_a_value_renders_literally(syntax):
    value = f"Note {syntax} company {syntax}{syntax[::-1]}"
    places = docx_text(_with_holder_and_status("Holder X")).count("Holder X")
    assert places >= 2
    assert docx_text(_with_holder_and_status(value)).count(value) == places


def test_line_breaks_and_tabs_in_values_are_allowed():
    render_docx(SAMPLE, {**CONTEXT, "holder": "Jane Q. Investor\nc/o Fund\tLP"},
                title=TITLE, created=CREATED)


def test_template_text_is_the_golden_text():
    assert template_text(SAMPLE) == (DATA / "sample.txt").read_text(encoding="utf-8")


def test_template_text_shows_tags_rows_headers_and_footers():
    text = template_text(SAMPLE)
    assert text.startswith("[header, section 1]\n{{ company }} — Convertible Promissory Note")
    assert "Requirement | Citation | Status\n{%tr for item in items %} |  | \n" in text
    assert "{{ item.requirement }} | {{ item.citation }} | {{ item.box }} {{ item.status }}" in text
    assert "\n[footer, section 1]\nPage 1 of 1\n" in text


def test_template_variables_are_every_top_level_name():
    assert template_variables(SAMPLE) == set(CONTEXT)


def test_docx_text_is_what_a_reader_sees(sample_docx):
    lines = docx_text(sample_docx).splitlines()
    assert "CONVERTIBLE PROMISSORY NOTE" in lines  # typed in lower case; the Title style has caps
    table = lines.index("Requirement")
    assert lines[table:table + 4] == ["Requirement", "Citation", "Status",
                                      "Form D filed within 15 days of first sale"]
    assert "{%tr" not in "\n".join(lines)


# --- each template compiled once per process -----------------------------------------------------

def test_a_template_is_compiled_once_for_every_render_and_the_lint(sample_docx, monkeypatch):
    from dealdocs.render import docx as docx_module
    from dealdocs.render.environment import ENVIRONMENT

    render_docx(SAMPLE, CONTEXT, title=TITLE, created=CREATED)
    template_variables(SAMPLE)

    def compile_again(source):
        raise AssertionError("compiled again")

    monkeypatch.setattr(ENVIRONMENT, "from_string", compile_again)
    monkeypatch.setattr(ENVIRONMENT, "parse", compile_again)
    assert render_docx(SAMPLE, CONTEXT, title=TITLE, created=CREATED) == sample_docx
    assert template_variables(SAMPLE) == set(docx_module.compiled_template(SAMPLE).variables)
    assert docx_module.template_ast(SAMPLE) is docx_module.compiled_template(SAMPLE).ast


def test_an_edited_template_is_compiled_again(make_template):
    first = make_template(lambda d: d.add_paragraph("First {{ company }}."))
    assert "First Acme" in docx_text(render_docx(first, CONTEXT, title=TITLE, created=CREATED))
    assert "pages" not in template_variables(first)
    second = make_template(lambda d: d.add_paragraph("Second {{ pages }}."))
    assert second == first  # the same path, other bytes
    assert "pages" in template_variables(second)
    with pytest.raises(TemplateProblem, match="'pages' is undefined"):
        render_docx(second, CONTEXT, title=TITLE, created=CREATED)


def test_the_lint_reports_a_syntax_error_and_the_render_still_shows_where(make_template):
    template = make_template(lambda d: d.add_paragraph("Signed {% if company %} by the Company."))
    with pytest.raises(TemplateProblem, match="TemplateSyntaxError"):
        template_variables(template)
    with pytest.raises(TemplateProblem, match="near:"):
        render_docx(template, CONTEXT, title=TITLE, created=CREATED)


def test_a_value_already_checked_for_the_deal_is_not_walked_again():
    from dealdocs.render.docx import check_values

    shared = ["fine", ["nested\a"]]
    with pytest.raises(TemplateProblem, match=r"value items\[1\]\[0\] contains"):
        check_values(SAMPLE, {"items": shared}, {})
    checked = {"items": shared}  # as if an earlier document had checked this very list
    check_values(SAMPLE, {"items": shared, "title": "ok"}, checked)
    assert checked["title"] == "ok"
    with pytest.raises(TemplateProblem, match=r"value items\[1\]\[0\] contains"):
        check_values(SAMPLE, {"items": list(shared)}, checked)  # an equal list, not the same one


@pytest.mark.parametrize("path", [SEED_FILE, *DEAL_FILES], ids=lambda path: path.stem)
def test_no_two_tables_touch_so_libreoffice_keeps_them_apart(path):
    """A {%p if %} that removes the paragraph between two tables (the Notice of Conversion's grid
    and its signature block) leaves them back to back, and LibreOffice joins such tables."""
    for document in rendered(path):
        body = docx.Document(io.BytesIO(document.docx)).element.body
        touching = [table for table in body.iter(qn("w:tbl"))
                    if table.getnext() is not None and table.getnext().tag == qn("w:tbl")]
        assert touching == [], document.kind


@pytest.mark.parametrize("path", [SEED_FILE, *DEAL_FILES], ids=lambda path: path.stem)
def test_the_8k_never_uses_the_notes_undefined_holder(path):
    """The note defines "Holder"; the 8-K does not, and calls the purchaser the Investor."""
    eight_k = next(document for document in rendered(path) if document.kind == "8-K")
    assert not re.search(r"\bHolder\b", docx_text(eight_k.docx))


def test_exhibit_titles_are_not_underlined():
    """Form 8-K practice underlines an exhibit title only where it is a link; the DOCX has none."""
    eight_k = next(document for document in rendered(SEED_FILE) if document.kind == "8-K")
    body = docx.Document(io.BytesIO(eight_k.docx))
    index = next(table for table in body.tables if "Exhibit Number" in table.rows[0].cells[0].text)
    runs = [run for row in index.rows[1:] for cell in row.cells for paragraph in cell.paragraphs
            for run in paragraph.runs if run.text.strip()]
    assert runs and not any(run.underline for run in runs)
