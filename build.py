#!/usr/bin/env python3
"""`python build.py …` is the dealdocs command line, run from a checkout (see README.md)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from dealdocs.__main__ import run  # noqa: E402  (the path must be set first)

raise SystemExit(run())
