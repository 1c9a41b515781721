"""The template lint: every variable a template uses, and every attribute it reads of one,
exists in what the renderer gives it."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from .. import display, resources
from ..render.context import View, hints
from ..facts import Facts
from ..model import Deal
from ..problems import Location, Problem, Severity
from .checks import TEMPLATE_VARIABLE, _unique
from .text import template_name


def lint_templates(contexts: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """Every variable each template uses exists in the context the renderer gives it, and so
    does every attribute it reads of one (note.interest.rate_percent: a field of the model, an
    extra the context adds, or a property of a display value).

    `contexts` maps a template's kind (note, 8-K, checklist) to its context, as built by
    render.context for a deal; parsed with the renderer's own ENVIRONMENT. Attributes are checked
    against the model's types, so a misspelt field in a clause the deal does not use is found
    too; what cannot be known (a loop over an empty list, a value set by a filter) is let be."""
    from ..render.docx import template_ast, template_variables

    problems = []
    for kind, context in contexts.items():
        template = resources.template(kind)
        where = Location(template_name(kind), 1, 1)
        unknown = sorted(template_variables(template) - set(context))
        for name in unknown:
            problems.append(Problem(
                TEMPLATE_VARIABLE, Severity.ERROR,
                f"the template uses the variable \"{name}\", which is neither in the model nor in "
                f"the facts; the variables it may use are: {', '.join(sorted(context))}", where))
        linter = _AttributeLint({name: _shape_of(value) for name, value in context.items()})
        linter.visit(template_ast(template), {})
        for expression, owner, attribute, known in linter.unknown:
            problems.append(Problem(
                TEMPLATE_VARIABLE, Severity.ERROR,
                f"the template uses {expression}, but {owner} has no \"{attribute}\""
                + (f"; it has: {', '.join(sorted(known))}" if known else ""), where))
    return _unique(problems)


_BOOKKEEPING = ("path", "source", "legacy_names")


class _Any:
    """A value whose attributes cannot be known: any attribute is let be."""

    def __repr__(self) -> str:
        return "any"


ANY = _Any()


@dataclass(frozen=True)
class _ObjectShape:
    """What a View of a model type offers: its fields (each as a hint) and the extras."""

    kind: type
    extras: Mapping[str, Any]

    def attribute(self, name: str) -> Any:
        if name in self.extras:
            return self.extras[name]
        fields = hints(self.kind)
        if name in fields and name not in _BOOKKEEPING:
            return _shape_of_hint(fields[name])
        return ANY if name in View.extra_names(self.kind) else None

    def names(self) -> set[str]:
        return set(self.extras) | {n for n in hints(self.kind) if n not in _BOOKKEEPING} \
            | View.extra_names(self.kind)

    def __str__(self) -> str:
        return f"the model's {self.kind.__name__}"


@dataclass(frozen=True)
class _ListShape:
    item: Any


@dataclass(frozen=True)
class _MappingShape:
    items: Mapping[str, Any]
    label: str = "the mapping"

    def attribute(self, name: str) -> Any:
        if name in self.items:
            return self.items[name]
        return ANY if hasattr(dict, name) and not name.startswith("_") else None  # .items()

    def names(self) -> set[str]:
        return set(self.items)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class _ClassShape:
    """A display value (Money, Day …) or another plain object: its public attributes."""

    kind: type

    def attribute(self, name: str) -> Any:
        return ANY if name in self.names() else None

    def names(self) -> set[str]:
        return {name for name in dir(self.kind) if not name.startswith("_")} | {
            f.name for f in dataclasses.fields(self.kind)} if dataclasses.is_dataclass(
            self.kind) else {name for name in dir(self.kind) if not name.startswith("_")}

    def __str__(self) -> str:
        return f"a {self.kind.__name__} value"


def _shape_of_hint(hint: Any) -> Any:
    """What a template sees for a model value of this type (render.context.present)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, __import__("types").UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _shape_of_hint(inner[0]) if len(inner) == 1 else ANY
    if origin is typing.Annotated:
        kind = typing.get_args(hint)[1]
        if kind == "multiple":
            return ANY  # a Count or a string
        from ..render.context import KINDS

        return _ClassShape(KINDS[kind]) if kind in KINDS else ANY
    if origin is tuple:
        return _ListShape(_shape_of_hint(typing.get_args(hint)[0]))
    if hint is date:
        return _ClassShape(display.Day)
    if hint is int:
        return _ClassShape(display.Count)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _ObjectShape(hint, {})
    return ANY  # str, bool, an enum (a string in a template)


def _shape_of(value: Any) -> Any:
    """What a template sees for a context value, from the value itself."""
    if isinstance(value, View):
        target = object.__getattribute__(value, "_target")
        extras = object.__getattribute__(value, "_extra")
        return _ObjectShape(type(target), {k: _shape_of(v) for k, v in extras.items()})
    if isinstance(value, Mapping):
        return _MappingShape({str(k): _shape_of(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return _ListShape(_shape_of(value[0]) if value else ANY)
    if value is None or isinstance(value, (str, bool, int, float, Decimal)):
        return ANY
    return _ClassShape(type(value))


class _AttributeLint:
    """Walks a template's syntax tree and records each attribute read of a known shape that the
    shape does not have."""

    def __init__(self, roots: Mapping[str, Any]):
        self.roots = roots
        self.unknown: list[tuple[str, str, str, set[str]]] = []

    def visit(self, node, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            item = self.shape(node.iter, scope)
            inner = dict(scope)
            for name in _target_names(node.target):
                inner[name] = ANY
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = item.item if isinstance(item, _ListShape) else ANY
            inner["loop"] = ANY
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            for name in _target_names(node.target):
                scope[name] = ANY
            if isinstance(node.target, nodes.Name):
                scope[node.target.name] = self.shape(node.node, scope)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            self.shape(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def shape(self, node, scope: dict[str, Any]) -> Any:
        """The shape of an expression; records an unknown attribute on the way."""
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return self.roots.get(node.name, ANY)
        if isinstance(node, nodes.Getattr):
            owner = self.shape(node.node, scope)
            return self._attribute(node, owner, node.attr)
        if isinstance(node, nodes.Getitem):
            owner = self.shape(node.node, scope)
            self.visit(node.arg, scope)
            if isinstance(owner, _ListShape):
                return owner.item
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._attribute(node, owner, node.arg.value)
            return ANY
        self.visit(node, scope)
        return ANY

    def _attribute(self, node, owner: Any, name: str) -> Any:
        if owner is ANY or isinstance(owner, _ListShape):
            return ANY
        found = owner.attribute(name)
        if found is None:
            self.unknown.append((_expression(node), str(owner), name, owner.names()))
            return ANY
        return found


def _target_names(target) -> list[str]:
    from jinja2 import nodes

    if isinstance(target, nodes.Name):
        return [target.name]
    if isinstance(target, nodes.Tuple):
        return [name for item in target.items for name in _target_names(item)]
    return []


def _expression(node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expression(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        key = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_expression(node.node)}[{key!r}]"
    return "…"


def template_contexts(deal: Deal, facts: Facts, findings: tuple[Problem, ...]
                      ) -> dict[str, dict[str, Any]]:
    """What each template sees: the renderer's own contexts (the first note's for the note)."""
    from ..render.package import jobs

    contexts: dict[str, dict[str, Any]] = {}
    for job in jobs(deal, facts, findings):
        contexts.setdefault(job.kind, job.context)
    return contexts
