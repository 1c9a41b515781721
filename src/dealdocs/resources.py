"""Where the schema and the templates are: bundled in the wheel, or at the top of the checkout."""

from __future__ import annotations

from pathlib import Path

_BUNDLED = Path(__file__).parent / "_data"
_CHECKOUT = Path(__file__).resolve().parents[2]


TEMPLATES = ("note", "8-K", "checklist")  # templates/<name>.docx, one per kind of document


def template(name: str) -> Path:
    """The Word template of one kind of document."""
    return path("templates", f"{name}.docx")


def path(kind: str, *parts: str) -> Path:
    """The path of a shipped resource: kind is "schemas" or "templates"."""
    base = _BUNDLED / kind if (_BUNDLED / kind).is_dir() else _CHECKOUT / kind
    return base.joinpath(*parts)
