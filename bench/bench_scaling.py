"""How cost grows with the deal: python bench/bench_scaling.py [--quick]

Not part of the test run. Makes deals of 1, 10, 50 and 200 notes (one investor each) and of 1, 100
and 1,000 investors (one note), by repeating the seed's note and investor, and times the analysis
and the three DOCX renders of each, in process. Prints each time as a ratio to the one-note
(one-investor) deal measured in the same run, and the fitted growth exponent k in time ∝ size^k
(k = 1 is linear; k = 2 quadratic). --quick stops at 50 notes and 100 investors.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
import time
from pathlib import Path

from dealdocs.calendar import default_calendar
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


def seconds(notes: int, investors: int, folder: Path) -> float:
    path = folder / f"deal-{notes}-{investors}.yaml"
    path.write_text(scaled_deal(notes, investors))
    start = time.perf_counter()
    analysis = analyse(path, default_calendar())
    render_documents(analysis.deal, analysis.facts, analysis.findings, ("docx",))
    return time.perf_counter() - start


def fitted_exponent(sizes: list[int], times: list[float]) -> float:
    xs, ys = [math.log(size) for size in sizes], [math.log(time) for time in times]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
            / sum((x - mean_x) ** 2 for x in xs))


def main() -> None:
    quick = "--quick" in sys.argv
    series = {"notes": [1, 10, 50] if quick else [1, 10, 50, 200],
              "investors": [1, 100] if quick else [1, 100, 1000]}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        seconds(1, 1, folder)  # warm up: imports, template loading
        for what, sizes in series.items():
            times = [seconds(size, 1, folder) if what == "notes" else seconds(1, size, folder)
                     for size in sizes]
            print(f"{what}: " + ", ".join(f"{size}: {time / times[0]:.1f}x"
                                          for size, time in zip(sizes, times))
                  + f" (1 = {times[0]:.2f} s); growth exponent k = "
                  f"{fitted_exponent(sizes, times):.2f}")


if __name__ == "__main__":
    main()
