"""The transaction patterns of issue 9 (deal-patterns.md T1-T7, O7, O9, O10 and drafts with
brackets), one example deal each under tests/data/deals/: the sentences their note and 8-K must
say (read from a reviewed build), the words they must not say, what the rules conclude for the
transaction, and the consistency checks finding a tampered pattern term in the rendered DOCX."""

from __future__ import annotations

import re

import pytest

from dealdocs.calendar import default_calendar
from dealdocs.consistency import check_documents
from dealdocs.pipeline import analyse
from dealdocs.problems import Status
from dealdocs.render.docx import docx_text
from dealdocs.render.package import render_documents
from tampering import ROOT, analysed, checked, example, finding, rendered, words


# --- what each document says ---------------------------------------------------------------------

SAYS = [
    # T1: an exchange under Section 3(a)(9)
    ("exchange-3a9", "8-K",
     "On February 8, 2023, Kestrel Biosciences, Inc., a Delaware corporation (the “Company”) "
     "entered into an Exchange Agreement with Ironwood Opportunity Fund, LP (“Investor”), under "
     "which the Company exchanged two outstanding promissory notes with aggregate balances of "
     "$123,800 and $127,300 for a new unsecured convertible note in the principal amount of "
     "$251,100 (“Exchange Note”)."),
    ("exchange-3a9", "8-K", "Exchange of Notes"),
    ("exchange-3a9", "8-K",
     "All of the securities described in this Current Report on Form 8-K were issued in exchange "
     "for outstanding securities of the Company in reliance upon the exemption from registration "
     "pursuant to Section 3(a)(9) under the Securities Act of 1933, as amended (“Securities "
     "Act”). The securities were exchanged by the Company with its existing security holders "
     "exclusively, and no commission or other remuneration was paid for soliciting the exchange."),
    ("exchange-3a9", "8-K",
     "Conversions into Common Stock shall be calculated using a fixed conversion price of $0.04 "
     "per share."),
    ("exchange-3a9", "note", "Issued in exchange (no cash paid)"),
    ("exchange-3a9", "note",
     "This Note is issued in exchange for, and in full satisfaction of, the following securities "
     "of the Company held by the Holder, which the Holder surrenders for cancellation: (i) the "
     "Convertible Promissory Note dated March 1, 2022 in the original principal amount of "
     "$110,000, with a balance of $123,800, and (ii) the Convertible Promissory Note dated June "
     "15, 2022 in the original principal amount of $115,000, with a balance of $127,300 "
     "(together, the “Exchanged Securities”). No cash or other consideration is paid for this "
     "Note. The Company and the Holder intend the exchange to be exempt from registration under "
     "Section 3(a)(9) of the Securities Act, and no commission or other remuneration is paid for "
     "soliciting it."),
    ("exchange-3a9", "note", "The “Conversion Price” is $0.04 per share"),
    ("exchange-3a9", "checklist", "Exemptions claimed: Section 3(a)(9)"),
    # T2: an amended and restated secured facility, raised, with advances at their own prices
    ("facility-amendment", "8-K", "Amendment and Restatement of Senior Secured Convertible Loan "
     "Agreement"),
    ("facility-amendment", "8-K",
     "On June 3, 2024, Tern Energy Systems, Inc., a Colorado corporation (the “Company”) and "
     "Harborview Credit Partners, LLC (“Lender”) amended and restated the Senior Secured "
     "Convertible Loan Agreement dated November 15, 2022 to increase the facility from $6,000,000 "
     "to $8,500,000 and extend the maturity date from November 15, 2025 to June 3, 2027. As of "
     "the date of this report, $5,807,200 has been advanced under it. In connection with the "
     "amendment and restatement, the Company issued an $8,500,000 Amended and Restated Senior "
     "Secured Convertible Note (“Note”) to the Lender."),
    ("facility-amendment", "8-K",
     "Conversions into Common Stock shall be calculated using a fixed conversion price of $0.10 "
     "per share. Advances convert at their own prices: a fixed price of $0.08 per share for the "
     "advance of $5,000,000 made on November 15, 2022 and a fixed price of $0.10 per share for "
     "the advance of $807,200 made on June 3, 2024."),
    ("facility-amendment", "8-K",
     "The Note is secured by a security interest in all of the assets of the Company under an "
     "Amended and Restated Security Agreement. It is a senior secured obligation of the Company."),
    ("facility-amendment", "8-K",
     "(vii) loss of the priority of the security interest securing the Note."),
    ("facility-amendment", "8-K",
     "The foregoing description of the amendment is a summary and is qualified in its entirety"),
    ("facility-amendment", "note",
     "the principal sum of Eight Million Five Hundred Thousand Dollars ($8,500,000) or, if less, "
     "the aggregate principal amount of all advances made under this Note and not repaid (the "
     "“Principal Amount”)"),
    ("facility-amendment", "note",
     "The Loan Agreement amends and restates the Senior Secured Convertible Loan Agreement dated "
     "November 15, 2022 and sets the facility under it at $8,500,000. This Note amends and "
     "restates the note issued under the Senior Secured Convertible Loan Agreement, and "
     "continues, without novation, the obligations outstanding under it."),
    ("facility-amendment", "note",
     "Interest accrues on the outstanding principal from the date of each advance at 8% per "
     "annum"),
    ("facility-amendment", "note", "Principal Amount: $8,500,000 Issue Date: June 3, 2024 Paid for "
     "Advances: $5,807,200 Maturity Date: June 3, 2027"),
    ("facility-amendment", "note",
     "Principal advanced under this Note converts at the conversion price of its advance: $0.08 "
     "per share for the advance of $5,000,000 made on November 15, 2022 and $0.10 per share for "
     "the advance of $807,200 made on June 3, 2024."),
    # T5: a second tranche funded on a condition, after the report date
    ("conditional-tranche", "8-K",
     "On March 10, 2021, the Company received $500,000 of gross proceeds from the offering of the "
     "Notes. The first tranche of $500,000 was funded on March 10, 2021. The second tranche of "
     "$500,000 is to be funded within five business days after the FDA accepts the Company's "
     "510(k) submission for its Lumina-RT assay for substantive review (expected on or about May "
     "14, 2021). Until then nothing is owed under its note, whose principal is prorated to the "
     "part of the purchase price paid."),
    ("conditional-tranche", "8-K", "The Notes will bear interest at a rate of 6% per annum, from "
     "the date each is funded."),
    ("conditional-tranche", "note",
     "promises to pay to the order of Northgate Healthcare Fund I, LP, or registered assigns (the "
     "“Holder”), the principal sum of Five Hundred Fifty Thousand Dollars ($550,000) (the "
     "“Principal Amount”), as prorated below,"),
    ("conditional-tranche", "note",
     "an original issue discount, and once the Purchase Price is paid, the full Principal Amount "
     "is payable under this Note."),
    ("conditional-tranche", "note", "Funding. This Note is tranche 1 of the Notes. The Holder "
     "paid the Purchase Price on March 10, 2021."),
    ("conditional-tranche", "note",
     "Interest accrues on the outstanding principal from the date each part of it is paid"),
    # O7: an investor the 8-K does not name
    ("unnamed-investor", "8-K",
     "On April 19, 2023, Pinecrest Therapeutics, Inc., a Nevada corporation (the “Company”) "
     "entered into a Securities Purchase Agreement with a non-affiliated accredited investor (the "
     "“Investor”), for the private placement of a $112,750 Convertible Promissory Note "
     "(“Note”)."),
    ("unnamed-investor", "8-K",
     "The Note was issued with an original issue discount of $10,250: the Investor paid $102,500 "
     "for $112,750 of principal; the Investor withheld $2,500 for the Investor's legal fees from "
     "the purchase price. The purchase price was paid on April 21, 2023."),
    ("unnamed-investor", "8-K", "4.1 Convertible Promissory Note dated April 19, 2023 10.1 "
     "Securities Purchase Agreement dated April 19, 2023"),
    ("unnamed-investor", "note",
     "promises to pay to the order of Bellhaven Capital Partners LLC, or registered assigns (the "
     "“Holder”)"),
    ("unnamed-investor", "note", "HOLDER: Bellhaven Capital Partners LLC"),
    # a draft with brackets: what nobody knows yet prints as a highlighted blank
    ("draft-with-brackets", "note",
     "MAY BE OBTAINED FROM THE COMPANY’S [●], 2200 KRAFT DRIVE, SUITE 1400, BLACKSBURG, VA 24060"),
    ("draft-with-brackets", "note",
     "This Note is governed by the laws of the State of [●], without regard to its "
     "conflict-of-laws principles."),
    ("draft-with-brackets", "note", "the state and federal courts sitting in the State of [●]"),
    ("draft-with-brackets", "note", "Notices to the Company go to 2200 Kraft Drive, Suite 1400, "
     "Blacksburg, VA 24060, Attention: [●];"),
    ("draft-with-brackets", "note", "Name: [●] Title: [●] REDWATER STRATEGIC FUND LLC"),
    ("draft-with-brackets", "note",
     "computed on the basis of [a 365-day year and the actual number of days elapsed]."),
    ("draft-with-brackets", "8-K",
     "SILVERLINE ROBOTICS CORP. Date: [●] By: /s/ [●] Name: [●] Title: [●]"),
    # O9, O10, T7: a trust's Common Shares, a Section 15(d) reporter, five notes to trustees
    ("trust-common-shares-15d", "8-K", "PRAIRIE HEARTH REALTY TRUST (Exact name of registrant "
     "as specified in its charter) Missouri 0-25074 43-1689520"),
    ("trust-common-shares-15d", "8-K", "Securities registered pursuant to Section 12(b) of the "
     "Act: Title of each class Trading Symbol(s) Name of each exchange on which registered None"),
    ("trust-common-shares-15d", "8-K",
     "On December 18, 2020, Prairie Hearth Realty Trust, a Missouri business trust (the "
     "“Company”) issued, in a private placement, Convertible Promissory Notes in the aggregate "
     "principal amount of $197,780 (“Notes”) to Harold J. Wexler, Carolyn M. Deane, Russell T. "
     "Abernathy, Marisol Quintero and Gordon L. Pickett (each, an “Investor” and together, the "
     "“Investors”)."),
    ("trust-common-shares-15d", "8-K",
     "The Notes were issued as follows: $50,000 in principal amount to Harold J. Wexler, for a "
     "purchase price of $50,000; $47,780 in principal amount to Carolyn M. Deane, for a purchase "
     "price of $47,780; $40,000 in principal amount to Russell T. Abernathy, for a purchase price "
     "of $40,000; $35,000 in principal amount to Marisol Quintero, for a purchase price of "
     "$35,000; and $25,000 in principal amount to Gordon L. Pickett, for a purchase price of "
     "$25,000."),
    ("trust-common-shares-15d", "8-K",
     "each holder shall have the option to convert all or a portion of the amounts into the "
     "Company's Common Shares. Conversions into Common Shares shall be calculated using a fixed "
     "conversion price of $1.331 per share."),
    ("trust-common-shares-15d", "8-K", "Harold J. Wexler, an Investor, is a trustee of the "
     "Company. Carolyn M. Deane, an Investor, is a trustee of the Company. Russell T. Abernathy, "
     "an Investor, is a trustee of the Company. Marisol Quintero, an Investor, is a trustee of "
     "the Company. Gordon L. Pickett, an Investor, is a trustee of the Company."),
    ("trust-common-shares-15d", "note",
     "into fully paid and non-assessable Common Shares of beneficial interest, $1.00 par value, "
     "of the Company (the “Common Shares”) at the Conversion Price. The number of Common Shares "
     "issuable on a conversion (the “Conversion Shares”)"),
    ("trust-common-shares-15d", "note", "“Principal Market” means any market on which the Common "
     "Shares trade"),
    ("trust-common-shares-15d", "note", "The “Conversion Price” is $1.331 per share"),
    ("trust-common-shares-15d", "note", "No Shareholder Rights. This Note does not entitle the "
     "Holder to vote, to receive dividends or to any other right of a shareholder of the Company"),
    ("trust-common-shares-15d", "note", "call and hold a meeting of its shareholders"),
    # T3: a note that does not convert
    ("non-convertible", "checklist",  # a Rule 506(b) sale: its Form D action stays
     "September 29, 2022 File the Form D."),
    ("non-convertible", "8-K",
     "On September 14, 2022, Bluewater Aquaculture Corp., a Nevada corporation (the “Company”) "
     "issued, in a private placement, a $125,000 Promissory Note (“Note”) to Meridian Bridge "
     "Lending LLC (“Investor”)."),
    ("non-convertible", "8-K", "Offering of Unsecured Promissory Note"),
    ("non-convertible", "8-K",
     "The Note was issued with an original issue discount of $25,000: the Investor paid $100,000 "
     "for $125,000 of principal."),
    ("non-convertible", "note",
     "THIS NOTE HAS NOT BEEN REGISTERED UNDER THE SECURITIES ACT OF 1933, AS AMENDED (THE "
     "“SECURITIES ACT”), OR THE SECURITIES LAWS OF ANY STATE. IT HAS BEEN ACQUIRED FOR "
     "INVESTMENT"),
    ("non-convertible", "note",
     "Accrued interest is payable on the Maturity Date, and on any earlier date on which principal "
     "is repaid or prepaid, for the principal so repaid or prepaid."),
    ("non-convertible", "note",
     "The Holder is purchasing this Note for $100,000 (the “Purchase Price”). The difference of "
     "$25,000 between the Principal Amount and the Purchase Price is an original issue discount"),
]


