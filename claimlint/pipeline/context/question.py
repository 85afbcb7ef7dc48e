"""Questions plant their claim unless the answer settles it."""
from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .reading import Reading

PAGE_NUMBER = re.compile(r"(?<=\?)[\s.·…]*\d{1,3}$")
ANSWERED_YES = "answered-yes"  # not a status: the answer asserts, so the question's modal hedges nothing


class Question:
    """'Yes' asserts, 'No' denies; a rhetorical question ('Why go under the knife when ...?') asserts."""

    section = "question"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        # a booklet's contents line ends on its page number: "Which cells could be used for MS? .... 9"
        text = PAGE_NUMBER.sub("", sentence.text.rstrip())
        if not text.rstrip("\"'”’)").endswith("?") and not self._asking_heading(reading, sentence):
            return
        if any(reading.opens_with(part, "rhetorical") for part in re.split(r"[:;,]\s+", sentence.text)):
            return  # "Why go under the knife when ...?", "Ask yourself: why keep ...?" assert what they ask
        answer = reading.next_sentence(sentence)
        if answer is not None:
            if reading.starts_with(answer, "deny"):
                yield "negated", answer.text.strip()
                return
            if reading.starts_with(answer, "affirm"):
                yield ANSWERED_YES, answer.text.strip()
                return
        yield "question", sentence.text.strip()

    def _asking_heading(self, reading: Reading, sentence: Span) -> bool:
        """A heading asks without a question mark: "What Conditions Can Be Treated With Stem Cells"."""
        index = reading.block_of(sentence.start_char)
        if index is None or reading.blocks[index].kind != "heading":
            return False
        first = sentence.text.strip().split(maxsplit=1)[:1]
        return bool(first) and first[0].lower() in reading.words.words("interrogatives")
