"""What the deal file says: its key terms, each with the documents it belongs in, the forms
they must state it in, and the phrases (cues) in which a document states it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .. import display
from ..render.context import registration_8k, rights_8k
from ..render.phrases import EXEMPTION_8K_WORDS, Style, change_alternative, price_change
from ..render.phrases import statistic as statistic_words
from ..facts import Facts, notes_convert, period_end_day
from ..load import Path_
from ..model import (PAR_VALUE, Collateral, Deal, Exemption, MarketStatistic, Note, Placeholder,
                     field_path, known)
from .numbers import _DATE, _MONEY, _PERCENT, _SPELLED
from .text import CHECKLIST, FORM_8K, NOTE, Text


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


_EXEMPTION_PATTERNS = (
    (re.compile(r"Section\s+4\(a\)\(2\)"), Exemption.SECTION_4A2),
    (re.compile(r"Section\s+4\(a\)\(5\)"), Exemption.SECTION_4A5),
    (re.compile(r"Section\s+3\(a\)\(9\)"), Exemption.SECTION_3A9),
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
    return display.series([display.EXEMPTION_NAMES[e.value]
                           for e in sorted(exemptions, key=list(Exemption).index)])


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


# A placeholder as the documents print it, once the draft's brackets are read off ("[●]" is "●")
BLANK = "●"
UNKNOWN = "a blank ([●]): the deal file leaves it a placeholder"


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
        if isinstance(value, Placeholder):
            return  # printed as a bracketed blank; the drafting rule and --final hold it open
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
    number = issuer.commission_file_number  # printed as the Company prints it: "0-25074"
    add("issuer.commission_file_number", ("issuer", "commission_file_number"),
        "the Commission File Number", "text", number, number, {FORM_8K: [number]},
        cues=_cues(FORM_8K, r"(?<![\d-])(?P<v>\d{1,3}-\d{4,6})(?![\d-]) (?:\d{2}-\d{7}|"
                   r"[^()]*\(State or other jurisdiction)", head=False))
    for index, investor in enumerate(deal.investors):
        if investor.named_in_8k:
            add("investors.name", ("investors", index, "name"), "the investor's name", "text",
                investor.name, investor.name, {FORM_8K: [investor.name] if item_1_01 else []})
        else:  # the 8-K must not name it; its note still does
            add("investors.unnamed", ("investors", index, "named_in_8k"),
                "an investor the 8-K does not name", "absent", investor.name, investor.name,
                {FORM_8K: [investor.name]})
    named = all(investor.named_in_8k for investor in deal.investors)
    if item_1_01 and len(deal.investors) == 1 and named:
        name = deal.investors[0].name
        term_ = re.escape(deal.investors[0].defined_term or "Investor")
        add("investors.name", ("investors", 0, "name"), "the investor's name", "text", name,
            name, {}, cues=_cues(FORM_8K, rf"\bwith (?P<v>[^\"]+?) \(\"{term_}\"\)",
                                 r"in a private placement, .{1,200}? to (?P<v>[^\"]+?) "
                                 rf"\(\"{term_}\"\)"))
    elif item_1_01 and named and not any(i.defined_term for i in deal.investors):
        names = display.series([investor.name for investor in deal.investors])
        add("investors.name", ("investors",), "the investors' names", "text", names, names, {},
            cues=_cues(FORM_8K, r"\bwith (?P<v>[^\"]+?) \(each, an \"Investor\"",
                       r"in a private placement, .{1,200}? to (?P<v>[^\"]+?) "
                       r"\(each, an \"Investor\""))
    signatory = deal.form_8k.signatory
    if known(signatory.name):
        add("form_8k.signatory.name", ("form_8k", "signatory", "name"), "the signatory's name",
            "text", signatory.name, signatory.name,
            {NOTE: [signatory.name], FORM_8K: [signatory.name]})
    else:
        add("form_8k.signatory.name", ("form_8k", "signatory", "name"), "the signatory's name",
            "text", BLANK, UNKNOWN, {NOTE: [f"Name: {BLANK}"], FORM_8K: [f"/s/ {BLANK}"]},
            cues=_cues(NOTE, rf"{re.escape(deal.issuer.name.upper())} By: _+ Name: "
                       rf"(?P<v>{BLANK}|[A-Z][^:]*?) Title:", flags=0)
            + _cues(FORM_8K, rf"/s/ (?P<v>{BLANK}|[A-Z][^:]*?) Name:"))

    # The agreement.
    if deal.agreement:
        agreement = deal.agreement
        add("agreement.title", ("agreement", "title"), "the purchase agreement's title", "text",
            agreement.title, agreement.title, {NOTE: [agreement.title], FORM_8K: [
                agreement.title] if item_1_01 else []},
            cues=_cues(NOTE, r"This Note is issued under the (?P<v>.+?) dated ")
            + _cues(FORM_8K, r"\(the \"Company\"\) entered into an? (?P<v>[^,]+?)(?:, | with )"))
        day = str(display.Day(agreement.date))
        # An agreement effective as of an earlier day: the note names it by that day ("dated as
        # of"); the 8-K gives both, the signing as the event.
        as_of = agreement.dated_as_of if agreement.dated_as_of not in (None, agreement.date) \
            else None
        add("agreement.date", ("agreement", "date"), "the purchase agreement's date", "date",
            agreement.date, day, {NOTE: [] if as_of else [day],
                                  FORM_8K: [day] if item_1_01 else []},
            cues=_cues(NOTE, rf"This Note is issued under the .{{1,200}}? dated {_D}")
            + _cues(FORM_8K, rf"\bOn {_D}, [^\"]{{1,200}}? \(the \"Company\"\) entered into"))
        if as_of:
            shown = str(display.Day(as_of))
            add("agreement.dated_as_of", ("agreement", "dated_as_of"),
                "the date the purchase agreement is effective as of", "date", as_of, shown,
                {NOTE: [shown], FORM_8K: [shown] if item_1_01 else []},
                cues=_cues(NOTE, rf"This Note is issued under the .{{1,200}}? dated as of {_D}")
                + _cues(FORM_8K, rf"effective as of {_D}"))

    if deal.amendment is not None and item_1_01:
        _amendment_terms(add, deal)

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
        cues=_cues(FORM_8K, rf"Date of earliest event reported\):? (?:{_DATE} \()?{_D}")
        + _cues(CHECKLIST, rf"Event reported: {_D}"))
    if known(form_8k.report_date):
        report = str(display.Day(form_8k.report_date))
        add("form_8k.report_date", ("form_8k", "report_date"), "the report date", "date",
            form_8k.report_date, report, {FORM_8K: [report]},
            cues=_cues(FORM_8K, rf"(?<![A-Za-z] )\bDate: {_D}"))
    else:
        add("form_8k.report_date", ("form_8k", "report_date"), "the report date", "text", BLANK,
            UNKNOWN, {FORM_8K: [f"Date: {BLANK}"]},
            cues=_cues(FORM_8K, rf"(?<![A-Za-z] )\bDate: (?P<v>{BLANK}|{_DATE})"))
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

    for index, extra in enumerate(deal.additional_terms):
        _additional_term(add, deal, items, index, extra)

    # The offering.
    exemptions = frozenset(deal.offering.exemptions)
    shown = _exemptions_shown(exemptions)
    if item_1_01:
        _rights_terms(add, deal)
    add("offering.exemptions", ("offering", "exemptions"), "the exemptions claimed", "exemptions",
        exemptions, shown, {
            FORM_8K: [EXEMPTION_8K_WORDS[e.value] for e in exemptions]
            if items.get("item_3_02", True)
            else [],
            CHECKLIST: [display.EXEMPTION_NAMES[e.value] for e in exemptions]},
        cues=(_cues(FORM_8K, r"exemptions? from registration pursuant to (?P<v>.+?)\.(?: |$)")
              if items.get("item_3_02", True) else ())
        + _cues(CHECKLIST, r"Exemptions claimed: (?P<v>.+?) Event reported:"))
    first_sale = str(display.Day(deal.offering.first_sale_date))
    add("offering.first_sale_date", ("offering", "first_sale_date"), "the date of the first sale",
        "date", deal.offering.first_sale_date, first_sale, {CHECKLIST: [first_sale]},
        cues=_cues(CHECKLIST, rf"First sale: {_D}"))
    _checklist_due_dates(add, deal, facts)
    return terms


def _checklist_due_dates(add, deal: Deal, facts: Facts) -> None:
    """The due dates of the checklist's filing actions: each in the Due column, just before the
    action ("5 January 28, 2019 File the Form D."): the date to file by, the earlier one where
    an unconfirmed closure would move it. A Form D on file is reported in the appendix, in its
    rule's words; one not required has no due date."""
    deadlines = facts.deadlines
    due = deadlines.form_8k.safe_due if deadlines.form_8k else deadlines.form_8k_due
    shown = str(display.Day(due))
    add("deadlines.form_8k_due", ("form_8k", "event_date"), "the Form 8-K due date", "date",
        due, shown, {CHECKLIST: [shown]},
        cues=_cues(CHECKLIST, rf"{_D} File the Form 8-K\b"))
    if not facts.form_d_required or deadlines.form_d is None:
        return
    filed = deal.offering.form_d is not None
    due = deadlines.form_d.due if filed else deadlines.form_d.safe_due
    shown = str(display.Day(due))
    add("deadlines.form_d_due", ("offering", "first_sale_date"), "the Form D due date", "date",
        due, shown, {CHECKLIST: [shown]},
        cues=_cues(CHECKLIST, rf"(?<!the )Form D is due (?:[A-Z][a-z]+day, )?{_D}" if filed
                   else rf"{_D} File the Form D\b"))


