"""From a processed Doc to findings: each claim mapped back to its place in the source file."""
from __future__ import annotations

from typing import Mapping

from spacy.tokens import Doc

from ..findings import Finding
from ..packs.schema import Rule
from ..readers.document import SourceDocument, reference_end
from .claims import Claim, doc_claims
from .verdict import severity_for


def findings_from(doc: Doc, source: SourceDocument, rules: Mapping[str, Rule],
                  own: tuple[int, int] | None = None) -> list[Finding]:
    """Turn the claims on a processed Doc into findings positioned in the source file (``rules``: rule id -> Rule).

    ``own`` limits them to claims starting in that range of the text (a window's own blocks, see readers/windows.py).
    """
    claims = doc_claims(doc, rules)
    if own is not None:
        claims = [c for c in claims if own[0] <= doc[c.start].idx < own[1]]
    return [_finding(doc, source, claim) for claim in claims]


def _finding(doc: Doc, source: SourceDocument, claim: Claim) -> Finding:
    span = doc[claim.start:claim.end]
    start = source.to_source(span.start_char)
    end = _source_end(source, span.end_char) if span.end_char > span.start_char else start
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(end)
    rule = claim.rule
    return Finding(
        path=source.path,
        rule=rule.id,
        category=rule.category,
        severity=claim.severity,
        tier=rule.tier,
        status=claim.status,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        text=source.as_shown(span.start_char, span.end_char),  # as read: the parse saw line breaks as spaces
        sentence=" ".join(source.as_shown(*_expanded(doc, claim.record["sentence"])).split()),
        message=rule.message,
        reasoning=rule.evidence.reasoning,
        source=rule.evidence.source,
        suggestion=rule.suggestion,
        references=list(rule.evidence.references),
        link=rule.link,
        cue=claim.cue,
        suppressed_by=None if claim.severity else f"status: {claim.status}",
        asserted_severity=severity_for(rule.tier, "asserted"),
    )


def _expanded(doc: Doc, chars: tuple[int, int]) -> tuple[int, int]:
    """A character range widened to whole tokens, as the sentence it names."""
    span = doc.char_span(*chars, alignment_mode="expand")
    return span.start_char, span.end_char


def _source_end(source: SourceDocument, end_char: int) -> int:
    """Where the text's last character ends in the source: after the whole reference when it was decoded
    from one (``&amp;``, ``&#233;`` or a Markdown ``\\*``), so the span never stops inside the markup."""
    last = source.to_source(end_char - 1)
    raw = source.source
    if last < len(raw) and raw[last] != source.text[end_char - 1] and source.kind != "text":
        if raw[last] == "&":
            return reference_end(raw, last)
        if raw[last] == "\\" and source.kind == "markdown":
            return min(last + 2, len(raw))
    return last + 1
