"""The entry point (`dealdocs`, `python -m dealdocs`, `python build.py`): Ctrl-C at start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dealdocs.__main__ import run

ROOT = Path(__file__).resolve().parents[1]


class _InterruptedImport:
    """A Ctrl-C that lands while Python imports the command line."""

    def find_spec(self, name, path=None, target=None):
        if name == "dealdocs.cli":
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_starting_prints_one_line(monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "dealdocs.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport(), *sys.meta_path])
    assert run() == 2
    assert capsys.readouterr() == ("", "dealdocs: interrupted while starting; nothing was "
                                   "written\n")


def test_importing_the_package_imports_no_stage():
    # What the entry point imports before it can catch Ctrl-C: the package and nothing else.
    script = "import sys, dealdocs.__main__; print(sorted(m for m in sys.modules if 'dealdocs' in m))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip() == "['dealdocs', 'dealdocs.__main__']"


def test_the_package_still_offers_its_names_on_use():
    import dealdocs

    assert dealdocs.read_deal(ROOT / "filings" / "ascent-solar-2019-01-11.yaml").name
    assert dealdocs.ProblemsFound.__module__ == "dealdocs.problems"
