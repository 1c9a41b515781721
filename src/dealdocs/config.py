"""Configuration from `[tool.dealdocs]` in pyproject.toml, found the way Black finds its own.

We look in the start directory and then its parents, and read the first pyproject.toml found,
whether or not it has a [tool.dealdocs] table: a project's settings should never leak in from a
directory above it. No pyproject.toml at all means the defaults.

    [tool.dealdocs]
    extra_sec_closures = [{date = 2026-12-24, reason = "Executive order closing federal agencies"}]
    templates = "house-style"  # house-style Word templates, relative to this file

Anything wrong raises UsageError naming the file, the key and what was expected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .problems import UsageError

PYPROJECT = "pyproject.toml"
TABLE = "tool.dealdocs"  # keys in messages are dotted from the top: tool.dealdocs.x[0].date
CLOSURE_KEYS = ("date", "reason")
CLOSURE_SHAPE = '{date = 2026-12-24, reason = "…"}'
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # date.fromisoformat also takes 20261224, 2026-W52-4


@dataclass(frozen=True)
class Config:
    extra_sec_closures: Mapping[date, str] = field(default_factory=lambda: MappingProxyType({}))
    templates: Path | None = None  # a folder of house-style templates (resolved; may not exist)
    source: Path | None = None  # the pyproject.toml read, if any, for messages


def find_pyproject(start: Path | None = None) -> Path | None:
    """The first pyproject.toml in `start` (default: the current directory) or its parents."""
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        if (candidate / PYPROJECT).is_file():
            return candidate / PYPROJECT
    return None


def load_config(start: Path | None = None) -> Config:
    path = find_pyproject(start)
    if path is None:
        return Config()
    settings = _tool_table(_read_toml(path), path)
    return _config_from(settings, path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text; TOML files must be UTF-8") from None
    except tomllib.TOMLDecodeError as error:  # its message carries "(at line L, column C)"
        raise UsageError(f"{path}: not valid TOML: {error}") from None


def _tool_table(document: dict[str, Any], path: Path) -> dict[str, Any]:
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise _bad(path, "tool", "a table", tool)
    settings = tool.get("dealdocs", {})
    if not isinstance(settings, dict):
        raise _bad(path, TABLE, "a table", settings)
    return settings


def _config_from(settings: dict[str, Any], path: Path) -> Config:
    unknown = sorted(set(settings) - {"extra_sec_closures", "templates"})
    if unknown:
        raise UsageError(f"{path}: {TABLE}.{unknown[0]}: unknown key; "
                         "the settings are 'extra_sec_closures' and 'templates'")
    closures = _closures(settings.get("extra_sec_closures", []), path)
    return Config(MappingProxyType(closures), _templates(settings.get("templates"), path), path)


def _templates(value: Any, path: Path) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(path, f"{TABLE}.templates", "a folder, relative to this file, such as "
                   "\"house-style\"", value)
    return path.parent / value


def _closures(value: Any, path: Path) -> dict[date, str]:
    key = f"{TABLE}.extra_sec_closures"
    if not isinstance(value, list):
        raise _bad(path, key, f"a list of {CLOSURE_SHAPE} tables", value)
    closures: dict[date, str] = {}
    for index, item in enumerate(value):
        day, reason = _closure(item, path, f"{key}[{index}]")
        if day in closures:
            raise UsageError(f"{path}: {key}[{index}].date: {day} is listed twice")
        closures[day] = reason
    return closures


def _closure(item: Any, path: Path, key: str) -> tuple[date, str]:
    if not isinstance(item, dict):
        raise _bad(path, key, f"a table {CLOSURE_SHAPE}", item)
    for name in CLOSURE_KEYS:
        if name not in item:
            raise UsageError(f"{path}: {key}: missing {name!r}; expected {CLOSURE_SHAPE}")
    extra = sorted(set(item) - set(CLOSURE_KEYS))
    if extra:
        raise UsageError(f"{path}: {key}.{extra[0]}: unknown key; "
                         f"expected only {CLOSURE_SHAPE}")
    return _date(item["date"], path, f"{key}.date"), _reason(item["reason"], path, f"{key}.reason")


def _date(value: Any, path: Path, key: str) -> date:
    expected = "a date such as 2026-12-24 or \"2026-12-24\""
    if isinstance(value, datetime) or not isinstance(value, (date, str)):
        raise _bad(path, key, expected + " (a date, without a time)", value)
    if isinstance(value, date):
        return value
    try:
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise _bad(path, key, expected, value)


def _reason(value: Any, path: Path, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _bad(path, key, "a non-empty text, e.g. \"Executive order closing federal agencies\"",
                   value)
    return value.strip()


def _bad(path: Path, key: str, expected: str, value: Any) -> UsageError:
    return UsageError(f"{path}: {key}: expected {expected}, got {_describe(value)}")


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value.isoformat() if isinstance(value, (date, datetime)) else value)
