"""html_to_pdf and pdf_text: reproducible, closed to the outside, the same words as the DOCX."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from dealdocs import resources
from dealdocs.render import PrintProblem
from dealdocs.render import pdf as pdf_module
from dealdocs.render.docx import docx_text
from dealdocs.render.pdf import embedded_fonts, html_to_pdf, pdf_text

from render_sample import HOSTILE

LETTER = (612, 792)  # points


def _page(body: str, head: str = "") -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            f'<link rel="stylesheet" href="print.css">{head}</head><body>{body}</body></html>')


def _squeezed(text: str) -> str:
    # Without any whitespace: a PDF line may end after a hyphen that had no space after it in the
    # DOCX, or where the DOCX had one, and extracted text cannot tell the two apart.
    return "".join(text.split())


def test_the_pdf_says_what_the_docx_says(sample_docx, sample_pdf):
    assert _squeezed(pdf_text(sample_pdf)) == _squeezed(docx_text(sample_docx))


def test_hostile_values_print_literally(sample_pdf):
    assert _squeezed(HOSTILE) in _squeezed(pdf_text(sample_pdf))


def test_pdf_text_drops_the_page_footers(sample_pdf):
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(sample_pdf)).pages)
    assert "Page 1 of 4" in raw and "Page 4 of 4" in raw
    assert "Page 1 of 4" not in pdf_text(sample_pdf)


def test_every_page_is_us_letter(sample_pdf):
    pages = PdfReader(io.BytesIO(sample_pdf)).pages
    assert len(pages) == 4
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {
        LETTER}


def test_only_bundled_fonts_are_used_and_all_are_embedded(sample_pdf, tmp_path):
    assert embedded_fonts(sample_pdf) == {"Dealdocs-Serif", "Dealdocs-Serif-Bold",
                                          "Dealdocs-Serif-Bold-Italic", "Dealdocs-Symbols"}
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    (tmp_path / "sample.pdf").write_bytes(sample_pdf)
    listing = subprocess.run(["pdffonts", str(tmp_path / "sample.pdf")], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert len(listing) == 4
    for line in listing:
        name, embedded = line.split()[0], line.split()[-5]
        # pdffonts shows a tag prefix ("ABCDEF+") even for a font embedded whole
        assert name.split("+")[-1].startswith("Dealdocs-") and embedded == "yes", line


@pytest.mark.parametrize("subsetter", [None, "a library that must not be used"])
def test_prints_the_same_pdf_whichever_font_subsetter_the_system_has(sample_html, sample_pdf,
                                                                     monkeypatch, subsetter):
    # The stock image lacks libharfbuzz-subset0: WeasyPrint then finds no HarfBuzz-Subset, warns
    # and subsets with fontTools. Where it is installed, it subsets with it. Both must print,
    # and print the same bytes (fonts are embedded whole, so neither subsetter runs).
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", subsetter)
    assert html_to_pdf(sample_html) == sample_pdf


def test_the_same_html_prints_the_same_bytes(sample_html, sample_pdf):
    assert html_to_pdf(sample_html) == sample_pdf


def test_prints_in_separate_processes_seconds_apart_are_identical(sample_html, sample_pdf,
                                                                  tmp_path):
    (tmp_path / "in.html").write_text(sample_html, encoding="utf-8")
    script = ("import sys; from pathlib import Path; from dealdocs.render.pdf import html_to_pdf;"
              "Path(sys.argv[2]).write_bytes(html_to_pdf(Path(sys.argv[1]).read_text('utf-8')))")
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    outputs = []
    for run in range(2):
        if run:
            time.sleep(1.1)  # rewritten fonts carry a timestamp unless SOURCE_DATE_EPOCH is honoured
        output = tmp_path / f"out{run}.pdf"
        subprocess.run([sys.executable, "-c", script, str(tmp_path / "in.html"), str(output)],
                       env=environment, check=True)
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    if os.environ["SOURCE_DATE_EPOCH"] == pdf_module._SOURCE_DATE_EPOCH:  # not set from outside
        assert outputs[0] == sample_pdf


def test_importing_the_module_does_not_import_weasyprint():
    code = "import sys, dealdocs.render.pdf; sys.exit('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_plain_page_with_the_stylesheet_prints():
    assert pdf_text(html_to_pdf(_page("<p>Hello ☐ ☒</p>"))).strip() == "Hello ☐ ☒"


@pytest.mark.parametrize("head, body", [
    ('<link rel="stylesheet" href="http://example.com/x.css">', "x"),
    ('<link rel="stylesheet" href="https://example.com/x.css">', "x"),
    ("", '<img src="http://example.com/logo.png">'),
    ("", '<img src="file:///etc/passwd">'),
    ('<link rel="stylesheet" href="file:///etc/passwd">', "x"),
    ('<link rel="stylesheet" href="../pyproject.toml">', "x"),  # just outside templates/
    ('<link rel="stylesheet" href="missing.css">', "x"),  # under templates/, but not there
    ("<style>@font-face { font-family: F; src: url(fonts/missing.ttf) }"
     " p { font-family: F, 'Dealdocs Serif' }</style>", "<p>x</p>"),
    ("<style>@import url(ftp://example.com/x.css);</style>", "x"),
])
def test_any_fetch_outside_templates_or_of_a_missing_file_stops_the_print(head, body):
    with pytest.raises(PrintProblem, match="Error fetching"):
        html_to_pdf(_page(body, head))


def test_a_symlink_out_of_the_templates_is_refused(tmp_path):
    root = tmp_path / "templates"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (root / "inside.css").symlink_to(tmp_path / "secret.txt")
    (root / "real.css").write_text("p {}")
    fetcher = pdf_module._fetcher_class()(root.resolve())
    assert fetcher.fetch((root / "real.css").as_uri()).read() == b"p {}"
    with pytest.raises(PermissionError):
        fetcher.fetch((root / "inside.css").as_uri())


def test_a_weasyprint_warning_stops_the_print():
    with pytest.raises(PrintProblem, match="WeasyPrint: .*colour"):
        html_to_pdf(_page("<p>x</p>", "<style>p { colour: red }</style>"))


def test_a_font_that_is_not_bundled_stops_the_print(monkeypatch):
    # As if the check boxes were missing from the bundled fonts and Pango found them elsewhere.
    monkeypatch.setattr(pdf_module, "BUNDLED_FAMILIES", ("Dealdocs-Serif",))
    with pytest.raises(PrintProblem, match="Dealdocs-Symbols"):
        html_to_pdf(_page("<p>☒</p>"))


def test_the_print_does_not_depend_on_the_working_directory(sample_html, sample_pdf, tmp_path,
                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert html_to_pdf(sample_html) == sample_pdf


def test_the_stylesheet_and_fonts_are_in_the_templates():
    templates = resources.path("templates")
    assert (templates / "print.css").is_file()
    for font in ("LiberationSerif-Regular", "LiberationSerif-Bold", "LiberationSerif-Italic",
                 "LiberationSerif-BoldItalic", "DejaVuSans"):
        assert (templates / "fonts" / f"{font}.ttf").is_file()
    assert {path.name for path in Path(templates, "fonts").glob("LICENSE-*")} == {
        "LICENSE-LiberationSerif.txt", "LICENSE-DejaVuSans.txt"}


# --- print.css parsed once per process ------------------------------------------------------------

def _printed_the_slow_way(monkeypatch, render):
    """What `render` prints with WeasyPrint reading print.css from each document's own link, and
    loading its fonts into a fresh FontConfiguration, as every print did before the cache."""
    with monkeypatch.context() as patch:
        patch.setattr(pdf_module, "_without_stylesheet_link", lambda html: (False, html))
        return render()


def test_the_seed_prints_the_same_bytes_with_the_stylesheet_parsed_once(monkeypatch):
    from dealdocs.calendar import default_calendar
    from dealdocs.pipeline import analyse
    from dealdocs.render.edgar import FOLDER, edgar_files, submission_stem, view_pdf
    from dealdocs.render.html import docx_to_html
    from dealdocs.render.package import render_documents

    seed = Path(__file__).resolve().parents[2] / "filings" / "ascent-solar-2019-01-11.yaml"
    analysis = analyse(seed, default_calendar())
    deal, facts = analysis.deal, analysis.facts
    documents = render_documents(deal, facts, analysis.findings, ("docx",))
    htmls = [docx_to_html(document.docx, title=document.title) for document in documents]
    primary = edgar_files(deal, facts, documents)[f"{FOLDER}/{submission_stem(deal)}.htm"]

    def prints():  # the documents, and the EDGAR view (print.css under the filed looks)
        return [*(html_to_pdf(html) for html in htmls), view_pdf(primary)]

    shared = prints()
    assert shared == _printed_the_slow_way(monkeypatch, prints)
    assert shared == prints()  # and again, from the parsed stylesheet


def _templates_copy(tmp_path) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(resources.path("templates"), root)
    return root.resolve()


def test_the_stylesheet_is_parsed_again_when_its_folder_changes(tmp_path):
    root = _templates_copy(tmp_path)
    first = pdf_module._print_stylesheet(root)
    assert pdf_module._print_stylesheet(root) is first
    css = root / "print.css"
    css.write_text(css.read_text() + "\np { color: black }\n")
    edited = pdf_module._print_stylesheet(root)
    assert edited is not first
    (root / "fonts" / "DejaVuSans.ttf").touch()  # a font's modification time, same bytes
    os.utime(root / "fonts" / "DejaVuSans.ttf", ns=(0, 0))
    assert pdf_module._print_stylesheet(root) is not edited


def test_each_templates_folder_has_its_own_stylesheet(tmp_path):
    # A house style's folder must never print with another folder's print.css.
    shipped = pdf_module._print_stylesheet(resources.path("templates").resolve())
    other = _templates_copy(tmp_path)
    (other / "print.css").write_text((other / "print.css").read_text() + "\nbody { color: red }\n")
    assert pdf_module._print_stylesheet(other) is not shipped
    assert pdf_module._print_stylesheet(resources.path("templates").resolve()) is shipped


def test_a_stylesheet_warning_is_never_kept(tmp_path):
    root = _templates_copy(tmp_path)
    (root / "print.css").write_text((root / "print.css").read_text() + "\np { colour: red }\n")
    for _ in range(2):  # the second print parses again and fails again
        with pytest.raises(PrintProblem, match="colour"):
            pdf_module._print_stylesheet(root)


def test_a_document_with_its_own_font_faces_leaves_the_shared_fonts_alone(sample_html,
                                                                          sample_pdf):
    # Its own "Dealdocs Serif", from another font file: were it added to the shared fonts, the
    # documents printed after it would change.
    own = ('<style>@font-face { font-family: "Dealdocs Serif"; src: url(fonts/DejaVuSans.ttf) }'
           "</style>")
    with contextlib.suppress(PrintProblem):  # whichever font it picks: not the question here
        html_to_pdf(_page("<p>x</p>", own))
    assert html_to_pdf(sample_html) == sample_pdf
    assert pdf_module._without_stylesheet_link(_page("x", own)) == (False, _page("x", own))


def test_the_stylesheet_link_is_taken_out_only_from_the_head():
    linked, html = pdf_module._without_stylesheet_link(_page("x"))
    assert linked and "print.css" not in html
    body_only = ('<html><head><title>t</title></head><body>'
                 '<link rel="stylesheet" href="print.css"></body></html>')
    assert pdf_module._without_stylesheet_link(body_only) == (False, body_only)


FORK = """
import os, sys
from pathlib import Path
from dealdocs.render import pdf
html = Path(sys.argv[1]).read_text("utf-8")
first = pdf.html_to_pdf(html)
folder = next(iter(pdf._STYLESHEETS.values())).fonts._folder
child = os.fork()
if child == 0:  # a normal exit after the print: atexit, then the collection of everything
    sys.exit(0 if pdf.html_to_pdf(html) == first else 3)
