"""Where the schema and the templates are: bundled in the wheel, or at the top of the checkout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_BUNDLED = Path(__file__).parent / "_data"
_CHECKOUT = Path(__file__).resolve().parents[2]


TEMPLATES = ("note", "8-K", "checklist")  # templates/<name>.docx, one per kind of document


# The house-style folder of the deal being rendered or checked. It is set from the deal itself
# (see house_style), around the stages that read templates, so that the renderer, the lint and
# the consistency checks always read the same template of a document.
_HOUSE_STYLE: ContextVar[Path | None] = ContextVar("house_style", default=None)


def template(name: str) -> Path:
    """The Word template of one kind of document: the house style's, if it has one."""
    house = _HOUSE_STYLE.get()
    if house is not None and (house / f"{name}.docx").is_file():
        return house / f"{name}.docx"
    return shipped_template(name)


def shipped_template(name: str) -> Path:
    return path("templates", f"{name}.docx")


@contextmanager
def house_style(folder: Path | None) -> Iterator[None]:
    """Read templates from `folder` first (a deal's `template_folder`), for the block's length."""
    token = _HOUSE_STYLE.set(folder)
    try:
        yield
    finally:
        _HOUSE_STYLE.reset(token)


def path(kind: str, *parts: str) -> Path:
    """The path of a shipped resource: kind is "schemas" or "templates"."""
    base = _BUNDLED / kind if (_BUNDLED / kind).is_dir() else _CHECKOUT / kind
    return base.joinpath(*parts)
