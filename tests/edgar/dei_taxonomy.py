"""A STAND-IN for the SEC's dei taxonomy, packed as an XBRL Taxonomy Package, for offline tests.

The SEC's real dei taxonomy (https://xbrl.sec.gov/dei/{year}/dei-{year}.xsd) cannot be downloaded
on the test machines, and Arelle must never go online in a test. ``build_dei_package`` writes a zip
that Arelle loads with ``--packages``: its catalog remaps ``https://xbrl.sec.gov/dei/{year}/`` into
the zip, so an extension schema importing the real URL resolves to ``dei-{year}.xsd`` here, which
uses the REAL namespace ``http://xbrl.sec.gov/dei/{year}`` and the real element ids (``dei_Name``,
which linkbases point at).

What it is: every element the SEC's 8-K cover rules name (shared/reference/edgar/
dei-8k-inline-requirements.txt, derived from the SEC staff's dei-validations.json, EFM 6.5.20 to
6.5.53), plus the other elements an 8-K cover uses, with restrictive item types where a wrong value
must fail validation: a CIK of 10 digits, xbrli:dateItemType dates, enumerated EDGAR state/country,
state/province and exchange codes, booleans for the check boxes.

What it is NOT: the real taxonomy. It has no label, reference, presentation or definition
linkbases; the types are approximations written from the sources below, not copied from the SEC's
schema: the submission types list only common forms; the EDGAR state/country codes cover US
states, DC, PR, VI, GU and the Canadian provinces but no foreign country codes (a foreign issuer's
code fails here and passes at the SEC); the exchange codes are those of the SEC's ixt-sec:exchnameen
registry entry (2019), so exchanges added since (e.g. MEMX, LTSE) fail here; the file-number, EIN
and trading-symbol patterns are plausible, not the SEC's. A filing that passes here can still fail
EDGAR.

Sources: the SEC's dei-validations.json and EDGAR Filer Manual sections it cites (element list and
roles); the SEC transformation registry entries ixt-sec-exchnameen.xml / -stateprovnameen.xml
(Arelle/EDGAR, CC0; exchange and state codes); XBRL 2.1 and XBRL Dimensions 1.0 (item types,
xbrldt:dimensionItem); XBRL Taxonomy Packages 1.0 (package and catalog layout); ISO 3166-2:US/CA.

The XBRL 2.1 / XDT / DTR base schemas it imports are NOT supplied here: arelle-release ships them in
arelle/resources/cache (http://www.xbrl.org/...), which Arelle reads offline.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDT = "http://xbrl.org/2005/xbrldt"
NONNUM = "http://www.xbrl.org/dtr/type/non-numeric"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
TP = "http://xbrl.org/2016/taxonomy-package"
CATALOG = "urn:oasis:names:tc:entity:xmlns:xml:catalog"

# Base schemas: http:// URLs, exactly as arelle-release's built-in cache holds them (offline).
IMPORTS = (
    (XBRLI, "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"),
    (XBRLDT, "http://www.xbrl.org/2005/xbrldt-2005.xsd"),
    (NONNUM, "http://www.xbrl.org/dtr/type/nonNumeric-2009-12-16.xsd"),
)

SUBMISSION_TYPES = (
    "8-K", "8-K/A", "8-K12B", "8-K12B/A", "8-K12G3", "8-K12G3/A", "8-K15D5", "8-K15D5/A",
    "10-K", "10-K/A", "10-Q", "10-Q/A", "20-F", "40-F", "6-K", "S-1", "S-3", "S-4", "424B3",
    "Other",
)
US_STATES = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU",
)
# EDGAR's own codes for Canada (not ISO): A0 Alberta ... B0 Yukon, Z4 Canada (federal).
EDGAR_CANADA = ("A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "B0", "Z4")
ISO_CANADA = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")
EXCHANGES = (
    "BOX", "BX", "C2", "CBOE", "CboeBYX", "CboeBZX", "CboeEDGA", "CboeEDGX", "CHX", "GEMX",
    "IEX", "ISE", "MIAX", "MRX", "NASDAQ", "NYSE", "NYSEAMER", "NYSEArca", "NYSENAT", "PEARL",
    "Phlx",
)
FISCAL_PERIODS = ("FY", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "M9", "T1", "T2", "T3", "M8", "CY")

# dei item types: name -> (xbrli base item type, facets). A facet is ("pattern", regex) or
# ("enumeration", value); the restrictive ones are what make a malformed cover fact fail.
def _one_of(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(("enumeration", value) for value in values)


def _pattern(regex: str) -> tuple[tuple[str, str], ...]:
    return (("pattern", regex),)


ITEM_TYPES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "submissionTypeItemType": ("tokenItemType", _one_of(SUBMISSION_TYPES)),
    "centralIndexKeyItemType": ("tokenItemType", _pattern("[0-9]{10}")),
    "fileNumberItemType": ("tokenItemType", _pattern("[0-9]{1,3}-[0-9]{1,8}(-[A-Z0-9]{1,4})?")),
    "employerIdItemType": ("tokenItemType", _pattern("[0-9]{2}-[0-9]{7}")),
    "edgarStateCountryItemType": ("tokenItemType", _one_of(US_STATES + EDGAR_CANADA)),
    "stateOrProvinceItemType": ("tokenItemType", _one_of(US_STATES + ISO_CANADA)),
    "edgarExchangeCodeItemType": ("tokenItemType", _one_of(EXCHANGES)),
    "securityTitleItemType": ("normalizedStringItemType", (("minLength", "1"),)),
    "tradingSymbolItemType": ("tokenItemType", _pattern("[A-Za-z0-9.\\-]{1,10}")),
    "fiscalPeriodItemType": ("tokenItemType", _one_of(FISCAL_PERIODS)),
}

BOOL, DATE, NSTR = "xbrli:booleanItemType", "xbrli:dateItemType", "xbrli:normalizedStringItemType"
CHECK_BOXES = ("WrittenCommunications", "SolicitingMaterial", "PreCommencementTenderOffer",
               "PreCommencementIssuerTenderOffer")

# (element, type); every element is a duration item, as in the real dei.
ITEMS: tuple[tuple[str, str], ...] = (
    ("AmendmentFlag", BOOL),
    ("AmendmentDescription", "xbrli:stringItemType"),
    ("DocumentType", "dei:submissionTypeItemType"),
    ("DocumentPeriodEndDate", DATE),
    ("DocumentFiscalYearFocus", "xbrli:gYearItemType"),
    ("DocumentFiscalPeriodFocus", "dei:fiscalPeriodItemType"),
    ("CurrentFiscalYearEndDate", "xbrli:gMonthDayItemType"),
    ("EntityRegistrantName", NSTR),
    ("EntityCentralIndexKey", "dei:centralIndexKeyItemType"),
    ("EntityFileNumber", "dei:fileNumberItemType"),
    ("EntityIncorporationStateCountryCode", "dei:edgarStateCountryItemType"),
    ("EntityTaxIdentificationNumber", "dei:employerIdItemType"),
    ("EntityAddressAddressLine1", NSTR),
    ("EntityAddressAddressLine2", NSTR),
    ("EntityAddressAddressLine3", NSTR),
    ("EntityAddressCityOrTown", NSTR),
    ("EntityAddressStateOrProvince", "dei:stateOrProvinceItemType"),
    ("EntityAddressPostalZipCode", NSTR),
    ("EntityAddressCountry", NSTR),
    ("CityAreaCode", NSTR),
    ("LocalPhoneNumber", NSTR),
    *((box, BOOL) for box in CHECK_BOXES),
    ("Security12bTitle", "dei:securityTitleItemType"),
    ("Security12gTitle", "dei:securityTitleItemType"),
    ("TradingSymbol", "dei:tradingSymbolItemType"),
    ("NoTradingSymbolFlag", BOOL),
    ("SecurityExchangeName", "dei:edgarExchangeCodeItemType"),
    ("EntityEmergingGrowthCompany", BOOL),
    ("EntityExTransitionPeriod", BOOL),
    ("EntityInformationFormerLegalOrRegisteredName", NSTR),
)

# (element, type, substitution group): abstracts, the address-type axis and its member.
ABSTRACTS: tuple[tuple[str, str, str], ...] = (
    ("CoverAbstract", "xbrli:stringItemType", "xbrli:item"),
    ("EntityAddressesAddressTypeAxis", "xbrli:stringItemType", "xbrldt:dimensionItem"),
    ("FormerAddressMember", "nonnum:domainItemType", "xbrli:item"),
)


def namespace(year: int) -> str:
    return f"http://xbrl.sec.gov/dei/{year}"


def schema_url(year: int) -> str:
    """Where filings import dei from; the package's catalog answers for this URL."""
    return f"https://xbrl.sec.gov/dei/{year}/dei-{year}.xsd"