def _rights_terms(add, deal: Deal) -> None:
    """The investors' rights in later financings and the registration rights, each stated in the
    8-K's narrative as one sentence (the registration rights' kind and the shares they cover,
    each right's term)."""
    sentence = registration_8k(deal)
    if sentence:
        add("registration_rights", ("registration_rights",), "the registration rights", "text",
            sentence, sentence, {FORM_8K: [sentence]})
    for name, sentence in rights_8k(deal):
        add(f"investor_rights.{name}", ("investor_rights", name),
            f"the {name.replace('_', ' ')} right", "text", sentence, sentence,
            {FORM_8K: [sentence]})


def _additional_term(add, deal: Deal, items: Mapping[str, bool], index: int, extra) -> None:
    """A passage in the lawyers' own words is printed as written where the deal file places it;
    its declared figures are in it (validate checks `states` against the text)."""
    path = ("additional_terms", index, "text")
    label = f"the additional term “{extra.heading}”" if extra.heading else "an additional term"
    document, _, item = extra.place.value.partition(".")
    if document == "note":
        for number, note in enumerate(deal.notes):
            if extra.note in (None, note.id):
                add(f"additional_terms.{index}", path, label, "text", extra.text, extra.text,
                    {NOTE: [extra.text]}, note=number)
        return
    # Item 1.01's passages follow the narrative, which Item 2.03 carries when 1.01 is left out.
    printed = items.get(item, True) or (item == "item_1_01" and items.get("item_2_03", True))
    shown = "Item " + item.removeprefix("item_").replace("_", ".")
    label += f" placed at {shown}" + ("" if printed else ", an item this 8-K does not include: "
                                      "place it under an item the 8-K reports")
    add(f"additional_terms.{index}", path, label, "text", extra.text, extra.text,
        {FORM_8K: [extra.text]})


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
        """A term of this note. `outside`: the spellings an outside note must contain; none by
        default (an outside note need not state the term)."""
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
    oid_or_fees = derived.original_issue_discount > 0 or bool(note.fees_withheld)
    if note.purchase_price is not None:
        price = str(display.Money(note.purchase_price))
        in_8k = (([price] if oid_or_fees or note.unit else []) if single_note
                 else [f"for a purchase price of {price}"])
        term("purchase_price", ("purchase_price",), "the purchase price", "money",
             note.purchase_price, price, {NOTE: [price], FORM_8K: in_8k if item_1_01 else []},
             cues=_cues(NOTE, rf"Purchase Price: {_M}", rf"purchasing this Note for {_M}")
             + _cues(FORM_8K, rf"\bpaid {_M} for ", rf"was sold for {_M}",
                     rf"for a purchase price of {_M}"),
             context="purchase price|paid|purchasing|sold for")
    _lockout_terms(term, forms, note)
    if note.unit is not None and note.unit.note_allocation is not None:
        allocation = str(display.Money(note.unit.note_allocation))
        term("unit.note_allocation", ("unit", "note_allocation"),
             "the part of the unit's price allocated to the note", "money",
             note.unit.note_allocation, allocation,
             {NOTE: [allocation], FORM_8K: [allocation] if item_1_01 and single_note else []},
             cues=_cues(f"{NOTE},{FORM_8K}", rf"of which {_M} is allocated to"),
             context="allocated")
    if note.exchange is not None:
        for number, item in enumerate(note.exchange.surrendered):
            balance = str(display.Money(item.balance))
            term("exchange.surrendered.balance", ("exchange", "surrendered", number, "balance"),
                 f"the balance of the {item.description} exchanged", "money", item.balance,
                 balance, forms([balance]), context="balance|exchang")
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

    if note.tranche is not None:
        _tranche_terms(term, facts, note, item_1_01)

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

    # Conversion, or none: a note that does not convert says nothing of converting.
    conversion = note.conversion
    if conversion is not None:
        _conversion_terms(term, forms, deal, derived, conversion)
    else:
        converts = ["Conversion Price", "Notice of Conversion", "convertible into",
                    "Right to Convert", "may convert", "Conversion Shares", "option to convert"]
        none_convert = not notes_convert(deal)
        term("conversion", ("title",), "a note that does not convert", "absent", "convert",
             "conversion terms", {NOTE: converts, FORM_8K: converts if none_convert else []})

    # Security.
    secured = note.security.secured
    stated = "Secured" if secured else "Unsecured"
    by_reference = note.security.collateral is Collateral.BY_REFERENCE
    kind = "Convertible Note" if note.conversion else "Promissory Note"
    heading = [f"Offering of {stated} {kind}"] if first and item_1_01 and \
        deal.amendment is None and note.exchange is None else []
    in_8k_body = ["secured under the" if by_reference else "secured by a security interest"
                  if secured else "not secured"]
    term("security.collateral", ("security", "collateral"), "the note's security",
         "text", stated, stated,
         {NOTE: ["secured as provided in the" if by_reference else "secured by a security "
                 "interest" if secured else "an unsecured obligation"],
          FORM_8K: heading + in_8k_body if item_1_01 else []},
         cues=_cues(FORM_8K, r"Offering of (?P<v>Unsecured|Secured) (?:Convertible|Promissory) "
                    r"Note") if first else ())

    # Law: a placeholder is a blank, and a law written into it is not the deal file's.
    law = note.governing_law if known(note.governing_law) else BLANK
    term("governing_law", ("governing_law",), "the governing law", "text", law,
         law if law != BLANK else UNKNOWN, {NOTE: [f"State of {law}"]},
         cues=_cues(NOTE, rf"governed by the laws of the State of (?P<v>{BLANK}|[A-Z][A-Za-z]*"
                    r"(?: [A-Z][A-Za-z]*)*)", flags=0))


