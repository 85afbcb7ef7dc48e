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
            if cue.category == "research" and _marks_adverbial(reading.doc[cue.start]):
                continue  # "whether you are 20 or 70, ...": a condition on the claim, not a question about it
            if cue.category == "disclaimed" and claim.end <= cue.start and _conceded(reading.doc, cue.end, sentence):
                continue  # "It sounds too good to be true, but our shot really does it": a doubt raised to be set aside
            # a quoted phrase is mentioned, not said: 'From "May Never Walk" to ...: Leo's Success Story' (read
            # only for a cue that would otherwise apply)
            if reading.governs(cue, claim, sentence) and not reading.quoted_apart(cue, claim, sentence):
                category = cue.category
                if category == "negated" and reading.before_colon(cue, claim, sentence):
                    category = "disclaimed"
                yield category, cue.text


def _marks_adverbial(word) -> bool:
    """A subordinator opening an adverbial clause (a concessive condition), not a complement (a question)."""
    return word.dep_ == "mark" and word.head.dep_ == "advcl"


CONCESSIONS = ("but", "yet")


def _conceded(doc, end: int, sentence: Span) -> bool:
    """The cue's clause goes straight on with 'but' or 'yet', which sets it aside."""
    following = [t for t in doc[end:sentence.end] if not t.is_punct][:1]
    return bool(following) and following[0].lower_ in CONCESSIONS
