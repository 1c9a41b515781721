"""Redlines: what changed between two versions of a deal, document by document, as a DOCX with
Word tracked changes and as a PDF with the changes marked.

Both versions go through the whole pipeline (load → validate → model → facts → rules) and the
same renderer as `build`, so a redline shows exactly the words `build` would change: a new
principal changes the figure, its words, and every amount derived from it, wherever a document
states them.

The modules: words (tokens and the word-level diff), tracked (the tracked-changes DOCX),
revisions (accept all, reject all: every redline is checked with them), review (the PDF), git
(a deal file at a revision).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .. import resources
from ..pipeline import Analysis
from ..render import TemplateProblem
from ..render.package import Document, render_documents

UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"


@dataclass(frozen=True)
class DocumentRedline:
    """The redline of one document of the deal."""

    stem: str  # the output file name without extension: <deal>-<kind>-redline
    status: str  # UNCHANGED, CHANGED, ADDED (in the new version only) or REMOVED (in the old only)
    insertions: int  # stretches of inserted text
    deletions: int  # stretches of deleted text
    docx: bytes
    pdf: bytes | None = None


def redline(old: Analysis, new: Analysis, formats: Iterable[str] = ("docx", "pdf")
            ) -> tuple[DocumentRedline, ...]:
    """The redline of each document of the two versions, in the new version's order, then the
    documents only the old version has. A document in one version only is compared with an empty
    one: all inserted (ADDED) or all deleted (REMOVED). Raises TemplateProblem for a template the
    redline cannot mark."""
    from .review import redline_pdf

    date = f"{new.facts.report_date.isoformat()}T00:00:00Z"  # the deal's date, not now
    formats = tuple(formats)
    redlines = []
    for before, after in _pairs(old, new):
        present = after or before
        stem = new.deal.name + present.stem[len((new if after else old).deal.name):] + "-redline"
        compared = _compared(before, after, stem, date)
        status = (ADDED if before is None else REMOVED if after is None
                  else CHANGED if compared.insertions or compared.deletions else UNCHANGED)
        pdf = (redline_pdf(compared.docx, title=f"Redline: {present.title}")
               if "pdf" in formats else None)
        redlines.append(DocumentRedline(stem, status, compared.insertions, compared.deletions,
                                        compared.docx, pdf))
    return tuple(redlines)


def _compared(before: Document | None, after: Document | None, stem: str, date: str):
    from .tracked import RedlineError, Unsupported, emptied, redline_docx

    try:
        return redline_docx(before.docx if before else emptied(after.docx),
                            after.docx if after else emptied(before.docx), date=date)
    except RedlineError as error:  # a bug in dealdocs: say which document
        raise RedlineError(f"the redline of {stem}: {error}") from None
    except Unsupported as reason:
        raise TemplateProblem(str(resources.template((after or before).kind)),
                              "redline.unsupported", "the redline cannot mark changes in a "
                              f"document that holds {reason}; keep the template to paragraphs "
                              "and tables") from None


def _pairs(old: Analysis, new: Analysis) -> list[tuple[Document | None, Document | None]]:
    """Each document of the new version with its old version, if any, then the old documents
    without a new one."""
    old_documents, new_documents = _documents(old), _documents(new)
    old_notes = [document for document in old_documents if document.kind == "note"]
    new_notes = [document for document in new_documents if document.kind == "note"]
    partners = _note_partners([note.id for note in old.deal.notes],
                              [note.id for note in new.deal.notes])
    return ([(old_notes[partners[index]] if index in partners else None, document)
             for index, document in enumerate(new_notes)]
            + [(_one(old_documents, kind), _one(new_documents, kind))
               for kind in ("8-K", "checklist")]
            + [(document, None) for index, document in enumerate(old_notes)
               if index not in partners.values()])


def _note_partners(old_ids: list[str | None], new_ids: list[str | None]) -> dict[int, int]:
    """new note index → old note index: notes with the same id, then the others in order."""
    by_id = {note_id: index for index, note_id in enumerate(old_ids) if note_id is not None}
    partners = {index: by_id[note_id] for index, note_id in enumerate(new_ids)
                if note_id in by_id}
    taken = set(partners.values())
    loose_old = [index for index in range(len(old_ids)) if index not in taken]
    loose_new = [index for index in range(len(new_ids)) if index not in partners]
    partners.update(zip(loose_new, loose_old))
    return partners


def _documents(analysis: Analysis) -> tuple[Document, ...]:
    return render_documents(analysis.deal, analysis.facts, analysis.findings, formats=("docx",))


def _one(documents: Iterable[Document], kind: str) -> Document:
    return next(document for document in documents if document.kind == kind)