def _tranche_terms(term, facts: Facts, note: Note, item_1_01: bool) -> None:
    """A tranche: the condition of its funding, interest from each funding (the note), and the
    tense of its funding on the report date (the 8-K: "was funded" or "is to be funded")."""
    tranche = note.tranche
    derived = facts.note(note)
    funded = tranche.funded and derived.funded_on <= facts.report_date
    if tranche.condition:  # the 8-K states it while the tranche waits for it
        term("tranche.condition", ("tranche", "condition"), "the condition of funding", "text",
             tranche.condition, tranche.condition,
             {NOTE: [tranche.condition],
              FORM_8K: [tranche.condition] if item_1_01 and not funded else []})
    accrual = "the date each part of it is paid"
    term("tranche.interest", ("tranche",), "when interest starts to accrue", "text", accrual,
         accrual, {NOTE: [accrual]},
         cues=_cues(NOTE, r"Interest accrues on the outstanding principal from (?P<v>the Issue "
                    r"Date|the date each part of it is paid|the date of each advance)"))
    if not item_1_01:
        return
    tense = "was funded" if funded else "is to be funded"
    opening = (f"The {display.ordinal(tranche.number)} tranche of "
               f"{display.Money(note.cash_price)}")
    term("tranche.funded", ("tranche", "funded"), "the tranche's funding on the report date",
         "text", tense, tense, {FORM_8K: [f"{opening} {tense}"]},
         cues=_cues(FORM_8K, rf"{re.escape(opening)} (?P<v>was funded|is to be funded)"))


