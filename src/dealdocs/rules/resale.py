"""Resale: the restricted legend (Rule 502(d)) and the Rule 144 holding period."""

from __future__ import annotations

from typing import Iterator

from ..facts import Facts, notes_convert, rule_144_paid, rule_144_tacked
from ..model import Deal
from ..problems import Severity, Status
from . import Outcome, rule
from .phrases import long_day, sentence

LEGEND = ("offering", "restricted_legend")


def _restricted(deal: Deal) -> tuple[str, str]:
    """What the legend goes on, and its verb: the note, and its conversion shares if it
    converts."""
    return ("the note and the conversion shares", "carry") if notes_convert(deal) \
        else ("the note", "carries")


def _shares_too(deal: Deal) -> str:
    return ", and the conversion shares, which take the note's date," if notes_convert(deal) else ""


@rule("resale.restricted-legend", regime="resale",
      requirement="The note and the conversion shares are restricted securities: the Company "
      "takes reasonable care that purchasers are not underwriters, shown by inquiry, written "
      "disclosure that the securities are unregistered, and a restricted legend.",
      citation="Rule 502(d)",
      unverified=True)  # Rule 502(d) is [K]
def restricted_legend(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R29 (the legend)."""
    legend = deal.offering.restricted_legend
    securities, carry = _restricted(deal)
    if legend is None:
        yield Outcome(Status.NEEDS_INPUT, f"Say whether {securities} {carry} the "
                      "restricted-securities legend", ("offering",))
    elif not legend:
        yield Outcome(Status.ACTION_REQUIRED, f"{sentence(securities)} {carry} no restricted "
                      "legend; Rule 502(d) counts the legend among the ways to show reasonable "
                      "care that purchasers are not underwriters: add it", LEGEND,
                      severity=Severity.WARNING)
    else:
        yield Outcome(Status.SATISFIED, f"{sentence(securities)} {carry} the "
                      "restricted-securities legend", LEGEND)


@rule("resale.rule-144", regime="resale",
      requirement="Rule 144 holding period: 6 months if the Company has been reporting for at "
      "least 90 days and is current, otherwise 12, counted from full payment for the note; "
      "conversion shares take the note's date.",
      citation="Rule 144(c), (d)(1), (d)(3)(ii)",
      unverified=True)  # Rule 144's details are [K]
def rule_144(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R29 (the holding period)."""
    deadlines, issuer = facts.deadlines, deal.issuer
    paid = rule_144_paid(deal)
    if deadlines.rule_144_months is None:
        missing = [name for name, value in (("reporting_since", issuer.reporting_since),
                                            ("current_in_reports", issuer.current_in_reports))
                   if value is None]
        yield Outcome(Status.NEEDS_INPUT,
                      f"The Rule 144 holding period (6 or 12 months from full payment on "
                      f"{long_day(paid)}) depends on the Company's reporting history; give "
                      f"{' and '.join('issuer.' + name for name in missing)}", ("issuer",))
        return
    why = ("the Company has been reporting since "
           f"{long_day(issuer.reporting_since)} and is current in its reports"
           if deadlines.rule_144_months == 6 else
           "the Company will not have been reporting for 90 days by then"
           if issuer.current_in_reports else "the Company is not current in its reports")
    tacked = (", the latest issue date of the securities surrendered in exchange, which the new "
              "note takes (Rule 144(d)(3)(ii))") if rule_144_tacked(deal) else ""
    yield Outcome(Status.SATISFIED,
                  f"Rule 144 holding period: {deadlines.rule_144_months} months from full payment "
                  f"on {long_day(paid)}{tacked} ({why}); a holder who is not an affiliate may "
                  f"resell the note{_shares_too(deal)} from "
                  f"{long_day(deadlines.rule_144_available)}",
                  ("issuer", "reporting_since"))
