"""`build` end to end: the six documents of the seed, what a reader sees in them, reproducibility,
atomicity, and hostile text."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from dealdocs.cli import main
from dealdocs.render.docx import docx_text
from dealdocs.render.pdf import embedded_fonts, pdf_text

from libreoffice import docx_to_pdf

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
STEM = "ascent-solar-2019-01-11"
KINDS = ("note", "8-K", "checklist")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(SEED), "-o", str(out)]) == 0
    return out / STEM


EDGAR = ["edgar/asti-20190111.htm", "edgar/asti-20190111.xsd", "edgar/asti-20190111_lab.xml",
         "edgar/asti-20190111_pre.xml", "edgar/ex10-1.htm", "edgar/submission.json"]


def test_build_writes_six_documents_the_filings_and_a_manifest(built: Path) -> None:
    names = sorted(_snapshot(built))
    assert names == sorted([f"{STEM}-{kind}.{ext}" for kind in KINDS for ext in ("docx", "pdf")]
                           + [f"{STEM}-8-K-edgar.pdf", *EDGAR, "form-d/primary_doc.xml",
                              "manifest.json"])
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["deal_sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((built / name).read_bytes()).hexdigest() == digest


def _header_rows(docx: bytes) -> list[str]:
    """The text of table rows marked "repeat as header row", which the PDF repeats per page."""
    document = WordDocument(io.BytesIO(docx))
    return ["".join(cell.text for cell in row.cells).replace(" ", "")
            for table in document.tables for row in table.rows
            if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None]


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_text_equals_docx_text(built: Path, kind: str) -> None:
    docx = (built / f"{STEM}-{kind}.docx").read_bytes()
    # A PDF line may break after a hyphen where the DOCX has no space: compare without spaces.
    expected = re.sub(r"\s+", "", docx_text(docx))
    printed = re.sub(r"\s+", "", pdf_text((built / f"{STEM}-{kind}.pdf").read_bytes()))
    # Keep the first of each header row: the PDF repeats it on each page a table runs onto, and
    # the DOCX has it once per table where several tables share it (the checklist's appendix).
    for header in _header_rows(docx):
        printed, expected = _first_only(printed, header), _first_only(expected, header)
    assert printed == expected


def _first_only(text: str, header: str) -> str:
    first = text.find(header) + len(header)
    return text[:first] + text[first:].replace(header, "")


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_us_letter_with_page_numbers_and_embedded_fonts(built: Path, kind: str) -> None:
    pdf = (built / f"{STEM}-{kind}.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    pages = len(reader.pages)
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    assert embedded_fonts(pdf) and all(font.startswith("Dealdocs-") for font in embedded_fonts(pdf))
    report = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True)
    if report.returncode == 0:  # pdffonts reads stdin only in newer poppler; the set above holds
        rows = report.stdout.decode().splitlines()[2:]
        assert rows and all(" yes " in row for row in rows)


@pytest.mark.parametrize("kind", KINDS)
def test_libreoffice_opens_every_docx(built: Path, kind: str, tmp_path: Path) -> None:
    pdf = docx_to_pdf((built / f"{STEM}-{kind}.docx").read_bytes(), tmp_path)
    assert pdf.startswith(b"%PDF")


def test_two_builds_seconds_apart_are_byte_identical(built: Path, tmp_path: Path) -> None:
    time.sleep(1.1)  # font subsets and zip entries would carry the time if anything leaked it
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", str(SEED), "-o",
                             str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _snapshot(tmp_path / STEM) == _snapshot(built)


def _snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under directory, by its path relative to it."""
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "-o", str(out), "--format", "docx"]) == 0
    return out


def test_a_broken_deal_file_leaves_earlier_outputs_untouched(previous: Path, tmp_path: Path,
                                                             capsys) -> None:
    before = _snapshot(previous / STEM)
    broken = tmp_path / f"{STEM}.yaml"
    broken.write_text(SEED.read_text().replace('principal: "330000"', "principal: 330000"))
    assert main(["build", str(broken), "-o", str(previous), "--format", "docx"]) == 1
    assert "notes[0].principal" in capsys.readouterr().out
    assert _snapshot(previous / STEM) == before


@pytest.mark.parametrize("jobs", ["1", "2"])  # "2": the PDFs print in two worker processes
@pytest.mark.parametrize("failure", [RuntimeError("printer on fire"), KeyboardInterrupt()])
def test_a_failure_mid_build_leaves_earlier_outputs_untouched(previous: Path, monkeypatch,
                                                              failure: BaseException,
                                                              jobs: str) -> None:
    before = _snapshot(previous / STEM)
    calls = []

    def fail_on_the_second_print(html: str) -> bytes:
        calls.append(html)
        if len(calls) == 2:
            raise failure
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr("dealdocs.render.pdf.html_to_pdf", fail_on_the_second_print)
    assert main(["build", str(SEED), "-o", str(previous), "-j", jobs]) == 2
    assert len(calls) == 2 or jobs != "1"  # workers count their own calls
    assert _snapshot(previous / STEM) == before  # no new file, no temp file, no changed byte


def test_one_deal_printed_in_two_processes_is_byte_identical(built: Path, tmp_path: Path):
    assert main(["build", str(SEED), "-o", str(tmp_path), "-j", "1"]) == 0
    assert _snapshot(tmp_path / STEM) == _snapshot(built)  # built with the default, the cores'
    assert main(["build", str(SEED), "-o", str(tmp_path / "two"), "-j", "2"]) == 0
    assert _snapshot(tmp_path / "two" / STEM) == _snapshot(built)


