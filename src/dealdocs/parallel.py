"""Work spread over processes, with results in the order given: the deals of a batch (cli), or
the PDFs of one deal when it is built alone (render.package).

Processes, not threads: printing is CPU-bound Python. A pool's workers are daemons, which may not
start pools of their own, so a deal's PDFs go in parallel only when the deals do not.
"""

from __future__ import annotations

import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# How many processes may print the PDFs of the deal being built (1: in this process).
_DOCUMENT_JOBS: ContextVar[int] = ContextVar("document_jobs", default=1)


@contextmanager
def documents_in_parallel(jobs: int) -> Iterator[None]:
    token = _DOCUMENT_JOBS.set(max(jobs, 1))
    try:
        yield
    finally:
        _DOCUMENT_JOBS.reset(token)


def document_jobs() -> int:
    return _DOCUMENT_JOBS.get()


def in_order(function: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """function(item) for each item, in the order given, in up to `jobs` processes.

    What each item gives does not depend on `jobs`: items share nothing. On Ctrl-C the workers
    are killed; that is safe, as each deal's outputs switch in one atomic step and the next
    build deletes what a killed one left."""
    jobs = min(jobs, len(items))
    if jobs <= 1:
        yield from map(function, items)
        return
    import multiprocessing

    pool = multiprocessing.Pool(jobs, initializer=_leave_ctrl_c_to_the_parent)
    try:
        yield from pool.imap(_Guarded(function), items)
        pool.close()
    except _Interrupted:
        pool.terminate()
        raise KeyboardInterrupt from None
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


class _Interrupted(Exception):
    """A worker's KeyboardInterrupt or SystemExit, carried back to the parent as an exception."""


class _Guarded:
    """function, raising in the parent whatever stops it in a worker. A pool worker that dies of
    a BaseException loses its task, and the parent would wait for it forever."""

    def __init__(self, function: Callable) -> None:
        self.function = function

    def __call__(self, item):
        try:
            return self.function(item)
        except Exception as error:
            try:
                pickle.loads(pickle.dumps(error))
            except Exception:  # the parent could not rebuild it, and would wait forever
                raise RuntimeError(f"{type(error).__name__}: {error}") from None
            raise
        except BaseException as stopped:
            raise _Interrupted(repr(stopped)) from None


def _leave_ctrl_c_to_the_parent() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the parent acts on it (by
    # killing the workers), so no worker prints a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
