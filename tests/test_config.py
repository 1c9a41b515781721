"""Configuration from [tool.dealdocs] in pyproject.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dealdocs.calendar import default_calendar
from dealdocs.config import Config, find_pyproject, load_config
from dealdocs.problems import DealdocsError, UsageError


ONE_CLOSURE = '[tool.dealdocs]\nextra_sec_closures = [{date = 2026-12-24, reason = "x"}]\n'


def _project(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(tmp_path: Path, text: str) -> str:
    path = _project(tmp_path, text)
    with pytest.raises(UsageError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message  # every message names the file
    return message


# -- good configuration -------------------------------------------------------------------------

def test_toml_date_and_string_date(tmp_path):
    _project(tmp_path, """
[tool.dealdocs]
extra_sec_closures = [
  {date = 2026-12-24, reason = "Executive order closing federal agencies"},
  {date = "2027-01-04", reason = "  Snow day  "},
]
""")
    config = load_config(tmp_path)
    assert dict(config.extra_sec_closures) == {
        date(2026, 12, 24): "Executive order closing federal agencies",
        date(2027, 1, 4): "Snow day",
    }
    assert config.source == tmp_path.resolve() / "pyproject.toml"


def test_array_of_tables_form(tmp_path):
    _project(tmp_path, """
[[tool.dealdocs.extra_sec_closures]]
date = 2026-12-24
reason = "Executive order"
""")
    assert dict(load_config(tmp_path).extra_sec_closures) == {date(2026, 12, 24): "Executive order"}


def test_found_in_a_parent_directory(tmp_path):
    _project(tmp_path, ONE_CLOSURE)
    nested = tmp_path / "filings" / "2026"
    nested.mkdir(parents=True)
    assert date(2026, 12, 24) in load_config(nested).extra_sec_closures


def test_the_first_pyproject_wins_even_without_a_dealdocs_table(tmp_path):
    _project(tmp_path, ONE_CLOSURE)
    inner = _project(tmp_path / "sub", '[project]\nname = "other"\n')
    assert find_pyproject(tmp_path / "sub") == inner.resolve()
    assert load_config(tmp_path / "sub") == Config(source=inner.resolve())


def test_no_pyproject_means_defaults(tmp_path, monkeypatch):
    monkeypatch.setattr(Path, "is_file", lambda self: False)
    assert load_config(tmp_path) == Config()


def test_defaults_to_the_current_directory(tmp_path, monkeypatch):
    _project(tmp_path, ONE_CLOSURE)
    monkeypatch.chdir(tmp_path)
    assert date(2026, 12, 24) in load_config().extra_sec_closures


def test_empty_table_and_empty_list(tmp_path):
    _project(tmp_path, "[tool.dealdocs]\n")
    assert dict(load_config(tmp_path).extra_sec_closures) == {}
    _project(tmp_path, "[tool.dealdocs]\nextra_sec_closures = []\n")
    assert dict(load_config(tmp_path).extra_sec_closures) == {}


def test_the_repository_pyproject_loads():
    root = Path(__file__).resolve().parents[1]
    assert load_config(root).source == root / "pyproject.toml"


def test_configured_closures_reach_the_calendar(tmp_path):
    _project(tmp_path, '[tool.dealdocs]\n'
                       'extra_sec_closures = [{date = 2026-12-24, reason = "Executive order"}]\n')
    calendar = default_calendar(load_config(tmp_path))
    assert calendar.closure_reason(date(2026, 12, 24)) == "Executive order"
    assert calendar.add_business_days(date(2026, 12, 23), 4) == date(2026, 12, 31)


# -- bad configuration --------------------------------------------------------------------------

def test_unparsable_toml_gives_line_and_column(tmp_path):
    message = _refusal(tmp_path, "[tool.dealdocs]\nextra_sec_closures = [{date = 2026-13-01}]\n")
    assert "not valid TOML" in message
    assert "line 2, column" in message


def test_unclosed_array(tmp_path):
    message = _refusal(tmp_path, "[tool.dealdocs]\nextra_sec_closures = [\n")
    assert "not valid TOML" in message


def test_not_utf8(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.dealdocs]\n# caf\xe9\n')
    with pytest.raises(UsageError, match="UTF-8"):
        load_config(tmp_path)


def test_unknown_key(tmp_path):
    message = _refusal(tmp_path, '[tool.dealdocs]\nextra_closures = []\n')
    assert "tool.dealdocs.extra_closures: unknown key" in message
    assert "extra_sec_closures" in message


def test_dealdocs_not_a_table(tmp_path):
    message = _refusal(tmp_path, '[tool]\ndealdocs = "yes"\n')
    assert "tool.dealdocs: expected a table, got 'yes'" in message


def test_tool_not_a_table(tmp_path):
    message = _refusal(tmp_path, 'tool = 3\n')
    assert "tool: expected a table, got 3" in message


def test_closures_not_a_list(tmp_path):
    message = _refusal(tmp_path, '[tool.dealdocs]\nextra_sec_closures = "2026-12-24"\n')
    assert "tool.dealdocs.extra_sec_closures: expected a list of" in message
    assert "got '2026-12-24'" in message


def test_closure_not_a_table(tmp_path):
    message = _refusal(tmp_path, '[tool.dealdocs]\nextra_sec_closures = [2026-12-24]\n')
    assert "tool.dealdocs.extra_sec_closures[0]: expected a table" in message


@pytest.mark.parametrize("value, shown", [
    ('"24/12/2026"', "'24/12/2026'"),
    ('"2026-02-30"', "'2026-02-30'"),
    ('"20261224"', "'20261224'"),
    ("2026-12-24T09:00:00", "'2026-12-24T09:00:00'"),
    ("20261224", "20261224"),
    ("true", "True"),
])
def test_bad_dates(tmp_path, value, shown):
    message = _refusal(tmp_path, f'[tool.dealdocs]\nextra_sec_closures = [\n'
                                 f'  {{date = 2026-12-24, reason = "ok"}},\n'
                                 f'  {{date = {value}, reason = "x"}},\n]\n')
    assert "tool.dealdocs.extra_sec_closures[1].date: expected a date such as 2026-12-24" in message
    assert message.endswith(f"got {shown}")


@pytest.mark.parametrize("value", ['""', '"   "', "3", "[]"])
def test_bad_reasons(tmp_path, value):
    message = _refusal(tmp_path, '[tool.dealdocs]\n'
                       f'extra_sec_closures = [{{date = 2026-12-24, reason = {value}}}]\n')
    assert "tool.dealdocs.extra_sec_closures[0].reason: expected a non-empty text" in message


def test_missing_reason(tmp_path):
    message = _refusal(tmp_path, '[tool.dealdocs]\nextra_sec_closures = [{date = 2026-12-24}]\n')
    assert "tool.dealdocs.extra_sec_closures[0]: missing 'reason'" in message


def test_missing_date(tmp_path):
    message = _refusal(tmp_path, '[tool.dealdocs]\nextra_sec_closures = [{reason = "x"}]\n')
    assert "tool.dealdocs.extra_sec_closures[0]: missing 'date'" in message


def test_unknown_key_in_a_closure(tmp_path):
    message = _refusal(tmp_path, '[tool.dealdocs]\nextra_sec_closures = '
                                 '[{date = 2026-12-24, reason = "x", verified = true}]\n')
    assert "tool.dealdocs.extra_sec_closures[0].verified: unknown key" in message


def test_duplicate_date(tmp_path):
    message = _refusal(tmp_path, '[tool.dealdocs]\nextra_sec_closures = [\n'
                                 '  {date = 2026-12-24, reason = "a"},\n'
                                 '  {date = "2026-12-24", reason = "b"},\n]\n')
    assert "tool.dealdocs.extra_sec_closures[1].date: 2026-12-24 is listed twice" in message


def test_a_directory_named_pyproject_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").mkdir()
    assert load_config(tmp_path) == Config()


def test_usage_errors_belong_to_the_hierarchy(tmp_path):
    _project(tmp_path, "tool = [\n")
    with pytest.raises(DealdocsError):
        load_config(tmp_path)