@pytest.mark.parametrize("stem, kind, sentence", SAYS,
                         ids=[f"{stem}-{kind}-{n}" for n, (stem, kind, _) in enumerate(SAYS)])
def test_the_document_states_the_pattern(stem, kind, sentence):
    assert sentence in words(stem, kind)


NEVER = [
    # a note that does not convert says nothing of conversion, anywhere
    ("non-convertible", "note", r"(?i)convert|conversion"),
    ("non-convertible", "8-K", r"(?i)convert|conversion|Item 3\.02|equity securities"),
    # the 8-K names neither the investor nor who signs for it, nor where it is
    ("unnamed-investor", "8-K", r"(?i)Bellhaven|Lipsky|Great Neck|Northern Boulevard"),
    # a draft invents nothing: no deal-file word "placeholder", no guessed law or signer
    ("draft-with-brackets", "note", r"(?i)placeholder|State of (?!\[)|Attention: (?!\[)"),
    ("draft-with-brackets", "8-K", r"(?i)placeholder|Date: (?!\[)|/s/ (?!\[)"),
    # a trust's shares are Common Shares, never "Common Stock" or "shares of Common Shares"
    ("trust-common-shares-15d", "note",
     r"Common Stock|shares of (?:the Company.s )?Common Shares"
     r"|(?i:stockholder|stock split|stock dividend)"),
    ("trust-common-shares-15d", "8-K", r"Common Stock|shares of (?:the Company.s )?Common Shares"),
    # no Form D row where no Form D is due (Section 3(a)(9); Section 4(a)(2) alone)
    ("exchange-3a9", "checklist", r"File the Form D"),
    ("trust-common-shares-15d", "checklist", r"File the Form D"),
    # an exchange reports no cash and no discount
    ("exchange-3a9", "8-K", r"(?i)original issue discount|gross proceeds|purchase price|sold"),
    ("exchange-3a9", "note", r"(?i)original issue discount|Purchase Price"),
]


