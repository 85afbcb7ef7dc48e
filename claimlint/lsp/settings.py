"""The configuration in force for one document, as `claimlint check` would find it from the file, kept while the
files it comes from are unchanged on disk.

The configuration (``.claimlint.yaml`` or ``[tool.claimlint]`` in ``pyproject.toml``, the nearest at or above the
document) and the baseline are looked up on every lint, and re-read when their size or modification time differ:
an edit to either takes effect on the next lint, whether or not the editor reports the change.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from ..api import Run, prepare
from ..config import Config, find_config, load_config
from ..suppress.baseline import load_baseline


@dataclass
class Resolved:
    """What lints a document: the run (linter and chain) and the baseline's entries keyed as the document's findings
    will be (absolute paths)."""

    run: Run
    baseline: set[tuple[str, str]] | None


def _stamp(path: Path | None) -> tuple | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), info.st_mtime_ns, info.st_size)


def _absolute_baseline(file: Path) -> set[tuple[str, str]]:
    """A baseline records paths as `check --write-baseline` was given them, relative to where it ran; a baseline is
    written from the project's root, where it is kept, so relative paths are read from the baseline's folder."""
    folder = file.resolve().parent
    return {(p if "://" in p else (folder / p).resolve().as_posix(), fingerprint) for p, fingerprint in load_baseline(file)}


class Settings:
    """Resolves and caches the configuration per configuration file (thread-safe: the lint thread asks)."""

    def __init__(self, baseline: Path | None = None) -> None:
        self.baseline = baseline
        self._lock = threading.Lock()
        self._cache: dict[str | None, tuple[tuple, Resolved]] = {}  # by configuration file: its stamps, its run

    def for_document(self, path: Path | None) -> Resolved:
        """The configuration for a document at ``path`` (None: an unsaved buffer, linted with the defaults).
        Raises ClaimlintError for a configuration, pack or baseline that cannot be used."""
        found = find_config(path) if path is not None else None
        stamps = (_stamp(found), _stamp(self.baseline))
        with self._lock:
            cached = self._cache.get(str(found) if found else None)
            if cached is not None and cached[0] == stamps:
                return cached[1]
            config = load_config(found) if found else Config()
            run = prepare(config=config)
            run.linter.check()  # a bad pack or selector is the configuration's error, found now
            resolved = Resolved(run, _absolute_baseline(self.baseline) if self.baseline else None)
            self._cache[str(found) if found else None] = (stamps, resolved)
        return resolved


def document_path(fs_path: str | None) -> Path | None:
    """The absolute path findings are keyed by (per-path ignores and the baseline match on it)."""
    return Path(os.path.abspath(fs_path)) if fs_path else None
