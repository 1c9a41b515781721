"""Stage 6, the consistency check: every document states the deal's terms, and nothing else.

`check` renders every document in memory and reads its text back (DOCX with python-docx, PDF with
pypdf); `verify` reads an outside DOCX or PDF, such as the negotiated or executed note. Either way
the text is compared with the key terms of the deal file, each in the form display.py gives it:

- presence: each key term appears, in its derived form, in every document where it belongs (the
  principal in figures and in words in the note, "12%" in the 8-K, "twelve percent (12%)" in the
  note …);
- statements: where a document states a term in a recognisable phrase ("Maturity Date: …",
  "will bear interest at a rate of …"), the value it states is the deal file's;
- stray values: every dollar amount, percentage and long-form date a document states is a term of
  the deal file or a fact derived from it (or, in the checklist, part of a finding);
- words equal figures: "Three Hundred Thirty Thousand Dollars ($330,000)", "twelve percent (12%)",
  "five (5)";
- the DOCX and the PDF of a document say the same words;
- exhibit titles name the instrument the exhibit is; defined terms used are defined;
- every variable a template uses exists in what the renderer gives it (the template lint).

Each problem is located in the deal file, at the term it concerns (`deal.source.locate`), and its
message quotes the document's own words.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from . import display, resources
from .facts import Facts
from .load import Path_
from .model import Deal, Exemption, ExhibitDocument, Note
from .problems import Location, Problem, Severity, Status
from .validate import field_name

# Check ids: stable, CI filters and JUnit test cases use them.
TERM = "consistency.term"  # a key term missing from a document, or stated differently
VALUE = "consistency.value"  # an amount, percentage or date no term of the deal explains
WORDS = "consistency.words"  # words and figures that disagree
PDF = "consistency.pdf"  # the PDF does not say what the DOCX says
EXHIBIT_TITLE = "consistency.exhibit-title"  # an exhibit title names another instrument
DEFINED_TERM = "consistency.defined-term"  # a defined term used but not defined
TEMPLATE_VARIABLE = "template.variable"  # a template uses a variable the renderer does not give
RENDER = "consistency.render"  # a document could not be rendered or read

CHECKS: dict[str, str] = {
    TEMPLATE_VARIABLE: "every variable a template uses exists in the model or the facts",
    RENDER: "every document renders",
    TERM: "every key term appears in every document where it belongs, as the deal file gives it",
    VALUE: "no document states an amount, percentage or date the deal file does not",
    WORDS: "words equal figures",
    PDF: "each PDF says what its DOCX says",
    EXHIBIT_TITLE: "each exhibit title names the instrument filed as the exhibit",
    DEFINED_TERM: "every defined term a document uses is defined",
}

NOTE, FORM_8K, CHECKLIST = "note", "8-K", "checklist"

# --- reading numbers back: the inverse of display.py's formatters -------------------------------

_ONES = {word: number for number, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {word: 10 * number for number, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_NUMBER_WORD = r"\b(?:" + "|".join(sorted([*_ONES, *_TENS, "hundred", *_SCALES], key=len,
                                          reverse=True)) + r")\b"
_SPELLED = rf"{_NUMBER_WORD}(?:(?:\s+|\s*-\s*)(?:and\s+)?{_NUMBER_WORD})*"

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
_DATE = rf"\b(?:{_MONTHS})\s+\d{{1,2}},\s*\d{{4}}\b"
_MONEY = r"\$\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d)(?:\s+(?:million|billion)\b)?"
_PERCENT = r"(?<![\d.,])\d+(?:\.\d+)?\s?%"

MONEY_RE = re.compile(_MONEY)
PERCENT_RE = re.compile(_PERCENT)
DATE_RE = re.compile(_DATE)

_MONEY_PAIR = re.compile(
    rf"(?P<words>{_SPELLED})\s+dollars?(?:\s+and\s+(?P<cents>{_SPELLED})\s+cents?)?\s*"
    rf"\(\s*(?P<figures>{_MONEY})\s*\)", re.IGNORECASE)
_PERCENT_PAIR = re.compile(
    rf"(?P<words>{_SPELLED})\s+percent\s*\(\s*(?P<figures>\d+(?:\.\d+)?)\s?%\s*\)", re.IGNORECASE)
_COUNT_PAIR = re.compile(rf"(?P<words>{_SPELLED})\s*\(\s*(?P<figures>\d[\d,]*)\s*\)",
                         re.IGNORECASE)


def words_to_number(words: str) -> int:
    """"Three Hundred Thirty Thousand" → 330000; "sixty-one" → 61. Raises ValueError for words
    that are not a whole number written out as display.py writes it (British "and" allowed)."""
    total, current, last = 0, 0, ""
    tokens = [token for token in re.split(r"[\s-]+", words.strip().lower()) if token]
    if not tokens or tokens == ["and"]:
        raise ValueError(f"not a number in words: {words!r}")
    for token in tokens:
        if token == "and" and last in ("hundred", *_SCALES):
            continue
        if token in _ONES:
            if last in _ONES:
                raise ValueError(f"not a number in words: {words!r}")
            if last in _TENS and _ONES[token] >= 10:
                raise ValueError(f"not a number in words: {words!r}")
            current += _ONES[token]
        elif token in _TENS:
            if last in _ONES or last in _TENS:
                raise ValueError(f"not a number in words: {words!r}")
            current += _TENS[token]
        elif token == "hundred":
            if not current or current >= 100 and current % 100 == 0:
                raise ValueError(f"not a number in words: {words!r}")
            current *= 100
        elif token in _SCALES:
            if not current:
                raise ValueError(f"not a number in words: {words!r}")
            total += current * _SCALES[token]
            current = 0
        else:
            raise ValueError(f"not a number in words: {words!r}")
        last = token
    return total + current


def parse_money(text: str) -> Decimal:
    """"$330,000" → 330000; "$0.45" → 0.45; "$15 million" → 15000000."""
    match = re.fullmatch(r"\$\s?(?P<n>\d[\d,]*(?:\.\d+)?)(?:\s+(?P<scale>million|billion))?",
                         text.strip())
    if not match or not re.fullmatch(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?", match["n"]):
        raise ValueError(f"not an amount: {text!r}")
    amount = Decimal(match["n"].replace(",", ""))
    if match["scale"]:
        amount *= _SCALES[match["scale"]]
    return amount


def parse_percent(text: str) -> Decimal:
    return Decimal(text.strip().rstrip("%").strip())


def parse_date(text: str) -> date:
    from datetime import datetime
    return datetime.strptime(" ".join(text.replace(",", ", ").split()), "%B %d, %Y").date()


# --- document text ------------------------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'",
                         "‛": "'", "′": "'", "\u00a0": " ", "\u202f": " ", "\u2007": " ",
                         "\u2009": " ", "\u2011": "-", "\u2010": "-", "\u00ad": ""})


def flatten(text: str) -> str:
    """The words of a document, one space between them: quotes straightened, and a word broken
    at a hyphen at the end of a PDF line joined again."""
    text = text.translate(_QUOTES)
    text = re.sub(r"(?<=[A-Za-z0-9]-)[ \t]*\n\s*", "", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Text:
    """The text of one document, as read back, and what it is."""

    kind: str  # NOTE, FORM_8K or CHECKLIST: which terms belong in it
    name: str  # for messages: "the note", "the 8-K (PDF)", "executed-note.pdf"
    text: str  # as extracted, one paragraph (DOCX) or one line (PDF) a line
    note: int | None = None  # for a note: its index under `notes`
    file: str | None = None  # an outside document's path, to locate what is wrong with it alone

    @property
    def flat(self) -> str:
        return _flat(self.text)


@cache
def _flat(text: str) -> str:
    return flatten(text)


def snippet(flat: str, start: int, end: int, width: int = 60) -> str:
    """The words around flat[start:end], cut at word boundaries, with an ellipsis where cut."""
    left = max(0, start - width)
    right = min(len(flat), end + width)
    if left > 0:
        space = flat.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(flat):
        space = flat.rfind(" ", end, right)
        right = space if space != -1 else right
    before = "…" if left > 0 else ""
    return before + flat[left:right].strip() + ("…" if right < len(flat) else "")


_ABBREVIATION = re.compile(r"(?:\b(?:Inc|Corp|Co|Ltd|No|Jr|Sr|Mr|Ms|Mrs|Dr|St|Nos|Sec|U\.S|"
                           r"L\.P|L\.L\.C|M\.D|P\.C|N\.A|S\.A)|\b[A-Z])\.$")


def sentence_at(flat: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around flat[start:end] (roughly: a period, semicolon or colon
    followed by a space and a capital ends a sentence, unless it ends an abbreviation)."""
    begin = 0
    for match in re.finditer(r"[.;:!?]\s+(?=[A-Z(\"'])", flat[:start]):
        if not _ABBREVIATION.search(flat[max(0, match.start() - 8):match.start() + 1]):
            begin = match.end()
    stop = len(flat)
    for match in re.finditer(r"[.;!?](?=\s+[A-Z(\"']|\s*$)", flat[end:]):
        if not _ABBREVIATION.search(flat[max(0, end + match.start() - 8):end + match.start() + 1]):
            stop = end + match.end()
            break
    return begin, stop