@pytest.mark.parametrize("stem, kind, pattern", NEVER,
                         ids=[f"{stem}-{kind}-{n}" for n, (stem, kind, _) in enumerate(NEVER)])
def test_the_document_never_says(stem, kind, pattern):
    found = re.search(pattern, words(stem, kind))
    assert found is None, f"{stem} {kind} says {found.group(0)!r}"


# --- what the rules conclude for the transaction -------------------------------------------------


def test_an_exchange_needs_no_form_d_and_no_state_notice():
    analysis = analysed(example("exchange-3a9"))
    assert analysis.facts.form_d_required is False and analysis.facts.form_d is None
    assert finding("exchange-3a9", "form_d.due").status is Status.NOT_APPLICABLE
    state = finding("exchange-3a9", "state.notice-filings")
    assert state.status is Status.NOT_APPLICABLE and "§18(b)(4)(E)" in state.message
    assert analysis.facts.gross_proceeds == 0
    assert analysis.facts.notes[0].original_issue_discount == 0


def test_an_exchange_tacks_the_rule_144_period_to_the_surrendered_notes():
    found = finding("exchange-3a9", "resale.rule-144")
    assert "from full payment on Wednesday, June 15, 2022, the latest issue date of the " \
           "securities surrendered in exchange" in found.message
    assert "Rule 144(d)(3)(ii)" in found.message


