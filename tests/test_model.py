"""Stage 3: the typed model mirrors the schema, and every schema-valid deal becomes a Deal with
exactly the values its file states."""

from __future__ import annotations

import dataclasses
import enum
import json
import typing
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealdocs import model, read_deal
from dealdocs.load import load_bytes
from dealdocs.model import Deal, Market, PayableIn, Schedule, build
from dealdocs.validate import deal_from, schema, schema_problems, structural_problems

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"

# $defs whose values the model keeps as numbers of a kind (typing.Annotated[base, name])
NUMBER_KINDS = {"money": Decimal, "price": Decimal, "percent": Decimal,
                "percent_of_balance": Decimal, "multiple": Decimal, "shares": int}
# $defs and properties the schema restricts to a list of values that the model keeps as text:
# state codes and names are lists of places, not choices the code branches on.
TEXT_ENUMS = {"state_code", "state_name", ("Investor", "accredited_basis"),
              ("Deal", "schema_version")}


# ---------------------------------------------------------------------------------------------
# The model mirrors the schema: walk both together from Deal


PLACEHOLDER_REF = {"$ref": "#/$defs/placeholder"}
BOOKKEEPING = ("path", "source", "legacy_names")


def _resolve(node: dict) -> tuple[dict, str | None]:
    if "anyOf" in node:  # a value or `placeholder` (model: the value's type | Placeholder), or a
        # value or a keyword (model: the value's type | Literal[keyword])
        branches = [branch for branch in node["anyOf"] if branch != PLACEHOLDER_REF
                    and "const" not in branch]
        assert len(branches) == 1, node
        return _resolve({**branches[0], **{k: v for k, v in node.items() if k != "anyOf"}})
    if "if" in node and "else" in node:  # the conversion price: version 1 or an expression
        return _resolve(node["else"])
    reference = node.get("$ref")
    if reference is None:
        return node, None
    name = reference.removeprefix("#/$defs/")
    return {**schema()["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}, name


def _unoptional(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (typing.Union, __import__("types").UnionType):
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)
                and arg is not model.Placeholder and typing.get_origin(arg) is not typing.Literal]
        assert len(args) == 1, hint
        return args[0], type(None) in typing.get_args(hint)
    return hint, False


def _key(field_name: str) -> str:
    """The schema's name of a model field: `with_` is `with` (a Python keyword)."""
    return field_name.rstrip("_")


class Walk:
    """Every (schema object, dataclass) and (schema enum, Enum) pair reachable from Deal."""

    def __init__(self):
        self.pairs: list[tuple[str, dict, type]] = []
        self.enums: list[tuple[str, list, Any]] = []
        self.problems: list[str] = []
        self.object(schema(), Deal, "Deal")

    def object(self, node: dict, cls: type, where: str) -> None:
        if any(seen is cls for _, _, seen in self.pairs):
            return  # a price expression holds price expressions
        self.pairs.append((where, node, cls))
        hints = {_key(name): hint for name, hint in
                 typing.get_type_hints(cls, include_extras=True).items()}
        for name, prop in node.get("properties", {}).items():
            if name in hints:
                self.value(prop, hints[name], f"{cls.__name__}.{name}", (cls.__name__, name))

    def value(self, node: dict, hint: Any, where: str, owner: tuple[str, str]) -> None:
        node, ref = _resolve(node)
        hint, _ = _unoptional(hint)
        expect = self.problems.append
        if ref in NUMBER_KINDS:
            if typing.get_origin(hint) is not typing.Annotated:
                wanted = NUMBER_KINDS[ref].__name__
                return expect(f"{where}: a ${ref} should be Annotated[{wanted}, {ref!r}], "
                              f"not {hint}")
            base, *metadata = typing.get_args(hint)
            if base is not NUMBER_KINDS[ref] or metadata != [ref]:
                expect(f"{where}: ${ref} is Annotated[{base.__name__}, {metadata}]")
        elif node.get("type") == "object":
            if not dataclasses.is_dataclass(hint):
                return expect(f"{where}: an object should be a dataclass, not {hint}")
            self.object(node, hint, where)
        elif node.get("type") == "array":
            if typing.get_origin(hint) is not tuple or typing.get_args(hint)[1:] != (...,):
                return expect(f"{where}: a list should be tuple[…, ...], not {hint}")
            self.value(node["items"], typing.get_args(hint)[0], where + "[]", owner)
        elif "enum" in node and not (ref in TEXT_ENUMS or owner in TEXT_ENUMS):
            self.enums.append((where, node["enum"], hint))
        elif ref == "date" or node.get("format") == "date":
            if hint is not date:
                expect(f"{where}: a date should be date, not {hint}")
        else:
            kind = node.get("type") or type(node.get("const")).__name__
            wanted = {"boolean": bool, "integer": int, "int": int, "string": str}[kind]
            if hint is not wanted:
                expect(f"{where}: a {kind} should be {wanted.__name__}, not {hint}")


@pytest.fixture(scope="module")
def walk() -> Walk:
    return Walk()


def test_every_type_matches_its_schema(walk):
    assert walk.problems == []


def test_every_schema_object_has_a_dataclass_with_the_same_fields(walk):
    assert len(walk.pairs) > 30
    for where, node, cls in walk.pairs:
        fields = {_key(f.name) for f in dataclasses.fields(cls)} - set(BOOKKEEPING)
        assert fields == set(node["properties"]), where


def test_required_fields_have_no_default_and_the_others_have_one(walk):
    for where, node, cls in walk.pairs:
        required = set(node.get("required", ()))
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.name in BOOKKEEPING:
                continue
            has_default = (f.default is not dataclasses.MISSING
                           or f.default_factory is not dataclasses.MISSING)
            assert has_default == (_key(f.name) not in required), f"{where}.{f.name}"
            optional = _unoptional(hints[f.name])[1]
            if _key(f.name) in required:
                assert not optional, f"{where}.{f.name} is required but typed Optional"


def test_schema_defaults_are_the_model_defaults(walk):
    checked = 0
    for where, node, cls in walk.pairs:
        for f in dataclasses.fields(cls):
            if f.name in BOOKKEEPING:
                continue
            prop, _ = _resolve(node["properties"][_key(f.name)])
            default = f.default
            if "default" in prop:
                value = default.value if isinstance(default, enum.Enum) else default
                assert value == prop["default"] and type(value) is type(prop["default"]), \
                    f"{where}.{f.name}: {default!r} != {prop['default']!r}"
                checked += 1
            elif _key(f.name) not in node.get("required", ()):
                # no default in the schema: absent means "not given"
                expected = () if prop.get("type") == "array" else None
                assert default == expected, f"{where}.{f.name} defaults to {default!r}"
    assert checked >= 7


def test_every_schema_enum_is_a_model_enum_with_the_same_values(walk):
    assert len(walk.enums) > 20
    for where, values, hint in walk.enums:
        assert isinstance(hint, type) and issubclass(hint, enum.Enum), where
        assert [member.value for member in hint] == values, where


def test_every_model_class_and_enum_is_reached_from_the_schema(walk):
    classes = {cls for _, _, cls in walk.pairs}
    enums = {hint for _, _, hint in walk.enums}
    for value in vars(model).values():
        if isinstance(value, type) and value.__module__ == model.__name__:
            if dataclasses.is_dataclass(value):
                assert value in classes, value
            elif issubclass(value, enum.Enum) and value not in (model._Choice, model.Measure):
                assert value in enums, value  # Measure: version 1's, read by the model only


def test_every_value_object_records_its_path(walk):
    for where, _, cls in walk.pairs:
        names = {f.name for f in dataclasses.fields(cls)}
        assert ("source" if cls is Deal else "path") in names, where


# ---------------------------------------------------------------------------------------------
# build(): the seed, typed


@pytest.fixture(scope="module")
def seed() -> Deal:
    return read_deal(SEED)


def test_seed_values_are_typed(seed):
    note = seed.notes[0]
    assert note.principal == Decimal("330000") and type(note.principal) is Decimal
    assert note.issue_date == date(2019, 1, 11) and note.maturity_date == date(2020, 1, 11)
    assert note.interest.rate_percent == Decimal("12")
    assert note.conversion.price.percent == Decimal("80")  # version 1's variable price …
    assert note.conversion.price.of.days == 5  # … read as a price expression
    assert note.conversion.price.of.statistic is model.Statistic.LOWEST
    assert note.conversion.price.of.price is model.DailyPrice.CLOSING_BID
    assert seed.issuer.common_stock.market is Market.OTC and not Market.OTC.is_exchange
    assert seed.issuer.common_stock.par_value == Decimal("0.0001")
    assert note.repayment.schedule is Schedule.AT_MATURITY
    assert seed.offering.exemptions == (model.Exemption.SECTION_4A2, model.Exemption.RULE_506B)
    assert isinstance(seed.investors, tuple) and seed.investor("Jason Widjaja").accredited is True
    assert seed.placeholders == ("notes[0].interest.day_count", "notes[0].prepayment.permitted",
                                 "notes[0].governing_law", "form_d.industry_group",
                                 "form_d.revenue_range", "form_d.related_persons",
                                 "form_d.proceeds_to_related_persons", "form_d.signature_date")
    assert seed.name == "ascent-solar-2019-01-11"
    assert not note.security.secured


def test_absent_fields_take_the_schema_defaults(seed):
    note = seed.notes[0]
    assert note.interest.payable_in is PayableIn.CASH
    assert note.conversion.delivery_trading_days == 3
    assert note.conversion.fractional_shares is model.Fractions.ROUND_UP
    assert note.id is None and note.fees_withheld == () and seed.warrants == ()


def test_paths_and_source(seed):
    assert seed.notes[0].path == ("notes", 0)
    assert seed.notes[0].interest.path == ("notes", 0, "interest")
    variable = seed.notes[0].conversion.price
    assert variable.path == ("notes", 0, "conversion", "price", "variable")
    assert model.field_path(variable, "percent") == variable.path + ("percent_of_market",)
    assert seed.form_8k.exhibits[0].path == ("form_8k", "exhibits", 0)
    assert seed.source.file == str(SEED)
    where = seed.source.locate(seed.notes[0].path + ("principal",))
    line = SEED.read_text().splitlines()[where.line - 1]
    assert line.strip().startswith('principal: "330000"')


def test_deals_are_frozen_and_compare_by_terms_only(seed):
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed.notes[0].principal = Decimal(1)  # type: ignore[misc]
    elsewhere = deal_from(load_bytes(SEED.read_bytes(), "elsewhere/other-name.yaml"))
    assert elsewhere == seed and elsewhere.name == "other-name"
    changed = deal_from(load_bytes(SEED.read_bytes().replace(b'rate_percent: "12"',
                                                              b'rate_percent: "12.00"'), "x.yaml"))
    assert changed.notes[0].interest.rate_percent == seed.notes[0].interest.rate_percent
    assert str(changed.notes[0].interest.rate_percent) == "12.00"  # the digits as written


def test_deal_name_on_windows_paths():
    document = load_bytes(SEED.read_bytes(), "C:\\deals\\filings\\acme-2024.yaml")
    assert deal_from(document).name == "acme-2024"


# ---------------------------------------------------------------------------------------------
# Property: every generated schema-valid, consistent deal loads into the model with its values

STATES = schema()["$defs"]["state_code"]["enum"]
SEED_ISSUER = json.dumps(load_bytes(SEED.read_bytes(), "seed.yaml").data["issuer"])
STATE_NAMES = schema()["$defs"]["state_name"]["enum"]


def enum_of(cls) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in cls])


