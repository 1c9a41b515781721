"""The stages in order: load → validate → model → facts → rules. `check` and `build` both start
here, so they can never disagree about what a deal file says."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from . import read_deal, rules
from .calendar import SecCalendar
from .config import load_config
from .facts import Facts, derive
from .load import load_bytes
from .model import Deal
from .problems import Problem, ProblemsFound, Severity, UsageError
from .validate import deal_from


def _with_house_style(deal: Deal) -> Deal:
    """The deal with the folder of its house-style templates, if it has one: its own
    `templates`, or else that of [tool.dealdocs] in the pyproject.toml nearest the deal file.
    A folder that is not there is an error at its line, not a silent fall-back to the shipped
    wording."""
    if deal.templates is None:
        configured = load_config(Path(deal.source.file).resolve().parent).templates
        if configured is None:
            return deal
        if not configured.is_dir():
            raise UsageError(f"{configured}: no such folder (the house-style templates named "
                             "by `templates` in [tool.dealdocs])")
        return dataclasses.replace(deal, templates=str(configured.resolve()))
    if not deal.template_folder.is_dir():
        raise ProblemsFound([Problem(
            "check.templates", Severity.ERROR, f"templates: {deal.template_folder} is not a "
            "folder; expected the folder of house-style templates, relative to the deal file",
            deal.source.locate(("templates",)), "templates")])
    return deal


@dataclass(frozen=True)
class Analysis:
    deal: Deal
    facts: Facts
    findings: tuple[Problem, ...]

    @property
    def has_errors(self) -> bool:
        return any(finding.is_error for finding in self.findings)


def analyse(path: str | Path, calendar: SecCalendar) -> Analysis:
    """Raises ProblemsFound if the file is not a valid deal, UsageError if it cannot be read."""
    return _analysed(read_deal(path), calendar)


def analyse_bytes(raw: bytes, file: str, calendar: SecCalendar) -> Analysis:
    """The same for a deal file's bytes read elsewhere (from git, say); `file` names it in
    messages. Raises ProblemsFound if the bytes are not a valid deal."""
    return _analysed(deal_from(load_bytes(raw, file)), calendar)


def _analysed(deal: Deal, calendar: SecCalendar) -> Analysis:
    deal = _with_house_style(deal)
    facts = derive(deal, calendar)
    return Analysis(deal, facts, rules.evaluate(deal, facts))