# --- what the deal file says --------------------------------------------------------------------

@dataclass(frozen=True)
class Cue:
    """A phrase that states a term, with the stated value in group "v"."""

    slots: frozenset[str]
    pattern: re.Pattern
    head: bool = False  # only in the first lines of the document (the checklist's heading)


@dataclass(frozen=True, eq=False)
class Term:
    """One key term of the deal, and how each document must state it."""

    family: str  # the same term of each note shares one: "interest.rate_percent"
    path: Path_  # where the deal file gives it
    label: str  # in a lawyer's words: "the interest rate"
    kind: str  # money, percent, date, count, text, exemptions, series
    value: Any  # Decimal, date, int, str or frozenset, to compare with what a document states
    expected: str  # the deal's value as the documents write it
    forms: Mapping[str, tuple[str, ...]]  # document kind → the forms that must all appear
    note: int | None = None  # the note it is a term of; None: a term of the whole deal
    cues: tuple[Cue, ...] = ()
    context: str = ""  # words near a statement of it, to tell it from another term of its kind
    # The forms an outside note (`verify`) must contain, each a tuple of acceptable spellings;
    # () for a term an outside note need not state (it is still checked where it states it).
    outside: tuple[tuple[str, ...], ...] = ()

    def forms_in(self, document: Text) -> tuple[tuple[str, ...], ...]:
        """What must appear in the document: for each form, its acceptable spellings."""
        if not self.concerns(document):
            return ()
        if document.file is not None:
            return self.outside if document.kind == NOTE else ()
        return tuple((form,) for form in self.forms.get(document.kind, ()))

    def concerns(self, document: Text) -> bool:
        return not (document.kind == NOTE and self.note is not None
                    and self.note != document.note)


_EXEMPTION_WORDS = {
    # the 8-K's and the checklist's words for each exemption (templates/8-K.docx, checklist.docx)
    Exemption.SECTION_4A2: ("Section 4(a)(2)", "Section 4(a)(2)"),
    Exemption.SECTION_4A5: ("Section 4(a)(5)", "Section 4(a)(5)"),
    Exemption.RULE_506B: ("Rule 506 of Regulation D", "Rule 506(b)"),
    Exemption.RULE_506C: ("Rule 506(c) of Regulation D", "Rule 506(c)"),
    Exemption.RULE_504: ("Rule 504 of Regulation D", "Rule 504"),
    Exemption.REGULATION_S: ("Regulation S", "Regulation S"),
}
_EXEMPTION_PATTERNS = (
    (re.compile(r"Section\s+4\(a\)\(2\)"), Exemption.SECTION_4A2),
    (re.compile(r"Section\s+4\(a\)\(5\)"), Exemption.SECTION_4A5),
    (re.compile(r"Rule\s+506\s*\(c\)"), Exemption.RULE_506C),
    (re.compile(r"Rule\s+506\s*\(b\)"), Exemption.RULE_506B),
    (re.compile(r"Rule\s+506(?!\s*\()"), Exemption.RULE_506B),  # the 8-K's words for 506(b)
    (re.compile(r"Rule\s+504\b"), Exemption.RULE_504),
    (re.compile(r"Regulation\s+S\b(?!-)"), Exemption.REGULATION_S),
)


def exemptions_in(text: str) -> frozenset[Exemption]:
    return frozenset(exemption for pattern, exemption in _EXEMPTION_PATTERNS
                     if pattern.search(text))


def _exemptions_shown(exemptions: Iterable[Exemption]) -> str:
    return display.series([_EXEMPTION_WORDS[e][1] for e in sorted(exemptions,
                                                                   key=list(Exemption).index)])


_D = rf"(?P<v>{_DATE})"
_M = rf"(?P<v>{_MONEY})"
_P = rf"(?P<v>{_PERCENT})"
_C = rf"(?P<v>{_SPELLED}\s*\(\d[\d,]*\))"
_ENTITY_WORDS = {"corporation": "corporation",
                 "limited_liability_company": "limited liability company",
                 "limited_partnership": "limited partnership",
                 "general_partnership": "general partnership", "business_trust": "business trust"}
_ENTITY = (r"(?:corporation|limited liability company|limited partnership|general partnership|"
           r"business trust|entity)")


def _cues(slots: str, *patterns: str, head: bool = False, flags: int = re.IGNORECASE
          ) -> tuple[Cue, ...]:
    kinds = frozenset(slots.split(","))
    return tuple(Cue(kinds, re.compile(pattern, flags), head) for pattern in patterns)