def _amendment_terms(add, deal: Deal) -> None:
    """What an amendment changed, in the 8-K's words ("from $6,000,000 to $8,500,000"), whether it
    restates the agreement, and what a facility has advanced to date."""
    amendment = deal.amendment
    verb = "amended and restated" if amendment.restated else "amended"
    add("amendment.restated", ("amendment", "restated"), "how the agreement was amended", "text",
        verb, verb, {FORM_8K: [f"{verb} the {amendment.amends}"]},
        cues=_cues(FORM_8K, rf"\(the \"Company\"\) and .{{1,200}}? (?P<v>amended(?: and "
                   rf"restated)?) the {re.escape(amendment.amends)}"))
    for number, change in enumerate(amendment.changes):
        shown = f"from {change.from_} to {change.to}"
        add("amendment.changes", ("amendment", "changes", number), "a change the amendment "
            "made", "text", shown, shown, {FORM_8K: [shown]})
    facility = deal.facility
    if facility is not None and facility.advanced_to_date is not None:
        advanced = str(display.Money(facility.advanced_to_date))
        add("facility.advanced_to_date", ("facility", "advanced_to_date"),
            "the amount advanced to date", "money", facility.advanced_to_date, advanced,
            {FORM_8K: [advanced]}, cues=_cues(FORM_8K, rf"{_M} has been advanced"),
            context="advanced")


