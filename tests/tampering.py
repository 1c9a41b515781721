"""Helpers for the tamper tests: hand edits to a rendered DOCX and to a PDF's source (its HTML),
and the seed analysed and rendered once per test session."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from functools import cache
from pathlib import Path

from dealdocs.calendar import default_calendar
from dealdocs.pipeline import Analysis, analyse
from dealdocs.render.package import Document, render_documents

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
DEALS = sorted((ROOT / "tests" / "data" / "deals").glob("*.yaml"))
MULTI = ROOT / "tests" / "data" / "deals" / "multi-investor-tranches.yaml"


@cache
def analysed(path: Path) -> Analysis:
    return analyse(path, default_calendar())


@cache
def rendered(path: Path, formats: tuple[str, ...] = ("docx",)) -> tuple[Document, ...]:
    analysis = analysed(path)
    return render_documents(analysis.deal, analysis.facts, analysis.findings, formats)


def tamper_docx(docx: bytes, old: str, new: str, count: int = -1) -> bytes:
    """The DOCX with `old` replaced by `new` in word/document.xml, as a hand edit in Word would
    leave it (the other parts untouched)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                text = data.decode("utf-8")
                if old not in text:
                    raise AssertionError(f"{old!r} is not in word/document.xml")
                data = text.replace(old, new, count).encode("utf-8")
            target.writestr(name, data)
    return output.getvalue()


def tamper_pdf(document: Document, old: str, new: str, count: int = -1) -> bytes:
    """The document's PDF printed from its HTML source with `old` replaced by `new`."""
    from dealdocs.render.html import docx_to_html
    from dealdocs.render.pdf import html_to_pdf

    html = docx_to_html(document.docx, title=document.title)
    if old not in html:
        raise AssertionError(f"{old!r} is not in the HTML")
    return html_to_pdf(html.replace(old, new, count))


def with_docx(documents: tuple[Document, ...], kind: str, old: str, new: str, count: int = -1,
              index: int = 0) -> list[Document]:
    """The documents, the `index`-th of `kind` with its DOCX tampered."""
    result, seen = [], 0
    for document in documents:
        if document.kind == kind and seen == index:
            document = dataclasses.replace(document, docx=tamper_docx(document.docx, old, new,
                                                                      count), pdf=None)
        if document.kind == kind:
            seen += 1
        result.append(document)
    return result


def document(path: Path, kind: str, index: int = 0,
             formats: tuple[str, ...] = ("docx",)) -> Document:
    return [d for d in rendered(path, formats) if d.kind == kind][index]


# --- the example deals, by name ------------------------------------------------------------------


def example(stem: str) -> Path:
    return ROOT / "tests" / "data" / "deals" / f"{stem}.yaml"


def words(stem: str, kind: str, index: int = 0) -> str:
    """The words of an example deal's rendered document, on one line."""
    from dealdocs.render.docx import docx_text

    return " ".join(docx_text(document(example(stem), kind, index).docx).split())


def finding(stem: str, rule_id: str):
    (found,) = [f for f in analysed(example(stem)).findings if f.id == rule_id]
    return found


def checked(stem: str, tamper: tuple = (), count: int = -1, index: int = 0) -> list:
    """check's problems with an example deal's documents, one DOCX tampered if asked:
    tamper = (document kind, text in its word/document.xml, what replaces it)."""
    from dealdocs.consistency import check_documents

    analysis, documents = analysed(example(stem)), rendered(example(stem))
    if tamper:
        documents = with_docx(documents, *tamper, count=count, index=index)
    return check_documents(analysis.deal, analysis.facts, analysis.findings, documents)
