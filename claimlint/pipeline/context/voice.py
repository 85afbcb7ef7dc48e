"""Who speaks in a whole document, read once so every window of a long document reads it the same way."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cues import Cues, words_of

VOICE_KEY = ("claimlint", "voice")  # Doc.user_data: the whole document's Voice, when the Doc is one window of it


@dataclass(frozen=True)
class Voice:
    """A press release is the advertiser speaking through everyone it quotes; in a broadcast transcript,
    the journalists' speaker labels (the other speakers are reported)."""

    own_publication: bool = False
    interviewers: frozenset[str] = frozenset()
    # A news story, a regulator's notice: the people it names speak for themselves, not for the copy.
    reporting: bool = False
    # A clinic's page selling its treatment: the doctors and patients it quotes speak for it.
    promotional: bool = False


def speaker_label(cues: Cues) -> re.Pattern:
    return re.compile(cues.settings["speaker_label"])


@lru_cache(maxsize=64)
def _phrases(phrases: tuple[str, ...]) -> re.Pattern:
    """One expression for a list (one scan of the text, not one per phrase); the longest phrase wins at a place."""
    body = "|".join(re.escape(p.lower()) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _count(phrases: list[str], lowered: str) -> int:
    return len(_phrases(tuple(phrases)).findall(lowered)) if phrases else 0


def read_voice(cues: Cues, text: str, blocks) -> Voice:
    lists, lowered = cues.lists, text.lower()
    if _count(lists["own_publication"], lowered):
        return Voice(own_publication=True)
    roles = set(lists["interviewer_roles"])
    label = speaker_label(cues)
    labels = (label.match(text[b.start:b.end]) for b in blocks)
    interviewers = frozenset(m.group(0).strip() for m in labels if m and roles & words_of(m.group(0)))
    # Reporting copy tells what people said more than it sells ("said", "according to" outnumber "book your"),
    # and is not someone's own story: a patient's account in the first person relays what the clinic told them.
    reported, promoted = _count(lists["reporting"], lowered), _count(lists["promotion"], lowered)
    narrated = _count(lists["narrator"], _unquoted(lowered, lists["quote_marks"]))
    # A clinic's patient story told in the third person ("she said he can walk again") reports nothing: reporting
    # copy also weighs the claims it reports (regulators, evidence, warnings).
    critical = _count(lists["critical"], lowered)
    return Voice(interviewers=interviewers,
                 reporting=reported >= 2 and reported > promoted and narrated < 3 and critical >= 1,
                 promotional=promoted >= 2 and promoted > reported and not critical)


def _unquoted(text: str, marks: list[str]) -> str:
    """The text outside quotations (a news story quotes people speaking in the first person)."""
    for pair in marks:
        if len(pair) == 2:
            text = re.sub(rf"{re.escape(pair[0])}[^{re.escape(pair[1])}\n]*{re.escape(pair[1])}", " ", text)
    return text
