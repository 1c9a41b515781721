"""The command line: `dealdocs …` and `python build.py …` are the same program.

Exit codes, which CI relies on: 0 all good; 1 problems found in a deal or its documents;
2 a usage or I/O error. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import errno
import json
import os
import re
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from .parallel import documents_in_parallel, in_order
from .problems import (Problem, ProblemsFound, Severity, Status, UsageError, quoted,
                       shorten)
from .render import FORMATS
from .report import DEAL_VALID, RENDERERS, FileReport, render_text, text_line
from .resources import TEMPLATES

if TYPE_CHECKING:
    from .calendar import SecCalendar
    from .facts import Deadline

# The stages (load, validate, facts with its holiday calendar, docxtpl, consistency) are imported
# inside the commands that use them, so that `--help` and a usage error start without them.

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
    try:
        arguments = _parser().parse_args(argv)
        status = arguments.run(arguments)
        sys.stdout.flush()  # so that a full disk under stdout is reported here, not at exit
        return status
    except UsageError as error:
        print(f"dealdocs: error: {error}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("dealdocs: interrupted; each deal's outputs are whole: its earlier set, or its new "
              "one if the switch had happened", file=sys.stderr)
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
    parser.set_defaults(run=_run_build, files=[], output=Path("out"), formats=FORMATS,
                        jobs=_cores(), no_cache=False)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = _command(commands, "build", help="render the note, the 8-K and the checklist of each deal (DOCX and PDF)",
        description="Render each deal's documents into DIR/<deal>/, with a manifest of their "
        "sha256 digests. DIR/<deal>/ is replaced as a whole, in one atomic step, once every new "
        "file is written: a deal that fails or is interrupted keeps its earlier set, and no "
        "file of an earlier build stays beside the new ones.")
    build.add_argument("files", nargs="*", metavar="FILE",
                       help="deal files (default: every filings/*.yaml)")
    build.add_argument("-o", "--output", type=Path, default=Path("out"), metavar="DIR",
                       help="output directory (default: out)")
    build.add_argument("--format", dest="formats", type=_formats, default=FORMATS,
                       metavar="docx,pdf", help="formats to write (default: docx,pdf)")
    _jobs_option(build)
    _no_cache_option(build)
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
    check.add_argument("--final", action="store_true",
                       help="the deal is about to be signed or filed: every placeholder value "
                       "(`placeholder`, or listed under `placeholders:`) is an error, not a "
                       "warning")
    _jobs_option(check)
    _no_cache_option(check)
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

    migrate = _command(commands, "migrate", help="rewrite deal files written in version 1 of "
        "the deal language as version 2, keeping their comments",
        description="Rewrite each deal file written in version 1 of the deal language (the "
        "older `fixed:`/`variable:` conversion price) as version 2. The deal does not change, "
        "and dealdocs checks that before it writes: the note and the 8-K stay word for word the "
        "same, and the checklist only loses its reminder to migrate. Only the lines that must "
        "change are rewritten; comments, blank lines, the order of fields and quotes stay as "
        "they were. A file already in version 2 is left alone; a file with errors is not "
        "touched (fix them first, as `check` shows them). Each file is replaced in one step, "
        "so a failure or Ctrl-C leaves it as it was. In CI, `migrate --check` lists the files "
        "still in version 1 and fails if there are any.")
    migrate.add_argument("files", nargs="*", metavar="FILE",
                         help="deal files (default: every filings/*.yaml)")
    migrate.add_argument("--check", action="store_true",
                         help="change nothing; list the files that still need migrating and "
                         "exit 1 if there are any (for CI)")
    migrate.set_defaults(run=_run_migrate)

    templates = _command(commands, "templates", help="print a Word template's text with its tags, for review in a diff",
        description="Print the text of a Word template under templates/, tags included, one "
        "paragraph per line (table cells separated by ' | '), so that a change to a template can "
        "be reviewed as text in a pull request.")
    templates.add_argument("names", nargs="*", metavar="NAME",
                           help=f"template names (default: all): {', '.join(TEMPLATES)}")
    templates.add_argument("--init", type=Path, metavar="DIR",
                           help="copy the shipped templates into DIR, to start a house style "
                           "from (then name DIR as `templates:` in a deal file, or as "
                           "`templates` under [tool.dealdocs] in pyproject.toml)")
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


def _jobs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("-j", "--jobs", type=_positive, default=_cores(), metavar="N",
                         help="deals handled at once, each in its own process (default: the "
                         f"number of cores, here {_cores()}); the results do not depend on N")


def _no_cache_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--no-cache", action="store_true",
                         help="neither read nor write the build cache (check reads the documents "
                         "a build of the same inputs stored there, and never writes it)")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, as in a container
    except AttributeError:
        return os.cpu_count() or 1


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {shorten(', '.join(unknown)) or quoted(text)}; "
            f"choose from {','.join(FORMATS)}")
    return chosen


def configured_calendar() -> SecCalendar:
    """The SEC calendar with the closures of [tool.dealdocs] (under a millisecond to make, so
    each process and each deal makes its own rather than ship one to the workers)."""
    from .calendar import default_calendar
    from .config import load_config

    return default_calendar(load_config())


def deal_files(given: Sequence[str]) -> list[Path]:
    if given:
        return [Path(name) for name in given]
    found = sorted([*Path("filings").glob("*.yaml"), *Path("filings").glob("*.yml")])
    if not found:
        raise UsageError("no deal files given and none found in filings/*.yaml")
    return found


def check_file(path: Path, calendar: SecCalendar | None = None, *, documents: bool = True,
               pdf: bool = True, outputs: Path | None = None, final: bool = False,
               cache: bool = False) -> FileReport:
    """Everything `check` reports on one deal file. documents: render and check the documents
    (the consistency package); pdf: print the PDFs too; outputs: compare with committed outputs;
    final: a placeholder value is an error; cache: take the documents from the build cache when
    a build of the same inputs stored them (never for --final, whose checklist differs)."""
    from . import consistency
    from .pipeline import analyse

    try:
        analysis = analyse(path, calendar or configured_calendar())
    except ProblemsFound as found:
        return FileReport(str(path), problems=found.problems, checks=(DEAL_VALID,))
    if final:
        analysis = dataclasses.replace(analysis, findings=_placeholders_as_errors(
            analysis.findings))
    if not documents:
        return FileReport(str(path), findings=analysis.findings,
                          checks=consistency.check_ids())
    problems, findings = consistency.check_analysis(
        analysis, pdf=pdf, outputs=outputs,
        deal_bytes=path.read_bytes() if outputs is not None else None,
        built=_built(path) if cache and not final else None)
    return FileReport(str(path), problems=tuple(problems),
                      findings=analysis.findings + tuple(findings),
                      checks=consistency.check_ids(outputs is not None, pdf))


def _built(path: Path) -> dict[str, bytes] | None:
    """The files a build with every input as now stored in the cache (see cache.py), if any."""
    from .cache import DealCache
    from .render import FORMATS

    stored = DealCache(path, FORMATS)
    entry = stored.lookup()
    return None if entry is None else stored.files(entry)


def _placeholders_as_errors(findings: tuple[Problem, ...]) -> tuple[Problem, ...]:
    from .rules.drafting import PLACEHOLDER

    return tuple(dataclasses.replace(
        finding, severity=Severity.ERROR,
        message=finding.message + " (an error with --final: nothing may be left to confirm)")
        if finding.id == PLACEHOLDER and finding.status is Status.NEEDS_INPUT else finding
        for finding in findings)


def _run_build(arguments: argparse.Namespace) -> int:
    build = functools.partial(build_file, output=arguments.output, formats=arguments.formats,
                              cache=_cache_usable(arguments.no_cache))
    from . import progress

    status, paths = OK, deal_files(arguments.files)
    with progress.bar(len(paths)) as shown, _one_deal_in_parallel(paths, arguments.jobs):
        for text, found in in_order(build, paths, arguments.jobs):
            shown.write(text)
            shown.update()
            status = max(status, found)
    return status


def _one_deal_in_parallel(paths: Sequence[Path], jobs: int):
    """A deal handled alone prints its PDFs in up to `jobs` processes; deals of a batch each
    get one process (see parallel)."""
    return documents_in_parallel(jobs if len(paths) == 1 else 1)


def _cache_readable(no_cache: bool) -> bool:
    """Whether check may read the cache: silently no when it cannot (check never writes it)."""
    from . import cache

    return cache.enabled(no_cache) and cache.unusable() is None


def _cache_usable(no_cache: bool) -> bool:
    """Whether builds use the cache; a cache that cannot be written is one warning line, once
    for the run, and the deals are built as without it."""
    from . import cache

    if not cache.enabled(no_cache):
        return False
    if (reason := cache.unusable()) is not None:
        print(f"dealdocs: warning: {reason}; building without it", file=sys.stderr)
        return False
    return True


def build_file(path: Path, *, output: Path, formats: tuple[str, ...],
               cache: bool = False) -> tuple[str, int]:
    """Build one deal into output/<deal>/: what to print, and its exit status. cache: replay
    the build cache's copy when every input is unchanged (see cache.py), and store a new one."""
    from .cache import DealCache, replay

    stored = DealCache(path, formats) if cache else None
    if stored is not None and (entry := stored.lookup()) is not None:
        target = output / entry.deal
        with _writing(target):
            if replay(entry, target, stored.files):
                return _wrote(path, len(entry.names), target, entry.errors)
    from .pipeline import analyse  # only now: a replay takes a tenth of the time its import does

    try:
        analysis = analyse(path, configured_calendar())
    except ProblemsFound as found:
        return render_text([FileReport(str(path), problems=found.problems)]), FOUND
    if stored is not None:
        stored.note_house_style(analysis.deal.template_folder)
    target, files = output / analysis.deal.name, _rendered_files(path, analysis, formats)
    with _writing(target):
        _write_outputs(target, files, analysis.deal.name)
    errors = sum(finding.is_error for finding in analysis.findings)
    if stored is not None:
        stored.store(analysis.deal.name, files, errors)
    return _wrote(path, len(files), target, errors)


