"""Regulation D: the conditions of Rule 506(b) and 506(c), accredited status, bad actors, and
integration with other offerings."""

from __future__ import annotations

from typing import Iterator

from ..display import Money, Percent, series
from ..facts import (COVERED_VOTING_PERCENT, INTEGRATION_SAFE_HARBOR_DAYS,
                     MINIMUM_INVESTMENT_LETTER, RULE_152_EFFECTIVE, Facts)
from ..model import (CoveredRole, Deal, Exemption, InvestorKind, RelationshipKind,
                     VerificationMethod)
from ..problems import Severity, Status
from . import Outcome, rule
from .phrases import long_day, sentence

MAX_NON_ACCREDITED = 35  # Rule 506(b)(2)(i)
BAD_ACTOR_EFFECTIVE = "September 23, 2013"

GENERAL_SOLICITATION = ("offering", "general_solicitation")
EXEMPTIONS = ("offering", "exemptions")


def _506b(deal: Deal) -> bool:
    return Exemption.RULE_506B in deal.offering.exemptions


def _506c(deal: Deal) -> bool:
    return Exemption.RULE_506C in deal.offering.exemptions


def _rule_506(deal: Deal) -> bool:
    return _506b(deal) or _506c(deal)


# --- Rule 506(b) -----------------------------------------------------------------------------


@rule("reg_d.506b-general-solicitation", regime="reg_d",
      requirement="Under Rule 506(b), no offer or sale by general solicitation or general "
      "advertising; publicity before the sale stays within what Rule 135c allows.",
      citation="Rule 506(b); Rule 502(c); Rule 135c",
      unverified=True)  # Rule 502(c)'s details are [K]
def general_solicitation(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R23."""
    if not _506b(deal):
        yield Outcome(Status.NOT_APPLICABLE, "The offering does not rely on Rule 506(b)",
                      EXEMPTIONS)
    elif deal.offering.general_solicitation:
        other = " (Rule 506(c) allows it; rely on that alone)" if _506c(deal) else ""
        yield Outcome(Status.ACTION_REQUIRED,
                      "The offering used general solicitation, which Rule 506(b) forbids"
                      f"{other}", GENERAL_SOLICITATION, severity=Severity.ERROR)
    else:
        yield Outcome(Status.SATISFIED,
                      "No general solicitation is recorded; any publicity before the sale must "
                      "stay within Rule 135c (a notice naming no placement agent)",
                      GENERAL_SOLICITATION)


@rule("reg_d.506b-purchasers", regime="reg_d",
      requirement="Under Rule 506(b), at most 35 purchasers who are not accredited, after the Rule "
      "501(e) exclusions.",
      citation="Rule 506(b)(2)(i); Rule 501(e)",
      unverified=True)  # Rule 506(b) and 501(e) text not checked at source [K]
def purchaser_count(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R22 (the count)."""
    count = facts.non_accredited_count
    if not _506b(deal):
        yield Outcome(Status.NOT_APPLICABLE, "The offering does not rely on Rule 506(b)",
                      EXEMPTIONS)
    elif count > MAX_NON_ACCREDITED:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"{count} purchasers are not accredited; Rule 506(b) allows at most "
                      f"{MAX_NON_ACCREDITED}. Only the Rule 501(e) exclusions (relatives sharing a "
                      "purchaser's home, and trusts, estates and entities more than 50% owned by "
                      "a purchaser) could bring the count down", ("investors",),
                      severity=Severity.ERROR)
    else:
        yield Outcome(Status.SATISFIED,
                      f"{count} of {len(deal.investors)} purchasers are not accredited, within "
                      f"the limit of {MAX_NON_ACCREDITED}", ("investors",))


@rule("reg_d.506b-sophistication", regime="reg_d",
      requirement="Under Rule 506(b), each purchaser who is not accredited has, alone or with a "
      "purchaser representative, the knowledge and experience to evaluate the investment.",
      citation="Rule 506(b)(2)(ii); Rule 501(i)",
      unverified=True)  # Rule 506(b) text not checked at source [K]