def test_item_3_02_of_an_exchange_states_no_cash_sale():
    found = finding("exchange-3a9", "form_8k.contents-3.02")
    assert "in exchange for outstanding securities with balances of $251,100, for no cash" \
        in found.message
    assert "for $0" not in found.message


def test_a_note_that_does_not_convert_sells_no_equity_security():
    analysis = analysed(example("non-convertible"))
    assert analysis.facts.equity_sold is False
    item = finding("non-convertible", "form_8k.item-3.02")
    assert item.status is Status.NOT_APPLICABLE
    assert "no equity security is sold" in item.message and "Item 701" in item.message
    assert "next 10-Q" not in item.message  # nothing to report there either
    assert finding("non-convertible", "exchange.share-reserve").status is Status.NOT_APPLICABLE
    for rule_id in ("resale.restricted-legend", "resale.rule-144"):
        assert "conversion shares" not in finding("non-convertible", rule_id).message


# --- the consistency checks find a tampered pattern term ---------------------------------------

TAMPERS = [
    ("exchange-3a9", "note", "$127,300", "$172,300", "notes[0].exchange.surrendered[1].balance"),
    ("exchange-3a9", "8-K", "$123,800", "$132,800", "notes[0].exchange.surrendered[0].balance"),
    ("exchange-3a9", "8-K", "Section 3(a)(9)", "Section 4(a)(2)", "offering.exemptions"),
    ("facility-amendment", "8-K", "amended and restated the Senior", "amended the Senior",
     "amendment.restated"),
    ("facility-amendment", "8-K", "from $6,000,000 to $8,500,000",
     "from $6,000,000 to $8,000,000", "amendment.changes[0]"),
    ("facility-amendment", "8-K", "$5,807,200 has been", "$5,870,200 has been",
     "facility.advanced_to_date"),
    ("facility-amendment", "8-K", "$0.08 per share for the advance",
     "$0.09 per share for the advance", "notes[0].advances[0].conversion_price.fixed"),
    ("facility-amendment", "note", "$0.08 per share for the advance",
     "$0.10 per share for the advance", "notes[0].advances[0].conversion_price.fixed"),
    ("conditional-tranche", "8-K", "is to be funded within five", "was funded within five",
     "notes[1].tranche.funded"),
    ("conditional-tranche", "8-K", "within five business days after the FDA",
     "within ten business days after the FDA", "notes[1].tranche.condition"),
    ("conditional-tranche", "8-K", "expected on or about May 14, 2021",
     "expected on or about June 14, 2021", "notes[1].funding_date"),
    ("conditional-tranche", "8-K", "received $500,000 of gross", "received $1,000,000 of gross",
     "offering.gross_proceeds"),
    ("unnamed-investor", "8-K", "with a non-affiliated accredited investor (the",
     "with Bellhaven Capital Partners LLC (the", "investors[0].named_in_8k"),
    ("unnamed-investor", "note", "to the order of Bellhaven Capital Partners LLC,",
     "to the order of Bellhaven Capital LLC,", "notes[0].holder"),
    ("trust-common-shares-15d", "8-K", "0-25074", "000-25074",
     "issuer.commission_file_number"),
    ("trust-common-shares-15d", "8-K", "$47,780 in principal amount to Carolyn M. Deane",
     "$47,870 in principal amount to Carolyn M. Deane", "notes[1].principal"),
    ("trust-common-shares-15d", "note", "$1.331 per share", "$1.313 per share",
     "notes[0].conversion.price.fixed"),
    ("non-convertible", "note", "this Promissory Note", "this Convertible Promissory Note",
     "notes[0].title"),
    ("non-convertible", "8-K", "$125,000 Promissory Note", "$125,000 Convertible Promissory Note",
     "notes[0].title"),
    ("non-convertible", "8-K", "at a rate of 8% per annum.",
     "at a rate of 8% per annum. It is convertible into shares at $0.05.", "notes[0].title"),
    ("non-convertible", "note", "in a lump sum on the Maturity Date.",
     "in a lump sum on the Maturity Date, unless the Holder may convert it earlier.",
     "notes[0].title"),
    ("non-convertible", "note", "$25,000 between", "$20,000 between", "notes[0].purchase_price"),
]