def key_terms(deal: Deal, facts: Facts, items: Mapping[str, bool] | None = None) -> list[Term]:
    """The key terms of the deal, each with the documents it belongs in and how they state it.

    `items` says which 8-K items the 8-K carries (deal_context's "items"); all by default."""
    items = items or {"item_1_01": True, "item_2_03": True, "item_3_02": True, "item_9_01": True}
    item_1_01 = items.get("item_1_01", True)
    single_note = len(deal.notes) == 1
    terms: list[Term] = []

    def add(family: str, path: Path_, label: str, kind: str, value: Any, expected: str,
            forms: Mapping[str, Iterable[str]], note: int | None = None,
            cues: tuple[Cue, ...] = (), context: str = "",
            outside: Iterable[Iterable[str]] = ()) -> None:
        forms = {slot: tuple(dict.fromkeys(f for f in given if f)) for slot, given in forms.items()}
        terms.append(Term(family, path, label, kind, value, expected,
                          {slot: given for slot, given in forms.items() if given}, note, cues,
                          context, tuple(tuple(spellings) for spellings in outside)))

    in_8k = (FORM_8K,) if item_1_01 else ()

    # The parties.
    issuer = deal.issuer
    add("issuer.name", ("issuer", "name"), "the Company's name", "text", issuer.name, issuer.name,
        {NOTE: [issuer.name], FORM_8K: [issuer.name], CHECKLIST: [issuer.name]},
        outside=[[issuer.name]],
        cues=_cues(NOTE, rf"FOR VALUE RECEIVED, (?P<v>.+?), an? [A-Z][A-Za-z .]*? {_ENTITY} "
                   r"\(the \"Company\"\)", r"issued by (?P<v>[^()\"]+?) \(the \"Company\"\)")
        + _cues(FORM_8K, rf"\bOn {_DATE}, (?P<v>[^\"]+?), an? [A-Z][A-Za-z .]*? {_ENTITY} "
                r"\(the \"Company\"\)"))
    entity = _ENTITY_WORDS.get(issuer.entity_kind.value, "entity")
    incorporated = f"{display.article(issuer.jurisdiction)} {issuer.jurisdiction} {entity}"
    add("issuer.jurisdiction", ("issuer", "jurisdiction"), "the Company's jurisdiction", "text",
        issuer.jurisdiction, issuer.jurisdiction,
        {NOTE: [incorporated], FORM_8K: [incorporated] if item_1_01 else [issuer.jurisdiction]},
        cues=_cues(f"{NOTE},{FORM_8K}", rf"(?:FOR VALUE RECEIVED|On {_DATE}), [^\"]+?, an? "
                   rf"(?P<v>[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*) {_ENTITY} \(the \"Company\"\)",
                   flags=0))
    for index, investor in enumerate(deal.investors):
        add("investors.name", ("investors", index, "name"), "the investor's name", "text",
            investor.name, investor.name, {FORM_8K: [investor.name] if item_1_01 else []})
    if item_1_01 and len(deal.investors) == 1:
        name = deal.investors[0].name
        add("investors.name", ("investors", 0, "name"), "the investor's name", "text", name,
            name, {}, cues=_cues(FORM_8K, r"\bwith (?P<v>[^\"]+?) \(\"Investor\"\)",
                                 r"in a private placement, .{1,200}? to (?P<v>[^\"]+?) "
                                 r"\(\"Investor\"\)"))
    elif item_1_01:
        names = display.series([investor.name for investor in deal.investors])
        add("investors.name", ("investors",), "the investors' names", "text", names, names, {},
            cues=_cues(FORM_8K, r"\bwith (?P<v>[^\"]+?) \(each, an \"Investor\"",
                       r"in a private placement, .{1,200}? to (?P<v>[^\"]+?) "
                       r"\(each, an \"Investor\""))
    signatory = deal.form_8k.signatory
    add("form_8k.signatory.name", ("form_8k", "signatory", "name"), "the signatory's name", "text",
        signatory.name, signatory.name, {NOTE: [signatory.name], FORM_8K: [signatory.name]})

    # The agreement.
    if deal.agreement:
        agreement = deal.agreement
        add("agreement.title", ("agreement", "title"), "the purchase agreement's title", "text",
            agreement.title, agreement.title, {NOTE: [agreement.title], FORM_8K: [
                agreement.title] if item_1_01 else []},
            cues=_cues(NOTE, r"This Note is issued under the (?P<v>.+?) dated ")
            + _cues(FORM_8K, r"\(the \"Company\"\) entered into an? (?P<v>.+?) with "))
        day = str(display.Day(agreement.date))
        add("agreement.date", ("agreement", "date"), "the purchase agreement's date", "date",
            agreement.date, day, {NOTE: [day], FORM_8K: [day] if item_1_01 else []},
            cues=_cues(NOTE, rf"This Note is issued under the .{{1,200}}? dated {_D}")
            + _cues(FORM_8K, rf"\bOn {_D}, [^\"]{{1,200}}? \(the \"Company\"\) entered into"))

    # The notes.
    for index, note in enumerate(deal.notes):
        _note_terms(add, deal, facts, index, note, single_note, in_8k)
    if not single_note:
        total = str(display.Money(facts.total_principal))
        add("totals.principal", ("notes",), "the aggregate principal amount", "money",
            facts.total_principal, total, {
                FORM_8K: [total] if item_1_01 else [], CHECKLIST: [total],
                NOTE: [total] if deal.agreement else []},
            cues=_cues(f"{NOTE},{FORM_8K},{CHECKLIST}", rf"aggregate principal amount of {_M}"),
            context="aggregate")

    # The 8-K.
    form_8k = deal.form_8k
    event = str(display.Day(form_8k.event_date))
    add("form_8k.event_date", ("form_8k", "event_date"), "the date of the event reported", "date",
        form_8k.event_date, event, {FORM_8K: [event], CHECKLIST: [event]},
        cues=_cues(FORM_8K, rf"Date of earliest event reported\):? {_D}")
        + _cues(CHECKLIST, rf"for the event on {_D}"))
    report = str(display.Day(form_8k.report_date))
    add("form_8k.report_date", ("form_8k", "report_date"), "the report date", "date",
        form_8k.report_date, report, {FORM_8K: [report]},
        cues=_cues(FORM_8K, rf"(?<![A-Za-z] )\bDate: {_D}"))
    if item_1_01 and deal.offering.proceeds_received_date:
        received = str(display.Day(deal.offering.proceeds_received_date))
        add("offering.proceeds_received_date", ("offering", "proceeds_received_date"),
            "the date the proceeds were received", "date", deal.offering.proceeds_received_date,
            received, {FORM_8K: [received]},
            cues=_cues(FORM_8K, rf"\bOn {_D}, the Company received"))
        # Later tranches are paid later: the 8-K states what was received by that date.
        received_amount = facts.received_by_proceeds_date
        gross = str(display.Money(received_amount))
        add("totals.gross_proceeds", ("offering", "gross_proceeds") if
            deal.offering.gross_proceeds is not None else ("notes",),
            "the gross proceeds received", "money", received_amount, gross, {FORM_8K: [gross]},
            cues=_cues(FORM_8K, rf"the Company received {_M} of gross proceeds"),
            context="proceeds")
    if items.get("item_9_01", True):
        for number, exhibit in enumerate(form_8k.exhibits):
            add("form_8k.exhibits.title", ("form_8k", "exhibits", number, "title"),
                f"Exhibit {exhibit.number}'s title", "text", exhibit.title, exhibit.title,
                {FORM_8K: [f"{exhibit.number} {exhibit.title}"]})
    if item_1_01 and form_8k.exhibits:
        numbers = display.series([exhibit.number for exhibit in form_8k.exhibits])
        word = "Exhibit" if len(form_8k.exhibits) == 1 else "Exhibits"
        add("form_8k.exhibits.number", ("form_8k", "exhibits"), "the exhibit numbers", "series",
            numbers, f"{word} {numbers}", {FORM_8K: [f"{word} {numbers}"]},
            cues=_cues(FORM_8K, r"attached hereto as Exhibits? (?P<v>\d+(?:\.\d+)?"
                       r"(?:(?:, | and )\d+(?:\.\d+)?)*)"))

    # The offering.
    exemptions = frozenset(deal.offering.exemptions)
    shown = _exemptions_shown(exemptions)
    add("offering.exemptions", ("offering", "exemptions"), "the exemptions claimed", "exemptions",
        exemptions, shown, {
            FORM_8K: [_EXEMPTION_WORDS[e][0] for e in exemptions] if items.get("item_3_02", True)
            else [],
            CHECKLIST: [_EXEMPTION_WORDS[e][1] for e in exemptions]},
        cues=(_cues(FORM_8K, r"exemptions? from registration pursuant to (?P<v>.+?)\.(?: |$)")
              if items.get("item_3_02", True) else ())
        + _cues(CHECKLIST, r"Exemptions claimed: (?P<v>.+?) Deadlines"))
    first_sale = str(display.Day(deal.offering.first_sale_date))
    add("offering.first_sale_date", ("offering", "first_sale_date"), "the date of the first sale",
        "date", deal.offering.first_sale_date, first_sale, {CHECKLIST: [first_sale]},
        cues=_cues(CHECKLIST, rf"for the first sale on {_D}"))
    due = str(display.Day(facts.deadlines.form_8k_due))
    add("deadlines.form_8k_due", ("form_8k", "event_date"), "the Form 8-K due date", "date",
        facts.deadlines.form_8k_due, due, {CHECKLIST: [due]},
        cues=_cues(CHECKLIST, rf"Form 8-K, for the event on {_DATE} {_D}"))
    due = str(display.Day(facts.deadlines.form_d_due))
    add("deadlines.form_d_due", ("offering", "first_sale_date"), "the Form D due date", "date",
        facts.deadlines.form_d_due, due, {CHECKLIST: [due]},
        cues=_cues(CHECKLIST, rf"Form D, for the first sale on {_DATE} {_D}"))
    return terms


