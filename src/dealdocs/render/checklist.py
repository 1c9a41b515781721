"""The checklist a paralegal works from, made from the findings of the rules.

Page 1 lists the open actions (action required, needs input), numbered in order of due date with
the undated last, each with its owner. What is met or does not apply goes to an appendix, grouped
by regime; a rule that cannot apply to this offering at all (a condition of an exemption it does
not claim) is left out.

The rules' messages are also what `check` prints, written for whoever edits the deal file: they
name fields by their YAML paths. The checklist's plain words are made here, in one place: a path
becomes the fact it holds in words (and follows in small type, for whoever edits the file), a due
date the Due column gives is not repeated in the text, and what the program assumes becomes what
the reader must confirm.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable, Iterable

from .. import display
from ..problems import Problem, Status
from ..rules import REGIMES
from ..validate import schema
from .phrases import WORDS

OPEN = (Status.ACTION_REQUIRED, Status.NEEDS_INPUT)

# --- who does it -------------------------------------------------------------------------------

COUNSEL = "Counsel"
CFO = "Company's CFO"
PARALEGAL = "Paralegal"
FILER = "Paralegal / filing agent"

# Who owns a finding, by its rule id or else its regime (the id's first part): the one who does
# what an action requires, and the one who supplies what a finding needing input asks for.
OWNERS: dict[str, tuple[str, str]] = {
    "form_8k": (COUNSEL, COUNSEL),
    "form_8k.due": (FILER, FILER),
    "form_8k.timely": (FILER, FILER),
    "form_8k.period-end-date": (FILER, FILER),
    "form_8k.cover-facts": (PARALEGAL, PARALEGAL),
    "form_8k.item-3.02": (COUNSEL, CFO),  # the share counts and the market price at signing
    "reg_d": (COUNSEL, COUNSEL),
    "reg_d.bad-actor-covered-persons": (COUNSEL, CFO),  # the Company knows its officers
    "form_d": (FILER, PARALEGAL),
    "form_d.contents": (FILER, CFO),  # officers, directors, placement fees
    "form_d.signature": (COUNSEL, COUNSEL),
    "state": (FILER, PARALEGAL),
    "resale": (COUNSEL, PARALEGAL),
    "exchange": (COUNSEL, COUNSEL),
    "exchange.share-reserve": (CFO, CFO),  # the authorized, issued and reserved shares
    "drafting": (PARALEGAL, PARALEGAL),
    "drafting.ranking": (COUNSEL, COUNSEL),
}


def owner(finding: Problem) -> str:
    does, supplies = OWNERS.get(finding.id) or OWNERS.get(regime(finding), (COUNSEL, COUNSEL))
    return supplies if finding.status is Status.NEEDS_INPUT else does


def regime(finding: Problem) -> str:
    return finding.id.split(".", 1)[0]


# --- the appendix's groups -----------------------------------------------------------------------

REGIME_TITLES = {
    "form_8k": "Form 8-K",
    "reg_d": "Regulation D",
    "form_d": "Form D",
    "state": "State notice filings",
    "resale": "Resale",
    "exchange": "Exchange rules and authorized shares",
    "drafting": "Drafting",
}

# A rule says it does not apply "because the offering does not rely on Rule 506(b)" (or 506(c),
# 506, 504): a condition of an exemption the deal does not claim, which cannot apply to it.
# "No Form D: the offering does not rely on Regulation D" stays: it is a conclusion the reader
# needs (no filing is due), not a condition of an unclaimed exemption.
_UNCLAIMED = re.compile(r"\bdoes not rely on Rule 50[46]\b")


def cannot_apply(finding: Problem) -> bool:
    return finding.status is Status.NOT_APPLICABLE and bool(_UNCLAIMED.search(finding.message))


# --- facts in words ------------------------------------------------------------------------------

# The fact a field holds, in words; looked up by the path's last parts (indexes dropped), the
# longest first. A field not listed reads as its name in words ("the industry group").
FACT_WORDS = {
    "shares_outstanding": "the number of shares outstanding before the deal",
    "shares_authorized": "the number of shares the charter authorizes",
    "shares_reserved": "the number of shares reserved for other purposes",
    "conversion_measure_price": "the value of the conversion measure at signing",
    "market_data": "the market prices before signing",
    "issuer.website": "the Company's website address",
    "reporting_since": "the date the Company began reporting to the SEC",
    "current_in_reports": "whether the Company is current in its SEC reports",
    "covered_persons": "the Company's directors, executive officers, 20% holders and promoters",
    "accredited_basis": "the paragraph of Rule 501(a) under which the investor is accredited",
    "offering_ongoing": "whether the offering is still open",
    "accession_number": "the accession number of the Form D on file",
    "form_d": "the Form D inputs",
    "interest.day_count": "the interest day count",
    "prepayment.permitted": "whether the note may be prepaid",
    "governing_law": "the governing law",
    "form_d.industry_group": "the Form D industry group",
    "form_d.revenue_range": "the Form D revenue range",
    "form_d.related_persons": "the Form D related persons",
    "form_d.proceeds_to_related_persons": "the Form D proceeds paid to related persons",
    "form_d.signature_date": "the Form D signature date",
    "investors.state": "the investor's state",
}


def fact_words(path: str) -> str:
    """The fact a deal-file path holds, in words: 'the number of shares outstanding before the
    deal' for issuer.common_stock.shares_outstanding."""
    parts = re.sub(r"\[\d+\]", "", path).split(".")
    for start in range(len(parts)):
        words = FACT_WORDS.get(".".join(parts[start:]))
        if words:
            return words
    return "the " + parts[-1].replace("_", " ")


