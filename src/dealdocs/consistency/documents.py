"""Checking documents against the deal file: one document's text (DocumentCheck, check_text),
every rendered document of a deal (check_documents), and a PDF's words against its DOCX's."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Sequence

from .. import display
from ..facts import Facts
from ..load import Path_
from ..model import Deal
from ..problems import Problem, Severity
from ..validate import field_name
from .checks import PDF, RENDER, TERM, VALUE, WORDS, _unique
from .numbers import (_COUNT_PAIR, _MONEY_PAIR, _PERCENT_PAIR, Stated, dollars_and_cents,
                      parse_date, parse_money, parse_percent, stated_values, words_to_number)
from .terms import Cue, Term, _exemptions_shown, exemptions_in, key_terms
from .text import CHECKLIST, FORM_8K, NOTE, Text, _quoted, flatten, sentence_at, snippet
from .titles import _deal_definitions, defined_term_problems
from .values import DealValues, Values, findings_values, template_values


# --- checking one document ------------------------------------------------------------------------

@dataclass
class DocumentCheck:
    """The consistency of one document with the deal file."""

    deal: Deal
    terms: Sequence[Term]
    explained: Values
    document: Text
    anchor: Path_ = ()  # where to locate a problem that no single term explains
    stray_severity: Severity = Severity.ERROR  # an outside document may state more than the deal
    _wrong_values: set = field(default_factory=set)  # (kind, value) already reported as wrong
    _misstated: set = field(default_factory=set)  # names and titles already reported as wrong

    def problems(self) -> list[Problem]:
        flat = self.document.flat
        problems: list[Problem] = []
        consumed: set[tuple[int, int]] = set()  # spans already reported
        stated_wrong: set[str] = set()  # families already reported as stated differently
        words_slips = self._words_and_figures(flat, problems, consumed)
        for family, terms in _families(self.terms, self.document).items():
            problems += self._statements(flat, family, terms, consumed, stated_wrong)
        stray = [s for s in stated_values(flat)
                 if not self.explained.explains(s.kind, s.value)
                 and not any(a <= s.start < b for a, b in consumed)
                 and (s.kind, s.value) not in self._wrong_values]
        problems += self._presence(flat, stray, stated_wrong, words_slips)
        for stated in stray:
            if (stated.start, stated.end) in consumed:
                continue
            problem = self._problem(
                VALUE, self.anchor,
                f"{self.document.name} states {_quoted(stated.text)} "
                f"({_quoted(snippet(flat, stated.start, stated.end))}), "
                f"{_WHAT[stated.kind]} that is neither in the deal file nor derived from it")
            problems.append(dataclasses.replace(problem, severity=self.stray_severity))
        return problems

    # Words and figures --------------------------------------------------------------------------

    def _words_and_figures(self, flat: str, problems: list[Problem],
                           consumed: set[tuple[int, int]]) -> set[tuple[str, Any]]:
        """Report each "words (figures)" pair whose words and figures differ; return the values
        on either side of each slip, so that a missing term they explain is not reported again."""
        slips: set[tuple[str, Any]] = set()
        for kind, pattern in (("money", _MONEY_PAIR), ("percent", _PERCENT_PAIR),
                              ("count", _COUNT_PAIR)):
            for match in pattern.finditer(flat):
                if re.search(r"\bpoint\s+$", flat[max(0, match.start() - 8):match.start()]):
                    continue  # "four point nine nine percent": not words this parser reads
                try:
                    words = Decimal(words_to_number(match["words"]))
                    if kind == "money" and match["cents"]:
                        words = dollars_and_cents(int(words), words_to_number(match["cents"]))
                    figures = (parse_money(match["figures"]) if kind == "money"
                               else Decimal(match["figures"].replace(",", "")))
                except (ValueError, InvalidOperation):
                    continue
                if words == figures:
                    continue
                slips |= {(kind, words), (kind, figures)}
                term = next((t for t in self.terms if t.kind == kind and t.value in (
                    words, figures) and t.concerns(self.document)), None)
                shown_words = _figures(kind, words)
                shown_figures = _figures(kind, figures)
                problems.append(self._problem(
                    WORDS, term.path if term else self.anchor,
                    f"{self.document.name} writes {_quoted(match.group())}: the words say "
                    f"{shown_words} but the figures say {shown_figures}"
                    + (f"; the deal file says {term.expected}" if term else "")))
                consumed.add((match.start(), match.end()))
                figures_at = match.start("figures")
                consumed.add((figures_at, match.end("figures")))
        return slips

    # Statements of a term -----------------------------------------------------------------------

    def _statements(self, flat: str, family: str, terms: list[Term],
                    consumed: set[tuple[int, int]], stated_wrong: set[str]) -> list[Problem]:
        problems = []
        reported: set[str] = set()
        head_end = _head_end(flat)
        for cue in _unique_cues(terms, self.document.kind):
            for match in cue.pattern.finditer(flat, 0, head_end if cue.head else len(flat)):
                found = match.group("v")
                if _agrees(terms[0].kind, found, [t.value for t in terms]):
                    continue
                term = self._owner(flat, terms, *match.span("v"))
                key = _normal(found)
                start, end = match.span("v")
                consumed.add((start, end))
                for stated in stated_values(flat[start:end]):
                    consumed.add((start + stated.start, start + stated.end))
                stated_wrong.add(family)
                if term.kind == "text":
                    self._misstated.add(flatten(str(term.value)).casefold())
                if term.kind == "exemptions":
                    found = _exemptions_shown(exemptions_in(found)) or found
                for stated in stated_values(found):
                    self._wrong_values.add((stated.kind, stated.value))
                if key in reported:
                    continue
                reported.add(key)
                problems.append(self._problem(
                    TERM, term.path,
                    f"{self.document.name} states {term.label} as {_quoted(found)} "
                    f"({_quoted(snippet(flat, start, end))}), but the deal file says "
                    f"{term.expected}{self._elsewhere(flat, found, start)}"))
        return problems

    @staticmethod
    def _elsewhere(flat: str, found: str, start: int) -> str:
        """How many more times the document states the same wrong value."""
        others = sum(1 for match in re.finditer(re.escape(found), flat) if match.start() != start)
        if not others or not re.search(r"\d", found):
            return ""
        return f"; it states {_quoted(found)} {_times(others)} more"

    def _owner(self, flat: str, terms: list[Term], start: int, end: int) -> Term:
        """Of a family's terms (one per note), the one a statement at flat[start:end] is about:
        in a document that describes several notes, the note whose holder the clause names (or,
        failing that, the holder named last before it); among one holder's notes, the one whose
        title is named there."""
        if len(terms) == 1:
            return terms[0]
        if terms[0].kind == "text":  # a name or title: the one it is most like
            import difflib

            found = flat[start:end].casefold()
            return max(terms, key=lambda term: difflib.SequenceMatcher(
                None, found, str(term.value).casefold()).ratio())
        begin, stop = sentence_at(flat, start, end)
        begin = max(begin, flat.rfind(";", 0, start) + 1)
        semicolon = flat.find(";", end, stop)
        stop = semicolon if semicolon != -1 else stop
        clause = flat[begin:stop]
        holders = {term: self.deal.notes[term.note].holder for term in terms
                   if term.note is not None}
        named = [(clause.find(holder), term) for term, holder in holders.items()
                 if holder in clause]
        candidates = [term for _, term in sorted(named, key=lambda pair: pair[0])]
        context = clause
        if not candidates:
            last = max(((flat.rfind(holder, 0, start), term) for term, holder in holders.items()),
                       key=lambda pair: pair[0], default=(-1, None))
            if last[0] == -1:
                return terms[0]
            holder = holders[last[1]]
            candidates = [term for term, name in holders.items() if name == holder]
            context = flat[max(0, last[0] - 120):last[0]] + clause
        titled = [term for term in candidates if self.deal.notes[term.note].title in context]
        if titled:
            longest = max(len(self.deal.notes[term.note].title) for term in titled)
            candidates = [term for term in titled
                          if len(self.deal.notes[term.note].title) == longest]
        return candidates[0] if candidates else terms[0]

    # Presence of each term ----------------------------------------------------------------------

    def _presence(self, flat: str, stray: list[Stated], stated_wrong: set[str],
                  slips: set[tuple[str, Any]]) -> list[Problem]:
        problems = []
        folded = flat.casefold()
        missing: list[tuple[Term, list[str]]] = []
        for term in self.terms:
            forms = term.forms_in(self.document)
            if term.kind == "absent":  # a name the document must not state
                if any(_states(folded, form) for spellings in forms
                       for form in spellings):
                    problems.append(self._problem(TERM, term.path, _stated_absent(
                        self.document.name, term, forms, folded)))
                continue
            absent = [spellings[0] for spellings in forms
                      if not any(_states(folded, form) for form in spellings)
                      and not any(name in flatten(spellings[0]).casefold()
                                  for name in self._misstated)]
            if not absent or term.family in stated_wrong:
                continue
            if (term.kind, term.value) in slips:
                continue
            missing.append((term, absent))
        paired = self._pair(flat, missing, stray)
        for term, absent in missing:
            forms = ", ".join(_quoted(form) for form in absent)
            message = (f"{self.document.name} does not state {term.label} as the deal file gives "
                       f"it: {forms} {'is' if len(absent) == 1 else 'are'} not in it")
            if term in paired:
                stated = paired[term]
                message = (f"{self.document.name} states {term.label} as {_quoted(stated.text)} "
                           f"({_quoted(snippet(flat, stated.start, stated.end))}), but the deal "
                           f"file says {term.expected}")
            problems.append(self._problem(TERM, term.path, message))
        return problems

    def _pair(self, flat: str, missing: list[tuple[Term, list[str]]],
              stray: list[Stated]) -> dict[Term, Stated]:
        """Match each stray value with the missing term it most likely replaced: the only missing
        term of its kind, or the only one whose context words are in the value's sentence."""
        paired: dict[Term, Stated] = {}
        for stated in list(stray):
            candidates = [term for term, _ in missing if term.kind == stated.kind
                          and term not in paired]
            if len(candidates) > 1:
                begin, end = sentence_at(flat, stated.start, stated.end)
                sentence = flat[begin:end]
                candidates = [term for term in candidates if term.context
                              and re.search(term.context, sentence, re.IGNORECASE)]
            if len(candidates) == 1:
                paired[candidates[0]] = stated
                stray.remove(stated)
        return paired

    def _problem(self, id_: str, path: Path_, message: str) -> Problem:
        return Problem(id_, Severity.ERROR, message, self.deal.source.locate(path),
                       field=field_name(path) if path else "")


