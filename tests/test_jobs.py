"""`build -j N` and `check -j N`: deals in parallel processes, with results that do not depend on N."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dealdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEALS = sorted((ROOT / "tests" / "data" / "deals").glob("*.yaml"))[:4] + \
    [ROOT / "filings" / "ascent-solar-2019-01-11.yaml"]


def _files(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def test_build_gives_the_same_files_and_report_whatever_the_number_of_jobs(tmp_path, capsys):
    outputs, reports = [], []
    for jobs in ("1", "3"):
        out = tmp_path / jobs
        assert main(["build", *map(str, DEALS), "-o", str(out), "--format", "docx", "-j", jobs]) \
            == 0
        outputs.append(_files(out))
        reports.append(capsys.readouterr().out.replace(str(out), "OUT"))
    assert outputs[0] == outputs[1] and len(outputs[0]) >= 4 * len(DEALS)
    assert reports[0] == reports[1]
    assert [line.split(":")[0] for line in reports[0].splitlines()] == list(map(str, DEALS))


def test_check_gives_the_same_report_whatever_the_number_of_jobs(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(DEALS[-1].read_text().replace('principal: "330000"', "principal: 330000"))
    reports = []
    for jobs in ("1", "2"):
        code = main(["check", "--no-pdf", "--format", "json", "-j", jobs, str(broken),
                     *map(str, DEALS)])
        assert code == 1  # the broken file fails the run in either case
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0] == reports[1]


@pytest.mark.parametrize("jobs", ["0", "-1", "two", ""])
def test_jobs_must_be_a_positive_whole_number(jobs, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["build", "-j", jobs])
    assert exit.value.code == 2
    assert "expected a whole number of at least 1" in capsys.readouterr().err


def test_ctrl_c_stops_every_worker_and_leaves_whole_sets(tmp_path):
    out = tmp_path / "out"
    every = sorted((ROOT / "tests" / "data" / "deals").glob("*.yaml"))  # long enough to stop
    command = [sys.executable, str(ROOT / "build.py"), "build", *map(str, every), "-o", str(out),
               "--format", "docx", "-j", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    time.sleep(2)  # some deals written, others being rendered
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to the parent and every worker
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 2 and errors.startswith("dealdocs: interrupted"), errors
    assert len(errors.splitlines()) == 1  # no worker's traceback
    time.sleep(0.5)
    workers = subprocess.run(["pgrep", "-f", str(out)], capture_output=True, text=True).stdout
    assert workers == ""  # every worker is gone
    for directory in out.iterdir() if out.exists() else ():
        if directory.name.startswith("."):
            continue  # a killed worker's hidden folder: the next build deletes it
        files = _files(directory)
        listed = json.loads(files.pop("manifest.json"))["files"]
        assert sorted(files) == sorted(listed), directory
