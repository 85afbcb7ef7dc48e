"""The claim's actor is diet, surgery, a drug ... rather than the promoted therapy."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .grammar import subjects_of
from .reading import Reading


class OtherSubject:
    """A true statement about another actor is no claim about the therapy ("weight loss can put diabetes into
    remission"). The actor is the subject of the claim's verb (or of a causative over it), or the means
    named by a preposition ("remission through diet")."""

    section = "other_subject"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        subject = self._other_subject(reading, claim, sentence)
        if subject:
            yield "other-subject", subject

    def _other_subject(self, reading: Reading, claim: Claim, sentence: Span) -> str | None:
        others = [(s, e) for s, e in reading.marks["other_subjects"] if sentence.start <= s < sentence.end]
        if not others:
            return self._by_role(reading, claim)
        words = reading.words
        # "pluripotent stem cells" names another actor even though "stem cells" is the therapy's word
        therapy = reading.tokens_of("therapy_terms") - {t for s, e in others for t in range(s, e)}
        other_tokens = {t for s, e in others for t in range(s, e) if t not in claim.hits}
        means = words.words("means")
        doc = reading.doc
        for h in sorted(claim.hits):
            token = doc[h]
            verb = token
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            for subject in subjects_of(verb, words.lists["causatives"]):
                covered = {t.i for t in subject.subtree}
                if covered & other_tokens and not covered & therapy:
                    return doc[min(covered):max(covered) + 1].text
            # "remission through diet", "reversal with weight loss"
            for anchor in [token, *token.ancestors]:
                for child in anchor.children:
                    if child.dep_ == "prep" and child.lower_ in means:
                        covered = {t.i for t in child.subtree}
                        if covered & other_tokens and not covered & claim.hits \
                                and not therapy & set(range(sentence.start, sentence.end)):
                            return doc[min(covered):max(covered) + 1].text
                if anchor == verb:
                    break
        return None

    def _by_role(self, reading: Reading, claim: Claim) -> str | None:
        """An actor outside any list, known by its head word: 'Knee replacement is a highly effective operation',
        'Antibiotics cure most infections'. The therapy's own words anywhere in the subject keep it the therapy's."""
        interventions = reading.words.words("interventions")
        therapy = reading.tokens_of("therapy_terms")
        doc = reading.doc
        verb = doc[min(claim.hits, default=claim.start)]
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for subject in subjects_of(verb, reading.words.lists["causatives"]):
            if subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                subject = verb.head  # "dialysis, which can replace the kidneys": the relative stands for its noun
            covered = {t.i for t in subject.subtree if t.i <= subject.i}  # the noun and its modifiers before it
            if subject.lemma_.lower() in interventions and not covered & therapy and not covered & claim.hits:
                return doc[min(covered):max(covered) + 1].text
        return None
