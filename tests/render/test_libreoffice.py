"""The rendered DOCX opens in LibreOffice as Word would open it, hostile values and all."""

from __future__ import annotations

import io

from pypdf import PdfReader

from render_sample import HOSTILE
from libreoffice import docx_to_pdf


def test_the_rendered_docx_opens_in_libreoffice(sample_docx, tmp_path):
    pdf = docx_to_pdf(sample_docx, tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "".join(HOSTILE.split()) in "".join(text.split())
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in reader.pages} == {(612, 792)}