def _rendered_files(path: Path, analysis, formats: tuple[str, ...]) -> dict[str, bytes]:
    from .render.package import filing_files, output_files, render_documents

    documents = render_documents(analysis.deal, analysis.facts, analysis.findings, formats)
    return output_files(documents, formats, path.read_bytes(),
                        filing_files(analysis.deal, analysis.facts, documents, formats))


def _write_outputs(target: Path, files: dict[str, bytes], deal: str) -> None:
    from .render.package import built_by_dealdocs
    from .write import write_set

    write_set(target, files, owned=built_by_dealdocs(target, deal))


def _wrote(path: Path, count: int, target: Path, errors: int) -> tuple[str, int]:
    """What `build` prints for a deal it wrote (or found already written), and its status."""
    return (f"{path}: wrote {count} files to {target}/"
            + (f"; {errors} compliance error(s), see `check`" if errors else "") + "\n",
            FOUND if errors else OK)


def _run_check(arguments: argparse.Namespace) -> int:
    if arguments.outputs is not None and not arguments.outputs.is_dir():
        raise UsageError(f"{arguments.outputs}: no such directory (--outputs names the directory "
                         "the built outputs are committed in, such as out)")
    check = functools.partial(check_file, pdf=arguments.pdf, outputs=arguments.outputs,
                              final=arguments.final, cache=_cache_readable(arguments.no_cache))
    from . import progress

    paths, reports = deal_files(arguments.files), []
    with progress.bar(len(paths)) as shown, _one_deal_in_parallel(paths, arguments.jobs):
        for report in in_order(check, paths, arguments.jobs):
            reports.append(report)
            shown.update()
    sys.stdout.write(RENDERERS[arguments.format](reports))
    return OK if all(report.ok for report in reports) else FOUND


