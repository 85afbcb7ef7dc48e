"""`--diff REV`: report only findings on lines changed since a git revision (CI on large sites)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ..errors import ClaimlintError
from ..findings import Finding

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ClaimlintError("--diff needs git on PATH") from None
    if done.returncode != 0:
        raise ClaimlintError(f"git {' '.join(args)}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'}")
    return done.stdout


def changed_lines(rev: str, cwd: Path | None = None) -> dict[Path, set[int] | None]:
    """Changed line numbers per file since ``rev`` (working tree included); None means the whole file is new."""
    cwd = Path(cwd or Path.cwd())
    try:
        root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except ClaimlintError as exc:
        if "needs git" in exc.message:
            raise
        raise ClaimlintError(f"--diff {rev}: {cwd} is not inside a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    except ClaimlintError:
        raise ClaimlintError(f"--diff {rev}: no such git revision in {root}") from None
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", rev, "--"], root)
    out: dict[Path, set[int] | None] = {}
    current: set[int] | None = None
    for part in re.split(r"^diff --git ", diff, flags=re.MULTILINE)[1:]:
        target = re.search(r"^\+\+\+ (?:b/)?(.+)$", part, re.MULTILINE)
        if not target or target.group(1) == "/dev/null":
            continue
        current = set()
        for m in HUNK.finditer(part):
            start, count = int(m.group(1)), int(m.group(2) or 1)
            current.update(range(start, start + count))
        out[(root / target.group(1)).resolve()] = current
    for name in _git(["ls-files", "--others", "--exclude-standard"], root).splitlines():
        out[(root / name).resolve()] = None
    return out


def keep_changed(findings: list[Finding], changes: dict[Path, set[int] | None]) -> None:
    """Waive findings outside the changed lines (they stay visible in JSON as suppressed)."""
    for f in findings:
        if f.severity is None or f.suppressed_by or "://" in f.path or f.path == "-":
            continue
        path = Path(f.path).resolve()
        if path not in changes:
            f.suppressed_by = "unchanged (--diff)"
            continue
        lines = changes[path]
        if lines is not None and not lines & set(range(f.line, f.end_line + 1)):
            f.suppressed_by = "unchanged (--diff)"
