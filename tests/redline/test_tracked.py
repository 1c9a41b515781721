"""The tracked-changes DOCX: what it marks, how, and that Word's readings of it are right."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealdocs.redline.tracked import Unsupported, emptied, redline_docx
from dealdocs.render.docx import docx_text

from redlining import (W, Para, Table, changes_in, document_xml, make_docx, readings,
                       words)

DATE = "2019-01-15T00:00:00Z"


def redline(old_blocks, new_blocks):
    return redline_docx(make_docx(old_blocks), make_docx(new_blocks), date=DATE)


def plain(text: str, style: str | None = None) -> Para:
    return Para(((text, False),), style)


def test_each_changed_term_is_one_deletion_and_one_insertion():
    result = redline([plain("The principal is $330,000 at 12% per annum.")],
                     [plain("The principal is $350,000 at 10% per annum.")])
    assert changes_in(result.docx) == [("del", "$330,000"), ("ins", "$350,000"),
                                       ("del", "12%"), ("ins", "10%")]
    assert (result.insertions, result.deletions) == (2, 2)


def test_every_change_carries_the_author_the_date_and_its_own_id():
    result = redline([plain("a b c"), plain("gone")], [plain("a x c"), plain("new")])
    marks = list(document_xml(result.docx).iter(f"{W}ins", f"{W}del"))
    assert marks
    assert {(mark.get(f"{W}author"), mark.get(f"{W}date")) for mark in marks} == {
        ("dealdocs", DATE)}
    ids = [mark.get(f"{W}id") for mark in marks]
    assert len(set(ids)) == len(ids)


def test_changed_words_keep_the_look_of_the_runs_they_come_from():
    old = Para((("Holder: ", False), ("Jason Widjaja", True), (" signs.", False)))
    new = Para((("Holder: ", False), ("Jane Roe", True), (" signs.", False)))
    root = document_xml(redline([old], [new]).docx)
    inserted_run = root.find(f".//{W}ins/{W}r")
    deleted_run = root.find(f".//{W}del/{W}r")
    assert inserted_run.find(f"{W}rPr/{W}b") is not None
    assert deleted_run.find(f"{W}rPr/{W}b") is not None
    assert changes_in(redline([old], [new]).docx) == [("del", "Jason Widjaja"),
                                                      ("ins", "Jane Roe")]


def test_paragraph_properties_are_the_new_versions():
    root = document_xml(redline([plain("Terms of the Note")],
                                [plain("Terms of the Notes", "Heading 1")]).docx)
    assert root.find(f".//{W}p/{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"


def test_a_new_paragraph_is_inserted_whole_with_its_mark():
    result = redline([plain("one"), plain("three")], [plain("one"), plain("two"), plain("three")])
    assert changes_in(result.docx) == [("ins", "two")]
    marks = document_xml(result.docx).findall(f".//{W}pPr/{W}rPr/{W}ins")
    assert len(marks) == 1
    assert readings(result.docx) == ("one\ntwo\nthree", "one\nthree")


def test_a_removed_last_paragraph_gives_its_change_to_the_mark_before_it():
    # Word never deletes a body's last paragraph mark: the mark before it is marked deleted.
    result = redline([plain("one"), plain("two"), plain("three")], [plain("one"), plain("two")])
    assert changes_in(result.docx) == [("del", "three")]
    assert readings(result.docx) == ("one\ntwo", "one\ntwo\nthree")


def test_a_new_last_paragraph_marks_the_mark_before_it_inserted():
    result = redline([plain("one")], [plain("one"), plain("two")])
    assert readings(result.docx) == ("one\ntwo", "one")


def test_tables_are_compared_row_by_row_and_cell_by_cell():
    old = Table(((( plain("Principal"),), (plain("$330,000"),)),
                 ((plain("Rate"),), (plain("12%"),))))
    new = Table((((plain("Principal"),), (plain("$350,000"),)),
                 ((plain("Rate"),), (plain("12%"),)),
                 ((plain("Maturity"),), (plain("January 11, 2020"),))))
    result = redline([old, plain("")], [new, plain("")])
    assert changes_in(result.docx) == [("del", "$330,000"), ("ins", "$350,000"),
                                       ("ins", "Maturity"), ("ins", "January 11, 2020")]
    assert len(document_xml(result.docx).findall(f".//{W}trPr/{W}ins")) == 1
    accepted, rejected = readings(result.docx)
    assert accepted == docx_text(make_docx([new, plain("")]))
    assert rejected == docx_text(make_docx([old, plain("")]))


def test_a_table_of_another_shape_is_deleted_and_inserted_whole():
    old = Table((((plain("a"),), (plain("b"),)),))
    new = Table((((plain("a"),), (plain("b"),), (plain("c"),)),))
    result = redline([old, plain("")], [new, plain("")])
    assert changes_in(result.docx) == [("del", "a"), ("del", "b"),
                                       ("ins", "a"), ("ins", "b"), ("ins", "c")]
    assert readings(result.docx) == (docx_text(make_docx([new, plain("")])),
                                     docx_text(make_docx([old, plain("")])))


def test_identical_documents_give_no_change():
    blocks = [plain("Title", "Title"), Para((("bold", True), (" text", False))),
              Table((((plain("a"),), (plain("b"),)),)), plain("")]
    result = redline(blocks, blocks)
    assert (result.insertions, result.deletions) == (0, 0)
    assert not list(document_xml(result.docx).iter(f"{W}ins", f"{W}del"))


def test_the_same_inputs_give_the_same_bytes():
    old, new = make_docx([plain("a b c")]), make_docx([plain("a x c"), plain("d")])
    assert redline_docx(old, new, date=DATE).docx == redline_docx(old, new, date=DATE).docx


def test_the_redline_is_a_reproducible_zip():
    entries = zipfile.ZipFile(io.BytesIO(redline([plain("a")], [plain("b")]).docx)).infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_a_document_in_one_version_only_is_all_inserted_or_all_deleted():
    document = make_docx([plain("Title", "Title"), plain("The note.")])
    added = redline_docx(emptied(document), document, date=DATE)
    removed = redline_docx(document, emptied(document), date=DATE)
    assert readings(added.docx) == ("Title\nThe note.", "")
    assert readings(removed.docx) == ("", "Title\nThe note.")
    assert changes_in(added.docx) == [("ins", "Title"), ("ins", "The note.")]


def test_a_content_control_is_refused_rather_than_lost():
    document = docx.Document(io.BytesIO(make_docx([plain("a")])))
    body = document.element.body
    body.insert(0, body.makeelement(f"{W}sdt", {}))
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(Unsupported, match="w:sdt"):
        redline_docx(buffer.getvalue(), make_docx([plain("a")]), date=DATE)


# --- properties: any edit of any document accepts to the new and rejects to the old -------------

_WORD = st.sampled_from(["the", "Note", "$330,000", "$350,000", "12%", "10%", "Holder",
                         "January 11, 2019", "shall", "(a)", "Thirty-Three", ""])
_TEXT = st.lists(_WORD, max_size=6).map(" ".join)
_PARA = st.builds(lambda runs, style: Para(tuple(runs), style),
                  st.lists(st.tuples(_TEXT, st.booleans()), max_size=3),
                  st.sampled_from([None, None, "Title", "Heading 1"]))
_CELL = st.lists(_PARA, min_size=1, max_size=2).map(tuple)


@st.composite
def _table(draw, columns=None):
    columns = columns or draw(st.integers(1, 3))
    rows = draw(st.lists(st.lists(_CELL, min_size=columns, max_size=columns).map(tuple),
                         min_size=1, max_size=4))
    return Table(tuple(rows))


_BLOCKS = st.lists(st.one_of(_PARA, _PARA, _table()), max_size=6).map(lambda blocks: [*blocks, Para(())])


@st.composite
def _edited_blocks(draw, blocks):
    """The blocks after a few random edits: blocks and rows added, removed and changed."""
    blocks = list(blocks)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(blocks) - 1))
        action = draw(st.sampled_from(["insert", "delete", "change", "table"]))
        if action == "insert":
            blocks.insert(at, draw(st.one_of(_PARA, _table())))
        elif action == "delete" and len(blocks) > 1:
            del blocks[at]
        elif action == "change" or not isinstance(blocks[at], Table):
            blocks[at] = draw(_PARA)
        else:
            rows = list(blocks[at].rows)
            where = draw(st.integers(0, len(rows) - 1))
            edit = draw(st.sampled_from(["cell", "add row", "drop row"]))
            if edit == "cell":
                cells = list(rows[where])
                cells[draw(st.integers(0, len(cells) - 1))] = draw(_CELL)
                rows[where] = tuple(cells)
            elif edit == "add row":
                rows.insert(where, tuple(draw(_CELL) for _ in rows[0]))
            elif len(rows) > 1:
                del rows[where]
            blocks[at] = Table(tuple(rows))
    return blocks


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accepting_gives_the_new_document_and_rejecting_the_old(data):
    old_blocks = data.draw(_BLOCKS)
    new_blocks = data.draw(_edited_blocks(old_blocks))
    if data.draw(st.booleans()):  # sometimes a body that ends with a table, as docxtpl writes
        old_blocks, new_blocks = old_blocks[:-1] or old_blocks, new_blocks[:-1] or new_blocks
    old, new = make_docx(old_blocks), make_docx(new_blocks)
    result = redline_docx(old, new, date=DATE)  # checks itself, and raises if wrong
    accepted, rejected = readings(result.docx)
    # A blank paragraph may stay where one version has none before a table (see revisions).
    assert words(accepted) == words(docx_text(new))
    assert words(rejected) == words(docx_text(old))