NAME_PARTS = ["Jason", "Widjaja", "Renée", "O'Brien", "Power", "Up", "Lending", "Group", "Ltd.",
              "José", "Álvarez", "Smith", "L.P.", "Capital", "Fund", "II,", "LLC", "Zoë", "Ng"]
TEXT_PARTS = NAME_PARTS + ["the", "Holder's", "legal", "fees", "working", "capital;", "(and",
                           "other", "purposes)", "12.5%", "$0.0001", "—", "Note", "dated", "2019"]
names = st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=4).map(" ".join)
words = st.lists(st.sampled_from(TEXT_PARTS), min_size=1, max_size=8).map(" ".join)


def digits(low: int, high: int) -> st.SearchStrategy[str]:
    """A string of low..high decimal digits."""
    return st.tuples(st.integers(low, high), st.integers(0, 10 ** high - 1)).map(
        lambda parts: f"{parts[1]:0{high}d}"[:parts[0]])


def decimal_text(whole: st.SearchStrategy[int], places: int) -> st.SearchStrategy[Decimal]:
    """Decimals as people write them: a whole part and 0..places decimals, trailing zeros kept."""
    def make(parts: tuple[int, int, int]) -> Decimal:
        integer, count, fraction = parts
        return Decimal(f"{integer}.{fraction:0{places}d}"[:len(str(integer)) + 1 + count]
                       if count else integer)
    return st.tuples(whole, st.integers(0, places), st.integers(0, 10 ** places - 1)).map(make)


