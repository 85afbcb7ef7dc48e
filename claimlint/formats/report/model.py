"""What the html report is about: the linted files with their findings numbered, and the words for tiers and counts."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ...findings import SEVERITIES, TIERS, Finding, LintResult, ReadDocument, page_summary
from .._common import TIER_LABELS
from .readable import READABLE_KINDS

TIER_ORDER = tuple(reversed(TIERS))  # most serious first


@dataclass
class Document:
    """One linted file as the report shows it: its copy and its reported findings, numbered."""

    index: int
    path: str
    text: str | None  # the file as written; None when the result does not carry it
    findings: list[tuple[int, Finding]] = field(default_factory=list)
    read: ReadDocument | None = None  # for HTML and Markdown: what claimlint read, shown instead of the markup
    kind: str = "text"  # the reader that read the file (a text given by hand is taken as plain text)
    summary: dict | None = None  # the page's net impression (findings.page_summary), from all its findings

    @property
    def key(self) -> str:
        # Filters and anchors use this, never the path: paths come from the input.
        return f"d{self.index}"


def documents_of(result: LintResult) -> list[Document]:
    """Every linted file in lint order, then any file with findings but no text, each with its findings numbered.

    Numbers run through the whole report in reading order (file, then position), as the badges show them.
    """
    grouped: dict[str, list[Finding]] = {path: [] for path in result.sources}
    every: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        every[f.path].append(f)
        if f.reported:
            grouped.setdefault(f.path, []).append(f)
    documents, n = [], 0
    for index, (path, found) in enumerate(grouped.items()):
        ordered = sorted(found, key=lambda f: (f.start, f.end, f.rule))
        kept = result.sources.get(path)  # the document as read, or (a result built by hand) the file's text
        read = kept if getattr(kept, "kind", "text") in READABLE_KINDS else None
        documents.append(Document(index, path, getattr(kept, "source", kept), [(n + i, f) for i, f in enumerate(ordered, 1)],
                                  read, getattr(kept, "kind", "text"), page_summary(every[path])))
        n += len(ordered)
    return documents


def tiers(findings: list[Finding]) -> list[str]:
    """The known tiers, most serious first, plus any a custom pack invented."""
    extra = sorted({f.tier for f in findings} - set(TIER_ORDER))
    return [*TIER_ORDER, *extra]


def tier_label(tier: str) -> str:
    return TIER_LABELS.get(tier, tier)


def slug(value: str) -> str:
    """A class-name-safe form of a label or tier (tiers from custom packs are input too)."""
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in value.lower())


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 or noun == 'info' else 's'}"


def severities(counts: Counter) -> str:
    """'17 errors, 1 warning'."""
    return ", ".join(count(counts[s], s) for s in SEVERITIES if counts[s])
