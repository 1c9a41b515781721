"""Drafting: placeholder values."""

from __future__ import annotations

from dealcase import change, deal, one, run

from dealdocs.problems import Severity, Status


def test_each_placeholder_is_a_warning_at_its_value():
    found = run(deal(), "drafting.placeholder")
    assert [(p.field, p.severity) for p in found] == [
        ("notes[0].interest.day_count", Severity.WARNING),
        ("notes[0].prepayment.permitted", Severity.WARNING),
        ("notes[0].governing_law", Severity.WARNING),
        *((f"form_d.{name}", Severity.WARNING) for name in (
            "industry_group", "revenue_range", "related_persons", "proceeds_to_related_persons",
            "signature_date"))]
    assert found[2].message == ("notes[0].governing_law is a placeholder value (Delaware); "
                                "confirm it against the executed documents before filing")
    assert "(false)" in found[1].message and "(actual_365)" in found[0].message
    assert found[2].location.line == 83


def test_no_placeholders():
    assert one(change(deal(), "placeholders", ()), "drafting.placeholder").status is \
        Status.SATISFIED
