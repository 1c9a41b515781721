"""Stage 6, the consistency check: every document states the deal's terms, and nothing else.

`check` renders every document in memory and reads its text back (DOCX with python-docx, PDF with
pypdf); `verify` reads an outside DOCX or PDF, such as the negotiated or executed note. Either way
the text is compared with the key terms of the deal file, each in the form display.py gives it:

- presence: each key term appears, in its derived form, in every document where it belongs (the
  principal in figures and in words in the note, "12%" in the 8-K, "twelve percent (12%)" in the
  note …);
- statements: where a document states a term in a recognisable phrase ("Maturity Date: …",
  "will bear interest at a rate of …"), the value it states is the deal file's;
- stray values: every dollar amount, percentage and long-form date a document states is a term of
  the deal file or a fact derived from it (or, in the checklist, part of a finding);
- words equal figures: "Three Hundred Thirty Thousand Dollars ($330,000)", "twelve percent (12%)",
  "five (5)";
- the DOCX and the PDF of a document say the same words;
- exhibit titles name the instrument the exhibit is; defined terms used are defined;
- every variable a template uses exists in what the renderer gives it (the template lint).

Each problem is located in the deal file, at the term it concerns (`deal.source.locate`), and its
message quotes the document's own words.

The stage is a small package; this module is its entry point (check_analysis, and the comparison
with committed outputs). The rest, in the order the check reads:

- checks: the check ids;
- numbers: reading numbers, amounts, percentages and dates back (the inverse of display.py);
- text: a document's text, flattened, and the words around a place in it;
- terms: what the deal file says, as key terms;
- values: the values a deal explains;
- documents: checking one document, and every document of a deal (DOCX against PDF);
- titles: exhibit titles and defined terms;
- lint: the template lint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from .. import resources
from ..facts import Facts
from ..model import Deal
from ..problems import Location, Problem, Severity
from .checks import (CHECKS, DEFINED_TERM, EXHIBIT_TITLE, FILING, PDF, RENDER, TEMPLATE_VARIABLE,
                     TERM, VALUE, WORDS)
from .documents import check_documents, check_text, document_texts, header_rows, pdf_difference
from .filing import FOLDER, filing_problems
from .lint import lint_templates, template_contexts
from .numbers import parse_money, words_to_number
from .terms import key_terms
from .text import NOTE, Text, _quoted, flatten
from .titles import defined_term_problems, exhibit_title_findings

__all__ = [
    "CHECKS", "DEFINED_TERM", "EXHIBIT_TITLE", "FILING", "NOTE", "OUTPUTS", "PDF", "TEMPLATE_VARIABLE",
    "TERM", "VALUE", "WORDS", "Text", "check_analysis", "check_documents", "check_ids",
    "check_text", "defined_term_problems", "exhibit_title_findings", "flatten", "key_terms",
    "lint_templates", "outputs_problems", "parse_money", "pdf_difference", "template_contexts",
    "words_to_number",
]

# --- the check stage -----------------------------------------------------------------------------

OUTPUTS = "outputs.up-to-date"  # committed outputs are what a build would write now


def check_ids(outputs: bool = False, pdf: bool = True) -> tuple[str, ...]:
    """The ids of the checks `check` runs on a deal that loads (after rules.evaluate, which
    fills the rule registry), for reports that list each."""
    from .. import rules

    ids = ["deal.valid", *(check for check in CHECKS if pdf or check != PDF)]
    if outputs:
        ids.append(OUTPUTS)
    return tuple(dict.fromkeys([*ids, *(rule.id for rule in rules.REGISTRY)]))


def check_analysis(analysis, *, pdf: bool = True, outputs: Path | None = None,
                   deal_bytes: bytes | None = None, built: Mapping[str, bytes] | None = None
                   ) -> tuple[list[Problem], list[Problem]]:
    """Render every document of an analysed deal in memory and check it: (problems, findings).

    pdf: also print each PDF and compare its words with the DOCX's (WeasyPrint: about 2 s a
    deal). outputs: compare the files a build would write with those committed under
    outputs/<deal>/ (deal_bytes: the deal file's bytes, for the manifest). The templates linted
    and checked against are the deal's house style where it has one, as in the build. built: the
    files of a build of the same inputs (from the cache): its documents are checked instead of
    rendering them again."""
    with resources.house_style(analysis.deal.template_folder):
        return _checked(analysis, pdf, outputs, deal_bytes, built)


def _checked(analysis, pdf: bool, outputs: Path | None, deal_bytes: bytes | None,
             built: Mapping[str, bytes] | None = None) -> tuple[list[Problem], list[Problem]]:
    from ..render import PrintProblem, TemplateProblem
    from ..render.package import filing_files, render_documents

    deal, facts, findings = analysis.deal, analysis.facts, analysis.findings
    problems = lint_templates(template_contexts(deal, facts, findings))
    committed = _committed_formats(outputs / deal.name) if outputs is not None else ()
    formats = ("docx", "pdf") if pdf or "pdf" in committed else ("docx",)
    try:
        documents = _from_build(built, deal, facts, findings, formats) \
            or render_documents(deal, facts, findings, formats)
    except TemplateProblem as found:
        return problems + list(found.problems), exhibit_title_findings(deal)
    except PrintProblem as error:
        problems.append(Problem(RENDER, Severity.ERROR, f"the PDF cannot be printed: {error}",
                                deal.source.locate(()), ""))
        documents = render_documents(deal, facts, findings, ("docx",))
        formats = ("docx",)
    problems += check_documents(deal, facts, findings, documents)
    try:
        filings = filing_files(deal, facts, documents, formats)
    except TemplateProblem as found:
        return problems + list(found.problems), exhibit_title_findings(deal)
    problems += filing_problems(deal, facts, filings, documents, f"{deal.name} (as built)")
    if outputs is not None:
        problems += outputs_problems(deal, facts, findings, documents, outputs,
                                     deal_bytes if deal_bytes is not None else b"",
                                     tuple(f for f in (committed or formats) if f in formats),
                                     filings)
    return problems, exhibit_title_findings(deal)


def _from_build(built: Mapping[str, bytes] | None, deal: Deal, facts: Facts,
                findings: Sequence[Problem], formats: Sequence[str]) -> tuple | None:
    """The documents a build stored, as render_documents would give them (the same jobs, each
    file by its output name); None when there is no build or it lacks one of them."""
    from ..render.package import Document, jobs

    if not built:
        return None
    documents = []
    for job in jobs(deal, facts, tuple(findings)):
        files = {kind: built.get(f"{job.stem}.{kind}") for kind in formats}
        if None in files.values():
            return None
        documents.append(Document(job.kind, job.stem, job.title, files["docx"], files.get("pdf")))
    return tuple(documents)


def _committed_formats(directory: Path) -> tuple[str, ...]:
    if not directory.is_dir():
        return ()
    return tuple(kind for kind in ("docx", "pdf") if any(directory.glob(f"*.{kind}")))


def outputs_problems(deal: Deal, facts: Facts, findings: Sequence[Problem],
                     documents: Sequence[Any], outputs: Path, deal_bytes: bytes,
                     formats: tuple[str, ...], filings: dict[str, bytes]) -> list[Problem]:
    """The committed outputs under outputs/<deal>/ that differ from what a build writes now.
    filings: the filing files a build writes now (render.package.filing_files)."""
    from ..render.docx import docx_text
    from ..render.package import output_files
    from ..render.pdf import pdf_text

    directory = outputs / deal.name
    rebuild = f"run `dealdocs build -o {outputs} {deal.source.file}` and commit the result"
    problems = _leftover_problems(directory)
    if not directory.is_dir():
        return problems + [_stale(directory, f"{directory}/ holds no outputs of "
                                  f"{deal.source.file}, so the committed outputs are not what a "
                                  f"build writes now; {rebuild}")]
    expected = output_files(documents, formats, deal_bytes, filings)
    by_file = {f"{document.stem}.{kind}": (document, kind) for document in documents
               for kind in formats}
    texts = dict((document.stem, text) for document, text in document_texts(deal, documents))
    manifest_differs = filing_changed = False
    for name, data in sorted(expected.items()):
        path = directory / name
        if not path.is_file():
            problems.append(_stale(path, f"{path} is missing: a build now writes it; {rebuild}"))
            continue
        committed = path.read_bytes()
        if committed == data:
            continue
        if name == "manifest.json":
            manifest = _manifest_problems(path, committed, deal_bytes, rebuild)
            problems += manifest
            manifest_differs = not manifest
            continue
        if name not in by_file:  # a filing: its bytes are all there is to it
            problems.append(_stale(path, f"{path} is not what a build writes now; {rebuild}"))
            filing_changed = True
            continue
        document, kind = by_file[name]
        try:
            said = docx_text(committed) if kind == "docx" else pdf_text(committed)
        except Exception as error:  # a damaged file: python-docx and pypdf raise many kinds
            problems.append(_stale(path, f"{path} cannot be read ({type(error).__name__}: "
                                   f"{error}); {rebuild}"))
            continue
        now = docx_text(data) if kind == "docx" else pdf_text(data)
        text = texts[document.stem]
        difference = pdf_difference(now, said, header_rows(document.docx) if kind == "pdf"
                                    else ())
        if difference is None:
            severity = Severity.WARNING if kind == "pdf" else Severity.ERROR
            why = ("its words are the same, but its bytes differ: it may have been printed "
                   "by another version of WeasyPrint or Pango" if kind == "pdf" else
                   "its words are the same, but its formatting differs")
            problems.append(_stale(path, f"{path} is not what a build writes now: {why}; "
                                   f"{rebuild}", severity))
            continue
        new, old = difference
        problems.append(_stale(path, f"{path} is out of date: where a build now writes "
                               f"{_quoted(new)}, it says {_quoted(old)}; {rebuild}"))
        committed_text = Text(text.kind, str(path), said, text.note)
        problems += [problem for problem in check_text(deal, facts, findings, committed_text)
                     if problem.id != DEFINED_TERM]
    for path in sorted(directory.rglob("*")):
        if not path.is_dir() and path.relative_to(directory).as_posix() not in expected:
            problems.append(_stale(path, f"{path} is not an output of {deal.source.file} now; "
                                   f"{rebuild} (a build replaces the whole folder)"))
    if filing_changed:
        problems += _committed_filing_problems(deal, facts, documents, directory, filings)
    if manifest_differs and not problems:
        path = directory / "manifest.json"
        problems.append(_stale(path, f"{path} does not list the digests of the files beside it; "
                               f"{rebuild}"))
    return problems


def _committed_filing_problems(deal: Deal, facts: Facts, documents: Sequence[Any],
                               directory: Path, filings: dict[str, bytes]) -> list[Problem]:
    """What a changed EDGAR submission now misstates (a tampered CIK names itself), beyond its
    being out of date."""
    committed = {}
    for name in filings:
        if name.startswith(f"{FOLDER}/") and (directory / name).is_file():
            committed[name] = (directory / name).read_bytes()
    return filing_problems(deal, facts, committed, documents, str(directory)) if committed else []


def _leftover_problems(directory: Path) -> list[Problem]:
    from ..write import leftovers

    return [_stale(path, f"{path} is left over from a build that was interrupted (a hidden "
                   "copy of a set of outputs, whole or not); the next build of this deal deletes "
                   "it, or delete it yourself", Severity.WARNING)
            for path in leftovers(directory)]


def _manifest_problems(path: Path, committed: bytes, deal_bytes: bytes, rebuild: str
                       ) -> list[Problem]:
    import hashlib
    import json

    try:
        recorded = json.loads(committed).get("deal_sha256")
    except (ValueError, AttributeError):
        return [_stale(path, f"{path} is not a dealdocs manifest (not JSON); {rebuild}")]
    if recorded != hashlib.sha256(deal_bytes).hexdigest():
        return [_stale(path, f"{path} records another version of the deal file: the outputs "
                       f"were built before its last change; {rebuild}")]
    return []  # the files it lists differ, and each is reported


def _stale(path: Path, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(OUTPUTS, severity, message, Location(str(path), 1, 1))
