"""The stand-in dei taxonomy package (tests/edgar/dei_taxonomy.py): deterministic, and it declares
every element the SEC's 8-K cover rules name. No Arelle needed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from dei_taxonomy import build_dei_package, dei_schema, package_members

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT.parent / "shared" / "reference" / "edgar" / "dei-8k-inline-requirements.txt"
needs_shared = pytest.mark.skipif(not REQUIREMENTS.exists(),
                                  reason="../shared is not checked out here")


def test_the_package_is_deterministic(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = build_dei_package(2022, tmp_path / "a"), build_dei_package(2022, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert sorted(archive.namelist()) == sorted(package_members(2022))


@needs_shared
def test_the_stand_in_declares_every_element_the_8k_rules_name() -> None:
    named = set()
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            columns = [c.strip() for c in line.split("|")]
            named.update(filter(None, ",".join((columns[4], columns[7])).split(",")))
    declared = set(re.findall(r'name="(\w+)"', dei_schema(2022).decode()))
    assert named and named <= declared, named - declared