_TOP_LEVEL = frozenset(schema()["properties"])  # the deal file's top-level keys


def _top_level_keys() -> str:
    return "|".join(sorted(_TOP_LEVEL, key=len, reverse=True))


_SEGMENT = r"[a-z][a-z0-9_]*(?:\[\d+\])*"
# A deal-file path: a top-level key with an index or a dotted part (bare "notes" is a word), or
# any snake_case name ("shares_reserved"); not part of a file name ("form-d/primary_doc.xml").
_PATH = re.compile(rf"(?<![\w/.-])(?:(?:{_top_level_keys()})(?:\[\d+\])*(?:\.{_SEGMENT})+"
                   rf"|(?:{_top_level_keys()})\[\d+\](?:\.{_SEGMENT})*"
                   rf"|[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\[\d+\])*(?:\.{_SEGMENT})*)"
                   r"(?![\w/-]|\.\w)")
_PARENTHESIZED_PATH = re.compile(rf" \((?P<path>{_PATH.pattern})\)")


def _value_words(field: str, value: str) -> str | None:
    """A value as the deal file spells it ('actual_365', 'false', '2019-01-25'), in words; None
    for a value the message could not show ('see the file')."""
    if value == "see the file":
        return None
    if value in ("true", "false"):
        return "yes" if value == "true" else "no"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return str(display.Day(date.fromisoformat(value)))
    leaf = re.sub(r"\[\d+\]", "", field).rsplit(".", 1)[-1]
    return WORDS.get(leaf, {}).get(value) or value.replace("_", " ")


# --- the plain words of a finding ----------------------------------------------------------------


def _placeholder(match: re.Match) -> str:
    value = _value_words(match["path"], match["value"])
    now = f" (the deal file now says {value})" if value else ""
    return (f"Confirm {fact_words(match['path'])} against the executed documents before "
            f"filing{now}")


def _give(match: re.Match) -> str:
    them = "them" if " and " in match["facts"] else "it"
    return f"Give {match['facts']}: without {them}, this checklist cannot {match['verb']} " \
        f"{match['what']}"


def _form_d_gap(match: re.Match) -> str:
    """'Form D cannot be written without the Form D inputs (year of incorporation, …)': the
    deal file's section of them is not named as a section."""
    if match["inputs"]:
        return f"Form D cannot be written without the {match['inputs']} ({match['list']})"
    return f"Form D cannot be written without {match['what']}"


def _unknown(match: re.Match) -> str:
    return (f"Give {fact_words(match['path'])}: the documents show a blank in brackets until it "
            "is given")


