"""Baselines: adopt claimlint on an existing site and fail only on new claims.

A baseline records each reported finding's fingerprint (rule + normalised claim text +
occurrence, never the line: ``Finding.fingerprint``), so edits elsewhere in a file keep old claims
baselined. Writes are atomic (fileio.py).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import ClaimlintError
from ..fileio import atomic_write
from ..findings import Finding

VERSION = 1


def _key_path(path: str) -> str:
    return path if "://" in path else Path(path).as_posix()


def write_baseline(target: Path, findings: list[Finding]) -> int:
    entries = [{"path": _key_path(f.path), "rule": f.rule, "fingerprint": f.fingerprint, "text": f.text}
               for f in findings if f.reported]
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    atomic_write(target, json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


def load_baseline(source: Path) -> set[tuple[str, str]]:
    """The (path, fingerprint) pairs a baseline file records."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        return {(e["path"], e["fingerprint"]) for e in data["findings"]}
    except FileNotFoundError:
        raise ClaimlintError("baseline file not found", source) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ClaimlintError(f"not a claimlint baseline: {exc}", source) from None


def apply_baseline(known: set[tuple[str, str]], findings: list[Finding]) -> int:
    """Mark findings already in the baseline as suppressed; returns how many. A fingerprint counts occurrences
    within its file, so one file's findings at a time give the same answer as all at once."""
    count = 0
    for f in findings:
        if f.reported and (_key_path(f.path), f.fingerprint) in known:
            f.suppressed_by = "baseline"
            count += 1
    return count
