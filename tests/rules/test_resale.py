"""Resale: the restricted legend and the Rule 144 holding period."""

from __future__ import annotations

from datetime import date

from dealcase import change, deal, one

from dealdocs.problems import Severity, Status


def test_the_legend_is_on():
    assert one(deal(), "resale.restricted-legend").status is Status.SATISFIED


def test_no_legend_is_a_warning():
    finding = one(change(deal(), "offering.restricted_legend", False), "resale.restricted-legend")
    assert finding.status is Status.ACTION_REQUIRED
    assert finding.severity is Severity.WARNING


def test_legend_not_stated():
    finding = one(change(deal(), "offering.restricted_legend", None), "resale.restricted-legend")
    assert finding.status is Status.NEEDS_INPUT


def test_rule_144_six_months():
    finding = one(deal("nonaccredited-506b"), "resale.rule-144")
    assert finding.status is Status.SATISFIED
    assert "6 months from full payment on Friday, February 14, 2020" in finding.message
    assert "from Friday, August 14, 2020" in finding.message


def test_rule_144_twelve_months_when_not_current():
    changed = change(deal("nonaccredited-506b"), "issuer.current_in_reports", False)
    finding = one(changed, "resale.rule-144")
    assert "12 months" in finding.message
    assert "from Sunday, February 14, 2021" in finding.message


def test_rule_144_needs_the_reporting_history():
    finding = one(deal(), "resale.rule-144")
    assert finding.status is Status.NEEDS_INPUT
    assert "issuer.reporting_since and issuer.current_in_reports" in finding.message
    changed = change(deal(), "issuer.reporting_since", date(2006, 7, 10))
    assert "issuer.current_in_reports" in one(changed, "resale.rule-144").message
