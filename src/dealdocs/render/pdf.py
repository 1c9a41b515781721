"""HTML → PDF bytes (WeasyPrint), and the text of a PDF.

Printing is closed to the outside: the only files WeasyPrint may read are under templates/ (the
stylesheet and the bundled fonts), nothing comes from the network, and any fetch problem or
WeasyPrint warning stops the print — a PDF with a missing font or an ignored CSS rule would look
plausible and be wrong. The output is byte-identical for identical input, on every machine.

The bundled fonts are embedded whole, not subset. WeasyPrint subsets with HarfBuzz-Subset where
the system has it and with fontTools where it does not (logging a warning), and the two make
different bytes: a PDF would then depend on which system package is installed. Whole fonts make
the same PDF either way, print faster (no subsetting), and cost about 0.7 MB per PDF.
"""

from __future__ import annotations

import atexit
import functools
import io
import logging
import mimetypes
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .. import resources
from . import PrintProblem

# fontTools stamps "now" into any font it rewrites unless SOURCE_DATE_EPOCH is set, so two prints
# a second apart could differ. Any fixed value will do; 1980-01-01, as in the DOCX zip. A value already in
# the environment (a reproducible-build system's) is honoured.
_SOURCE_DATE_EPOCH = "315532800"

# The only fonts a PDF may embed: print.css's @font-face families (the files in templates/fonts/),
# which WeasyPrint names "Dealdocs-Serif-Bold" and so on. Any other name means Pango fell back to
# a font of this machine for a character the bundled fonts lack: the PDF would differ elsewhere.
BUNDLED_FAMILIES = ("Dealdocs-Serif", "Dealdocs-Symbols")

STYLESHEET = "print.css"  # resolved against the templates directory, WeasyPrint's base_url

# The footer print.css puts on every page: print furniture, not wording, so pdf_text drops it.
_PAGE_FOOTER = re.compile(r"^Page \d+ of \d+$", re.MULTILINE)

_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
          ".woff2": "font/woff2", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def html_to_pdf(html: str) -> bytes:
    """Print an HTML document (from docx_to_html) as PDF, with templates/ as its base URL.

    Raises PrintProblem if a resource is refused or missing, WeasyPrint logs a warning, or the
    PDF would embed a font that is not bundled.
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", _SOURCE_DATE_EPOCH)
    import weasyprint  # here, not at the top: the import alone takes about 0.6 s

    root = resources.path("templates").resolve()
    # A fetch problem while parsing print.css is fatal too: inside both handlers.
    with _PRINTING, _warnings_as_problems(), _fatal_fetches(weasyprint):
        linked, html = _without_stylesheet_link(html)
        sheet = _print_stylesheet(root) if linked else None
        options: dict[str, Any] = {} if sheet is None else sheet.options()
        pdf = weasyprint.HTML(string=html, base_url=root.as_uri() + "/",
                              url_fetcher=_fetcher_class()(root)).write_pdf(full_fonts=True,
                                                                            **options)
    _check_fonts(pdf)
    return pdf


@contextmanager
def _fatal_fetches(weasyprint) -> Iterator[None]:
    try:
        yield
    except weasyprint.urls.FatalURLFetchingError as error:
        raise PrintProblem(f"{error}: {error.__cause__}") from error


# --- print.css, parsed once per process ----------------------------------------------------------

# WeasyPrint's shared objects (a FontConfiguration above all) are not safe to use from two
# threads at once, so prints in one process take turns; a pool of processes prints in parallel.
_PRINTING = threading.RLock()

# The link docx_to_html (and the EDGAR view) writes: <link rel="stylesheet" href="print.css">.
_STYLESHEET_LINK = re.compile(rf'<link rel="stylesheet" href="{re.escape(STYLESHEET)}"\s*/?>\n?')
# At-rules of a document's own stylesheet that WeasyPrint would add to the shared fonts: such a
# document is printed the slow way, so that it cannot change how later documents print.
_SHARED_AT_RULES = re.compile(r"@(?:font-face|counter-style|color-profile)", re.IGNORECASE)


def _without_stylesheet_link(html: str) -> tuple[bool, str]:
    """(whether the document links print.css, the document without that link). The link would
    make WeasyPrint fetch and parse print.css, and load its fonts, again for every print."""
    head_end = html.find("</head>")
    found = _STYLESHEET_LINK.search(html, 0, head_end if head_end >= 0 else len(html))
    if found is None or _SHARED_AT_RULES.search(html):
        return False, html
    return True, html[:found.start()] + html[found.end():]


@dataclass(frozen=True)
class _Stylesheet:
    """print.css parsed, with the fonts its @font-face rules load, as one version of its files."""

    key: tuple
    css: Any  # weasyprint.CSS
    fonts: Any  # weasyprint.text.fonts.FontConfiguration
    counters: Any  # its @counter-style rules
    color_profiles: dict  # its @color-profile rules

    def options(self) -> dict[str, Any]:
        """write_pdf's options. print.css is given as a stylesheet of the "user" origin, not the
        document's own ("author"): the same looks as long as the document's own CSS never sets
        what print.css sets with !important (test_render_pdf compares the bytes both ways).
        A print adds WeasyPrint's own counter styles: to copies."""
        return {"stylesheets": [self.css], "font_config": self.fonts,
                "counter_style": type(self.counters)(self.counters),
                "color_profiles": dict(self.color_profiles)}


