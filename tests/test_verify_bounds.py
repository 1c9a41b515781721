"""`verify` is bounded: a hostile DOCX or PDF is refused with exit 2 and a plain message, within a
memory limit (RLIMIT_AS) and a generous timeout, in a real process. The bombs are built here,
small on disk (tests/bombs.py)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import bombs
from tampering import SEED, document

ROOT = Path(__file__).resolve().parents[1]
MEMORY = 1 << 30  # bytes of address space: 10 times what verify of a real note takes
HANG = 180  # seconds: a guard against a hang, not a measure


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def verify(against: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    environment.pop("DEALDOCS_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "dealdocs", "verify", str(SEED), "--against",
                           str(against)], cwd=ROOT, capture_output=True, text=True, timeout=HANG,
                          preexec_fn=_limits, env=environment, stdin=subprocess.DEVNULL)


def assert_refused(result: subprocess.CompletedProcess, path: Path, fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"dealdocs: error: {path}: "), line
    assert fragment in line, line


@pytest.fixture(scope="module")
def note_pdf() -> bytes:
    return document(SEED, "note", formats=("docx", "pdf")).pdf


def test_the_rendered_note_verifies_within_the_same_limits(tmp_path, note_pdf):
    # The control: the limits refuse bombs, not notes.
    docx = tmp_path / "note.docx"
    docx.write_bytes(document(SEED, "note").docx)
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(note_pdf)
    for path in (docx, pdf):
        result = verify(path)
        assert (result.returncode, result.stderr) == (0, ""), result.stderr
        assert result.stdout.startswith(f"OK: {path} states the terms")


def test_five_million_empty_paragraphs(tmp_path):
    path = bombs.empty_paragraphs(tmp_path / "paragraphs.docx", 5_000_000)
    assert path.stat().st_size < 1_000_000
    assert_refused(verify(path), path, "the DOCX has more than 5,000 paragraphs")


def test_a_zip_bomb(tmp_path):
    path = bombs.zip_bomb(tmp_path / "bomb.docx", 1024)  # 1 GB in 1 MB
    assert path.stat().st_size < 2_000_000
    assert_refused(verify(path), path, "the DOCX inflates to more than 100 MB (a zip bomb?)")


# Each bomb: how to build it (small on disk) and the words its refusal must say.
BOMBS = {
    # 900 names for one 100 MB part: 90 GB for the headers' sake, 200 KB on disk
    "overlapping-zip": (lambda path: bombs.zip_bomb(path, 100, copies=900),
                        "the DOCX inflates to more than 100 MB (a zip bomb?)"),
    "parts": (lambda path: bombs.many_members(path, 2_000),
              "the DOCX holds 2,018 parts, more than the 1,000"),
    "runs": (lambda path: bombs.runs_in_one_paragraph(path, 100_000),
             "the DOCX has more than 50,000 runs of text"),
    "cells": (lambda path: bombs.docx_with_body(
        path, b"<w:tbl><w:tr>" + b"<w:tc/>" * 30_000 + b"</w:tr></w:tbl>"),
        "the DOCX has more than 20,000 table cells"),
    "elements": (lambda path: bombs.docx_with_body(
        path, b"<w:p><w:pPr>" + b"<w:x/>" * 600_000 + b"</w:pPr></w:p>"),
        "the DOCX has more than 500,000 XML elements"),
    "text": (lambda path: bombs.docx_with_body(
        path, (b"<w:p><w:r><w:t>" + b"x" * 10_000 + b"</w:t></w:r></w:p>") * 120),
        "the document holds more than 1,000,000 characters"),
    "pdf-stream": (lambda path: bombs.pdf_stream_bomb(path, 1024),
                   "a stream of the PDF inflates to more than 5 MB"),
    "pdf-pages": (lambda path: bombs.pdf_pages(path, 1_500),
                  "the PDF has 1,500 pages, more than the 1,000"),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_refused(tmp_path, name):
    build, message = BOMBS[name]
    path = build(tmp_path / f"{name}.{'pdf' if name.startswith('pdf') else 'docx'}")
    assert_refused(verify(path), path, message)


def test_an_encrypted_pdf_says_encrypted(tmp_path, note_pdf):
    path = bombs.encrypted_pdf(tmp_path / "locked.pdf", note_pdf, "secret")
    assert_refused(verify(path), path, "the PDF is encrypted (it needs a password to open)")


def test_a_pdf_restricted_by_its_owner_alone_is_read(tmp_path, note_pdf):
    path = bombs.encrypted_pdf(tmp_path / "restricted.pdf", note_pdf, "")
    result = verify(path)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def test_pypdf_repairs_say_nothing_on_stderr(tmp_path, note_pdf):
    path = bombs.damaged_pdf(tmp_path / "damaged.pdf", note_pdf)
    result = verify(path)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def test_an_encrypted_word_file_says_encrypted(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    assert_refused(verify(path), path, "an encrypted (password-protected) Word document")
