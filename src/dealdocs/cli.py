"""The command line: `dealdocs …` and `python build.py …` are the same program.

Exit codes, which CI relies on: 0 all good; 1 problems found in a deal or its documents;
2 a usage or I/O error. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator, Sequence

from . import facts, resources
from .calendar import SecCalendar, default_calendar
from .config import load_config
from .problems import ProblemsFound, UsageError, quoted, shorten
from .render import FORMATS
from .report import DEAL_VALID, RENDERERS, FileReport, render_text, text_line
from .resources import TEMPLATES
from .rules.phrases import form_8k_due_sentence, form_d_due_sentence

# The stages that render (docxtpl, consistency) are imported inside the commands that use them,
# so that `deadlines` and `--help` start without them.

OK, FOUND, USAGE = 0, 1, 2

DESCRIPTION = """\
dealdocs turns one YAML file of deal terms (filings/*.yaml) into the convertible note, the
Form 8-K draft and the Regulation D checklist, and checks that they all state the same terms.

With no command, builds every deal under filings/ into out/ (the same as `build`).
"""

EPILOG = """\
exit codes: 0 all good; 1 problems found in a deal or its documents; 2 usage or I/O error.
examples:
  python build.py                             build every filings/*.yaml into out/
  python build.py build filings/x.yaml -o drafts --format docx
  python build.py check                       validate every filings/*.yaml
  python build.py check filings/x.yaml --format json
  python build.py check --format junit > dealdocs.xml    JUnit XML for CI
  python build.py check --outputs out         fail if the committed out/ is stale
  python build.py verify filings/x.yaml --against executed-note.pdf
  python build.py redline filings/x.yaml --since HEAD~1 -o redlines
  python build.py redline old/x.yaml filings/x.yaml -o redlines --format docx
  python build.py deadlines 2019-01-11 --format json
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        status = arguments.run(arguments)
        sys.stdout.flush()  # so that a full disk under stdout is reported here, not at exit
        return status
    except UsageError as error:
        print(f"dealdocs: error: {error}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("dealdocs: interrupted; earlier outputs are untouched", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        return USAGE
    except OSError as error:  # the file system refused: an I/O error, not a bug
        print(f"dealdocs: error: {_io_error(error)}", file=sys.stderr)
        return USAGE
    except Exception as error:  # a bug in dealdocs: say so plainly, never a traceback
        if os.environ.get("DEALDOCS_DEBUG"):
            raise
        print(f"dealdocs: internal error: {type(error).__name__}: {error}\n"
              "This is a bug in dealdocs, not in your deal file; set DEALDOCS_DEBUG=1 for details.",
              file=sys.stderr)
        return USAGE


def _io_error(error: OSError, path: object = None) -> str:
    """"cannot write PATH: reason" for an OSError: the path it names, else `path`. Without
    either, the write that failed is one to stdout (every file dealdocs opens has a name)."""
    reason = error.strerror or str(error)
    if error.errno == errno.EFBIG:
        reason += " (the file-size limit, `ulimit -f`, is reached)"
    where = error.filename if error.filename is not None else path
    if where is None:
        _silence_stdout()
        return f"cannot write the standard output: {reason}"
    verb = "write" if error.errno in _WRITE_ERRORS or path is not None else "read or write"
    return f"cannot {verb} {where}: {reason}"


_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's own flush at exit does not fail again
    with a traceback of its own."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing will flush it
        pass


@contextmanager
def _writing(directory: Path) -> Iterator[None]:
    """Any OSError while the outputs are written is an I/O error naming the path."""
    try:
        yield
    except OSError as error:
        raise UsageError(_io_error(error, directory)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dealdocs", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=_run_build, files=[], output=Path("out"), formats=FORMATS)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = _command(commands, "build", help="render the note, the 8-K and the checklist of each deal (DOCX and PDF)",
        description="Render each deal's documents into DIR/<deal>/, with a manifest of their "
        "sha256 digests. Everything is rendered in memory first and then renamed into place, so "
        "a deal that fails leaves its earlier outputs untouched.")
    build.add_argument("files", nargs="*", metavar="FILE",
                       help="deal files (default: every filings/*.yaml)")
    build.add_argument("-o", "--output", type=Path, default=Path("out"), metavar="DIR",
                       help="output directory (default: out)")
    build.add_argument("--format", dest="formats", type=_formats, default=FORMATS,
                       metavar="docx,pdf", help="formats to write (default: docx,pdf)")
    build.set_defaults(run=_run_build)

    check = _command(commands, "check", help="validate deal files, check their documents, and report problems and "
        "compliance findings",
        description="Validate each deal file against the schema and the structural checks, run "
        "the compliance rules, render every document in memory and check that each states the "
        "deal's terms (and that each PDF says what its DOCX says), lint the templates, and "
        "report. Writes nothing.")
    check.add_argument("files", nargs="*", metavar="FILE",
                       help="deal files (default: every filings/*.yaml)")
    check.add_argument("--format", choices=sorted(RENDERERS), default="text",
                       help="output format: text, json, junit (JUnit XML) or github (GitHub "
                       "Actions annotations) (default: text)")
    check.add_argument("--no-pdf", dest="pdf", action="store_false",
                       help="do not print the PDFs to compare their words with the DOCX's "
                       "(about 2 s a deal faster); the DOCX text is still checked")
    check.add_argument("--outputs", type=Path, metavar="DIR",
                       help="also fail if the outputs committed under DIR/<deal>/ differ from "
                       "what `build -o DIR` would write now")
    check.set_defaults(run=_run_check)

    verify = _command(commands, "verify", help="check an outside note (DOCX or PDF) against a deal file",
        description="Read DOC, a note as negotiated or executed (.docx or .pdf), and report "
        "every key term of the deal file that DOC leaves out or states differently, each at "
        "its place in the deal file with the words of DOC that disagree. Exit 1 if DOC "
        "disagrees with the deal file, 0 if it is consistent.")
    verify.add_argument("file", type=Path, metavar="FILE", help="the deal file")
    verify.add_argument("--against", type=Path, required=True, metavar="DOC",
                        help="the note to check, a .docx or .pdf file")
    verify.add_argument("--note", metavar="ID",
                        help="which note of the deal DOC is (default: the only one, or the one "
                        "whose holder DOC names)")
    verify.add_argument("--format", choices=sorted(RENDERERS), default="text",
                        help="output format (default: text)")
    verify.set_defaults(run=_run_verify)

    deadlines = _command(commands, "deadlines", help="the 8-K and Form D due dates for an event or first sale on DATE",
        description="Print the Form 8-K due date for an event on DATE (the 4th SEC business day "
        "after it, General Instruction B.1) and the Form D due date for a first sale on DATE (15 "
        "calendar days after it, rolled forward to a business day, Rule 503(a)(1)). Extra SEC "
        "closures come from [tool.dealdocs] in pyproject.toml.")
    deadlines.add_argument("date", type=_iso_date, metavar="DATE",
                           help="the event or first-sale date, written YYYY-MM-DD")
    deadlines.add_argument("--format", choices=("text", "json"), default="text",
                           help="output format (default: text)")
    deadlines.set_defaults(run=_run_deadlines)

    redline = _command(commands, "redline", help="what changed between two versions of a deal: "
        "tracked-changes DOCX and marked-up PDF of each document",
        description="Compare two versions of a deal, OLD and NEW (two deal files), or FILE as "
        "committed at git revision REV and FILE as it is now (--since REV). Both versions are "
        "rendered as `build` renders them, and for each document (each note, the 8-K, the "
        "checklist) DIR receives <deal>-<kind>-redline.docx, the new document with Word tracked "
        "changes (accept or reject them in Word), and <deal>-<kind>-redline.pdf, with deletions "
        "struck through in red and insertions underlined in blue. Changes are marked word by "
        "word; an amount, a percentage or a date changes as a whole.")
    redline.add_argument("files", nargs="+", metavar="FILE",
                         help="OLD NEW (two deal files), or one deal file with --since")
    redline.add_argument("--since", metavar="REV",
                         help="compare FILE as committed at this git revision (HEAD~1, a branch, "
                         "a tag, a commit id) with FILE as it is now")
    redline.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                         help="the directory to write the redlines into")
    redline.add_argument("--format", dest="formats", type=_formats, default=FORMATS,
                         metavar="docx,pdf", help="formats to write (default: docx,pdf)")
    redline.set_defaults(run=_run_redline)

    templates = _command(commands, "templates", help="print a Word template's text with its tags, for review in a diff",
        description="Print the text of a Word template under templates/, tags included, one "
        "paragraph per line (table cells separated by ' | '), so that a change to a template can "
        "be reviewed as text in a pull request.")
    templates.add_argument("names", nargs="*", metavar="NAME",
                           help=f"template names (default: all): {', '.join(TEMPLATES)}")
    templates.set_defaults(run=_run_templates)
    return parser


def _iso_date(text: str) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{quoted(text)} is not a real calendar date") from None
    raise argparse.ArgumentTypeError(f"expected a date written YYYY-MM-DD, such as 2019-01-11; "
                                     f"got {quoted(text)}")


def _command(commands, name: str, *, help: str, description: str) -> argparse.ArgumentParser:
    return commands.add_parser(name, help=help, description=description, epilog=EPILOG,
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {shorten(', '.join(unknown)) or quoted(text)}; "
            f"choose from {','.join(FORMATS)}")
    return chosen


def deal_files(given: Sequence[str]) -> list[Path]:
    if given:
        return [Path(name) for name in given]
    found = sorted([*Path("filings").glob("*.yaml"), *Path("filings").glob("*.yml")])
    if not found:
        raise UsageError("no deal files given and none found in filings/*.yaml")
    return found


def check_file(path: Path, calendar: SecCalendar | None = None, *, documents: bool = True,
               pdf: bool = True, outputs: Path | None = None) -> FileReport:
    """Everything `check` reports on one deal file. documents: render and check the documents
    (the consistency package); pdf: print the PDFs too; outputs: compare with committed outputs."""
    from . import consistency
    from .pipeline import analyse

    try:
        analysis = analyse(path, calendar or default_calendar(load_config()))
    except ProblemsFound as found:
        return FileReport(str(path), problems=found.problems, checks=(DEAL_VALID,))
    if not documents:
        return FileReport(str(path), findings=analysis.findings,
                          checks=consistency.check_ids())
    problems, findings = consistency.check_analysis(
        analysis, pdf=pdf, outputs=outputs,
        deal_bytes=path.read_bytes() if outputs is not None else None)
    return FileReport(str(path), problems=tuple(problems),
                      findings=analysis.findings + tuple(findings),
                      checks=consistency.check_ids(outputs is not None, pdf))


def _run_build(arguments: argparse.Namespace) -> int:
    from .pipeline import analyse
    from .render.package import output_files, render_documents
    from .write import write_outputs

    calendar = default_calendar(load_config())
    status = OK
    for path in deal_files(arguments.files):
        try:
            analysis = analyse(path, calendar)
        except ProblemsFound as found:
            sys.stdout.write(render_text([FileReport(str(path), problems=found.problems)]))
            status = FOUND
            continue
        documents = render_documents(analysis.deal, analysis.facts, analysis.findings,
                                     arguments.formats)
        target = arguments.output / analysis.deal.name
        files = output_files(documents, arguments.formats, path.read_bytes())
        with _writing(target):
            write_outputs(target, files)
        errors = [finding for finding in analysis.findings if finding.is_error]
        print(f"{path}: wrote {len(files)} files to {target}/"
              + (f"; {len(errors)} compliance error(s), see `check`" if errors else ""))
        status = max(status, FOUND if errors else OK)
    return status


def _run_check(arguments: argparse.Namespace) -> int:
    calendar = default_calendar(load_config())
    if arguments.outputs is not None and not arguments.outputs.is_dir():
        raise UsageError(f"{arguments.outputs}: no such directory (--outputs names the directory "
                         "the built outputs are committed in, such as out)")
    reports = [check_file(path, calendar, pdf=arguments.pdf, outputs=arguments.outputs)
               for path in deal_files(arguments.files)]
    sys.stdout.write(RENDERERS[arguments.format](reports))
    return OK if all(report.ok for report in reports) else FOUND


def _run_verify(arguments: argparse.Namespace) -> int:
    from . import consistency
    from .pipeline import analyse
    from .verify import read_document, verify

    calendar = default_calendar(load_config())
    text = read_document(arguments.against)  # an unreadable DOC is a usage error, first
    try:
        analysis = analyse(arguments.file, calendar)
    except ProblemsFound as found:
        sys.stdout.write(RENDERERS[arguments.format](
            [FileReport(str(arguments.file), problems=found.problems)]))
        return FOUND
    result = verify(analysis, arguments.against, arguments.note, text)
    report = FileReport(str(arguments.file), problems=result.problems,
                        checks=(consistency.TERM, consistency.VALUE, consistency.WORDS,
                                consistency.DEFINED_TERM))
    if arguments.format != "text":
        sys.stdout.write(RENDERERS[arguments.format]([report]))
        return OK if report.ok else FOUND
    note = analysis.deal.notes[result.note]
    lines = [text_line(problem) for problem in result.problems]
    errors = sum(problem.is_error for problem in result.problems)
    warnings = len(result.problems) - errors
    counts = ", ".join(part for part in (
        f"{errors} error{'s' if errors != 1 else ''}" if errors else "",
        f"{warnings} warning{'s' if warnings != 1 else ''}" if warnings else "") if part)
    which = f"note {note.id}" if note.id else "the note"
    verdict = (f"OK: {arguments.against} states the terms of {which} in {arguments.file}"
               if not errors else
               f"FAILED: {arguments.against} disagrees with {which} in {arguments.file}")
    lines.append(verdict + (f": {counts}" if counts else ""))
    sys.stdout.write("\n".join(lines) + "\n")
    return FOUND if errors else OK


def _run_redline(arguments: argparse.Namespace) -> int:
    from .redline import redline
    from .write import write_outputs

    names, analyses, reports = _redline_versions(arguments)
    if reports:
        sys.stdout.write(render_text(reports))
        return FOUND
    try:
        redlines = redline(*analyses, arguments.formats)
    except ProblemsFound as found:  # a template the redline cannot mark
        sys.stdout.write(render_text([FileReport(names[1], problems=found.problems)]))
        return FOUND
    files = {f"{document.stem}.{kind}": getattr(document, kind)
             for document in redlines for kind in arguments.formats}
    with _writing(arguments.output):
        write_outputs(arguments.output, files)
    print(f"{names[0]} → {names[1]}: wrote {len(files)} files to {arguments.output}/")
    for document in redlines:
        print(f"  {document.stem}: {_redline_summary(document)}")
    return OK


def _redline_versions(arguments: argparse.Namespace) -> tuple[list[str], list, list[FileReport]]:
    """The names and analyses of the old and new versions, or the reports of the invalid ones."""
    from .pipeline import analyse, analyse_bytes
    from .redline.git import file_at

    if arguments.since is not None and len(arguments.files) != 1:
        raise UsageError("with --since, give one deal file: its version at the revision is "
                         "compared with the file as it is now")
    if arguments.since is None and len(arguments.files) != 2:
        raise UsageError("give two deal files, OLD and NEW, or one deal file and --since REV")
    calendar = default_calendar(load_config())
    new = Path(arguments.files[-1])
    if arguments.since is not None:
        old_name, old_bytes = file_at(new, arguments.since)
        read_old = lambda: analyse_bytes(old_bytes, old_name, calendar)  # noqa: E731
    else:
        old_name = arguments.files[0]
        read_old = lambda: analyse(Path(old_name), calendar)  # noqa: E731
    names, analyses, reports = [old_name, str(new)], [], []
    for name, read in zip(names, (read_old, lambda: analyse(new, calendar))):
        try:
            analyses.append(read())
        except ProblemsFound as found:
            reports.append(FileReport(name, problems=found.problems))
    return names, analyses, reports


def _redline_summary(document) -> str:
    from .redline import ADDED, REMOVED

    if document.status == ADDED:
        return "only in the new version: all of it inserted"
    if document.status == REMOVED:
        return "only in the old version: all of it deleted"
    if document.insertions or document.deletions:
        return (f"{_count(document.insertions, 'insertion')}, "
                f"{_count(document.deletions, 'deletion')}")
    return "no changes"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _run_deadlines(arguments: argparse.Namespace) -> int:
    calendar = default_calendar(load_config())
    try:
        form_8k = facts.form_8k_deadline(arguments.date, calendar)
        form_d = facts.form_d_deadline(arguments.date, calendar)
    except ValueError as error:  # a date the SEC calendar does not cover
        raise UsageError(f"cannot compute deadlines for {arguments.date}: {error}") from None
    closure = calendar.closure_reason(arguments.date)
    notes = [form_8k_due_sentence(form_8k, calendar.closure_reason), form_d_due_sentence(form_d)]
    if arguments.format == "json":
        document = {
            "date": arguments.date.isoformat(),  # the event date and the first-sale date
            "business_day": closure is None,
            "closure": closure,
            "form_8k_due": form_8k.due.isoformat(),
            "form_8k_due_if_sec_open": _iso(form_8k.due_if_open),
            "form_8k_closed_days": _closed_days(form_8k),
            "form_d_due": form_d.due.isoformat(),
            "form_d_fifteenth_day": form_d.counted_to.isoformat(),
            "form_d_due_if_sec_open": _iso(form_d.due_if_open),
            "form_d_closed_days": _closed_days(form_d),
            "notes": notes,
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("".join(f"{note}.\n" for note in notes))
    return OK


def _run_templates(arguments: argparse.Namespace) -> int:
    from .render.docx import template_text

    names = arguments.names or list(TEMPLATES)
    unknown = [name for name in names if name not in TEMPLATES]
    if unknown:
        raise UsageError(f"no template named {', '.join(unknown)}; choose from "
                         f"{', '.join(TEMPLATES)}")
    for name in names:
        if len(names) > 1:
            sys.stdout.write(f"==> templates/{name}.docx <==\n")
        sys.stdout.write(template_text(resources.template(name)))
    return OK


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _closed_days(deadline: facts.Deadline) -> list[dict[str, str]]:
    return [{"date": day.day.isoformat(), "reason": day.reason} for day in deadline.closed_days]
