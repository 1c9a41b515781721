"""The build cache: a deal whose every input is unchanged is not rendered again.

A build is a function of its inputs, so its outputs are stored under a sha256 of all of them
(`build_key`): the deal file's bytes, its path (the deal's name and where a relative `templates:`
points depend on it), the shipped templates (print.css and fonts/ included) and schemas, the
house-style templates the deal uses, the SEC closures and house style configured in
[tool.dealdocs], dealdocs's own code and version, the versions of the rendering libraries, of
Python and of Pango and HarfBuzz, and the formats asked for. The output directory is not part of
the key: the same set can be put anywhere.

Why it never serves a stale document:
- The house-style folder is only known once the deal is read, so an entry records the folder
  and the digests of its templates, and a lookup compares them with the folder as it is now.
- The key (and the house style) is taken again after the build: if an input changed while the
  deal was rendering, the outputs are not stored.
- An entry carries the sha256 of its header and of every file; anything that does not match is
  a miss, and the entry is deleted. Entries are written to a temporary file and renamed into
  place, so a reader (another -j worker or process) sees a whole entry or none.
- Nothing here can fail a build: any error of the cache is a miss, and the build renders.

Only `build` uses the cache. `check` renders and checks every time: its findings name the deal
file's lines and can depend on committed outputs (--outputs), which no key here covers.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import resources

ENVIRONMENT_DIRECTORY = "DEALDOCS_CACHE_DIR"  # where the cache lives, instead of the user's one
ENVIRONMENT_OFF = "DEALDOCS_NO_CACHE"  # set (to anything but "") = --no-cache everywhere
CAP_BYTES = 200 * 1024 * 1024  # the least recently used entries go beyond this
FORMAT = 1  # of the entries and the key; a change makes every older entry a miss
_MAGIC = f"dealdocs-build-cache {FORMAT}\n".encode()
_SUFFIX = ".entry"
_STALE_TEMPORARY = 3600  # seconds after which a temporary file is a crashed writer's, not a live one
# render.pdf sets SOURCE_DATE_EPOCH to this when it is not set; unset and this print the same.
_SOURCE_DATE_EPOCH = "315532800"
_DEAL_BYTES = 1_000_000  # load.MAX_BYTES: a larger file fails the build, so it is never keyed
LIBRARIES = ("dealdocs", "docxtpl", "python-docx", "Jinja2", "mammoth", "weasyprint", "pydyf",
             "pypdf", "lxml", "PyYAML", "jsonschema", "holidays", "num2words", "tinyhtml5",
             "tinycss2", "cssselect2")
# The C libraries WeasyPrint lays text out with: an upgrade can move a glyph, so a PDF byte.
_NATIVE = (("pango", ("libpango-1.0.so.0", "libpango-1.0-0.dll", "libpango-1.0.dylib"),
            "pango_version_string"),
           ("harfbuzz", ("libharfbuzz.so.0", "libharfbuzz-0.dll", "libharfbuzz.dylib"),
            "hb_version_string"))


def enabled(no_cache: bool) -> bool:
    return not no_cache and not os.environ.get(ENVIRONMENT_OFF)


def directory() -> Path:
    configured = os.environ.get(ENVIRONMENT_DIRECTORY)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("dealdocs", appauthor=False)) / "builds"


def unusable() -> str | None:
    """Why the cache cannot be written (a read-only or full disk, a file in the way), or None.
    Asked once per run, so that the user sees one warning rather than one per deal."""
    try:
        folder = directory()
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"x")
        return None
    except OSError as error:
        return f"cannot write the build cache at {error.filename or folder}: " \
               f"{error.strerror or error}"
    except Exception as error:  # noqa: BLE001 - whatever it is, the build goes on without it
        return f"cannot use the build cache: {error}"


@dataclass(frozen=True)
class Entry:
    """A stored build: where, and its header (the files by name, size and sha256)."""

    file: Path
    header: Mapping[str, Any]

    @property
    def deal(self) -> str:
        return self.header["deal"]

    @property
    def errors(self) -> int:
        return self.header["errors"]

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self.header["files"]]


class DealCache:
    """The cache as one build of one deal sees it: look up, then replay or store."""

    def __init__(self, path: Path, formats: Iterable[str]):
        self.path, self.formats = path, tuple(formats)
        self.key = _quietly(build_key, path, self.formats)
        self.house: dict[str, Any] | None = None

    def lookup(self) -> Entry | None:
        return None if self.key is None else _quietly(_lookup, self.key)

    def files(self, entry: Entry) -> dict[str, bytes] | None:
        """The entry's files, each checked against its digest; None (and the entry deleted)
        if any is damaged."""
        return _quietly(_read_files, entry)

    def note_house_style(self, folder: Path | None) -> None:
        """Call once the deal is read, before it renders: the templates it will render with."""
        if self.key is not None:
            self.house = _quietly(house_style, folder)

    def store(self, deal: str, files: Mapping[str, bytes], errors: int) -> None:
        """Keep a finished build, unless an input changed while it ran."""
        if self.key is None or self.house is None:
            return
        if _quietly(build_key, self.path, self.formats) != self.key or \
                _quietly(house_style, self.house["folder"]) != self.house:
            return
        header = {"key": self.key, "deal": deal, "errors": errors, "house_style": self.house,
                  "files": [[name, len(data), _sha256(data)] for name, data in sorted(files.items())]}
        _quietly(_write_entry, self.key, header, [files[name] for name in sorted(files)])


def _quietly(function, *arguments):
    """function(*arguments), or None if it fails in any way: a cache problem is only a miss."""
    try:
        return function(*arguments)
    except Exception:  # noqa: BLE001 - deliberately broad: the build must go on
        if os.environ.get("DEALDOCS_DEBUG"):
            raise
        return None


# --- the key -------------------------------------------------------------------------------------

def build_key(path: Path, formats: Iterable[str]) -> str | None:
    """The sha256 of everything a build of `path` depends on, or None for a file the build
    will refuse (not a regular file, too large): it is never read here, so a FIFO never blocks."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode) or info.st_size > _DEAL_BYTES:
        return None
    inputs = {
        "format": FORMAT,
        "deal": {"sha256": _sha256(Path(path).read_bytes()), "given": str(path),
                 "cwd": os.getcwd(), "real": os.path.realpath(path)},
        "configured": _configuration(Path(path)),
        "resources": {kind: tree_digest(resources.path(kind)) for kind in ("templates", "schemas")},
        "code": tree_digest(Path(__file__).parent),
        "libraries": library_versions(),
        "python": python_version(),
        "native": native_versions(),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH") or _SOURCE_DATE_EPOCH,
        "formats": list(formats),
    }
    return _sha256(_canonical(inputs))


