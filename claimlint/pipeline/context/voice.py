"""Who speaks in a whole document, read once so every window of a long document reads it the same way."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Cues, words_of

VOICE_KEY = ("claimlint", "voice")  # Doc.user_data: the whole document's Voice, when the Doc is one window of it


@dataclass(frozen=True)
class Voice:
    """A press release is the advertiser speaking through everyone it quotes; in a broadcast transcript,
    the journalists' speaker labels (the other speakers are reported)."""

    own_publication: bool = False
    interviewers: frozenset[str] = frozenset()


def speaker_label(cues: Cues) -> re.Pattern:
    return re.compile(cues.settings["speaker_label"])


def read_voice(cues: Cues, text: str, blocks) -> Voice:
    lists, lowered = cues.lists, text.lower()
    if any(re.search(rf"(?<!\w){re.escape(p.lower())}(?!\w)", lowered) for p in lists["own_publication"]):
        return Voice(own_publication=True)
    roles = set(lists["interviewer_roles"])
    label = speaker_label(cues)
    labels = (label.match(text[b.start:b.end]) for b in blocks)
    return Voice(interviewers=frozenset(m.group(0).strip() for m in labels if m and roles & words_of(m.group(0))))
