"""ConText's core: a cue phrase in the claim's sentence whose scope reaches the claim."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .reading import Reading


class CueScope:
    """Negation, hedge, hypothesis, disclaimer, attribution, research and other-subject cues in the sentence.

    A negation before a colon that introduces the claim disclaims it ("Not supported: cure, ...")."""

    section = "negation"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        undone = reading.contains(sentence, "negation_undone")  # "no way to reverse it - until now!"
        for cue in reading.cues:
            if not (sentence.start <= cue.start < sentence.end) or undone and cue.category == "negated":
                continue
            if any(t in claim.hits for t in range(cue.start, cue.end)):
                continue  # part of the claim's own wording ("no more injections")
            if reading.governs(cue, claim, sentence):
                category = cue.category
                if category == "negated" and reading.before_colon(cue, claim, sentence):
                    category = "disclaimed"
                yield category, cue.text
