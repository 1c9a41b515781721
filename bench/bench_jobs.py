"""Parallel builds: python bench/bench_jobs.py [deals]

Not part of the test run. Builds N deal files (default 20: the example deals and the seed,
repeated under new names) with `build -j 1` and with `build -j <cores>`, each as a fresh process,
and prints the parallel time as a ratio to the one-process time measured in the same run
(the goal, on 2 cores: 1.8x faster or better).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def deal_files(count: int, folder: Path) -> list[Path]:
    sources = sorted((ROOT / "tests" / "data" / "deals").glob("*.yaml")) + \
        sorted((ROOT / "filings").glob("*.yaml"))
    copies = []
    for number in range(count):
        copy = folder / f"deal-{number:03}-{sources[number % len(sources)].name}"
        shutil.copyfile(sources[number % len(sources)], copy)
        copies.append(copy)
    return copies


def seconds_to_build(files: list[Path], jobs: int, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", *map(str, files), "-o",
                    str(output), "-j", str(jobs), "--no-cache"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        files = deal_files(count, Path(folder))
        one = seconds_to_build(files, 1, Path(folder) / "one")
        many = seconds_to_build(files, cores, Path(folder) / "many")
    print(f"{count} deals, DOCX and PDF: -j {cores} is {one / many:.2f}x as fast as -j 1 "
          f"({many:.1f} s vs {one:.1f} s)")


if __name__ == "__main__":
    main()
