"""What a file's findings depend on, as hashes: the key of a run, and of a file's bytes within it."""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from .. import __version__

FORMAT = 2  # of the entries (store.py): a change makes every old entry a miss
PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of claimlint's own files, code and data: a development checkout changes both without a new version
    number, and the context cues, verdict table and recall model all decide findings."""
    files = []
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        files.extend(os.path.join(folder, name) for name in names)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(os.path.relpath(path, PACKAGE).encode("utf-8") + b"\0")
        with open(path, "rb") as handle:
            digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def run_key(settings: dict[str, Any], packs: Iterable[Path], model: dict[str, Any]) -> str:
    """The key of everything but the file: the linter's ``settings`` (options that change findings), the packs'
    content in load order (not their paths: a pack moved is the same pack), the model's identity and version,
    and the versions of claimlint (and its code), spaCy and thinc."""
    parts = {
        "format": FORMAT,
        "claimlint": __version__,
        "code": code_fingerprint(),
        "spacy": _version("spacy"),
        "thinc": _version("thinc"),
        "model": model,
        "packs": [hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in packs],
        "settings": {k: v for k, v in settings.items() if k != "rules"},  # the packs are hashed above
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def file_key(run: str, kind: str, data: bytes) -> str:
    """A file's key within a run: its bytes and the reader they go through (text, Markdown or HTML). The path is
    not part of it: findings never depend on where a file lives (per-path ignores are applied after the cache)."""
    digest = hashlib.sha256(run.encode("ascii") + b"\0" + kind.encode("ascii") + b"\0")
    digest.update(data)
    return digest.hexdigest()
