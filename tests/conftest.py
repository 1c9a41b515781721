"""Shared fixtures. Test modules mirror the package: tests/test_<module>.py, tests/render/…"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_deal():
    from dealdocs import read_deal

    return read_deal(SEED)


@pytest.fixture(autouse=True)
def _no_build_cache(monkeypatch):
    """Tests build with the cache off (DEALDOCS_NO_CACHE), subprocesses included: a test that
    changes how a deal renders must see it rendered, and no test may fill the user's cache.
    tests/test_cache.py turns it on, with a cache directory of its own."""
    monkeypatch.setenv("DEALDOCS_NO_CACHE", "1")
