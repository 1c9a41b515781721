"""Fixtures for the rendering tests: the sample template rendered once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from render_sample import CONTEXT, CREATED, SAMPLE, TITLE


@pytest.fixture(scope="session")
def sample_docx() -> bytes:
    from dealdocs.render.docx import render_docx

    return render_docx(SAMPLE, CONTEXT, title=TITLE, created=CREATED)


@pytest.fixture(scope="session")
def sample_html(sample_docx) -> str:
    from dealdocs.render.html import docx_to_html

    return docx_to_html(sample_docx, title=TITLE)


@pytest.fixture(scope="session")
def sample_pdf(sample_html) -> bytes:
    from dealdocs.render.pdf import html_to_pdf

    return html_to_pdf(sample_html)


@pytest.fixture
def make_template(tmp_path):
    """A variant of the sample template: make_template(edit) applies edit(document) and saves."""
    import docx

    def make(edit) -> Path:
        document = docx.Document(str(SAMPLE))
        edit(document)
        path = tmp_path / "variant.docx"
        document.save(str(path))
        return path

    return make
