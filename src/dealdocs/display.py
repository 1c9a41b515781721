"""One formatter per kind of value. Templates receive these wrappers, never raw numbers or dates,
so a template can place a value but cannot format it differently or do arithmetic with it.

`str()` of each wrapper is the form the documents use most; other forms are properties
(`principal.words`, `rate.words`). The consistency check parses these same forms back.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Count:
    """A small number as legal drafting writes it: five (5)."""

    value: int

    def __str__(self) -> str:
        return f"{_spelled(self.value)} ({self.value})"

    @property
    def figures(self) -> str:
        return f"{self.value:,}"


@dataclass(frozen=True)
class Shares:
    value: int

    def __str__(self) -> str:
        """150,000,000."""
        return f"{self.value:,}"


def series(items: list[str], conjunction: str = "and") -> str:
    """a; a and b; a, b and c: the house style for lists in running text."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def numbered(items: list[str], conjunction: str = "and") -> str:
    """(i) a, and (ii) b: an enumerated list in running text."""
    marks = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
    parts = [f"({marks[index]}) {item}" for index, item in enumerate(items)]
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]}, {conjunction} {parts[1]}"
    return "; ".join(parts[:-1]) + f"; {conjunction} " + parts[-1]
