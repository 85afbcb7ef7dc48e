"""Broadcast transcripts: the turns of speakers other than the reporter or anchor are reported speech."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .reading import Reading
from .voice import speaker_label


class Transcript:
    """'SALESPERSON (HIDDEN CAMERA): most of our diabetics come off insulin' is reported, not asserted, in a
    transcript that has a reporter, anchor or interviewer."""

    section = "voice"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        if not reading.voice.interviewers:
            return
        index = reading.block_of(reading.doc[claim.start].idx)
        block = reading.blocks[index] if index is not None else None
        label = speaker_label(reading.words).match(reading.doc.text[block.start:block.end]) if block is not None else None
        if label is None or label.group(0).strip() in reading.voice.interviewers:
            return
        if not reading.contains(sentence, "endorse"):
            yield "attributed", label.group(0).strip()
