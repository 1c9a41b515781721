"""Stage 2: is the deal file well formed? JSON Schema first, then the structural cross-checks.

Every schema error becomes a located `Problem` that says, in plain English, what was expected:
the schema's `title` of each kind of value ("a dollar amount in quotes …") is that sentence.
The cross-field checks run on the typed deal; they are about the file making sense (a maturity
after the issue date), not about securities law, which is the rules' business.
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Iterable, Iterator

import jsonschema
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from . import resources
from .calendar import FIRST_YEAR, LAST_YEAR
from .load import Document, Path_
from .model import Deal, Note, Schedule, build
from .problems import Location, Problem, ProblemsFound, Severity


@cache
def schema() -> dict[str, Any]:
    with open(resources.path("schemas", "deal.schema.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _whole_string_pattern(validator, pattern: str, instance: Any, subschema: dict):
    # Python's `$` also matches before a final newline, so "330000\n" would pass ^[0-9]+$;
    # a deal file's value must match its pattern exactly, up to its very last character.
    if validator.is_type(instance, "string") and not _anchored(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


_Validator = jsonschema.validators.extend(Draft202012Validator,
                                          validators={"pattern": _whole_string_pattern})


@cache
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    registry = Registry().with_resource(schema()["$id"], Resource.from_contents(schema()))
    return _Validator(schema(), registry=registry,
                      format_checker=Draft202012Validator.FORMAT_CHECKER)


# When one value breaks several keywords (an empty value: `type` and `enum`; 01/11/2019:
# `pattern` and `format`), report the first of these and only it.
_KEYWORD_ORDER = ("type", "const", "enum", "pattern", "format")


def schema_problems(document: Document) -> tuple[Problem, ...]:
    """Every schema error in the document, located and sorted, one per value."""
    errors = sorted(_leaf_errors(_validator().iter_errors(document.data)), key=_keyword_rank)
    problems: dict[tuple, Problem] = {}
    for error in errors:
        for problem in _describe(error, document):
            problems.setdefault((problem.location, problem.field), problem)
    return tuple(sorted(problems.values(), key=Problem.sort_key))


def _keyword_rank(error: jsonschema.ValidationError) -> int:
    keyword = str(error.validator)
    return _KEYWORD_ORDER.index(keyword) if keyword in _KEYWORD_ORDER else len(_KEYWORD_ORDER)


def check_schema(document: Document) -> None:
    problems = schema_problems(document)
    if problems:
        raise ProblemsFound(problems)


def _leaf_errors(errors: Iterable[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    # `if`/`then` and `allOf` wrap the real error; report what is actually wrong.
    for error in errors:
        if error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


# ---------------------------------------------------------------------------------------------
# Schema errors in plain English


def _describe(error: jsonschema.ValidationError, document: Document) -> list[Problem]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    subschema = error.schema if isinstance(error.schema, dict) else {}

    if keyword == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return [_problem("schema.required", document.source.locate(path), path + (name,),
                         f"this required field is missing; expected {_expected(_schema_at(path + (name,)))}")
                for name in missing]
    if keyword == "additionalProperties":
        allowed = sorted(subschema.get("properties", {}))
        return [_problem("schema.unknown-field", document.source.locate(path + (name,), key=True),
                         path + (name,), _unknown(name, allowed))
                for name in instance if name not in allowed]
    if keyword == "dependentRequired":
        return [_problem("schema.required", document.source.locate(path), path + (needed,),
                         f"this field is required when {'.'.join(map(str, path + (given,)))} is given")
                for given, needs in error.validator_value.items() if given in instance
                for needed in needs if needed not in instance]
    return [_problem(f"schema.{keyword}", document.source.locate(path), path,
                     _value_message(keyword, error, subschema))]


def _value_message(keyword: str, error: jsonschema.ValidationError, subschema: dict) -> str:
    found = _found(error.instance)
    if keyword == "format":
        return f"{found} is not a real calendar date; expected {_expected(subschema)}"
    if keyword == "enum":
        return _unknown_choice(error.instance, [str(choice) for choice in error.validator_value],
                               _resolved(subschema).get("title"))
    if keyword == "const":
        return f"expected {json.dumps(error.validator_value)}; found {found}"
    if keyword == "minItems":
        return f"expected at least {error.validator_value} entry; the list is empty"
    if keyword == "uniqueItems":
        return "lists the same entry more than once"
    if keyword == "minProperties":
        return f"give at least one of: {', '.join(subschema.get('properties', {}))}"
    if keyword in ("minimum", "maximum"):
        low, high = subschema.get("minimum"), subschema.get("maximum")
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        return f"expected a whole number {bounds}; found {found}"
    if keyword == "maxLength":
        return f"is too long (more than {error.validator_value} characters)"
    if keyword == "type" and error.validator_value == "string" \
            and isinstance(error.instance, (int, Decimal)) and not isinstance(error.instance, bool):
        found += " without quotes"
    return f"expected {_expected(subschema)}; found {found}"


def _expected(subschema: dict) -> str:
    subschema = _resolved(subschema)
    if "title" in subschema:
        return subschema["title"]
    if "enum" in subschema:
        return "one of: " + ", ".join(map(str, subschema["enum"]))
    if "const" in subschema:
        return json.dumps(subschema["const"])
    kind = subschema.get("type")
    if kind == "object":
        return f"a mapping of fields ({subschema.get('description', '').rstrip('.')})"
    return {"array": "a list", "boolean": "true or false",
            "integer": "a whole number, without quotes", "string": "text"}.get(kind, "a value")


def _schema_at(path: Path_) -> dict:
    """The schema of the value at `path`, found by walking the schema as the data nests."""
    here = schema()
    for part in path:
        here = _resolved(here)
        here = here.get("items", {}) if isinstance(part, int) else here.get("properties", {}).get(part, {})
    return here


def _resolved(subschema: dict) -> dict:
    reference = subschema.get("$ref", "")
    if reference.startswith("#/$defs/"):
        return {**schema()["$defs"][reference.removeprefix("#/$defs/")], **subschema}
    return subschema


def _found(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, Decimal)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return json.dumps(shown, ensure_ascii=False)
    return "a mapping" if isinstance(value, dict) else "a list"


def _unknown(name: str, allowed: list[str]) -> str:
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean {guess[0]!r}?" if guess else "allowed here: " + ", ".join(allowed)
    return f"unknown field {name!r}; {hint}"


def _unknown_choice(value: Any, choices: list[str], title: str | None) -> str:
    guess = difflib.get_close_matches(value, choices, n=1) if isinstance(value, str) else []
    hint = f" (did you mean {guess[0]!r}?)" if guess else ""
    expected = title or "one of: " + ", ".join(choices)
    return f"expected {expected}; found {_found(value)}{hint}"


# ---------------------------------------------------------------------------------------------
# Structural cross-checks on the typed deal


def structural_problems(deal: Deal) -> tuple[Problem, ...]:
    checks = (_names, _notes, _exhibits, _totals, _stock, _placeholders, _calendar_years)
    problems = [problem for check in checks for problem in check(deal)]
    return tuple(sorted(problems, key=Problem.sort_key))


def _names(deal: Deal) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, investor in enumerate(deal.investors):
        if investor.name in seen:
            yield _at(deal, "check.duplicate-investor", ("investors", index, "name"),
                      f"the investor {investor.name!r} is listed twice")
        seen.add(investor.name)
    agents = {agent.name for agent in deal.placement_agents}
    holders = [("notes", deal.notes, seen), ("warrants", deal.warrants, seen | agents),
               ("commitment_shares", deal.commitment_shares, seen)]
    for section, items, allowed in holders:
        for index, item in enumerate(items):
            if item.holder not in allowed:
                yield _at(deal, "check.unknown-holder", (section, index, "holder"),
                          f"{item.holder!r} is not one of the investors"
                          + (" or placement agents" if allowed is not seen else "")
                          + "; expected one of: " + ", ".join(repr(name) for name in sorted(allowed)))


def _notes(deal: Deal) -> Iterator[Problem]:
    ids = [note.id for note in deal.notes]
    for index, note in enumerate(deal.notes):
        here = ("notes", index)
        if len(deal.notes) > 1 and note.id is None:
            yield _at(deal, "check.note-id", here, "a deal with several notes needs an `id` "
                      "for each, e.g. id: \"a\"")
        elif note.id is not None and ids.count(note.id) > 1:
            yield _at(deal, "check.note-id", here + ("id",), f"the note id {note.id!r} is used twice")
        yield from _note_terms(deal, note, here)


def _note_terms(deal: Deal, note: Note, here: Path_) -> Iterator[Problem]:
    if note.maturity_date <= note.issue_date:
        yield _at(deal, "check.maturity", here + ("maturity_date",),
                  f"the maturity date {note.maturity_date} must come after the issue date "
                  f"{note.issue_date}")
    if note.purchase_price > note.principal:
        yield _at(deal, "check.purchase-price", here + ("purchase_price",),
                  f"the purchase price {note.purchase_price} is above the principal "
                  f"{note.principal}; a note is not sold at a premium")
    fees = sum((fee.amount for fee in note.fees_withheld), Decimal(0))
    if fees > note.purchase_price:
        yield _at(deal, "check.fees", here + ("fees_withheld",),
                  f"the fees withheld ({fees}) exceed the purchase price ({note.purchase_price})")
    if note.funding_date is not None and note.funding_date < note.issue_date:
        yield _at(deal, "check.funding-date", here + ("funding_date",),
                  "the funding date must not come before the issue date")
    yield from _repayment(deal, note, here)
    yield from _prepayment(deal, note, here)
    yield from _conversion(deal, note, here)
    interest = note.interest
    if interest.default_rate_percent is not None and interest.default_rate_percent < interest.rate_percent:
        yield _at(deal, "check.default-rate", here + ("interest", "default_rate_percent"),
                  f"the default rate {interest.default_rate_percent}% is below the ordinary rate "
                  f"{interest.rate_percent}%")


def _repayment(deal: Deal, note: Note, here: Path_) -> Iterator[Problem]:
    installments = note.repayment.installments
    if note.repayment.schedule is not Schedule.AMORTIZING:
        if installments:
            yield _at(deal, "check.installments", here + ("repayment", "installments"),
                      "installments are only for schedule: amortizing")
        return
    total = sum((step.principal for step in installments), Decimal(0))
    if total != note.principal:
        yield _at(deal, "check.totals", here + ("repayment", "installments"),
                  f"the installments add up to {total}, but the principal is {note.principal}")
    previous = note.issue_date
    for index, step in enumerate(installments):
        if not previous < step.date <= note.maturity_date:
            yield _at(deal, "check.installment-date",
                      here + ("repayment", "installments", index, "date"),
                      "installment dates must rise, after the issue date and by the maturity date")
        previous = step.date


def _prepayment(deal: Deal, note: Note, here: Path_) -> Iterator[Problem]:
    steps = note.prepayment.steps
    if steps and not note.prepayment.permitted:
        yield _at(deal, "check.prepayment", here + ("prepayment", "steps"),
                  "premium steps are given, but prepayment is not permitted")
    for index in range(1, len(steps)):
        if steps[index].through_day <= steps[index - 1].through_day:
            yield _at(deal, "check.prepayment-steps",
                      here + ("prepayment", "steps", index, "through_day"),
                      "each step must end later than the one before")


def _conversion(deal: Deal, note: Note, here: Path_) -> Iterator[Problem]:
    conversion = note.conversion
    at = here + ("conversion",)
    variable = conversion.price.variable if conversion.price else None
    if variable is not None:
        if variable.percent_of_market <= 0:
            yield _at(deal, "check.percent", at + ("price", "variable", "percent_of_market"),
                      "the percentage of the market price must be above 0")
        if variable.floor is not None and variable.cap is not None and variable.floor > variable.cap:
            yield _at(deal, "check.floor-cap", at + ("price", "variable", "floor"),
                      f"the floor {variable.floor} is above the cap {variable.cap}")
    cap = conversion.beneficial_ownership_cap
    if cap is not None:
        if not Decimal(0) < cap.percent < Decimal(100):
            yield _at(deal, "check.percent", at + ("beneficial_ownership_cap", "percent"),
                      "the ownership cap must be above 0% and below 100%")
        raised = cap.increase_to_percent
        if raised is not None and not cap.percent < raised < Decimal(100):
            yield _at(deal, "check.percent",
                      at + ("beneficial_ownership_cap", "increase_to_percent"),
                      "the raised cap must be above the cap and below 100%")
    automatic = conversion.automatic
    if automatic is not None and automatic.percent_of_financing_price <= 0:
        yield _at(deal, "check.percent", at + ("automatic", "percent_of_financing_price"),
                  "the percentage of the financing price must be above 0")
    if conversion.waiting_period_days and note.issue_date.toordinal() + \
            conversion.waiting_period_days >= note.maturity_date.toordinal():
        yield _at(deal, "check.waiting-period", at + ("waiting_period_days",),
                  "the waiting period ends on or after the maturity date")


def _exhibits(deal: Deal) -> Iterator[Problem]:
    numbers: set[str] = set()
    ids = {note.id for note in deal.notes}
    for index, exhibit in enumerate(deal.form_8k.exhibits):
        here = ("form_8k", "exhibits", index)
        if exhibit.number in numbers:
            yield _at(deal, "check.exhibit-number", here + ("number",),
                      f"exhibit {exhibit.number} is listed twice")
        numbers.add(exhibit.number)
        if exhibit.note is not None and exhibit.note not in ids:
            yield _at(deal, "check.exhibit-note", here + ("note",),
                      f"no note has the id {exhibit.note!r}")
    form = deal.form_8k
    if form.report_date < form.event_date:
        yield _at(deal, "check.report-date", ("form_8k", "report_date"),
                  f"the report date {form.report_date} comes before the event date {form.event_date}")


def _totals(deal: Deal) -> Iterator[Problem]:
    offering = deal.offering
    sold = sum((note.purchase_price for note in deal.notes), Decimal(0))
    if offering.gross_proceeds is not None and offering.gross_proceeds != sold:
        yield _at(deal, "check.totals", ("offering", "gross_proceeds"),
                  f"gross proceeds are {offering.gross_proceeds}, but the notes' purchase prices "
                  f"add up to {sold}")
    if offering.total_offering_amount is not None and offering.total_offering_amount < sold:
        yield _at(deal, "check.totals", ("offering", "total_offering_amount"),
                  f"the total offering amount {offering.total_offering_amount} is below the "
                  f"{sold} already sold")


def _stock(deal: Deal) -> Iterator[Problem]:
    stock = deal.issuer.common_stock
    here = ("issuer", "common_stock")
    if stock.shares_outstanding is not None and stock.shares_authorized is not None \
            and stock.shares_outstanding > stock.shares_authorized:
        yield _at(deal, "check.shares", here + ("shares_outstanding",),
                  "more shares are outstanding than the charter authorizes")
    if stock.market.is_exchange and stock.symbol is None:
        yield _at(deal, "check.symbol", here + ("market",), "an exchange-listed stock needs its "
                  "trading symbol (symbol:) for the cover page")


# A company may have reported since before 1980; that date is only counted, never put on the
# SEC calendar. Every other date of a deal is.
_BEFORE_THE_CALENDAR_ALLOWED = {("issuer", "reporting_since")}


def _calendar_years(deal: Deal) -> Iterator[Problem]:
    for path, value in _dates(deal.source, deal):
        if (FIRST_YEAR <= value.year <= LAST_YEAR) or (
                value.year < FIRST_YEAR and path in _BEFORE_THE_CALENDAR_ALLOWED):
            continue
        yield _at(deal, "check.date-range", path, f"{value} is outside {FIRST_YEAR}–{LAST_YEAR}, "
                  "the years dealdocs's SEC calendar covers; is the year right?")


def _dates(source, deal: Deal) -> Iterator[tuple[Path_, date]]:
    """Every date of the deal with its path, read back from the source map's paths."""
    for path in source.values:
        value: Any = deal
        for part in path:
            value = value[part] if isinstance(part, int) else getattr(value, part, None)
            if value is None:
                break
        if isinstance(value, date):
            yield path, value
        elif isinstance(value, str) and path[-1:] == ("submission_time",):
            yield path, date.fromisoformat(value[:10])


def _placeholders(deal: Deal) -> Iterator[Problem]:
    for index, placeholder in enumerate(deal.placeholders):
        if path_of(placeholder) not in deal.source.values:
            yield _at(deal, "check.placeholder", ("placeholders", index),
                      f"{placeholder!r} names no field of this file")


def path_of(dotted: str) -> Path_:
    path: list[str | int] = []
    for part in dotted.split("."):
        name, _, index = part.partition("[")
        path.append(name)
        if index:
            path.append(int(index.rstrip("]")))
    return tuple(path)


def field_name(path: Path_) -> str:
    """A path as the user writes it: notes[0].interest.rate_percent."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def _problem(id_: str, location: Location, path: Path_, message: str) -> Problem:
    return Problem(id=id_, severity=Severity.ERROR, message=message, location=location,
                   field=field_name(path))


def _at(deal: Deal, id_: str, path: Path_, message: str) -> Problem:
    return _problem(id_, deal.source.locate(path), path, message)


def deal_from(document: Document) -> Deal:
    """The typed deal, or ProblemsFound with every schema or structural problem."""
    check_schema(document)
    deal = build(document)
    problems = structural_problems(deal)
    if problems:
        raise ProblemsFound(problems)
    return deal