_STYLESHEETS: dict[Path, _Stylesheet] = {}  # by templates folder: the latest version of each
# A FontConfiguration deletes its temporary font folder when collected, which fails (and prints
# "Exception ignored …") if that happens while the interpreter is tearing down its modules.
atexit.register(_STYLESHEETS.clear)


def _forget_after_fork() -> None:
    """In a forked child: parse print.css again, and leave the parent's font folders alone (the
    child would delete them, still in use, when it drops the parent's stylesheets)."""
    global _PRINTING
    for sheet in _STYLESHEETS.values():
        sheet.fonts._folder = None  # FontConfiguration.__del__ deletes it unless None
    _STYLESHEETS.clear()
    _PRINTING = threading.RLock()  # another thread of the parent may have held it


os.register_at_fork(after_in_child=_forget_after_fork)


def _print_stylesheet(root: Path) -> _Stylesheet:
    """The templates folder's print.css, parsed once while neither it nor any file of the folder
    changes (by size and modification time; a house style's folder is a key of its own)."""
    key = _folder_version(root)
    found = _STYLESHEETS.get(root)
    if found is None or found.key != key:
        with _warnings_as_problems():  # raises on a warning, before the parse is kept
            found = _parse_stylesheet(root, key)
        _STYLESHEETS[root] = found
    return found


def _folder_version(root: Path) -> tuple:
    """What print.css and the fonts it loads are: every file under the folder, by path, size,
    modification time and, for print.css, its bytes."""
    files = sorted(path for path in root.rglob("*") if path.is_file())
    return (*((str(path.relative_to(root)), path.stat().st_size, path.stat().st_mtime_ns)
              for path in files), (root / STYLESHEET).read_bytes())


def _parse_stylesheet(root: Path, key: tuple) -> _Stylesheet:
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration

    fonts, counters, profiles = FontConfiguration(), CounterStyle(), {}
    css = weasyprint.CSS(url=(root / STYLESHEET).as_uri(), url_fetcher=_fetcher_class()(root),
                         font_config=fonts, counter_style=counters, color_profiles=profiles)
    return _Stylesheet(key, css, fonts, counters, profiles)


PAGE_BREAK = "\n\f"


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, page by page (pypdf), without the "Page N of M" footers; a form feed
    ("\\f", white space to every reader of the text) marks where each page starts."""
    from pypdf import PdfReader

    pages = (page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return PAGE_BREAK.join(_PAGE_FOOTER.sub("", text) for text in pages)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts a PDF uses, without subset prefixes ("ABCDEF+")."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def _check_fonts(pdf: bytes) -> None:
    if strangers := {name for name in embedded_fonts(pdf) if not _bundled(name)}:
        raise PrintProblem(f"the PDF would use fonts that are not bundled: {sorted(strangers)}; "
                           "a character is missing from the bundled fonts (templates/fonts/)")


def _bundled(name: str) -> bool:
    return any(name == family or name.startswith(family + "-") for family in BUNDLED_FAMILIES)


@contextmanager
def _warnings_as_problems() -> Iterator[None]:
    """Turn every warning WeasyPrint logs during the print into a PrintProblem."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector(logging.WARNING)
    previous = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:  # an application's quieter logging config
        logger.setLevel(logging.WARNING)
    logger.addHandler(collector)
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous)
    if collector.messages:
        raise PrintProblem("WeasyPrint: " + "; ".join(collector.messages))


class _Collector(logging.Handler):
    def __init__(self, level: int):
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@functools.cache
def _fetcher_class() -> type:
    """The fetcher class; built on first use because its base class is WeasyPrint's."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class TemplatesOnly(URLFetcher):
        """Serves data: URLs and regular files under the templates directory; nothing else."""

        def __init__(self, root: Path):
            # fail_on_errors makes WeasyPrint stop on *any* exception from fetch(), instead of
            # logging it and printing without the font or stylesheet.
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False,
                             fail_on_errors=True)
            self._root = root

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":  # inline, nothing is read (mammoth inlines images this way)
                return super().fetch(url, headers)
            if scheme != "file":
                raise PermissionError(f"only files under {self._root} may be used, not {url}")
            path = self._allowed_path(url)
            kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            return URLFetcherResponse(url, path.read_bytes(),
                                      {"Content-Type": kind or "application/octet-stream"})

        def _allowed_path(self, url: str) -> Path:
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise PermissionError(f"not a local file: {url}")
            # resolve() follows symlinks, so a link inside templates/ cannot point outside it.
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(self._root):
                raise PermissionError(f"{path} is outside {self._root}")
            if not path.is_file():
                raise FileNotFoundError(f"no such file under templates/: {path}")
            return path

    return TemplatesOnly
