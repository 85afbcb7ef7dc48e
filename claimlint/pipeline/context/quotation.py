"""Quotations the copy reports rather than makes."""
from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .cues import words_of
from .grammar import quote_pairs
from .reading import Reading


class Quotation:
    """A claim inside quotation marks within a longer sentence is being quoted, not made; so is a sentence
    that is all quotation under a heading or lead-in about what others claim ("Claims we have seen" over a
    list of quoted slogans). First-person quotes are testimonials ("I'm off insulin!"), which the copy does
    make; so is everything a press release or a clinic's sales page quotes, and what "our" people say."""

    section = "quotation"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        if reading.voice.own_publication or reading.voice.promotional:
            return  # a press release, a clinic's sales page: whoever it quotes speaks for it
        quoted = self._quoted(reading, claim, sentence)
        if quoted and not reading.contains(sentence, "endorse"):
            yield "attributed", quoted

    def _quoted(self, reading: Reading, claim: Claim, sentence: Span) -> str | None:
        text, base = sentence.text, sentence.start_char
        voice = reading.words.words("testimonial_voice")
        marks = {pair[0]: pair[1] for pair in reading.words.lists["quote_marks"] if len(pair) == 2}
        starts = [reading.doc[h].idx - base for h in claim.hits]
        for open_at, close_at in quote_pairs(text, marks):
            if any(open_at < at < close_at for at in starts):
                inside = text[open_at + 1:close_at]
                outside = text[:open_at] + text[close_at + 1:]
                words_inside = {w.lower() for w in re.findall(r"[\w']+", inside)}
                if self._own_people(reading, outside):
                    continue  # the copy quoting its own people: "Dr. Smith, our medical director, says: '...'"
                if not words_inside & voice and (sum(ch.isalpha() for ch in outside) >= 12
                                                 or self._labelled(reading, outside)
                                                 or self._introduces_quotes(reading, sentence)):
                    return text[open_at:close_at + 1]
        return None

    @staticmethod
    def _own_people(reading: Reading, outside: str) -> bool:
        """'our medical director', 'our lead physician': a person of the copy's own ('we often see wording
        such as ...' is the copy reporting others)."""
        people = reading.words.words("people")
        own = reading.words.words("own_voice") - {"we"}
        words = re.findall(r"[\w']+", outside.lower())
        return any(w in own and any(p in people for p in words[i + 1:i + 4]) for i, w in enumerate(words))

    def _labelled(self, reading: Reading, outside: str) -> bool:
        """A quotation labelled as someone's claim ('Claim 1: "..."', 'The promise: "..."'), not in the
        copy's own voice ('Our promise: "..."')."""
        lists = reading.words.lists
        words = words_of(outside)
        nouns = {form for n in lists["saying_nouns"] for form in (n, n + "s")}
        return bool(words & nouns) and not words & set(lists["first_person"])

    def _introduces_quotes(self, reading: Reading, sentence: Span) -> bool:
        """The sentence's heading or lead-in names what others say ("Claims we have seen", "Typical
        slogans:") in a voice other than the copy's own ("Our promise" is the clinic speaking)."""
        index = reading.block_of(sentence.start_char)
        if index is None:
            return False
        words = reading.words
        saying = words.words("saying_nouns")  # not verbs: "What patients say" heads a clinic's own testimonials
        own = words.words("first_person") - {"we"}  # "claims we have seen": the copy reporting, not claiming
        block = reading.blocks[index]
        for other in (block.heading, block.lead_in):
            span = reading.span(reading.blocks[other]) if other is not None else None
            if span is not None and any(t.lemma_.lower() in saying and t.pos_ == "NOUN" for t in span) \
                    and not any(t.lower_ in own for t in span):
                return True
        return False
