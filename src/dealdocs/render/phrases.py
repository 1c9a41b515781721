"""The words of the documents' variable terms, in one place.

Templates place these phrases; they do not spell terms out themselves. Each phrase comes in two
styles: the note's (formal, with the note's defined terms: "the Common Stock", "Trading Days")
and the 8-K's (the summary style issuers use: "for the shares", "trading days"). A price
expression of any shape is worded by walking it, so a deal that combines parts in a new way
needs no new template text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import display
from ..facts import changed_price
from ..model import (MARKET_PRICE, PAR_VALUE, DailyPrice, Ending, MarketStatistic, PriceChange,
                     PriceEvent, PriceExpression, ReferenceDay, Statistic)

NOTE, FORM_8K = "note", "8-K"

# Enum value → words, by the model field's name. View exposes each as `<field>_words`.
WORDS: dict[str, dict[str, str]] = {
    "entity_kind": {"corporation": "corporation", "limited_liability_company":
                    "limited liability company", "limited_partnership": "limited partnership",
                    "general_partnership": "general partnership",
                    "business_trust": "business trust", "other": "entity"},
    "basis": {"simple": "as simple interest", "compounded_monthly": "compounded monthly",
              "compounded_quarterly": "compounded quarterly",
              "compounded_annually": "compounded annually"},
    "day_count": {"actual_365": "a 365-day year and the actual number of days elapsed",
                  "actual_360": "a 360-day year and the actual number of days elapsed",
                  "30_360": "a 360-day year of twelve 30-day months"},
    "payable": {"at_maturity": "at maturity", "monthly": "monthly", "quarterly": "quarterly",
                "semi_annually": "semi-annually", "annually": "annually"},
    "market": {"nasdaq": "The Nasdaq Stock Market", "nyse": "the New York Stock Exchange",
               "nyse_american": "NYSE American",
               "otc": "the market of OTC Markets Group Inc. on which the {common} {is_} quoted",
               "none": "any market on which the {common} {trades}"},
    "method": {"full_ratchet": "full-ratchet", "weighted_average_broad":
               "broad-based weighted-average", "weighted_average_narrow":
               "narrow-based weighted-average"},
    "frequency": {"monthly": "monthly", "quarterly": "quarterly"},
    "ranking": {"senior": "senior", "senior_to_future": "senior to future unsecured debt",
                "pari_passu": "pari passu", "subordinated": "subordinated"},
}
EXCHANGE_NAMES = {"nasdaq": "The Nasdaq Stock Market LLC", "nyse": "New York Stock Exchange",
                  "nyse_american": "NYSE American LLC"}

# Each event of default: (the note's clause, the 8-K's summary).
EVENTS_OF_DEFAULT: dict[str, tuple[str, str]] = {
    "payment": ("the Company fails to pay any principal, interest or other amount under this "
                "Note when due", "failure to make payments when due under {the_note}"),
    "bankruptcy_or_insolvency": (
        "the Company becomes insolvent, admits in writing its inability to pay its debts as they "
        "become due, makes a general assignment for the benefit of creditors, commences a "
        "voluntary case or proceeding under any bankruptcy, insolvency or similar law, or has an "
        "order for relief entered against it in an involuntary case or proceeding under any such "
        "law", "bankruptcy or insolvency of the Company"),
    "covenant_breach": ("the Company fails to perform any other covenant in this Note{agreement}"
                        "{cure}", "breach of covenants under {the_note}"),
    "representation_breach": ("any representation or warranty of the Company in {document} "
                              "proves to have been materially false or misleading when made",
                              "breach of the Company's representations and warranties"),
    "cross_default": ("any other indebtedness of the Company for borrowed money is accelerated, "
                      "or is not paid at its final maturity, because of a default",
                      "default under other indebtedness of the Company"),
    "holder_cross_default": ("the Company defaults under any other note, agreement or "
                             "instrument between the Company and the Holder, after any "
                             "applicable cure period", "default under the Company's other "
                             "notes and agreements with {the_holder}"),
    "judgment": ("a final judgment for the payment of money that is material to the Company is "
                 "entered against it and is not paid, discharged or stayed pending appeal",
                 "entry of a material judgment against the Company"),
    "failure_to_deliver_shares": ("the Company fails to deliver Conversion Shares by the Share "
                                  "Delivery Date", "failure to deliver {shares_of_common} upon "
                                  "conversion"),
    "failure_to_reserve_shares": ("the Company fails to keep reserved the number of "
                                  "{shares_of_common} required under {reserve}",
                                  "failure to reserve sufficient {shares_of_common}"),
    "delisting": ("the {common} is suspended from trading on, or delisted from, the Principal "
                  "Market", "suspension or delisting of the {common}"),
    "reporting_failure": ("the Company fails to file on time any report it is required to file "
                          "with the Securities and Exchange Commission under the Securities "
                          "Exchange Act of 1934, as amended", "failure to timely file reports "
                          "with the Securities and Exchange Commission"),
    "change_of_control": ("a change of control of the Company occurs, meaning that any person or "
                          "group acquires more than half of the voting power of the Company, or "
                          "the Company sells all or substantially all of its assets or merges "
                          "with another entity in which its stockholders do not keep a majority "
                          "of the voting power", "a change of control of the Company"),
    "dtc_chill": ("the Depository Trust Company imposes a “chill” or other restriction on "
                  "deposits or book-entry transfers of the {common}",
                  "a DTC chill on the {common}"),
    "reverse_split": ("the Company effects a reverse split of the {common} without at least "
                      "twenty (20) Trading Days’ prior written notice to the Holder",
                      "a reverse {split_word} split without notice to {the_holder}"),
    "transfer_agent_change": ("the Company replaces its transfer agent without delivering to "
                              "the new transfer agent, before the change, irrevocable "
                              "instructions signed by the Company and the new transfer agent "
                              "to reserve and issue Conversion Shares under this Note",
                              "a change of transfer agent without instructions for conversions"),
    "security_agreement_breach": ("the Company breaches any covenant, representation or warranty "
                                  "in the {security_agreement}, or the {security_agreement} "
                                  "ceases to be in full force and effect",
                                  "breach of the {security_agreement}"),
    "loss_of_lien_priority": ("any security interest granted to the Holder ceases to be a valid "
                              "and perfected security interest with the priority the "
                              "{security_agreement} provides",
                              "loss of the priority of the security interest securing {the_note}"),
}

# The 8-K's words for each exemption (Item 3.02); the checklist uses display.EXEMPTION_NAMES.
EXEMPTION_8K_WORDS = {
    "section_4a2": "Section 4(a)(2)",
    "section_4a5": "Section 4(a)(5)",
    "section_3a9": "Section 3(a)(9)",
    "rule_506b": "Rule 506 of Regulation D",
    "rule_506c": "Rule 506(c) of Regulation D",
    "rule_504": "Rule 504 of Regulation D",
    "regulation_s": "Regulation S",
}

_DAILY = {  # (singular, plural) in the note's words; the 8-K says VWAP in full
    DailyPrice.CLOSING_BID: ("closing bid price", "closing bid prices"),
    DailyPrice.CLOSING: ("closing price", "closing prices"),
    DailyPrice.TRADING: ("trading price", "trading prices"),
    DailyPrice.SALE: ("sale price", "sale prices"),
    DailyPrice.DAILY_VWAP: ("daily VWAP", "daily VWAPs"),
}
_REFERENCE = {  # the day a window ends at: (note, 8-K)
    ReferenceDay.CONVERSION_DATE: ("the Conversion Date", "the Conversion Date"),
    ReferenceDay.PAYMENT_DATE: ("the payment date", "the payment date"),
    ReferenceDay.ISSUE_DATE: ("the Issue Date", "the issue date of the Note"),
    ReferenceDay.CLOSING_DATE: ("the Closing Date", "the closing date"),  # the 8-K defines none
}
_EVENT = {  # when a price change applies: (note, 8-K)
    PriceEvent.EVENT_OF_DEFAULT: ("following an Event of Default", "following an event of default"),
    PriceEvent.LOSS_OF_BID: ("if the Common Stock loses its bid (no bid price for it is quoted "
                             "on the Principal Market)", "if the Common Stock loses its bid"),
    PriceEvent.DTC_CHILL: ("if the Depository Trust Company imposes a “chill” on deposits or "
                           "book-entry transfers of the Common Stock",
                           "if the Common Stock becomes subject to a DTC chill"),
    PriceEvent.DELISTING: ("if the Common Stock is delisted from the Principal Market",
                           "if the Common Stock is delisted"),
}


@dataclass(frozen=True)
class Style:
    """Who is speaking: the note (formal) or the 8-K (summary), and what the shares are called."""

    kind: str  # NOTE or FORM_8K
    common: str = "Common Stock"  # the deal's defined term for the shares
    par_value: Decimal | None = None

    @property
    def note(self) -> bool:
        return self.kind == NOTE

    def pick(self, note_words: str, form_8k_words: str) -> str:
        return note_words if self.note else form_8k_words


# --- market statistics -----------------------------------------------------------------------


def statistic(measure: MarketStatistic, style: Style) -> str:
    """"the lowest closing bid price of the Common Stock on the Principal Market during the five
    (5) Trading Days immediately preceding the Conversion Date" (note); "the lowest closing bid
    price for the shares over the prior five (5) trading days immediately preceding the
    Conversion Date" (8-K)."""
    of_the_stock = style.pick(f"of the {style.common} on the Principal Market", "for the shares")
    what = _what(measure, style)
    if what.endswith("whichever is lower"):  # the clause closes before the words that follow
        what += ","
    text = f"{what} {of_the_stock} {_window(measure, style)}"
    if measure.value is not None:
        text += f" ({display.Price(measure.value)})"
    return text


