"""The rows of issue 12's table against their baselines: python bench/bench_baselines.py [rounds]

Not part of the test run. Every figure is the median of fresh processes (cold: imports included),
printed as a ratio to its baseline measured in the same run on the same machine:

- `check --no-pdf` and `check` on the seed, against a bare `python -c` that loads the seed with
  PyYAML and validates it with jsonschema (goals: 3x and 10x);
- a full `build` of the seed (with the cache off), against the raw libraries on the same
  templates and contexts: docxtpl, then mammoth and WeasyPrint (goal: 1.2x or less), and against
  docxtpl plus LibreOffice's headless conversion of the three DOCX (goal: 3x faster or more);
- the peak memory (max RSS) of building one deal with 1,000 investors (goal: 200 MB or less).

bench_jobs.py gives the 2-core row and bench_cache.py the rebuild-with-nothing-changed row.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scaling import scaled_deal  # noqa: E402  (bench/ is the script's directory)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
SCHEMA = ROOT / "schemas" / "deal.schema.json"
ENVIRONMENT = {**os.environ, "DEALDOCS_NO_CACHE": "1"}

BARE = f"""
import json, yaml, jsonschema
deal = yaml.safe_load(open({str(SEED)!r}, encoding="utf-8"))
jsonschema.Draft202012Validator(json.load(open({str(SCHEMA)!r}))).validate(deal)
"""

# The same templates and contexts as dealdocs' build, through the libraries alone.
_CONTEXTS = f"""
import io, sys
from dealdocs.calendar import default_calendar
from dealdocs.pipeline import analyse
from dealdocs.render.package import jobs
analysis = analyse({str(SEED)!r}, default_calendar())
work = jobs(analysis.deal, analysis.facts, analysis.findings)
from docxtpl import DocxTemplate
def docx(job):
    template = DocxTemplate(str(job.template))
    template.render(job.context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
"""
RAW = _CONTEXTS + """
import mammoth, weasyprint
for job in work:
    html = mammoth.convert_to_html(io.BytesIO(docx(job))).value
    weasyprint.HTML(string=html).write_pdf()
"""
LIBREOFFICE = _CONTEXTS + """
import pathlib, subprocess, tempfile
folder = pathlib.Path(tempfile.mkdtemp())
paths = []
for number, job in enumerate(work):
    path = folder / f"{number}.docx"
    path.write_bytes(docx(job))
    paths.append(str(path))
subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                str(folder), *paths], check=True, capture_output=True)
"""


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENVIRONMENT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command[:4]} failed with status {status}")
    return seconds, usage.ru_maxrss


def median(command: list[str], cwd: Path, rounds: int) -> float:
    return statistics.median(run(command, cwd)[0] for _ in range(rounds))


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    python, build = sys.executable, str(ROOT / "build.py")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bare = median([python, "-c", BARE], folder, rounds)
        no_pdf = median([python, build, "check", "--no-pdf", str(SEED)], folder, rounds)
        check = median([python, build, "check", str(SEED)], folder, rounds)
        full = median([python, build, "build", str(SEED), "-o", str(folder / "out")], folder,
                      rounds)
        raw = median([python, "-c", RAW], folder, rounds)
        office = median([python, "-c", LIBREOFFICE], folder, rounds) \
            if shutil.which("soffice") else None
        big = folder / "investors-1000.yaml"
        big.write_text(scaled_deal(1, 1000), encoding="utf-8")
        big_seconds, big_memory = run([python, build, "build", str(big), "-o",
                                       str(folder / "big")], folder)
    print(f"bare yaml + jsonschema process: {bare:.2f} s (the baseline of the check rows)")
    print(f"check --no-pdf: {no_pdf / bare:.1f}x ({no_pdf:.2f} s; goal 3x)")
    print(f"check: {check / bare:.1f}x ({check:.2f} s; goal 10x)")
    print(f"full build: {full / raw:.2f}x the raw libraries ({full:.2f} s vs {raw:.2f} s; "
          "goal 1.2x or less)")
    if office is not None:
        print(f"full build: {office / full:.2f}x faster than docxtpl + LibreOffice "
              f"({office:.2f} s; goal 3x)")
    print(f"1,000 investors: build {big_seconds:.1f} s, peak memory {big_memory / 1024:.0f} MB "
          "(goal 200 MB)")


if __name__ == "__main__":
    main()
