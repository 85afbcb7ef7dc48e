"""Shared by the fuzz targets: how one fuzz input becomes a page, and where the invariants live."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/invariants.py: the checks the property tests make too
sys.path.insert(0, str(ROOT))

KINDS = ("text", "markdown", "html")
# Every target takes this many leading bytes and no more, so its seeds (fuzz/seeds/) stay valid inputs for both.
MAX_INPUT = 64 * 1024


def split_input(data: bytes) -> tuple[str, bytes]:
    """The first byte picks the reader; the rest is the file's bytes."""
    if not data:
        return "text", b""
    return KINDS[data[0] % len(KINDS)], data[1:MAX_INPUT]
