"""The suppression chain: one order, one function, for the command and the Python API alike.

Each step waives reported findings by setting ``Finding.suppressed_by``; nothing is deleted, so every
claim found stays visible (JSON ``suppressed``, SARIF suppressions, ``--show-suppressed``):

1. inline directives in the copy        ``directive: <reason>``      (inline.py)
2. the configuration's per-path ignores ``per-path-ignores: <glob>`` (paths.py)
3. --diff: lines unchanged since REV     ``unchanged (--diff)``       (changed.py)
4. the baseline                          ``baseline``                 (baseline.py)
5. review files (``--review``)           ``review: waived: <reason>`` (review.py)

A finding keeps the first reason that waives it; claims not reported for how they are stated keep theirs
(``status: negated``, ...).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..findings import FileOutcome, Problem
from .baseline import apply_baseline, load_baseline
from .inline import apply_directives
from .paths import PerPathIgnores
from .review import apply_reviews, load_review


@dataclass
class Chain:
    """What waives findings in one run; ``Chain()`` applies the inline directives only."""

    per_path: PerPathIgnores | None = None
    changes: dict[Path, set[int] | None] | None = None  # --diff: changed lines per file (None: the whole file)
    baseline: set[tuple[str, str]] | None = None  # (path, fingerprint) pairs
    reviews: list[dict] | None = None  # review files (review.py): the desk's decisions, by fingerprint

    @classmethod
    def build(cls, per_path_ignores: dict[str, tuple[str, ...]] | None = None, root: Path | None = None,
              baseline: str | Path | None = None, diff: str | None = None,
              reviews: Iterable[str | Path] = ()) -> Chain:
        """The chain for a configuration's ``per_path_ignores`` (globs relative to ``root``), a baseline file and a
        git revision for --diff. The baseline is read before git is asked, as the command always did."""
        per_path = PerPathIgnores(per_path_ignores, root or Path.cwd()) if per_path_ignores else None
        known = load_baseline(Path(baseline)) if baseline else None
        changes = None
        if diff:
            from .changed import changed_lines  # git and its output, only for --diff

            changes = changed_lines(diff)
        return cls(per_path, changes, known, [load_review(Path(r)) for r in reviews] or None)

    def apply(self, outcome: FileOutcome) -> FileOutcome:
        """Mark ``outcome``'s findings, step by step; a directive's problems (no reason, waives nothing) join its
        problems as ``path:line``."""
        if outcome.source is not None:
            for line, level, message in apply_directives(outcome.source.source, outcome.findings):
                outcome.problems.append(Problem(f"{outcome.source.path}:{line}", message, level))
        if self.per_path is not None:
            self.per_path.mark(outcome.findings)
        if self.changes is not None:
            from .changed import keep_changed  # imported by build, when --diff gave the changes

            keep_changed(outcome.findings, self.changes)
        if self.baseline is not None:
            apply_baseline(self.baseline, outcome.findings)
        if self.reviews:
            apply_reviews(self.reviews, outcome.findings)
        return outcome