@pytest.mark.parametrize("stem, kind, old, new, field", TAMPERS,
                         ids=[f"{stem}-{kind}-{n}" for n, (stem, kind, *_) in enumerate(TAMPERS)])
def test_a_tampered_pattern_term_is_found(stem, kind, old, new, field):
    found = [p for p in checked(stem, (kind, old, new)) if p.severity.value == "error"]
    assert found, f"{old} -> {new} in the {kind} of {stem} went unnoticed"
    assert field in {p.field for p in found}, found


def test_an_advance_is_a_sale_to_its_holder_from_its_own_date():
    """The lender's first advance (November 15, 2022) is its first sale: the state notice counts
    from it, not from the amendment."""
    facts = analysed(example("facility-amendment")).facts
    assert str(facts.investors[0].sale_date) == "2022-11-15"
    notice = finding("facility-amendment", "state.notice-filings")
    assert "15 days after the first sale there on Tuesday, November 15, 2022" in notice.message
    contents = finding("facility-amendment", "form_8k.contents-3.02")
    assert "the sale on Monday, June 3, 2024 of $8,500,000" in contents.message


def test_the_second_tranches_note_states_its_condition_and_its_interest():
    second = words("conditional-tranche", "note", 1)
    assert ("Funding. This Note is tranche 2 of the Notes. The Holder is to pay the Purchase Price "
            "within five business days after the FDA accepts the Company's 510(k) submission for "
            "its Lumina-RT assay for substantive review, expected on May 14, 2021. The principal "
            "sum due under this Note is prorated based on the consideration paid") in second
    assert "from the date each part of it is paid" in second


