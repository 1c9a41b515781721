"""Titles and defined terms: an exhibit's title names the instrument filed as the exhibit, and
a document defines every defined term it uses."""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from ..model import Deal, ExhibitDocument
from ..problems import Location, Problem, Severity, Status
from ..validate import field_name
from .checks import DEFINED_TERM, EXHIBIT_TITLE
from .numbers import _DATE
from .text import _QUOTES, NOTE, Text, _quoted, snippet, template_name

# --- exhibit titles -------------------------------------------------------------------------------

def _instrument(title: str) -> str:
    """The instrument an exhibit title or document title names: without "Form of", its date,
    its parties, and case."""
    text = " ".join(title.split())
    text = re.sub(r"^(?:the\s+)?form\s+of\s+(?:the\s+)?", "", text, flags=re.IGNORECASE)
    text = re.split(r",?\s+(?:dated|effective|issued|made|by and between|between|among|with|to|of "
                    r"(?=[A-Z][a-z]+ (?:Inc|Corp|LLC)))\b|,\s", text, maxsplit=1)[0]
    text = re.sub(rf"\s+(?:dated\s+)?as\s+of\s+{_DATE}$", "", text)
    text = text.strip(" ,.;").casefold()
    return re.sub(r"(note|agreement|warrant)s$", r"\1", text)


def exhibit_title_findings(deal: Deal) -> list[Problem]:
    """An exhibit whose title names another instrument than the document it points at."""
    problems = []
    for number, exhibit in enumerate(deal.form_8k.exhibits):
        documents = _exhibit_documents(deal, exhibit)
        if not documents:
            continue
        named = _instrument(exhibit.title)
        if any(_instrument(title) == named for _, title in documents):
            continue
        where, title = documents[0]
        path = ("form_8k", "exhibits", number, "title")
        problems.append(Problem(
            EXHIBIT_TITLE, Severity.WARNING,
            f"Exhibit {exhibit.number} is titled \"{exhibit.title}\", but the "
            f"{_DOCUMENT_WORDS[exhibit.document]} it points to ({where}) is titled "
            f"\"{title}\": the exhibit index names a different instrument than the document "
            "filed as the exhibit; make the two titles agree",
            deal.source.locate(path), field=field_name(path),
            citation="dealdocs consistency check (not a legal requirement)",
            status=Status.NEEDS_INPUT,
            requirement="Each exhibit in the exhibit index is described by the title of the "
            "document filed as that exhibit.", evidence=f"Exhibit {exhibit.number}: "
            f"\"{exhibit.title}\"; {where}: \"{title}\""))
    return problems


_DOCUMENT_WORDS = {
    ExhibitDocument.NOTE: "note",
    ExhibitDocument.PURCHASE_AGREEMENT: "purchase agreement",
    ExhibitDocument.WARRANT: "warrant",
    ExhibitDocument.REGISTRATION_RIGHTS_AGREEMENT: "registration rights agreement",
    ExhibitDocument.SECURITY_AGREEMENT: "security agreement",
}


def _exhibit_documents(deal: Deal, exhibit) -> list[tuple[str, str]]:
    """(where in the deal file, title) of each document the exhibit may be."""
    kind = exhibit.document
    if kind is ExhibitDocument.NOTE:
        notes = [(i, n) for i, n in enumerate(deal.notes) if exhibit.note is None
                 or n.id == exhibit.note]
        return [(f"notes[{i}].title", n.title) for i, n in notes]
    if kind is ExhibitDocument.PURCHASE_AGREEMENT and deal.agreement:
        return [("agreement.title", deal.agreement.title)]
    if kind is ExhibitDocument.WARRANT:
        return [(f"warrants[{i}].title", w.title) for i, w in enumerate(deal.warrants)]
    if (kind is ExhibitDocument.REGISTRATION_RIGHTS_AGREEMENT and deal.registration_rights
            and deal.registration_rights.agreement_title):
        return [("registration_rights.agreement_title",
                 deal.registration_rights.agreement_title)]
    if kind is ExhibitDocument.SECURITY_AGREEMENT:
        return [(f"notes[{i}].security.security_agreement", n.security.security_agreement)
                for i, n in enumerate(deal.notes) if n.security.security_agreement]
    return []


# --- defined terms --------------------------------------------------------------------------------

