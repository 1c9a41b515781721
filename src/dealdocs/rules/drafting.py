"""Drafting: values the deal file marks as placeholders, not facts."""

from __future__ import annotations

import dataclasses
import enum
from datetime import date
from typing import Any, Iterator

from ..facts import Facts
from ..model import Deal
from ..problems import Status
from ..validate import path_of
from . import Outcome, rule


@rule("drafting.placeholder", regime="drafting",
      requirement="Every value listed under `placeholders` is confirmed against the executed "
      "documents and removed from the list before filing.",
      citation="dealdocs drafting practice (not a legal requirement)")
def placeholders(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """No R-number: the deal file's own list of unconfirmed values."""
    if not deal.placeholders:
        yield Outcome(Status.SATISFIED, "No placeholder values are listed")
        return
    for dotted in deal.placeholders:
        path = path_of(dotted)
        yield Outcome(Status.NEEDS_INPUT,
                      f"{dotted} is a placeholder value ({_shown(_value_at(deal, path))}); "
                      "confirm it against the executed documents before filing", path)


def _value_at(deal: Deal, path: tuple) -> Any:
    value: Any = deal
    for part in path:
        if value is None:
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