# Messages whose whole wording changes: each pattern matches the rule's message exactly.
_REWRITES: tuple[tuple[re.Pattern, Callable[[re.Match], str] | str], ...] = (
    (re.compile(r"^(?P<path>\S+) is a placeholder value \((?P<value>.*)\); confirm it against the "
                r"executed documents before filing$"), _placeholder),
    (re.compile(r"^(?P<path>\S+) is not yet known \(placeholder\); the documents print it as a "
                r"blank in brackets until it is given$"), _unknown),
    (re.compile(r"^the file is written in version 1 of the deal language; .*$"),
     "Upgrade the deal file to version 2 of the deal language with the migrate command, which "
     "keeps its comments; the documents stay the same"),
    (re.compile(r"^the note is unsecured but its ranking is `senior`: (?P<why>.*); write "
                r"ranking: senior_to_future to confirm, or pari_passu$"),
     r"The note is unsecured but its ranking is given as senior: \g<why>; confirm that ranking "
     "in the deal file, or make the note rank equally (pari passu)"),
    (re.compile(r"^Form D cannot be written: \S+ missing \((?:the section of (?P<inputs>Form D "
                r"inputs): (?P<list>.*)|(?P<what>.*))\)$"), _form_d_gap),
    (re.compile(r"^Cannot (?P<verb>tell|compute) (?P<what>.+?) without (?P<facts>[^;]+)"), _give),
    (re.compile(r"^Not applicable: "), ""),  # the Status column says so
    # What the program assumes is for the reader to confirm.
    (re.compile(r"\bdealdocs takes (?P<it>.+?) to be (?P<what>[^;.]+)"),
     r"Confirm that \g<it> is \g<what>"),
    (re.compile(r"\bdealdocs does not\b"), "this checklist does not"),
)


# A filing's due-date sentence (rules/phrases.py): "Form D is due <day>: <how it is counted>",
# and, where a closure by executive order is not confirmed for the SEC, "This date assumes …".
_DUE_SENTENCE = re.compile(r"^(?:the )?(?P<what>Form [\w-]+) is due (?P<day>[A-Z][a-z]+day, "
                           r"[A-Z][a-z]+ \d{1,2}, \d{4}): (?P<how>.+?)"
                           r"(?P<caveat>\. This date assumes .*)?$")


def _file_by(match: re.Match, due: date) -> str:
    """'File the Form 8-K. How the due date is counted: …'. Where an unconfirmed closure makes
    the count's date later than the Due column's, the count ends with its date."""
    counted = "" if match["day"] == display.Day(due).long else f", which gives {match['day']}"
    caveat = (match["caveat"] or "").replace(f"is due {display.Day(due).long}",
                                             "is due on the date in the Due column")
    return f"File the {match['what']}. How the due date is counted: {match['how']}{counted}{caveat}"


def _due_once(text: str, due: date | None) -> str:
    """The text without the due date the Due column states."""
    if due is None:
        return text
    day = re.escape(display.Day(due).long)
    text = _DUE_SENTENCE.sub(lambda match: _file_by(match, due), text)
    text = re.sub(rf" is due by {day}: ", " is due ", text)
    text = re.sub(rf" by {day}, ", " due ", text)
    text = re.sub(rf" \({day}\)", "", text)  # "the first anniversary (Friday, …)"
    return re.sub(rf" by {day}\b", " by the due date", text)


def plain(text: str, due: date | None = None) -> tuple[str, list[str]]:
    """A rule's message in the checklist's words, and the deal-file paths it named."""
    paths: list[str] = []

    def keep(path: str) -> str:
        if path not in paths:
            paths.append(path)
        return path

    for pattern, replacement in _REWRITES:
        found = pattern.search(text) if "path" in pattern.groupindex else None
        if found:  # a message rewritten whole names its path only here
            keep(found["path"])
        text = pattern.sub(replacement, text)
    text = _due_once(text, due)
    text = _PARENTHESIZED_PATH.sub(lambda m: keep(m["path"]) and "", text)
    text = _PATH.sub(lambda m: fact_words(keep(m[0])), text)
    text = text.replace("`", "")
    return _sentence(text), paths


