"""The EDGAR submission against the deal file: the cover's Inline XBRL facts, read back from the
primary document as EDGAR would read them, equal the deal's; the filed words are the Word
documents' words; every file is EDGAR-safe HTML; the submission's manifest lists each file.

This is dealdocs' own reading, independent of the step that wrote the tags (render/edgar.py): it
parses the file, applies each fact's transformation, and compares the values with
facts.cover_facts. The tests load the same files with Arelle as well.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Mapping, Sequence

from lxml import etree

from ..facts import Facts
from ..load import Path_
from ..model import Deal
from ..problems import Problem, Severity
from ..validate import field_name
from ..render.edgar import (CIK_SCHEME, DEI, FOLDER, IX, SUBMISSION, XBRLI, XHTML, XLINK,
                            exhibit_file, filed_exhibits, submission_stem, view_file)
from .checks import FILING
from .documents import pdf_difference
from .text import _quoted

# What each transformation the primary document may use makes of the printed text.
_TRANSFORMS = {
    None: lambda text: text,
    "ixt:fixed-false": lambda text: "false",
    "ixt:fixed-true": lambda text: "true",
    "ixt:date-monthname-day-year-en": lambda text: _long_date(text),
}
# EDGAR rejects it on an 8-K that does not report Item 5.03 (dei-validations.json "e503").
_REJECTED = {"CurrentFiscalYearEndDate": "EDGAR rejects it on an 8-K without Item 5.03"}


def _long_date(text: str) -> str:
    try:
        return datetime.strptime(" ".join(text.split()), "%B %d, %Y").date().isoformat()
    except ValueError:
        raise ValueError("it is not a date written as January 11, 2019") from None


def _parser() -> etree.XMLParser:
    # A committed file is untrusted: no DTD, no entity expansion, no network.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


def filing_problems(deal: Deal, facts: Facts, files: Mapping[str, bytes],
                    documents: Sequence, where: str) -> list[Problem]:
    """Problems with the EDGAR submission in `files` (path under out/<deal>/ → bytes, as a build writes
    them or as they are committed under `where`) against the deal and its rendered documents."""
    stem = submission_stem(deal)
    primary = f"{FOLDER}/{stem}.htm"

    def problem(path: str, message: str, field: Path_ = ()) -> Problem:
        return Problem(FILING, Severity.ERROR, f"{where}/{path}: {message}",
                       deal.source.locate(field), field_name(field) if field else "")

    if primary not in files:
        return [problem(primary, "the 8-K's primary document is missing")]
    names = {name[len(FOLDER) + 1:] for name in files if name.startswith(f"{FOLDER}/")}
    problems = [problem(primary, message, field) for message, field in
                _cover_problems(deal, facts, files[primary], stem)]
    problems += [problem(primary, message) for message in
                 _html_problems(files[primary], f"{stem}.htm", names, dtd=False)]
    by_kind = {document.kind: document for document in documents}
    problems += [problem(primary, message) for message in
                 _word_problems(files[primary], by_kind["8-K"].docx)]
    for number, document in filed_exhibits(deal, tuple(documents)):
        path = f"{FOLDER}/{exhibit_file(number)}"
        if path not in files:
            problems.append(problem(path, f"Exhibit {number} is missing"))
            continue
        problems += [problem(path, message) for message in
                     _html_problems(files[path], exhibit_file(number), names)]
        problems += [problem(path, message) for message in
                     _word_problems(files[path], document.docx)]
    problems += [problem(f"{FOLDER}/{SUBMISSION}", message)
                 for message in _manifest_problems(files)]
    if view_file(deal) in files:
        problems += [problem(view_file(deal), message) for message in
                     _view_problems(files[view_file(deal)], by_kind["8-K"].docx)]
    return problems


# --- the cover's facts ---------------------------------------------------------------------------


def ix_facts(data: bytes) -> tuple[dict[str, list[str]], list[str]]:
    """The dei facts a primary document tags (local name → each value, transformed), and what
    makes the document unreadable as Inline XBRL."""
    try:
        return _tagged(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        return {}, [f"is not well-formed XHTML, so EDGAR cannot read its tags: {error}"]


def _tagged(root: etree._Element) -> tuple[dict[str, list[str]], list[str]]:
    contexts = {context.get("id") for context in root.iter(f"{{{XBRLI}}}context")}
    facts: dict[str, list[str]] = {}
    problems = []
    for tag in root.iter(f"{{{IX}}}nonNumeric", f"{{{IX}}}nonFraction"):
        name = tag.get("name", "")
        prefix, _, local = name.partition(":")
        if tag.nsmap.get(prefix) != DEI:
            problems.append(f"tags {_quoted(name)}, which is not a dei cover element")
            continue
        if tag.get("contextRef") not in contexts:
            problems.append(f"tags dei:{local} in a context the document does not define "
                            f"({_quoted(tag.get('contextRef') or '')})")
            continue
        text = "".join(tag.itertext())
        transform = _TRANSFORMS.get(tag.get("format"))
        try:
            if transform is None:
                raise ValueError("dealdocs writes no such transformation")
            facts.setdefault(local, []).append(" ".join(transform(text).split()))
        except ValueError as error:
            problems.append(f"dei:{local} reads {_quoted(text)}, which its transformation "
                            f"{tag.get('format')} cannot read: {error}")
    return facts, problems


def _cover_problems(deal: Deal, facts: Facts, data: bytes, stem: str
                    ) -> list[tuple[str, Path_]]:
    """(message, the deal-file field it concerns) for each cover fact the document misstates."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        return [(f"is not well-formed XHTML, so EDGAR cannot read its tags: {error}", ())]
    tagged, unreadable = _tagged(root)
    problems: list[tuple[str, Path_]] = [(message, ()) for message in unreadable]
    expected = {fact.element: fact for fact in facts.cover if fact.value is not None}
    for element, fact in expected.items():
        values = tagged.get(element)
        wrong = next((value for value in values or () if not _same(element, value, fact.value)),
                     None)
        if not values:
            problems.append((f"does not tag dei:{element}; the deal file gives "
                             f"{_quoted(fact.value)}", fact.path))
        elif wrong is not None:
            problems.append((f"tags dei:{element} as {_quoted(wrong)}, but the deal file "
                             f"gives {_quoted(fact.value)}", fact.path))
    for element in sorted(tagged.keys() - expected.keys()):
        why = _REJECTED.get(element, "the deal file gives no value for it")
        problems.append((f"tags dei:{element}, which an 8-K of this deal must not tag: {why}",
                         ()))
    return problems + [(message, ()) for message in _context_problems(deal, root, stem)]


