"""Findings: what the pipeline's claims become once mapped back to the source file."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from spacy.tokens import Doc

from .claims import Claim, doc_claims
from .document import SourceDocument
from .readers.html import reference_end

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, None: 0}

# What a reader should know when the claim is not asserted outright.
STATUS_NOTES = {
    "hedged": "hedged claim: a hedge does not make an unsupported claim acceptable",
    "question": "posed as a question: the question still plants the claim",
    "hypothetical": "stated as a hypothetical: the reader still takes away the claim",
}


@dataclass(slots=True)  # a big site has tens of thousands: no per-instance __dict__
class Finding:
    path: str
    rule: str
    category: str
    severity: str | None  # None: not reported (negated, disclaimed, attributed, ...)
    tier: str
    status: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    sentence: str
    message: str
    reasoning: str
    source: str
    suggestion: str
    references: list[str] = field(default_factory=list)
    link: str | None = None
    cue: str | None = None
    suppressed_by: str | None = None  # why a reported claim was waived (status, directive, baseline)

    @property
    def reported(self) -> bool:
        return self.severity is not None and self.suppressed_by is None

    @property
    def note(self) -> str | None:
        return STATUS_NOTES.get(self.status)

    def to_dict(self) -> dict:
        return asdict(self)


def findings_from(doc: Doc, source: SourceDocument, own: tuple[int, int] | None = None) -> list[Finding]:
    """Turn the claims on a processed Doc into findings positioned in the source file.

    ``own`` limits them to claims starting in that range of the text (a window's own blocks, see windows.py).
    """
    claims = doc_claims(doc)
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
        text=span.text,
        sentence=" ".join(span.sent.text.split()),
        message=rule.message,
        reasoning=rule.evidence.reasoning,
        source=rule.evidence.source,
        suggestion=rule.suggestion,
        references=list(rule.evidence.references),
        link=rule.link,
        cue=claim.cue,
        suppressed_by=None if claim.severity else f"status: {claim.status}",
    )


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


def at_or_above(findings: list[Finding], level: str) -> list[Finding]:
    floor = SEVERITY_RANK[level]
    return [f for f in findings if f.reported and SEVERITY_RANK[f.severity] >= floor]
