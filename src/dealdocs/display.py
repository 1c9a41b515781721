"""One formatter per kind of value. Templates receive these wrappers, never raw numbers or dates,
so a template can place a value but cannot format it differently or do arithmetic with it.

`str()` of each wrapper is the form the documents use most; other forms are properties
(`principal.words`, `rate.words`). The consistency check parses these same forms back.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from num2words import num2words


def _spelled(number: int) -> str:
    # num2words writes British English ("three hundred and thirty thousand"); US legal
    # drafting writes "Three Hundred Thirty Thousand".
    words = num2words(number).replace(",", "").replace(" and ", " ")
    return words


def _title(words: str) -> str:
    return " ".join("-".join(part.capitalize() for part in word.split("-"))
                    for word in words.split(" "))


def article(phrase: str) -> str:
    """The indefinite article for a phrase as it is spoken: an Ohio, a Utah, an $800,000."""
    word = phrase.lower()
    if word.startswith(("one", "uni", "use", "usu", "uti", "utah", "eu")):
        return "a"
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"


def _grouped(value: Decimal, places: int) -> str:
    return f"{value:,.{places}f}"


@dataclass(frozen=True)
class Money:
    amount: Decimal

    def __str__(self) -> str:
        """$330,000 for whole dollars, $27,500.50 otherwise."""
        places = 0 if self.amount == self.amount.to_integral_value() else 2
        return "$" + _grouped(self.amount, places)

    @property
    def words(self) -> str:
        """Three Hundred Thirty Thousand Dollars (and Fifty Cents)."""
        dollars = int(self.amount)
        cents = int((self.amount - dollars) * 100)
        text = _title(_spelled(dollars)) + (" Dollar" if dollars == 1 else " Dollars")
        if cents:
            text += " and " + _title(_spelled(cents)) + (" Cent" if cents == 1 else " Cents")
        return text

    @property
    def a(self) -> str:
        """a $330,000, an $800,000: the article goes by the spoken number."""
        return f"{article(_spelled(int(self.amount)))} {self}"

    @property
    def in_full(self) -> str:
        """Three Hundred Thirty Thousand Dollars ($330,000)."""
        return f"{self.words} ({self})"


@dataclass(frozen=True)
class Price:
    """A price per share: at least two decimals, as many as the deal file gives."""

    value: Decimal

    def __str__(self) -> str:
        places = max(2, -self.value.normalize().as_tuple().exponent)
        return "$" + _grouped(self.value, places)


@dataclass(frozen=True)
class Percent:
    value: Decimal

    def __str__(self) -> str:
        """12%, 4.99%."""
        return f"{self.value.normalize():f}%"

    @property
    def words(self) -> str:
        """twelve percent (12%); decimals stay in figures only: 4.99%."""
        if self.value != self.value.to_integral_value():
            return str(self)
        return f"{_spelled(int(self.value))} percent ({self})"


@dataclass(frozen=True)
class Day:
    value: date

    def __str__(self) -> str:
        """January 11, 2019."""
        return f"{self.value:%B} {self.value.day}, {self.value.year}"

    @property
    def iso(self) -> str:
        return self.value.isoformat()

    @property
    def weekday(self) -> str:
        return f"{self.value:%A}"

    @property
    def long(self) -> str:
        """Thursday, January 17, 2019: for a deadline, where the weekday matters."""
        return f"{self.weekday}, {self}"


@dataclass(frozen=True)
class Count:
    """A small number as legal drafting writes it: five (5)."""

    value: int

    def __str__(self) -> str:
        return f"{_spelled(self.value)} ({self.value})"

    @property
    def words(self) -> str:
        """two: the number in words alone, for counts of things (two outstanding notes)."""
        return _spelled(self.value)

    @property
    def figures(self) -> str:
        return f"{self.value:,}"


@dataclass(frozen=True)
class Shares:
    value: int

    def __str__(self) -> str:
        """150,000,000."""
        return f"{self.value:,}"


# A draft's brackets. The renderer prints what stands between OPEN and CLOSE in brackets and
# highlighted: a value not yet confirmed ("[Delaware]") or a fact not yet known ("[●]"). Private-use
# characters, so no value of a deal file can contain them (the schema refuses them).
OPEN, CLOSE = "\ue000", "\ue001"
BLANK = f"{OPEN}●{CLOSE}"
# A cross-reference to a numbered paragraph by its label, resolved to "Section 3(q)" after the
# render (render.context.Numbering), so it may come before the paragraph it refers to.
REFERENCE_OPEN, REFERENCE_CLOSE = "\ue002", "\ue003"


def reference(label: str) -> str:
    return f"{REFERENCE_OPEN}{label}{REFERENCE_CLOSE}"


@dataclass(frozen=True)
class Tentative:
    """A value the deal file lists under `placeholders`: every form of it is bracketed."""

    inner: object

    def __str__(self) -> str:
        return f"{OPEN}{self.inner}{CLOSE}"

    def __getattr__(self, name: str):
        value = getattr(self.inner, name)
        return value if isinstance(value, (bool, int)) else Tentative(value)

    def __bool__(self) -> bool:
        return bool(self.inner)


def unbracketed(text: str) -> str:
    """Text as a reader takes its facts: the draft brackets' marks removed."""
    return text.replace(OPEN, "").replace(CLOSE, "")