_, status = os.waitpid(child, 0)
assert os.waitstatus_to_exitcode(status) == 0, status
assert folder.is_dir(), "the child deleted the parent's fonts"
assert pdf.html_to_pdf(html) == first
"""


def test_a_forked_child_prints_the_same_and_leaves_the_parents_fonts_alone(sample_html,
                                                                           tmp_path):
    (tmp_path / "in.html").write_text(sample_html, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", FORK, str(tmp_path / "in.html")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Exception ignored" not in done.stderr  # nor at the end of either process


# One deal per cover era: before the Section 12(b) table (the seed, January 2019), and after it
# with a two-line address (Nasdaq, 2022) and on NYSE American (2021).
@pytest.mark.parametrize("name", ["seed", "lesser-of-market-leg", "variable-vwap-floor-cap"])
def test_the_8k_cover_fits_on_its_first_page(name):
    from tampering import DEALS, SEED, rendered
    path = SEED if name == "seed" else next(p for p in DEALS if p.stem == name)
    eight_k = next(d for d in rendered(path, ("docx", "pdf")) if d.kind == "8-K")
    first_page = " ".join(PdfReader(io.BytesIO(eight_k.pdf)).pages[0].extract_text().split())
    assert "provided pursuant to Section 13(a) of the Exchange Act." in first_page
    assert "Emerging growth company" in first_page
