"""Reading numbers back from a document: the inverse of display.py's formatters.

Words ("Three Hundred Thirty Thousand"), amounts ("$330,000", "$15 million"), percentages and
long-form dates ("January 11, 2019"), as patterns to find them and parsers to read them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


_ONES = {word: number for number, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {word: 10 * number for number, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
# Every scale num2words writes (display.py), so that no total is too large to read back.
_SCALES = {word: 10 ** (3 * power) for power, word in enumerate(
    "thousand million billion trillion quadrillion quintillion sextillion septillion octillion "
    "nonillion decillion".split(), start=1)}
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
    # built from text, exactly: Decimal arithmetic would round a figure past 28 digits
    exponent = f"e{len(str(_SCALES[match['scale']])) - 1}" if match["scale"] else ""
    return Decimal(match["n"].replace(",", "") + exponent)


def dollars_and_cents(dollars: int, cents: int) -> Decimal:
    """The amount, exactly however large (Decimal arithmetic rounds past 28 digits)."""
    return Decimal(f"{dollars * 100 + cents}e-2")


def parse_percent(text: str) -> Decimal:
    return Decimal(text.strip().rstrip("%").strip())


def parse_date(text: str) -> date:
    from datetime import datetime
    return datetime.strptime(" ".join(text.replace(",", ", ").split()), "%B %d, %Y").date()


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


@dataclass(frozen=True)
class Stated:
    """A value a text states: where, what, and its kind."""

    kind: str  # money, percent, date (shares: figures_in only)
    value: Any
    text: str
    start: int
    end: int


def stated_values(flat: str) -> list[Stated]:
    """Every amount, percentage and date the text states, in order."""
    stated = []
    for kind, pattern, parse in (("money", MONEY_RE, _money_or_none),
                                 ("percent", PERCENT_RE, parse_percent),
                                 ("date", DATE_RE, _date_or_none)):
        for match in pattern.finditer(flat):
            value = parse(match.group())
            if value is not None:
                stated.append(Stated(kind, value, match.group(), match.start(), match.end()))
    return sorted(stated, key=lambda s: s.start)


# A share count is a numeral before "shares", perhaps with one word between ("250,000 Common
# Shares", "100,000 restricted shares").
_SHARES = re.compile(r"(?<![\d.,$])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,$])\d+(?![\d,.])")
_SHARES_AFTER = re.compile(r"\s+(?:[A-Za-z]+\s+)?shares\b", re.IGNORECASE)


def figures_in(text: str) -> list[Stated]:
    """stated_values, and the share counts the text states: what an additional term must
    declare under `states`."""
    shares = [Stated("shares", int(match.group().replace(",", "")), match.group(),
                     match.start(), match.end())
              for match in _SHARES.finditer(text) if _SHARES_AFTER.match(text, match.end())]
    return sorted(stated_values(text) + shares, key=lambda s: s.start)