# Capitalised terms convertible notes define; a document that uses one must define it (or, for
# the 8-K and the checklist, the note they describe must).
KNOWN_TERMS = frozenset({
    "Business Day", "Common Stock", "Company", "Conversion Amount", "Conversion Date",
    "Conversion Notice", "Conversion Price", "Conversion Shares", "Default Amount", "Default Rate",
    "Dilutive Issuance", "Event of Default", "Fixed Price", "Floor Price", "Holder", "Issue Date",
    "Maturity Date", "Maximum Percentage", "Notice of Conversion", "Prepayment Notice",
    "Principal Amount", "Principal Market", "Purchase Agreement", "Purchase Price",
    "Qualified Financing", "Registration Statement", "Securities Act", "Share Delivery Date",
    "Trading Day", "Transaction Documents", "Variable Price", "VWAP",
})
_QUOTED = re.compile(r"\"(?P<t>[A-Z][A-Za-z0-9'\- ]{0,60}?)\"")
_LABEL = re.compile(r"(?:^|(?<=\s))(?P<t>[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,4}):(?=\s|$)",
                    re.MULTILINE)


def definitions(document: Text) -> set[str]:
    """The terms a document defines: every capitalised quoted phrase (the “Company”, a “Notice of
    Conversion”, “Trading Day” means …) and every label a line starts with (Issue Date: …)."""
    text = document.text.translate(_QUOTES)
    found = {match["t"].strip() for match in _QUOTED.finditer(" ".join(text.split()))}
    found |= {match["t"].strip() for match in _LABEL.finditer(text)}
    return {_singular(term).casefold() for term in found}


def _singular(term: str) -> str:
    return term[:-1] if term.endswith("s") and not term.endswith("ss") else term


def _deal_definitions(texts: Sequence[Text]) -> dict[str, set[str]]:
    """The terms each document kind defines (the notes' together)."""
    defined: dict[str, set[str]] = {}
    for text in texts:
        defined.setdefault(text.kind, set()).update(definitions(text))
    return defined


def undefined_terms(document: Text, deal_definitions: Mapping[str, set[str]] | None = None
                    ) -> list[tuple[str, str]]:
    """(term, the words around its first use) for each known defined term the document uses but
    does not define. The 8-K and the checklist may use the terms the note defines: the note is
    the exhibit they describe."""
    defined = definitions(document)
    inherited = deal_definitions.get(NOTE, set()) if document.kind != NOTE and deal_definitions \
        else set()
    flat = " ".join(document.text.translate(_QUOTES).split())
    found = []
    for term in sorted(KNOWN_TERMS, key=str.casefold):
        key = _singular(term).casefold()
        if key in defined or key in inherited:
            continue
        for match in re.finditer(rf"(?<![A-Za-z\"]){re.escape(term)}s?(?![A-Za-z\"])", flat):
            if not _inside_name(flat, match):
                found.append((term, snippet(flat, match.start(), match.end())))
                break
    return found


def defined_term_problems(deal: Deal, document: Text,
                          deal_definitions: Mapping[str, set[str]] | None = None,
                          name: str | None = None) -> list[Problem]:
    return [Problem(DEFINED_TERM, Severity.WARNING,
                    f"{name or document.name} {'use' if name else 'uses'} the defined term "
                    f"\"{term}\" "
                    f"({_quoted(words)}) but never defines it",
                    _document_location(deal, document), "")
            for term, words in undefined_terms(document, deal_definitions)]


def _inside_name(flat: str, match: re.Match) -> bool:
    """A term inside a proper name or a title, as "Holder" in "the Holder's legal fees" is not;
    but "Company" in "The Depository Trust Company" or "Note" in "Convertible Promissory Note"
    is part of the name."""
    before = flat[max(0, match.start() - 40):match.start()]
    return bool(re.search(r"(?:[A-Z][a-z]+ )$", before)) and not re.search(
        r"(?:^|[.;:] |\b(?:[Tt]he|[Aa]n?|[Tt]his|[Ee]ach|[Aa]ny|[Ss]uch) )[A-Z][a-z]+ $", before)


def _document_location(deal: Deal, document: Text) -> Location:
    if document.file:
        return Location(document.file, 1, 1)
    return Location(template_name(document.kind), 1, 1)
