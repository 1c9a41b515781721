"""Offline Arelle validation of an Inline XBRL filing, for tests.

``load_filing(primary, packages)`` validates ``primary`` (an Inline XBRL 1.1 document whose
schemaRef points at an extension schema beside it) with Arelle: XBRL 2.1, Inline XBRL 1.1
(transformations included) and XBRL Dimensions. It never goes online: ``--workOffline``, a fresh
empty cache directory and no persistent config, so only arelle-release's built-in copies of the
xbrl.org base schemas and the given taxonomy packages (e.g. ``dei_taxonomy.build_dei_package``) can
be read. A URL neither supplies is an error in the result, not a download.

Each load runs in a child Python process (this file run as a script) so Arelle's global state
(plug-ins, package catalogs, caches) cannot leak between tests. The child uses Arelle's Python API
(arelle.api.Session) rather than the command line because it needs each fact's value after
transformation and its dimensions, which the command line's fact list does not give in a
lossless form. One load of an 8-K cover takes about 2 s, most of it importing Arelle.

The SEC's ixt-sec transformations are not in arelle-release; ``ixt_sec_standin.py`` (a plug-in
beside this file) supplies the three an 8-K cover uses. EDGAR Filer Manual rules (required dei
facts, ASCII-only documents, Item 5.03 ...) are NOT checked: that needs the SEC's EDGAR plug-in.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
IXT_SEC_PLUGIN = HERE / "ixt_sec_standin.py"
TIMEOUT_SECONDS = 300  # a load takes ~2 s; this only stops a hung child on a shared machine


@dataclasses.dataclass(frozen=True)
class ArelleResult:
    """What Arelle said about one filing.

    errors / warnings: "code: message" for each message of that level, in Arelle's order.
    facts: fact key -> the fact's value as the XBRL instance holds it (after the ix transformation,
    e.g. "2023-01-09", "false", "NYSE"). The key is the fact's prefixed name as written in the
    document ("dei:EntityRegistrantName"); a dimensional fact adds its dimensions sorted,
    "dei:EntityAddressAddressLine1[dei:EntityAddressesAddressTypeAxis=dei:FormerAddressMember]".
    Periods are not part of the key (an 8-K cover has one). Duplicates keep the first fact in
    document order (Arelle warns when duplicates disagree). A fact whose transformation failed has
    no value and is left out; its error is in errors.
    """

    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    facts: dict[str, str]


def load_filing(primary: Path, packages: Sequence[Path] = ()) -> ArelleResult:
    """Validate ``primary`` with Arelle offline, in a child process; see the module docstring."""
    with tempfile.TemporaryDirectory(prefix="arelle-") as scratch:
        out = Path(scratch) / "result.json"
        command = [sys.executable, str(Path(__file__).resolve()), str(primary), str(out),
                   scratch, *map(str, packages)]
        # XDG_CONFIG_HOME: Arelle's per-user folder goes to the scratch dir, not the tester's home.
        env = {**os.environ, "XDG_CONFIG_HOME": scratch, "ARELLE_WORK_OFFLINE": "true"}
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT_SECONDS, check=False)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"Arelle child failed ({done.returncode}): {done.stderr[-2000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
    return ArelleResult(tuple(data["errors"]), tuple(data["warnings"]), data["facts"])


# ---- the child process: everything below runs with Arelle imported --------------------------


def _severity(level: str) -> str | None:
    """Arelle levels include ERROR, ERROR-SEMANTIC, INCONSISTENCY, WARNING, WARNING-SEMANTIC."""
    level = level.upper()
    if "ERROR" in level or "INCONSISTENCY" in level or "CRITICAL" in level:
        return "errors"
    if "WARNING" in level:
        return "warnings"
    return None


def _fact_key(fact) -> str:
    key = str(fact.qname)
    context = fact.context
    if context is None or not context.qnameDims:
        return key
    dims = []
    for axis, member in context.qnameDims.items():
        value = member.memberQname if member.isExplicit else member.stringValue
        dims.append(f"{axis}={value}")
    return f"{key}[{','.join(sorted(dims))}]"


def _fact_values(model) -> dict[str, str]:
    facts: dict[str, str] = {}
    for fact in model.facts:
        try:
            value = "(nil)" if fact.isNil else fact.value
        except Exception:  # noqa: BLE001 - Arelle raises its own types for a failed transform
            continue
        facts.setdefault(_fact_key(fact), value)
    return facts


def _run(primary: str, scratch: str, packages: list[str]) -> dict:
    import logging

    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    messages: dict[str, list[str]] = {"errors": [], "warnings": []}

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            severity = _severity(record.levelname)
            if severity:
                code = getattr(record, "messageCode", "")
                messages[severity].append(f"{code}: {record.getMessage()}")

    options = RuntimeOptions(
        entrypointFile=primary, packages=packages or None, plugins=str(IXT_SEC_PLUGIN),
        validate=True, validateDuplicateFacts="inconsistent", workOffline=True,
        cacheDirectory=os.path.join(scratch, "cache"), disablePersistentConfig=True, keepOpen=True,
    )
    facts: dict[str, str] = {}
    with Session() as session:
        session.run(options, logHandler=Collect())
        for model in session.get_models():
            facts.update(_fact_values(model))
    return {**messages, "facts": facts}


if __name__ == "__main__":
    primary_arg, out_arg, scratch_arg, *package_args = sys.argv[1:]
    result = _run(primary_arg, scratch_arg, package_args)
    Path(out_arg).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