def sophistication(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R22 (sophistication)."""
    others = [(index, investor) for index, investor in enumerate(deal.investors)
              if not investor.accredited]
    if not _506b(deal) or not others:
        why = "the offering does not rely on Rule 506(b)" if not _506b(deal) \
            else "every purchaser is accredited"
        yield Outcome(Status.NOT_APPLICABLE, f"Not applicable: {why}", ("investors",))
        return
    failing = [(index, investor) for index, investor in others if not investor.sophisticated]
    for index, investor in failing:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"{investor.name} is neither accredited nor sophisticated (even with a "
                      "purchaser representative); Rule 506(b) does not allow the sale",
                      ("investors", index, "sophisticated"), severity=Severity.ERROR)
    if not failing:
        names = series([investor.name + (f" (with {investor.purchaser_representative} as "
                                         "purchaser representative)"
                                         if investor.purchaser_representative else "")
                        for _, investor in others])
        yield Outcome(Status.SATISFIED, f"Each purchaser who is not accredited is sophisticated: "
                      f"{names}", ("investors",))


@rule("reg_d.502b-information", regime="reg_d",
      requirement="Under Rule 506(b), if any purchaser is not accredited, deliver the Rule "
      "502(b) information (for a reporting company, its 10-K, proxy statement and later reports, "
      "with a description of the securities) a reasonable time before the sale.",
      citation="Rule 502(b)",
      unverified=True)  # Rule 502(b) is [K]
def information(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R22 (Rule 502(b) information)."""
    others = [facts.investor(investor) for investor in deal.investors if not investor.accredited]
    field = ("offering", "information_delivered_date")
    if not _506b(deal) or not others:
        why = "the offering does not rely on Rule 506(b)" if not _506b(deal) \
            else "every purchaser is accredited"
        yield Outcome(Status.NOT_APPLICABLE, f"Not applicable: {why}", field)
        return
    first = min(investor.sale_date for investor in others)
    delivered = deal.offering.information_delivered_date
    if delivered is None:
        yield Outcome(Status.NEEDS_INPUT,
                      f"{len(others)} purchaser(s) are not accredited, so the Rule 502(b) "
                      f"information must be delivered before the sale on {long_day(first)}; give "
                      "the date it was delivered", field)
    elif delivered > first:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"The Rule 502(b) information was delivered on {long_day(delivered)}, after "
                      f"the sale to a purchaser who is not accredited on {long_day(first)}",
                      field, severity=Severity.ERROR)
    elif delivered == first:
        yield Outcome(Status.NEEDS_INPUT,
                      f"The Rule 502(b) information was delivered on the day of the sale "
                      f"({long_day(first)}); it must come a reasonable time before it", field)
    else:
        yield Outcome(Status.SATISFIED,
                      f"The Rule 502(b) information was delivered on {long_day(delivered)}, "
                      f"before the first sale to a purchaser who is not accredited "
                      f"({long_day(first)})", field)


# --- Rule 506(c) -----------------------------------------------------------------------------


@rule("reg_d.506c-accredited", regime="reg_d",
      requirement="Under Rule 506(c), every purchaser is an accredited investor.",
      citation="Rule 506(c)(2)(i)")
