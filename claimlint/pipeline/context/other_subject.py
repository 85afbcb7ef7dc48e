"""The claim's actor is diet, surgery, a drug ... rather than the promoted therapy."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from ..frames import purpose_of
from ..vocabulary import other_number
from .grammar import subjects_of, verb_of
from .reading import Reading


class OtherSubject:
    """A true statement about another actor is no claim about the therapy ("weight loss can put diabetes into
    remission"). The actor is the subject of the claim's verb (or of a causative over it), or the means
    named by a preposition ("remission through diet")."""

    section = "other_subject"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        subject = self._listed(reading, claim, sentence) or self._by_role(reading, claim) \
            or self._of_a_kind(reading, claim) or self._in_a_name(reading, claim)
        if subject:
            yield "other-subject", subject

    def _listed(self, reading: Reading, claim: Claim, sentence: Span) -> str | None:
        """An actor the other_subjects list names, as the claim's subject or its means."""
        others = [(s, e) for s, e in reading.marks["other_subjects"] if sentence.start <= s < sentence.end]
        if not others:
            return None
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
                resolved = self._resolved(subject, verb)
                # "zimislecel is an islet cell therapy that could ...": the relative stands for its noun
                covered = {t.i for t in subject.subtree} if resolved is subject else self._covered(resolved)
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

    @staticmethod
    def _of_a_kind(reading: Reading, claim: Claim) -> str | None:
        """The claim's own word marked as another kind of treatment: 'if your ligament needs surgical repair'."""
        kinds, generic = reading.words.words("other_kinds"), reading.words.words("generic_treatments")
        # "previous trials showed ...": earlier research is no other kind of treatment
        research = reading.words.words("research_actors") | reading.words.words("studies")
        # "avoid invasive surgery", "freed from conventional treatments": the other treatment is what the claim
        # is about, not its actor
        interventions = reading.words.words("interventions")
        about = generic | research | interventions
        delivered = reading.words.words("deliveries") | generic  # how the other treatment is given
        for h in claim.hits:
            token = reading.doc[h]
            # "Standard Surgical Options for Knee Cartilage Repair": the claim names what another kind of treatment is for
            holder = token.head.head if token.dep_ == "pobj" and token.head.lower_ in ("for", "of") else None
            if holder is not None and _noun_lemma(holder) in generic and holder.i not in claim.hits:
                for child in holder.children:
                    if child.dep_ in ("amod", "compound") and _marks_kind(child, kinds):
                        return f"{child.text} {holder.text}"
            if token.pos_ != "NOUN" or token.lemma_.lower() in about:
                continue
            for child in token.children:
                # not "a minimally invasive alternative": the therapy describing itself against the other kind
                if child.dep_ == "amod" and _marks_kind(child, kinds):
                    return f"{child.text} {token.text}"
                # "insulin injections are lifesaving": the therapy's word named for another treatment
                if child.dep_ == "compound" and child.lemma_.lower() in interventions and token.dep_ in ("nsubj", "nsubjpass") \
                        and token.lemma_.lower() in delivered:
                    return f"{child.text} {token.text}"
        return None

    @staticmethod
    def _in_a_name(reading: Reading, claim: Claim) -> str | None:
        """The claim's words are part of a body's name: 'the International Cartilage Repair Society', 'Juvenile
        Diabetes Cure Alliance' - a capitalised run ending in a word such as Society or Alliance."""
        heads, doc = reading.words.words("organisation_heads"), reading.doc
        hits = sorted(claim.hits)
        if not hits or not all(doc[h].is_title or doc[h].is_upper or doc[h].text in POSSESSIVE for h in hits):
            return None
        end = hits[-1] + 1
        while end < len(doc) and (doc[end].is_title or doc[end].text in POSSESSIVE) and doc[end].lower_ not in heads:
            end += 1
        if end >= len(doc) or doc[end].lower_ not in heads or not doc[end].is_title:
            return None
        start = hits[0]
        while start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
            start -= 1
        return doc[start:end + 1].text

    def _by_role(self, reading: Reading, claim: Claim) -> str | None:
        """An actor outside any list, known by its head word: 'Knee replacement is a highly effective operation',
        'Antibiotics cure most infections', 'Conventional treatments only mask the pain' (a treatment of another
        kind), or what a copula says the claim is about ('the most effective treatment was a transplant'). The
        therapy's own words anywhere in the actor keep it the therapy's."""
        words = reading.words
        interventions, kinds = words.words("interventions"), words.words("other_kinds")
        generic = words.words("generic_treatments")
        therapy = reading.tokens_of("therapy_terms")
        doc = reading.doc
        verbs = list(dict.fromkeys(verb_of(doc[h]) for h in sorted(claim.hits or [claim.start])))
        if self._own_acts(reading, verbs[0], therapy):
            # "we help patients even when conventional treatments have failed": we act, not they (the claim's
            # first verb: a later clause's "and our clinic does not use them" is another assertion)
            return None
        for verb in verbs:
            actor = self._actor(reading, claim, verb, interventions, kinds, generic, therapy)
            if actor:
                return actor
        return None

    def _actor(self, reading: Reading, claim: Claim, verb, interventions: set[str], kinds: set[str],
               generic: set[str], therapy: set[int]) -> str | None:
        """The other treatment acting through ``verb`` (its subject, or what a copula equates it with), if any."""
        doc = reading.doc
        # a passive's subject is what is acted on ("metformin is phased out"), not the actor
        actors = [s for s in subjects_of(verb, reading.words.lists["causatives"]) if s.dep_ != "nsubjpass"]
        if verb.lemma_ == "be":
            actors += [c for c in verb.children if c.dep_ == "attr"]
        # a passive's agent acts: "hyperglycaemia can be treated by insulin or drugs"
        actors += [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        actors += _purpose_actors(verb)
        own = reading.words.words("own_biology")
        organisations = reading.words.words("organisation_markers")
        named = [self._resolved(a, verb) for a in actors]
        if any(self._covered(a) & therapy for a in named):
            return None  # the therapy acts too: "stem cells help the body heal"
        for actor in named:
            covered = self._covered(actor)
            lemma = actor.lemma_.lower()
            # an organ that is both actor and target repairs itself: "the liver has some capacity for regeneration"
            # "international bodies" are organisations, not the patient's body
            organisation = any(c.lower_ in organisations for c in actor.children if c.dep_ in ("amod", "compound"))
            on_its_own = lemma in own and not organisation and _body_alone(actor, verb.sent, therapy) \
                and not self._lead_names_therapy(reading, verb.sent, therapy)
            # "a non-invasive option" is the therapy describing itself against the other kind
            of_a_kind = lemma in generic and any(_marks_kind(c, kinds) for c in actor.children
                                                 if c.dep_ in ("amod", "compound"))
            # the claim's own word may be the actor when its kind marks it as another treatment: "conventional
            # treatments have proven effectiveness"
            if covered & claim.hits and not on_its_own and not of_a_kind:
                continue
            if lemma in interventions or of_a_kind or on_its_own:
                return doc[min(covered):max(covered) + 1].text
        return None

    @staticmethod
    def _own_acts(reading: Reading, verb, therapy: set[int]) -> bool:
        """The copy's own voice or the therapy is the subject of ``verb``, a main verb (not one of a clause hanging
        from another): what another treatment does in a 'when' or 'after' clause is then only the claim's
        circumstance."""
        if verb.dep_ in ("advcl", "relcl", "ccomp"):
            return False
        own = reading.words.words("own_voice")
        for subject in subjects_of(verb, reading.words.lists["causatives"]):
            if subject.lower_ in own or any(c.dep_ == "poss" and c.lower_ in own for c in subject.children) \
                    or OtherSubject._covered(subject) & therapy:
                return True
        return False

    @staticmethod
    def _lead_names_therapy(reading: Reading, sentence: Span, therapy: set[int]) -> bool:
        """A list item's lead-in names the therapy or speaks in the copy's own voice: "Clients on our neuro
        programme tell us about: - Nerves that finally repair themselves"."""
        index = reading.block_of(sentence.start_char)
        lead = reading.blocks[index].lead_in if index is not None else None
        span = reading.span(reading.blocks[lead]) if lead is not None else None
        own = reading.words.words("own_voice")
        return span is not None and (bool(therapy & set(range(span.start, span.end)))
                                     or any(t.lower_ in own for t in span))

    @staticmethod
    def _resolved(actor, verb):
        """'dialysis, which can replace the kidneys': the relative stands for its noun."""
        return verb.head if actor.lower_ in ("which", "that", "who") and verb.dep_ == "relcl" else actor

    @staticmethod
    def _covered(actor) -> set[int]:
        """The actor noun and its modifiers before it."""
        return {t.i for t in actor.subtree if t.i <= actor.i}


def _purpose_actors(verb) -> list:
    """What a purpose clause is for: "doctors recommend surgery to repair the tear", "microfracture is used to
    regrow cartilage" - the treatment recommended or used acts, not whoever recommends it."""
    served = purpose_of(verb)
    return [c for c in served.children if c.dep_ in ("dobj", "nsubjpass")] if served is not None else []


def _noun_lemma(token) -> str:
    """A noun's lemma, also in title case, where the tagger takes "Techniques" for a name and keeps the plural."""
    lemma = token.lemma_.lower()
    plural = token.pos_ == "PROPN" and lemma.endswith("s") and not lemma.endswith("ss")
    return other_number(lemma) if plural else lemma


def _marks_kind(word, kinds: set[str]) -> bool:
    """``word`` names another kind of treatment: not "non-surgical" nor "minimally invasive", the therapy
    describing itself against that kind."""
    return word.lower_ in kinds and not any(c.dep_ == "advmod" for c in word.children) and not _negated_prefix(word)


def _negated_prefix(token) -> bool:
    """'non-surgical', 'non surgical': the therapy describing itself as not of that kind."""
    doc, i = token.doc, token.i
    before = [doc[j].lower_ for j in range(max(0, i - 2), i)]
    return before[-1:] == ["non"] or before == ["non", "-"] or token.lower_.startswith("non")


POSSESSIVE = ("'s", "’s")
CELL_STANDINS = {"they", "them", "these", "those"}  # the cells ("it" is as often the organ itself)


def _body_alone(actor, sentence, therapy: set[int]) -> bool:
    """The body in general, in a sentence that leaves the therapy out: not "my body responded" (a patient's),
    "your body regrows cartilage after our injections" or "the body does not attack them" (the cells)."""
    return not any(c.dep_ == "poss" for c in actor.children) \
        and not therapy & set(range(sentence.start, sentence.end)) \
        and not any(t.lower_ in CELL_STANDINS for t in sentence)
