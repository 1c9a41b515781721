"""Helpers for the redline tests: deal files edited on the fly, small Word documents made on the
fly, the two readings of a redline (accept, reject), and a git repository to read from."""

from __future__ import annotations

import io
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
from lxml import etree

from dealdocs.redline.revisions import accept_all, reject_all
from dealdocs.render.docx import docx_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
DEALS = ROOT / "tests" / "data" / "deals"

# The seed with its principal and rate changed, as the issue asks.
SEED_EDITS = (('principal: "330000"', 'principal: "350000"'),
              ('rate_percent: "12"', 'rate_percent: "10"'))


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, f"{old!r} is not in the deal file"
        text = text.replace(old, new)
    return text


def git(directory: Path, *arguments: str) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
                   "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com",
                   "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(directory), *arguments], check=True,
                          capture_output=True, text=True, env=environment).stdout


@dataclass(frozen=True)
class Para:
    runs: tuple[tuple[str, bool], ...]  # (text, bold)
    style: str | None = None


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[tuple[Para, ...], ...], ...]  # rows of cells of paragraphs


def make_docx(blocks) -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, Para):
            _fill(document.add_paragraph(style=block.style), block)
        else:
            columns = len(block.rows[0])
            table = document.add_table(rows=len(block.rows), cols=columns)
            for cells, row in zip(block.rows, table.rows):
                for paragraphs, cell in zip(cells, row.cells):
                    _fill(cell.paragraphs[0], paragraphs[0])
                    for more in paragraphs[1:]:
                        _fill(cell.add_paragraph(style=more.style), more)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(paragraph, block: Para) -> None:
    if block.style:
        paragraph.style = block.style
    for text, bold in block.runs:
        paragraph.add_run(text).bold = bold or None


def resolved(redline: bytes, how: str) -> bytes:
    """The redline with every change accepted (how="accept") or rejected ("reject")."""
    document = docx.Document(io.BytesIO(redline))
    body = document.element.body
    result = (accept_all if how == "accept" else reject_all)(body)
    body.getparent().replace(body, result)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def readings(redline: bytes) -> tuple[str, str]:
    """The text of the redline accepted, and rejected, as the project reads a DOCX."""
    return docx_text(resolved(redline, "accept")), docx_text(resolved(redline, "reject"))


def words(text: str) -> list[str]:
    """The lines of a document's text that are not blank."""
    return [line for line in text.split("\n") if line.strip()]


def document_xml(docx_bytes: bytes) -> etree._Element:
    return docx.Document(io.BytesIO(docx_bytes)).element


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def changes_in(docx_bytes: bytes) -> list[tuple[str, str]]:
    """Every text change of a redline in document order: ("del" or "ins", its text)."""
    found = []
    for element in document_xml(docx_bytes).iter(f"{W}ins", f"{W}del"):
        if element.getparent().tag in (f"{W}rPr", f"{W}trPr"):
            continue
        text = "".join(part.text or "" for part in element.iter(f"{W}t", f"{W}delText"))
        found.append((etree.QName(element).localname, text))
    return found