def _xs(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XS}}}{tag}", attrs)


def _item_type(root: etree._Element, name: str, base: str, facets) -> None:
    content = _xs(_xs(root, "complexType", name=name), "simpleContent")
    restriction = _xs(content, "restriction", base=f"xbrli:{base}")
    for facet, value in facets:
        _xs(restriction, facet, value=value)


def _element(root, name: str, type_: str, group: str = "xbrli:item", abstract: bool = False):
    attrs = {"id": f"dei_{name}", "name": name, "type": type_, "substitutionGroup": group,
             "nillable": "true", f"{{{XBRLI}}}periodType": "duration"}
    if abstract:
        attrs["abstract"] = "true"
    _xs(root, "element", **attrs)


def dei_schema(year: int) -> bytes:
    """The stand-in dei-{year}.xsd, byte for byte the same on every call."""
    nsmap = {"xs": XS, "xbrli": XBRLI, "xbrldt": XBRLDT, "nonnum": NONNUM, "link": LINK,
             "xlink": XLINK, "dei": namespace(year)}
    root = etree.Element(f"{{{XS}}}schema", nsmap=nsmap, targetNamespace=namespace(year),
                         elementFormDefault="qualified", attributeFormDefault="unqualified")
    for ns, location in IMPORTS:
        _xs(root, "import", namespace=ns, schemaLocation=location)
    for name, (base, facets) in ITEM_TYPES.items():
        _item_type(root, name, base, facets)
    for name, type_ in ITEMS:
        _element(root, name, type_)
    for name, type_, group in ABSTRACTS:
        _element(root, name, type_, group, abstract=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _package_xml(year: int) -> bytes:
    root = etree.Element(f"{{{TP}}}taxonomyPackage", nsmap={None: TP}, attrib={
        "{http://www.w3.org/XML/1998/namespace}lang": "en"})
    for tag, text in (("identifier", f"urn:dealdocs:test:dei-{year}-standin"),
                      ("name", f"dei {year} stand-in (NOT the SEC taxonomy)"),
                      ("description", "Offline stand-in built from the SEC's 8-K cover rules."),
                      ("version", str(year)), ("publisher", "dealdocs tests"),
                      ("publicationDate", f"{year}-01-01")):
        etree.SubElement(root, f"{{{TP}}}{tag}").text = text
    entry = etree.SubElement(etree.SubElement(root, f"{{{TP}}}entryPoints"), f"{{{TP}}}entryPoint")
    etree.SubElement(entry, f"{{{TP}}}name").text = f"dei {year}"
    etree.SubElement(entry, f"{{{TP}}}entryPointDocument", href=schema_url(year))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _catalog_xml(year: int) -> bytes:
    root = etree.Element(f"{{{CATALOG}}}catalog", nsmap={None: CATALOG})
    etree.SubElement(root, f"{{{CATALOG}}}rewriteURI",
                     uriStartString=f"https://xbrl.sec.gov/dei/{year}/",
                     rewritePrefix=f"../xbrl.sec.gov/dei/{year}/")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def package_members(year: int) -> dict[str, bytes]:
    """Zip member name -> bytes. Taxonomy Packages 1.0 wants one top-level folder."""
    top = f"dei-{year}-standin"
    return {
        f"{top}/META-INF/catalog.xml": _catalog_xml(year),
        f"{top}/META-INF/taxonomyPackage.xml": _package_xml(year),
        f"{top}/xbrl.sec.gov/dei/{year}/dei-{year}.xsd": dei_schema(year),
    }


def build_dei_package(year: int, directory: Path) -> Path:
    """Write ``dei-{year}-standin.zip`` into ``directory`` and return its path.

    Deterministic: fixed member order, timestamps and permissions, so equal inputs give equal bytes.
    """
    path = Path(directory) / f"dei-{year}-standin.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in sorted(package_members(year).items()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return path
