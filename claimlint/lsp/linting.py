"""One lint of one version of an open document, on the lint thread: the findings `claimlint check` would report for
the file with this text, or why there are none (over the size limit, a configuration that cannot be used)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import BlockMemo
from ..errors import ClaimlintError
from ..findings import FileOutcome, Finding
from ..readers.sources import MAX_FILE_BYTES, TEXT_SUFFIXES, document_from_text
from ..suppress.baseline import apply_baseline
from .settings import Settings

# The editor's language ids for the formats claimlint reads; other documents are linted by their suffix, or not.
LANGUAGES = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}


def kind_of(language_id: str | None, path: Path | None) -> str | None:
    """How to read a document: markdown, html or text; None for a document claimlint does not lint (YAML, code)."""
    if language_id in LANGUAGES:
        return LANGUAGES[language_id]
    return TEXT_SUFFIXES.get(path.suffix.lower()) if path is not None else None


@dataclass(frozen=True)
class Snapshot:
    """A document as it was when its lint was scheduled."""

    uri: str
    version: int | None
    text: str
    kind: str
    path: Path | None  # absolute; None for an unsaved buffer


@dataclass
class Outcome:
    snapshot: Snapshot
    findings: list[Finding] = field(default_factory=list)  # reported ones only: what the editor shows
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # waivers': 1-based line, level, message
    notice: str | None = None  # why the document was not linted
    error: ClaimlintError | None = None  # the configuration (or a pack or baseline it names) cannot be used
    rules: dict[str, Any] = field(default_factory=dict)  # rule id -> Rule: links and explanations


def lint(snapshot: Snapshot, settings: Settings, memo: BlockMemo | None = None) -> Outcome:
    """Lint ``snapshot`` as the file it is (or, unsaved, as text with the default configuration). ``memo``: the
    document's findings by block from its last lint, so that an edit re-lints only the blocks it can change."""
    size = len(snapshot.text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        return Outcome(snapshot, notice=f"claimlint: not linted: the document is {size / 2**20:.1f} MB, over the "
                                        f"{MAX_FILE_BYTES // 2**20} MB limit for a file")
    try:
        resolved = settings.for_document(snapshot.path)
    except ClaimlintError as exc:
        return Outcome(snapshot, error=exc)
    name = str(snapshot.path) if snapshot.path else snapshot.uri
    source = document_from_text(snapshot.text, name, snapshot.kind)
    # The chain the command runs (waivers, per-path ignores); the baseline's paths are keyed for the editor's files.
    outcome = resolved.run.chain.apply(FileOutcome(resolved.run.linter.lint_document(source, memo), [], source))
    if resolved.baseline is not None:
        apply_baseline(resolved.baseline, outcome.findings)
    problems = [(int(p.path.rpartition(":")[2]), p.level, p.message) for p in outcome.problems]
    return Outcome(snapshot, [f for f in outcome.findings if f.reported], problems, rules=resolved.run.linter.rules)