@pytest.mark.parametrize("kind, old, new, field", [
    ("note", "within five business days after the FDA", "within ten business days after the FDA",
     "notes[1].tranche.condition"),
    ("note", "from the date each part of it is paid", "from the Issue Date", "notes[1].tranche"),
])
def test_a_tampered_term_of_the_second_tranches_note_is_found(kind, old, new, field):
    found = checked("conditional-tranche", (kind, old, new), index=1)
    assert field in {p.field for p in found if p.severity.value == "error"}, found


def test_a_tranche_funded_by_the_report_date_is_reported_in_the_past_tense(tmp_path):
    source = example("conditional-tranche").read_text(encoding="utf-8")
    funded = source.replace('funding_date: "2021-05-14"', 'funding_date: "2021-03-12"').replace(
        "funded: false", "funded: true")
    assert funded.count("2021-03-12") == 1 and "funded: false" not in funded
    path = tmp_path / "funded.yaml"
    path.write_text(funded, encoding="utf-8")
    eight_k = " ".join(docx_text(next(d.docx for d in rendered(path) if d.kind == "8-K")).split())
    assert "The second tranche of $500,000 was funded on March 12, 2021." in eight_k
    assert "is to be funded" not in eight_k
    analysis = analysed(path)
    assert check_documents(analysis.deal, analysis.facts, analysis.findings, rendered(path)) == []


