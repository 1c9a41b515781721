"""The 8-K as EDGAR files it: out/<deal>/edgar/.

- The primary document, <symbol>-<yyyymmdd>.htm: the rendered 8-K DOCX as EDGAR HTML
  (edgar_html.py), with its cover page tagged in Inline XBRL 1.1. The Word template marks each
  printed cover fact with a character style ("XBRL EntityRegistrantName", see
  facts.COVER_PRINTED); mammoth keeps it as <span class="ix-EntityRegistrantName">, and here that
  span becomes the ix:nonNumeric tag. The words are the DOCX's: nothing here writes wording.
- One exhibit per note the 8-K files (ex4-1.htm), made from the note's DOCX the same way.
- The Company's extension taxonomy the cover needs: a schema, a label and a presentation
  linkbase, named after the primary document as EDGAR requires.
- submission.json: each file, its EDGAR document type and its sha256.

Only the XII transformation registry (ixt, 2020-02-12) is used: dates and check boxes transform
with it. A state or an exchange printed by name ("Delaware", "The Nasdaq Stock Market LLC") has
no ixt transform to its code, so its code goes in ix:hidden and the printed name points to it with
EDGAR's -sec-ix-hidden style (EFM 5.2.5.14), as the requirements table allows.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable, Mapping

from lxml import etree

from ..facts import CoverFact, Facts
from ..model import Deal, ExhibitDocument
from . import TemplateProblem

# dei 2025 is on EDGAR release 25.4's list of accepted taxonomies (edgartaxonomies-25-4.xml) [V].
DEI_YEAR = 2025
DEI = f"http://xbrl.sec.gov/dei/{DEI_YEAR}"
DEI_SCHEMA = f"https://xbrl.sec.gov/dei/{DEI_YEAR}/dei-{DEI_YEAR}.xsd"
XHTML = "http://www.w3.org/1999/xhtml"
IX = "http://www.xbrl.org/2013/inlineXBRL"
IXT = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XSD = "http://www.w3.org/2001/XMLSchema"
CIK_SCHEME = "http://www.sec.gov/CIK"
NAMESPACES = {None: XHTML, "ix": IX, "ixt": IXT, "xbrli": XBRLI, "link": LINK, "xlink": XLINK,
              "dei": DEI}

CONTEXT = "c-1"  # every cover fact is about the Company, for the event's day
FOLDER = "edgar"
SUBMISSION = "submission.json"
# The glyphs the cover's check boxes print, and the transform that reads each.
BOXES = {"\u2610": "ixt:fixed-false", "\u2612": "ixt:fixed-true"}
DATE_FORMAT = "ixt:date-monthname-day-year-en"
# Printed by name, filed as a code in ix:hidden (see the module's docstring).
BY_CODE = frozenset({"EntityIncorporationStateCountryCode", "SecurityExchangeName"})
IX_CLASS = "ix-"  # html.STYLE_MAP gives each cover fact's span this class prefix


def edgar_files(deal: Deal, facts: Facts, documents: Iterable) -> dict[str, bytes]:
    """Path under out/<deal>/ → bytes, for every file of the EDGAR submission."""
    from .edgar_html import exhibit_html

    documents = tuple(documents)
    stem = submission_stem(deal)
    exhibits = {exhibit_file(number): exhibit_html(document.docx, title=document.title)
                for number, document in filed_exhibits(deal, documents)}
    eight_k = next(document for document in documents if document.kind == "8-K")
    files = {f"{stem}.htm": primary_document(deal, facts, eight_k, tuple(exhibits)),
             **exhibits, **taxonomy_files(deal, facts)}
    files[SUBMISSION] = submission_manifest(deal, files)
    return {f"{FOLDER}/{name}": data for name, data in sorted(files.items())}


def submission_stem(deal: Deal) -> str:
    """EDGAR's name for the primary document and its taxonomy: the trading symbol (or the CIK)
    and the date of the period, the event's: "asti-20190111"."""
    prefix = (deal.issuer.common_stock.symbol or deal.issuer.cik).lower()
    return f"{prefix}-{deal.form_8k.event_date:%Y%m%d}"


def exhibit_file(number: str) -> str:
    return f"ex{number.replace('.', '-').lower()}.htm"


def filed_exhibits(deal: Deal, documents: tuple) -> list[tuple[str, object]]:
    """(exhibit number, document) for each exhibit dealdocs writes: the notes the 8-K lists."""
    notes = [document for document in documents if document.kind == "note"]
    found = []
    for exhibit in deal.form_8k.exhibits:
        if exhibit.document is not ExhibitDocument.NOTE:
            continue
        index = next((i for i, note in enumerate(deal.notes)
                      if exhibit.note is None or note.id == exhibit.note), None)
        if index is not None:
            found.append((exhibit.number, notes[index]))
    return found


