"""Where the cache lives: --cache-dir, else $CLAIMLINT_CACHE_DIR, else .claimlint_cache/ at the project's root."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

NAME = ".claimlint_cache"
ENV = "CLAIMLINT_CACHE_DIR"
# What marks a project's root, as for ruff: claimlint's configuration, a pyproject.toml or a git repository.
MARKERS = (".claimlint.yaml", ".claimlint.yml", "pyproject.toml", ".git")


def project_root(paths: Iterable[str]) -> Path:
    """The nearest folder at or above the first local path (else the working directory) holding a marker; the
    working directory when none does."""
    local = next((p for p in paths if p != "-" and "://" not in p), None)
    here = Path(os.path.abspath(local if local else "."))
    here = here if here.is_dir() else here.parent
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return Path.cwd()


def cache_dir(paths: Iterable[str], explicit: str | Path | None = None) -> Path:
    """The cache folder for a run over ``paths``."""
    chosen = explicit or os.environ.get(ENV)
    return Path(chosen) if chosen else project_root(paths) / NAME
