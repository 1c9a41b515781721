"""Form D: when the notice and its amendments are due, and what it reports."""

from __future__ import annotations

import functools
from typing import Iterator

from ..display import Money, series
from ..facts import FORM_D_PATH, Facts, form_d_required
from ..model import CoveredRole, Deal, Exemption
from ..problems import Severity, Status
from . import Outcome, rule
from ..validate import field_name
from .phrases import form_d_due_sentence, long_day

FIRST_SALE = ("offering", "first_sale_date")
FORM_D = ("offering", "form_d")


# Form D Item 6 and its XML code [S: filings and parsers]; the Rule 504 sub-codes are unverified.
EXEMPTION_CODES = {
    Exemption.RULE_506B: "Rule 506(b), XML code 06b",
    Exemption.RULE_506C: "Rule 506(c), XML code 06c",
    Exemption.SECTION_4A5: "Section 4(a)(5), XML code 4a5",
    Exemption.RULE_504: "Rule 504 (its XML sub-code is not verified)",
}


# Item 9's boxes, as the form words them
SECURITY_TYPES = {"equity": "Equity", "debt": "Debt",
                  "option": "Option, Warrant or Other Right to Acquire Another Security",
                  "security_to_be_acquired": "Security to be Acquired Upon Exercise of Option, "
                  "Warrant or Other Right to Acquire Security"}


required = form_d_required


def _only_when_required(check):
    """A Form D rule says once why it does not apply, instead of checking what is not due."""

    @functools.wraps(check)
    def guarded(deal: Deal, facts: Facts) -> Iterator[Outcome]:
        skip = _not_required(deal)
        if skip:
            yield skip
        else:
            yield from check(deal, facts)

    return guarded


def _not_required(deal: Deal) -> Outcome | None:
    if required(deal):
        return None
    if Exemption.SECTION_4A5 in deal.offering.exemptions:
        return Outcome(Status.NEEDS_INPUT,
                       "The offering relies on Section 4(a)(5), which Form D lists, but not on "
                       "Regulation D; our reference does not give the filing rule for it: confirm "
                       "whether and when a Form D is due", ("offering", "exemptions"))
    return Outcome(Status.NOT_APPLICABLE, "No Form D: the offering does not rely on Regulation D",
                   ("offering", "exemptions"))


@rule("form_d.due", regime="form_d",
      requirement="File Form D no later than 15 calendar days after the first sale (the date the "
      "first investor is irrevocably committed); if that day is a Saturday, Sunday or holiday, "
      "the next business day.",
      citation="Rule 503(a)(1); Securities Act Rules C&DI 257.02; C&DI 257.08; Rule 507")
