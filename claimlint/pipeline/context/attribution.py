"""Reported speech: a third party's saying verb governs the claim, so the claim is theirs."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from ..claims import Claim
from .grammar import of_members, subjects_of, verb_of
from .reading import Reading


class Attribution:
    """'Some clinics claim that ...', 'The cells, he said, would ...', a list item under 'The lawsuit says the
    clinic:'. Agreement in the sentence ('..., and I believe them') makes the claim the copy's own again."""

    section = "attribution"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        reporter = self._reported(reading, claim) or self._set_in(reading, claim) \
            or self._colon_lead_in(reading, claim, sentence) or self._claim_is(reading, claim)
        if reporter and not reading.contains(sentence, "endorse"):
            yield "attributed", reporter

    def _reported(self, reading: Reading, claim: Claim) -> str | None:
        doc, words = reading.doc, reading.words
        saying = words.words("saying_verbs")
        finding = set()
        if reading.voice.reporting:
            # in reporting copy, "a new study shows that ...": a study's finding is reported, not the copy's claim;
            # "clinics offer injections for autism" reports what they sell (on a clinic's page it is its offer)
            finding = words.words("finding_verbs")
            saying = saying | words.words("selling_verbs")
        framing = words.words("framing_verbs")
        verbs = saying | finding | framing
        studies = words.words("studies")
        reporters = reading.tokens_of("reporters")
        claiming, unnamed, counts = words.words("claiming_verbs"), words.words("unnamed"), words.words("counting_nouns")
        first_person, own_voice = words.words("first_person"), words.words("own_voice")
        own_therapies = words.words("own_therapies")
        for h in sorted(claim.hits):
            for verb in doc[h].ancestors:
                lemma = verb.lemma_.lower()
                if verb.pos_ not in ("VERB", "AUX") or lemma not in verbs or verb.i in reading.pseudo \
                        or _adjectival(verb):
                    continue
                # "the industry promotes exosomes as ...": a claim made of them, like "claims"; but "stem cells
                # promote repair" is the claim itself, not a report of one
                framed = lemma in framing and _framed_as(verb, doc[h])
                if lemma in framing and lemma not in saying and not framed:
                    continue
                claims = lemma in claiming or framed
                actors = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                # "marketed by clinics as ...": the passive's agent is who says it
                actors += [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
                if not actors and verb.dep_ in ("advcl", "xcomp", "conj"):
                    # "Some clinics charge extra, claiming that ...": the participle shares its head's subject
                    actors = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                if verb.dep_ in ("acl", "relcl"):
                    actors.append(verb.head)  # "any clinic implying ...", "clinics that promise ..."
                # "it has been claimed that ...": the expletive "it" names no one
                actors = [a for a in actors if not (a.lower_ == "it" and a.dep_ == "nsubjpass")]
                if not actors and claims and any(c.dep_ == "auxpass" for c in verb.children):
                    # "patients are promised revolutionary therapy": someone, unnamed, makes the promise
                    return verb.text
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
                    # "this treatment promises to ...", "our protocol claims to ...": the copy's own therapy speaks
                    # for the copy (not "any treatment that promises ..."); outside news copy so does "it" ("it promises
                    # to restore damaged cells")
                    own = actor.lower_ in first_person or any(t.lower_ in own_voice for t in span) \
                        or reading.voice.own_publication and actor.pos_ in ("PROPN", "PRON") \
                        or claims and actor.lemma_.lower() in own_therapies \
                        and any(c.dep_ == "det" and c.lower_ == "this" for c in actor.children) \
                        or claims and actor.lower_ == "it" and not reading.voice.reporting
                    if lemma not in saying and not claims:
                        # a finding reported by a study, or by someone the report names ("he walked again,
                        # Gibson reported"; not "children show improvements"); finding verbs: reporting copy only
                        third_party = actor.lemma_.lower() in studies or actor.pos_ == "PROPN" \
                            or actor.ent_type_ == "PERSON"
                    else:
                        third_party = _reporter(actor, reporters, counts) \
                            or reading.voice.reporting and _person(reading, actor) \
                            or claims and (actor.pos_ in ("NOUN", "PROPN") or actor.lower_ in unnamed)
                    between = (min(verb.i, h), max(verb.i, h))
                    if third_party and not own and (not reading.terminated(*between) or reading.series_goes_on(*between)):
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

    def _colon_lead_in(self, reading: Reading, claim: Claim, sentence: Span) -> str | None:
        """'The brochure listed these promises: no downtime, no complications' - the words before a colon name
        someone else's claims, and the list after it is theirs."""
        colons = [t.i for t in sentence if t.text == ":" and t.i < min(claim.hits, default=claim.start)]
        if not colons:
            return None
        lead = reading.doc[sentence.start:colons[-1]]
        if any(t.lower_ in reading.words.words("first_person") for t in lead):
            return None  # "I'll say this to anyone who feels stuck: ..." - the copy's own voice
        return lead.text.strip() if reports(reading, lead) else None

    def _claim_is(self, reading: Reading, claim: Claim) -> str | None:
        """'The pitch many spas repeat is that exosomes rebuild collagen': the claim is the complement
        of 'be' whose subject is a saying noun; not 'our message is that ...' (the copy's own), nor 'the promise of
        stem cells is that ...' (enthusiasm, not a report)."""
        words = reading.words
        nouns = words.words("saying_nouns") - words.words("aspiration_nouns")
        own = words.words("first_person") | words.words("own_voice")
        for h in claim.hits:
            for clause in reading.doc[h].ancestors:
                be = clause.head
                if clause.dep_ != "ccomp" or be.lemma_ != "be" or clause.i < be.i:
                    continue
                for subject in (c for c in be.children if c.dep_ == "nsubj" and c.lemma_.lower() in nouns):
                    if not any(t.lower_ in own for t in subject.subtree):
                        return f"{subject.text} {be.text}"
                break
        return None

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
                # "The cells, he had been told, would rebuild ...": a passive saying verb names the one told
                speakers = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
                if speakers and not any(t.lower_ in first_person for s in speakers for t in s.subtree):
                    return f"{speakers[0].text} {child.text}"
        return None