def test_a_build_with_fewer_formats_leaves_no_earlier_file_beside_the_new_ones(built: Path,
                                                                              tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(built, out / STEM)
    assert main(["build", str(SEED), "-o", str(out), "--format", "docx"]) == 0
    assert sorted(Path(name).suffix for name in _snapshot(out / STEM)) == \
        [".docx"] * 3 + [".htm"] * 2 + [".json"] * 2 + [".xml"] * 3 + [".xsd"]
    assert _whole_set(out / STEM)


def _whole_set(directory: Path) -> bool:
    """The folder holds exactly the files its manifest lists, each with the listed digest."""
    files = _snapshot(directory)
    listed = json.loads(files.pop("manifest.json"))["files"]
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()} == listed


# Ctrl-C while the interpreter itself is starting (importing `site`) gets Python's own message:
# no program can catch it, as none of its code has run yet.
PYTHON_STARTING = "Fatal Python error: init_import_site"


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_a_real_build_interrupted_at_any_moment_leaves_one_whole_set(built: Path, tmp_path: Path,
                                                                     signal_number: int):
    """Real processes, stopped at moments spread over start-up, rendering and the switch."""
    out = tmp_path / "out"
    shutil.copytree(built, out / STEM)
    earlier = _snapshot(out / STEM)
    command = [sys.executable, str(ROOT / "build.py"), "build", str(SEED), "-o", str(out),
               "--format", "docx"]
    finished = 0
    for delay in (0.0, 0.1, 0.3, 0.6, 1.0, 1.6, 2.5):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        time.sleep(delay)
        process.send_signal(signal_number)
        _, errors = process.communicate(timeout=120)
        finished += process.returncode == 0
        if not errors.startswith(PYTHON_STARTING):  # else: before any line of dealdocs ran
            assert "Traceback" not in errors and len(errors.splitlines()) <= 1, errors
            if signal_number == signal.SIGINT and process.returncode not in (0, -signal.SIGINT):
                assert process.returncode == 2 and errors.startswith("dealdocs: interrupted")
        assert (out / STEM).is_dir() and _whole_set(out / STEM), delay
        assert _snapshot(out / STEM) == earlier or "ascent-solar-2019-01-11-note.pdf" not in \
            _snapshot(out / STEM)
    assert finished < 7  # most runs really were interrupted
    assert main(["build", str(SEED), "-o", str(out), "--format", "docx"]) == 0
    assert sorted(path.name for path in out.iterdir()) == [STEM]  # leftovers cleaned up


# Jinja's syntax, and docxtpl's escapes for it ({_{ … }_}), which docxtpl rewrites after rendering
HOSTILE = "Acme & Sons <DE> \"Q\" 'S' Zoë {{ x }} {% if %} {# c #} {_{ y }_} {_% z %_}"


def test_hostile_names_come_out_literally(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("name: Ascent Solar Technologies, Inc.", "name: " + json.dumps(HOSTILE))
    text = text.replace("Jason Widjaja", "Zoë O'Brien & <Co>")
    deal = tmp_path / "hostile.yaml"
    deal.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(deal), "-o", str(out)]) == 0
    for kind in KINDS:
        docx = (out / "hostile" / f"hostile-{kind}.docx").read_bytes()
        WordDocument(io.BytesIO(docx))  # still a valid Word document
        for text_ in (docx_text(docx), pdf_text((out / "hostile" / f"hostile-{kind}.pdf").read_bytes())):
            words = " ".join(text_.split())  # a PDF line may break anywhere
            assert HOSTILE in words or HOSTILE.upper() in text_
            if kind != "checklist":
                assert "Zoë O'Brien & <Co>" in words
    docx_to_pdf((out / "hostile" / "hostile-note.docx").read_bytes(), tmp_path)


def _admitted_characters() -> str:
    from dealdocs.validate import _anchored, schema

    admits = _anchored(schema()["$defs"]["text"]["pattern"]).search
    return "".join(chr(code) for code in range(0x21, 0x10000)
                   if not 0xD800 <= code <= 0xDFFF and admits(chr(code)))


def _names_of(characters: str, length: int = 190) -> list[str]:
    """The characters cut into names, a space every ten so that lines can break."""
    spaced = " ".join(characters[start:start + 10] for start in range(0, len(characters), 10))
    return [spaced[start:start + length].strip() for start in range(0, len(spaced), length)]


def test_every_character_the_schema_admits_prints(tmp_path: Path) -> None:
    # check --no-pdf passes whatever the schema admits; build must then print it, in the body
    # text, in bold, and in the capitals of a title (tests/test_schema.py holds the fonts to it).
    # Names this long also exceed what a DOCX core property (the title) may hold.
    names = _names_of(_admitted_characters())
    fields = ("name: Ascent Solar Technologies, Inc.", "title: Convertible Promissory Note",
              "Jason Widjaja", "title: Chief Executive Officer", "name: Victor Lee",
              "title: note purchase")
    assert len(names) <= len(fields)
    text = SEED.read_text(encoding="utf-8")
    for field, name in zip(fields, names):
        key = field.partition(": ")[0] + ": " if ": " in field else ""
        text = text.replace(field, key + json.dumps(name, ensure_ascii=False))
    deal = tmp_path / "every.yaml"
    deal.write_text(text, encoding="utf-8")
    assert main(["check", "--no-pdf", str(deal)]) == 0
    assert main(["build", str(deal), "-o", str(tmp_path / "out")]) == 0
    note = pdf_text((tmp_path / "out" / "every" / "every-note.pdf").read_bytes())
    assert names[0].split()[0] in note
