"""Arelle plug-in (test stand-in): the SEC's ixt-sec transformations that an 8-K cover uses.

arelle-release implements only the XII transformation registries (ixt); the SEC's registry
(namespace http://www.sec.gov/inlineXBRL/transformation/2015-08-31, prefix ixt-sec) lives in the
SEC staff's EDGAR plug-in, which is not on PyPI. Without it Arelle rejects every ixt-sec format as
an unrecognised transformation, and real 8-K covers use three of them. This file implements those
three from the registry's own entries (Arelle/EDGAR transform/transformationRegistry/registry/
ixt-sec-boolballotbox.xml, -exchnameen.xml, -stateprovnameen.xml; CC0), not from the plug-in's code:

- boolballotbox: U+2610 -> false; U+2611, U+2612 -> true.
- exchnameen: the SEC's English exchange names -> EDGAR exchange codes ("LLC", "Inc." optional,
  case-insensitive), e.g. "New York Stock Exchange" -> NYSE.
- stateprovnameen: US state and Canadian province names -> ISO 3166-2 codes, e.g. Delaware -> DE.

Anything else fails as Arelle's own transforms do (ix11.11.1.1:transformValueError). The other
ixt-sec transforms (durations, numwordsen, countrynameen ...) are not implemented: a filing using
one gets ix11.11.1.2:invalidTransformation here, never a silent pass.
Loaded by arelle_check.py with --plugins <this file>; never part of dealdocs itself.
"""

from __future__ import annotations

import re

from arelle.formula.XPathContext import FunctionArgType
from arelle.ModelValue import qname

IXT_SEC = "http://www.sec.gov/inlineXBRL/transformation/2015-08-31"

BALLOT_BOX = {"\u2610": "false", "\u2611": "true", "\u2612": "true"}

# Exchange names as the SEC registry lists them, keyed without their corporate suffix.
EXCHANGES = {
    "box exchange": "BOX", "cboe byx exchange": "CboeBYX", "cboe bzx exchange": "CboeBZX",
    "cboe c2 exchange": "C2", "cboe edga exchange": "CboeEDGA", "cboe edgx exchange": "CboeEDGX",
    "cboe exchange": "CBOE", "chicago stock exchange": "CHX", "investors exchange": "IEX",
    "miami international securities exchange": "MIAX", "miax pearl": "PEARL", "nasdaq bx": "BX",
    "nasdaq gemx": "GEMX", "nasdaq ise": "ISE", "nasdaq mrx": "MRX", "nasdaq phlx": "Phlx",
    "new york stock exchange": "NYSE", "nyse american": "NYSEAMER", "nyse arca": "NYSEArca",
    "nyse national": "NYSENAT", "the nasdaq stock market": "NASDAQ",
    "nasdaq stock market": "NASDAQ",
}
SUFFIX = re.compile(r",?\s+(llc|inc\.?)$")

# Deliberately not derived from dealdocs.facts.EDGAR_STATES: this harness checks dealdocs' output,
# so a wrong name there must not be accepted here too.
STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
    "puerto rico": "PR", "guam": "GU", "virgin islands": "VI",
    "alberta": "AB", "british columbia": "BC", "manitoba": "MB", "new brunswick": "NB",
    "newfoundland and labrador": "NL", "nova scotia": "NS", "northwest territories": "NT",
    "nunavut": "NU", "ontario": "ON", "prince edward island": "PE", "quebec": "QC",
    "saskatchewan": "SK", "yukon": "YT",
}


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def _lookup(table: dict[str, str], key: str, transform: str) -> str:
    try:
        return table[key]
    except KeyError:
        # Arelle reports this exception class as ix11.11.1.1:transformValueError.
        raise FunctionArgType(0, f"ixt-sec:{transform}") from None


def boolballotbox(text: str) -> str:
    return _lookup(BALLOT_BOX, text.strip(), "boolballotbox")


def exchnameen(text: str) -> str:
    return _lookup(EXCHANGES, SUFFIX.sub("", _key(text)), "exchnameen")


def stateprovnameen(text: str) -> str:
    return _lookup(STATES, _key(text).removeprefix("the "), "stateprovnameen")


def load_custom_transforms(custom_transforms: dict) -> None:
    for function in (boolballotbox, exchnameen, stateprovnameen):
        custom_transforms[qname(IXT_SEC, f"ixt-sec:{function.__name__}")] = function


__pluginInfo__ = {
    "name": "dealdocs test stand-in: ixt-sec transforms",
    "version": "1",
    "description": "boolballotbox, exchnameen, stateprovnameen from the SEC registry entries.",
    "license": "MIT (dealdocs)",
    "author": "dealdocs tests",
    "copyright": "",
    "ModelManager.LoadCustomTransforms": load_custom_transforms,
}
