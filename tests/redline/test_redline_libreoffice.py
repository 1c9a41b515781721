"""LibreOffice opens the redlines, shows their changes, and accepting or rejecting all of them in
LibreOffice gives the new or the old document, exactly as dealdocs' own readings do."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from dealdocs.redline import ADDED, REMOVED, redline
from dealdocs.render.package import render_documents

from redlining import DEALS, ROOT, SEED, SEED_EDITS, edited, words

sys.path.insert(0, str(ROOT / "tests" / "render"))  # the project's LibreOffice helper
from libreoffice import docx_to_pdf, soffice  # noqa: E402

UNO_SCRIPT = Path(__file__).with_name("uno_text.py")
SEED_NAME = "filings/ascent-solar-2019-01-11.yaml"


def _uno_python() -> str:
    """A Python with LibreOffice's uno module (Debian: python3-uno); skips the test without."""
    soffice()
    for candidate in ("/usr/bin/python3", shutil.which("python3"),
                      "/usr/lib/libreoffice/program/python"):
        if candidate and Path(candidate).exists() and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    pytest.skip("no Python with LibreOffice's uno module (apt-get install python3-uno)")


def _libreoffice_texts(jobs: list[tuple[str, bytes]], directory: Path) -> list[str]:
    """LibreOffice's text of each (mode, DOCX) after accepting all, rejecting all, or as-is."""
    arguments = []
    for index, (mode, docx) in enumerate(jobs):
        source = directory / f"{index}.docx"
        source.write_bytes(docx)
        arguments += [mode, str(source), str(directory / f"{index}.txt")]
    completed = subprocess.run([_uno_python(), str(UNO_SCRIPT), *arguments], capture_output=True,
                               text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return [(directory / f"{index}.txt").read_text(encoding="utf-8-sig")
            for index in range(len(jobs))]


def _versions(analysed, old_text, new_text, name):
    old, new = analysed(old_text, name), analysed(new_text, name)
    documents = [{document.stem: document.docx for document in render_documents(
        analysis.deal, analysis.facts, analysis.findings, formats=("docx",))}
        for analysis in (old, new)]
    return redline(old, new, formats=("docx",)), *documents


def test_libreoffice_opens_the_seed_redlines_and_shows_both_versions(analysed, tmp_path):
    redlines, _, _ = _versions(analysed, SEED.read_text(), edited(SEED.read_text(), *SEED_EDITS),
                               SEED_NAME)
    for document in redlines:
        pdf = docx_to_pdf(document.docx, tmp_path)
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        if "checklist" not in document.stem:
            assert "$330,000" in text and "$350,000" in text, document.stem  # deleted, inserted


def _tranches_without_osprey(text: str) -> str:
    start, end = text.index("  - id: osprey"), text.index("  - id: ridgeline-1")
    return edited(text[:start] + text[end:],
                  ('gross_proceeds: "1700000"', 'gross_proceeds: "1500000"'))


CASES = {
    "seed": (SEED_NAME, SEED.read_text(), edited(SEED.read_text(), *SEED_EDITS)),
    "a note removed": ("filings/multi-investor-tranches.yaml",
                       (DEALS / "multi-investor-tranches.yaml").read_text(),
                       _tranches_without_osprey((DEALS / "multi-investor-tranches.yaml").read_text())),
    "a note added": ("filings/multi-investor-tranches.yaml",
                     _tranches_without_osprey((DEALS / "multi-investor-tranches.yaml").read_text()),
                     (DEALS / "multi-investor-tranches.yaml").read_text()),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_accepting_and_rejecting_in_libreoffice_give_the_new_and_the_old(analysed, tmp_path,
                                                                        case):
    name, old_text, new_text = CASES[case]
    redlines, old, new = _versions(analysed, old_text, new_text, name)
    jobs = []
    for document in redlines:
        stem = document.stem.removesuffix("-redline")
        jobs += [("accept", document.docx), ("reject", document.docx)]
        jobs += [("as-is", new[stem]) if stem in new else ("as-is", _empty_docx()),
                 ("as-is", old[stem]) if stem in old else ("as-is", _empty_docx())]
    texts = _libreoffice_texts(jobs, tmp_path)
    for index, document in enumerate(redlines):
        accepted, rejected, new_words, old_words = texts[4 * index:4 * index + 4]
        if document.status in (ADDED, REMOVED):  # blank paragraphs stay before its tables
            accepted, rejected, new_words, old_words = map(words, texts[4 * index:4 * index + 4])
        assert accepted == new_words, f"{document.stem}: accepted in LibreOffice"
        assert rejected == old_words, f"{document.stem}: rejected in LibreOffice"


def _empty_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()