# --- the primary document ------------------------------------------------------------------------


def primary_document(deal: Deal, facts: Facts, eight_k, exhibit_files: tuple[str, ...]) -> bytes:
    from .edgar_html import edgar_bytes, edgar_tree

    tree = edgar_tree(eight_k.docx, title=eight_k.title, inline_xbrl=True)
    html = _with_namespaces(tree.getroot())
    body = html.find(f"{{{XHTML}}}body")
    expected = {fact.element: fact for fact in facts.cover if fact.value is not None}
    hidden = [fact for fact in expected.values() if fact.hidden]
    tagged = set()
    for number, span in enumerate(_cover_spans(body), 1):
        fact = expected.get(span.get("class")[len(IX_CLASS):])
        if fact is None or fact.hidden:
            # a fact the deal does not report (the transition period of a company that is not
            # an emerging growth company), or one its era's cover does not print
            _unwrap(span)
        elif fact.element in BY_CODE:
            if fact not in hidden:
                hidden.append(fact)
            del span.attrib["class"]
            span.set("style", f"-sec-ix-hidden:{_hidden_id(fact)}")
        else:
            _tag(span, fact, f"f-{number}")
        tagged.add(fact.element if fact else None)
    missing = [element for element, fact in expected.items()
               if not fact.hidden and element not in tagged]
    if missing:
        raise TemplateProblem(eight_k.title, "template.cover", _missing_message(missing))
    body.insert(0, _header(deal, hidden))
    _link_exhibits(body, deal, exhibit_files)
    return edgar_bytes(etree.ElementTree(html), doctype=False)


def _with_namespaces(html: etree._Element) -> etree._Element:
    """The document's root again, declaring the Inline XBRL namespaces (lxml cannot add a
    namespace declaration to an element that exists)."""
    root = etree.Element(f"{{{XHTML}}}html", nsmap=NAMESPACES)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en-US")
    for child in list(html):
        root.append(child)
    return root


def _cover_spans(body: etree._Element) -> list[etree._Element]:
    return [span for span in body.iter(f"{{{XHTML}}}span")
            if (span.get("class") or "").startswith(IX_CLASS)]


def _tag(span: etree._Element, fact: CoverFact, id: str) -> None:
    """The span becomes the fact's ix:nonNumeric, keeping its text and children."""
    span.tag = f"{{{IX}}}nonNumeric"
    del span.attrib["class"]
    span.set("name", f"dei:{fact.element}")
    span.set("contextRef", CONTEXT)
    span.set("id", id)
    text = "".join(span.itertext()).strip()
    if text in BOXES:
        span.set("format", BOXES[text])
    elif fact.element == "DocumentPeriodEndDate":
        span.set("format", DATE_FORMAT)


def _unwrap(span: etree._Element) -> None:
    """Replace the span by its content: the text stays, the mark goes. (lxml's remove takes an
    element's tail with it, so the tail is moved first.)"""
    parent, previous, children = span.getparent(), span.getprevious(), list(span)
    _append_text(parent, previous, span.text)
    index = parent.index(span)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = span.tail
    parent.remove(span)
    _append_text(parent, children[-1] if children else previous, tail)


def _append_text(parent: etree._Element, after: etree._Element | None, text: str | None) -> None:
    if not text:
        return
    if after is None:
        parent.text = (parent.text or "") + text
    else:
        after.tail = (after.tail or "") + text


def _hidden_id(fact: CoverFact) -> str:
    return f"h-{fact.element}"


def _header(deal: Deal, hidden: list[CoverFact]) -> etree._Element:
    """<div style="display:none"><ix:header>: the hidden facts, the schema reference and the
    one context."""
    box = etree.Element(f"{{{XHTML}}}div", style="display:none")
    header = etree.SubElement(box, f"{{{IX}}}header")
    hidden_facts = etree.SubElement(header, f"{{{IX}}}hidden")
    for fact in hidden:
        element = etree.SubElement(hidden_facts, f"{{{IX}}}nonNumeric", name=f"dei:{fact.element}",
                                   contextRef=CONTEXT, id=_hidden_id(fact))
        element.text = fact.value
    references = etree.SubElement(header, f"{{{IX}}}references")
    etree.SubElement(references, f"{{{LINK}}}schemaRef",
                     {f"{{{XLINK}}}type": "simple",
                      f"{{{XLINK}}}href": f"{submission_stem(deal)}.xsd"})
    resources = etree.SubElement(header, f"{{{IX}}}resources")
    context = etree.SubElement(resources, f"{{{XBRLI}}}context", id=CONTEXT)
    entity = etree.SubElement(context, f"{{{XBRLI}}}entity")
    etree.SubElement(entity, f"{{{XBRLI}}}identifier", scheme=CIK_SCHEME).text = deal.issuer.cik
    period = etree.SubElement(context, f"{{{XBRLI}}}period")
    day = deal.form_8k.event_date.isoformat()
    etree.SubElement(period, f"{{{XBRLI}}}startDate").text = day
    etree.SubElement(period, f"{{{XBRLI}}}endDate").text = day
    return box


