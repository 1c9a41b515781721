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
import unicodedata
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
from . import display
from .facts import conversion_starts
from .model import (MARKET_PRICE, PAR_VALUE, ConvertsInto, Deal, MarketStatistic, Note,
                    PriceEvent, PriceExpression, ReferenceDay, Schedule, Statistic,
                    UnitPart, build,
                    field_path, known)
from .problems import Location, Problem, ProblemsFound, Severity, quoted, shorten


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
        if error.validator == "anyOf":
            yield from _leaf_errors(_meant_branch(error))
        elif error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


def _meant_branch(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """Of the alternatives a value matched none of (a date or `placeholder`; a market statistic
    or `market_price`), the errors of those whose kind of value it is: "2019-02-30" is a bad
    date, not a misspelt placeholder."""
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    meant = [errors for errors in branches.values()
             if not any(inner.validator in ("type", "const") and
                        inner.absolute_path == error.absolute_path for inner in errors)]
    return [inner for errors in (meant or list(branches.values())) for inner in errors]


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
    if keyword == "pattern":
        # say what the field itself is ("a name", "a dollar amount above $0"), not only what
        # the definition it refers to is ("text", "a dollar amount")
        own = _resolved(_schema_at(tuple(error.absolute_path)))
        subschema = own if "title" in own else subschema
        if error.schema is schema()["$defs"]["text"]:
            return _text_message(error, _expected(subschema))
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
        if "title" in _resolved(subschema):
            return f"expected {_expected(subschema)}; found an empty mapping"
        return f"give at least one of: {', '.join(subschema.get('properties', {}))}"
    if keyword == "maxProperties":
        return f"expected {_expected(subschema)}; found {len(error.instance)} fields"
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


def _text_message(error: jsonschema.ValidationError, expected: str) -> str:
    """Free text the pattern refused: name the first character it does not admit, without
    echoing that character when it is invisible."""
    admits = _anchored(error.validator_value).search
    refused = next((char for char in error.instance if not admits(f"a{char}a")), None)
    if refused is None:  # every character is fine: a space at the start or the end
        return f"expected {expected}; found {_found(error.instance)}"
    return f"expected {expected}; found {_character(refused)}"


def _character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    named = f"{code} {name}" if name else code
    kind = unicodedata.category(char)
    if kind == "Cc":
        return f"the control character {code}"
    if kind == "Cf":
        return f"the invisible character {named}, which can hide or reorder text; delete it"
    if kind in ("Zs", "Zl", "Zp"):
        return f"the special space {named}; type a plain space"
    if kind.startswith("M"):
        return f"the combining mark {named}; type the accented letter itself"
    if kind.startswith("C"):
        return f"the unassigned or private character {code}"
    return f"the character \"{char}\" ({named}), which the documents' fonts cannot print"


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
        here = here.get("items", {}) if isinstance(part, int) else _property(here, part)
    return here


def _property(node: dict, name: str) -> dict:
    """A property's schema, also where it is given in a branch (if/then/else, anyOf)."""
    if name in node.get("properties", {}):
        return node["properties"][name]
    for branch in (node.get("then"), node.get("else"), *node.get("anyOf", ())):
        if isinstance(branch, dict):
            found = _property(_resolved(branch), name)
            if found:
                return found
    return {}


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
        return f"the number {shorten(value)}"
    if isinstance(value, str):  # invisible characters as escapes: they could reorder the line
        return "".join(char if char.isprintable() else json.dumps(char)[1:-1]
                       for char in json.dumps(shorten(value), ensure_ascii=False))
    return "a mapping" if isinstance(value, dict) else "a list"


def _unknown(name: str, allowed: list[str]) -> str:
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean {guess[0]!r}?" if guess else "allowed here: " + ", ".join(allowed)
    return f"unknown field {quoted(name)}; {hint}"


def _unknown_choice(value: Any, choices: list[str], title: str | None) -> str:
    guess = difflib.get_close_matches(value, choices, n=1) if isinstance(value, str) else []
    hint = f" (did you mean {guess[0]!r}?)" if guess else ""
    expected = title or "one of: " + ", ".join(choices)
    return f"expected {expected}; found {_found(value)}{hint}"


# ---------------------------------------------------------------------------------------------
# Structural cross-checks on the typed deal


def structural_problems(deal: Deal) -> tuple[Problem, ...]:
    checks = (_names, _notes, _exhibits, _totals, _stock, _placeholders, _calendar_years,
              _additional_terms)
    problems = [problem for check in checks for problem in check(deal)]
    return tuple(sorted(problems, key=Problem.sort_key))


def _names(deal: Deal) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, investor in enumerate(deal.investors):
        if investor.name in seen:
            yield _at(deal, "check.duplicate-investor", ("investors", index, "name"),
                      f"the investor {quoted(investor.name)} is listed twice")
        seen.add(investor.name)
    agents = {agent.name for agent in deal.placement_agents}
    holders = [("notes", deal.notes, seen), ("warrants", deal.warrants, seen | agents),
               ("commitment_shares", deal.commitment_shares, seen)]
    for section, items, allowed in holders:
        for index, item in enumerate(items):
            if item.holder not in allowed:
                yield _at(deal, "check.unknown-holder", (section, index, "holder"),
                          f"{quoted(item.holder)} is not one of the investors"
                          + (" or placement agents" if allowed is not seen else "")
                          + "; expected one of: " + ", ".join(map(quoted, sorted(allowed))))


def _notes(deal: Deal) -> Iterator[Problem]:
    ids = [note.id for note in deal.notes]
    for index, note in enumerate(deal.notes):
        here = ("notes", index)
        if len(deal.notes) > 1 and note.id is None:
            yield _at(deal, "check.note-id", here, "a deal with several notes needs an `id` "
                      "for each, e.g. id: \"a\"")
        elif note.id is not None and ids.count(note.id) > 1:
            yield _at(deal, "check.note-id", here + ("id",), f"the note id {quoted(note.id)} is used twice")
        yield from _note_terms(deal, note, here)


def _note_terms(deal: Deal, note: Note, here: Path_) -> Iterator[Problem]:
    if note.maturity_date <= note.issue_date:
        yield _at(deal, "check.maturity", here + ("maturity_date",),
                  f"the maturity date {note.maturity_date} must come after the issue date "
                  f"{note.issue_date}")
    if note.exchange is not None and (note.purchase_price is not None or note.fees_withheld):
        field = "purchase_price" if note.purchase_price is not None else "fees_withheld"
        yield _at(deal, "check.exchange", here + (field,),
                  "a note issued in exchange is not paid for in cash: leave out " + field)
    if note.purchase_price is not None and note.purchase_price > note.principal:
        yield _at(deal, "check.purchase-price", here + ("purchase_price",),
                  f"the purchase price {note.purchase_price} is above the principal "
                  f"{note.principal}; a note is not sold at a premium")
    fees = sum((fee.amount for fee in note.fees_withheld), Decimal(0))
    if fees > note.cash_price:
        yield _at(deal, "check.fees", here + ("fees_withheld",),
                  f"the fees withheld ({fees}) exceed the purchase price ({note.cash_price})")
    yield from _unit(deal, note, here)
    yield from _security(deal, note, here)
    advanced = sum((advance.amount for advance in note.advances), Decimal(0))
    if advanced > note.principal:
        yield _at(deal, "check.totals", here + ("advances",),
                  f"the advances add up to {advanced}, more than the principal {note.principal}")
    if note.advances and note.purchase_price is not None and note.purchase_price > advanced:
        yield _at(deal, "check.purchase-price", here + ("purchase_price",),
                  f"the purchase price {note.purchase_price} is more than the advances made "
                  f"({advanced}); for a facility note it is what the holder has paid for them")
    if note.interest.share_valuation is not None:
        yield from _price(deal, note.interest.share_valuation, note.conversion, _PAYMENT_DAYS)
    redemption = note.repayment.holder_redemption
    if redemption is not None and redemption.share_valuation is not None:
        yield from _price(deal, redemption.share_valuation, note.conversion, _PAYMENT_DAYS)
    for index, advance in enumerate(note.advances):
        if advance.conversion_price is not None:
            if note.conversion is None:
                yield _at(deal, "check.non-convertible",
                          here + ("advances", index, "conversion_price"),
                          "the note has no conversion terms, so its advances cannot convert")
            else:
                yield from _price(deal, advance.conversion_price, note.conversion,
                                  _CONVERSION_DAYS)
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
    if conversion is None:
        if "convertible" in note.title.lower():
            yield _at(deal, "check.non-convertible", here + ("title",),
                      f"the title {quoted(note.title)} says the note converts, but it has no "
                      "`conversion`; add the conversion terms or retitle the note")
        return
    at = here + ("conversion",)
    if conversion.price is not None:
        yield from _price(deal, conversion.price, conversion, _CONVERSION_DAYS)
        yield from _price_changes(deal, conversion)
        if conversion.par_value_top_up and not any(
                leg.floor == PAR_VALUE for leg in _every_leg(conversion)):
            yield _at(deal, "check.par-value", at + ("par_value_top_up",),
                      "a top-up below par value needs a price with `floor: par_value`")
    if conversion.market_price is not None:
        yield from _statistic(deal, conversion.market_price, _CONVERSION_DAYS)
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
    starts = [name for name in ("starts_after_months", "starts_in_month", "starts_on")
              if getattr(conversion, name) is not None]
    if conversion.waiting_period_days:
        starts.insert(0, "waiting_period_days")
    if len(starts) > 1:
        yield _at(deal, "check.conversion-start", at + (starts[1],),
                  f"give one start of conversion, not both {starts[0]} and {starts[1]}")
    elif starts and conversion_starts(note) >= note.maturity_date:
        yield _at(deal, "check.waiting-period", at + (starts[0],),
                  "conversion would start on or after the maturity date")
    if conversion.into is not ConvertsInto.COMMON_STOCK and conversion.security_description is None:
        yield _at(deal, "check.converts-into", at + ("into",),
                  f"a note that converts into {conversion.into.value.replace('_', ' ')} needs "
                  "`security_description` (what one share or unit is)")


# Which reference days a price may measure from: a conversion price looks back from conversion
# (or a past day); a share valuation from the payment date (or a past day).
_CONVERSION_DAYS = (ReferenceDay.CONVERSION_DATE, ReferenceDay.ISSUE_DATE, ReferenceDay.CLOSING_DATE)
_PAYMENT_DAYS = (ReferenceDay.PAYMENT_DATE, ReferenceDay.ISSUE_DATE, ReferenceDay.CLOSING_DATE)
_KINDS = ("fixed", "of", "lesser_of", "greater_of")


def _every_leg(conversion) -> Iterator[PriceExpression]:
    yield from conversion.price.legs()
    for change in conversion.price_changes:
        if change.price is not None:
            yield from change.price.legs()


def _price(deal: Deal, expression: PriceExpression, conversion, days: tuple) -> Iterator[Problem]:
    """A price expression makes sense: one kind of part each, percentages only of a market
    statistic, a floor not above the cap, a statistic that can be computed."""
    for leg in expression.legs():
        given = [kind for kind in _KINDS if getattr(leg, kind) not in (None, ())]
        if len(given) != 1:
            yield _at(deal, "check.price", leg.path,
                      "give exactly one of fixed, of, lesser_of or greater_of"
                      + (f"; this price gives {display.series(given)}" if given else ""))
            continue
        if leg.of is None and (leg.percent is not None or leg.discount_percent is not None):
            yield _at(deal, "check.price", field_path(leg, "percent" if leg.percent is not None
                                                      else "discount_percent"),
                      "a percentage needs `of`: the market statistic it is a percentage of")
        if leg.percent is not None and leg.discount_percent is not None:
            yield _at(deal, "check.price", field_path(leg, "discount_percent"),
                      "give `percent` or `discount_percent`, not both")
        if leg.percent is not None and leg.percent <= 0:
            yield _at(deal, "check.percent", field_path(leg, "percent"),
                      "the percentage of the market price must be above 0")
        if leg.discount_percent is not None and leg.discount_percent >= 100:
            yield _at(deal, "check.percent", field_path(leg, "discount_percent"),
                      "a discount must be below 100%")
        if leg.down_round is not None and leg.fixed is None:
            yield _at(deal, "check.price", field_path(leg, "down_round"),
                      "anti-dilution (down_round) adjusts a fixed price; put it beside `fixed`")
        if leg.floor == PAR_VALUE and deal.issuer.common_stock.par_value is None:
            yield _at(deal, "check.par-value", field_path(leg, "floor"),
                      "a floor at par value needs issuer.common_stock.par_value")
        floor = leg.floor if isinstance(leg.floor, Decimal) else None
        if floor is not None and leg.cap is not None and floor > leg.cap:
            yield _at(deal, "check.floor-cap", field_path(leg, "floor"),
                      f"the floor {floor} is above the cap {leg.cap}")
        if leg.of == MARKET_PRICE and (conversion is None or conversion.market_price is None):
            yield _at(deal, "check.market-price", field_path(leg, "of"),
                      "`of: market_price` needs the Market Price defined under "
                      "conversion.market_price")
        if isinstance(leg.of, MarketStatistic):
            yield from _statistic(deal, leg.of, days)


def _statistic(deal: Deal, statistic: MarketStatistic, days: tuple) -> Iterator[Problem]:
    kind = statistic.statistic
    if kind is None and statistic.days != 1:
        yield _at(deal, "check.statistic", field_path(statistic, "statistic"),
                  f"a window of {statistic.days} trading days needs a `statistic` (lowest, "
                  "highest, average, average_of_lowest or vwap)")
    if kind is Statistic.VWAP and statistic.price is not None:
        yield _at(deal, "check.statistic", field_path(statistic, "price"),
                  "the VWAP over a window uses every trade: leave out `price`")
    if kind is not Statistic.VWAP and statistic.price is None:
        yield _at(deal, "check.statistic", field_path(statistic, "price"),
                  "say which daily price (closing_bid, closing, trading, sale, "
                  "lower_of_trading_and_closing_bid or daily_vwap)")
    if (kind is Statistic.AVERAGE_OF_LOWEST) != (statistic.count is not None):
        yield _at(deal, "check.statistic", field_path(statistic, "count"),
                  "`count` goes with statistic: average_of_lowest, and it needs one")
    elif statistic.count is not None and statistic.count > statistic.days:
        yield _at(deal, "check.statistic", field_path(statistic, "count"),
                  f"the average of the {statistic.count} lowest prices needs at least "
                  f"{statistic.count} trading days, not {statistic.days}")
    if statistic.day not in days:
        yield _at(deal, "check.statistic", field_path(statistic, "day"),
                  f"a price here cannot be measured from the {statistic.day.value.replace('_', ' ')}"
                  f"; expected one of: {', '.join(day.value for day in days)}")
    if statistic.value is not None and not statistic.day.past:
        yield _at(deal, "check.statistic", field_path(statistic, "value"),
                  "only a window that ended before signing (day: issue_date or closing_date) "
                  "has a known value")


def _price_changes(deal: Deal, conversion) -> Iterator[Problem]:
    market_legs = [leg for leg in conversion.price.legs() if leg.of is not None]
    for change in conversion.price_changes:
        if (change.on is PriceEvent.DATE) != (change.date is not None):
            yield _at(deal, "check.price-change", field_path(change, "date"),
                      "`date` goes with on: date, and it needs one")
        if (change.percent is None) == (change.price is None):
            yield _at(deal, "check.price-change", change.path,
                      "give the new `percent` or the new `price`, one of them")
        if change.percent is not None and len(market_legs) != 1:
            yield _at(deal, "check.price-change", field_path(change, "percent"),
                      "a new percentage needs a conversion price with exactly one market "
                      f"percentage; this one has {len(market_legs)}: give the new `price`")
        if change.price is not None:
            yield from _price(deal, change.price, conversion, _CONVERSION_DAYS)


# Events of default that only a convertible note, or only a secured one, can have.
_CONVERSION_EVENTS = {"failure_to_deliver_shares", "failure_to_reserve_shares",
                      "transfer_agent_change"}
_SECURITY_EVENTS = {"security_agreement_breach", "loss_of_lien_priority"}


def _security(deal: Deal, note: Note, here: Path_) -> Iterator[Problem]:
    security = note.security
    events = note.events_of_default.events
    if not known(events):
        return
    for index, event in enumerate(events):
        if event.value in _CONVERSION_EVENTS and note.conversion is None:
            yield _at(deal, "check.event", here + ("events_of_default", "events", index),
                      f"{event.value} is an event of default of a convertible note; this note "
                      "does not convert")
        if event.value in _SECURITY_EVENTS and not security.secured:
            yield _at(deal, "check.event", here + ("events_of_default", "events", index),
                      f"{event.value} is an event of default of a secured note; this note is "
                      "unsecured")


def _unit(deal: Deal, note: Note, here: Path_) -> Iterator[Problem]:
    unit = note.unit
    if unit is None:
        return
    parts = {UnitPart.WARRANTS: deal.warrants, UnitPart.COMMITMENT_SHARES: deal.commitment_shares}
    for index, part in enumerate(unit.with_):
        if not any(item.holder == note.holder for item in parts[part]):
            yield _at(deal, "check.unit", here + ("unit", "with", index),
                      f"the unit includes {part.value.replace('_', ' ')}, but none are listed "
                      f"for {note.holder}")
    if unit.note_allocation is not None and unit.note_allocation > note.cash_price:
        yield _at(deal, "check.unit", here + ("unit", "note_allocation"),
                  f"the note's allocation {unit.note_allocation} is above the unit's purchase "
                  f"price {note.cash_price}")


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
                      f"no note has the id {quoted(exhibit.note)}")
    form = deal.form_8k
    if known(form.report_date) and form.report_date < form.event_date:
        yield _at(deal, "check.report-date", ("form_8k", "report_date"),
                  f"the report date {form.report_date} comes before the event date {form.event_date}")


