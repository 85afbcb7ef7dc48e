"""Pipeline stage 2: decide how each claim is stated (asserted, hedged, negated, ...).

A ConText-style reading split into small detectors, each with its own section of ``data/context.yaml``
(packs extend the same sections under ``context:``) and its own contrastive cases in ``corpus/context/``:

=================  =================================================================  ===================
detector           reads                                                              status it gives
=================  =================================================================  ===================
Structure          the section heading and the lead-in before a list or paragraph     any
CueScope           cue phrases whose scope (parse or distance) reaches the claim       any, research
Attribution        a third party's saying verb governing the claim, a reporting        attributed
                   lead-in before a colon; in reporting copy any named person
Quotation          quotation marks the copy reports                                   attributed
Transcript         another speaker's turn in a broadcast transcript                   attributed
FollowingVerdict   a heading or table cell read with what follows it                  disclaimed
OtherSubject       the claim's actor is not the therapy (a listed actor, or by role)   other-subject
ResearchActor      research, a trial or scientists as the claim's actor or its aim    research
Question           a question and its answer                                          question, negated
=================  =================================================================  ===================

Every detector reports what it finds; the first cue found for a status is the one shown. When several
statuses reach one claim, PRECEDENCE decides: a disclaimer or negation settles the claim whatever else
frames it; a report of someone else's claim comes next; then an actor other than the therapy; then
research framing (what trials are testing, what scientists hope one day); then a limit the copy sets on the
effect (short-lived, modest); a hypothetical, a question and a
hedge only soften a claim the copy still makes. A question answered "yes"
asserts, so its modal is no hedge. A rule may ignore some statuses (``ignore_context``).
"""
from __future__ import annotations

from typing import Iterable, Protocol

from spacy.tokens import Doc, Span

from ...packs.ruleset import RuleSet
from ..claims import Claim, doc_claims
from ..vocabulary import PhraseKeys
from .attribution import Attribution
from .cue_scope import CueScope
from .cues import Cues, load_cues
from .other_subject import OtherSubject
from .question import ANSWERED_YES, Question
from .quotation import Quotation
from .reading import CueMatcher, Reading
from .research_actor import ResearchActor
from .structure import FollowingVerdict, Structure
from .transcript import Transcript
from .voice import VOICE_KEY, Voice, read_voice

__all__ = ["ContextAnalyzer", "PRECEDENCE", "VOICE_KEY", "Voice", "load_cues"]

# When several statuses reach one claim, the first of these wins.
PRECEDENCE = ("disclaimed", "negated", "attributed", "other-subject", "research", "limited", "hypothetical", "question",
              "hedged")


class Detector(Protocol):
    section: str  # its section of data/context.yaml

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        """(status, the words that decided it) for each reading of the claim this detector sees."""


class ContextAnalyzer:
    """Stage 2 component: sets ``status`` and ``cue`` on every claim."""

    def __init__(self, nlp, ruleset: RuleSet, phrases: PhraseKeys | None = None) -> None:
        self.rules = {rule.id: rule for rule in ruleset.rules}
        self.cues: Cues = load_cues(ruleset)
        self.matcher = CueMatcher(nlp, self.cues, phrases)
        self.detectors: tuple[Detector, ...] = (Structure(), CueScope(), Attribution(), Quotation(), Transcript(),
                                                FollowingVerdict(), OtherSubject(), ResearchActor(), Question())

    def voice(self, text: str, blocks) -> Voice:
        """Read from the whole document, so a window of a long one reads it the same way (readers/windows.py)."""
        return read_voice(self.cues, text, blocks)

    def __call__(self, doc: Doc) -> Doc:
        claims = doc_claims(doc, self.rules)
        if not claims:
            return doc
        reading = Reading(doc, self.matcher)
        for claim in claims:
            claim.status, claim.cue = self.status(reading, claim)
        return doc

    def status(self, reading: Reading, claim: Claim) -> tuple[str, str | None]:
        found: dict[str, str] = {}
        # The sentence that states the claim: its last words' ("... damage the organs. It is hoped pancreas
        # regeneration can reverse this" is hoped for, whatever the sentence before names).
        sentence = reading.doc[max(claim.hits, default=claim.start)].sent
        for detector in self.detectors:
            for status, text in detector.find(reading, claim, sentence):
                if status == ANSWERED_YES:
                    found.pop("hedged", None)  # "Can stem cells ...? Yes." - the modal belongs to the question
                else:
                    found.setdefault(status, text)
        for status in PRECEDENCE:
            if status in found and status not in claim.rule.ignore_context:
                return status, found[status]
        return "asserted", None
