"""Reported speech: a third party's saying verb governs the claim, so the claim is theirs."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .grammar import subjects_of, verb_of
from .reading import Reading


class Attribution:
    """'Some clinics claim that ...', 'The cells, he said, would ...', a list item under 'The lawsuit says the
    clinic:'. Agreement in the sentence ('..., and I believe them') makes the claim the copy's own again."""

    section = "attribution"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        reporter = self._reported(reading, claim) or self._set_in(reading, claim)
        if reporter and not reading.contains(sentence, "endorse"):
            yield "attributed", reporter

    def _reported(self, reading: Reading, claim: Claim) -> str | None:
        doc, words = reading.doc, reading.words
        saying = words.words("saying_verbs")
        reporters = reading.tokens_of("reporters")
        first_person, own_voice = words.words("first_person"), words.words("own_voice")
        for h in sorted(claim.hits):
            for verb in doc[h].ancestors:
                if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in saying or verb.i in reading.pseudo:
                    continue
                actors = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
                if not actors and verb.dep_ in ("advcl", "xcomp", "conj"):
                    # "Some clinics charge extra, claiming that ...": the participle shares its head's subject
                    actors = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                if verb.dep_ in ("acl", "relcl"):
                    actors.append(verb.head)  # "any clinic implying ...", "clinics that promise ..."
                if not actors and verb.dep_ == "ROOT":
                    # "- advertised its infusions as a cure" under "The complaint alleges that the clinic:": the
                    # list item's saying verb takes its subject from the lead-in
                    lead = self._lead_reporter(reading, claim)
                    if lead:
                        return f"{lead} {verb.text}"
                for actor in actors:
                    # The actor's head word decides: "some clinics", "the clinic's brochure", not "one mother".
                    span = [t for t in actor.subtree if t.i <= actor.i]
                    # "we say", "our website says" are the copy's own voice; "my neighbour swears" is not.
                    own = actor.lower_ in first_person or any(t.lower_ in own_voice for t in span) \
                        or reading.voice.own_publication and actor.pos_ in ("PROPN", "PRON")
                    if actor.i in reporters and not own and not reading.terminated(min(verb.i, h), max(verb.i, h)):
                        return f"{doc[min(t.i for t in span):actor.i + 1].text} {verb.text}"
                break  # only the nearest saying verb decides
        return None

    def _lead_reporter(self, reading: Reading, claim: Claim) -> str | None:
        """The third party a claim's lead-in names ("the clinic" in "The complaint says the clinic:")."""
        span = reading.lead_in_span(claim)
        if span is None:
            return None
        first_person = reading.words.words("first_person")
        reporters = [t for s, e in reading.marks["reporters"] for t in reading.doc[s:e] if span.start <= s < span.end]
        if not reporters or any(t.lower_ in first_person for t in span):
            return None
        return reporters[-1].text

    def _set_in(self, reading: Reading, claim: Claim) -> str | None:
        """'The cells, he said, would regrow ...': a saying clause set into the claim's own clause reports
        it, unless the claim is the copy's or the speaker's own story ('I am off insulin, she says')."""
        if reading.voice.own_publication:
            return None
        words = reading.words
        saying, first_person = words.words("saying_verbs"), words.words("first_person")
        verb = verb_of(reading.doc[min(claim.hits, default=claim.start)])
        if any(s.lower_ in first_person for s in subjects_of(verb, words.lists["causatives"])):
            return None
        for child in verb.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in saying and child.i not in reading.pseudo:
                speakers = [c for c in child.children if c.dep_ == "nsubj"]
                if speakers and not any(t.lower_ in first_person for s in speakers for t in s.subtree):
                    return f"{speakers[0].text} {child.text}"
        return None
