"""Exchange 20% rules and the share reserve."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dealcase import change, deal, facts_of, one

from dealdocs.model import Market, MarketData
from dealdocs.problems import Severity, Status

TWENTY = "exchange.20-percent"
RESERVE = "exchange.share-reserve"


def nasdaq(name: str, signed: date | None = None):
    """The deal as if listed on Nasdaq (and signed on `signed`)."""
    changed = change(deal(name), "issuer.common_stock.market", Market.NASDAQ)
    if signed is not None:
        changed = change(change(changed, "agreement.date", signed), "form_8k.event_date", signed)
    return changed


def test_no_exchange_rule_for_an_otc_stock():
    assert one(deal(), TWENTY).status is Status.NOT_APPLICABLE


def test_priced_at_or_above_the_minimum_price():
    finding = one(deal("amortizing-prepayment"), TWENTY)  # Nasdaq, fixed price above $1.08
    assert finding.status is Status.NOT_APPLICABLE
    assert "Minimum Price $1.08" in finding.message


def test_no_floor_counts_as_20_percent_or_more():
    uncapped = change(deal("fixed-reset-automatic"), "notes[0].conversion.exchange_cap_percent",
                      None)
    finding = one(uncapped, TWENTY)
    assert finding.status is Status.ACTION_REQUIRED
    assert "cap issuance at 4,863,688 shares, below 20% of the 24,318,442 outstanding" in \
        finding.message


def test_the_notes_exchange_cap_keeps_an_unlimited_price_below_20_percent():
    # 19.99% of 24,318,442 = 4,861,256.5: the note converts into no more than 4,861,256 shares
    finding = one(deal("fixed-reset-automatic"), TWENTY)
    assert finding.status is Status.SATISFIED
    assert ("until stockholders approve, the notes' exchange cap limits the deal to 4,861,256 "
            "shares ÷ 24,318,442 outstanding = 19.98%, below 20%") in finding.message


def test_a_cap_above_20_percent_does_not_satisfy_the_rule():
    capped = change(deal("fixed-reset-automatic"), "notes[0].conversion.exchange_cap_percent",
                    Decimal("25"))
    assert one(capped, TWENTY).status is Status.ACTION_REQUIRED


def test_warrant_and_commitment_shares_count_beside_the_notes_exchange_cap():
    # The cap is the note's own: 7,700,000 conversion shares at $0.08, under its 7,996,000 cap,
    # plus 3,437,500 warrant and 1,250,000 commitment shares = 12,387,500, 30.96% of 40,000,000.
    changed = change(change(nasdaq("warrants-commitment-registration"),
                            "notes[0].conversion.exchange_cap_percent", Decimal("19.99")),
                     "issuer.common_stock.shares_outstanding", 40_000_000)
    finding = one(changed, TWENTY)
    assert finding.status is Status.ACTION_REQUIRED, finding.message
    assert facts_of(changed).approval_capped_shares == 12_387_500


def test_the_seed_on_nasdaq_needs_approval_or_a_cap():
    changed = nasdaq("seed", date(2019, 1, 11))
    finding = one(changed, TWENTY)
    assert finding.status is Status.ACTION_REQUIRED  # no floor: no market data needed
    assert "below 20% of the shares outstanding before signing" in finding.message


def test_below_the_minimum_price_but_under_20_percent():
    # variable-vwap-floor-cap on Nasdaq: at the $0.37 floor, 6,370,055 shares = 13.10%
    finding = one(nasdaq("variable-vwap-floor-cap"), TWENTY)
    assert finding.status is Status.NOT_APPLICABLE
    assert "6,370,055 shares ÷ 48,602,117 outstanding = 13.1%, below 20%" in finding.message


def test_below_the_minimum_price_and_20_percent_or_more():
    # 6,370,055 shares are 20% of 31,850,275 exactly
    changed = change(nasdaq("variable-vwap-floor-cap"), "issuer.common_stock.shares_outstanding",
                     31_850_275)
    finding = one(changed, TWENTY)
    assert finding.status is Status.ACTION_REQUIRED
    assert "outstanding = 20%, at or above 20%" in finding.message
    assert "6,370,054 shares" in finding.message  # the largest count below 20%


def test_market_data_needed():
    prices = MarketData(as_of=date(2021, 12, 29), conversion_measure_price=Decimal("1.7925"))
    changed = change(nasdaq("variable-vwap-floor-cap"), "market_data", prices)
    assert one(changed, TWENTY).status is Status.NEEDS_INPUT


def test_before_the_minimum_price_rules():
    # NYSE American, signed in 2021
    assert one(deal("variable-vwap-floor-cap"), TWENTY).status is Status.NEEDS_INPUT
    assert one(nasdaq("seed", date(2018, 9, 25)), TWENTY).status is Status.NEEDS_INPUT
    assert one(nasdaq("seed", date(2018, 9, 26)), TWENTY).status is Status.ACTION_REQUIRED


def test_nyse_american_from_march_6_2025():
    changed = change(deal("variable-vwap-floor-cap"), "agreement.date", date(2025, 3, 6))
    assert one(changed, TWENTY).status is Status.NOT_APPLICABLE  # 13.10% at the floor


def test_nyse_is_not_computed():
    assert one(deal("secured-senior"), TWENTY).status is Status.NEEDS_INPUT


# --- exchange.share-reserve ------------------------------------------------------------------


def test_the_reserve_fits():
    finding = one(deal("variable-vwap-floor-cap"), RESERVE)
    assert finding.status is Status.SATISFIED
    assert finding.message == (
        "The reserve fits: 4,382,931 needed (the reserve multiples the notes set); 95,182,883 "
        "authorized, unissued and unreserved")


def test_not_enough_authorized_shares_is_an_error():
    changed = change(deal("variable-vwap-floor-cap"), "issuer.common_stock.shares_authorized",
                     48_602_117 + 6_215_000 + 4_382_930)
    finding = one(changed, RESERVE)
    assert finding.severity is Severity.ERROR
    exact = change(changed, "issuer.common_stock.shares_authorized",
                   48_602_117 + 6_215_000 + 4_382_931)
    assert one(exact, RESERVE).status is Status.SATISFIED


def test_reserve_without_the_other_reserves_needs_input():
    finding = one(deal("secured-specified-subordinated"), RESERVE)
    assert finding.status is Status.NEEDS_INPUT
    assert "shares_reserved is not given" in finding.message


def test_reserve_needs_market_data_or_share_counts():
    assert one(deal(), RESERVE).status is Status.NEEDS_INPUT
    changed = change(deal("variable-vwap-floor-cap"), "issuer.common_stock.shares_authorized", None)
    assert "shares_authorized" in one(changed, RESERVE).message


def test_a_reserve_for_a_note_with_no_floor_is_a_warning():
    finding = one(deal("oid-default-interest"), RESERVE)
    assert finding.status is Status.SATISFIED
    assert finding.severity is Severity.WARNING