def _conversion_terms(term, forms, deal: Deal, derived, conversion) -> None:
    """The terms of conversion: every number of every price the note states (generically, over
    the parts of each price expression), when conversion starts, automatic conversion and the
    ownership limits."""
    note = derived.note
    holder_option = conversion.holder_option
    roots = []
    if conversion.price is not None:
        roots.append(("conversion.price", conversion.price, holder_option))
    advances = {}  # the family of each advance's own price, and the advance
    for number, change in enumerate(conversion.price_changes):
        if change.percent is not None:
            shown = str(display.Percent(change.percent))
            term("conversion.price_changes.percent", field_path(change, "percent")[2:],
                 "the changed conversion percentage", "percent", change.percent, shown,
                 forms([shown]), context="conversion|default|bid|chill|%")
        if change.price is not None:
            roots.append((f"conversion.price_changes[{number}]", change.price, True))
        # the event and what the price becomes on it, so that an edited event is found too
        common = deal.issuer.common_stock.term
        words = _worded(forms, price_change(change, conversion.price, Style(NOTE, common)),
                        change_alternative(change, Style(FORM_8K, common)))
        term("conversion.price_changes.words", tuple(change.path)[2:],
             "the event that changes the conversion price", "text", words[NOTE][0],
             words[NOTE][0], words)
    for number, advance in enumerate(note.advances):
        if advance.conversion_price is not None:
            roots.append((f"advances[{number}]", advance.conversion_price, True))
            advances[f"advances[{number}]"] = advance
    if note.interest.share_valuation is not None:
        roots.append(("interest.share_valuation", note.interest.share_valuation, True))
    for family, root, stated in roots:
        for leg in root.legs():
            _leg_terms(term, forms, deal, family, root, leg, stated, advances.get(family))
    if conversion.market_price is not None:
        _statistic_terms(term, forms, "conversion.market_price", conversion.market_price, True,
                         deal.issuer.common_stock.term)
    if holder_option and derived.conversion_starts != note.issue_date:
        starts = str(display.Day(derived.conversion_starts))
        given = next(name for name in ("starts_on", "starts_after_months", "starts_in_month",
                                       "waiting_period_days")
                     if getattr(conversion, name))
        term("conversion_starts", ("conversion", given),
             "the first day the note may be converted", "date", derived.conversion_starts,
             starts, forms([starts]),
             cues=_cues(NOTE, rf"on or after {_D}[ ,]")
             + _cues(FORM_8K, rf"At any time beginning {_D}", rf"Beginning {_D} \(",
                     rf"month after issuance \({_D}\)"),
             context="convert|beginning")
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
                        r"the price per (?:share|security|unit)"),
             context="qualified financing|price per",
             outside=[[percent]])
        if automatic.floor is not None:
            floor = str(display.Price(automatic.floor))
            term("conversion.automatic.floor", path + ("floor",), "the automatic conversion floor",
                 "money", automatic.floor, floor, forms([floor]), context="not less than")
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