def _states(folded: str, form: str) -> bool:
    """Whether the (casefolded) text states the form as a whole: "50%" is not stated by
    "150%", nor "$1.38" by "$1.385", nor "5 days" by "15 days"."""
    wanted = flatten(form).casefold()
    if not wanted[:1].isdigit() and not wanted[-1:].isdigit():
        return wanted in folded
    before = r"(?<![\d.,])" if wanted[:1].isdigit() else ""
    after = r"(?![\d]|[.,]\d)" if wanted[-1:].isdigit() else ""
    return re.search(before + re.escape(wanted) + after, folded) is not None


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


_WHAT = {"money": "an amount", "percent": "a percentage", "date": "a date"}


def _figures(kind: str, value: Decimal) -> str:
    if kind == "money":
        return str(display.Money(value))
    if kind == "percent":
        return str(display.Percent(value))
    return display.Count(int(value)).figures


def _stated_absent(name: str, term: Term, forms, folded: str) -> str:
    """What a document states that the deal file says it must not: an unnamed investor's name,
    or conversion terms for a note that does not convert."""
    if term.family == "investors.unnamed":
        return (f"{name} names {term.label}, {_quoted(term.expected)}, whom the deal file says it "
                "does not name")
    found = next(form for spellings in forms for form in spellings if _states(folded, form))
    return (f"{name} states {term.expected} ({_quoted(found)}) for {term.label}: the deal file "
            "gives it no `conversion`")


