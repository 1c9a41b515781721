"""How `check` reports problems and findings: text for people, JSON, JUnit XML and GitHub
annotations for CI. Formatting only; the work happens elsewhere."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Callable

from .problems import Problem, Severity

# The JUnit test case that load, schema and structural problems belong to.
DEAL_VALID = "deal.valid"


@dataclass(frozen=True)
class FileReport:
    """What `check` found in one deal file."""

    file: str
    problems: tuple[Problem, ...] = ()  # the file or its documents are wrong
    findings: tuple[Problem, ...] = ()  # what the compliance rules say
    checks: tuple[str, ...] = ()  # the ids of the checks run, passed or not (JUnit test cases)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems + self.findings)


def as_dict(problem: Problem) -> dict:
    item = {
        "id": problem.id,
        "severity": problem.severity.value,
        "message": problem.message,
        "file": problem.location.file,
        "line": problem.location.line,
        "column": problem.location.column,
        "field": problem.field,
    }
    if problem.citation:
        item["citation"] = problem.citation
    if problem.status is not None:
        item["status"] = problem.status.value
    if problem.requirement:
        item["requirement"] = problem.requirement
    if problem.evidence:
        item["evidence"] = problem.evidence
    if problem.due is not None:
        item["due"] = problem.due.isoformat()
    if problem.unverified:
        item["unverified"] = True
    return item


def text_line(problem: Problem) -> str:
    where = f"{problem.field}: " if problem.field else ""
    cite = f" [{problem.citation}]" if problem.citation else ""
    flag = " (rests on an unverified fact)" if problem.unverified else ""
    return f"{problem.location}: {problem.severity.value}: {where}{problem.message}{cite}{flag}"


def render_text(reports: list[FileReport]) -> str:
    lines = [text_line(p) for report in reports for p in report.problems + report.findings]
    lines.append(summary_line(reports))
    return "\n".join(lines) + "\n"


def summary_line(reports: list[FileReport]) -> str:
    """OK: 1 deal file checked: 5 actions, 15 warnings, 19 info."""
    counts = {severity: sum(p.severity is severity for r in reports for p in r.problems + r.findings)
              for severity in Severity}
    summary = ", ".join(f"{n} {severity.value}{'s' if n != 1 and severity is not Severity.INFO else ''}"
                        for severity, n in counts.items() if n)
    files = f"{len(reports)} deal file{'s' if len(reports) != 1 else ''} checked"
    verdict = "OK" if all(r.ok for r in reports) else "FAILED"
    return f"{verdict}: {files}" + (f": {summary}" if summary else "")


def render_json(reports: list[FileReport]) -> str:
    document = {
        "ok": all(r.ok for r in reports),
        "problems": [as_dict(p) for r in reports for p in r.problems],
        "findings": [as_dict(p) for r in reports for p in r.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- JUnit XML ------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry, even escaped; a snippet of an outside PDF may hold some.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit_cases(report: FileReport) -> dict[str, list[Problem]]:
    """Check id → the problems and findings under it, one entry per check run (in order), so a
    passing deal still lists its checks. A problem whose id is not a check run (load, schema and
    structural problems) belongs to "deal.valid"."""
    cases: dict[str, list[Problem]] = {name: [] for name in report.checks}
    if not cases:
        cases[DEAL_VALID] = []
    for problem in report.problems + report.findings:
        cases.setdefault(problem.id if problem.id in cases else DEAL_VALID, []).append(problem)
    return cases


def render_junit(reports: list[FileReport]) -> str:
    """JUnit XML: a <testsuite> per deal file, a <testcase> per check; an error is a <failure>,
    other findings go to the test case's <system-out>."""
    root = ElementTree.Element("testsuites", name="dealdocs check")
    total = failed = 0
    for report in reports:
        cases = junit_cases(report)
        suite = ElementTree.SubElement(root, "testsuite", name=_xml_text(report.file))
        failures = 0
        for name, problems in cases.items():
            case = ElementTree.SubElement(suite, "testcase", name=_xml_text(name),
                                          classname=_xml_text(report.file),
                                          file=_xml_text(report.file))
            errors = [p for p in problems if p.is_error]
            if errors:
                failures += 1
                first = errors[0]
                failure = ElementTree.SubElement(
                    case, "failure", type="error",
                    message=_xml_text(f"{first.location}: {_with_field(first)}"
                                      + (f" (and {len(errors) - 1} more)" if len(errors) > 1
                                         else "")))
                failure.text = _xml_text("\n".join(text_line(p) for p in errors))
            others = [p for p in problems if not p.is_error]
            if others:
                output = ElementTree.SubElement(case, "system-out")
                output.text = _xml_text("\n".join(text_line(p) for p in others))
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += len(cases)
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ElementTree.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ElementTree.tostring(root, encoding="unicode") + "\n")


def _with_field(problem: Problem) -> str:
    return (f"{problem.field}: " if problem.field else "") + problem.message


# --- GitHub Actions workflow commands -----------------------------------------------------------

_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.ACTION: "notice"}


def github_escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped (actions/toolkit, command.ts)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """A workflow command's property value: also : and , escaped."""
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str | None:
    """`::error file=F,line=L,col=C,title=ID::message` for an error; ::warning for a warning,
    ::notice for an action; None for information, which would only bury the rest."""
    level = _GITHUB_LEVELS.get(problem.severity)
    if level is None:
        return None
    location = problem.location
    properties = ",".join(f"{key}={github_escape_property(str(value))}" for key, value in (
        ("file", location.file), ("line", location.line), ("col", location.column),
        ("title", problem.id)))
    cite = f" [{problem.citation}]" if problem.citation else ""
    return f"::{level} {properties}::{github_escape_data(_with_field(problem) + cite)}"


def render_github(reports: list[FileReport]) -> str:
    """GitHub Actions annotations, one per error, warning and action, then the text summary."""
    lines = [line for report in reports for p in report.problems + report.findings
             if (line := github_line(p)) is not None]
    return "\n".join([*lines, summary_line(reports)]) + "\n"


RENDERERS: dict[str, Callable[[list[FileReport]], str]] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "github": render_github,
}