@_only_when_required
def due(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R17 (due date), R36 (a late Form D)."""
    deadline = facts.deadlines.form_d
    message = form_d_due_sentence(deadline)
    filings = deal.offering.form_d
    if filings is None:
        yield Outcome(Status.ACTION_REQUIRED, message, FIRST_SALE, due=deadline.safe_due)
    elif filings.filed_date <= deadline.safe_due:
        yield Outcome(Status.SATISFIED, f"{message}. It was filed on "
                      f"{long_day(filings.filed_date)}, on time", FORM_D + ("filed_date",))
    elif filings.filed_date <= deadline.due:
        yield Outcome(Status.SATISFIED, f"{message}. It was filed on "
                      f"{long_day(filings.filed_date)}: on time only if the SEC was closed that "
                      "day by executive order", FORM_D + ("filed_date",), severity=Severity.WARNING)
    else:
        yield Outcome(Status.SATISFIED,
                      f"{message}. It was filed late, on {long_day(filings.filed_date)}. A late "
                      "Form D does not cost the Rule 506 exemption (C&DI 257.08), but a court "
                      "injunction for failing to file would disqualify the Company from Regulation "
                      "D (Rule 507)", FORM_D + ("filed_date",), severity=Severity.WARNING)


@rule("form_d.annual-amendment", regime="form_d",
      requirement="While the offering continues, file a Form D/A on or before the first "
      "anniversary of the latest Form D or D/A; a D/A gives the accession number of the filing "
      "it amends.",
      citation="Rule 503(a)(3)(iii); EDGAR Form D XML Technical Specification "
      "(previousAccessionNumber)")
@_only_when_required
def annual_amendment(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R18 (annual amendment), R21 (the previous accession number a D/A carries)."""
    filings = deal.offering.form_d
    if filings is None:
        yield Outcome(Status.NOT_APPLICABLE, "No Form D is on file yet; once filed, a Form D/A is "
                      "due every year while the offering continues", FIRST_SALE)
        return
    if filings.offering_ongoing is False:
        yield Outcome(Status.NOT_APPLICABLE, "The offering has ended, so no annual Form D/A is "
                      "due", FORM_D + ("offering_ongoing",))
        return
    latest = filings.last_amendment_date or filings.filed_date
    anniversary = facts.deadlines.form_d_anniversary
    amendment_due = facts.deadlines.form_d_amendment_due
    when = (f"by {long_day(amendment_due)}: on or before the first anniversary "
            f"({long_day(anniversary)}) of the filing on {long_day(latest)}")
    if amendment_due != anniversary:
        when += "; the anniversary is not a business day, and the rule says \"on or before\""
    if filings.offering_ongoing is None:
        yield Outcome(Status.NEEDS_INPUT, f"If the offering is still open, a Form D/A is due "
                      f"{when}; say whether it is (offering_ongoing)", FORM_D)
    else:
        yield Outcome(Status.ACTION_REQUIRED, f"The offering continues, so a Form D/A is due "
                      f"{when}", FORM_D, due=amendment_due)
    if filings.accession_number is None:
        yield Outcome(Status.NEEDS_INPUT, "The Form D/A must give the accession number of the "
                      "filing it amends; add it (accession_number)", FORM_D)


@rule("form_d.exemption", regime="form_d",
      requirement="Form D Item 6 names each exemption claimed.",
      citation="Form D Item 6; EDGAR Form D XML (federalExemptionsExclusions)")
@_only_when_required
def exemption(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R20."""
    codes = [EXEMPTION_CODES[e] for e in deal.offering.exemptions if e in EXEMPTION_CODES]
    yield Outcome(Status.SATISFIED, f"Form D Item 6 claims {series(codes)}",
                  ("offering", "exemptions"))


@rule("form_d.contents", regime="form_d",
      requirement="Form D reports the issuer, its related persons (executive officers, directors, "
      "promoters), the exemption, the first sale, the types of securities, the minimum "
      "investment, sales compensation, the amounts offered and sold, the investors, and the "
      "commissions and fees.",
      citation="Form D Items 1-16")
@_only_when_required
def contents(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """No R-number: the Form D contents (Items 3, 9, 12-15)."""
    related = [person.name for person in deal.issuer.covered_persons
               if {CoveredRole.DIRECTOR, CoveredRole.EXECUTIVE_OFFICER, CoveredRole.PROMOTER}
               & set(person.roles)]
    gaps = False
    if not related:
        gaps = True
        yield Outcome(Status.NEEDS_INPUT, "Form D Item 3 lists the executive officers, directors "
                      "and promoters; none are listed (issuer.covered_persons)", ("issuer",))
    for index, agent in enumerate(deal.placement_agents):
        if agent.registered_broker_dealer and agent.crd_number is None:
            gaps = True
            yield Outcome(Status.NEEDS_INPUT, f"Form D Item 12 gives {agent.name}'s CRD number; "
                          "it is not given", ("placement_agents", index))
    if facts.placement_fees is None:
        gaps = True
        yield Outcome(Status.NEEDS_INPUT, "Form D Item 15 reports the sales commissions; a "
                      "placement agent's fee is not given", ("placement_agents",))
    if gaps:
        return
    types = [SECURITY_TYPES[kind] for kind in facts.form_d.security_types]
    accredited = len(deal.investors) - facts.non_accredited_count
    yield Outcome(Status.SATISFIED,
                  f"The deal file gives Form D: Item 3, {series(related)}; Item 9, "
                  f"{series(types)}; Item 13, "
                  f"{Money(facts.offering_total)} offered, {Money(facts.gross_proceeds)} sold, "
                  f"{Money(facts.offering_remaining)} remaining; Item 14, "
                  f"{len(deal.investors)} investor{'s' if len(deal.investors) != 1 else ''} "
                  f"({accredited} accredited, "
                  f"{facts.non_accredited_count} not); Item 15, sales commissions of "
                  f"{Money(facts.placement_fees)}" + ("" if deal.form_d else
                  ". Items 4 (industry group), 5 (issuer size) and 16 (proceeds paid to related "
                  "persons) are not in the deal file (form_d)"), ("offering",))


@rule("form_d.signature", regime="form_d",
      requirement="A duly authorized person signs Form D; the signature certifies that the "
      "issuer is not disqualified under Rule 506(d), so it cannot be given if the bad-actor "
      "inquiry found a disqualifying event.",
      citation="Form D Terms of Submission; Securities Act Rules C&DI 257.03")
@_only_when_required
def signature(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R34."""
    inquiry = deal.offering.bad_actor_inquiry
    field = ("offering", "bad_actor_inquiry")
    if inquiry is not None and inquiry.disqualifying_event_found:
        yield Outcome(Status.ACTION_REQUIRED, "Form D cannot be signed: its signature certifies "
                      "that the Company is not disqualified under Rule 506(d), and the inquiry "
                      "found a disqualifying event", field + ("disqualifying_event_found",),
                      severity=Severity.ERROR)
    elif inquiry is None:
        yield Outcome(Status.NEEDS_INPUT, "The Form D signature certifies that the Company is not "
                      "disqualified under Rule 506(d); record the bad-actor inquiry it rests on",
                      ("offering",))
    else:
        signer = deal.form_8k.signatory
        yield Outcome(Status.SATISFIED,
                      f"Form D may be signed by any duly authorized person (e.g. {signer.name}, "
                      f"{signer.title}); its Rule 506(d) certification rests on the inquiry of "
                      f"{long_day(inquiry.completed_date)}", field)


@rule("form_d.minimum-investment", regime="form_d",
      requirement="Form D Item 11 reports the minimum investment accepted from any outside "
      "investor, or $0 if the issuer may waive it.",
      citation="Form D Item 11; Securities Act Forms C&DI 130.03")
@_only_when_required
def minimum_investment(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R35."""
    minimum = deal.offering.minimum_investment
    field = ("offering", "minimum_investment")
    if minimum is None:
        yield Outcome(Status.SATISFIED, "Form D Item 11: no minimum investment is given, so "
                      "report $0", ("offering",))
    else:
        yield Outcome(Status.SATISFIED, f"Form D Item 11: report {Money(minimum)}, or $0 if the "
                      "Company may waive the minimum", field)


@rule("form_d.xml", regime="form_d",
      requirement="dealdocs writes Form D as EDGAR's XML (form-d/primary_doc.xml) only when the "
      "deal file gives every item: nothing on a Form D is guessed.",
      citation="Form D Items 1-16 and signature; EDGAR Form D XML (as filed samples show it)")
@_only_when_required
def xml(deal: Deal, facts: Facts) -> Iterator[Outcome]:
    """R20 and R21 as written in the XML; names each missing Form D input where it belongs, or
    says what is written."""
    form_d = facts.form_d
    for gap in form_d.gaps:
        yield Outcome(Status.NEEDS_INPUT, f"Form D cannot be written: {field_name(gap.field)} "
                      f"missing ({gap.what})", gap.field)
    if form_d.writable:
        kind = ("a Form D/A amending " + form_d.previous_accession_number
                if form_d.submission_type == "D/A" else "a new Form D notice")
        yield Outcome(Status.SATISFIED, f"Form D is written as {kind}, to "
                      f"{FORM_D_PATH}", ("form_d",))
