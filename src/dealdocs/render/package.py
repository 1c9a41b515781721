"""The deal package: every document of one deal, rendered in memory, plus a manifest.

Nothing here touches the disk except to read templates; `write.write_set` writes the result
atomically, so a failure anywhere in here leaves the previous outputs as they were.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping

from .. import resources
from ..parallel import document_jobs, in_order
from ..facts import Facts
from ..model import Deal
from ..problems import Problem
from . import FORMATS
from .context import deal_context, note_context
from .docx import render_docx


MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Document:
    """One rendered document, in each format asked for."""

    kind: str  # "note", "8-K" or "checklist": the template's name
    stem: str  # the output file name without extension
    title: str
    docx: bytes
    pdf: bytes | None = None


@dataclass(frozen=True)
class Job:
    """One document to render: which template, with what context, under what name."""

    kind: str  # the template's name: "note", "8-K" or "checklist"
    stem: str
    title: str
    created: date
    context: dict[str, Any]

    @property
    def template(self) -> Path:
        return resources.template(self.kind)


def jobs(deal: Deal, facts: Facts, findings: tuple[Problem, ...]) -> tuple[Job, ...]:
    """Every document of the deal: one note per note, the 8-K and the checklist. The template
    lint checks these same contexts, so it can never disagree with the renderer."""
    base = deal_context(deal, facts, findings)
    notes = [Job("note", f"{deal.name}-note" + (f"-{note.id}" if len(deal.notes) > 1 else ""),
                 f"{note.title} of {deal.issuer.name} to {note.holder}", note.issue_date,
                 note_context(base, view))
             for note, view in zip(deal.notes, base["notes"])]
    report_date = facts.report_date  # the due date while the report date is a placeholder
    return (*notes,
            Job("8-K", f"{deal.name}-8-K", f"{deal.issuer.name}: Current Report on Form 8-K",
                report_date, base),
            Job("checklist", f"{deal.name}-checklist",
                f"{deal.issuer.name}: Regulation D exemption checklist", report_date, base))


def render_documents(deal: Deal, facts: Facts, findings: tuple[Problem, ...],
                     formats: Iterable[str] = FORMATS) -> tuple[Document, ...]:
    checked: dict[str, Any] = {}  # the deal's context is checked once, not once per note
    with resources.house_style(deal.template_folder):
        documents = [Document(job.kind, job.stem, job.title,
                              render_docx(job.template, job.context, title=job.title,
                                          created=job.created, checked=checked))
                     for job in jobs(deal, facts, findings)]
    if "pdf" in formats:
        pdfs = in_order(_printed, [(document.docx, document.title) for document in documents],
                        document_jobs())
        documents = [dataclasses.replace(document, pdf=pdf)
                     for document, pdf in zip(documents, pdfs)]
    return tuple(documents)


def _printed(document: tuple[bytes, str]) -> bytes:
    """The PDF of a rendered DOCX (docx, title): a function of its own, for worker processes."""
    from .html import docx_to_html
    from .pdf import html_to_pdf

    docx, title = document
    return html_to_pdf(docx_to_html(docx, title=title))


def filing_files(deal: Deal, facts: Facts, documents: Iterable[Document],
                 formats: Iterable[str] = FORMATS) -> dict[str, bytes]:
    """The filings a build writes beside the documents: the EDGAR submission of the 8-K
    (edgar/), its primary document printed for review (<deal>-8-K-edgar.pdf, with PDFs) and,
    when one is due, Form D (form-d/)."""
    from .edgar import FOLDER, edgar_files, submission_stem, view_file, view_pdf
    from .form_d import form_d_files

    files = edgar_files(deal, facts, documents)
    if "pdf" in formats:
        files[view_file(deal)] = view_pdf(files[f"{FOLDER}/{submission_stem(deal)}.htm"])
    return {**files, **form_d_files(deal, facts)}


def output_files(documents: Iterable[Document], formats: Iterable[str],
                 deal_bytes: bytes, filings: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """File name → bytes for every output, and a manifest of their sha256 digests. filings:
    the filing files by path relative to out/<deal>/ (filing_files), written and listed in the
    manifest with the documents."""
    files = {}
    for document in documents:
        for kind in formats:
            files[f"{document.stem}.{kind}"] = getattr(document, kind)
    files.update(filings or {})
    manifest = {
        "deal_sha256": hashlib.sha256(deal_bytes).hexdigest(),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    return files


def built_by_dealdocs(directory: Path, deal_name: str):
    """Which files in `directory` (an earlier build of the deal) a build of it wrote: those its
    manifest lists, and any document of the deal (the manifest may be damaged or of another
    version). Temporary files of dealdocs versions that wrote file by file count too."""
    try:
        listed = set(json.loads((directory / MANIFEST).read_bytes())["files"])
    except (OSError, ValueError, KeyError, TypeError):
        listed = set()

    def owned(name: str) -> bool:
        return (name == MANIFEST or name in listed
                or (name.startswith(f"{deal_name}-") and name.endswith((".docx", ".pdf")))
                or (name.startswith(".") and name.endswith(".tmp") and "/" not in name))
    return owned