def _same(element: str, tagged: str, expected: str) -> bool:
    # EDGAR matches the registrant's name without regard to case, and covers print it either way
    if element == "EntityRegistrantName":
        return tagged.casefold() == expected.casefold()
    return tagged == expected


_HIDDEN_POINTER = re.compile(r"-sec-ix-hidden:\s*([^;\s]+)")


def _context_problems(deal: Deal, root: etree._Element, stem: str) -> list[str]:
    """The one context is the Company (its CIK) on the event's day, the schema reference names
    the submission's own taxonomy, and each printed name points to a hidden fact."""
    problems = []
    day = deal.form_8k.event_date.isoformat()
    for context in root.iter(f"{{{XBRLI}}}context"):
        identifier = context.find(f".//{{{XBRLI}}}identifier")
        cik = identifier.text if identifier is not None else None
        if identifier is None or identifier.get("scheme") != CIK_SCHEME or cik != deal.issuer.cik:
            problems.append(f"its context {context.get('id')} names the entity "
                            f"{_quoted(cik or '')}, but the deal file's CIK is "
                            f"{deal.issuer.cik}")
        dates = [element.text for element in context.iter(f"{{{XBRLI}}}startDate",
                                                           f"{{{XBRLI}}}endDate",
                                                           f"{{{XBRLI}}}instant")]
        if any(text != day for text in dates) or not dates:
            problems.append(f"its context {context.get('id')} is not the event's day, {day}")
    references = [element.get(f"{{{XLINK}}}href") for element in
                  root.iter("{http://www.xbrl.org/2003/linkbase}schemaRef")]
    if references != [f"{stem}.xsd"]:
        problems.append(f"refers to the schema {_quoted(', '.join(map(str, references)))}, not "
                        f"{stem}.xsd")
    hidden = {element.get("id") for element in root.iter(f"{{{IX}}}nonNumeric")}
    for element in root.iter(f"{{{XHTML}}}span"):
        pointer = _HIDDEN_POINTER.search(element.get("style") or "")
        if pointer and pointer[1] not in hidden:
            problems.append("a printed cover fact points (-sec-ix-hidden) to no hidden fact")
    return problems


# --- words and files -----------------------------------------------------------------------------


def _word_problems(data: bytes, docx: bytes) -> list[str]:
    from ..render.docx import docx_text
    from ..render.edgar_html import edgar_text

    docx, html = docx_text(docx), edgar_text(data)
    # Word's all-caps and the HTML's text-transform print capitals the text does not hold
    if pdf_difference(docx.casefold(), html.casefold()) is None:
        return []
    word_said, html_said = pdf_difference(docx, html)
    return [f"does not say what its DOCX says: the DOCX has {_quoted(word_said)} where the "
            f"filed HTML has {_quoted(html_said)}"]


def _html_problems(data: bytes, name: str, names: set[str], dtd: bool = True) -> list[str]:
    """edgar_html's checker, its messages without the file name the caller already gives."""
    from ..render.edgar_html import html_problems

    return [message.removeprefix(f"{name}: ")
            for message in html_problems(data, name=name, files=names, dtd=dtd)]


def _view_problems(pdf: bytes, docx: bytes) -> list[str]:
    from ..render.docx import docx_text
    from ..render.pdf import pdf_text
    from .documents import header_rows

    try:
        printed = pdf_text(pdf)
    except Exception as error:  # pypdf raises many kinds for a broken file
        return [f"cannot be read: {error}"]
    difference = pdf_difference(docx_text(docx), printed, header_rows(docx))
    if difference is None:
        return []
    return [f"does not say what the 8-K's DOCX says: the DOCX has {_quoted(difference[0])} "
            f"where the printed filing has {_quoted(difference[1])}"]


def _manifest_problems(files: Mapping[str, bytes]) -> list[str]:
    path = f"{FOLDER}/{SUBMISSION}"
    try:
        listed = {entry["name"]: entry["sha256"]
                  for entry in json.loads(files[path])["files"]}
    except (KeyError, ValueError, TypeError):
        return ["is missing or unreadable"]
    actual = {name[len(FOLDER) + 1:]: hashlib.sha256(data).hexdigest()
              for name, data in files.items() if name.startswith(f"{FOLDER}/") and name != path}
    if listed != actual:
        return ["does not list the files beside it with their sha256 digests"]
    return []

