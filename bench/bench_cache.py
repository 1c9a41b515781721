"""The build cache: python bench/bench_cache.py [rounds]

Not part of the test run. Builds the seed, each time as a fresh process with a cache of its own:
a full build (the cache empty), a rebuild with nothing changed (out/<deal>/ already holds the
set: nothing is written), and a rebuild into an empty output directory (the cached set is
written through the atomic switch). Prints the median of each, and the two rebuilds as a ratio
to the full build measured in the same run (the goal: 5% or less).
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

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"


def seconds(output: Path, environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", str(SEED), "-o",
                    str(output), "-j", "1"], check=True, stdout=subprocess.DEVNULL,
                   env=environment)
    return time.perf_counter() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    full, unchanged, fresh = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for number in range(rounds):
            cache = folder / f"cache-{number}"
            environment = {**os.environ, "DEALDOCS_CACHE_DIR": str(cache)}
            environment.pop("DEALDOCS_NO_CACHE", None)
            full.append(seconds(folder / "out", environment))
            unchanged.append(seconds(folder / "out", environment))
            shutil.rmtree(folder / "out")
            fresh.append(seconds(folder / "out", environment))
    base = statistics.median(full)
    print(f"full build (empty cache):            {base:6.2f} s")
    for label, times in (("rebuild, nothing changed:          ", unchanged),
                         ("rebuild into an empty out/:        ", fresh)):
        median = statistics.median(times)
        print(f"{label} {median:6.2f} s  {median / base:6.1%} of a full build")


if __name__ == "__main__":
    main()