def test_a_later_funding_does_not_name_an_unnamed_investor(tmp_path):
    """The sentence on a note paid for after the proceeds date names its holder as the 8-K
    describes it."""
    source = example("unnamed-investor").read_text(encoding="utf-8")
    earlier = source.replace('proceeds_received_date: "2023-04-21"',
                             'proceeds_received_date: "2023-04-19"')
    assert earlier != source
    path = tmp_path / "earlier.yaml"
    path.write_text(earlier, encoding="utf-8")
    eight_k = " ".join(docx_text(next(d.docx for d in rendered(path) if d.kind == "8-K")).split())
    assert ("The purchase price of $102,500 for the Convertible Promissory Note issued to a "
            "non-affiliated accredited investor was received on April 21, 2023.") in eight_k
    assert "Bellhaven" not in eight_k


BLANK_RUN = '<w:t xml:space="preserve">●</w:t>'


@pytest.mark.parametrize("kind, new, count, field", [
    ("note", "Delaware", -1, "notes[0].governing_law"),
    ("8-K", "October 15, 2024", 1, "form_8k.report_date"),
    ("8-K", "Teresa Lindqvist", 2, "form_8k.signatory.name"),
])
def test_a_blank_filled_in_the_document_but_not_in_the_deal_file_is_found(kind, new, count, field):
    found = checked("draft-with-brackets",
                    (kind, BLANK_RUN, f'<w:t xml:space="preserve">{new}</w:t>'), count=count)
    errors = [p for p in found if p.severity.value == "error"]
    assert field in {p.field for p in errors}, found
    assert any("the deal file leaves it a placeholder" in p.message for p in errors), errors


@pytest.mark.parametrize("kind", ["note", "8-K"])
def test_every_blank_is_highlighted(kind):
    import io
    import zipfile

    docx = next(d.docx for d in rendered(example("draft-with-brackets")) if d.kind == kind)
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*?●(?:(?!</w:r>).)*?</w:r>", xml)
    assert runs and all('<w:highlight w:val="yellow"/>' in run for run in runs), runs


def test_a_draft_passes_check_with_warnings_and_fails_it_final():
    import json
    import subprocess
    import sys

    root = ROOT
    command = [sys.executable, "build.py", "check", "--no-pdf", "--format", "json",
               str(example("draft-with-brackets").relative_to(root))]
    plain = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    warned = [f["field"] for f in json.loads(plain.stdout)["findings"]
              if f["id"] == "drafting.placeholder"]
    assert sorted(warned) == ["form_8k.report_date", "form_8k.signatory.name",
                              "form_8k.signatory.title", "notes[0].governing_law",
                              "notes[0].interest.day_count"]
    final = subprocess.run(command + ["--final"], cwd=root, capture_output=True, text=True,
                           timeout=300)
    assert final.returncode == 1, final.stdout + final.stderr
    errors = [f["field"] for f in json.loads(final.stdout)["findings"]
              if f["severity"] == "error"]
    assert sorted(errors) == sorted(warned)


def test_an_unknown_report_date_is_a_filing_instruction_not_a_date():
    found = finding("draft-with-brackets", "form_8k.timely")
    assert found.status is Status.NEEDS_INPUT
    assert "file so that EDGAR dates the 8-K by Thursday, October 17, 2024" in found.message


def test_a_section_15d_trust_and_its_trustees():
    analysis = analysed(example("trust-common-shares-15d"))
    assert len(analysis.deal.notes) == 5 and analysis.facts.total_principal == 197780
    item = finding("trust-common-shares-15d", "form_8k.item-1.01")
    assert "An agreement with a director, trustee or executive officer" in item.message
    assert finding("trust-common-shares-15d", "form_8k.item-3.02").status is Status.ACTION_REQUIRED
    cover = {fact.element: fact.value for fact in analysis.facts.cover}
    assert cover["EntityFileNumber"] == "0-25074"
    assert finding("trust-common-shares-15d", "form_d.due").status is Status.NOT_APPLICABLE


def test_a_facility_is_sold_as_far_as_it_is_advanced():
    """The note's principal is the facility's limit; what the lender paid is the advances: no
    original issue discount, and Form D reports $5,807,200 sold of $8,500,000."""
    facts = analysed(example("facility-amendment")).facts
    assert facts.notes[0].original_issue_discount == 0
    assert (facts.gross_proceeds, facts.offering_total, facts.offering_remaining) == (
        5807200, 8500000, 2692800)
    contents = finding("facility-amendment", "form_d.contents").message
    assert "Item 13, $8,500,000 offered, $5,807,200 sold, $2,692,800 remaining; Item 14, 1 " \
           "investor (1 accredited, 0 not)" in contents


