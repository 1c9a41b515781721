"""The command line: `dealdocs …` and `python build.py …` are the same program.

Exit codes, which CI relies on: 0 all good; 1 problems found in a deal or its documents;
2 a usage or I/O error. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from . import read_deal
from .problems import ProblemsFound, UsageError
from .report import RENDERERS, FileReport

OK, FOUND, USAGE = 0, 1, 2

DESCRIPTION = """\
dealdocs turns one YAML file of deal terms (filings/*.yaml) into the convertible note, the
Form 8-K draft and the Regulation D checklist, and checks that they all state the same terms.

With no command, builds every deal under filings/ into out/.
"""

EPILOG = """\
exit codes: 0 all good; 1 problems found in a deal or its documents; 2 usage or I/O error.
examples:
  python build.py check                       validate every filings/*.yaml
  python build.py check filings/x.yaml --format json
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        return arguments.run(arguments)
    except UsageError as error:
        print(f"dealdocs: error: {error}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("dealdocs: interrupted; earlier outputs are untouched", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        return USAGE
    except Exception as error:  # a bug in dealdocs: say so plainly, never a traceback
        if os.environ.get("DEALDOCS_DEBUG"):
            raise
        print(f"dealdocs: internal error: {type(error).__name__}: {error}\n"
              "This is a bug in dealdocs, not in your deal file; set DEALDOCS_DEBUG=1 for details.",
              file=sys.stderr)
        return USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dealdocs", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=_run_check, files=[], format="text")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="validate deal files and report problems and compliance findings",
        description="Validate each deal file against the schema and the structural checks, run "
        "the compliance rules, and report. Writes nothing.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("files", nargs="*", metavar="FILE",
                       help="deal files (default: every filings/*.yaml)")
    check.add_argument("--format", choices=sorted(RENDERERS), default="text",
                       help="output format (default: text)")
    check.set_defaults(run=_run_check)
    return parser


def deal_files(given: Sequence[str]) -> list[Path]:
    if given:
        return [Path(name) for name in given]
    found = sorted(Path("filings").glob("*.yaml"))
    if not found:
        raise UsageError("no deal files given and none found in filings/*.yaml")
    return found


def check_file(path: Path) -> FileReport:
    try:
        read_deal(path)
    except ProblemsFound as found:
        return FileReport(str(path), problems=found.problems)
    return FileReport(str(path))


def _run_check(arguments: argparse.Namespace) -> int:
    reports = [check_file(path) for path in deal_files(arguments.files)]
    sys.stdout.write(RENDERERS[arguments.format](reports))
    return OK if all(report.ok for report in reports) else FOUND


