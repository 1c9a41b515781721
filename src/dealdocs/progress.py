"""A progress bar for `build` and `check`, on a terminal only (tqdm, on stderr).

Never in a CI log (the CI variable, which GitHub Actions, GitLab and most others set), on a dumb
terminal, or when stdout or stderr is piped or redirected: what the report says on stdout must be
the same bytes with or without the bar, and logs must not fill with carriage returns.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DELAY = 0.5  # seconds before the bar shows: a quick run (a cached build) never shows one
_TICK = 1.0  # how often the elapsed time is redrawn while one long deal is being built


def wanted() -> bool:
    return (not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
            and _terminal(sys.stdout) and _terminal(sys.stderr))


def _terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


class _Silent:
    def update(self) -> None:
        pass

    def write(self, text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()


class _Bar:
    """A tqdm bar on stderr; write() puts report lines on stdout without tearing the bar."""

    def __init__(self, bar):
        self.bar = bar

    def update(self) -> None:
        self.bar.update()

    def write(self, text: str) -> None:
        with self.bar.external_write_mode(file=sys.stdout):
            sys.stdout.write(text)
            sys.stdout.flush()


@contextmanager
def bar(total: int, unit: str = "deal") -> Iterator[_Silent | _Bar]:
    """A bar of `total` deals, or a stand-in that draws nothing where no bar is wanted."""
    if not wanted():
        yield _Silent()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, file=sys.stderr, delay=DELAY, leave=False,
              dynamic_ncols=True) as drawn:
        stop = threading.Event()
        ticker = threading.Thread(target=_tick, args=(drawn, stop), daemon=True)
        ticker.start()
        try:
            yield _Bar(drawn)
        finally:
            stop.set()
            ticker.join()


def _tick(drawn, stop: threading.Event) -> None:
    """Redraw the bar now and then, so that its elapsed time moves while a deal takes long
    (tqdm itself redraws only when a deal finishes)."""
    while not stop.wait(_TICK):
        if drawn.format_dict["elapsed"] >= DELAY:
            drawn.refresh()
