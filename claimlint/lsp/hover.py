"""The hover on a flagged claim: what `check --explain` says about it, as Markdown."""
from __future__ import annotations

from ..findings import Finding
from ..packs.evidence import evidence_doc_path, section_for, source_anchor
from .actions import suggested_wording


def source_link(source: str) -> str:
    """A built-in source ('docs/evidence.md#cure') as a link into the evidence document shipped with claimlint; a
    pack's own source as written."""
    anchor = source_anchor(source)
    if anchor is None or section_for(source) is None:
        return source
    return f"[{source}]({evidence_doc_path().resolve().as_uri()}#{anchor})"


def hover_markdown(finding: Finding) -> str:
    status = f"{finding.status} ({finding.note})" if finding.note else finding.status
    lines = [
        f"**{finding.rule}** · {finding.severity} · tier **{finding.tier}**",
        "",
        finding.message,
        "",
        f"- **Claim:** “{finding.text}”",
        f"- **Status:** {status}",
        f"- **Reasoning:** {finding.reasoning}",
        f"- **Source:** {source_link(finding.source)}",
    ]
    lines += [f"- **Reference:** {r}" for r in finding.references]
    if (wording := suggested_wording(finding)) is not None:
        lines += ["", "**Suggested wording:**", "", f"> {wording}"]
    return "\n".join(lines)
