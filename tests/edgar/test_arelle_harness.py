"""The offline Arelle harness (arelle_check.load_filing + the dei stand-in) proven on a real 8-K
cover: Workiva's January 2023 Inline XBRL filing loads clean and reads back its visible values, and
each defect below makes Arelle report an error. Every load is offline (see arelle_check)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

if os.environ.get("CI"):
    import arelle  # noqa: F401  CI installs the `test` extra: a missing Arelle fails there
else:
    pytest.importorskip("arelle", reason="arelle-release (the `test` extra) is not installed")

from arelle_check import load_filing  # noqa: E402
from dei_taxonomy import build_dei_package  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
WORKIVA = SHARED / "vendor" / "workiva-8k-ixbrl-2023"

PRIMARY = "wk-20230109.htm"
CONTEXT = "i5141cfeee8b44800888ca88fa3ff4a47_D20230109-20230109"

# What the cover shows, as XBRL values after the ix transformations.
VISIBLE = {
    "dei:AmendmentFlag": "false",  # ixt:fixed-false
    "dei:DocumentType": "8-K",
    "dei:DocumentPeriodEndDate": "2023-01-09",  # "January 9, 2023", ixt:date-monthname-day-year-en
    "dei:EntityRegistrantName": "WORKIVA INC",
    "dei:EntityCentralIndexKey": "0001445305",
    "dei:EntityIncorporationStateCountryCode": "DE",  # "Delaware", ixt-sec:stateprovnameen
    "dei:EntityFileNumber": "001-36773",
    "dei:EntityTaxIdentificationNumber": "47-2509828",
    "dei:EntityAddressAddressLine1": "2900 University Blvd",
    "dei:EntityAddressCityOrTown": "Ames",
    "dei:EntityAddressStateOrProvince": "IA",
    "dei:EntityAddressPostalZipCode": "50010",
    "dei:CityAreaCode": "888",
    "dei:LocalPhoneNumber": "275-3125",
    "dei:Security12bTitle": "Class A common stock, par value $.001",
    "dei:TradingSymbol": "WK",
    "dei:SecurityExchangeName": "NYSE",  # "New York Stock Exchange", ixt-sec:exchnameen
    "dei:CurrentFiscalYearEndDate": "--12-31",
    # the five check boxes read as U+2610, ixt-sec:boolballotbox
    **{f"dei:{box}": "false" for box in (
        "WrittenCommunications", "SolicitingMaterial", "PreCommencementTenderOffer",
        "PreCommencementIssuerTenderOffer", "EntityEmergingGrowthCompany")},
}

FORMER_ADDRESS = (
    '<xbrli:context id="former"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">'
    '0001445305</xbrli:identifier><xbrli:segment><xbrldi:explicitMember dimension="{axis}">'
    "dei:FormerAddressMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity><xbrli:period>"
    "<xbrli:startDate>2023-01-09</xbrli:startDate><xbrli:endDate>2023-01-09</xbrli:endDate>"
    "</xbrli:period></xbrli:context>"
)
FORMER_LINE1 = ('<ix:nonNumeric contextRef="former" name="dei:EntityAddressAddressLine1">'
                "1 Old Road</ix:nonNumeric>")


@pytest.fixture(scope="module")
def filing(tmp_path_factory) -> Path:
    """The Workiva cover as EDGAR wants it (ASCII, non-ASCII as character references) beside its
    extension schema and linkbases, and a stand-in dei 2022 package in the same folder."""
    if not WORKIVA.exists():
        pytest.skip("../shared is not checked out here")
    folder = tmp_path_factory.mktemp("workiva")
    text = (WORKIVA / "ixbrl-viewer.htm").read_text(encoding="utf-8")
    ascii_text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    (folder / PRIMARY).write_text(ascii_text, encoding="ascii")
    for name in ("wk-20230109.xsd", "wk-20230109_lab.xml", "wk-20230109_pre.xml"):
        shutil.copyfile(WORKIVA / name, folder / name)
    build_dei_package(2022, folder)
    return folder / PRIMARY


def load_variant(filing: Path, tmp_path: Path, edit) -> object:
    """Load a copy of the cover with ``edit(text) -> text`` applied next to the original's files."""
    text = filing.read_text(encoding="ascii")
    edited = edit(text)
    assert edited != text, "the edit matched nothing"
    variant = filing.parent / f"{tmp_path.name}.htm"
    variant.write_text(edited, encoding="ascii")
    return load_filing(variant, [filing.parent / "dei-2022-standin.zip"])


