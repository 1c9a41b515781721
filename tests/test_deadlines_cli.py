"""`python build.py deadlines DATE [--format text|json]`.

The expected dates come from the hand-written table tests/rules/data/sec_deadlines.csv.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dealdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _rows():
    with open(ROOT / "tests" / "rules" / "data" / "sec_deadlines.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [pytest.param(row["date"], row["form_8k_due"], row["form_d_due"],
                         id=f"{row['date']} {row['why']}") for row in csv.DictReader(lines)]


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path, monkeypatch):
    # The command reads [tool.dealdocs] from pyproject.toml in the working directory or above;
    # run where there is none, so only the shipped calendar counts.
    monkeypatch.chdir(tmp_path)


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(["deadlines", *arguments])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("day, form_8k, form_d", _rows())
def test_json_gives_both_due_dates(capsys, day, form_8k, form_d):
    code, out, err = run(capsys, day, "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["form_8k_due"] == form_8k
    assert document["form_d_due"] == form_d
    assert document["date"] == day


def test_json_explains_the_dates(capsys):
    code, out, _ = run(capsys, "2019-01-19", "--format", "json")  # a Saturday before MLK Day
    document = json.loads(out)
    assert code == 0
    assert document["business_day"] is False
    assert document["closure"] == "Saturday"
    assert document["form_8k_due"] == "2019-01-25"
    assert {"date": "2019-01-21", "reason": "Martin Luther King Jr. Day"} in \
        document["form_8k_closed_days"]
    assert document["form_d_fifteenth_day"] == "2019-02-03"  # a Sunday
    assert document["form_d_due"] == "2019-02-04"
    assert document["form_8k_due_if_sec_open"] is None
    assert len(document["notes"]) == 2


def test_json_gives_the_earlier_date_when_a_closure_is_unverified(capsys):
    _, out, _ = run(capsys, "2024-12-20", "--format", "json")
    document = json.loads(out)
    assert document["form_8k_due"] == "2024-12-30"
    assert document["form_8k_due_if_sec_open"] == "2024-12-27"
    assert "not confirmed for the SEC" in document["notes"][0]


def test_text_says_why(capsys):
    code, out, _ = run(capsys, "2019-01-18")
    assert code == 0
    assert out == (
        "Form 8-K is due Friday, January 25, 2019: the 4th business day after the event on "
        "Friday, January 18, 2019; Monday, January 21, 2019 is Martin Luther King Jr. Day, so the "
        "count skips it.\n"
        "Form D is due Monday, February 4, 2019: 15 calendar days after the first sale on Friday, "
        "January 18, 2019 is Saturday, February 2, 2019, when the SEC is closed, so the due date "
        "is the next business day.\n")


def test_text_for_the_seed_date(capsys):
    code, out, _ = run(capsys, "2019-01-11", "--format", "text")
    assert code == 0
    assert "Form 8-K is due Thursday, January 17, 2019" in out
    assert "Form D is due Monday, January 28, 2019" in out


@pytest.mark.parametrize("bad", ["2019-13-01", "2019-02-30", "01/11/2019", "20190111", "soon", ""])
def test_a_bad_date_is_a_usage_error(capsys, bad):
    with pytest.raises(SystemExit) as exit_:
        main(["deadlines", bad])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "DATE" in err and "date" in err


def test_a_date_outside_the_calendar_is_a_usage_error(capsys):
    code, out, err = run(capsys, "2100-12-31")
    assert code == 2
    assert out == ""
    assert err.startswith("dealdocs: error: cannot compute deadlines for 2100-12-31")


def test_a_missing_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["deadlines"])
    assert exit_.value.code == 2


def test_configured_closures_count(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.dealdocs]\n"
        "extra_sec_closures = [{date = 2026-12-24, reason = \"Executive order\"}]\n",
        encoding="utf-8")
    _, out, _ = run(capsys, "2026-12-21", "--format", "json")
    # Tue 22, Wed 23, (Thu 24 configured, Fri 25 Christmas), Mon 28, Tue 29
    assert json.loads(out)["form_8k_due"] == "2026-12-29"


def test_build_py_runs_the_command():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "deadlines", "2019-01-11",
                             "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                            check=False)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["form_8k_due"], document["form_d_due"]) == ("2019-01-17", "2019-01-28")
    assert date.fromisoformat(document["date"]) == date(2019, 1, 11)
