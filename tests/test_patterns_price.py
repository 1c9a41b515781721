"""The price and term patterns of issue 9, one example deal each (tests/data/deals/): the note and
the 8-K state each pattern in the words below (read from a reviewed build), `check` finds the
pattern's terms tampered in the rendered DOCX, and the facts and rules that use the conversion
price give the share counts and findings the deal's numbers call for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dealdocs.problems import Status
from tampering import analysed, checked, example, finding, words

# --- golden sentences ----------------------------------------------------------------------------

GOLDEN: dict[str, dict[str, list[str]]] = {
    "average-of-lowest": {
        "note": [
            "(b) Conversion Price. The “Conversion Price” is 65% of the average of the three (3) "
            "lowest closing bid prices of the Common Stock on the Principal Market during the ten "
            "(10) Trading Days immediately preceding the Conversion Date, subject to adjustment "
            "under Section 3(g).",
            "Expressed as a formula: Conversion Price = 65% × P, where P is the average of the "
            "three (3) lowest closing bid prices of the Common Stock on the Principal Market "
            "during the ten (10) Trading Days immediately preceding the Conversion Date; and "
            "Conversion Shares = Conversion Amount ÷ Conversion Price.",
            "(a) Right to Convert. At any time on or after August 7, 2024 (the first day of the "
            "sixth month after the Issue Date) and until this Note is paid in full, the Holder "
            "may convert",
            "to the extent that after the conversion the Holder, together with its affiliates "
            "and any persons acting as a group with it, would beneficially own more than 4.99% "
            "of the shares of Common Stock outstanding immediately after the conversion (the "
            "“Maximum Percentage”).",
            "By written notice to the Company, the Holder may increase the Maximum Percentage to "
            "any percentage not above 9.99%; an increase takes effect sixty-one (61) days after "
            "the Company receives the notice.",
            # the reference resolves to "Section 3(k)" itself (it read "Section Section 3(k)")
            "(v) the Company fails to keep reserved the number of shares of Common Stock "
            "required under Section 3(k); or",
        ],
        "8-K": [
            "Beginning in the sixth month after issuance (August 7, 2024) until fully paid, the "
            "Investor shall have the option to convert all or a portion of the amounts into "
            "shares of the Company's Common Stock. Conversions into Common Stock shall be "
            "calculated using a variable conversion price equal to 65% of the average of the "
            "three (3) lowest closing bid prices for the shares over the prior ten (10) trading "
            "days immediately preceding the Conversion Date.",
            "The Investor may not convert any portion of the Note to the extent that, after the "
            "conversion, it, together with its affiliates, would beneficially own more than "
            "4.99% of the outstanding Common Stock, a limit it may raise to 9.99% on sixty-one "
            "(61) days' notice.",
        ],
    },
    "lesser-of-market-leg": {
        "note": [
            "(b) Conversion Price. The “Conversion Price” is the lesser of (i) the closing price "
            "of the Common Stock on the Principal Market on the Trading Day immediately preceding "
            "the Closing Date ($1.38) and (ii) 50% of the lowest trading price or lowest closing "
            "bid price, whichever is lower, of the Common Stock on the Principal Market during "
            "the twenty (20) Trading Days immediately preceding the Conversion Date, subject to "
            "adjustment under Section 3(h).",
            # a leg that is the statistic itself is P1, not "100% × P1"
            "Expressed as a formula: Conversion Price = the lesser of P1 and 50% × P2, where P1 "
            "is the closing price of the Common Stock on the Principal Market on the Trading Day "
            "immediately preceding the Closing Date ($1.38) and P2 is the lowest trading price "
            "or lowest closing bid price, whichever is lower, of the Common Stock on the "
            "Principal Market during the twenty (20) Trading Days immediately preceding the "
            "Conversion Date; and Conversion Shares = Conversion Amount ÷ Conversion Price.",
            "“Closing Date” means August 11, 2022.",
            "the Company shall not issue Conversion Shares in excess of 19.99% of the shares of "
            "Common Stock outstanding immediately before the Issue Date (the “Exchange Cap”).",
        ],
        "8-K": [
            "On August 9, 2022, Corvane Medical Systems, Inc., a Delaware corporation (the "
            "“Company”) entered into a Securities Purchase Agreement, which closed on August 11, "
            "2022, with Stonebridge Opportunity Master Fund Ltd. (“Investor”)",
            # the 8-K defines no "Closing Date": it says the closing date, in lower case
            "Conversions into Common Stock shall be calculated using a conversion price equal to "
            "the lesser of (i) the closing price for the shares on the trading day immediately "
            "preceding the closing date ($1.38) and (ii) 50% of the lowest trading price or "
            "lowest closing bid price, whichever is lower, for the shares over the prior twenty "
            "(20) trading days immediately preceding the Conversion Date.",
            "the Company may not issue shares of Common Stock upon conversion of the Note in "
            "excess of 19.99% of the shares of Common Stock outstanding before the Note was "
            "issued.",
        ],
    },
    "price-on-events": {
        "note": [
            "(b) Conversion Price. The “Conversion Price” is 60% of the Market Price, subject to "
            "adjustment under Section 3(d) and Section 3(i).",
            "Expressed as a formula: Conversion Price = 60% × MP, where MP is the Market Price; "
            "and Conversion Shares = Conversion Amount ÷ Conversion Price.",
            "(c) Market Price. “Market Price” means the lowest trading price of the Common Stock "
            "on the Principal Market during the twenty (20) Trading Days immediately preceding "
            "the Conversion Date.",
            "(d) Changes to the Conversion Price. The Conversion Price changes as follows: (i) "
            "following an Event of Default, 50% of the Market Price, and (ii) if the Common "
            "Stock loses its bid (no bid price for it is quoted on the Principal Market), "
            "$0.0001 per share. Each change applies to every conversion from the time the event "
            "occurs.",
        ],
        "8-K": [
            # each change is an alternative ("or"), never an addition ("and")
            "Conversions into Common Stock shall be calculated using a variable conversion price "
            "equal to 60% of the market price, or 50% following an event of default, or a fixed "
            "price of $0.0001 per share if the Common Stock loses its bid, where the market "
            "price is the lowest trading price for the shares over the prior twenty (20) trading "
            "days immediately preceding the Conversion Date.",
            "At any time beginning November 20, 2021 until fully paid, the Investor shall have "
            "the option to convert",
        ],
    },
    "unit-note-warrants": {
        "note": [
            "The Holder is purchasing this Note together with a Common Stock Purchase Warrant to "
            "purchase 9,000,000 shares as a unit, for an aggregate purchase price of $729,000 "
            "(the “Purchase Price”), of which $648,000 is allocated to this Note.",
            "(b) Conversion Price. The “Conversion Price” is $0.06 per share, subject to "
            "adjustment under Section 3(g).",
        ],
        "8-K": [
            "for the private placement of a note in the principal amount of $810,000 (“Note”) "
            "and a Common Stock Purchase Warrant to purchase 9,000,000 shares of Common Stock, "
            "for a purchase price of $729,000, of which $648,000 is allocated to the Note.",
            "The Common Stock Purchase Warrant is exercisable for up to 9,000,000 shares of "
            "Common Stock at an exercise price of $0.08 per share, and is exercisable until "
            "September 14, 2028, including on a cashless basis.",
            "Conversions into Common Stock shall be calculated using a fixed conversion price of "
            "$0.06 per share.",
            "the Company received $729,000 of gross proceeds from the offering of the Note and "
            "the Common Stock Purchase Warrant.",
        ],
    },
    "mfn-rofr-piggyback": {
        "note": [
            # The Notice of Conversion nests a fund's signature under its general partner.
            "HOLDER: Bayfront Special Situations Fund, L.P. By: Bayfront Capital Management, LLC, "
            "its general partner By: ________________________ Name: Esteban Carrizo Title: "
            "Managing Member Date:",
            "(b) Most Favored Nation. If, while this Note is outstanding, the Company issues any "
            "security on terms more favorable to its holder than the terms of this Note, the "
            "Company shall notify the Holder within five (5) Business Days, and at the Holder’s "
            "option that term becomes part of this Note.",
        ],
        "8-K": [
            "The Company granted piggyback registration rights covering the shares issuable upon "
            "exercise of the warrant.",
            # the Investor, as the 8-K defines it (it read "the investor's option")
            "If the Company issues any security on terms more favorable to the holder of that "
            "security, that term becomes part of the Note at the option of the Investor.",
            # the 8-K defines no Issue Date (it read "after the Issue Date), the investors have")
            "Until November 6, 2020 (twelve (12) months after the issue date of the Note), the "
            "Investor has a right of first refusal on any debt or equity financing of the "
            "Company.",
        ],
    },
    "effective-as-of": {
        "note": [
            # the note names the agreement by the day it is effective as of
            "This Note is issued under the Securities Purchase Agreement dated as of March 24, "
            "2023 between the Company and the Holder (the “Purchase Agreement”).",
            "The Holder may not demand payment before September 30, 2023 (six (6) months after "
            "issuance).",
            "(c) Prepayment. The Company may not prepay this Note before September 30, 2023 (six "
            "(6) months after issuance).",
            "The Holder may convert all or part of this Note under Section 3 after receiving the "
            "Company’s notice of prepayment and until the prepayment is made.",
        ],
        "8-K": [
            "Date of Report (Date of earliest event reported): March 28, 2023",
            "On March 28, 2023, Kestrel Ridge Minerals Corp., a Nevada corporation (the "
            "“Company”) entered into a Securities Purchase Agreement, effective as of March 24, "
            "2023, which closed on March 30, 2023, with Margaret Ellison Whitaker (“Investor”)",
            # the 8-K defines no Issue Date (it read "six (6) months after the Issue Date")
            "No demand for payment may be made before September 30, 2023 (six (6) months after "
            "issuance).",
            "The Company may prepay the Note on or after September 30, 2023 (six (6) months after "
            "issuance) on fifteen (15) days' written notice, without premium or penalty, and the "
            "Investor may convert after receiving notice of a prepayment.",
        ],
    },
}

GOLDEN_CASES = [(stem, kind, sentence) for stem, kinds in GOLDEN.items()
                for kind, sentences in kinds.items() for sentence in sentences]


@pytest.mark.parametrize("stem, kind, sentence", GOLDEN_CASES,
                         ids=[f"{stem}-{kind}-{number}" for number, (stem, kind, _)
                              in enumerate(GOLDEN_CASES)])
def test_the_document_states_the_pattern(stem, kind, sentence):
    assert sentence in words(stem, kind)


def test_a_unit_price_is_no_original_issue_discount():
    # $810,000 of principal for a $729,000 unit: the agreement calls none of it an OID
    for kind in ("note", "8-K"):
        assert "original issue discount" not in words("unit-note-warrants", kind).casefold()


# --- tampering -----------------------------------------------------------------------------------

# (deal, document, text in word/document.xml, its tampered form, the field check must name)
TAMPERS = [
    ("average-of-lowest", "note", "the three (3) lowest", "the two (2) lowest",
     "notes[0].conversion.price.of.count"),
    ("average-of-lowest", "8-K", "65% of the average", "60% of the average",
     "notes[0].conversion.price.percent"),
    ("lesser-of-market-leg", "note", "Closing Date ($1.38)", "Closing Date ($1.83)",
     "notes[0].conversion.price.lesser_of[0].of.value"),
    ("lesser-of-market-leg", "8-K", "whichever is lower, for the shares",
     "whichever is higher, for the shares", "notes[0].conversion.price.lesser_of[1].of"),
    ("lesser-of-market-leg", "note", "lowest trading price or lowest closing bid price, "
     "whichever is lower,", "lowest closing bid price", "notes[0].conversion.price.lesser_of[1].of"),
    # "50%" stays in the note inside "150%" (the Default Amount): only a whole "50%" counts
    ("price-on-events", "note", "50% of the Market Price", "55% of the Market Price",
     "notes[0].conversion.price_changes[0].percent"),
    ("price-on-events", "8-K", "$0.0001 per share if", "$0.001 per share if",
     "notes[0].conversion.price_changes[1].price.fixed"),
    ("price-on-events", "8-K", "50% following an event of default",
     "50% following a change of control", "notes[0].conversion.price_changes[0]"),
    ("price-on-events", "note", "lowest trading price of the Common Stock",
     "average trading price of the Common Stock", "notes[0].conversion.market_price"),
    ("unit-note-warrants", "note", "of which $648,000 is allocated",
     "of which $658,000 is allocated", "notes[0].unit.note_allocation"),
    ("unit-note-warrants", "8-K", "of which $648,000 is allocated",
     "of which $684,000 is allocated", "notes[0].unit.note_allocation"),
    ("unit-note-warrants", "8-K", "for a purchase price of $729,000",
     "for a purchase price of $792,000", "notes[0].purchase_price"),
    ("mfn-rofr-piggyback", "8-K", "granted piggyback registration rights",
     "granted demand registration rights", "registration_rights"),
    ("mfn-rofr-piggyback", "8-K", "November 6, 2020 (twelve (12) months",
     "November 6, 2021 (twenty-four (24) months", "investor_rights.right_of_first_refusal"),
    ("mfn-rofr-piggyback", "8-K", "at the option of the Investor",
     "at the option of the Company", "investor_rights.most_favored_nation"),
    ("effective-as-of", "note", "dated as of March 24, 2023", "dated as of March 14, 2023",
     "agreement.dated_as_of"),
    ("effective-as-of", "8-K", "effective as of March 24, 2023", "effective as of March 28, 2023",
     "agreement.dated_as_of"),
    ("effective-as-of", "note", "may not demand payment before September 30, 2023",
     "may not demand payment before June 30, 2023", "notes[0].repayment.no_demand_before"),
    ("effective-as-of", "8-K", "may prepay the Note on or after September 30, 2023",
     "may prepay the Note on or after June 30, 2023", "notes[0].prepayment.not_before"),
]


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_the_untampered_documents_pass(stem):
    assert checked(stem) == []


@pytest.mark.parametrize("stem, kind, old, new, field", TAMPERS,
                         ids=[f"{t[0]}-{t[1]}-{t[4]}" for t in TAMPERS])
def test_check_finds_the_tampered_pattern(stem, kind, old, new, field):
    found = checked(stem, (kind, old, new))
    assert any(problem.field == field and problem.is_error for problem in found), \
        [(problem.field, problem.message) for problem in found]


# --- facts and the rules that use the price ------------------------------------------------------

A, NA, S = Status.ACTION_REQUIRED, Status.NOT_APPLICABLE, Status.SATISFIED

# (deal, conversion price at signing, shares at signing, shares at the floor (None: unbounded),
#  Item 3.02 percentage and finding, exchange 20% finding, share reserve needed)
FACTS = [
    # 65% of $0.0412; $115,500 + a year's 10% interest = $127,050 at that price; no floor
    ("average-of-lowest", "0.02678", 4_744_213, None, "6.03", A, NA, 4 * 4_744_213),
    # the lesser of $1.38 and 50% of $1.31; $2,700,000 + 8% actual/360 for 365 days; the
    # market leg has no floor; Nasdaq, held under 20% by the note's own exchange cap
    ("lesser-of-market-leg", "0.655", 4_456_489, None, "14.22", A, S, 3 * 4_456_489),
    # 60% of the $0.0185 Market Price; $88,000 + 12% for a year. After a default the price is
    # 50% of the Market Price with no floor: the $0.0001 loss-of-bid price is no floor for it
    ("price-on-events", "0.0111", 8_879_280, None, "5.61", A, NA, 3 * 8_879_280),
    # the fixed $0.06 is its own floor; $810,000 + 10% for 366 days; Item 3.02 counts the
    # 9,000,000 warrant shares too, and so does the reserve
    ("unit-note-warrants", "0.06", 14_853_699, 14_853_699, "11.61", A, NA,
     2 * 14_853_699 + 9_000_000),
    # $440,000 + 8% for 366 days at the fixed $0.25, with the 880,000 warrant shares
    ("mfn-rofr-piggyback", "0.25", 1_901_186, 1_901_186, "6.27", A, NA, 3 * 1_901_186 + 880_000),
    # $300,000 + 10% for 366 days at the fixed $0.12: 4.87% of 56,420,000, below 5%
    ("effective-as-of", "0.12", 2_750_685, 2_750_685, "4.87", NA, NA, 2 * 2_750_685),
]


@pytest.mark.parametrize("stem, price, at_signing, at_floor, percent, item_3_02, twenty, reserve",
                         FACTS, ids=[row[0] for row in FACTS])
def test_share_counts_and_the_rules_that_use_the_price(stem, price, at_signing, at_floor,
                                                        percent, item_3_02, twenty, reserve):
    facts = analysed(example(stem)).facts
    (note,) = facts.notes
    assert note.conversion_price_at_signing == Decimal(price)
    assert note.shares_at_signing == at_signing
    assert (note.shares_at_floor, note.unbounded) == (at_floor, at_floor is None)
    assert facts.item_3_02_percent == Decimal(percent)
    item = finding(stem, "form_8k.item-3.02")
    assert item.status is item_3_02
    assert ("has no floor" in item.message) == (at_floor is None)
    assert finding(stem, "exchange.20-percent").status is twenty
    share_reserve = finding(stem, "exchange.share-reserve")
    assert share_reserve.status is S
    assert share_reserve.evidence.startswith(f"{reserve:,} needed")
    assert ("no floor" in share_reserve.message) == (at_floor is None)


def test_a_notes_exchange_cap_holds_an_unbounded_price_below_20_percent():
    facts = analysed(example("lesser-of-market-leg")).facts
    # no floor, so below the $1.45 Minimum Price; the note's 19.99% cap holds the deal to
    # 6,263,122 of the 31,331,280 shares outstanding until stockholders approve
    assert facts.minimum_price == Decimal("1.45")
    assert facts.potential_shares is None and facts.approval_capped_shares == 6_263_122
    assert "limits the deal to 6,263,122 shares ÷ 31,331,280 outstanding = 19.98%" in \
        finding("lesser-of-market-leg", "exchange.20-percent").message


def test_the_8k_trigger_is_the_signing_not_the_effective_date():
    deadlines = analysed(example("effective-as-of")).facts.deadlines
    assert deadlines.form_8k_trigger == date(2023, 3, 28)  # effective as of March 24
    assert deadlines.form_8k_due == date(2023, 4, 3)
    assert "Item 3.02" not in words("effective-as-of", "8-K")  # 4.87%, below 5%


def test_a_unit_counts_its_warrant_shares_and_no_discount():
    facts = analysed(example("unit-note-warrants")).facts
    assert facts.notes[0].original_issue_discount == 0
    assert facts.underlying_shares == 14_853_699 + 9_000_000