def test_a_facility_note_is_not_paid_for_beyond_its_advances(tmp_path):
    from dealdocs.problems import ProblemsFound

    source = example("facility-amendment").read_text(encoding="utf-8")
    path = tmp_path / "overpaid.yaml"
    path.write_text(source.replace('purchase_price: "5807200"', 'purchase_price: "6000000"'),
                    encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        analysed(path)
    assert [(p.field, p.message.split(";")[0]) for p in caught.value.problems] == [
        ("notes[0].purchase_price",
         "the purchase price 6000000 is more than the advances made (5807200)")]


def test_the_lead_in_to_the_signatures_stays_on_their_page():
    """print.css keeps "IN WITNESS WHEREOF" with the signature table (Word's keep-with-next):
    in the exchange note it fell at the foot of a page, the signatures alone on the next."""
    import io

    from pypdf import PdfReader

    note = next(d for d in rendered(example("exchange-3a9"), ("docx", "pdf"))
                if d.kind == "note")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(note.pdf)).pages]
    (lead_in,) = [number for number, words in enumerate(pages) if "IN WITNESS WHEREOF" in words]
    assert "KESTREL BIOSCIENCES, INC." in pages[lead_in].split("IN WITNESS WHEREOF")[1]


def test_an_unnamed_insider_with_a_warrant_and_shares_is_not_named(tmp_path):
    """In a deal with several investors, the 8-K's sentences on warrants, commitment shares and
    insiders describe an investor it does not name (they used to print the name)."""
    source = example("multi-investor-tranches").read_text(encoding="utf-8")
    marsh = "Evelyn R. Marsh, M.D."
    unnamed = source.replace('    voting_power_percent: "7.8"\n',
                             '    voting_power_percent: "7.8"\n    named_in_8k: false\n')
    unnamed = unnamed.replace("\noffering:\n", f"""
warrants:
  - holder: {marsh}
    title: Common Stock Purchase Warrant
    shares: "100000"
    exercise_price: "0.60"
    issue_date: "2025-06-18"
    expiration_date: "2030-06-18"
    cashless_exercise: false

commitment_shares:
  - holder: {marsh}
    shares: "25000"
    issue_date: "2025-06-18"

offering:
""")
    assert unnamed.count("named_in_8k: false") == 1 and "commitment_shares:" in unnamed
    path = tmp_path / "unnamed-insider.yaml"
    path.write_text(unnamed, encoding="utf-8")
    eight_k = " ".join(docx_text(next(d.docx for d in rendered(path) if d.kind == "8-K")).split())
    assert ("In connection with the offering, the Company issued to an affiliated accredited "
            "investor a Common Stock Purchase Warrant to purchase up to 100,000 shares") in eight_k
    assert ("The Company also issued 25,000 shares of Common Stock to an affiliated accredited "
            "investor as commitment shares") in eight_k
    assert ("An affiliated accredited investor, an Investor, is a member of the Company's Board "
            "of Directors") in eight_k
    body = eight_k.split("Item 9.01")[0]  # the exhibit index names the holders' notes
    assert marsh not in body


def test_a_trusts_reverse_split_default_is_a_reverse_share_split(tmp_path):
    """The event-of-default words follow the class: a trust's Common Shares split, not stock."""
    source = example("trust-common-shares-15d")
    path = tmp_path / source.name
    path.write_text(source.read_text(encoding="utf-8").replace(
        "events: [payment, bankruptcy_or_insolvency, covenant_breach]",
        "events: [payment, bankruptcy_or_insolvency, covenant_breach, reverse_split]"),
        encoding="utf-8")
    analysis = analyse(path, default_calendar())
    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    eight_k = " ".join(next(docx_text(d.docx) for d in documents if d.kind == "8-K").split())
    assert "a reverse share split without notice to its holder" in eight_k
    assert "stock split" not in eight_k