def _normal(text: str) -> str:
    return " ".join(flatten(text).casefold().strip(" ,.;:").split())


def _head_end(flat: str) -> int:
    """The end of a document's heading: its first 400 characters."""
    return min(len(flat), 400)


def _families(terms: Sequence[Term], document: Text) -> dict[str, list[Term]]:
    families: dict[str, list[Term]] = {}
    for term in terms:
        if term.cues and term.concerns(document):
            families.setdefault(term.family, []).append(term)
    return families


def _unique_cues(terms: list[Term], kind: str) -> list[Cue]:
    seen, cues = set(), []
    for term in terms:
        for cue in term.cues:
            if kind in cue.slots and (cue.pattern.pattern, cue.head) not in seen:
                seen.add((cue.pattern.pattern, cue.head))
                cues.append(cue)
    return cues


def _agrees(kind: str, found: str, values: list[Any]) -> bool:
    try:
        if kind == "money":
            return parse_money(found) in values
        if kind == "percent":
            return parse_percent(found) in values
        if kind == "date":
            return parse_date(found) in values
        if kind == "count":
            match = re.fullmatch(r"(?P<w>.+?)\s*\((?P<f>\d[\d,]*)\)", found.strip())
            return bool(match) and int(match["f"].replace(",", "")) in values
        if kind == "exemptions":
            return exemptions_in(found) in values
    except (ValueError, InvalidOperation):
        return False
    return _normal(found) in {_normal(str(value)) for value in values}