def _what(measure: MarketStatistic, style: Style) -> str:
    kind, price = measure.statistic, measure.price
    if kind is Statistic.VWAP:
        return style.pick("the VWAP", "the volume-weighted average price")
    if price is DailyPrice.LOWER_OF_TRADING_AND_CLOSING_BID:
        return _lower_of(kind, measure.count)
    one, many = _daily(price, style)
    if kind is None:
        return f"the {one}"
    if kind is Statistic.AVERAGE_OF_LOWEST:
        return f"the average of the {display.Count(measure.count)} lowest {many}"
    if kind is Statistic.AVERAGE and price is DailyPrice.DAILY_VWAP and style.note:
        return f"the average of the {many}"
    if kind is Statistic.AVERAGE and price is DailyPrice.CLOSING and style.note:
        return f"the average of the {many}"
    return f"the {kind.value} {one}"


def _lower_of(kind: Statistic | None, count: int | None) -> str:
    if kind is Statistic.AVERAGE_OF_LOWEST:
        return (f"the average of the {display.Count(count)} lowest daily prices, taking for each "
                "day the trading price or the closing bid price, whichever is lower")
    if kind in (Statistic.LOWEST, Statistic.HIGHEST):
        return (f"the {kind.value} trading price or {kind.value} closing bid price, whichever is "
                "lower")
    lead = "the average of the" if kind is Statistic.AVERAGE else "the"
    return f"{lead} trading price or closing bid price, whichever is lower"