# An exemption's short name, as rules and the checklist cite it (keys: the deal file's spelling).
EXEMPTION_NAMES = {
    "section_4a2": "Section 4(a)(2)",
    "rule_506b": "Rule 506(b)",
    "rule_506c": "Rule 506(c)",
    "rule_504": "Rule 504",
    "section_4a5": "Section 4(a)(5)",
    "regulation_s": "Regulation S",
    "section_3a9": "Section 3(a)(9)",
}


def names_shares(term: str) -> bool:
    """Whether a class's name says shares ("Common Shares", a trust's), not stock."""
    return re.search(r"\bshares\b", term, re.IGNORECASE) is not None


def shares_of(term: str, owner: str = "") -> str:
    """"shares of Common Stock"; a class whose name says shares ("Common Shares") stands alone:
    "the Company's Common Shares", never "shares of Common Shares"."""
    return f"{owner}{term}" if names_shares(term) else f"shares of {owner}{term}"


def ordinal(number: int) -> str:
    """first, second, sixth: a tranche's or a month's place in words."""
    from num2words import num2words

    return num2words(number, to="ordinal")


def capitalized(text: str) -> str:
    """The text with its first letter in capitals, the rest untouched (unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def series(items: list[str], conjunction: str = "and") -> str:
    """a; a and b; a, b and c: the house style for lists in running text."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def list_marks(count: int, conjunction: str = "and") -> list[tuple[str, str]]:
    """(mark, punctuation after the item) for each item of an enumerated list in running text:
    (i) a, and (ii) b; or (i) a; (ii) b; and (iii) c."""
    marks = [f"({roman(number)})" for number in range(1, count + 1)]
    if count == 2:
        afters = [f", {conjunction} ", ""]
    else:
        afters = ["; "] * (count - 2) + [f"; {conjunction} "] * (count > 1) + [""]
    return list(zip(marks, afters[-count:] if count else []))


def numbered(items: list[str], conjunction: str = "and") -> str:
    return "".join(f"{mark} {item}{after}"
                   for (mark, after), item in zip(list_marks(len(items), conjunction), items))


def alternatives(items: list[str], conjunction: str = "and") -> str:
    """(i) a and (ii) b; (i) a, (ii) b and (iii) c: terms of a formula, without the semicolons
    that separate clauses."""
    marked = [f"({roman(number)}) {item}" for number, item in enumerate(items, 1)]
    return series(marked, conjunction)


def roman(number: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text, number = text + numeral, number - value
    return text