def _configuration(path: Path) -> dict[str, Any]:
    """What [tool.dealdocs] sets for this build: the SEC closures (read from the current
    directory, as the calendar is) and the house-style folder (read beside the deal file)."""
    from .config import load_config

    closures = load_config().extra_sec_closures
    house = load_config(path.resolve().parent).templates
    return {"extra_sec_closures": sorted([day.isoformat(), reason]
                                         for day, reason in closures.items()),
            "templates": None if house is None else str(house)}


def house_style(folder: Path | None) -> dict[str, Any]:
    """The house-style templates a deal renders with: its folder and each template's digest."""
    if folder is None:
        return {"folder": None}
    templates = {name: _file_digest(Path(folder) / f"{name}.docx") for name in resources.TEMPLATES}
    return {"folder": str(folder), "real": os.path.realpath(folder), "templates": templates}


def _file_digest(path: Path) -> str | None:
    return _sha256(path.read_bytes()) if path.is_file() else None


def tree_digest(root: Path) -> str:
    """One sha256 over every file below root, by relative path (compiled Python left out)."""
    digest = hashlib.sha256()
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            if not name.endswith(".pyc"):
                file = Path(folder, name)
                relative = file.relative_to(root).as_posix()
                digest.update(f"{relative}\0{_sha256(file.read_bytes())}\n".encode())
    return digest.hexdigest()


def library_versions() -> dict[str, str | None]:
    return {name: _version(name) for name in LIBRARIES}


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def python_version() -> str:
    return f"{sys.implementation.name} {sys.version}"


def native_versions() -> dict[str, str | None]:
    """Pango's and HarfBuzz's versions, from the libraries WeasyPrint loads (without importing
    WeasyPrint, which takes half a second)."""
    import ctypes

    found: dict[str, str | None] = {}
    for library, names, function in _NATIVE:
        found[library] = None
        for name in names:
            try:
                call = getattr(ctypes.CDLL(name), function)
            except (OSError, AttributeError):
                continue
            call.restype = ctypes.c_char_p
            found[library] = call().decode("ascii", "replace")
            break
    return found


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- entries -------------------------------------------------------------------------------------
# An entry is one file, <key>.entry: a magic line, the sha256 of the header, the header (JSON,
# one line), then the files' bytes one after the other in the header's order. A lookup reads the
# first three lines only; the files are read, and checked, only when they must be written.

class _Damaged(Exception):
    """An entry that is not what its own digests say: a torn or corrupted file."""


def _entry_file(key: str) -> Path:
    return directory() / f"{key}{_SUFFIX}"


def _lookup(key: str) -> Entry | None:
    file = _entry_file(key)
    try:
        with open(file, "rb") as handle:
            header = _read_header(handle)
    except FileNotFoundError:
        return None
    except (_Damaged, ValueError, KeyError, TypeError):
        _discard(file)
        return None
    if header.get("key") != key or house_style(_folder(header)) != header["house_style"]:
        return None
    os.utime(file)  # recently used: the last to be evicted
    return Entry(file, header)