def replace_once(old: str, new: str):
    return lambda text: text.replace(old, new, 1)


def add_former_address(axis: str):
    def edit(text: str) -> str:
        text = text.replace("<html ", '<html xmlns:xbrldi="http://xbrl.org/2006/xbrldi" ', 1)
        context = FORMER_ADDRESS.format(axis=axis)
        text = text.replace("</ix:resources>", context + "</ix:resources>", 1)
        return text.replace("</ix:hidden>", FORMER_LINE1 + "</ix:hidden>", 1)
    return edit


# ---- Arelle on the real cover ---------------------------------------------------------------


def test_the_workiva_cover_loads_clean_and_reads_back_its_visible_values(filing: Path) -> None:
    result = load_filing(filing, [filing.parent / "dei-2022-standin.zip"])
    assert result.errors == ()
    assert result.warnings == ()
    assert result.facts == VISIBLE


def test_a_dimensional_fact_has_its_own_key(filing: Path, tmp_path: Path) -> None:
    edit = add_former_address("dei:EntityAddressesAddressTypeAxis")
    result = load_variant(filing, tmp_path, edit)
    assert result.errors == ()
    former = ("dei:EntityAddressAddressLine1"
              "[dei:EntityAddressesAddressTypeAxis=dei:FormerAddressMember]")
    assert result.facts[former] == "1 Old Road"
    assert result.facts["dei:EntityAddressAddressLine1"] == "2900 University Blvd"


DEFECTS = {
    "malformed date": (
        replace_once("January&#160;9, 2023", "January&#160;32, 2023"), "transformValueError"),
    "9-digit CIK": (
        replace_once(">0001445305</ix:nonNumeric>", ">001445305</ix:nonNumeric>"),
        "xmlSchema:valueError"),
    "unknown exchange name": (
        replace_once("New York Stock Exchange", "New York Stock Exchange of Atlantis"),
        "transformValueError"),
    "unknown exchange code": (
        lambda text: text.replace(' format="ixt-sec:exchnameen"', "", 1).replace(
            ">New York Stock Exchange<", ">NYSEX<", 1),
        "xmlSchema:valueError"),
    "unknown state code": (replace_once(">IA</ix:nonNumeric>", ">ZZ</ix:nonNumeric>"),
                           "xmlSchema:valueError"),
    "contextRef naming no context": (
        replace_once(f'contextRef="{CONTEXT}" name="dei:EntityRegistrantName"',
                     'contextRef="nosuch" name="dei:EntityRegistrantName"'),
        "contextReference"),
    "missing schemaRef target": (
        replace_once('xlink:href="wk-20230109.xsd"', 'xlink:href="missing.xsd"'), "IOerror"),
    "explicit member on a non-dimension (XDT)": (
        add_former_address("dei:FormerAddressMember"),
        "xbrldie:ExplicitMemberNotExplicitDimensionError"),
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_each_defect_is_an_error(filing: Path, tmp_path: Path, defect: str) -> None:
    edit, code = DEFECTS[defect]
    result = load_variant(filing, tmp_path, edit)
    assert any(code in error for error in result.errors), result.errors


def test_efm_rules_are_not_checked(filing: Path, tmp_path: Path) -> None:
    """Arelle without the SEC's EDGAR plug-in checks XBRL, not the EDGAR Filer Manual: a cover
    without EntityRegistrantName (EFM 6.5.21 error) passes, as does CurrentFiscalYearEndDate on an
    8-K without Item 5.03 (the sample itself). dealdocs' own check must cover these."""
    untag_name = lambda text: re.sub(  # noqa: E731
        r'<ix:nonNumeric[^>]*name="dei:EntityRegistrantName"[^>]*>(WORKIVA INC)</ix:nonNumeric>',
        r"\1", text, count=1)
    result = load_variant(filing, tmp_path, untag_name)
    assert result.errors == ()
    assert "dei:EntityRegistrantName" not in result.facts