def _leg_terms(term, forms, deal: Deal, family: str, root, leg, stated: bool,
               advance=None) -> None:
    """The numbers of one part of a price: a fixed price, a market percentage or discount, the
    statistic's window, a floor and a cap. `stated`: the 8-K states the price too. `advance`:
    the advance whose own price this is, which the documents state beside its amount and date."""
    where = f"{family}{_relative(root, leg)}"
    in_8k = forms if stated else (lambda given, *rest: {NOTE: list(given)})
    if leg.fixed is not None:
        shown = str(display.Price(leg.fixed))
        if advance is not None and leg is root:
            made = (rf"for the advance of {re.escape(str(display.Money(advance.amount)))} made "
                    rf"on {re.escape(str(display.Day(advance.date)))}")
            cues = _cues(f"{NOTE},{FORM_8K}", rf"{_M} per share {made}")
        else:  # an advance's own price is stated "… per share for the advance of …"
            cues = (_cues(NOTE, rf"Conversion Price\" is {_M} per share")
                    + _cues(FORM_8K, rf"fixed (?:conversion )?price of {_M} per share"
                                     rf"(?! for the advance)"))
        term(f"{where}.fixed", field_path(leg, "fixed")[2:], "the fixed conversion price",
             "money", leg.fixed, shown, in_8k([shown]), cues=cues,
             context="fixed|conversion price", outside=[[shown]])
    if leg.down_round is not None and leg.down_round.floor is not None:
        floor = str(display.Price(leg.down_round.floor))
        term(f"{where}.down_round.floor", field_path(leg.down_round, "floor")[2:],
             "the anti-dilution floor", "money", leg.down_round.floor, floor, in_8k([floor]),
             cues=_cues(f"{NOTE},{FORM_8K}", rf"but not below {_M} per share"),
             context="not below|dilut")
    if leg.of is not None and leg.discount_percent is not None:
        shown = str(display.Percent(leg.discount_percent))
        term(f"{where}.discount_percent", field_path(leg, "discount_percent")[2:],
             "the conversion discount", "percent", leg.discount_percent, shown, in_8k([shown]),
             context="discount", outside=[[shown]])
    elif leg.of is not None and leg.percent is not None:
        shown = str(display.Percent(leg.percent))
        term(f"{where}.percent", field_path(leg, "percent")[2:], "the conversion percentage",
             "percent", leg.percent, shown, in_8k([shown]),
             cues=_cues(f"{NOTE},{FORM_8K}", rf"(?:Variable Price\" is|conversion price equal "
                        rf"to|Conversion Price\" is) {_P} of the (?:lowest|average|highest)"),
             context="conversion|variable|market|lowest|average|of the", outside=[[shown]])
    if isinstance(leg.of, MarketStatistic):
        _statistic_terms(term, in_8k, f"{where}.of", leg.of, stated, deal.issuer.common_stock.term)
    if leg.floor is not None and leg.floor != PAR_VALUE:
        floor = str(display.Price(leg.floor))
        term(f"{where}.floor", field_path(leg, "floor")[2:], "the floor price", "money",
             leg.floor, floor, in_8k([floor]),
             cues=_cues(NOTE, rf"not less than {_M} per share") + _cues(FORM_8K,
                                                                       rf"a floor of {_M}"),
             context="floor|not less than", outside=[[floor]])
    if leg.cap is not None:
        cap = str(display.Price(leg.cap))
        term(f"{where}.cap", field_path(leg, "cap")[2:], "the cap price", "money", leg.cap, cap,
             in_8k([cap]), cues=_cues(f"{NOTE},{FORM_8K}", rf"not more than {_M} per share",
                                      rf"\ba cap of {_M}"),
             context="cap|not more than", outside=[[cap]])


