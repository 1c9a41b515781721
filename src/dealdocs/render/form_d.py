"""Form D as EDGAR's XML: out/<deal>/form-d/primary_doc.xml.

The shape (element names, nesting, order) is that of real Form D filings as EDGAR disseminates them
(the samples under shared/vendor/edgartools-formd-samples, and tests/data/form_d/sample-paths.txt
from them). The SEC's Form D XML schema could not be obtained, so the file is shape-checked against
those samples, not schema-validated.

Every value comes from the deal file or from facts.form_d; this module only places and formats
them. xml.etree escapes each value, so a name with "<", "&" or quotes stays data. No EDGAR
credentials (CIK confirmation code, password) are ever written: the deal file has none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from ..facts import EDGAR_STATES, FORM_D_PATH, Facts, FormDFacts
from ..model import Address, Deal, EntityKind, FormD, RevenueRange

SCHEMA_VERSION = "X0708"  # the version every vendored sample declares

ENTITY_TYPES = {
    EntityKind.CORPORATION: "Corporation",
    EntityKind.LLC: "Limited Liability Company",
    EntityKind.LIMITED_PARTNERSHIP: "Limited Partnership",
    EntityKind.GENERAL_PARTNERSHIP: "General Partnership",
    EntityKind.BUSINESS_TRUST: "Business Trust",
}
# Form D Item 5 as the XML writes it [S: Form D data as parsers read it; "Decline to Disclose"
# is in the samples].
REVENUE_RANGES = {
    RevenueRange.NO_REVENUES: "No Revenues",
    RevenueRange.UP_TO_1M: "$1 - $1,000,000",
    RevenueRange.UP_TO_5M: "$1,000,001 - $5,000,000",
    RevenueRange.UP_TO_25M: "$5,000,001 - $25,000,000",
    RevenueRange.UP_TO_100M: "$25,000,001 - $100,000,000",
    RevenueRange.OVER_100M: "Over $100,000,000",
    RevenueRange.DECLINE_TO_DISCLOSE: "Decline to Disclose",
    RevenueRange.NOT_APPLICABLE: "Not Applicable",
}
RELATIONSHIPS = {"executive_officer": "Executive Officer", "director": "Director",
                 "promoter": "Promoter"}
# Item 9's elements. isDebtType, isOptionToAcquireType and isSecurityToBeAcquiredType are not in
# the vendored samples (none is a debt offering); see tests/data/form_d/attested-paths.txt.
SECURITY_ELEMENTS = {"equity": "isEquityType", "debt": "isDebtType",
                     "option": "isOptionToAcquireType",
                     "security_to_be_acquired": "isSecurityToBeAcquiredType"}
NONE = "None"  # what EDGAR writes for an empty list or a missing CRD number


def form_d_files(deal: Deal, facts: Facts) -> dict[str, bytes]:
    """{"form-d/primary_doc.xml": the XML} when a Form D is due and the deal file gives every
    input; {} otherwise (the rule form_d.xml says why)."""
    if facts.form_d is None or not facts.form_d.writable:
        return {}
    return {FORM_D_PATH: form_d_xml(deal, facts)}


def form_d_xml(deal: Deal, facts: Facts) -> bytes:
    root = ET.Element("edgarSubmission")
    _leaf(root, "schemaVersion", SCHEMA_VERSION)
    _leaf(root, "submissionType", facts.form_d.submission_type)
    _leaf(root, "testOrLive", "LIVE")
    root.append(_primary_issuer(deal, facts.form_d))
    root.append(_related_persons(deal.form_d))
    root.append(_offering_data(deal, facts))
    ET.indent(root, space="    ")
    # short_empty_elements=False: "<salesCompensationList></salesCompensationList>", as EDGAR
    # writes it. ASCII with character references, so no byte depends on an encoding guess.
    text = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return ('<?xml version="1.0"?>\n' + text + "\n").encode("ascii", "xmlcharrefreplace")


def _leaf(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _group(parent: ET.Element, tag: str, *leaves: tuple[str, str]) -> ET.Element:
    element = ET.SubElement(parent, tag)
    for name, text in leaves:
        _leaf(element, name, text)
    return element


def _flag(value: bool) -> str:
    return "true" if value else "false"


def dollars(amount: Decimal) -> str:
    """Whole dollars, as Form D states amounts: 330000. Cents round half up."""
    return str(amount.quantize(Decimal(1), ROUND_HALF_UP))


def _address(parent: ET.Element, tag: str, address: Address) -> None:
    element = ET.SubElement(parent, tag)
    _leaf(element, "street1", address.line1)
    if address.line2 is not None:
        _leaf(element, "street2", address.line2)
    _leaf(element, "city", address.city)
    _leaf(element, "stateOrCountry", address.state)
    _leaf(element, "stateOrCountryDescription", EDGAR_STATES[address.state])
    _leaf(element, "zipCode", address.postal_code)


# --- Items 1 and 2: the issuer ----------------------------------------------------------------


def _primary_issuer(deal: Deal, form_d: FormDFacts) -> ET.Element:
    issuer, inputs = deal.issuer, deal.form_d
    element = ET.Element("primaryIssuer")
    _leaf(element, "cik", issuer.cik)
    _leaf(element, "entityName", issuer.name)
    _address(element, "issuerAddress", issuer.address)
    _leaf(element, "issuerPhoneNumber", issuer.phone)
    _leaf(element, "jurisdictionOfInc", issuer.jurisdiction.upper())
    names = ET.SubElement(element, "issuerPreviousNameList")
    for name in inputs.previous_names:
        _leaf(names, "previousName", name)
    if not inputs.previous_names:
        _leaf(names, "value", NONE)
    # edgarPreviousNameList is left out: EDGAR fills it from its own records of the filer.
    _leaf(element, "entityType", ENTITY_TYPES[issuer.entity_kind])
    year = ET.SubElement(element, "yearOfInc")
    if form_d.within_five_years:
        _leaf(year, "withinFiveYears", "true")
        _leaf(year, "value", str(inputs.year_of_incorporation))
    else:
        _leaf(year, "overFiveYears", "true")
    return element


# --- Item 3: related persons ------------------------------------------------------------------


def _related_persons(inputs: FormD) -> ET.Element:
    element = ET.Element("relatedPersonsList")
    for person in inputs.related_persons:
        info = ET.SubElement(element, "relatedPersonInfo")
        name = ET.SubElement(info, "relatedPersonName")
        _leaf(name, "firstName", person.first_name)
        if person.middle_name is not None:
            _leaf(name, "middleName", person.middle_name)
        _leaf(name, "lastName", person.last_name)
        _address(info, "relatedPersonAddress", person.address)
        relationships = ET.SubElement(info, "relatedPersonRelationshipList")
        for relationship in person.relationships:
            _leaf(relationships, "relationship", RELATIONSHIPS[relationship.value])
        if person.clarification is not None:
            _leaf(info, "relationshipClarification", person.clarification)
    return element


# --- Items 4 to 16 and the signature ----------------------------------------------------------


def _offering_data(deal: Deal, facts: Facts) -> ET.Element:
    inputs, form_d = deal.form_d, facts.form_d
    element = ET.Element("offeringData")
    _group(element, "industryGroup", ("industryGroupType", inputs.industry_group.value))
    _group(element, "issuerSize", ("revenueRange", REVENUE_RANGES[inputs.revenue_range]))
    _group(element, "federalExemptionsExclusions",
           *(("item", code) for code in form_d.exemption_codes))
    element.append(_type_of_filing(deal, form_d))
    _group(element, "durationOfOffering", ("moreThanOneYear", _flag(form_d.more_than_one_year)))
    _group(element, "typesOfSecuritiesOffered",
           *((SECURITY_ELEMENTS[kind], "true") for kind in form_d.security_types))
    _group(element, "businessCombinationTransaction",
           ("isBusinessCombinationTransaction", _flag(inputs.business_combination)))
    # C&DI 130.03: $0 when no minimum is set (the rule form_d.minimum-investment says so).
    _leaf(element, "minimumInvestmentAccepted",
          dollars(deal.offering.minimum_investment or Decimal(0)))
    element.append(_sales_compensation(deal))
    _group(element, "offeringSalesAmounts",
           ("totalOfferingAmount", dollars(facts.offering_total)),
           ("totalAmountSold", dollars(facts.gross_proceeds)),
           ("totalRemaining", dollars(facts.offering_remaining)))
    element.append(_investors(deal, facts))
    fees = ET.SubElement(element, "salesCommissionsFindersFees")
    _group(fees, "salesCommissions", ("dollarAmount", dollars(form_d.sales_commissions)))
    _group(fees, "findersFees", ("dollarAmount", dollars(form_d.finders_fees)))
    element.append(_use_of_proceeds(inputs))
    element.append(_signature(deal))
    return element


def _type_of_filing(deal: Deal, form_d: FormDFacts) -> ET.Element:
    element = ET.Element("typeOfFiling")
    amendment = ET.SubElement(element, "newOrAmendment")
    _leaf(amendment, "isAmendment", _flag(form_d.submission_type == "D/A"))
    if form_d.submission_type == "D/A":
        _leaf(amendment, "previousAccessionNumber", form_d.previous_accession_number)
    _group(element, "dateOfFirstSale", ("value", deal.offering.first_sale_date.isoformat()))
    return element


def _sales_compensation(deal: Deal) -> ET.Element:
    """Item 12: one recipient per placement agent, or an empty list when there is none."""
    element = ET.Element("salesCompensationList")
    recipients = {recipient.agent: recipient for recipient in deal.form_d.sales_compensation}
    for agent in deal.placement_agents:
        recipient = recipients[agent.name]
        entry = ET.SubElement(element, "recipient")
        _leaf(entry, "recipientName", agent.name)
        _leaf(entry, "recipientCRDNumber", agent.crd_number or NONE)
        _leaf(entry, "associatedBDName", recipient.associated_broker_dealer or NONE)
        _leaf(entry, "associatedBDCRDNumber",
              recipient.associated_broker_dealer_crd_number or NONE)
        _address(entry, "recipientAddress", recipient.address)
        states = ET.SubElement(entry, "statesOfSolicitationList")
        if recipient.all_states:
            _leaf(states, "value", "All States")
        else:
            for state in recipient.states_of_solicitation:
                _leaf(states, "state", state)
                _leaf(states, "description", EDGAR_STATES[state])
        _leaf(entry, "foreignSolicitation", _flag(recipient.foreign_solicitation))
    return element


def _investors(deal: Deal, facts: Facts) -> ET.Element:
    element = ET.Element("investors")
    _leaf(element, "hasNonAccreditedInvestors", _flag(facts.non_accredited_count > 0))
    if facts.non_accredited_count:
        _leaf(element, "numberNonAccreditedInvestors", str(facts.non_accredited_count))
    _leaf(element, "totalNumberAlreadyInvested", str(len(deal.investors)))
    return element


def _use_of_proceeds(inputs: FormD) -> ET.Element:
    element = ET.Element("useOfProceeds")
    used = ET.SubElement(element, "grossProceedsUsed")
    _leaf(used, "dollarAmount", dollars(inputs.proceeds_to_related_persons))
    if inputs.proceeds_to_related_persons_estimate:
        _leaf(used, "isEstimate", "true")
    _leaf(element, "clarificationOfResponse", "")
    return element


def _signature(deal: Deal) -> ET.Element:
    signer = deal.form_d.signer
    block = ET.Element("signatureBlock")
    _leaf(block, "authorizedRepresentative", "false")  # one issuer signs for itself
    _group(block, "signature",
           ("issuerName", deal.issuer.name),
           ("signatureName", signer.name),
           ("nameOfSigner", signer.name),
           ("signatureTitle", signer.title),
           ("signatureDate", deal.form_d.signature_date.isoformat()))
    return block


def element_paths(xml: bytes | str) -> Iterable[str]:
    """Every element path under the root, "/primaryIssuer/cik", in document order (for the
    shape check against the samples' paths)."""
    root = ET.fromstring(xml)

    def walk(element: ET.Element, prefix: str) -> Iterable[str]:
        for child in element:
            path = f"{prefix}/{child.tag}"
            yield path
            yield from walk(child, path)

    return list(walk(root, ""))