def _note_terms(add, deal: Deal, facts: Facts, index: int, note: Note, single_note: bool,
                in_8k: tuple[str, ...]) -> None:
    here: Path_ = ("notes", index)
    derived = facts.note(note)
    first = index == 0
    item_1_01 = bool(in_8k)
    on_8k = {FORM_8K: True} if item_1_01 else {}

    def forms(note_forms: Iterable[str], in_8k_too: bool = True,
              checklist: Iterable[str] = ()) -> dict[str, list[str]]:
        given = {NOTE: list(note_forms), CHECKLIST: list(checklist)}
        if in_8k_too and on_8k:
            given[FORM_8K] = [form for form in given[NOTE]]
        return given

    def term(family: str, path: Path_, label: str, kind: str, value: Any, expected: str,
             forms_: Mapping[str, Iterable[str]], cues: tuple[Cue, ...] = (),
             context: str = "", outside: Iterable[Iterable[str]] | None = None) -> None:
        """A term of this note. `outside`: the spellings an outside note must contain; by
        default, for a key term, each of its forms in the note (say key=…)."""
        add(family, here + path, label, kind, value, expected, forms_, index, cues, context,
            outside or ())

    # The instrument and the holder.
    checklist_title = [note.title] if first else []
    form_8k_title = [note.title] if first and item_1_01 else []
    term("title", ("title",), "the note's title", "text", note.title, note.title,
         {NOTE: [note.title], FORM_8K: form_8k_title, CHECKLIST: checklist_title},
         cues=_cues(NOTE, r"as provided in this (?P<v>.+?) \(this \"Note\"\)",
                    r"amount stated below of the (?P<v>.+?) dated ")
         + (_cues(FORM_8K, r"private placement(?:,| of) an? \$[\d,.]+ (?P<v>.+?) \(\"Note\"\)")
            if single_note else ())
         + (_cues(CHECKLIST, rf"\$[\d,.]+ (?P<v>[^$]+?) issued {_DATE}", head=True)
            if single_note else ()),
         outside=[[note.title]])
    term("holder", ("holder",), "the holder's name", "text", note.holder, note.holder,
         {NOTE: [note.holder]},
         cues=_cues(NOTE, r"to the order of (?P<v>.+?), or registered assigns",
                    r"\(the \"Company\"\) to (?P<v>.+?) \(the \"Note\"\)",
                    r"HOLDER: (?P<v>.+?) By:")
         + (_cues(FORM_8K, r"in principal amount to (?P<v>.+?), for a purchase price")
            if not single_note else ()),
         outside=[[note.holder]])

    # Amounts.
    principal = display.Money(note.principal)
    # The 8-K of a single note names its principal; of several, lists each note's.
    listed = f"{principal} in principal amount to {note.holder}"
    term("principal", ("principal",), "the principal amount", "money", note.principal,
         str(principal), {NOTE: [principal.in_full, str(principal)],
                          FORM_8K: ([str(principal)] if single_note else [listed])
                          if item_1_01 else [],
                          CHECKLIST: [str(principal)] if single_note else []},
         cues=_cues(NOTE, rf"Principal Amount: {_M}", rf"principal sum of [^()$]*?\({_M}\)")
         + _cues(FORM_8K, rf" for {_M} of principal", rf"{_M} in principal amount to ")
         + (_cues(FORM_8K, rf"private placement(?:,| of) an? {_M} ") if single_note else ())
         + (_cues(CHECKLIST, rf"{_M} [^$]{{1,200}}? issued {_DATE}", head=True)
            if single_note else ()),
         context="principal",
         outside=[[str(principal)]])
    price = str(display.Money(note.purchase_price))
    oid_or_fees = derived.original_issue_discount > 0 or bool(note.fees_withheld)
    in_8k = (([price] if oid_or_fees else []) if single_note
             else [f"for a purchase price of {price}"])
    term("purchase_price", ("purchase_price",), "the purchase price", "money", note.purchase_price,
         price, {NOTE: [price], FORM_8K: in_8k if item_1_01 else []},
         cues=_cues(NOTE, rf"Purchase Price: {_M}", rf"purchasing this Note for {_M}")
         + _cues(FORM_8K, rf"\bpaid {_M} for ", rf"was sold for {_M}",
                 rf"for a purchase price of {_M}"),
         context="purchase price|paid|purchasing|sold for")
    if derived.original_issue_discount > 0:
        oid = str(display.Money(derived.original_issue_discount))
        term("original_issue_discount", ("purchase_price",), "the original issue discount",
             "money", derived.original_issue_discount, oid, forms([oid]),
             cues=_cues(NOTE, rf"difference of {_M} between")
             + _cues(FORM_8K, rf"original issue discount of {_M}"),
             context="original issue discount|difference")
    for number, fee in enumerate(note.fees_withheld):
        amount = str(display.Money(fee.amount))
        term("fees_withheld.amount", ("fees_withheld", number, "amount"),
             f"the fee withheld for {fee.description}", "money", fee.amount, amount,
             forms([amount]), context="withh")

    if note.funding_date is not None:
        funded = str(display.Day(note.funding_date))
        shown = (oid_or_fees if single_note else True) and item_1_01
        term("funding_date", ("funding_date",), "the funding date", "date", note.funding_date,
             funded, {FORM_8K: [funded] if shown else []},
             cues=_cues(FORM_8K, rf"funded on {_D}", rf"purchase price (?:was|is to be) paid on "
                        rf"{_D}"),
             context="fund|paid on")

    # Dates.
    issued = str(display.Day(note.issue_date))
    term("issue_date", ("issue_date",), "the issue date", "date", note.issue_date, issued,
         {NOTE: [issued], FORM_8K: [issued] if first and not deal.agreement and item_1_01 else [],
          CHECKLIST: [issued] if single_note else []},
         cues=_cues(NOTE, rf"Issue Date: {_D}", rf"dated {_D} issued by")
         + (_cues(FORM_8K, rf"\bOn {_D}, [^\"]{{1,200}}? \(the \"Company\"\) issued")
            if first and not deal.agreement else ())
         + (_cues(CHECKLIST, rf" issued {_D}", head=True) if single_note else ()),
         context="issue",
         outside=[[issued]])
    matures = str(display.Day(note.maturity_date))
    term("maturity_date", ("maturity_date",), "the maturity date", "date", note.maturity_date,
         matures, forms([matures]),
         cues=_cues(NOTE, rf"Maturity Date: {_D}", rf"{_D} \(the \"Maturity Date\"\)")
         + _cues(FORM_8K, rf"will mature on {_D}", rf"in a lump sum on {_D}",
                 rf"in any event on {_D}"),
         context="matur|lump sum|in any event",
         outside=[[matures]])
    if note.repayment.installments:
        steps = note.repayment.installments
        for number, step in enumerate(steps):
            day = str(display.Day(step.date))
            on_ends = number in (0, len(steps) - 1)
            term("repayment.installments.date", ("repayment", "installments", number, "date"),
                 f"installment {number + 1}'s date", "date", step.date, day,
                 {NOTE: [day], FORM_8K: [day] if on_ends and item_1_01 else []})
            amount = str(display.Money(step.principal))
            term("repayment.installments.principal",
                 ("repayment", "installments", number, "principal"),
                 f"installment {number + 1}'s principal", "money", step.principal, amount,
                 {NOTE: [amount]})

    # Interest.
    interest = note.interest
    rate = display.Percent(interest.rate_percent)
    term("interest.rate_percent", ("interest", "rate_percent"), "the interest rate", "percent",
         interest.rate_percent, str(rate), {NOTE: [rate.words, str(rate)],
                                            FORM_8K: [str(rate)] if item_1_01 else []},
         cues=_cues(NOTE, rf"at the rate of (?:[a-z-]+ ){{0,6}}\(?{_P}\)? per annum",
                    rf"from the Issue Date at {_P} per annum")
         + _cues(FORM_8K, rf"bear interest at a rate of {_P}"),
         context="interest|rate",
         outside=[[str(rate)]])
    if interest.default_rate_percent is not None:
        default = display.Percent(interest.default_rate_percent)
        term("interest.default_rate_percent", ("interest", "default_rate_percent"),
             "the default interest rate", "percent", interest.default_rate_percent, str(default),
             forms([str(default)]),
             cues=_cues(NOTE, rf"{_P} per annum \(the \"Default Rate\"\)")
             + _cues(FORM_8K, rf"continues, interest will accrue at {_P}"),
             context="default",
         outside=[[str(default)]])
    if derived.guaranteed_interest is not None:
        guaranteed = str(display.Money(derived.guaranteed_interest))
        term("guaranteed_interest", ("interest", "guaranteed_months"), "the guaranteed interest",
             "money", derived.guaranteed_interest, guaranteed, forms([guaranteed]),
             context="guarantee")
    if note.events_of_default.default_amount_percent is not None:
        amount = display.Percent(note.events_of_default.default_amount_percent)
        term("events_of_default.default_amount_percent",
             ("events_of_default", "default_amount_percent"), "the default amount", "percent",
             note.events_of_default.default_amount_percent, str(amount), forms([str(amount)]),
             cues=_cues(NOTE, rf"{_P} of the outstanding principal and accrued and unpaid "
                        r"interest \(the \"Default Amount\"\)")
             + _cues(FORM_8K, rf"will increase to {_P}"),
             context="default")
    prepayment = note.prepayment
    if prepayment.permitted and prepayment.steps:
        for number, step in enumerate(prepayment.steps):
            shown = str(display.Percent(step.percent_of_balance))
            on_ends = number in (0, len(prepayment.steps) - 1)
            term("prepayment.steps.percent_of_balance",
                 ("prepayment", "steps", number, "percent_of_balance"),
                 f"prepayment step {number + 1}'s percentage", "percent",
                 step.percent_of_balance, shown,
                 {NOTE: [shown], FORM_8K: [shown] if on_ends and item_1_01 else []},
                 context="prepa")

    # Conversion.
    conversion = note.conversion
    price_terms = conversion.price
    if price_terms and price_terms.variable:
        variable = price_terms.variable
        path: Path_ = ("conversion", "price", "variable")
        percent = str(display.Percent(variable.percent_of_market))
        term("conversion.price.variable.percent_of_market", path + ("percent_of_market",),
             "the conversion percentage", "percent", variable.percent_of_market, percent,
             forms([percent], conversion.holder_option) if conversion.holder_option else {},
             cues=_cues(f"{NOTE},{FORM_8K}",
                        rf"(?:Variable Price\" is|conversion price equal to) {_P} of the "
                        r"(?:lowest|average)",
                        rf"Conversion Price = (?:the lesser of \$[\d,.]+ and )?{_P} ×"),
             context="conversion|variable|market|lowest|average",
         outside=[[percent]])
        lookback = display.Count(variable.lookback_trading_days)
        term("conversion.price.variable.lookback_trading_days",
             path + ("lookback_trading_days",), "the lookback period", "count",
             variable.lookback_trading_days, f"{lookback} trading days",
             forms([f"{lookback} trading days"]) if conversion.holder_option else {},
             cues=_cues(f"{NOTE},{FORM_8K}",
                        rf"{_C} trading days (?:immediately preceding|ending on)"),
         outside=[[f"{lookback} trading days", f"{lookback.value} trading days"]])
        if variable.floor is not None:
            floor = str(display.Price(variable.floor))
            term("conversion.price.variable.floor", path + ("floor",), "the floor price",
                 "money", variable.floor, floor,
                 forms([floor]) if conversion.holder_option else {},
                 cues=_cues(NOTE, rf"not less than {_M} per share", rf"the floor of {_M}")
                 + _cues(FORM_8K, rf"subject to a floor of {_M}"),
                 context="floor|not less than",
         outside=[[floor]])
        if variable.cap is not None:
            cap = str(display.Price(variable.cap))
            term("conversion.price.variable.cap", path + ("cap",), "the cap price", "money",
                 variable.cap, cap, forms([cap]) if conversion.holder_option else {},
                 cues=_cues(f"{NOTE},{FORM_8K}", rf"not more than {_M} per share",
                            rf"the cap of {_M}", rf"\ba cap of {_M}"),
                 context="cap|not more than",
         outside=[[cap]])
    if price_terms and price_terms.fixed:
        fixed = price_terms.fixed
        path = ("conversion", "price", "fixed")
        shown = str(display.Price(fixed.price))
        term("conversion.price.fixed.price", path + ("price",), "the fixed conversion price",
             "money", fixed.price, shown, forms([shown]) if conversion.holder_option else {},
             cues=_cues(NOTE, rf"the lesser of \(i\) {_M} per share",
                        rf"Conversion Price\" is {_M} per share", rf"the lesser of {_M} and")
             + _cues(FORM_8K, rf"fixed (?:conversion )?price of {_M} per share"),
             context="fixed|conversion price",
         outside=[[shown]])
        if fixed.down_round and fixed.down_round.floor is not None:
            floor = str(display.Price(fixed.down_round.floor))
            term("conversion.price.fixed.down_round.floor", path + ("down_round", "floor"),
                 "the anti-dilution floor", "money", fixed.down_round.floor, floor,
                 {NOTE: [floor], FORM_8K: [floor] if conversion.holder_option and item_1_01
                  else []},
                 cues=_cues(f"{NOTE},{FORM_8K}", rf"but not below {_M} per share"),
                 context="not below|dilut")
    if conversion.holder_option and conversion.waiting_period_days:
        starts = str(display.Day(derived.conversion_starts))
        term("conversion_starts", ("conversion", "waiting_period_days"),
             "the first day the note may be converted", "date", derived.conversion_starts,
             starts, forms([starts]),
             cues=_cues(NOTE, rf"on or after {_D} \(")
             + _cues(FORM_8K, rf"At any time beginning {_D}"),
             context="convert")
    if conversion.automatic:
        automatic = conversion.automatic
        path = ("conversion", "automatic")
        minimum = str(display.Money(automatic.minimum_gross_proceeds))
        term("conversion.automatic.minimum_gross_proceeds", path + ("minimum_gross_proceeds",),
             "the Qualified Financing threshold", "money", automatic.minimum_gross_proceeds,
             minimum, forms([minimum]),
             cues=_cues(f"{NOTE},{FORM_8K}", rf"gross proceeds (?:to the Company )?of at least "
                        rf"{_M}"),
             context="qualified financing|gross proceeds",
         outside=[[minimum]])
        percent = str(display.Percent(automatic.percent_of_financing_price))
        term("conversion.automatic.percent_of_financing_price",
             path + ("percent_of_financing_price",),
             "the automatic conversion percentage", "percent",
             automatic.percent_of_financing_price, percent, forms([percent]),
             cues=_cues(f"{NOTE},{FORM_8K}", rf"(?:at a price|conversion price) equal to {_P} of "
                        r"the price per (?:share|security)"),
             context="qualified financing|price per",
         outside=[[percent]])
    if conversion.beneficial_ownership_cap:
        cap_terms = conversion.beneficial_ownership_cap
        path = ("conversion", "beneficial_ownership_cap")
        cap = str(display.Percent(cap_terms.percent))
        term("conversion.beneficial_ownership_cap.percent", path + ("percent",),
             "the beneficial ownership limit", "percent", cap_terms.percent, cap, forms([cap]),
             cues=_cues(f"{NOTE},{FORM_8K}", rf"beneficially own more than {_P}"),
             context="beneficial")
        if cap_terms.increase_to_percent is not None:
            raised = str(display.Percent(cap_terms.increase_to_percent))
            term("conversion.beneficial_ownership_cap.increase_to_percent",
                 path + ("increase_to_percent",), "the raised beneficial ownership limit",
                 "percent", cap_terms.increase_to_percent, raised, forms([raised]),
                 cues=_cues(NOTE, rf"increase the Maximum Percentage to any percentage not "
                            rf"above {_P}") + _cues(FORM_8K, rf"a limit it may raise to {_P}"),
                 context="increase|raise")

    # Security.
    secured = note.security.secured
    stated = "Secured" if secured else "Unsecured"
    heading = [f"Offering of {stated} Convertible Note"] if first and item_1_01 else []
    in_8k_body = ["secured by a security interest" if secured else "not secured"]
    term("security.collateral", ("security", "collateral"), "the note's security",
         "text", stated, stated,
         {NOTE: ["secured by a security interest" if secured else "an unsecured obligation"],
          FORM_8K: heading + in_8k_body if item_1_01 else []},
         cues=_cues(FORM_8K, r"Offering of (?P<v>Unsecured|Secured) Convertible Note")
         if first else ())

    # Law.
    law = f"State of {note.governing_law}"
    term("governing_law", ("governing_law",), "the governing law", "text", note.governing_law,
         note.governing_law, {NOTE: [law]},
         cues=_cues(NOTE, r"governed by the laws of the State of (?P<v>[A-Z][A-Za-z]*"
                    r"(?: [A-Z][A-Za-z]*)*)", flags=0))


