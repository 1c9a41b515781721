"""How cost grows with the deal: python bench/bench_scaling.py [--quick] [--no-cold | --cold-only]
[--pdf-memory]

Not part of the test run. Makes deals of 1, 10, 50 and 200 notes (one investor each) and of 1, 100
and 1,000 investors (one note), by repeating the seed's note and investor, and times, in process,
two stages of each: "render" (the analysis and every DOCX) and "check" (the template lint and the
consistency check of those DOCX). Prints each time as a ratio to the one-note (one-investor) deal
measured in the same run, and the fitted growth exponent k in time ∝ size^k (the slope of a
least-squares line through log size, log time: k = 1 is linear, k = 2 quadratic), and k over the
last step alone (the fixed cost of a small deal flattens the fitted k; the last step shows it less).
--quick stops at 50 notes and 100 investors.

Then, unless --no-cold: `check --no-pdf` and `check` of the seed, each a fresh process, as a ratio
to a bare `python -c` that loads the seed with PyYAML and validates it with jsonschema (median of
3 each), and the peak memory (VmHWM of a child) of `check --no-pdf` of the 1,000-investor deal
as a ratio to that bare process's (with --pdf-memory, of `check` with PDFs too: slow).
"""

from __future__ import annotations

import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dealdocs import resources
from dealdocs.calendar import default_calendar
from dealdocs.consistency import check_documents, lint_templates, template_contexts
from dealdocs.pipeline import analyse
from dealdocs.render.package import render_documents

SEED = Path(__file__).resolve().parents[1] / "filings" / "ascent-solar-2019-01-11.yaml"


def scaled_deal(notes: int, investors: int) -> str:
    """The seed with `investors` investors and `notes` copies of its note, held in turn."""
    text = re.sub(r"\nplaceholders:\n(  - .*\n)+", "\n", SEED.read_text())
    people = "".join(f"  - name: Investor {number:04}\n    kind: individual\n    accredited: true\n"
                     for number in range(investors))
    text = re.sub(r"investors:\n((  |    ).*\n)+", "investors:\n" + people, text)
    start, end = text.index("notes:\n") + len("notes:\n"), text.index("\noffering:")
    note = text[start:end].replace("holder: Jason Widjaja", "holder: {holder}")
    copies = "".join(note.replace("  - holder: {holder}",
                                  f"  - id: n{number:03}\n    holder: Investor "
                                  f"{number % investors:04}", 1) + "\n"
                     for number in range(notes))
    text = text[:start] + copies + text[end + 1:]
    return text.replace('gross_proceeds: "330000"', f'gross_proceeds: "{330000 * notes}"')


def deal_file(notes: int, investors: int, folder: Path) -> Path:
    path = folder / f"deal-{notes}-{investors}.yaml"
    path.write_text(scaled_deal(notes, investors))
    return path


def seconds(notes: int, investors: int, folder: Path) -> tuple[float, float]:
    """(render, check): the analysis and every DOCX; the lint and the consistency check."""
    path = deal_file(notes, investors, folder)
    start = time.perf_counter()
    analysis = analyse(path, default_calendar())
    deal, facts, findings = analysis.deal, analysis.facts, analysis.findings
    documents = render_documents(deal, facts, findings, ("docx",))
    rendered = time.perf_counter()
    with resources.house_style(deal.template_folder):
        lint_templates(template_contexts(deal, facts, findings))
        check_documents(deal, facts, findings, documents)
    return rendered - start, time.perf_counter() - rendered


def fitted_exponent(sizes: list[int], times: list[float]) -> float:
    xs, ys = [math.log(size) for size in sizes], [math.log(time) for time in times]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
            / sum((x - mean_x) ** 2 for x in xs))


# A child's peak resident memory. Not ru_maxrss: on Linux a child keeps, across exec, the high
# water mark of the parent it was forked from (this benchmark, large by then). VmHWM is the
# exec'd process's own.
HWM = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
# The bare baseline: the cheapest way to read and validate a deal file at all.
BARE = f"""
import json, sys, jsonschema, yaml
with open(sys.argv[1]) as deal, open(sys.argv[2]) as schema:
    list(jsonschema.Draft202012Validator(json.load(schema)).iter_errors(yaml.safe_load(deal)))
print({HWM})
"""
SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "deal.schema.json"
PEAK = f"""
import runpy, sys
sys.argv = ["dealdocs", *sys.argv[1:]]
try:
    runpy.run_module("dealdocs", run_name="__main__")
except SystemExit:
    pass
print({HWM}, file=sys.stderr)
"""


def child(arguments: list[str]) -> tuple[float, int]:
    """(seconds, peak resident kB) of a fresh Python process, as it prints last on stderr (PEAK)
    or stdout (BARE)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *arguments], capture_output=True, text=True,
                          env=os.environ)
    elapsed = time.perf_counter() - start
    output = (done.stdout if arguments[1] == BARE else done.stderr).split()
    return elapsed, int(output[-1])


def cold(folder: Path, pdf_memory: bool) -> None:
    bare = ["-c", BARE, str(SEED), str(SCHEMA)]
    baseline = statistics.median(child(bare)[0] for _ in range(3))
    print(f"cold, seed, median of 3 vs bare python -c yaml+jsonschema ({baseline:.2f} s):")
    for name, extra in (("check --no-pdf", ["--no-pdf"]), ("check", [])):
        seconds_ = statistics.median(
            child(["-c", PEAK, "check", *extra, str(SEED)])[0] for _ in range(3))
        print(f"  {name:16} {seconds_ / baseline:5.1f}x ({seconds_:.2f} s)")
    large = deal_file(1, 1000, folder)
    bare_kb = child(bare)[1]
    runs = [("check --no-pdf", ["--no-pdf"])] + ([("check", [])] if pdf_memory else [])
    for name, extra in runs:
        kb = child(["-c", PEAK, "check", *extra, str(large)])[1]
        print(f"peak memory, 1,000 investors, {name}: {kb / bare_kb:.1f}x the bare process "
              f"({kb / 1024:.0f} MB vs {bare_kb / 1024:.0f} MB)")


def main() -> None:
    quick = "--quick" in sys.argv
    series = {"notes": [1, 10, 50] if quick else [1, 10, 50, 200],
              "investors": [1, 100] if quick else [1, 100, 1000]}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        seconds(1, 1, folder)  # warm up: imports, template loading
        for what, sizes in series.items() if "--cold-only" not in sys.argv else ():
            runs = [seconds(size, 1, folder) if what == "notes" else seconds(1, size, folder)
                    for size in sizes]
            for stage, times in zip(("render", "check"), zip(*runs)):
                print(f"{what:9} {stage:6}: " + ", ".join(
                    f"{size}: {time / times[0]:.1f}x" for size, time in zip(sizes, times))
                    + f" (1 = {times[0]:.2f} s); growth exponent k = "
                    f"{fitted_exponent(sizes, times):.2f}, last step "
                    f"{fitted_exponent(sizes[-2:], times[-2:]):.2f}")
        if "--no-cold" not in sys.argv:
            cold(folder, "--pdf-memory" in sys.argv)


if __name__ == "__main__":
    main()