def _lockout_terms(term, forms, note: Note) -> None:
    """The day each lock-out ends: no demand for payment, no prepayment before it."""
    for path, label, note_cue, form_8k_cue in (
            (("repayment", "no_demand_before"), "the first day a demand for payment may be made",
             rf"may not demand payment before {_D}", rf"No demand for payment may be made "
             rf"before {_D}"),
            (("prepayment", "not_before"), "the first day the Company may prepay",
             rf"may not prepay this Note before {_D}", rf"may prepay the Note on or after {_D}")):
        period = getattr(getattr(note, path[0]), path[1])
        if period is None:
            continue
        end = period_end_day(period, note.issue_date)
        shown = str(display.Day(end))
        term(".".join(path), path, label, "date", end, shown, forms([shown]),
             cues=_cues(NOTE, note_cue) + _cues(FORM_8K, form_8k_cue),
             context="demand|prepay")


def _worded(forms, note_words: str, form_8k_words: str) -> dict[str, list[str]]:
    """The spellings of a term the note and the 8-K word differently (where the 8-K states it)."""
    words = forms([note_words])
    if FORM_8K in words:
        words[FORM_8K] = [form_8k_words]
    return words


def _statistic_terms(term, forms, family: str, statistic, stated: bool, common: str) -> None:
    # The words say which price is measured, and how ("the lowest trading price or lowest
    # closing bid price, whichever is lower"): a hand edit of them changes the deal as surely as
    # a changed number does.
    words = _worded(forms, *(statistic_words(statistic, Style(kind, common))
                             for kind in (NOTE, FORM_8K)))
    term(f"{family}.words", tuple(statistic.path)[2:], "the market price measured", "text",
         words[NOTE][0], words[NOTE][0], words)
    if statistic.days > 1:
        days = display.Count(statistic.days)
        term(f"{family}.days", field_path(statistic, "days")[2:], "the lookback period",
             "count", statistic.days, f"{days} trading days", forms([f"{days} trading days"]),
             cues=_cues(f"{NOTE},{FORM_8K}", rf"{_C} trading days (?:immediately preceding|"
                        r"ending on)"),
             outside=[[f"{days} trading days", f"{days.value} trading days"]])
    if statistic.count is not None:
        count = display.Count(statistic.count)
        term(f"{family}.count", field_path(statistic, "count")[2:],
             "how many of the lowest prices are averaged", "count", statistic.count,
             f"{count} lowest", forms([f"{count} lowest"]))
    if statistic.value is not None:
        shown = str(display.Price(statistic.value))
        term(f"{family}.value", field_path(statistic, "value")[2:],
             "the market price on that day", "money", statistic.value, shown, forms([shown]),
             context="closing|price")


def _relative(root, leg) -> str:
    """Where a part stands in its price: "", ".lesser_of[1]" …, the same in every note."""
    if leg is root:
        return ""
    for key in ("lesser_of", "greater_of"):
        for index, part in enumerate(getattr(root, key)):
            if part is leg:
                return f".{key}[{index}]"
            found = _relative(part, leg)
            if found is not None:
                return f".{key}[{index}]{found}"
    return None
