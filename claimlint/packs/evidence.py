"""The evidence document, docs/evidence.md: the tiers, reasoning and references the built-in packs rest on.

Every built-in evidence entry's ``source`` reads ``docs/evidence.md#<anchor> (<short label>)``. The anchor is
a heading of the document, lower-cased with spaces as hyphens (the slug GitHub and most Markdown viewers
give it), so the path opens in the repository and the anchor jumps to the section. The wheel ships the
document as ``claimlint/docs/evidence.md``; a source checkout keeps it in ``docs/``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..findings import EvidenceSection

DOCUMENT = "docs/evidence.md"
_SOURCE = re.compile(r"^docs/evidence\.md#(?P<anchor>[a-z0-9][a-z0-9_-]*)(?=\s|$)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def evidence_doc_path() -> Path:
    """Where the document is: inside the installed package, or in the checkout this package runs from."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "docs" / "evidence.md"
    return installed if installed.is_file() else package.parent / "docs" / "evidence.md"


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def parse_sections(text: str) -> dict[str, EvidenceSection]:
    """Every heading's section by anchor, in document order; a repeated anchor gets -1, -2, ... as on GitHub."""
    lines = text.splitlines()
    heads: list[tuple[int, int, str]] = []
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            heads.append((i, len(m[1]), m[2]))
    sections: dict[str, EvidenceSection] = {}
    for k, (i, level, title) in enumerate(heads):
        end = next((j for j, lv, _ in heads[k + 1:] if lv <= level), len(lines))
        anchor = base = slug(title)
        n = 0
        while anchor in sections:
            n += 1
            anchor = f"{base}-{n}"
        sections[anchor] = EvidenceSection(anchor, title, level, "\n".join(lines[i + 1:end]).strip(), DOCUMENT)
    return sections


@lru_cache(maxsize=1)
def evidence_sections() -> dict[str, EvidenceSection]:
    """The shipped document's sections; empty if the document is missing (then sources show as plain text)."""
    try:
        return parse_sections(evidence_doc_path().read_text(encoding="utf-8"))
    except OSError:
        return {}


def source_anchor(source: str) -> str | None:
    """The anchor a ``source`` names in docs/evidence.md, or None when it points elsewhere."""
    m = _SOURCE.match(source)
    return m["anchor"] if m else None


def section_for(source: str) -> EvidenceSection | None:
    """The section of the shipped document a ``source`` points at, if it exists."""
    anchor = source_anchor(source)
    return evidence_sections().get(anchor) if anchor else None


def cited_sections(sources: Iterable[str]) -> dict[str, EvidenceSection]:
    """The sections ``sources`` point at, by source, in the document's order (what LintResult.evidence holds)."""
    order = {anchor: i for i, anchor in enumerate(evidence_sections())}
    cited = {source: section for source in set(sources) if (section := section_for(source)) is not None}
    return dict(sorted(cited.items(), key=lambda item: (order[item[1].anchor], item[0])))
