"""The block memo: one open document's findings block by block, kept in memory from one lint of it to the next.

An editor re-lints a page on every pause in typing, and an edit changes a block or two. The linter keys each block
by everything its findings depend on (the block's text, the blocks its context reads, how it maps to the source:
``Prepared.block_keys`` in pipeline/components.py); a block whose key the last lint saw keeps that lint's findings,
moved to where the block now starts, and only the others go through the pipeline. Keys are compared whole (no
digest), so a reused finding is the one a full lint would make. The memo keeps the current blocks' entries only:
its size follows the page, however long it is edited.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Hashable

from ..findings import Finding

Key = tuple[Hashable, int]  # a block's key and where the block starts in the source


@dataclass
class BlockMemo:
    """Pass one per open document to ``Linter.lint_document``; it belongs to the linter that filled it."""

    owner: object = None  # the linter whose findings these are (another configuration starts afresh)
    entries: dict[Hashable, tuple[int, list[Finding]]] = field(default_factory=dict)  # key -> block start, findings
    linted: list[int] = field(default_factory=list)  # the blocks the last lint ran the pipeline on (tests, benchmarks)

    def known(self, owner: object, keys: list[Key]) -> set[int]:
        """The blocks whose findings the last lint by ``owner`` made."""
        if owner is not self.owner:
            self.owner, self.entries = owner, {}
        return {i for i, (key, _) in enumerate(keys) if key in self.entries}

    def update(self, keys: list[Key], fresh: dict[int, list[Finding]], path: str,
               line_col: Callable[[int], tuple[int, int]]) -> list[Finding]:
        """The document's sentence findings in block order: ``fresh`` ones as made, the others the last lint's,
        moved with their block. Only these blocks' entries are kept, as copies: the suppression chain marks the
        findings it is handed."""
        entries: dict[Hashable, tuple[int, list[Finding]]] = {}
        out: list[Finding] = []
        for i, (key, start) in enumerate(keys):
            if i in fresh:
                entries[key] = (start, [replace(f) for f in fresh[i]])
                out += fresh[i]
                continue
            was, kept = entries[key] = self.entries[key]
            out += [_moved(f, start - was, path, line_col) for f in kept]
        self.entries, self.linted = entries, sorted(fresh)
        return out


def _moved(finding: Finding, shift: int, path: str, line_col: Callable[[int], tuple[int, int]]) -> Finding:
    start, end = finding.start + shift, finding.end + shift
    (line, column), (end_line, end_column) = line_col(start), line_col(end)
    return replace(finding, path=path, start=start, end=end, line=line, column=column, end_line=end_line,
                   end_column=end_column)
