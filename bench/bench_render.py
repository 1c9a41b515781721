"""Time each rendering stage on the test sample: python bench/bench_render.py [repeats]

Not part of the test run. Prints the median of N renders per stage, and the import times, each
measured in a fresh interpreter.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "render"))

from render_sample import CONTEXT, CREATED, SAMPLE, TITLE  # noqa: E402

from dealdocs.render.docx import docx_text, render_docx  # noqa: E402
from dealdocs.render.html import docx_to_html  # noqa: E402
from dealdocs.render.pdf import html_to_pdf, pdf_text  # noqa: E402


def import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def median_seconds(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for module in ("weasyprint", "mammoth", "docxtpl", "dealdocs.render.pdf"):
        print(f"import {module:<22} {import_seconds(module):6.3f} s")
    start = time.perf_counter()
    docx = render_docx(SAMPLE, CONTEXT, title=TITLE, created=CREATED)
    html = docx_to_html(docx, title=TITLE)
    pdf = html_to_pdf(html)  # the first print also imports WeasyPrint and loads the fonts
    print(f"first DOCX+HTML+PDF           {time.perf_counter() - start:6.3f} s")
    stages = {
        "render_docx": lambda: render_docx(SAMPLE, CONTEXT, title=TITLE, created=CREATED),
        "docx_to_html": lambda: docx_to_html(docx, title=TITLE),
        "html_to_pdf": lambda: html_to_pdf(html),
        "docx_text": lambda: docx_text(docx),
        "pdf_text": lambda: pdf_text(pdf),
    }
    for name, function in stages.items():
        print(f"{name:<29} {median_seconds(function, repeats):6.3f} s (median of {repeats})")
    print(f"sizes: DOCX {len(docx):,} B, HTML {len(html):,} B, PDF {len(pdf):,} B")


if __name__ == "__main__":
    main()
