"""The evidence behind the report's findings: each cited section of docs/evidence.md, carried in the page.

A finding's source names a section of docs/evidence.md. A link to that file from the page would depend
on where the report is opened (a CI artefact, a mail attachment, another machine), so the report embeds
the text of every section its findings cite, once, and the Source row links to it within the page.
The sections come with the result (``LintResult.evidence``, by source), read from the document by the
packs (packs/evidence.py); the report itself reads no file.
"""
from __future__ import annotations

from ...findings import EvidenceSection, Finding
from ..markup import Safe, tag


def evidence_id(section: EvidenceSection) -> str:
    return f"evidence-{section.anchor}"


def source_value(f: Finding, evidence: dict[str, EvidenceSection]) -> Safe | str:
    """The Source row: a link to the embedded section when the source is one, else the text as written."""
    section = evidence.get(f.source)
    if section is None:
        return f.source
    return tag("a", f.source, href=f"#{evidence_id(section)}", class_="evidence-link")


def evidence_appendix(numbered: list[tuple[int, Finding]], evidence: dict[str, EvidenceSection]) -> Safe:
    """The cited sections in document order; nothing when no finding cites the document."""
    cited = {evidence[f.source].anchor for _, f in numbered if f.source in evidence}
    if not cited:
        return Safe("")
    sections = [s for s in dict.fromkeys(evidence.values()) if s.anchor in cited]  # evidence is in document order
    intro = tag("p", "The sections of ", tag("code", sections[0].document), " that this report's findings cite: claimlint's own "
                "summary of the evidence tiers, the reasoning and the published references behind its rules. "
                "The document ships with claimlint (as claimlint/docs/evidence.md in the installed package).",
                class_="muted")
    entries = [tag("section", tag("h3", s.title, tag("span", f"{s.document}#{s.anchor}", class_="path evidence-path")),
                   _markdown(s.body), id=evidence_id(s), class_="evidence-entry") for s in sections]
    return tag("section", tag("h2", "Evidence cited", id="evidence-title"), intro, *entries, id="evidence",
               class_="evidence", aria_labelledby="evidence-title")


def _markdown(text: str) -> Safe:
    # The text is claimlint's own shipped document, never the linted copy or a pack. Even so, raw HTML in it is
    # escaped (html=False) and markdown-it refuses javascript:, vbscript:, file: and data: links.
    from markdown_it import MarkdownIt  # only when a report cites the document: the formats stay light to import

    return Safe(MarkdownIt("commonmark", {"html": False}).render(text))