def _link_exhibits(body: etree._Element, deal: Deal, exhibit_files: tuple[str, ...]) -> None:
    """Item 9.01 links each exhibit dealdocs files by its file name (Regulation S-K Item
    601(a)(2)): the description cell of the row whose first cell is its number."""
    files = {exhibit.number: exhibit_file(exhibit.number) for exhibit in deal.form_8k.exhibits
             if exhibit_file(exhibit.number) in exhibit_files}
    for row in body.iter(f"{{{XHTML}}}tr"):
        cells = row.findall(f"{{{XHTML}}}td")
        number = "".join(cells[0].itertext()).strip() if len(cells) == 2 else None
        if number in files:
            _wrap_in_link(cells[1], files[number])


def _wrap_in_link(cell: etree._Element, href: str) -> None:
    """The cell's paragraphs' content inside <a href>."""
    for paragraph in cell:
        link = etree.Element(f"{{{XHTML}}}a", href=href)
        link.text, paragraph.text = paragraph.text, None
        for child in list(paragraph):
            link.append(child)
        paragraph.append(link)


def _missing_message(missing: list[str]) -> str:
    styles = ", ".join(f"“XBRL {element}”" for element in missing)
    return (f"the 8-K template prints no text in the character style {styles}; the EDGAR cover "
            "page cannot tag what the deal file states. Give the cover fact that style in Word")


# --- the human view ------------------------------------------------------------------------------

# The filed document, printed: its own inline looks, with print.css's fonts (the filed HTML names
# Times New Roman, which a machine may lack) and page numbers.
_VIEW_STYLE = '* { font-family: "Dealdocs Serif", "Dealdocs Symbols" !important; }'


def view_pdf(primary: bytes) -> bytes:
    """The primary document as a PDF, for a lawyer to review exactly what will be filed."""
    from .html import STYLESHEET
    from .pdf import html_to_pdf

    root = etree.fromstring(primary)
    head = root.find(f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}link", rel="stylesheet", href=STYLESHEET)
    etree.SubElement(head, f"{{{XHTML}}}style").text = _VIEW_STYLE
    return html_to_pdf(etree.tostring(root, encoding="unicode"))


def view_file(deal: Deal) -> str:
    return f"{deal.name}-8-K-edgar.pdf"


# --- the extension taxonomy ----------------------------------------------------------------------


def taxonomy_files(deal: Deal, facts: Facts) -> dict[str, bytes]:
    stem = submission_stem(deal)
    elements = [fact.element for fact in facts.cover if fact.value is not None]
    return {f"{stem}.xsd": _schema(deal, stem), f"{stem}_lab.xml": _labels(elements),
            f"{stem}_pre.xml": _presentation(deal, elements)}


def extension_namespace(deal: Deal) -> str:
    """EFM 6.7.3: http://{the Company's domain}/{the document's date}. Without a domain in the
    deal file, the CIK under the reserved .invalid domain, which the rule form_8k.cover-facts
    reports: a placeholder no one can mistake for a real address."""
    authority = deal.issuer.website or f"cik{deal.issuer.cik}.invalid"
    return f"http://{authority}/{deal.form_8k.event_date:%Y%m%d}"


def _role(deal: Deal) -> str:
    return extension_namespace(deal).rsplit("/", 1)[0] + "/role/Cover"


def _schema(deal: Deal, stem: str) -> bytes:
    target = extension_namespace(deal)
    schema = etree.Element(f"{{{XSD}}}schema", nsmap={"xs": XSD, "link": LINK, "xlink": XLINK},
                           targetNamespace=target, elementFormDefault="qualified",
                           attributeFormDefault="unqualified")
    for namespace, location in ((XBRLI, "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"),
                                (LINK, "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd"),
                                (DEI, DEI_SCHEMA)):
        etree.SubElement(schema, f"{{{XSD}}}import", namespace=namespace,
                         schemaLocation=location)
    appinfo = etree.SubElement(etree.SubElement(schema, f"{{{XSD}}}annotation"),
                               f"{{{XSD}}}appinfo")
    for suffix, role in (("_lab.xml", "labelLinkbaseRef"),
                         ("_pre.xml", "presentationLinkbaseRef")):
        etree.SubElement(appinfo, f"{{{LINK}}}linkbaseRef", {
            f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": stem + suffix,
            f"{{{XLINK}}}role": f"http://www.xbrl.org/2003/role/{role}",
            f"{{{XLINK}}}arcrole": "http://www.w3.org/1999/xlink/properties/linkbase"})
    role_type = etree.SubElement(appinfo, f"{{{LINK}}}roleType", roleURI=_role(deal), id="Cover")
    etree.SubElement(role_type, f"{{{LINK}}}definition").text = "0000001 - Document - Cover"
    etree.SubElement(role_type, f"{{{LINK}}}usedOn").text = "link:presentationLink"
    return _xml(schema)


