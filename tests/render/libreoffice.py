"""Open a DOCX the way a reader would: LibreOffice, headless, converting it to PDF.

LibreOffice exits 0 even when it cannot open a file, so success is the PDF it leaves behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str:
    """The LibreOffice binary; skips the test where there is none (fails it on CI)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def docx_to_pdf(docx: bytes, directory: Path) -> bytes:
    """The PDF LibreOffice makes of `docx`; fails the test if it makes none."""
    source = directory / "document.docx"
    source.write_bytes(docx)
    # A fresh HOME, hence a fresh profile: no state from (or lock held by) another run.
    with tempfile.TemporaryDirectory() as home:
        completed = subprocess.run(
            [soffice(), "--headless", "--norestore", "--convert-to", "pdf",
             "--outdir", str(directory), str(source)],
            env={**os.environ, "HOME": home}, capture_output=True, text=True, timeout=180)
    pdf = directory / "document.pdf"
    if not pdf.is_file() or pdf.stat().st_size == 0:
        pytest.fail(f"LibreOffice could not open the DOCX:\n{completed.stdout}{completed.stderr}")
    return pdf.read_bytes()
