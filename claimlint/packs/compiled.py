"""The compiled form of the packs, kept between runs: start-up is most of a one-page run.

Reading and checking the YAML packs, and tokenizing the thousands of phrases the matchers hold, cost about as
much as loading the model. What they produce depends only on their inputs, so it is pickled once under a key
of those inputs (``parts``: the packs' paths and bytes, the tokenizer's identity) and of claimlint itself (its
version, its data files' bytes, its code files' sizes and times: a checkout changes code without a version).

Entries live in the user's cache directory ($XDG_CACHE_HOME/claimlint, else ~/.cache/claimlint), never in a
project's folder: a pickle runs code when loaded, and a repository being linted must not be able to plant one.
An entry is written atomically; one that is missing, stale, unreadable or corrupt is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from .. import __version__
from ..fileio import atomic_write

FORMAT = 1  # of the entries: a change makes every old one a miss
KEEP = 32  # entries, some five a configuration: each pack edit (`rules test` while writing one) leaves some behind; the oldest go
PACKAGE = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimlint" / "compiled"


@lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    """claimlint's code by size and time (a stat each: hashing every file would cost a tenth of the gain), its data
    tables (claimlint/data/*.yaml) by content."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}".encode())
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".py")):
            info = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    for data in sorted((PACKAGE / "data").glob("*.yaml")):
        digest.update(data.name.encode() + b"\0" + data.read_bytes())
    return digest.digest()


def _path(parts: Iterable[str | bytes]) -> Path:
    digest = hashlib.sha256(_code_stamp())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)  # length-prefixed: no two part lists collide
    return directory() / f"{digest.hexdigest()}.pickle"


def load(parts: Iterable[str | bytes]) -> Any | None:
    """What ``store`` kept under ``parts``, or None."""
    try:
        return pickle.loads(_path(parts).read_bytes())
    except Exception:  # missing, truncated or written by other code: rebuilt, never an error
        return None


def store(parts: Iterable[str | bytes], value: Any) -> None:
    """Keep ``value`` under ``parts``; a cache that cannot be written costs the next run time, never this one."""
    try:
        atomic_write(_path(parts), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        entries = sorted(directory().glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink()
    except (OSError, pickle.PicklingError):
        pass  # another run removed an old entry first, or nothing could be written


def clean() -> bool:
    """Remove every kept entry (``claimlint clean``); False when there were none."""
    folder = directory()
    if not folder.is_dir():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


def remember(parts: Iterable[str | bytes], build: Callable[[], T], kind: type = object) -> T:
    """What ``build`` returns, kept under ``parts`` from an earlier run (when it is a ``kind``), else built and kept.
    claimlint's data tables need no part of their own: their bytes are in every key."""
    parts = list(parts)
    value = load(parts)
    if value is None or not isinstance(value, kind):
        value = build()
        store(parts, value)
    return value
