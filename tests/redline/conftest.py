"""Fixtures for the redline tests: deal files analysed as `build` does."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def calendar():
    from dealdocs.calendar import default_calendar

    return default_calendar()


@pytest.fixture(scope="session")
def analysed(calendar):
    """analysed(text, name): the deal file's text through load → … → rules."""
    from dealdocs.pipeline import analyse_bytes

    def analyse(text: str, name: str = "filings/deal.yaml"):
        return analyse_bytes(text.encode(), name, calendar)

    return analyse
