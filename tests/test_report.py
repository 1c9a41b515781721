"""The reporters: JUnit XML parsed back, GitHub annotations with file and line; text and JSON as
they were."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from functools import cache
from pathlib import Path

from dealdocs import consistency
from dealdocs.cli import check_file, main
from dealdocs.problems import Location, Problem, Severity, Status
from dealdocs.report import (DEAL_VALID, RENDERERS, FileReport, github_escape_data,
                             github_escape_property, github_line, render_github, render_json,
                             render_junit, render_text, junit_cases)

from tampering import SEED

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad" / "check-holder-not-investor.yaml"


@cache
def seed_report() -> FileReport:
    return check_file(SEED, pdf=False)


@cache
def bad_report() -> FileReport:
    return check_file(BAD, pdf=False)


def _problem(severity: Severity, message: str, id_: str = "consistency.term", field: str = "",
             file: str = "filings/x.yaml", line: int = 3, column: int = 7) -> Problem:
    return Problem(id_, severity, message, Location(file, line, column), field=field)


# ---------------------------------------------------------------------------------------------
# JUnit XML


def test_junit_parses_back_with_a_suite_per_deal_and_a_case_per_check():
    reports = [seed_report(), bad_report()]
    root = ElementTree.fromstring(render_junit(reports))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [str(SEED), str(BAD)]
    seed, bad = suites
    names = [case.get("name") for case in seed.findall("testcase")]
    assert len(names) == len(set(names))
    assert {DEAL_VALID, *consistency.CHECKS, "form_8k.due"} - set(names) == {consistency.PDF}
    assert all(case.get("classname") == str(SEED) for case in seed.findall("testcase"))
    # The seed passes: no failures, its warnings are in the test cases' output.
    assert seed.get("failures") == "0" and seed.findall("testcase/failure") == []
    [title] = [case for case in seed.findall("testcase") if case.get("name") ==
               consistency.EXHIBIT_TITLE]
    assert "warning: form_8k.exhibits[0].title: Exhibit 10.1 is titled" in title.find(
        "system-out").text
    # The bad file fails its validity check, with file:line:col.
    assert bad.get("failures") == "1"
    [case] = bad.findall("testcase")
    assert case.get("name") == DEAL_VALID
    failure = case.find("failure")
    assert re.match(rf"{re.escape(str(BAD))}:\d+:\d+: notes\[0\]\.holder: ", failure.get("message"))
    assert failure.text.count(": error: ") == 1
    assert root.get("tests") == str(len(names) + 1) and root.get("failures") == "1"
    assert seed.get("tests") == str(len(names))


def test_junit_counts_one_failure_per_failing_check_and_carries_every_error():
    problems = (_problem(Severity.ERROR, "first"), _problem(Severity.ERROR, "second"),
                _problem(Severity.WARNING, "only a warning", id_="consistency.defined-term"))
    report = FileReport("filings/x.yaml", problems, checks=("deal.valid", "consistency.term",
                                                            "consistency.defined-term"))
    suite = ElementTree.fromstring(render_junit([report])).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    failure = suite.find("testcase[@name='consistency.term']/failure")
    assert failure.get("message") == "filings/x.yaml:3:7: first (and 1 more)"
    assert failure.text.splitlines() == ["filings/x.yaml:3:7: error: first",
                                         "filings/x.yaml:3:7: error: second"]
    assert suite.find("testcase[@name='consistency.defined-term']/failure") is None


def test_junit_is_valid_xml_whatever_the_message():
    hostile = 'a < b & "c" \x01 \x0b ]]> \ufffe é'
    report = FileReport('deals/<odd> & "name".yaml', (_problem(Severity.ERROR, hostile),))
    root = ElementTree.fromstring(render_junit([report]))
    failure = root.find("testsuite/testcase/failure")
    assert "a < b & \"c\"" in failure.get("message") and "]]>" in failure.text
    assert root.find("testsuite").get("name") == 'deals/<odd> & "name".yaml'


def test_a_report_without_checks_still_has_a_case():
    assert list(junit_cases(FileReport("x.yaml"))) == [DEAL_VALID]


def test_check_writes_junit(capsys):
    assert main(["check", "--no-pdf", "--format", "junit", str(SEED)]) == 0
    root = ElementTree.fromstring(capsys.readouterr().out)
    assert root.get("failures") == "0" and int(root.get("tests")) > 40
    names = {case.get("name") for case in root.iter("testcase")}
    assert consistency.PDF not in names  # not run: no test case that would pass vacuously


# ---------------------------------------------------------------------------------------------
# GitHub annotations

ANNOTATION = re.compile(r"::(?P<level>error|warning|notice) file=(?P<file>[^,]+),"
                        r"line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^:,]+)::"
                        r"(?P<message>.+)")


def test_github_annotations_carry_file_and_line():
    out = render_github([seed_report(), bad_report()])
    *lines, summary = out.splitlines()
    assert summary.startswith("FAILED: 2 deal files checked: 1 error")
    matches = [ANNOTATION.fullmatch(line) for line in lines]
    assert all(matches), lines
    [error] = [m for m in matches if m["level"] == "error"]
    assert error["file"] == str(BAD) and int(error["line"]) > 1 and error["title"] == \
        "check.unknown-holder"
    [title] = [m for m in matches if m["title"] == consistency.EXHIBIT_TITLE]
    assert title["level"] == "warning" and title["file"] == str(SEED)
    line = SEED.read_text(encoding="utf-8").splitlines()[int(title["line"]) - 1]
    assert line.strip().startswith("title: Unsecured Promissory Note")
    assert title["message"].startswith("form_8k.exhibits[0].title: Exhibit 10.1 is titled")
    # Actions are notices; information is left out.
    assert {m["level"] for m in matches} == {"error", "warning", "notice"}
    assert len(lines) == sum(p.severity is not Severity.INFO for r in (seed_report(), bad_report())
                             for p in r.problems + r.findings)


def test_github_escapes_data_and_properties():
    assert github_escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert github_escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    problem = _problem(Severity.ERROR, "rate is 10%\nnot 12%", field="notes[0].x",
                       file="deals/a,b:c.yaml", line=12, column=3)
    assert github_line(problem) == ("::error file=deals/a%2Cb%3Ac.yaml,line=12,col=3,"
                                    "title=consistency.term::notes[0].x: rate is 10%25%0Anot 12%25")
    assert github_line(_problem(Severity.INFO, "fine")) is None
    assert github_line(_problem(Severity.ACTION, "file it")).startswith("::notice ")


def test_check_writes_github_annotations_and_fails_on_an_error(capsys):
    assert main(["check", "--no-pdf", "--format", "github", str(SEED), str(BAD)]) == 1
    out = capsys.readouterr().out
    assert out.count("::error ") == 1 and f"::error file={BAD}," in out


# ---------------------------------------------------------------------------------------------
# Text and JSON stay as they are


def test_text_and_json_are_unchanged_by_the_checks_list():
    problem = _problem(Severity.ERROR, "wrong", field="notes[0].principal")
    finding = Problem("form_8k.due", Severity.ACTION, "file it", Location("x.yaml", 1, 1),
                      status=Status.ACTION_REQUIRED, citation="Rule 1")
    plain = FileReport("x.yaml", (problem,), (finding,))
    listed = FileReport("x.yaml", (problem,), (finding,), checks=("a", "b"))
    assert render_text([plain]) == render_text([listed]) == (
        "filings/x.yaml:3:7: error: notes[0].principal: wrong\n"
        "x.yaml:1:1: action: file it [Rule 1]\n"
        "FAILED: 1 deal file checked: 1 error, 1 action\n")
    assert render_json([plain]) == render_json([listed])
    assert set(json.loads(render_json([plain]))) == {"ok", "problems", "findings"}


def test_every_format_is_offered():
    assert set(RENDERERS) == {"text", "json", "junit", "github"}