def _run_verify(arguments: argparse.Namespace) -> int:
    from . import consistency
    from .pipeline import analyse
    from .verify import read_document, verify

    calendar = configured_calendar()
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
    from .write import write_set

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
    deal = analyses[1].deal.name
    with _writing(arguments.output):
        write_set(arguments.output, files, owned=lambda name: name.startswith(f"{deal}-")
                  and name.endswith(("-redline.docx", "-redline.pdf")))
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
    calendar = configured_calendar()
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
    from . import facts
    from .rules.phrases import form_8k_due_sentence, form_d_due_sentence

    calendar = configured_calendar()
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


def _run_migrate(arguments: argparse.Namespace) -> int:
    from .migrate import run

    return run(deal_files(arguments.files), check=arguments.check)


def _run_templates(arguments: argparse.Namespace) -> int:
    from . import resources
    from .render.docx import template_text

    names = arguments.names or list(TEMPLATES)
    unknown = [name for name in names if name not in TEMPLATES]
    if unknown:
        raise UsageError(f"no template named {', '.join(unknown)}; choose from "
                         f"{', '.join(TEMPLATES)}")
    if arguments.init is not None:
        return _start_house_style(arguments.init, names)
    for name in names:
        if len(names) > 1:
            sys.stdout.write(f"==> templates/{name}.docx <==\n")
        sys.stdout.write(template_text(resources.template(name)))
    return OK


def _start_house_style(folder: Path, names: list[str]) -> int:
    from . import resources

    targets = [folder / f"{name}.docx" for name in names]
    if existing := [str(target) for target in targets if os.path.lexists(target)]:
        raise UsageError(f"{', '.join(existing)}: already there; templates --init never "
                         "overwrites a template (move it away first)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, target in zip(names, targets):
            target.write_bytes(resources.shipped_template(name).read_bytes())
    except OSError as error:
        raise UsageError(f"cannot write the templates in {folder}: "
                         f"{error.strerror or error}") from None
    print(f"copied {len(targets)} templates to {folder}/: edit their wording in Word, then "
          f"name the folder as `templates: {folder}` in a deal file (relative to it) or as "
          "`templates` under [tool.dealdocs] in pyproject.toml; `dealdocs check` lints them")
    return OK


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _closed_days(deadline: Deadline) -> list[dict[str, str]]:
    return [{"date": day.day.isoformat(), "reason": day.reason} for day in deadline.closed_days]