def _totals(deal: Deal) -> Iterator[Problem]:
    offering = deal.offering
    sold = sum((note.cash_price for note in deal.notes), Decimal(0))
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
# SEC calendar. Every other date of a deal is, and so are the deadlines counted from it, up to a
# year later (a Form D amendment): a deal's dates end a year before the calendar does.
_BEFORE_THE_CALENDAR_ALLOWED = {("issuer", "reporting_since")}
LAST_DEAL_YEAR = LAST_YEAR - 1


def _calendar_years(deal: Deal) -> Iterator[Problem]:
    for path, value in _dates(deal.source, deal):
        if (FIRST_YEAR <= value.year <= LAST_DEAL_YEAR) or (
                value.year < FIRST_YEAR and path in _BEFORE_THE_CALENDAR_ALLOWED):
            continue
        yield _at(deal, "check.date-range", path, f"{value} is outside {FIRST_YEAR}–"
                  f"{LAST_DEAL_YEAR}, the years whose filing deadlines dealdocs's SEC calendar "
                  f"covers (it ends with {LAST_YEAR}); is the year right?")


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
                      f"{quoted(placeholder)} names no field of this file")


def _additional_terms(deal: Deal) -> Iterator[Problem]:
    """An additional term's `states` lists exactly the figures and dates its text states: the
    consistency checks verify what it lists, so an unlisted figure would go unchecked."""
    if not deal.additional_terms:
        return
    from .consistency.numbers import figures_in  # the checks' own reader; imported when needed
    for index, term in enumerate(deal.additional_terms):
        here = ("additional_terms", index)
        stated = {(s.kind, s.value): s.text for s in figures_in(term.text)}
        listed = set()
        for number, written in enumerate(term.states):
            figures = figures_in(written)
            if len(figures) == 1 and figures[0].text == written.strip():
                figure = (figures[0].kind, figures[0].value)
                listed.add(figure)
                found = figure in stated
            else:  # not a figure: a phrase the text must contain as written
                found = " ".join(written.split()) in " ".join(term.text.split())
            if not found:
                yield _at(deal, "check.additional-states", here + ("states", number),
                          f"{quoted(written)} is not in the text; list each figure or date "
                          "exactly as the text writes it")
        for figure, written in stated.items():
            if figure not in listed:
                yield _at(deal, "check.additional-states", here + ("text",),
                          f"the text states {quoted(written)}, which `states` does not list; "
                          "list every amount, percentage, share count and date the text states, "
                          "so that `check` verifies it in the documents")


def path_of(dotted: str) -> Path_:
    path: list[str | int] = []
    for part in dotted.split("."):
        name, _, index = part.partition("[")
        path.append(name)
        if index:
            path.append(int(index.rstrip("]")))
    return tuple(path)


def field_name(path: Path_) -> str:
    """A path as the user writes it: notes[0].interest.rate_percent (a name the user made up,
    such as an unknown field, shortened)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{shorten(part)}" if text
                                                           else shorten(part))
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