def all_accredited(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R24 (all accredited)."""
    if not _506c(deal):
        yield Outcome(Status.NOT_APPLICABLE, "The offering does not rely on Rule 506(c)",
                      EXEMPTIONS)
        return
    failing = [(index, investor) for index, investor in enumerate(deal.investors)
               if not investor.accredited]
    for index, investor in failing:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"{investor.name} is not accredited; Rule 506(c) allows accredited "
                      "purchasers only", ("investors", index, "accredited"),
                      severity=Severity.ERROR)
    if not failing:
        yield Outcome(Status.SATISFIED, f"All {len(deal.investors)} purchasers are accredited",
                      ("investors",))


_METHODS = {
    VerificationMethod.IRS_FORMS: "IRS forms for the two most recent years (506(c)(2)(ii)(A))",
    VerificationMethod.ASSET_AND_CREDIT_DOCUMENTS:
        "asset statements and a credit report dated within 3 months (506(c)(2)(ii)(B))",
    VerificationMethod.THIRD_PARTY_CONFIRMATION:
        "a written confirmation dated within 3 months from a broker-dealer, registered adviser, "
        "attorney or CPA (506(c)(2)(ii)(C))",
    VerificationMethod.PRE_2013_INVESTOR:
        "certification by an investor in the Company's Rule 506(b) offering before September 23, "
        "2013 (506(c)(2)(ii)(D))",
    VerificationMethod.PRIOR_VERIFICATION:
        "a representation from a purchaser the Company verified within 5 years "
        "(506(c)(2)(ii)(E))",
    VerificationMethod.MINIMUM_INVESTMENT:
        "the minimum-investment route of the SEC staff's March 12, 2025 letter",
}


@rule("reg_d.506c-verification", regime="reg_d",
      requirement="Under Rule 506(c), the Company takes reasonable steps to verify each "
      "purchaser's accredited status: IRS forms, asset documents or a third-party confirmation "
      "dated within 3 months, a verification within 5 years, or a minimum investment of $200,000 "
      "(natural person) or $1,000,000 (entity) with written representations.",
      citation="Rule 506(c)(2)(ii)(A)-(E); SEC staff no-action letter to Latham & Watkins "
      "(Mar. 12, 2025)")
def verification(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R24 (verification)."""
    if not _506c(deal):
        yield Outcome(Status.NOT_APPLICABLE, "The offering does not rely on Rule 506(c)",
                      EXEMPTIONS)
        return
    good = []
    for investor_facts in facts.investors:
        outcomes = list(_verify(deal, investor_facts))
        yield from outcomes
        if not outcomes:
            good.append(f"{investor_facts.investor.name}: "
                        f"{_METHODS[investor_facts.investor.verification.method]}")
    if good:
        yield Outcome(Status.SATISFIED, "Verified: " + "; ".join(good), ("investors",))


def _verify(deal: Deal, investor_facts) -> Iterator[Outcome]:
    investor, index = investor_facts.investor, investor_facts.index
    record = investor.verification
    sale = investor_facts.sale_date
    field = ("investors", index, "verification")
    if record is None:
        yield Outcome(Status.NEEDS_INPUT, f"No verification of {investor.name}'s accredited "
                      "status is recorded", field)
        return
    method = record.method
    if record.date > sale:
        yield Outcome(Status.NEEDS_INPUT,
                      f"{investor.name}'s verification is dated {long_day(record.date)}, after "
                      f"the sale on {long_day(sale)}; the steps must be taken before the sale",
                      field + ("date",))
    valid_from = investor_facts.verification_valid_from
    if valid_from is not None and record.date < valid_from:
        window = "5 years" if method is VerificationMethod.PRIOR_VERIFICATION else "3 months"
        yield Outcome(Status.NEEDS_INPUT,
                      f"{investor.name}'s verification is dated {long_day(record.date)}, more "
                      f"than {window} before the sale on {long_day(sale)} (the earliest date that "
                      f"counts is {long_day(valid_from)})", field + ("date",))
    if method is VerificationMethod.MINIMUM_INVESTMENT:
        yield from _minimum_investment(deal, investor_facts)


def _minimum_investment(deal: Deal, investor_facts) -> Iterator[Outcome]:
    investor, index = investor_facts.investor, investor_facts.index
    field = ("investors", index, "verification")
    sale = investor_facts.sale_date
    required = investor_facts.minimum_investment_required
    if sale < MINIMUM_INVESTMENT_LETTER:
        yield Outcome(Status.NEEDS_INPUT,
                      f"The sale to {investor.name} on {long_day(sale)} came before the staff's "
                      f"letter of {long_day(MINIMUM_INVESTMENT_LETTER)}; then a high minimum was "
                      "only one factor in the reasonable-steps analysis", field + ("method",))
    if required is None:
        yield Outcome(Status.NEEDS_INPUT,
                      f"The letter's minimums cover natural persons accredited under Rule "
                      f"501(a)(5) or (a)(6) and entities under (a)(3), (7), (8), (9) or (12); "
                      f"{investor.name} ({str(investor.kind).replace('_', ' ')}, basis "
                      f"{investor.accredited_basis or 'not given'}) is not shown to be one",
                      ("investors", index, "accredited_basis"))
        return
    if investor_facts.invested < required:
        owners = " (or $200,000 for each natural-person owner, which the deal file cannot show)" \
            if investor.accredited_basis == "501(a)(8)" else ""
        yield Outcome(Status.NEEDS_INPUT,
                      f"{investor.name} invests {Money(investor_facts.invested)}, below the "
                      f"{Money(required)} minimum{owners} the letter relies on; use another "
                      "method", field + ("method",))
    minimum = deal.offering.minimum_investment
    if minimum is not None and minimum < required:
        yield Outcome(Status.NEEDS_INPUT,
                      f"The offering's minimum investment is {Money(minimum)}, below the "
                      f"{Money(required)} the letter relies on: confirm that the terms on which "
                      f"{investor.name} bought required at least {Money(required)}",
                      ("offering", "minimum_investment"))
    reps = investor.verification.written_representations
    if not reps:
        state = "not given" if reps is None else "recorded as not made"
        yield Outcome(Status.NEEDS_INPUT,
                      f"The route needs {investor.name}'s written representations that it is "
                      "accredited and that the minimum is not financed by a third party for the "
                      f"purpose; they are {state}",
                      field + ("written_representations",))


# --- accredited status -----------------------------------------------------------------------

_BASES = {
    "501(a)(1)": ("an institution (bank, broker-dealer, adviser, insurer, fund, plan over "
                  "$5,000,000 …)", "entity"),
    "501(a)(2)": ("a private business development company", "entity"),
    "501(a)(3)": ("an organization or company with total assets over $5,000,000", "entity"),
    "501(a)(4)": ("a director, executive officer or general partner of the Company", "either"),
    "501(a)(5)": ("net worth over $1,000,000, excluding the primary residence", "person"),
    "501(a)(6)": ("income over $200,000 (joint $300,000) in each of the last two years",
                  "person"),
    "501(a)(7)": ("a trust with assets over $5,000,000 directed by a sophisticated person",
                  "entity"),
    "501(a)(8)": ("an entity all of whose equity owners are accredited", "entity"),
    "501(a)(9)": ("an entity with investments over $5,000,000", "entity"),
    "501(a)(10)": ("a holder of a Series 7, 65 or 82 license in good standing", "person"),
    "501(a)(11)": ("a knowledgeable employee of a private fund", "person"),
    "501(a)(12)": ("a family office with over $5,000,000 under management", "entity"),
    "501(a)(13)": ("a family client of such a family office", "either"),
}


@rule("reg_d.accredited-basis", regime="reg_d",
      requirement="Each accredited purchaser qualifies under a paragraph of Rule 501(a) that fits "
      "what it is: net worth, income, license or insider status for a natural person; assets, "
      "investments or owners for an entity.",
      citation="Rule 501(a)(1)-(13)",
      unverified=True)  # 501(a)'s details are [K]
def accredited_basis(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R25 (natural persons), R26 (entities)."""
    if not _rule_506(deal):
        yield Outcome(Status.NOT_APPLICABLE, "The offering does not rely on Rule 506",
                      EXEMPTIONS)
        return
    good = []
    for index, investor in enumerate(deal.investors):
        basis = investor.accredited_basis
        field = ("investors", index, "accredited_basis")
        if not investor.accredited:
            if basis is not None:
                yield Outcome(Status.NEEDS_INPUT, f"{investor.name} is recorded as not accredited "
                              f"but with a basis ({basis}); one of them is wrong", field)
            continue
        if basis is None:
            yield Outcome(Status.NEEDS_INPUT, f"{investor.name} is accredited, but the paragraph "
                          "of Rule 501(a) under which the investor qualifies is not recorded "
                          "(accredited_basis)", field)
            continue
        meaning, fits = _BASES[basis]
        person = investor.kind is InvestorKind.INDIVIDUAL
        if (fits == "entity" and person) or (fits == "person" and not person):
            yield Outcome(Status.NEEDS_INPUT,
                          f"{investor.name} is {'a natural person' if person else 'an entity'}, "
                          f"but Rule {basis} covers {meaning}", field)
        elif basis == "501(a)(4)" and not _insider(deal, investor):
            yield Outcome(Status.NEEDS_INPUT,
                          f"Rule 501(a)(4) covers {meaning}; {investor.name} is not shown to be "
                          "one (give the relationship, or list the person under "
                          "issuer.covered_persons)", field)
        else:
            good.append(f"{investor.name}: {basis}, {meaning}")
    if good:
        yield Outcome(Status.SATISFIED, "Accredited: " + "; ".join(good), ("investors",))


def _insider(deal: Deal, investor) -> bool:
    if investor.relationship is not None and investor.relationship.kind in (
            RelationshipKind.DIRECTOR, RelationshipKind.EXECUTIVE_OFFICER):
        return True
    roles = next((person.roles for person in deal.issuer.covered_persons
                  if person.name == investor.name), ())
    return bool({CoveredRole.DIRECTOR, CoveredRole.EXECUTIVE_OFFICER,
                 CoveredRole.GENERAL_PARTNER} & set(roles))


# --- bad actors ------------------------------------------------------------------------------

INQUIRY = ("offering", "bad_actor_inquiry")


@rule("reg_d.bad-actor", regime="reg_d",
      requirement="Rule 506 is unavailable if a covered person has a disqualifying event on or "
      "after September 23, 2013; the Company shows reasonable care by a factual inquiry made "
      "before the sale.",
      citation="Rule 506(d)(1)-(2); Instruction to Rule 506(d)(2)(iv)")
def bad_actor(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R27 (the inquiry and its result; the look-back windows are applied by the inquiry, not
    here: the deal file records its conclusion, not the events)."""
    if not _rule_506(deal):
        yield Outcome(Status.NOT_APPLICABLE, "The offering does not rely on Rule 506", EXEMPTIONS)
        return
    inquiry = deal.offering.bad_actor_inquiry
    first = deal.offering.first_sale_date
    if inquiry is None:
        yield Outcome(Status.NEEDS_INPUT,
                      "No bad-actor inquiry is recorded; record the factual inquiry into the "
                      "covered persons (Rule 506(d)) and its result", INQUIRY)
    elif inquiry.disqualifying_event_found:
        yield Outcome(Status.ACTION_REQUIRED,
                      "The inquiry found a disqualifying event on or after September 23, 2013: "
                      "Rule 506 is unavailable unless the SEC waives it or the court or regulator "
                      "advises in writing that it should not disqualify (Rule 506(d)(2)(ii)-(iii))",
                      INQUIRY + ("disqualifying_event_found",), severity=Severity.ERROR)
    elif inquiry.completed_date > first:
        yield Outcome(Status.NEEDS_INPUT,
                      f"The bad-actor inquiry was completed on {long_day(inquiry.completed_date)}, "
                      f"after the first sale on {long_day(first)}; reasonable care needs it before "
                      "the sale", INQUIRY + ("completed_date",))
    else:
        yield Outcome(Status.SATISFIED,
                      f"The bad-actor inquiry was completed on {long_day(inquiry.completed_date)}, "
                      "before the first sale, and found no disqualifying event", INQUIRY)


@rule("reg_d.bad-actor-covered-persons", regime="reg_d",
      requirement="The inquiry covers the Company's directors, executive officers and other "
      "officers participating in the offering, holders of 20% or more of its voting equity, "
      "promoters, and anyone paid to solicit purchasers.",
      citation="Rule 506(d)(1)")
def covered_persons(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R27 (covered persons)."""
    if not _rule_506(deal):
        yield Outcome(Status.NOT_APPLICABLE, "The offering does not rely on Rule 506", EXEMPTIONS)
        return
    listed = {person.name for person in deal.issuer.covered_persons}
    field = ("issuer", "covered_persons")
    if not listed:
        yield Outcome(Status.NEEDS_INPUT, "No covered persons are listed; list the directors, "
                      "executive officers, 20% holders, promoters and paid solicitors the "
                      "inquiry covered", ("issuer",))
        return
    missing = False
    for index, investor in enumerate(deal.investors):
        power = investor.voting_power_percent
        if power is not None and power >= COVERED_VOTING_PERCENT and investor.name not in listed:
            missing = True
            yield Outcome(Status.NEEDS_INPUT,
                          f"{investor.name} holds {Percent(power)} of the voting power (20% or "
                          "more), so is a covered person, but is not listed",
                          ("investors", index, "voting_power_percent"))
    for index, agent in enumerate(deal.placement_agents):
        if agent.name not in listed:
            missing = True
            yield Outcome(Status.NEEDS_INPUT,
                          f"{agent.name} is paid to solicit purchasers, so it (and its directors, "
                          "officers and solicitors) are covered persons, but it is not listed",
                          ("placement_agents", index, "name"))
    if not missing:
        yield Outcome(Status.SATISFIED, f"{len(listed)} covered persons are listed, including "
                      "every 20% holder and placement agent the deal file names", field)


@rule("reg_d.506e-disclosure", regime="reg_d",
      requirement="Disqualifying events before September 23, 2013 do not disqualify, but must be "
      "disclosed to each purchaser in writing a reasonable time before the sale.",
      citation="Rule 506(e)")
def pre_2013_disclosure(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R27 (Rule 506(e))."""
    inquiry = deal.offering.bad_actor_inquiry
    if not _rule_506(deal) or inquiry is None or not inquiry.pre_2013_events:
        why = ("the offering does not rely on Rule 506" if not _rule_506(deal) else
               "no inquiry is recorded" if inquiry is None else
               "no pre-2013 events are recorded" if inquiry.pre_2013_events is None else
               "the inquiry found no events before September 23, 2013")
        yield Outcome(Status.NOT_APPLICABLE, f"Not applicable: {why}", INQUIRY)
        return
    disclosed = inquiry.pre_2013_events_disclosed_date
    first = deal.offering.first_sale_date
    field = INQUIRY + ("pre_2013_events_disclosed_date",)
    if disclosed is None:
        yield Outcome(Status.NEEDS_INPUT, "The inquiry found events before September 23, 2013; "
                      "give the date they were disclosed to purchasers in writing", field)
    elif disclosed >= first:
        yield Outcome(Status.ACTION_REQUIRED,
                      f"Events before September 23, 2013 were disclosed on {long_day(disclosed)}, "
                      f"not before the first sale on {long_day(first)}", field,
                      severity=Severity.ERROR)
    else:
        yield Outcome(Status.SATISFIED,
                      f"Events before September 23, 2013 were disclosed in writing on "
                      f"{long_day(disclosed)}, before the first sale on {long_day(first)}", field)


# --- integration -----------------------------------------------------------------------------


@rule("reg_d.integration", regime="reg_d",
      requirement="Offerings more than 30 calendar days apart are not integrated (with the "
      "no-general-solicitation condition); closer offerings need the facts-and-circumstances "
      "analysis of Rule 152(a).",
      citation="Rule 152(a)-(b); Release 33-10884",
      unverified=True)  # Rule 152's details are [K]
def integration(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R28."""
    field = ("offering", "other_offerings")
    if not facts.other_offerings:
        yield Outcome(Status.NOT_APPLICABLE, "No other offerings are listed", field)
        return
    first = deal.offering.first_sale_date
    if facts.offering_end is None:
        span = f"this offering began on {long_day(first)} and continues"
    elif facts.offering_end == first:
        span = f"this offering sold on {long_day(first)} only"
    else:
        span = f"this offering ran from {long_day(first)} to {long_day(facts.offering_end)}"
    for gap in facts.other_offerings:
        other = gap.offering
        where = field + (gap.index,)
        if first < RULE_152_EFFECTIVE:
            yield Outcome(Status.NEEDS_INPUT,
                          f"{sentence(other.description)}: this offering began before "
                          f"{long_day(RULE_152_EFFECTIVE)}, when Rule 152 as amended took "
                          "effect; the former Rule 502(a) six-month safe harbor and five-factor "
                          "test applied, which dealdocs does not model", where)
            continue
        if gap.days_apart > INTEGRATION_SAFE_HARBOR_DAYS:
            yield Outcome(Status.SATISFIED,
                          f"{sentence(other.description)}: {gap.days_apart} calendar days "
                          f"apart ({span}), more than 30, so within the Rule 152(b)(1) safe "
                          "harbor (counted from the first sale; count from the first offer if "
                          "offers began earlier)", where)
            continue
        apart = "concurrent" if gap.days_apart == 0 else f"only {gap.days_apart} days apart"
        message = (f"{sentence(other.description)}: {apart} ({span}), so outside the 30-day "
                   "safe harbor; each offering must meet its own exemption (Rule 152(a))")
        if other.general_solicitation and not deal.offering.general_solicitation:
            message += (". It used general solicitation, so the Company must reasonably believe "
                        "each purchaser here was not solicited through it, or had a substantive "
                        "relationship with the Company before this offering began")
        if other.registered and not gap.before and gap.days_apart > 0:
            message += (". A registered offering that begins after a private offering has ended "
                        "falls within the Rule 152(b)(3) safe harbor")
        message += (". Employee benefit plan, Rule 701 and Regulation S offerings fall within "
                    "Rule 152(b)(2)")
        yield Outcome(Status.NEEDS_INPUT, message, where)
