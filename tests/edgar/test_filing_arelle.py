"""dealdocs' EDGAR submissions loaded by Arelle, offline, against the stand-in dei taxonomy: the
seed and every example deal load with no XBRL 2.1, Inline XBRL 1.1 (XHTML schema and
transformations included) or Dimensions error, and the facts Arelle reads back are the deal
file's. EDGAR Filer Manual rules Arelle alone does not check are dealdocs' own check's
(tests/render/test_edgar.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

if os.environ.get("CI"):
    import arelle  # noqa: F401  CI installs the `test` extra: a missing Arelle fails there
else:
    pytest.importorskip("arelle", reason="arelle-release (the `test` extra) is not installed")

from arelle_check import load_filing  # noqa: E402
from dei_taxonomy import build_dei_package  # noqa: E402

from dealdocs.calendar import default_calendar  # noqa: E402
from dealdocs.pipeline import analyse  # noqa: E402
from dealdocs.render.edgar import DEI_YEAR, edgar_files, submission_stem  # noqa: E402
from dealdocs.render.package import render_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEALS = [ROOT / "filings" / "ascent-solar-2019-01-11.yaml",
         *sorted((ROOT / "tests" / "data" / "deals").glob("*.yaml"))]


@pytest.fixture(scope="module")
def dei_package(tmp_path_factory) -> Path:
    return build_dei_package(DEI_YEAR, tmp_path_factory.mktemp("dei"))


def written(path: Path, folder: Path):
    """The deal's EDGAR files written into folder: (analysis, primary document's path)."""
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    for name, data in edgar_files(analysis.deal, analysis.facts, documents).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return analysis, folder / "edgar" / f"{submission_stem(analysis.deal)}.htm"


@pytest.mark.parametrize("path", DEALS, ids=lambda path: path.stem)
def test_arelle_loads_the_filing_and_reads_the_deals_values(path, dei_package, tmp_path):
    analysis, primary = written(path, tmp_path)
    result = load_filing(primary, [dei_package])
    assert result.errors == ()
    assert result.warnings == ()
    assert result.facts == {f"dei:{fact.element}": fact.value for fact in analysis.facts.cover
                            if fact.value is not None}


def test_arelle_rejects_a_malformed_cik(dei_package, tmp_path):
    _, primary = written(DEALS[0], tmp_path)
    primary.write_bytes(primary.read_bytes().replace(b">0001350102<", b">000135010<"))
    assert load_filing(primary, [dei_package]).errors


def test_arelle_rejects_a_malformed_date(dei_package, tmp_path):
    _, primary = written(DEALS[0], tmp_path)
    primary.write_bytes(primary.read_bytes().replace(b">January 11, 2019</ix:nonNumeric>",
                                                     b">January 32, 2019</ix:nonNumeric>"))
    errors = load_filing(primary, [dei_package]).errors
    assert any("DocumentPeriodEndDate" in error or "transform" in error.lower()
               for error in errors)