def money(low: int = 1, high: int = 10_000_000) -> st.SearchStrategy[Decimal]:
    return decimal_text(st.integers(low, high), 2).filter(lambda d: low <= d <= high)


percents = decimal_text(st.integers(0, 99), 4) | st.just(Decimal("100"))
positive_percents = percents.filter(lambda d: d > 0)
prices = decimal_text(st.integers(0, 50), 8)
shares = st.integers(0, 10 ** 10).map(str)
dates = st.dates(date(1995, 1, 1), date(2060, 12, 31))


def optional(draw, data: dict, key: str, strategy) -> None:
    if draw(st.booleans()):
        data[key] = draw(strategy)


def address():
    return st.fixed_dictionaries(
        {"line1": words, "city": names, "state": st.sampled_from(STATES),
         "postal_code": st.tuples(digits(5, 5), st.sampled_from(["", "-1234"])).map("".join)},
        optional={"line2": words})


person = st.fixed_dictionaries({"name": names, "title": words})


@st.composite
def investor(draw, name: str) -> dict:
    data = {"name": name, "kind": draw(enum_of(model.InvestorKind)),
            "accredited": draw(st.booleans())}
    if not data["accredited"] or draw(st.booleans()):
        data["sophisticated"] = draw(st.booleans())
    optional(draw, data, "accredited_basis", st.sampled_from(
        [f"501(a)({n})" for n in range(1, 14)]))
    optional(draw, data, "state", st.sampled_from(STATES))
    optional(draw, data, "address", address())
    optional(draw, data, "signatory", person)
    optional(draw, data, "relationship", st.fixed_dictionaries(
        {"kind": enum_of(model.RelationshipKind), "description": words}))
    optional(draw, data, "voting_power_percent", percents)
    optional(draw, data, "verification", st.fixed_dictionaries(
        {"method": enum_of(model.VerificationMethod), "date": dates},
        optional={"written_representations": st.booleans()}))
    return data