# --- the values a deal explains ------------------------------------------------------------------

@dataclass
class Values:
    """Amounts (dollars, prices), percentages and dates a document may state."""

    money: set[Decimal] = field(default_factory=set)
    percent: set[Decimal] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        flat = flatten(text)
        for match in MONEY_RE.finditer(flat):
            amount = _money_or_none(match.group())
            if amount is not None:
                self.money.add(amount)
        for match in PERCENT_RE.finditer(flat):
            self.percent.add(parse_percent(match.group()))
        for match in DATE_RE.finditer(flat):
            day = _date_or_none(match.group())
            if day:
                self.dates.add(day)

    def explains(self, kind: str, value: Any) -> bool:
        return value in {"money": self.money, "percent": self.percent, "date": self.dates}[kind]

    def union(self, other: Values) -> Values:
        return Values(self.money | other.money, self.percent | other.percent,
                      self.dates | other.dates)


def _money_or_none(text: str) -> Decimal | None:
    try:
        return parse_money(text)
    except (ValueError, InvalidOperation):
        return None


def _date_or_none(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


_PERCENT_KINDS = ("percent", "percent_of_balance")
_MONEY_KINDS = ("money", "price")
_BACK_REFERENCES = ("deal", "calendar", "note", "holder", "investor", "offering", "path", "source")


def deal_values(deal: Deal, facts: Facts, note: int | None = None) -> Values:
    """Every amount, percentage and date of the deal file and of the facts derived from it; with
    `note`, only that note's (the other notes' are left out)."""
    values = Values()
    skip = {id(other) for number, other in enumerate(deal.notes) if note is not None
            and number != note}
    skip |= {id(derived) for derived in facts.notes if id(derived.note) in skip}
    _walk_model(deal, values, skip)
    _walk_facts(facts, values, skip)
    return values


def _walk_model(value: Any, values: Values, skip: set[int], kind: str | None = None) -> None:
    if value is None or isinstance(value, bool) or id(value) in skip:
        return
    if isinstance(value, Decimal):
        if kind in _PERCENT_KINDS:
            values.percent.add(value)
        elif kind in _MONEY_KINDS:
            values.money.add(value)
    elif isinstance(value, date):
        values.dates.add(value)
    elif isinstance(value, str) and not isinstance(value, enum.Enum):
        values.add_text(value)
    elif isinstance(value, tuple):
        for item in value:
            _walk_model(item, values, skip, kind)
    elif dataclasses.is_dataclass(value):
        hints = _hints(type(value))
        for item in dataclasses.fields(value):
            if item.name in ("path", "source"):
                continue
            hint = hints.get(item.name)
            _walk_model(getattr(value, item.name), values, skip, _kind_of(hint))


def _kind_of(hint: Any) -> str | None:
    for part in [hint, *typing.get_args(hint)]:
        if typing.get_origin(part) is typing.Annotated:
            return typing.get_args(part)[1]
        for inner in typing.get_args(part):
            if typing.get_origin(inner) is typing.Annotated:
                return typing.get_args(inner)[1]
    return None


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind, include_extras=True)