def _adjectival(verb) -> bool:
    """'a new, yet promising treatment': a participle used as an adjective says nothing, even where the parser
    makes its noun an object; 'clinics promising cures' (a noun before it, its subject) still reports."""
    if verb.dep_ in ("amod", "compound"):
        return True
    if verb.tag_ != "VBG" or verb.i + 1 >= len(verb.doc) or verb.i == 0:
        return False
    after, before = verb.doc[verb.i + 1], verb.doc[verb.i - 1]
    return after.head == verb and after.dep_ == "dobj" and after.pos_ == "NOUN" \
        and not any(c.dep_ == "det" for c in after.children) \
        and before.pos_ not in ("NOUN", "PROPN", "PRON", "AUX")


def _framed_as(verb, word) -> bool:
    """'promoting them as a cutting-edge solution': the word sits in what the verb's 'as' calls its object (an
    'as' the parser hangs from the object itself counts too: "see the drips as a cure")."""
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    return any(c.dep_ == "prep" and c.lower_ == "as" and word in c.subtree and not _as_a_result(c)
               for h in holders for c in h.children)


def _as_a_result(prep) -> bool:
    """'saw gains as a result of the infusions': a cause named, not a label given."""
    return any(o.dep_ == "pobj" and o.lemma_ == "result" for o in prep.children)


def _person(reading: Reading, actor) -> bool:
    """A named or described person: 'Dr. Lee', 'the clinic's founder', 'she' (reporting copy names its sources)."""
    if actor.pos_ == "PRON":
        return actor.lower_ in ("he", "she", "they")
    return actor.pos_ == "PROPN" or actor.ent_type_ == "PERSON" or actor.lemma_.lower() in reading.words.words("people")


def reports(reading: Reading, span: Span) -> bool:
    """A lead-in that introduces what others say: 'Their websites make similar promises:'."""
    words = reading.words
    reporters = reading.tokens_of("reporters")
    saying = words.words("saying_verbs") | words.words("saying_nouns")
    first_person = words.words("first_person")
    doc = reading.doc
    has_reporter = any(t.i in reporters and not (t.i > 0 and doc[t.i - 1].lower_ in first_person)
                       and _of_reporters(t, reporters, words.words("counting_nouns")) for t in span)
    return has_reporter and any(t.lemma_.lower() in saying for t in span)


def _reporter(actor, reporters: set[int], counts: frozenset[str]) -> bool:
    """The actor, or a noun joined to it, speaks for others: "individuals, companies and hospitals promoting ..."."""
    return any(t.i in reporters and _of_reporters(t, reporters, counts)
               for t in (actor, *(c for c in actor.children if c.dep_ == "conj")))


def _of_reporters(token, reporters: set[int], counts: frozenset[str]) -> bool:
    """'some of the clinics' speaks for clinics; 'some of the conditions ... include:' names no speaker, nor does
    a quantifier in front of another noun ('several ways ... including:')."""
    if token.dep_ in ("det", "amod", "nummod", "predet") and token.head.i not in reporters:
        return False
    if token.pos_ in ("NOUN", "PROPN") and token.lower_ not in counts:
        return True  # "testimonials of the product claim ...": a reporter's own 'of' names what it speaks about
    members = of_members(token)
    return not members or any(o.i in reporters for o in members)
