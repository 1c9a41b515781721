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


# --- drafting.secured-defaults ---------------------------------------------------------------


def test_an_unsecured_deal_has_no_collateral_defaults_to_draft():
    assert one(deal(), "drafting.secured-defaults").message == "No note is secured"


def test_a_secured_note_without_the_collateral_defaults_is_flagged_with_both_named():
    secured = deal("secured-senior")
    events = tuple(event for event in secured.notes[0].events_of_default.events
                   if event.value not in ("security_agreement_breach", "loss_of_lien_priority"))
    finding = one(change(secured, "notes[0].events_of_default.events", events),
                  "drafting.secured-defaults")
    assert finding.severity is Severity.WARNING
    assert finding.field == "notes[0].events_of_default.events"
    assert "leave out a breach of the security agreement and the loss of the holder's lien or " \
           "its priority" in finding.message


def test_a_secured_note_with_both_collateral_defaults_passes():
    assert one(deal("secured-senior"), "drafting.secured-defaults").status is Status.SATISFIED