def _walk_facts(value: Any, values: Values, skip: set[int], name: str = "") -> None:
    if value is None or isinstance(value, bool) or id(value) in skip:
        return
    if isinstance(value, Decimal):
        if "percent" in name or "threshold" in name:
            values.percent.add(value)
        else:
            values.money.add(value)
    elif isinstance(value, date):
        values.dates.add(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk_facts(item, values, skip, name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _walk_facts(item, values, skip, name)
    elif dataclasses.is_dataclass(value) and not isinstance(value, Deal):
        for item in dataclasses.fields(value):
            if item.name not in _BACK_REFERENCES:
                _walk_facts(getattr(value, item.name), values, skip, item.name)


def findings_values(findings: Iterable[Problem]) -> Values:
    """The values the findings state: the checklist prints them."""
    values = Values()
    for finding in findings:
        values.add_text(" ".join((finding.message, finding.evidence, finding.requirement,
                                  finding.citation)))
        if finding.due:
            values.dates.add(finding.due)
    return values


@cache
def template_values(kind: str) -> Values:
    """The values a template writes itself, outside its tags."""
    from .render.docx import template_text

    text = template_text(resources.path("templates", f"{kind}.docx"))
    text = re.sub(r"\{[{%#].*?[}%#]\}", " ", text)
    values = Values()
    values.add_text(text)
    return values


# --- checking one document ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Stated:
    """A value a document states: where, what, and its kind."""

    kind: str  # money, percent, date
    value: Any
    text: str
    start: int
    end: int


def _stated_values(flat: str) -> list[_Stated]:
    stated = []
    for kind, pattern, parse in (("money", MONEY_RE, _money_or_none),
                                 ("percent", PERCENT_RE, parse_percent),
                                 ("date", DATE_RE, _date_or_none)):
        for match in pattern.finditer(flat):
            value = parse(match.group())
            if value is not None:
                stated.append(_Stated(kind, value, match.group(), match.start(), match.end()))
    return sorted(stated, key=lambda s: s.start)


def _kind_group(kind: str) -> str:
    return {"money": "money", "percent": "percent", "date": "date"}.get(kind, kind)


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
        stray = [s for s in _stated_values(flat)
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
                        words += Decimal(words_to_number(match["cents"])) / 100
                    figures = (parse_money(match["figures"]) if kind == "money"
                               else Decimal(match["figures"].replace(",", "")))
                except (ValueError, InvalidOperation):
                    continue
                if words == figures:
                    continue
                group = "count" if kind == "count" else kind
                slips |= {(group, words), (group, figures)}
                term = next((t for t in self.terms if t.kind == group and t.value in (
                    words, figures) and t.concerns(self.document)), None)
                shown_words = _figures(kind, words)
                shown_figures = _figures(kind, figures)
                problems.append(self._problem(
                    WORDS, term.path if term else self.anchor,
                    f"{self.document.name} writes {_quoted(match.group())}: the words say "
                    f"{shown_words} but the figures say {shown_figures}"
                    + (f"; the deal file says {term.expected}" if term else ""), term))
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
                for stated in _stated_values(flat[start:end]):
                    consumed.add((start + stated.start, start + stated.end))
                stated_wrong.add(family)
                if term.kind == "text":
                    self._misstated.add(flatten(str(term.value)).casefold())
                if term.kind == "exemptions":
                    found = _exemptions_shown(exemptions_in(found)) or found
                for stated in _stated_values(found):
                    self._wrong_values.add((stated.kind, stated.value))
                if key in reported:
                    continue
                reported.add(key)
                problems.append(self._problem(
                    TERM, term.path,
                    f"{self.document.name} states {term.label} as {_quoted(found)} "
                    f"({_quoted(snippet(flat, start, end))}), but the deal file says "
                    f"{term.expected}{self._elsewhere(flat, found, start)}", term))
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

    def _presence(self, flat: str, stray: list[_Stated], stated_wrong: set[str],
                  slips: set[tuple[str, Any]]) -> list[Problem]:
        problems = []
        folded = flat.casefold()
        missing: list[tuple[Term, list[str]]] = []
        for term in self.terms:
            forms = term.forms_in(self.document)
            absent = [spellings[0] for spellings in forms
                      if not any(flatten(form).casefold() in folded for form in spellings)
                      and not any(name in flatten(spellings[0]).casefold()
                                  for name in self._misstated)]
            if not absent or term.family in stated_wrong:
                continue
            if (_kind_group(term.kind), term.value) in slips:
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
            problems.append(self._problem(TERM, term.path, message, term))
        return problems

    def _pair(self, flat: str, missing: list[tuple[Term, list[str]]],
              stray: list[_Stated]) -> dict[Term, _Stated]:
        """Match each stray value with the missing term it most likely replaced: the only missing
        term of its kind, or the only one whose context words are in the value's sentence."""
        paired: dict[Term, _Stated] = {}
        for stated in list(stray):
            candidates = [term for term, _ in missing if _kind_group(term.kind) == stated.kind
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

    def _problem(self, id_: str, path: Path_, message: str, term: Term | None = None) -> Problem:
        return Problem(id_, Severity.ERROR, message, self.deal.source.locate(path),
                       field=field_name(path) if path else "")


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


_WHAT = {"money": "an amount", "percent": "a percentage", "date": "a date"}


def _figures(kind: str, value: Decimal) -> str:
    if kind == "money":
        return str(display.Money(value))
    if kind == "percent":
        return str(display.Percent(value))
    return f"{value:,}"


def _quoted(text: str) -> str:
    return f"\"{text}\""


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
            match = re.fullmatch(rf"(?P<w>.+?)\s*\((?P<f>\d[\d,]*)\)", found.strip())
            return bool(match) and int(match["f"].replace(",", "")) in values
        if kind == "exemptions":
            return exemptions_in(found) in values
    except (ValueError, InvalidOperation):
        return False
    return _normal(found) in {_normal(str(value)) for value in values}


# --- every document of a deal -------------------------------------------------------------------

def document_texts(deal: Deal, documents: Sequence[Any]) -> list[tuple[Any, Text]]:
    """Each rendered Document with its DOCX text, named for messages."""
    from .render.docx import docx_text

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
               deal_definitions: Mapping[str, set[str]] | None = None) -> list[Problem]:
    """The consistency of one document's text with the deal file.

    `outside`: the document is not one dealdocs rendered (verify): a value no term explains is
    a warning, and only the key terms must appear (Term.outside)."""
    if terms is None:
        if items is None:
            from .render.context import deal_context
            items = deal_context(deal, facts, tuple(findings))["items"]
        terms = key_terms(deal, facts, items)
    explained = deal_values(deal, facts, document.note)
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
    from .render.context import deal_context
    from .render.pdf import pdf_text

    items = deal_context(deal, facts, tuple(findings))["items"]
    terms = key_terms(deal, facts, items)
    problems: list[Problem] = []
    texts = document_texts(deal, documents)
    definitions = _deal_definitions([text for _, text in texts])
    for document, text in texts:
        problems += _check_one(deal, facts, findings, text, items, terms, definitions)
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
            problems += _check_one(deal, facts, findings, pdf, items, terms, definitions)
    return _unique(problems)


def _check_one(deal, facts, findings, text: Text, items, terms, definitions) -> list[Problem]:
    return check_text(deal, facts, findings, text, items, terms, deal_definitions=definitions)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


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
    return _around(docx, word_at, first), _around(pdf, pdf_at, first)


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


# --- exhibit titles -------------------------------------------------------------------------------

def _instrument(title: str) -> str:
    """The instrument an exhibit title or document title names: without "Form of", its date,
    its parties, and case."""
    text = " ".join(title.split())
    text = re.sub(r"^(?:the\s+)?form\s+of\s+(?:the\s+)?", "", text, flags=re.IGNORECASE)
    text = re.split(r",?\s+(?:dated|issued|made|by and between|between|among|with|to|of "
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


def template_name(kind: str) -> str:
    """A template's path for messages: relative to the working directory if it is under it."""
    path = resources.path("templates", f"{kind}.docx")
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- the template lint ---------------------------------------------------------------------------

def lint_templates(contexts: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """Every variable each template uses exists in the context the renderer gives it, and so
    does every attribute it reads of one (note.interest.rate_percent: a field of the model, an
    extra the context adds, or a property of a display value).

    `contexts` maps a template's kind (note, 8-K, checklist) to its context, as built by
    render.context for a deal; parsed with the renderer's own ENVIRONMENT. Attributes are checked
    against the model's types, so a misspelt field in a clause the deal does not use is found
    too; what cannot be known (a loop over an empty list, a value set by a filter) is let be."""
    from .render.docx import template_variables

    problems = []
    for kind, context in contexts.items():
        template = resources.path("templates", f"{kind}.docx")
        where = Location(template_name(kind), 1, 1)
        unknown = sorted(template_variables(template) - set(context))
        for name in unknown:
            problems.append(Problem(
                TEMPLATE_VARIABLE, Severity.ERROR,
                f"the template uses the variable \"{name}\", which is neither in the model nor in "
                f"the facts; the variables it may use are: {', '.join(sorted(context))}", where))
        linter = _AttributeLint({name: _shape_of(value) for name, value in context.items()})
        linter.visit(_template_ast(template), {})
        for expression, owner, attribute, known in linter.unknown:
            problems.append(Problem(
                TEMPLATE_VARIABLE, Severity.ERROR,
                f"the template uses {expression}, but {owner} has no \"{attribute}\""
                + (f"; it has: {', '.join(sorted(known))}" if known else ""), where))
    return _unique(problems)


def _template_ast(template: Path):
    """The Jinja syntax tree of a Word template (body, headers, footers), as docxtpl patches and
    the renderer's ENVIRONMENT parses it."""
    import docx as python_docx
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    from .render.environment import ENVIRONMENT

    document = DocxTemplate(template)
    word = python_docx.Document(str(template))
    xml = document.patch_xml(document.xml_to_string(word._element.body))
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for relation in word.part.rels.values():
            if relation.reltype == uri and relation.target_part.blob:
                xml += document.patch_xml(document.xml_to_string(parse_xml(
                    relation.target_part.blob)))
    return ENVIRONMENT.parse(xml)


class _Any:
    """A value whose attributes cannot be known: any attribute is let be."""

    def __repr__(self) -> str:
        return "any"


ANY = _Any()


@dataclass(frozen=True)
class _ObjectShape:
    """What a View of a model type offers: its fields (each as a hint) and the extras."""

    kind: type
    extras: Mapping[str, Any]

    def attribute(self, name: str) -> Any:
        if name in self.extras:
            return self.extras[name]
        hints = _hints(self.kind)
        if name in hints and name not in ("path", "source"):
            return _shape_of_hint(hints[name])
        return None

    def names(self) -> set[str]:
        return set(self.extras) | {n for n in _hints(self.kind) if n not in ("path", "source")}

    def __str__(self) -> str:
        return f"the model's {self.kind.__name__}"


@dataclass(frozen=True)
class _ListShape:
    item: Any


@dataclass(frozen=True)
class _MappingShape:
    items: Mapping[str, Any]
    label: str = "the mapping"

    def attribute(self, name: str) -> Any:
        if name in self.items:
            return self.items[name]
        return ANY if hasattr(dict, name) and not name.startswith("_") else None  # .items()

    def names(self) -> set[str]:
        return set(self.items)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class _ClassShape:
    """A display value (Money, Day …) or another plain object: its public attributes."""

    kind: type

    def attribute(self, name: str) -> Any:
        return ANY if name in self.names() else None

    def names(self) -> set[str]:
        return {name for name in dir(self.kind) if not name.startswith("_")} | {
            f.name for f in dataclasses.fields(self.kind)} if dataclasses.is_dataclass(
            self.kind) else {name for name in dir(self.kind) if not name.startswith("_")}

    def __str__(self) -> str:
        return f"a {self.kind.__name__} value"


_DISPLAY_KINDS = {"money": display.Money, "price": display.Price, "percent": display.Percent,
                  "percent_of_balance": display.Percent, "shares": display.Shares}


def _shape_of_hint(hint: Any) -> Any:
    """What a template sees for a model value of this type (render.context.present)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, __import__("types").UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _shape_of_hint(inner[0]) if len(inner) == 1 else ANY
    if origin is typing.Annotated:
        kind = typing.get_args(hint)[1]
        if kind == "multiple":
            return ANY  # a Count or a string
        return _ClassShape(_DISPLAY_KINDS[kind]) if kind in _DISPLAY_KINDS else ANY
    if origin is tuple:
        return _ListShape(_shape_of_hint(typing.get_args(hint)[0]))
    if hint is date:
        return _ClassShape(display.Day)
    if hint is int:
        return _ClassShape(display.Count)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _ObjectShape(hint, {})
    return ANY  # str, bool, an enum (a string in a template)


def _shape_of(value: Any) -> Any:
    """What a template sees for a context value, from the value itself."""
    from .render.context import View

    if isinstance(value, View):
        target = object.__getattribute__(value, "_target")
        extras = object.__getattribute__(value, "_extra")
        return _ObjectShape(type(target), {k: _shape_of(v) for k, v in extras.items()})
    if isinstance(value, Mapping):
        return _MappingShape({str(k): _shape_of(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return _ListShape(_shape_of(value[0]) if value else ANY)
    if value is None or isinstance(value, (str, bool, int, float, Decimal)):
        return ANY
    return _ClassShape(type(value))


class _AttributeLint:
    """Walks a template's syntax tree and records each attribute read of a known shape that the
    shape does not have."""

    def __init__(self, roots: Mapping[str, Any]):
        self.roots = roots
        self.unknown: list[tuple[str, str, str, set[str]]] = []

    def visit(self, node, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            item = self.shape(node.iter, scope)
            inner = dict(scope)
            for name in _target_names(node.target):
                inner[name] = ANY
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = item.item if isinstance(item, _ListShape) else ANY
            inner["loop"] = ANY
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            for name in _target_names(node.target):
                scope[name] = ANY
            if isinstance(node.target, nodes.Name):
                scope[node.target.name] = self.shape(node.node, scope)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            self.shape(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def shape(self, node, scope: dict[str, Any]) -> Any:
        """The shape of an expression; records an unknown attribute on the way."""
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return self.roots.get(node.name, ANY)
        if isinstance(node, nodes.Getattr):
            owner = self.shape(node.node, scope)
            return self._attribute(node, owner, node.attr)
        if isinstance(node, nodes.Getitem):
            owner = self.shape(node.node, scope)
            self.visit(node.arg, scope)
            if isinstance(owner, _ListShape):
                return owner.item
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._attribute(node, owner, node.arg.value)
            return ANY
        self.visit(node, scope)
        return ANY

    def _attribute(self, node, owner: Any, name: str) -> Any:
        if owner is ANY or isinstance(owner, _ListShape):
            return ANY
        found = owner.attribute(name)
        if found is None:
            self.unknown.append((_expression(node), str(owner), name, owner.names()))
            return ANY
        return found


def _target_names(target) -> list[str]:
    from jinja2 import nodes

    if isinstance(target, nodes.Name):
        return [target.name]
    if isinstance(target, nodes.Tuple):
        return [name for item in target.items for name in _target_names(item)]
    return []


def _expression(node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expression(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        key = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_expression(node.node)}[{key!r}]"
    return "…"


def template_contexts(deal: Deal, facts: Facts, findings: tuple[Problem, ...]
                      ) -> dict[str, dict[str, Any]]:
    """What each template sees, exactly as render.package builds it."""
    from .render.context import deal_context, note_context

    base = deal_context(deal, facts, findings)
    return {NOTE: note_context(base, base["notes"][0]), FORM_8K: base, CHECKLIST: base}


# --- the check stage -----------------------------------------------------------------------------

OUTPUTS = "outputs.up-to-date"  # committed outputs are what a build would write now


def check_ids(outputs: bool = False, pdf: bool = True) -> tuple[str, ...]:
    """The ids of the checks `check` runs on a deal that loads (after rules.evaluate, which
    fills the rule registry), for reports that list each."""
    from . import rules

    ids = ["deal.valid", *(check for check in CHECKS if pdf or check != PDF)]
    if outputs:
        ids.append(OUTPUTS)
    return tuple(dict.fromkeys([*ids, *(rule.id for rule in rules.REGISTRY)]))


def check_analysis(analysis, *, pdf: bool = True, outputs: Path | None = None,
                   deal_bytes: bytes | None = None) -> tuple[list[Problem], list[Problem]]:
    """Render every document of an analysed deal in memory and check it: (problems, findings).

    pdf: also print each PDF and compare its words with the DOCX's (WeasyPrint: about 2 s a
    deal). outputs: compare the files a build would write with those committed under
    outputs/<deal>/ (deal_bytes: the deal file's bytes, for the manifest)."""
    from .render import PrintProblem, TemplateProblem
    from .render.package import render_documents

    deal, facts, findings = analysis.deal, analysis.facts, analysis.findings
    problems = lint_templates(template_contexts(deal, facts, findings))
    committed = _committed_formats(outputs / deal.name) if outputs is not None else ()
    formats = ("docx", "pdf") if pdf or "pdf" in committed else ("docx",)
    try:
        documents = render_documents(deal, facts, findings, formats)
    except TemplateProblem as found:
        return problems + list(found.problems), exhibit_title_findings(deal)
    except PrintProblem as error:
        problems.append(Problem(RENDER, Severity.ERROR, f"the PDF cannot be printed: {error}",
                                deal.source.locate(()), ""))
        documents = render_documents(deal, facts, findings, ("docx",))
        formats = ("docx",)
    problems += check_documents(deal, facts, findings, documents)
    if outputs is not None:
        problems += outputs_problems(deal, facts, findings, documents, outputs,
                                     deal_bytes if deal_bytes is not None else b"",
                                     tuple(f for f in (committed or formats) if f in formats))
    return problems, exhibit_title_findings(deal)


def _committed_formats(directory: Path) -> tuple[str, ...]:
    if not directory.is_dir():
        return ()
    return tuple(kind for kind in ("docx", "pdf") if any(directory.glob(f"*.{kind}")))


def outputs_problems(deal: Deal, facts: Facts, findings: Sequence[Problem],
                     documents: Sequence[Any], outputs: Path, deal_bytes: bytes,
                     formats: tuple[str, ...]) -> list[Problem]:
    """The committed outputs under outputs/<deal>/ that differ from what a build writes now."""
    from .render.docx import docx_text
    from .render.package import output_files
    from .render.pdf import pdf_text

    directory = outputs / deal.name
    rebuild = f"run `dealdocs build -o {outputs} {deal.source.file}` and commit the result"
    if not directory.is_dir():
        return [_stale(directory, f"{directory}/ holds no outputs of {deal.source.file}, so the "
                       f"committed outputs are not what a build writes now; {rebuild}")]
    expected = output_files(documents, formats, deal_bytes)
    by_file = {f"{document.stem}.{kind}": (document, kind) for document in documents
               for kind in formats}
    texts = dict((document.stem, text) for document, text in document_texts(deal, documents))
    problems: list[Problem] = []
    manifest_differs = False
    for name, data in sorted(expected.items()):
        path = directory / name
        if not path.is_file():
            problems.append(_stale(path, f"{path} is missing: a build now writes it; {rebuild}"))
            continue
        committed = path.read_bytes()
        if committed == data:
            continue
        if name == "manifest.json":
            manifest = _manifest_problems(path, committed, deal_bytes, rebuild)
            problems += manifest
            manifest_differs = not manifest
            continue
        document, kind = by_file[name]
        try:
            said = docx_text(committed) if kind == "docx" else pdf_text(committed)
        except Exception as error:  # a damaged file: python-docx and pypdf raise many kinds
            problems.append(_stale(path, f"{path} cannot be read ({type(error).__name__}: "
                                   f"{error}); {rebuild}"))
            continue
        now = docx_text(data) if kind == "docx" else pdf_text(data)
        text = texts[document.stem]
        difference = pdf_difference(now, said, header_rows(document.docx) if kind == "pdf"
                                    else ())
        if difference is None:
            severity = Severity.WARNING if kind == "pdf" else Severity.ERROR
            why = ("its words are the same, but its bytes differ: it may have been printed "
                   "by another version of WeasyPrint or Pango" if kind == "pdf" else
                   "its words are the same, but its formatting differs")
            problems.append(_stale(path, f"{path} is not what a build writes now: {why}; "
                                   f"{rebuild}", severity))
            continue
        new, old = difference
        problems.append(_stale(path, f"{path} is out of date: where a build now writes "
                               f"{_quoted(new)}, it says {_quoted(old)}; {rebuild}"))
        committed_text = Text(text.kind, str(path), said, text.note)
        problems += [problem for problem in check_text(deal, facts, findings, committed_text)
                     if problem.id != DEFINED_TERM]
    for path in sorted(directory.iterdir()):
        if path.name not in expected and path.suffix in (".docx", ".pdf") \
                and path.name.startswith(deal.name + "-"):
            problems.append(_stale(path, f"{path} is not an output of {deal.source.file} any "
                                   "more (a build does not write it, nor delete it); delete it"))
    if manifest_differs and not problems:
        path = directory / "manifest.json"
        problems.append(_stale(path, f"{path} does not list the digests of the files beside it; "
                               f"{rebuild}"))
    return problems


def _manifest_problems(path: Path, committed: bytes, deal_bytes: bytes, rebuild: str
                       ) -> list[Problem]:
    import hashlib
    import json

    try:
        recorded = json.loads(committed).get("deal_sha256")
    except (ValueError, AttributeError):
        return [_stale(path, f"{path} is not a dealdocs manifest (not JSON); {rebuild}")]
    if recorded != hashlib.sha256(deal_bytes).hexdigest():
        return [_stale(path, f"{path} records another version of the deal file: the outputs "
                       f"were built before its last change; {rebuild}")]
    return []  # the files it lists differ, and each is reported


def _stale(path: Path, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(OUTPUTS, severity, message, Location(str(path), 1, 1))
