"""The consistency check: every document states the deal's terms, and only them.

Tamper tests change a rate, an amount, a date or a name inside a rendered DOCX and inside a PDF's
source (its HTML) and expect an error at the term's line in the deal file, quoting the document.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealdocs import consistency, display
from dealdocs.cli import main
from dealdocs.consistency import (DEFINED_TERM, EXHIBIT_TITLE, NOTE, PDF, TEMPLATE_VARIABLE,
                                  TERM, VALUE, WORDS, Text, check_analysis, check_documents,
                                  exhibit_title_findings, key_terms, lint_templates,
                                  pdf_difference, template_contexts, words_to_number)
from dealdocs.consistency.lint import _AttributeLint, _shape_of
from dealdocs.consistency.numbers import _COUNT_PAIR, _MONEY_PAIR, _PERCENT_PAIR, dollars_and_cents
from dealdocs.consistency.titles import _deal_definitions, _instrument
from dealdocs.problems import Severity
from dealdocs.render.package import Document, filing_files, output_files
from dealdocs.validate import field_name

from tampering import (DEALS, MULTI, SEED, analysed, rendered, tamper_docx, tamper_pdf,
                       with_docx)

# ---------------------------------------------------------------------------------------------
# Reading numbers back: the inverse of display.py


@given(st.integers(min_value=0, max_value=10 ** 12 - 1))
def test_words_read_back_what_display_writes(number):
    words = display.Money(Decimal(number)).words
    assert words_to_number(words.rsplit(" ", 1)[0]) == number


@given(st.integers(min_value=0, max_value=10 ** 9), st.integers(min_value=1, max_value=99))
def test_dollars_and_cents_read_back(dollars, cents):
    amount = Decimal(dollars) + Decimal(cents) / 100
    pair = display.Money(amount).in_full
    [match] = list(_MONEY_PAIR.finditer(pair))
    read = Decimal(words_to_number(match["words"])) + Decimal(words_to_number(match["cents"])) / 100
    assert read == amount == consistency.parse_money(match["figures"])


@given(st.integers(min_value=0, max_value=1000))
def test_percent_and_count_words_read_back(number):
    [percent] = list(_PERCENT_PAIR.finditer(display.Percent(Decimal(number)).words))
    assert words_to_number(percent["words"]) == number == int(percent["figures"])
    [count] = list(_COUNT_PAIR.finditer(str(display.Count(number))))
    assert words_to_number(count["words"]) == number == int(count["figures"])


@pytest.mark.parametrize("words, number", [
    ("Three Hundred Thirty Thousand", 330_000), ("sixty-one", 61), ("one hundred and five", 105),
    ("Fifteen Hundred", 1500), ("two million five hundred thousand", 2_500_000), ("zero", 0)])
def test_words_as_lawyers_write_them(words, number):
    assert words_to_number(words) == number


@pytest.mark.parametrize("words", ["", "and", "five five", "hundred", "twenty twelve",
                                   "thousand", "three percent", "fifteen four"])
def test_words_that_are_not_a_number(words):
    with pytest.raises(ValueError):
        words_to_number(words)


@pytest.mark.parametrize("text, amount", [("$330,000", Decimal(330000)), ("$0.0001",
                         Decimal("0.0001")), ("$27,500.50", Decimal("27500.50")),
                         ("$15 million", Decimal(15_000_000))])
def test_amounts(text, amount):
    assert consistency.parse_money(text) == amount


def test_an_amount_with_misplaced_commas_is_not_read():
    with pytest.raises(ValueError):
        consistency.parse_money("$33,00,00")


# ---------------------------------------------------------------------------------------------
# The seed and every example deal pass


def _check(path: Path, pdf: bool = False):
    return check_analysis(analysed(path), pdf=pdf)


def test_the_seed_passes_with_the_exhibit_title_warning():
    problems, findings = _check(SEED)
    assert problems == []
    [warning] = findings
    assert warning.id == EXHIBIT_TITLE and warning.severity is Severity.WARNING
    assert warning.field == "form_8k.exhibits[0].title"
    line = SEED.read_text(encoding="utf-8").splitlines()[warning.location.line - 1]
    assert line.strip() == "title: Unsecured Promissory Note dated January 11, 2019"
    assert line.index("Unsecured") + 1 == warning.location.column
    assert '"Unsecured Promissory Note dated January 11, 2019"' in warning.message
    assert '"Convertible Promissory Note"' in warning.message


def test_the_seed_passes_with_its_pdfs():
    problems, _ = _check(SEED, pdf=True)
    assert problems == []


@pytest.mark.parametrize("path", DEALS, ids=[path.stem for path in DEALS])
def test_every_example_deal_passes(path):
    problems, findings = _check(path)
    assert [p for p in problems + findings if p.is_error] == []
    # The only warnings: terms the note template leaves undefined for fixed-price notes (see
    # test_a_fixed_price_note_uses_trading_day_undefined) and exhibit titles.
    assert {p.id for p in problems + findings} <= {DEFINED_TERM, EXHIBIT_TITLE}
    assert not [p for p in findings if p.id == EXHIBIT_TITLE]


def test_every_key_term_of_the_seed_is_found_in_each_document():
    analysis = analysed(SEED)
    terms = key_terms(analysis.deal, analysis.facts)
    families = {term.family for term in terms}
    assert {"issuer.name", "principal", "interest.rate_percent", "issue_date", "maturity_date",
            "conversion.price.percent", "conversion.price.of.days", "holder", "investors.name",
            "offering.exemptions", "form_8k.exhibits.number", "form_8k.exhibits.title"} <= families
    principal = next(term for term in terms if term.family == "principal")
    assert principal.forms[NOTE] == ("Three Hundred Thirty Thousand Dollars ($330,000)",
                                     "$330,000")
    rate = next(term for term in terms if term.family == "interest.rate_percent")
    assert rate.forms == {NOTE: ("twelve percent (12%)", "12%"), "8-K": ("12%",)}


# ---------------------------------------------------------------------------------------------
# Tamper tests: a hand-edited DOCX


def _errors(path: Path, kind: str, old: str, new: str, count: int = -1, index: int = 0):
    analysis = analysed(path)
    documents = with_docx(rendered(path), kind, old, new, count, index)
    problems = check_documents(analysis.deal, analysis.facts, analysis.findings, documents)
    return [p for p in problems if p.is_error]


def _located(path: Path, deal_path: tuple) -> str:
    return str(analysed(path).deal.source.locate(deal_path))


SEED_TAMPERS = [
    # (document, old, new, count, the term's path in the deal file, words the message quotes)
    ("note", "12%", "10%", -1, ("notes", 0, "interest", "rate_percent"),
     'states the interest rate as "10%"'),
    ("8-K", "12%", "10%", -1, ("notes", 0, "interest", "rate_percent"),
     'the 8-K states the interest rate as "10%" ("…January 11, 2020. The Note will bear '
     'interest at a rate of 10% per annum.'),
    ("note", "twelve percent", "ten percent", -1, ("notes", 0, "interest", "rate_percent"),
     'writes "ten percent (12%)": the words say 10% but the figures say 12%'),
    ("note", "$330,000", "$300,000", 1, ("notes", 0, "principal"),
     'states the principal amount as "$300,000"'),
    ("note", "Three Hundred Thirty", "Three Hundred", -1, ("notes", 0, "principal"),
     'writes "Three Hundred Thousand Dollars ($330,000)": the words say $300,000 but the '
     'figures say $330,000'),
    ("8-K", "$330,000 Convertible", "$300,000 Convertible", -1, ("notes", 0, "principal"),
     'the 8-K states the principal amount as "$300,000"'),
    ("checklist", "$330,000 Convertible Promissory Note issued", "$303,000 Convertible "
     "Promissory Note issued", 1, ("notes", 0, "principal"),
     'the checklist states the principal amount as "$303,000"'),
    ("note", "January 11, 2020", "January 11, 2021", 1, ("notes", 0, "maturity_date"),
     'states the maturity date as "January 11, 2021"'),
    ("8-K", "mature on January 11, 2020", "mature on January 11, 2021", -1,
     ("notes", 0, "maturity_date"), 'the 8-K states the maturity date as "January 11, 2021"'),
    ("note", "Issue Date: ", "Issue Date: ", -1, None, None),  # an edit that changes nothing
    ("note", "Jason Widjaja", "Jason Widjaya", 1, ("notes", 0, "holder"),
     'states the holder\'s name as "Jason Widjaya"'),
    ("8-K", "Jason Widjaja", "Jason Widjaya", -1, ("investors", 0, "name"),
     'the 8-K states the investor\'s name as "Jason Widjaya"'),
    ("8-K", "Ascent Solar Technologies, Inc., a", "Ascent Solar Technology, Inc., a", -1,
     ("issuer", "name"), 'the 8-K states the Company\'s name as "Ascent Solar Technology, Inc."'),
    ("note", "80%", "75%", -1, ("notes", 0, "conversion", "price", "variable",
                                 "percent_of_market"),
     'states the conversion percentage as "75%"'),
    ("8-K", "five (5)", "ten (10)", -1, ("notes", 0, "conversion", "price", "variable",
                                         "lookback_trading_days"),
     'the 8-K states the lookback period as "ten (10)"'),
    ("8-K", "Rule 506 of", "Rule 506(c) of", -1, ("offering", "exemptions"),
     'the 8-K states the exemptions claimed as "Section 4(a)(2) and Rule 506(c)"'),
    ("8-K", "Exhibit 10.1,", "Exhibit 4.1,", -1, ("form_8k", "exhibits"),
     'the 8-K states the exhibit numbers as "4.1"'),
    ("8-K", "Unsecured Promissory Note dated", "Secured Promissory Note dated", -1,
     ("form_8k", "exhibits", 0, "title"),
     '"10.1 Unsecured Promissory Note dated January 11, 2019" is not in it'),
    ("checklist", "January 28, 2019", "January 29, 2019", 1, ("offering", "first_sale_date"),
     'the checklist states the Form D due date as "January 29, 2019"'),
    # The seed lists its governing law as a placeholder: the note prints "[Delaware]".
    ("note", "Delaware</w:t>", "Nevada</w:t>", -1, ("notes", 0, "governing_law"),
     'states the governing law as "Nevada"'),
]


@pytest.mark.parametrize("kind, old, new, count, deal_path, words", SEED_TAMPERS,
                         ids=[f"{t[0]}: {t[1]} -> {t[2]}" for t in SEED_TAMPERS])
def test_a_tampered_docx_is_caught_at_the_term(kind, old, new, count, deal_path, words):
    errors = _errors(SEED, kind, old, new, count)
    if deal_path is None:
        assert errors == []
        return
    assert errors, "the edit went unnoticed"
    assert any(str(error.location) == _located(SEED, deal_path)
               and error.field == field_name(deal_path) and words in error.message
               for error in errors), [f"{e.location}: {e.field}: {e.message}" for e in errors]


def test_the_message_reads_as_the_brief_asks():
    [error] = [e for e in _errors(SEED, "8-K", "12%", "10%") if e.id == TERM]
    line = SEED.read_text(encoding="utf-8").splitlines()[error.location.line - 1]
    assert line.strip() == 'rate_percent: "12"'
    assert error.message == (
        'the 8-K states the interest rate as "10%" ("…January 11, 2020. The Note will bear '
        'interest at a rate of 10% per annum. At any time after inception of the note until…"), '
        "but the deal file says 12%")


def test_an_amount_no_term_explains_is_an_error_with_its_words():
    errors = _errors(SEED, "note", "This Note is an unsecured obligation of the Company.",
                     "This Note is an unsecured obligation of the Company. The Company shall pay "
                     "a late fee of $5,000 on each late payment.")
    [error] = errors
    assert error.id == VALUE and error.field == "notes[0]"
    assert '"$5,000"' in error.message and "a late fee of $5,000" in error.message
    assert "neither in the deal file nor derived from it" in error.message


def test_a_percentage_the_deal_does_not_have_is_paired_with_the_missing_term():
    errors = _errors(SEED, "note", "12%", "11%")
    assert {e.id for e in errors} == {WORDS, TERM}
    assert all(e.field == "notes[0].interest.rate_percent" for e in errors)


def test_a_term_of_one_note_among_several_is_located_at_that_note():
    errors = _errors(MULTI, "8-K", "(Second Tranche) issued to Ridgeline Capital Partners, L.P. "
                     "will mature on June 18, 2027", "(Second Tranche) issued to Ridgeline "
                     "Capital Partners, L.P. will mature on June 18, 2028")
    assert [e.field for e in errors] == ["notes[5].maturity_date"]
    assert 'the 8-K states the maturity date as "June 18, 2028"' in errors[0].message
    errors = _errors(MULTI, "8-K", "$150,000 in principal amount to Thomas A. Reyes",
                     "$160,000 in principal amount to Thomas A. Reyes")
    assert [e.field for e in errors] == ["notes[1].principal"]
    errors = _errors(MULTI, "8-K", "Thomas A. Reyes, for a purchase", "Thomas A. Reyez, for a "
                     "purchase")
    assert [(e.field, e.message.split(" (")[0]) for e in errors] == [
        ("notes[1].holder", 'the 8-K states the holder\'s name as "Thomas A. Reyez"')]
    assert errors[0].message.endswith("but the deal file says Thomas A. Reyes")


def _values_walked_per_document(deal, facts, note):
    """The values of one document as they were found before DealValues: a walk of the whole
    deal for each document, leaving out the other notes and their facts."""
    from dealdocs.consistency.values import Values, _walk_facts, _walk_model

    values = Values()
    skip = {id(other) for number, other in enumerate(deal.notes)
            if note is not None and number != note}
    skip |= {id(derived) for derived in facts.notes if id(derived.note) in skip}
    _walk_model(deal, values, skip)
    _walk_facts(facts, values, skip)
    return values


@pytest.mark.parametrize("path", [SEED, *DEALS], ids=lambda path: path.stem)
def test_the_deal_values_walked_once_are_each_documents_values(path):
    from dealdocs.consistency.values import DealValues

    deal, facts = analysed(path).deal, analysed(path).facts
    once = DealValues.of(deal, facts)
    for note in [None, *range(len(deal.notes))]:
        assert once.document(note) == _values_walked_per_document(deal, facts, note)
    if len(deal.notes) > 1:  # a note's own amounts are not another note's
        assert once.document(0) != once.document(1)


def test_a_tampered_note_among_several_is_named():
    errors = _errors(MULTI, "note", "Principal Amount: $150,000", "Principal Amount: $160,000",
                     index=1)
    [error] = errors
    assert error.field == "notes[1].principal"
    assert error.message.startswith("the note to Thomas A. Reyes (reyes) states the principal "
                                    'amount as "$160,000"')


# ---------------------------------------------------------------------------------------------
# Tamper tests: a PDF printed from an edited source


@pytest.fixture(scope="module")
def seed_with_pdfs() -> tuple[Document, ...]:
    return rendered(SEED, ("docx", "pdf"))


def test_a_pdf_printed_from_an_edited_source_is_caught(seed_with_pdfs):
    analysis = analysed(SEED)
    note = next(d for d in seed_with_pdfs if d.kind == "note")
    tampered = Document(note.kind, note.stem, note.title, note.docx,
                        tamper_pdf(note, "twelve percent (12%)", "twelve percent (10%)"))
    documents = [tampered if d is note else d for d in seed_with_pdfs]
    errors = [p for p in check_documents(analysis.deal, analysis.facts, analysis.findings,
                                         documents) if p.is_error]
    pdf = [e for e in errors if e.id == PDF]
    assert len(pdf) == 1 and pdf[0].field == "notes[0]"
    assert 'the PDF of the note does not say what its DOCX says' in pdf[0].message
    assert "twelve percent (12%)" in pdf[0].message and "twelve percent (10%)" in pdf[0].message
    terms = [e for e in errors if e.id != PDF]
    assert terms and all(e.field == "notes[0].interest.rate_percent" for e in terms)
    assert all(e.message.startswith("the note (PDF) ") for e in terms)


def test_a_pdf_with_another_maturity_is_caught(seed_with_pdfs):
    analysis = analysed(SEED)
    eight_k = next(d for d in seed_with_pdfs if d.kind == "8-K")
    tampered = Document(eight_k.kind, eight_k.stem, eight_k.title, eight_k.docx,
                        tamper_pdf(eight_k, "January 11, 2020", "January 11, 2021"))
    documents = [tampered if d is eight_k else d for d in seed_with_pdfs]
    errors = [p for p in check_documents(analysis.deal, analysis.facts, analysis.findings,
                                         documents) if p.is_error and p.id != PDF]
    assert {e.field for e in errors} == {"notes[0].maturity_date"}
    assert str(errors[0].location) == _located(SEED, ("notes", 0, "maturity_date"))


def test_pdf_difference_ignores_line_breaks_and_repeated_header_rows():
    docx = "Title\nA | B\nfirst row\nsecond row"
    assert pdf_difference(docx, "Title A | B first\nrow second row") is None
    assert pdf_difference(docx, "Title A | B first row A | B second row", ["A | B"]) is None
    assert pdf_difference(docx, "Title A | B first row A | B second row") is not None
    said, printed = pdf_difference("rate of 12% per annum", "rate of 10% per annum")
    assert "12%" in said and "10%" in printed


# A row of three cells (a long list | a date | a status) split by a page break, as pypdf reads it:
# the first page's part of each cell, then the second page's part of each.
# Lines also break after a hyphen or before a parenthesis ("8-" / "K", "601(a)" / "(4)").
SPLIT_ROW_DOCX = ("Finding | Due | Status\nthe Note A, the Note B, the Note C, the Note D | "
                  "January 17, 2019 | open by Tuesday: Form 8-K, Item 601(a)(4)\nnext row")
SPLIT_ROW_PDF = ("Finding | Due | Status\nthe Note A, the Note B, January 17, open by Tuesday: "
                 "Form 8-\f\nFinding | Due | Status\nthe Note C, the Note D | 2019 | K, Item "
                 "601(a)\n(4)\nnext row")


def test_a_table_row_split_by_a_page_break_says_what_its_docx_says():
    assert pdf_difference(SPLIT_ROW_DOCX, SPLIT_ROW_PDF, ["Finding | Due | Status"]) is None


@pytest.mark.parametrize("change", [
    ("the Note D", "the Note E"),  # a word changed
    ("the Note D", "the Note D extra"),  # a word added
    ("next row", "next"),  # a word lost
    ("\f", " "),  # the same disorder on one page: no page break explains it
], ids=["changed", "added", "lost", "one-page"])
def test_a_split_row_with_other_words_or_no_page_break_still_differs(change):
    printed = SPLIT_ROW_PDF.replace(*change)
    assert pdf_difference(SPLIT_ROW_DOCX, printed, ["Finding | Due | Status"]) is not None


# ---------------------------------------------------------------------------------------------
# Exhibit titles and defined terms


@pytest.mark.parametrize("title, instrument", [
    ("Form of 8% Convertible Promissory Note", "8% convertible promissory note"),
    ("Convertible Promissory Note (Second Tranche) dated June 18, 2025, issued to Ridgeline "
     "Capital Partners, L.P.", "convertible promissory note (second tranche)"),
    ("Senior Secured Convertible Note due 2023", "senior secured convertible note due 2023"),
    ("Unsecured Promissory Note dated January 11, 2019", "unsecured promissory note"),
    ("Securities Purchase Agreement dated June 18, 2025, among the Company and the purchasers",
     "securities purchase agreement"),
    ("Form of Convertible Promissory Notes", "convertible promissory note"),
    ("Securities Purchase Agreement effective as of March 24, 2023",
     "securities purchase agreement"),
])
def test_the_instrument_an_exhibit_title_names(title, instrument):
    assert _instrument(title) == instrument


def test_exhibit_titles_of_the_examples_name_their_documents():
    for path in DEALS:
        assert exhibit_title_findings(analysed(path).deal) == [], path.name


def _text(kind: str, text: str) -> Text:
    return Text(kind, f"the {kind}", text, 0 if kind == NOTE else None)


def test_a_defined_term_used_but_never_defined_is_a_warning():
    deal = analysed(SEED).deal
    note = _text(NOTE, 'This Note (the "Note") of X (the "Company") is due. The Company shall pay '
                       'the Default Amount.')
    [warning] = consistency.defined_term_problems(deal, note)
    assert warning.severity is Severity.WARNING and warning.id == DEFINED_TERM
    assert '"Default Amount"' in warning.message and "the Default Amount" in warning.message
    defined = _text(NOTE, 'The Company (the "Company") shall pay 120% (the "Default Amount"). '
                          "The Company shall pay the Default Amount.")
    assert consistency.defined_term_problems(deal, defined) == []


def test_the_8k_may_use_the_terms_the_note_defines():
    deal = analysed(SEED).deal
    eight_k = _text("8-K", "converts at 80% of the price before the Conversion Date.")
    note = _text(NOTE, 'The day of the notice is the "Conversion Date".')
    assert consistency.defined_term_problems(deal, eight_k) != []
    definitions = _deal_definitions([note])
    assert consistency.defined_term_problems(deal, eight_k, definitions) == []


def test_a_term_inside_a_name_is_not_a_use():
    deal = analysed(SEED).deal
    text = _text("8-K", "credited through The Depository Trust Company to the Holder's broker")
    assert [p.message for p in consistency.defined_term_problems(deal, text)] == [
        p.message for p in consistency.defined_term_problems(deal, text)
        if '"Holder"' in p.message]


def test_a_fixed_price_note_defines_the_market_terms_it_uses():
    """A slip this check found in templates/note.docx: "Trading Day" and "Principal Market" were
    defined only under a variable conversion price, but every note uses them (share delivery,
    delisting). Now the definitions stand on their own."""
    path = next(p for p in DEALS if p.stem == "demand-note")
    problems, _ = _check(path)
    assert [p for p in problems if p.id == DEFINED_TERM] == []


# ---------------------------------------------------------------------------------------------
# The template lint


def test_the_templates_use_only_what_the_renderer_gives():
    analysis = analysed(SEED)
    assert lint_templates(template_contexts(analysis.deal, analysis.facts,
                                            analysis.findings)) == []


def test_an_unknown_template_variable_fails_check():
    analysis = analysed(SEED)
    contexts = template_contexts(analysis.deal, analysis.facts, analysis.findings)
    del contexts["8-K"]["deadlines"], contexts["8-K"]["offering"]
    problems = lint_templates({"8-K": contexts["8-K"]})
    assert [p.id for p in problems] == [TEMPLATE_VARIABLE]
    [problem] = problems
    assert problem.is_error and '"offering"' in problem.message
    assert problem.location.file.replace("\\", "/").endswith("templates/8-K.docx")
    assert (problem.location.line, problem.location.column) == (1, 1)


@pytest.mark.parametrize("source, unknown", [
    ("{{ note.interest.rate_percent.words }}{{ note.holder_view.address.line1 }}", []),
    ("{{ note.interest.rate_percentt }}", ["note.interest.rate_percentt"]),
    ("{{ note.interest.rate_percent.wordz }}", ["note.interest.rate_percent.wordz"]),
    ("{% for n in notes %}{{ n.conversion.price.flor }}{% endfor %}",
     ["n.conversion.price.flor"]),
    ("{% for s in note.repayment.installments %}{{ s.date }}{{ s.dat }}{% endfor %}", ["s.dat"]),
    ("{% set n = notes[0] %}{{ n.holder_view.adress }}", ["n.holder_view.adress"]),
    ("{{ totals.principal }}{{ totals.principl }}{{ items.items() }}", ["totals.principl"]),
    ("{{ number.section() }}{{ number.sectio() }}", ["number.sectio"]),
    ("{% for x in unknown_list %}{{ x.anything.at.all }}{% endfor %}", []),
])
def test_the_lint_reads_attributes_against_the_model(source, unknown):
    from dealdocs.render.environment import ENVIRONMENT

    analysis = analysed(SEED)
    context = template_contexts(analysis.deal, analysis.facts, analysis.findings)[NOTE]
    lint = _AttributeLint({k: _shape_of(v) for k, v in context.items()})
    lint.visit(ENVIRONMENT.parse(source), {})
    assert [expression for expression, *_ in lint.unknown] == unknown


def test_every_template_reads_only_attributes_that_exist_for_every_example():
    for path in [SEED, *DEALS]:
        analysis = analysed(path)
        assert lint_templates(template_contexts(analysis.deal, analysis.facts,
                                                analysis.findings)) == [], path.name


def test_check_fails_on_an_unknown_template_variable(monkeypatch, capsys):
    real = consistency.template_contexts

    def missing_note(*args):
        contexts = real(*args)
        del contexts[NOTE]["note"]
        return contexts

    monkeypatch.setattr(consistency, "template_contexts", missing_note)
    assert main(["check", "--no-pdf", str(SEED)]) == 1
    out = capsys.readouterr().out
    assert 'error: the template uses the variable "note"' in out


# ---------------------------------------------------------------------------------------------
# check: in memory, and --outputs


def test_check_writes_nothing(tmp_path, monkeypatch, capsys):
    (tmp_path / "filings").mkdir()
    shutil.copy(SEED, tmp_path / "filings" / "deal.yaml")
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["check", "--no-pdf"]) == 0
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert "warning: form_8k.exhibits[0].title" in capsys.readouterr().out


@pytest.fixture
def committed(tmp_path) -> Path:
    """The seed's outputs, DOCX only, as a team would commit them under out/."""
    analysis = analysed(SEED)
    documents = rendered(SEED)
    files = output_files(documents, ("docx",), SEED.read_bytes(),
                         filing_files(analysis.deal, analysis.facts, documents, ("docx",)))
    directory = tmp_path / "out" / analysis.deal.name
    for name, data in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(data)
    return tmp_path / "out"


