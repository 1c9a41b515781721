"""parallel.in_order: an error in a worker process reaches the parent, whatever its class."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import pytest

from dealdocs.problems import Location, Problem, ProblemsFound, Severity, UsageError
from dealdocs.render import PrintProblem, TemplateProblem

ERRORS = [
    TemplateProblem("templates/note.docx", "template.style", "an unknown style"),
    ProblemsFound([Problem("load.yaml", Severity.ERROR, "not YAML", Location("d.yaml", 3, 4))]),
    UsageError("no such file"),
    PrintProblem("a resource outside the templates"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
def test_every_dealdocs_error_survives_the_trip_between_processes(error):
    rebuilt = pickle.loads(pickle.dumps(error))
    assert type(rebuilt) is type(error) and str(rebuilt) == str(error)
    assert getattr(rebuilt, "problems", None) == getattr(error, "problems", None)


# Run in a child with a time limit: the failure this guards against is a parent that waits for
# its workers forever.
_SCRIPT = textwrap.dedent("""
    from dealdocs.parallel import in_order
    from dealdocs.render import TemplateProblem

    class Unpicklable(Exception):
        def __init__(self, first, second):
            super().__init__(first)

    def fail(item):
        if item == 1:
            raise {raised}
        return item

    try:
        list(in_order(fail, [0, 1, 2], 2))
    except Exception as error:
        print(type(error).__name__, error)
""")


@pytest.mark.parametrize("raised, reported", [
    ('TemplateProblem("templates/note.docx", "template.style", "an unknown style")',
     "TemplateProblem an unknown style"),
    ('Unpicklable("lost", "twice")', "RuntimeError Unpicklable: lost"),
])
def test_a_worker_error_reaches_the_parent_instead_of_hanging_it(raised, reported):
    done = subprocess.run([sys.executable, "-c", _SCRIPT.format(raised=raised)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == reported, done.stderr
