"""How `check` reports problems and findings: text for people, JSON, JUnit XML and GitHub
annotations for CI. Formatting only; the work happens elsewhere."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from .problems import Problem, Severity


@dataclass(frozen=True)
class FileReport:
    """What `check` found in one deal file."""

    file: str
    problems: tuple[Problem, ...] = ()  # the file or its documents are wrong
    findings: tuple[Problem, ...] = ()  # what the compliance rules say

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
    counts = {severity: sum(p.severity is severity for r in reports for p in r.problems + r.findings)
              for severity in Severity}
    summary = ", ".join(f"{n} {severity.value}{'s' if n != 1 and severity is not Severity.INFO else ''}"
                        for severity, n in counts.items() if n)
    files = f"{len(reports)} deal file{'s' if len(reports) != 1 else ''} checked"
    verdict = "OK" if all(r.ok for r in reports) else "FAILED"
    lines.append(f"{verdict}: {files}" + (f": {summary}" if summary else ""))
    return "\n".join(lines) + "\n"


def render_json(reports: list[FileReport]) -> str:
    document = {
        "ok": all(r.ok for r in reports),
        "problems": [as_dict(p) for r in reports for p in r.problems],
        "findings": [as_dict(p) for r in reports for p in r.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[list[FileReport]], str]] = {
    "text": render_text,
    "json": render_json,
}
