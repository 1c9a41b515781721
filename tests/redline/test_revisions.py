"""Accept all and reject all, as Word applies them, on hand-written WordprocessingML."""

from __future__ import annotations

from lxml import etree

from dealdocs.redline.revisions import (accept_all, canonical, paragraph_text, reject_all,
                                        text_structure)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STAMP = 'w:id="1" w:author="dealdocs" w:date="2019-01-15T00:00:00Z"'


def body(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')


def p(content: str = "", mark: str = "", style: str = "") -> str:
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f"<w:rPr><w:{mark} {STAMP}/></w:rPr>" if mark else "")
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{content}</w:p>"


def r(text: str, bold: bool = False) -> str:
    return f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def deleted(text: str) -> str:
    return f'<w:del {STAMP}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def inserted(text: str) -> str:
    return f"<w:ins {STAMP}>{r(text)}</w:ins>"


def row(*cells: str, mark: str = "") -> str:
    properties = f"<w:trPr><w:{mark} {STAMP}/></w:trPr>" if mark else ""
    return f"<w:tr>{properties}{''.join(f'<w:tc>{cell}</w:tc>' for cell in cells)}</w:tr>"


def lines(container: etree._Element) -> list[str]:
    """Every paragraph's text in document order, cells included, blank ones too."""
    return [paragraph_text(paragraph) for paragraph in container.iter(f"{{{W}}}p")]


def test_changed_words_accept_to_the_new_and_reject_to_the_old():
    redline = body(p(r("rate of ") + deleted("12%") + inserted("10%") + r(" per annum")))
    assert lines(accept_all(redline)) == ["rate of 10% per annum"]
    assert lines(reject_all(redline)) == ["rate of 12% per annum"]


def test_the_redline_itself_is_untouched():
    redline = body(p(deleted("a") + inserted("b")))
    before = etree.tostring(redline)
    accept_all(redline)
    reject_all(redline)
    assert etree.tostring(redline) == before


def test_an_inserted_paragraph_goes_on_reject_with_its_mark():
    redline = body(p(r("one")) + p(inserted("two"), mark="ins") + p(r("three")))
    assert lines(accept_all(redline)) == ["one", "two", "three"]
    assert lines(reject_all(redline)) == ["one", "three"]


def test_a_deleted_mark_joins_what_is_left_to_the_next_paragraph():
    # Word's rule: the text before a deleted paragraph mark joins the next paragraph, which keeps
    # its own properties.
    redline = body(p(r("kept ") + deleted("gone"), mark="del") + p(r("next"), style="Title"))
    accepted = accept_all(redline)
    assert lines(accepted) == ["kept next"]
    assert accepted.find(f"{{{W}}}p/{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") == "Title"
    assert lines(reject_all(redline)) == ["kept gone", "next"]


def test_the_last_paragraph_keeps_its_mark():
    redline = body(p(r("one")) + p(deleted("two"), mark="del"))
    assert lines(accept_all(redline)) == ["one", ""]


def test_a_paragraph_before_a_table_keeps_its_mark_as_libreoffice_does():
    table = f"<w:tbl>{row(p(deleted('old')), mark='del')}</w:tbl>"
    redline = body(p(r("kept")) + p(deleted("gone"), mark="del") + table + p(r("after")))
    assert lines(accept_all(redline)) == ["kept", "", "after"]
    assert lines(reject_all(redline)) == ["kept", "gone", "old", "after"]


def test_rows_marked_inserted_or_deleted():
    table = (f"<w:tbl>{row(p(r('a')))}{row(p(deleted('b')), mark='del')}"
             f"{row(p(inserted('c')), mark='ins')}</w:tbl>")
    redline = body(table + p())
    assert text_structure(accept_all(redline)) == (((("a",),), (("c",),)),)
    assert text_structure(reject_all(redline)) == (((("a",),), (("b",),)),)


def test_a_table_whose_rows_are_all_deleted_goes():
    table = f"<w:tbl>{row(p(deleted('b')), mark='del')}</w:tbl>"
    redline = body(p(r("x")) + table + p())
    assert text_structure(accept_all(redline)) == ("x",)
    assert text_structure(reject_all(redline)) == ("x", ((("b",),),))


def test_blank_paragraphs_are_spacing_not_words():
    assert text_structure(body(p(r("a")) + p() + p(r("b")))) == text_structure(
        body(p(r("a")) + p(r("b"))))
    assert canonical(body(p() + p(r("a"), style="Title"))) == canonical(
        body(p(r("a"), style="Title")))


def test_canonical_joins_runs_of_the_same_look_only():
    assert canonical(body(p(r("ab")))) == canonical(body(p(r("a") + r("b"))))
    assert canonical(body(p(r("ab")))) != canonical(body(p(r("a") + r("b", bold=True))))
    assert canonical(body(p(r("ab")))) != canonical(body(p(r("ab"), style="Title")))


def test_tabs_and_breaks_are_text():
    tabbed = body('<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:br w:type="page"/>'
                  '</w:r></w:p>')
    assert text_structure(tabbed) == ("a\tb\n\f",)
