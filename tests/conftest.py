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
