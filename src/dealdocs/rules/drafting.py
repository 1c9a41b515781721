"""Drafting: values the deal file marks as placeholders, not facts, and terms it states in a
way the documents must correct."""

from __future__ import annotations

import dataclasses
import enum
from datetime import date
from typing import Any, Iterator

from ..facts import Facts
from ..model import DefaultEvent, Deal, Placeholder, Ranking, known
from ..problems import Severity, Status
from ..validate import field_name, path_of
from . import Outcome, rule


PLACEHOLDER = "drafting.placeholder"


@rule(PLACEHOLDER, regime="drafting",
      requirement="Every value listed under `placeholders` is confirmed against the executed "
      "documents and removed from the list before filing.",
      citation="dealdocs drafting practice (not a legal requirement)")
def placeholders(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """No R-number: the deal file's own list of unconfirmed values, and the facts it leaves as
    `placeholder`. `check --final` makes each an error."""
    unknown = [path for path in deal.source.values
               if isinstance(_value_at(deal, path), Placeholder)]
    if not deal.placeholders and not unknown:
        yield Outcome(Status.SATISFIED, "No placeholder values are listed")
        return
    for path in unknown:
        yield Outcome(Status.NEEDS_INPUT, f"{field_name(path)} is not yet known (placeholder); "
                      "the documents print it as a blank in brackets until it is given", path)
    for dotted in deal.placeholders:
        path = path_of(dotted)
        yield Outcome(Status.NEEDS_INPUT,
                      f"{dotted} is a placeholder value ({_shown(_value_at(deal, path))}); "
                      "confirm it against the executed documents before filing", path)


def _value_at(deal: Deal, path: tuple) -> Any:
    value: Any = deal
    for part in path:
        # A deal changed in memory (a rule test's case) can hold fewer items than its file.
        if value is None or isinstance(part, int) and part >= len(value):
            return None
        value = value[part] if isinstance(part, int) else getattr(value, part, None)
    return value


def _shown(value: Any) -> str:
    """The value as the deal file spells it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or dataclasses.is_dataclass(value) or isinstance(value, tuple):
        return "see the file"
    return str(value)


@rule("drafting.ranking", regime="drafting",
      requirement="An unsecured note does not claim to rank senior to debt the Company already "
      "has; it may rank senior to debt incurred later, equally, or below.",
      citation="dealdocs drafting practice (not a legal requirement)")
def ranking(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """No R-number: a drafting safeguard. An unsecured note cannot rank ahead of the Company's
    existing debt, so `senior` on one is drafted as senior to future unsecured debt, and flagged."""
    for note in deal.notes:
        security = note.security
        if security.ranking is Ranking.SENIOR and not security.secured:
            yield Outcome(Status.NEEDS_INPUT,
                          "the note is unsecured but its ranking is `senior`: it cannot rank "
                          "ahead of debt the Company already has, so the documents state it as "
                          "senior to future unsecured debt; write ranking: senior_to_future to "
                          "confirm, or pari_passu", security.path + ("ranking",),
                          severity=Severity.WARNING)
    if not any(note.security.ranking is Ranking.SENIOR and not note.security.secured
               for note in deal.notes):
        yield Outcome(Status.NOT_APPLICABLE, "No unsecured note claims seniority")


_COLLATERAL_EVENTS = {DefaultEvent.SECURITY_AGREEMENT_BREACH: "a breach of the security agreement",
                      DefaultEvent.LOSS_OF_LIEN_PRIORITY: "the loss of the holder's lien or its "
                      "priority"}


@rule("drafting.secured-defaults", regime="drafting",
      requirement="A secured note makes a breach of its security agreement and the loss of the "
      "holder's lien or its priority events of default.",
      citation="dealdocs drafting practice (not a legal requirement)")
def secured_defaults(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """No R-number: real secured notes of this market carry both; without them the holder's
    only remedy for a lost lien is a suit on the security agreement."""
    secured = [note for note in deal.notes if note.security.secured]
    if not secured:
        yield Outcome(Status.NOT_APPLICABLE, "No note is secured")
    for note in secured:
        events = note.events_of_default.events
        if not known(events):
            continue  # a placeholder: the placeholder rule holds it open
        missing = [words for event, words in _COLLATERAL_EVENTS.items() if event not in events]
        field = note.events_of_default.path + ("events",)
        if missing:
            yield Outcome(Status.NEEDS_INPUT,
                          f"the note is secured, but its events of default leave out "
                          f"{' and '.join(missing)}; add them, or confirm that the holder agreed "
                          "to do without", field, severity=Severity.WARNING)
        else:
            yield Outcome(Status.SATISFIED, "the secured note's events of default include a "
                          "breach of the security agreement and the loss of lien priority", field)


@rule("drafting.schema-version", regime="drafting",
      requirement="The deal file is written in the current version of the deal language.",
      citation="dealdocs (schemas/deal.schema.json)")
def schema_version(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """No R-number: a reminder to upgrade a file written in version 1 (`dealdocs migrate`)."""
    if deal.schema_version == 1:
        yield Outcome(Status.NEEDS_INPUT, "the file is written in version 1 of the deal language; "
                      "it still works, and `dealdocs migrate FILE` rewrites it as version 2, "
                      "keeping its comments", ("schema_version",))
    else:
        yield Outcome(Status.SATISFIED, f"Version {deal.schema_version} of the deal language")