def _sentence(text: str) -> str:
    """A full sentence: a plain first word capitalized ("the note" but not "dei:…" or
    "dealdocs"), a full stop at the end."""
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.islower() and first != "dealdocs":
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


# --- the rows ------------------------------------------------------------------------------------


def _citation(finding: Problem) -> str:
    return finding.citation + (" [unverified]" if finding.unverified else "")


def _action(number: int, finding: Problem) -> dict[str, Any]:
    text, named = plain(finding.message, finding.due)
    paths = [_under(finding.field, path) for path in named] or [finding.field]
    return {
        "number": str(number),
        "due": display.Day(finding.due) if finding.due else "",
        "text": text,
        "citation": _citation(finding),
        "paths": "; ".join(path for path in paths if path),
        "owner": owner(finding),
        "status": finding.status.value,
    }


def _under(field: str, path: str) -> str:
    """A path a message names by its last part alone ("accredited_basis"), in full: the
    finding's field holds it ("investors[0].accredited_basis")."""
    if "." in path or "[" in path or not field or path in _TOP_LEVEL:
        return path
    return field if field.endswith("." + path) else f"{field}.{path}"


def _by_due_date(findings: Iterable[Problem]) -> list[Problem]:
    """In order of due date, the undated last; findings due the same day keep the rules' order."""
    return sorted(findings, key=lambda f: (f.due is None, f.due or date.max))


def _appendix(findings: Iterable[Problem]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    previous = None
    for finding in findings:
        rows = groups.setdefault(regime(finding), [])
        requirement = plain(finding.requirement)[0] if finding.id != previous else ""
        previous = finding.id
        rows.append({"requirement": requirement,
                     "citation": _citation(finding) if requirement else "",
                     "finding": plain(finding.message)[0],
                     "status": finding.status.value})
    order = list(REGIMES) + sorted(set(groups) - set(REGIMES))
    return [{"title": REGIME_TITLES.get(name, name.replace("_", " ").capitalize()),
             "rows": groups[name]} for name in order if name in groups]


# A rule open on this many like fields (one per investor, one per note …) takes one row, and its
# findings go to a schedule: a thousand investors make a schedule, not a thousand rows.
SCHEDULED_FROM = 4


def _alike(finding: Problem) -> tuple:
    return (finding.id, re.sub(r"\[\d+\]", "[]", finding.field), finding.status, finding.due)


def _rows(actions: list[Problem]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The open actions' rows, and the schedules that hold the findings of rules open on many
    like fields; a schedule's row is where its first finding would be."""
    groups: dict[tuple, list[Problem]] = {}
    for finding in actions:
        groups.setdefault(_alike(finding), []).append(finding)
    rows: list[dict[str, Any]] = []
    schedules: list[dict[str, Any]] = []
    for key, group in groups.items():
        if len(group) < SCHEDULED_FROM:
            for finding in group:
                rows.append(_action(len(rows) + 1, finding))
            continue
        row = _action(len(rows) + 1, group[0])
        number = str(len(schedules) + 1)
        kind = key[1].partition("[]")[0].rpartition(".")[2].replace("_", " ")
        row["text"] += (f" The same is open for {len(group) - 1:,} more {kind}: Schedule "
                        f"{number} lists all {len(group):,}.")
        row["paths"] = key[1]
        schedules.append({"number": number, "action": row["number"],
                          "entries": [plain(f.message, f.due)[0] for f in group]})
        rows.append(row)
    return rows, schedules


def checklist_context(findings: Iterable[Problem]) -> dict[str, Any]:
    """What the checklist template shows: `actions` for page 1, `appendix` groups after it, and
    `schedules` of the findings an action row stands for."""
    findings = [f for f in findings if f.status is not None and not cannot_apply(f)]
    actions, schedules = _rows(_by_due_date(f for f in findings if f.status in OPEN))
    return {
        "actions": actions,
        "appendix": _appendix(f for f in findings if f.status not in OPEN),
        "schedules": schedules,
    }
