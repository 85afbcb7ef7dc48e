"""Baselines: adopt claimlint on an existing site and fail only on new claims.

A baseline records each reported finding's fingerprint (rule + normalised claim text +
occurrence, never the line), so edits elsewhere in a file keep old claims baselined.
Writes are atomic: a temporary file in the same folder, then a rename.
"""
from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

from .errors import ClaimlintError
from .fingerprint import fingerprints
from .findings import Finding

VERSION = 1


def _key_path(path: str) -> str:
    return path if "://" in path else Path(path).as_posix()


def _fingerprinted(findings: list[Finding]) -> list[tuple[Finding, str]]:
    """Fingerprints over every finding with a severity (reported or waived), as SARIF counts them."""
    rated = [f for f in findings if f.severity is not None]
    return list(zip(rated, fingerprints(rated)))


def write_baseline(target: Path, findings: list[Finding]) -> int:
    entries = [{"path": _key_path(f.path), "rule": f.rule, "fingerprint": fp, "text": f.text}
               for f, fp in _fingerprinted(findings) if f.reported]
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
    """Mark findings already in the baseline as suppressed; returns how many. Occurrences count within
    each file, so one file's findings at a time give the same answer as all at once."""
    count = 0
    for f, fp in _fingerprinted(findings):
        if f.reported and (_key_path(f.path), fp) in known:
            f.suppressed_by = "baseline"
            count += 1
    return count


def atomic_write(target: Path, text: str) -> None:
    """Write via a temporary file and rename, so an interrupted run never leaves a partial file.

    The temporary file sits beside the target (a rename across file systems is not atomic) and
    is flushed to disk before the rename (a crash just after must not leave an empty file). It
    keeps an existing target's permissions; a new file gets those a plain write would give.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    tmp = target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666)  # the umask applies, as for any new file
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:  # interrupted or failed: the target is as it was, and no temporary file is left
        tmp.unlink(missing_ok=True)
        raise