def _linkbase() -> etree._Element:
    return etree.Element(f"{{{LINK}}}linkbase", nsmap={"link": LINK, "xlink": XLINK})


def _locator(parent: etree._Element, element: str) -> None:
    etree.SubElement(parent, f"{{{LINK}}}loc", {
        f"{{{XLINK}}}type": "locator", f"{{{XLINK}}}href": f"{DEI_SCHEMA}#dei_{element}",
        f"{{{XLINK}}}label": f"loc_{element}"})


def _labels(elements: list[str]) -> bytes:
    """A standard label for each cover element, from its name ("Entity Registrant Name")."""
    linkbase = _linkbase()
    link = etree.SubElement(linkbase, f"{{{LINK}}}labelLink", {
        f"{{{XLINK}}}type": "extended",
        f"{{{XLINK}}}role": "http://www.xbrl.org/2003/role/link"})
    for element in ["CoverAbstract", *elements]:
        _locator(link, element)
        label = etree.SubElement(link, f"{{{LINK}}}label", {
            f"{{{XLINK}}}type": "resource", f"{{{XLINK}}}label": f"lab_{element}",
            f"{{{XLINK}}}role": "http://www.xbrl.org/2003/role/label",
            "{http://www.w3.org/XML/1998/namespace}lang": "en-US"})
        label.text = _words(element)
        etree.SubElement(link, f"{{{LINK}}}labelArc", {
            f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}from": f"loc_{element}",
            f"{{{XLINK}}}to": f"lab_{element}",
            f"{{{XLINK}}}arcrole": "http://www.xbrl.org/2003/arcrole/concept-label"})
    return _xml(linkbase)


def _words(element: str) -> str:
    words, word = [], ""
    for character in element:
        if character.isupper() and word and not word[-1].isupper():
            words.append(word)
            word = ""
        word += character
    return " ".join([*words, word]).replace("Abstract", "[Abstract]")


def _presentation(deal: Deal, elements: list[str]) -> bytes:
    """The cover's elements under dei:CoverAbstract, in the cover's order."""
    linkbase = _linkbase()
    etree.SubElement(linkbase, f"{{{LINK}}}roleRef", {
        "roleURI": _role(deal), f"{{{XLINK}}}type": "simple",
        f"{{{XLINK}}}href": f"{submission_stem(deal)}.xsd#Cover"})
    link = etree.SubElement(linkbase, f"{{{LINK}}}presentationLink", {
        f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": _role(deal)})
    _locator(link, "CoverAbstract")
    for order, element in enumerate(elements, 1):
        _locator(link, element)
        etree.SubElement(link, f"{{{LINK}}}presentationArc", {
            f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}from": "loc_CoverAbstract",
            f"{{{XLINK}}}to": f"loc_{element}", "order": str(order),
            f"{{{XLINK}}}arcrole": "http://www.xbrl.org/2003/arcrole/parent-child"})
    return _xml(linkbase)


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the submission's manifest -------------------------------------------------------------------


def document_type(name: str, stem: str) -> str:
    """EDGAR's document type of each file of the submission."""
    types = {f"{stem}.htm": "8-K", f"{stem}.xsd": "EX-101.SCH", f"{stem}_lab.xml": "EX-101.LAB",
             f"{stem}_pre.xml": "EX-101.PRE"}
    if name in types:
        return types[name]
    return "EX-" + name[2:-len(".htm")].replace("-", ".").upper()


def submission_manifest(deal: Deal, files: Mapping[str, bytes]) -> bytes:
    stem = submission_stem(deal)
    manifest = {
        "form": "8-K",
        "period": deal.form_8k.event_date.isoformat(),
        "cik": deal.issuer.cik,
        "files": [{"name": name, "type": document_type(name, stem),
                   "sha256": hashlib.sha256(data).hexdigest()}
                  for name, data in sorted(files.items())],
    }
    return (json.dumps(manifest, indent=2) + "\n").encode()