def _folder(header: Mapping[str, Any]) -> Path | None:
    folder = header["house_style"]["folder"]
    return None if folder is None else Path(folder)


def _read_header(handle) -> dict[str, Any]:
    if handle.readline() != _MAGIC:
        raise _Damaged
    digest, text = handle.readline().strip().decode("ascii"), handle.readline().rstrip(b"\n")
    if _sha256(text) != digest:
        raise _Damaged
    return json.loads(text)


def _read_files(entry: Entry) -> dict[str, bytes] | None:
    files = {}
    try:
        with open(entry.file, "rb") as handle:
            _read_header(handle)
            for name, size, digest in entry.header["files"]:
                data = handle.read(size)
                if len(data) != size or _sha256(data) != digest:
                    raise _Damaged
                files[name] = data
            if handle.read(1):
                raise _Damaged
    except (_Damaged, ValueError):
        _discard(entry.file)
        return None
    return files


def _write_entry(key: str, header: Mapping[str, Any], contents: list[bytes]) -> None:
    size = sum(map(len, contents))
    if size > CAP_BYTES:
        return
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    text = _canonical(header)
    handle, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(_MAGIC + _sha256(text).encode() + b"\n" + text + b"\n")
            for data in contents:
                file.write(data)
        os.replace(name, _entry_file(key))  # whole or not at all, for every reader
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    evict(folder, CAP_BYTES)


def evict(folder: Path, cap: int) -> None:
    """Delete the least recently used entries until the rest fit in `cap` bytes, and the
    temporary files of writers that died."""
    entries, now = [], time.time()
    for item in folder.iterdir():
        try:
            info = item.stat()
        except FileNotFoundError:  # another process evicted it meanwhile
            continue
        if item.name.endswith(_SUFFIX):
            entries.append((info.st_mtime, info.st_size, item))
        elif item.name.endswith(".tmp") and now - info.st_mtime > _STALE_TEMPORARY:
            _discard(item)
    total = sum(size for _, size, _ in entries)
    for _, size, item in sorted(entries):
        if total <= cap:
            break
        _discard(item)
        total -= size


def _discard(file: Path) -> None:
    try:
        file.unlink()
    except OSError:
        pass  # gone already, or not ours to delete: a miss either way


# --- replaying an entry into out/<deal>/ ---------------------------------------------------------

def holds(target: Path, entry: Entry) -> bool:
    """Does `target` hold exactly the entry's files, byte for byte (and nothing else)?"""
    expected = {name: (size, digest) for name, size, digest in entry.header["files"]}
    try:
        found = _regular_files(target)
        return set(found) == set(expected) and all(
            found[name].stat().st_size == expected[name][0]
            and _sha256(found[name].read_bytes()) == expected[name][1] for name in expected)
    except OSError:
        return False


def _regular_files(target: Path) -> dict[str, Path]:
    """Every file under target by relative path; anything else (a link, an empty folder, a
    device) makes it a set dealdocs would not have written, so not a match."""
    files = {}
    for folder, folders, names in os.walk(target):
        for name in names + [name for name in folders if Path(folder, name).is_symlink()]:
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file():
                raise OSError(f"not a regular file: {path}")
            files[path.relative_to(target).as_posix()] = path
        if not names and not folders and Path(folder) != target:
            raise OSError(f"an empty folder: {folder}")
    if not target.is_dir() or target.is_symlink():
        raise OSError(f"not a directory: {target}")
    return files


def replay(entry: Entry, target: Path, files) -> bool:
    """Make `target` hold the entry's set through write.write_set (the atomic switch), or
    write nothing if it already does. files(entry) reads the stored files. False if the entry
    turned out damaged: then the caller builds. An OSError or UsageError of the output
    directory is raised as a build's would be."""
    from .write import recover, write_set

    recover(target)  # what a killed build left is cleaned up, as by a build that writes
    if holds(target, entry):
        return True
    stored = files(entry)
    if stored is None:
        return False
    write_set(target, stored, owned=_built_by_dealdocs(target, entry.deal))
    return True


def _built_by_dealdocs(directory: Path, deal: str):
    """render.package.built_by_dealdocs, the same rule, without importing the renderers (which
    takes most of a second, 20 times what a replay may take); tests/test_cache.py checks that
    the two agree."""
    try:
        listed = set(json.loads((directory / "manifest.json").read_bytes())["files"])
    except (OSError, ValueError, KeyError, TypeError):
        listed = set()
    documents = (f"{deal}-", (".docx", ".pdf"))
    return lambda name: (name == "manifest.json" or name in listed
                         or (name.startswith(documents[0]) and name.endswith(documents[1]))
                         or (name.startswith(".") and name.endswith(".tmp") and "/" not in name))