def test_up_to_date_outputs_pass(committed, capsys):
    assert main(["check", "--no-pdf", "--outputs", str(committed), str(SEED)]) == 0


def test_a_hand_edited_committed_draft_fails(committed, capsys):
    path = committed / "ascent-solar-2019-01-11" / "ascent-solar-2019-01-11-8-K.docx"
    path.write_bytes(tamper_docx(path.read_bytes(), "12%", "10%"))
    assert main(["check", "--no-pdf", "--outputs", str(committed), str(SEED)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1:1: error: {path} is out of date: where a build now writes" in out
    assert "12%" in out and "10%" in out
    rate = _located(SEED, ("notes", 0, "interest", "rate_percent"))
    assert (f"{rate}: error: notes[0].interest.rate_percent: {path} states the interest rate as "
            '"10%"') in out


def test_a_missing_or_stale_committed_draft_fails(committed, capsys):
    directory = committed / "ascent-solar-2019-01-11"
    (directory / "ascent-solar-2019-01-11-checklist.docx").unlink()
    (directory / "ascent-solar-2019-01-11-note-old.docx").write_bytes(b"old")
    assert main(["check", "--no-pdf", "--outputs", str(committed), str(SEED)]) == 1
    out = capsys.readouterr().out
    assert "ascent-solar-2019-01-11-checklist.docx is missing: a build now writes it" in out
    assert "ascent-solar-2019-01-11-note-old.docx is not an output of" in out


def test_leftovers_of_an_interrupted_build_are_reported(committed, capsys):
    leftover = committed / ".ascent-solar-2019-01-11.new-k9x2"
    leftover.mkdir()
    (leftover / "ascent-solar-2019-01-11-note.docx").write_bytes(b"half a note")
    (committed / ".another-deal.old-k9x2").mkdir()  # another deal's: reported with that deal
    assert main(["check", "--no-pdf", "--outputs", str(committed), str(SEED)]) == 0
    out = capsys.readouterr().out
    assert (f"{leftover}:1:1: warning: {leftover} is left over from a build that was "
            "interrupted") in out
    assert "another-deal" not in out


def test_outputs_built_from_an_earlier_deal_file_fail(committed, tmp_path, capsys):
    edited = tmp_path / "ascent-solar-2019-01-11.yaml"
    edited.write_bytes(SEED.read_bytes() + b"# a comment added after the build\n")
    assert main(["check", "--no-pdf", "--outputs", str(committed), str(edited)]) == 1
    assert "records another version of the deal file" in capsys.readouterr().out


def test_no_committed_outputs_for_a_deal_fails(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    assert main(["check", "--no-pdf", "--outputs", str(tmp_path / "out"), str(SEED)]) == 1
    assert "holds no outputs of" in capsys.readouterr().out


def test_outputs_that_are_not_a_directory_are_a_usage_error(tmp_path, capsys):
    assert main(["check", "--outputs", str(tmp_path / "nope"), str(SEED)]) == 2
    assert "no such directory" in capsys.readouterr().err


# Far beyond the schema's bounds (amounts below a trillion, shares below a trillion): a total of
# many notes, or the shares issuable at a price of $0.00000001, is still read back exactly.
@given(st.integers(min_value=10 ** 12, max_value=10 ** 33 - 1))
def test_words_read_back_beyond_a_trillion(number):
    assert words_to_number(display.Money(Decimal(number)).words.rsplit(" ", 1)[0]) == number
    [count] = list(_COUNT_PAIR.finditer(str(display.Count(number))))
    assert words_to_number(count["words"]) == number == int(count["figures"].replace(",", ""))


@given(st.integers(min_value=10 ** 26, max_value=10 ** 33), st.integers(min_value=1, max_value=99))
def test_dollars_and_cents_past_28_digits_read_back_exactly(dollars, cents):
    amount = Decimal(f"{dollars}.{cents:02d}")
    [match] = list(_MONEY_PAIR.finditer(display.Money(amount).in_full))
    assert consistency.parse_money(match["figures"]) == amount
    assert dollars_and_cents(words_to_number(match["words"]),
                             words_to_number(match["cents"])) == amount


def test_a_figure_with_a_scale_is_exact():
    assert consistency.parse_money("$" + "9" * 30 + " billion") == Decimal("9" * 30 + "0" * 9)