def _daily(price: DailyPrice, style: Style) -> tuple[str, str]:
    if price is DailyPrice.DAILY_VWAP and not style.note:
        return ("daily volume-weighted average price", "daily volume-weighted average prices")
    return _DAILY[price]


def _window(measure: MarketStatistic, style: Style) -> str:
    day = _REFERENCE[measure.day][0 if style.note else 1]
    days = style.pick("Trading Days", "trading days")
    one = style.pick("Trading Day", "trading day")
    if measure.days == 1:
        return (f"on the {one} immediately preceding {day}" if measure.ending is Ending.BEFORE
                else f"on {day}")
    count = display.Count(measure.days)
    if measure.ending is Ending.ON:
        return f"{style.pick('during', 'over')} the {count} {days} ending on and including {day}"
    return style.pick(f"during the {count} {days} immediately preceding {day}",
                      f"over the prior {count} {days} immediately preceding {day}")


# --- prices ----------------------------------------------------------------------------------


def price(expression: PriceExpression, style: Style, *, defined: frozenset[str] = frozenset()
          ) -> str:
    """The words of a price expression. In the note, a part with a name is referred to by its
    name ("the Variable Price") when `defined` says its definition is given elsewhere."""
    if style.note and expression.name and expression.name in defined and expression.fixed is None:
        return f"the {expression.name}"
    if expression.fixed is not None:
        text = style.pick(f"{display.Price(expression.fixed)} per share",
                          f"a fixed price of {display.Price(expression.fixed)} per share")
        if style.note and expression.name:
            text += f" (the “{expression.name}”)"
    elif expression.of is not None:
        text = _market_leg(expression, style)
    else:
        which = "lesser" if expression.lesser_of else "greater"
        parts = [price(part, style, defined=defined) for part in expression.parts]
        text = f"the {which} of {display.alternatives(parts)}"
    return text + _bounds(expression, style)