@st.composite
def note(draw, holder: str, id_: str | None) -> dict:
    principal = draw(money(1_000, 5_000_000))
    cents = int(principal * 100)
    purchase = Decimal(draw(st.integers(cents // 2, cents))) / 100
    issue = draw(dates)
    term = draw(st.integers(30, 1_800))
    maturity = issue + timedelta(days=term)
    rate = draw(percents)
    interest = {"rate_percent": rate, "basis": draw(enum_of(model.InterestBasis)),
                "day_count": draw(enum_of(model.DayCount)), "payable": draw(enum_of(model.Payable))}
    optional(draw, interest, "payable_in", enum_of(PayableIn))
    optional(draw, interest, "guaranteed_months", st.integers(1, 120))
    optional(draw, interest, "default_rate_percent", percents.filter(lambda p: p >= rate))

    schedule = draw(enum_of(Schedule))
    repayment: dict[str, Any] = {"schedule": schedule}
    if schedule == "amortizing":
        count = draw(st.integers(1, min(6, cents)))
        cuts = sorted(draw(st.lists(st.integers(1, cents - 1), min_size=count - 1,
                                    max_size=count - 1, unique=True))) if count > 1 else []
        bounds = [0, *cuts, cents]
        days = sorted(draw(st.lists(st.integers(1, term), min_size=count, max_size=count,
                                    unique=True)))
        repayment["installments"] = [
            {"date": issue + timedelta(days=day), "principal": Decimal(high - low) / 100}
            for day, low, high in zip(days, bounds, bounds[1:])]
    elif schedule == "on_demand":
        repayment["demand_notice_days"] = draw(st.integers(0, 365))

    prepayment: dict[str, Any] = {"permitted": draw(st.booleans())}
    if prepayment["permitted"]:
        prepayment["notice_days"] = draw(st.integers(0, 365))
        if draw(st.booleans()):
            ends = sorted(draw(st.lists(st.integers(1, 3650), min_size=1, max_size=4, unique=True)))
            prepayment["steps"] = [
                {"through_day": end,
                 "percent_of_balance": draw(decimal_text(st.integers(100, 999), 4))}
                for end in ends]
            prepayment["after_last_step"] = draw(enum_of(model.AfterLastStep))

    conversion: dict[str, Any] = {"holder_option": draw(st.booleans())}
    optional(draw, conversion, "waiting_period_days", st.integers(0, term - 1))
    optional(draw, conversion, "until", enum_of(model.ConvertUntil))
    optional(draw, conversion, "interest_convertible", st.booleans())
    automatic = draw(st.booleans())
    if conversion["holder_option"] or automatic or draw(st.booleans()):
        price: dict[str, Any] = {}
        kinds = draw(st.sampled_from([("fixed",), ("variable",), ("fixed", "variable")]))
        if "fixed" in kinds:
            price["fixed"] = {"price": draw(prices)}
            if draw(st.booleans()):
                price["fixed"]["down_round"] = {"method": draw(enum_of(model.DownRoundMethod))}
                optional(draw, price["fixed"]["down_round"], "floor", prices)
        if "variable" in kinds:
            variable = {"percent_of_market": draw(positive_percents),
                        "measure": draw(enum_of(model.Measure)),
                        "lookback_trading_days": draw(st.integers(1, 60))}
            optional(draw, variable, "includes_conversion_date", st.booleans())
            optional(draw, variable, "floor", prices)
            optional(draw, variable, "cap", prices.filter(lambda p: p >= variable.get("floor", 0)))
            price["variable"] = variable
        conversion["price"] = price
    if automatic:
        conversion["automatic"] = {"minimum_gross_proceeds": draw(money()),
                                   "percent_of_financing_price": draw(positive_percents)}
    if draw(st.booleans()):
        cap = {"percent": draw(positive_percents.filter(lambda p: p < 99))}
        if draw(st.booleans()):
            cap["increase_to_percent"] = cap["percent"] + draw(decimal_text(
                st.integers(0, int(99 - cap["percent"])), 2).filter(lambda p: p > 0))
            cap["increase_notice_days"] = draw(st.integers(0, 365))
        conversion["beneficial_ownership_cap"] = cap
    optional(draw, conversion, "share_reserve_multiple", decimal_text(st.integers(1, 99), 2))
    optional(draw, conversion, "delivery_trading_days", st.integers(1, 30))
    optional(draw, conversion, "fractional_shares", enum_of(model.Fractions))

    collateral = draw(enum_of(model.Collateral))
    secured_only = {"security_agreement_breach", "loss_of_lien_priority"}
    events = draw(st.lists(enum_of(model.DefaultEvent), min_size=1, unique=True).filter(
        lambda chosen: collateral != "none" or not secured_only & set(chosen)))
    defaults: dict[str, Any] = {"events": events}
    optional(draw, defaults, "cure_days", st.integers(1, 365))
    optional(draw, defaults, "default_amount_percent", decimal_text(st.integers(100, 999), 4))

    security: dict[str, Any] = {"collateral": collateral}
    if collateral == "specified_assets" or draw(st.booleans()):
        security["collateral_description"] = draw(words)
    if collateral == "by_reference":
        security["security_agreement"] = draw(names)
    else:
        optional(draw, security, "security_agreement", names)
    optional(draw, security, "ranking", enum_of(model.Ranking))

    data: dict[str, Any] = {}
    if id_ is not None:
        data["id"] = id_
    data |= {"holder": holder, "title": draw(words), "principal": principal,
             "purchase_price": purchase, "issue_date": issue, "maturity_date": maturity,
             "interest": interest, "repayment": repayment, "prepayment": prepayment,
             "conversion": conversion, "events_of_default": defaults, "security": security,
             "governing_law": draw(st.sampled_from(STATE_NAMES))}
    if draw(st.booleans()) and purchase > 0:
        fee = Decimal(draw(st.integers(0, int(purchase * 100)))) / 100
        data["fees_withheld"] = [{"description": draw(words), "amount": fee}]
    optional(draw, data, "funding_date",
             st.integers(0, 60).map(lambda days: issue + timedelta(days=days)))
    return data


@st.composite
def deals(draw) -> dict:
    """A deal that passes the schema and every structural check, built around the seed's issuer."""
    investor_names = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    investors = [draw(investor(name)) for name in investor_names]
    count = draw(st.integers(1, 3))
    ids = draw(st.lists(st.sampled_from(["a", "b", "c", "tranche-1", "tranche-2", "2019-a", "x9",
                                         "note-with-a-long-identifier-3"]),
                        min_size=count, max_size=count, unique=True))
    if count == 1 and draw(st.booleans()):
        ids = [None]
    notes = [draw(note(draw(st.sampled_from(investor_names)), id_)) for id_ in ids]
    sold = sum(n["purchase_price"] for n in notes)

    issuer = json.loads(SEED_ISSUER)
    issuer["emerging_growth_company"] = draw(st.booleans())
    if issuer["emerging_growth_company"]:
        issuer["elected_not_to_use_extended_transition_period"] = draw(st.booleans())
    issuer["address"] = draw(address())
    stock = issuer["common_stock"]
    stock["market"] = draw(enum_of(Market))
    stock["par_value"] = draw(prices)
    if Market(stock["market"]).is_exchange:
        stock["symbol"] = draw(st.sampled_from(["ASTI", "A", "BRK.B", "ABCDEF"]))
    elif draw(st.booleans()):
        del stock["symbol"]
    if draw(st.booleans()):
        authorized = draw(st.integers(1, 10 ** 10))
        stock["shares_authorized"] = str(authorized)
        stock["shares_outstanding"] = str(draw(st.integers(0, authorized)))
        stock["shares_outstanding_as_of"] = draw(dates)
        optional(draw, stock, "shares_reserved", shares)
    optional(draw, issuer, "reporting_since", dates)
    optional(draw, issuer, "current_in_reports", st.booleans())
    optional(draw, issuer, "covered_persons", st.lists(st.fixed_dictionaries(
        {"name": names, "roles": st.lists(enum_of(model.CoveredRole), min_size=1, unique=True)}),
        min_size=1, max_size=3))

    offering: dict[str, Any] = {
        "exemptions": draw(st.lists(enum_of(model.Exemption), min_size=1, unique=True)),
        "general_solicitation": draw(st.booleans()), "first_sale_date": draw(dates)}
    if draw(st.booleans()):
        offering["gross_proceeds"] = sold
    if draw(st.booleans()):
        offering["total_offering_amount"] = sold + draw(money(0, 1_000_000))
    optional(draw, offering, "minimum_investment", money())
    optional(draw, offering, "use_of_proceeds", words)
    optional(draw, offering, "restricted_legend", st.booleans())
    optional(draw, offering, "proceeds_received_date", dates)
    optional(draw, offering, "bad_actor_inquiry", st.fixed_dictionaries(
        {"completed_date": dates, "disqualifying_event_found": st.booleans()},
        optional={"pre_2013_events": st.booleans(), "pre_2013_events_disclosed_date": dates}))
    optional(draw, offering, "form_d", st.fixed_dictionaries(
        {"filed_date": dates}, optional={
            "last_amendment_date": dates, "offering_ongoing": st.booleans(),
            "accession_number": st.tuples(digits(10, 10), digits(2, 2), digits(6, 6)).map(
                "-".join)}))
    optional(draw, offering, "state_notices", st.lists(st.fixed_dictionaries(
        {"state": st.sampled_from(STATES), "filed_date": dates}), min_size=1, max_size=3))

    event = draw(dates)
    numbers = draw(st.lists(st.tuples(st.integers(1, 999).map(str),
                                      st.sampled_from(["", ".1", ".10", ".123"]),
                                      st.sampled_from(["", "a"])).map("".join),
                            min_size=1, max_size=4, unique=True))
    exhibits = []
    for number in numbers:
        exhibit = {"number": number, "title": draw(words),
                   "document": draw(enum_of(model.ExhibitDocument))}
        if ids != [None] and draw(st.booleans()):
            exhibit["note"] = draw(st.sampled_from(ids))
        exhibits.append(exhibit)
    form_8k: dict[str, Any] = {
        "event_date": event, "report_date": event + timedelta(days=draw(st.integers(0, 10))),
        "exhibits": exhibits, "signatory": draw(person)}
    optional(draw, form_8k, "submission_time", st.datetimes(
        datetime(1995, 1, 1), datetime(2060, 12, 31)).map(lambda t: t.strftime("%Y-%m-%dT%H:%M")))
    optional(draw, form_8k, "unreported_equity_sales_shares", shares)

    deal: dict[str, Any] = {"schema_version": 1, "issuer": issuer, "investors": investors,
                            "notes": notes, "offering": offering, "form_8k": form_8k}
    optional(draw, deal, "agreement", st.fixed_dictionaries({"title": words, "date": dates}))
    if draw(st.booleans()):
        deal["warrants"] = [{
            "holder": draw(st.sampled_from(investor_names)), "title": draw(words),
            "shares": draw(shares), "exercise_price": draw(prices), "issue_date": start,
            "expiration_date": start + timedelta(days=draw(st.integers(1, 3650))),
            "cashless_exercise": draw(st.booleans())} for start in draw(st.lists(dates, min_size=1,
                                                                                max_size=2))]
    optional(draw, deal, "commitment_shares", st.lists(st.fixed_dictionaries(
        {"holder": st.sampled_from(investor_names), "shares": shares, "issue_date": dates}),
        min_size=1, max_size=2))
    optional(draw, deal, "registration_rights", st.fixed_dictionaries(
        {"filing_deadline_days": st.integers(1, 365),
         "effectiveness_deadline_days": st.integers(1, 730)},
        optional={"agreement_title": words, "liquidated_damages_percent_per_month": percents}))
    optional(draw, deal, "placement_agents", st.lists(st.fixed_dictionaries(
        {"name": names, "registered_broker_dealer": st.booleans()},
        optional={"crd_number": digits(1, 8),
                  "cash_fee_percent": percents, "cash_fee_amount": money(),
                  "warrant_coverage_percent": percents}), min_size=1, max_size=2))
    optional(draw, deal, "market_data", st.fixed_dictionaries(
        {"as_of": dates}, optional={"conversion_measure_price": prices, "closing_price": prices,
                                    "five_day_average_closing_price": prices}))
    paths = ["notes[0].governing_law", "notes[0].interest.day_count", "issuer.cik",
             "form_8k.signatory.name", "offering.first_sale_date", "notes[0].conversion"]
    optional(draw, deal, "placeholders", st.lists(st.sampled_from(paths), min_size=1, unique=True))
    return deal


def to_yaml(value: Any, indent: int = 0) -> list[str]:
    """A small block-style emitter: every string, amount and date double-quoted."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines.extend(to_yaml(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {scalar(item)}")
        return lines
    lines = []
    for item in value:
        if isinstance(item, (dict, list)) and item:
            inner = to_yaml(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def assert_version_1_price(value: model.PriceExpression, data: dict, path: tuple) -> None:
    """Version 1's fixed and variable prices, read as the price expression they mean: the lesser
    of the two, each part located at the line the file gives it on."""
    legs = value.lesser_of or (value,)
    assert len(legs) == len(data)
    fixed = next((leg for leg in legs if leg.fixed is not None), None)
    variable = next((leg for leg in legs if leg.of is not None), None)
    if "fixed" in data:
        assert fixed.fixed == Decimal(data["fixed"]["price"])
        assert model.field_path(fixed, "fixed") == path + ("fixed", "price")
    if "variable" in data:
        given = data["variable"]
        assert variable.percent == Decimal(given["percent_of_market"])
        assert variable.of.days == given["lookback_trading_days"]
        assert variable.floor == (Decimal(given["floor"]) if "floor" in given else None)
        assert variable.cap == (Decimal(given["cap"]) if "cap" in given else None)
        assert model.field_path(variable, "percent") == path + ("variable", "percent_of_market")
        assert model.field_path(variable.of, "days") == path + ("variable",
                                                                "lookback_trading_days")


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, date):
        return f'"{value.isoformat()}"'
    if isinstance(value, Decimal):
        return f'"{value:f}"'  # never an exponent: 0E-7 is written 0.0000000
    return json.dumps(value)  # JSON's escapes are YAML's


def assert_mirrors(value: Any, data: Any, path: tuple) -> None:
    """The model value equals the generated one, type for type."""
    if path[-2:] == ("conversion", "price") and isinstance(data, dict) and (
            "variable" in data or isinstance(data.get("fixed"), dict)):
        return assert_version_1_price(value, data, path)
    if isinstance(data, dict):
        assert dataclasses.is_dataclass(value), path
        if not isinstance(value, Deal):
            assert value.path == path
        for key, item in data.items():
            assert_mirrors(getattr(value, key), item, path + (key,))
    elif isinstance(data, list):
        assert isinstance(value, tuple) and len(value) == len(data), path
        for index, (got, item) in enumerate(zip(value, data)):
            assert_mirrors(got, item, path + (index,))
    elif isinstance(value, enum.Enum):
        assert value.value == data, path
    elif isinstance(data, Decimal):
        assert type(value) is Decimal and value == data and f"{value:f}" == f"{data:f}", path
    elif isinstance(data, date):
        assert type(value) is date and value == data, path
    elif isinstance(data, str) and type(value) is int:  # share counts: quoted in the file
        assert value == int(data), path
    else:
        assert type(value) is type(data) and value == data, path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(data=deals())
def test_every_generated_deal_loads_into_the_model(tmp_path_factory, data):
    text = "\n".join(to_yaml(data)) + "\n"
    path = tmp_path_factory.getbasetemp() / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    document = load_bytes(text.encode(), str(path))
    assert schema_problems(document) == ()
    assert structural_problems(build(document)) == ()
    deal = read_deal(path)
    assert isinstance(deal, Deal)
    assert_mirrors(deal, data, ())
