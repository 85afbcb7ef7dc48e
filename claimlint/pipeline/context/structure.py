"""Headings, lead-ins and table cells pass their stance to what they introduce, and take one from what follows."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .attribution import reports
from .reading import Reading


class Structure:
    """Stance passed down by the section heading and by the lead-in before a list or paragraph."""

    section = "disclaimer"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        block_index = reading.block_of(sentence.start_char)
        if block_index is None:
            return
        block = reading.blocks[block_index]
        if block.heading is not None:
            heading = reading.span(reading.blocks[block.heading])
            if heading is not None:
                for category in stance(reading, heading, strong_only=True):
                    yield category, heading.text.strip()
        if block.lead_in is not None:
            lead_block = reading.span(reading.blocks[block.lead_in])
            if lead_block is not None:
                lead = list(lead_block.sents)[-1]
                for category in stance(reading, lead):
                    yield category, lead.text.strip()


class FollowingVerdict:
    """A heading or table cell is read with what follows it: 'Coming off medication | Not a realistic goal'."""

    section = "disclaimer"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        index = reading.block_of(reading.doc[claim.start].idx)
        if index is None or index + 1 >= len(reading.blocks):
            return
        block, after = reading.blocks[index], reading.blocks[index + 1]
        if block.kind not in ("heading", "cell") or (block.kind == "cell" and after.kind != "cell"):
            return
        span = reading.span(after)
        if span is None:
            return
        opening = list(span.sents)[0]
        # A short cell verdict may negate anywhere ("Not a realistic goal"); a section body must open with a
        # denial or carry a strong disclaimer, since body copy is full of incidental negations.
        if "disclaimed" in stance(reading, opening, strong_only=block.kind == "heading", verbs=False) \
                or reading.starts_with(opening, "deny") and not reading.starts_with(opening, "pseudo"):
            yield "disclaimed", opening.text.strip()


def stance(reading: Reading, span: Span, strong_only: bool = False, verbs: bool = True) -> list[str]:
    """What a heading (strong_only) or a lead-in says about what follows it. With ``verbs``, a heading
    whose negation attaches to a disclaiming verb ("Things stem cells do not do") disclaims too.
    Cached per document: every claim under one heading or lead-in asks the same question."""
    cache = reading.cache.setdefault("stances", {})
    key = (span.start, span.end, strong_only, verbs)
    if key not in cache:
        cache[key] = _read_stance(reading, span, strong_only, verbs)
    return cache[key]


def _read_stance(reading: Reading, span: Span, strong_only: bool, verbs: bool) -> list[str]:
    out = []
    denying = reading.words.words("disclaiming_verbs")
    topic = reading.words.words("heading_topic") if strong_only else set()
    for cue in reading.cues:
        if span.start <= cue.start and cue.end <= span.end and cue.text.lower() not in topic:
            head = reading.doc[cue.start].head
            if cue.category == "disclaimed" or cue.category == "negated" and (
                    not strong_only or verbs and head.lemma_.lower() in denying and not _other_treatment(reading, head)):
                out.append("disclaimed")
            elif cue.category == "attributed" or not strong_only:
                out.append(cue.category)
    if not strong_only and reports(reading, span):
        out.append("attributed")
    return out


def _other_treatment(reading: Reading, verb) -> bool:
    """'Why pills and injections aren't enough': the heading denies another treatment, not the claims below."""
    interventions = reading.words.words("interventions")
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in interventions for c in verb.children)