# --- every document of a deal -------------------------------------------------------------------

def document_texts(deal: Deal, documents: Sequence[Any]) -> list[tuple[Any, Text]]:
    """Each rendered Document with its DOCX text, named for messages."""
    from ..render.docx import docx_text

    texts = []
    notes = iter(range(len(deal.notes)))
    for document in documents:
        note = next(notes) if document.kind == NOTE else None
        texts.append((document, Text(document.kind, _name(deal, document.kind, note),
                                     docx_text(document.docx), note)))
    return texts


def _name(deal: Deal, kind: str, note: int | None, fmt: str = "") -> str:
    suffix = f" ({fmt})" if fmt else ""
    if kind == NOTE:
        if len(deal.notes) == 1:
            return f"the note{suffix}"
        held = deal.notes[note]
        return f"the note to {held.holder}{f' ({held.id})' if held.id else ''}{suffix}"
    return f"the {kind}{suffix}"


def _anchor(kind: str, note: int | None) -> Path_:
    if kind == NOTE and note is not None:
        return ("notes", note)
    if kind == FORM_8K:
        return ("form_8k",)
    return ()


def check_text(deal: Deal, facts: Facts, findings: Sequence[Problem], document: Text,
               items: Mapping[str, bool] | None = None, terms: Sequence[Term] | None = None,
               *, outside: bool = False,
               deal_definitions: Mapping[str, set[str]] | None = None,
               values: DealValues | None = None) -> list[Problem]:
    """The consistency of one document's text with the deal file.

    `outside`: the document is not one dealdocs rendered (verify): a value no term explains is
    a warning, and only the key terms must appear (Term.outside). `values`: the deal's, walked
    once for all its documents (DealValues.of), or else walked here."""
    if terms is None:
        if items is None:
            from ..render.context import deal_context
            items = deal_context(deal, facts, tuple(findings))["items"]
        terms = key_terms(deal, facts, items)
    explained = (values or DealValues.of(deal, facts)).document(document.note)
    if not outside:
        explained = explained.union(template_values(document.kind))
    if document.kind == CHECKLIST:
        explained = explained.union(findings_values(findings))
    check = DocumentCheck(deal, terms, explained, document, _anchor(document.kind, document.note),
                          Severity.WARNING if outside else Severity.ERROR)
    # The notes come from one template: a term one of them leaves undefined, all of them do.
    name = "the notes" if (document.kind == NOTE and not outside and len(deal.notes) > 1) \
        else None
    return check.problems() + defined_term_problems(deal, document, deal_definitions, name)


def check_documents(deal: Deal, facts: Facts, findings: Sequence[Problem],
                    documents: Sequence[Any]) -> list[Problem]:
    """Every document (render.package.Document, with or without its PDF) against the deal."""
    from ..render.context import deal_context
    from ..render.pdf import pdf_text

    items = deal_context(deal, facts, tuple(findings))["items"]
    terms = key_terms(deal, facts, items)
    problems: list[Problem] = []
    texts = document_texts(deal, documents)
    definitions = _deal_definitions([text for _, text in texts])
    values = DealValues.of(deal, facts)
    for document, text in texts:
        problems += _check_one(deal, facts, findings, text, items, terms, definitions, values)
        if document.pdf is None:
            continue
        try:
            printed = pdf_text(document.pdf)
        except Exception as error:  # pypdf raises many kinds for a broken file
            problems.append(Problem(RENDER, Severity.ERROR, f"the PDF of {text.name} cannot "
                                    f"be read: {error}", deal.source.locate(()), ""))
            continue
        pdf = Text(text.kind, _name(deal, text.kind, text.note, "PDF"), printed, text.note)
        difference = pdf_difference(text.text, printed, header_rows(document.docx))
        if difference:
            word_said, pdf_said = difference
            problems.append(Problem(
                PDF, Severity.ERROR, f"the PDF of {text.name} does not say what its DOCX says: "
                f"the DOCX has {_quoted(word_said)} where the PDF has {_quoted(pdf_said)}",
                deal.source.locate(_anchor(text.kind, text.note)),
                field_name(_anchor(text.kind, text.note)) if _anchor(text.kind, text.note)
                else ""))
            problems += _check_one(deal, facts, findings, pdf, items, terms, definitions,
                                   values)
    return _unique(problems)


def _check_one(deal, facts, findings, text: Text, items, terms, definitions,
               values: DealValues) -> list[Problem]:
    return check_text(deal, facts, findings, text, items, terms, deal_definitions=definitions,
                      values=values)