def _market_leg(expression: PriceExpression, style: Style) -> str:
    measure = market_price_words(style) if expression.of == MARKET_PRICE \
        else statistic(expression.of, style)
    if expression.discount_percent is not None:
        discount = display.Percent(expression.discount_percent)
        return style.pick(f"{measure} less a discount of {discount}",
                          f"a {discount} discount to {measure}")
    if expression.percent is None:
        return measure
    return f"{display.Percent(expression.percent)} of {measure}"


def market_price_words(style: Style) -> str:
    return style.pick("the Market Price", "the market price")


def _bounds(expression: PriceExpression, style: Style) -> str:
    floor = expression.floor
    if floor is None and expression.cap is None:
        return ""
    if floor == PAR_VALUE:
        shown = style.pick(f"the par value of the {style.common}",
                           "the par value of the shares")
        if style.par_value is not None:
            shown += f" ({display.Price(style.par_value)})"
    elif floor is not None:
        shown = f"{display.Price(floor)}"
    if style.note:
        parts = []
        if floor is not None:
            parts.append(f"not less than {shown}" + (" per share" if floor != PAR_VALUE else ""))
        if expression.cap is not None:
            parts.append(f"not more than {display.Price(expression.cap)} per share")
        return ", but " + " and ".join(parts)
    parts = []
    if floor is not None:
        parts.append(f"a floor of {shown}")
    if expression.cap is not None:
        parts.append(f"a cap of {display.Price(expression.cap)}")
    return ", subject to " + " and ".join(parts) + (" per share" if floor != PAR_VALUE
                                                     or expression.cap is not None else "")


def named_parts(expression: PriceExpression) -> list[PriceExpression]:
    """The parts of a price the note defines in their own sentence ("The “Variable Price” is …"):
    named parts that are not fixed prices (those are defined where they stand)."""
    return [leg for leg in expression.legs()
            if leg is not expression and leg.name and leg.fixed is None]


def price_change(change: PriceChange, base: PriceExpression, style: Style) -> str:
    """"following an Event of Default, 50% of …" (note); "or 50% following an event of default"
    is the 8-K's (see price_with_changes)."""
    return f"{_when(change, style)}, {price(changed_price(base, change), style)}"


def _when(change: PriceChange, style: Style) -> str:
    if change.on is PriceEvent.DATE:
        return f"on and after {display.Day(change.date)}"
    return _EVENT[change.on][0 if style.note else 1]


def price_with_changes(expression: PriceExpression, changes: tuple[PriceChange, ...],
                       style: Style) -> str:
    """The 8-K's one sentence: "60% of the lowest trading price …, or 50% following an event of
    default, or a fixed price of $0.0001 per share if the Common Stock loses its bid". Each
    change is an alternative to the price, not an addition to it: "or", never "and"."""
    text = price(expression, style)
    if not changes:
        return text
    return text + "".join(f", or {change_alternative(change, style)}" for change in changes)