def pdf_difference(docx: str, pdf: str, repeated: Iterable[str] = ()) -> tuple[str, str] | None:
    """Where a PDF's words first differ from its DOCX's, ignoring how lines are broken and the
    table header rows the PDF repeats at the top of each page (`repeated`, as Word repeats them
    too): the words around that place in each; None if they say the same."""
    word_chars, word_at = _squeezed(docx)
    pdf_chars, pdf_at = _squeezed(pdf)
    for header in repeated:
        word_chars, word_at = _drop_repeats(word_chars, word_at, "".join(header.split()))
        pdf_chars, pdf_at = _drop_repeats(pdf_chars, pdf_at, "".join(header.split()))
    if word_chars == pdf_chars:
        return None
    limit = min(len(word_chars), len(pdf_chars))
    first = next((i for i in range(limit) if word_chars[i] != pdf_chars[i]), limit)
    last = next((i for i in range(1, limit - first + 1)
                 if word_chars[-i] != pdf_chars[-i]), limit - first + 1)
    if _pages_of(pdf, pdf_at, first, len(pdf_chars) - last) > 1 and \
            _same_words(docx, pdf, repeated):
        return None  # a table row that runs across a page break: see _same_words
    return _around(docx, word_at, first), _around(pdf, pdf_at, first)


def _pages_of(pdf: str, positions: list[int], first: int, last: int) -> int:
    """How many pages the PDF text from character `first` to `last` (squeezed indexes) spans."""
    start = positions[min(first, len(positions) - 1)] if positions else 0
    end = positions[max(min(last, len(positions) - 1), 0)] if positions else 0
    return pdf.count("\f", start, end) + 1


def _same_words(docx: str, pdf: str, repeated: Iterable[str]) -> bool:
    """Whether the PDF has exactly the DOCX's words, in some order, plus repeated header rows.

    A table row taller than what is left of a page is split, and a PDF reader then reads the
    first page's part of every cell before the second page's part of any: the same words in
    another order. So only where the words differ in order alone, and the stretch that differs
    runs across a page break, does a PDF count as saying what its DOCX says. A word missing,
    added or changed, or words out of order within one page, are still reported."""
    from collections import Counter

    docx_words, pdf_words = Counter(_tokens(docx)), Counter(_tokens(pdf))
    header_words = {word for header in repeated for word in _tokens(header)}
    extra = pdf_words - docx_words
    return not (docx_words - pdf_words) and all(word in header_words for word in extra)


def _tokens(text: str) -> list[str]:
    # A line may break after a hyphen, a slash or a parenthesis ("Sign-" / "off"), never inside
    # a run of letters and digits: so runs and single marks are what both texts share.
    return re.findall(r"\w+|[^\w\s]", text)


def _drop_repeats(chars: str, positions: list[int], header: str) -> tuple[str, list[int]]:
    """Keep the first occurrence of `header` and drop the others."""
    first = chars.find(header) if header else -1
    if first == -1:
        return chars, positions
    keep_chars, keep_positions, at = [chars[:first + len(header)]], positions[:first + len(
        header)], first + len(header)
    while (found := chars.find(header, at)) != -1:
        keep_chars.append(chars[at:found])
        keep_positions += positions[at:found]
        at = found + len(header)
    keep_chars.append(chars[at:])
    keep_positions += positions[at:]
    return "".join(keep_chars), keep_positions


def header_rows(docx: bytes) -> list[str]:
    """The text of each table row marked to repeat at the top of each page (w:tblHeader)."""
    import io

    import docx as python_docx
    from docx.oxml.ns import qn

    rows = []
    document = python_docx.Document(io.BytesIO(docx))
    for table in document.tables:
        for row in table.rows:
            properties = row._tr.trPr
            if properties is not None and properties.find(qn("w:tblHeader")) is not None:
                rows.append(" ".join(cell.text for cell in row.cells))
    return rows


def _squeezed(text: str) -> tuple[str, list[int]]:
    characters, positions = [], []
    for position, character in enumerate(text):
        if not character.isspace():
            characters.append(character)
            positions.append(position)
    return "".join(characters), positions


def _around(text: str, positions: list[int], index: int) -> str:
    at = positions[index] if index < len(positions) else len(text)
    flat_left = " ".join(text[:at].split()[-6:])
    flat_right = " ".join(text[at:].split()[:6])
    joined = flat_left + (" " if text[at - 1:at].isspace() else "") + flat_right
    return joined.strip() or "(nothing)"