def change_alternative(change: PriceChange, style: Style) -> str:
    """One change as the 8-K gives it: "50% following an event of default"."""
    new = f"{display.Percent(change.percent)}" if change.percent is not None \
        else price(change.price, style)
    return f"{new} {_when(change, style)}"


# --- the formula -------------------------------------------------------------------------------


def formula(expression: PriceExpression, style: Style) -> str:
    """"Conversion Price = the lesser of $0.003 and 65% × P, where P is …": the same expression in
    symbols, each market statistic a letter defined after it."""
    letters: dict[Any, str] = {}
    body = _symbols(expression, letters, _statistics(expression) > 1)
    if not letters:
        return f"Conversion Price = {body}"
    definitions = [f"{letter} is {_statistic_for_formula(measure, style)}"
                   for measure, letter in letters.items()]
    return f"Conversion Price = {body}, where {display.series(definitions, 'and')}"


def _symbols(expression: PriceExpression, letters: dict[Any, str], numbered: bool) -> str:
    if expression.fixed is not None:
        text = str(display.Price(expression.fixed))
    elif expression.of is not None:
        key = expression.of
        if key not in letters:
            letters[key] = "MP" if key == MARKET_PRICE else \
                "P" + (str(len(letters) + 1) if numbered else "")
        text = letters[key] if expression.market_percent == 100 else \
            f"{display.Percent(expression.market_percent)} × {letters[key]}"
    else:
        which = "lesser" if expression.lesser_of else "greater"
        parts = [_symbols(part, letters, numbered) for part in expression.parts]
        text = f"the {which} of " + display.series(parts)
    bounds = []
    if expression.floor is not None:
        floor = "par value" if expression.floor == PAR_VALUE else display.Price(expression.floor)
        bounds.append(f"not less than {floor}")
    if expression.cap is not None:
        bounds.append(f"not more than {display.Price(expression.cap)}")
    if bounds:
        text = f"({text}, {' and '.join(bounds)})" if expression.parts else \
            f"{text}, {' and '.join(bounds)}"
    return text


def _statistics(expression: PriceExpression) -> int:
    return len({leg.of for leg in expression.legs() if leg.of is not None})


def _statistic_for_formula(measure: Any, style: Style) -> str:
    if measure == MARKET_PRICE:
        return "the Market Price"
    return statistic(measure, style)


# --- the 8-K's summaries ---------------------------------------------------------------------------


def exemptions_8k(exemptions) -> str:
    """"Section 4(a)(2) under the Securities Act of 1933, as amended (“Securities Act”), and Rule
    506 of Regulation D promulgated thereunder": the first cites the Act, the rest refer to it."""
    parts = []
    for index, exemption in enumerate(exemptions):
        words = EXEMPTION_8K_WORDS[exemption.value]
        statute = exemption.value.startswith("section")
        if index == 0:
            parts.append(f"{words} {'under' if statute else 'promulgated under'} the Securities "
                         "Act of 1933, as amended (“Securities Act”)")
        else:
            parts.append(f"{words} {'of the Securities Act' if statute else 'promulgated thereunder'}")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def conversion_8k(expression: PriceExpression, changes: tuple[PriceChange, ...], style: Style
                  ) -> str:
    """"a variable conversion price equal to 80% of …", "a fixed conversion price of $0.05 per
    share", or "a conversion price equal to the lesser of …", with any changes on events."""
    if expression.fixed is not None and not changes and expression.down_round is None \
            and expression.floor is None and expression.cap is None:
        return f"a fixed conversion price of {display.Price(expression.fixed)} per share"
    if expression.fixed is not None and not changes:
        return (f"a fixed conversion price of {display.Price(expression.fixed)} per share"
                + _bounds(expression, style))
    lead = "a variable conversion price equal to" if expression.of is not None \
        else "a conversion price equal to"
    return f"{lead} {price_with_changes(expression, changes, style)}"
