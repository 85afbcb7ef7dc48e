"""Research as the actor: the claim is what research, a trial or scientists are after, not what the therapy does."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span, Token

from ..claims import Claim
from .grammar import of_members, subjects_of, verb_of
from .reading import Reading


class ResearchActor:
    """'Our cure research will give people their own insulin again', 'if scientists can create new beta cells,
    diabetes care could shift to regeneration', 'Cure research' (the claim's word naming the research's aim), 'a
    cure for type 1 diabetes must replace the lost cells' (what some future therapy would have to do).
    Found by role: the subject of the claim's verb, or the noun the claim's word modifies, is a research word."""

    section = "research"

    def find(self, reading: Reading, claim: Claim, sentence: Span) -> Iterable[tuple[str, str]]:
        nouns = reading.words.words("research_actors")
        if not nouns:
            return
        groups = reading.words.words("research_groups")
        doc = reading.doc
        hits = sorted(claim.hits or [claim.start])
        head = doc[hits[0]].head
        if all(doc[h].dep_ in ("compound", "amod", "nmod") and doc[h].head == head for h in hits) \
                and head.lemma_.lower() in nouns:
            # the claim's words only name the research's aim: "cure research", "regeneration studies"
            yield "research", doc[hits[0]:head.i + 1].text
            return
        causatives = reading.words.lists["causatives"]
        lab = reading.words.words("lab_verbs")
        for verb in dict.fromkeys(verb_of(doc[h]) for h in hits):
            # what researchers get cells to do in the lab: "the team coaxed skin cells into making insulin"
            coaxed = verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in lab
            for actor in _actors(verb.head if coaxed else verb, causatives):
                # trial participants, told outside promotional copy
                trial = not reading.voice.promotional and _in_a_trial(actor, reading)
                if trial or (coaxed or verb.lemma_.lower() in lab) and _in_the_lab(actor, nouns, groups, reading):
                    yield "research", doc[actor.left_edge.i:actor.i + 1].text
                    return
        aims = reading.words.words("research_aims")
        views = aims | reading.words.words("research_views")
        modals = reading.words.words("looking_ahead")
        findings, tentative = reading.words.words("finding_verbs"), reading.words.words("tentative")
        own = reading.words.words("own_voice")
        for verb, sought in dict.fromkeys(_through_nouns(verb_of(doc[h]), aims) for h in hits):
            # "researchers are exploring how these therapies can ...", "scientists believe the cells could ...";
            # and a finding only as a possibility: "studies show it might one day be possible to grow new neurons"
            # (not the copy's own: "research shows our injections may regrow cartilage")
            ours = any(t.lower_ in own for s in subjects_of(verb, causatives) for t in s.subtree)
            path = [verb]
            for over in _reported_by(verb):
                possible = not ours and over.lemma_.lower() in findings and any(_tentative(v, tentative) for v in path)
                path.append(over)
                if over.lemma_.lower() not in views and not possible:
                    continue
                for subject in subjects_of(over, causatives):
                    if _researchers(subject, nouns, groups) and subject.dep_ != "nsubjpass":
                        yield "research", doc[subject.left_edge.i:subject.i + 1].text
                        return
            # research that will, could or aims to do it; "studies have shown ..." is a finding, read as evidence
            ahead = [verb] if sought or any(_looks_ahead(v, aims, modals) for v in _governing(verb)) else []
            for clause in (*ahead, *_conditions_over(verb)):
                for subject in subjects_of(clause, causatives):
                    if _researchers(subject, nouns, groups) and subject.dep_ != "nsubjpass" \
                            or clause is verb and ahead and _a_future_one(subject, reading):
                        yield "research", doc[subject.left_edge.i:subject.i + 1].text
                        return


def _tentative(verb, words: set[str]) -> bool:
    """'may', 'might', 'could' on the verb, or 'possible' said of its clause."""
    return any(c.dep_ in ("aux", "acomp") and c.lower_ in words for c in verb.children)


def _researchers(subject, nouns: set[str], groups: set[str]) -> bool:
    """Research, scientists, or a group of them ('a team of scientists')."""
    if subject.lemma_.lower() in nouns:
        return True
    return subject.lemma_.lower() in groups and any(o.lemma_.lower() in nouns for o in of_members(subject))


def _actors(verb, causatives) -> list:
    """The verb's subjects, and a passive's agent ('no longer needed by some patients who ...')."""
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    return [*subjects_of(verb, causatives), *agents]


def _in_a_trial(actor, reading: Reading) -> bool:
    """People known as a trial's participants: 'roughly half the volunteers in the trial', 'three of the 14 people
    who took part in the study', 'patients given an experimental treatment' (not 'patients in our study'). The
    whole phrase is read: a relative clause is often hung on 'half' rather than on 'patients'."""
    words = reading.words
    people, research = words.words("participants"), words.words("research_actors")
    markers, own = words.words("trial_markers"), words.words("own_voice")
    phrase = list(actor.subtree)
    if actor.lemma_.lower() in research:
        return False  # "studies in older people have proven ...": the studies act, reporting a finding
    # people as a noun of their own, not the modifier in "adult stem cells"
    return any((t.lemma_.lower() in people or t.lower_ in people) and t.dep_ not in ("nmod", "compound", "amod")
               for t in phrase) \
        and any(t.lemma_.lower() in research or t.lower_ in markers for t in phrase) \
        and not any(t.lower_ in own for t in phrase)


def _in_the_lab(actor, nouns: set[str], groups: set[str], reading: Reading) -> bool:
    """Researchers doing the lab work themselves ('scientists turned ...', 'a professor and her team have
    converted ...', 'the team grew ...'), never the copy's own people ('our scientists')."""
    if actor.dep_ == "nsubjpass" or any(t.lower_ in reading.words.words("own_voice") for t in actor.subtree):
        return False
    people = [actor, *(c for c in actor.children if c.dep_ == "conj")]
    return any(p.lemma_.lower() in nouns or p.lemma_.lower() in groups for p in people)


def _reported_by(verb) -> list:
    """The verbs whose complement holds the claim's clause: 'exploring' in 'exploring how X can do it'."""
    out = []
    # through "able": 'the team expects to be able to grow new kidneys'
    while verb.dep_ in ("ccomp", "pcomp", "xcomp", "acomp") and verb.head.i != verb.i and len(out) < 3:
        verb = verb.head
        if verb.pos_ in ("VERB", "AUX"):
            out.append(verb)
    return out


def _conditions_over(verb) -> list:
    """The if-clauses the claim's clause depends on: 'if scientists can ..., treatment could ...'."""
    return [c for c in verb.children if c.dep_ == "advcl" and any(m.lower_ in ("if", "once", "when") for m in c.children
                                                                   if m.dep_ == "mark")]


def _through_nouns(verb, aims: set[str]) -> tuple[Token, bool]:
    """A verb that only describes a noun acts through the clause holding that noun: 'research will give people
    the ability to make insulin' - the research gives. So does a relative clause on what research is still
    looking for ('efforts to find the remedy that could help eradicate diabetes'; not 'developed a therapy that
    ...', which research has done): then the claim is sought, not made (the second value)."""
    sought = False
    for _ in range(4):
        while verb.dep_ == "xcomp" and verb.head.i != verb.i:
            verb = verb.head
        if verb.head.i == verb.i:
            break
        if verb.dep_ == "relcl":
            holder = verb_of(verb.head)
            if holder.i == verb.i or holder.lemma_.lower() not in aims or holder.tag_ not in ("VB", "VBG"):
                break
            verb, sought = holder, True
        elif verb.dep_ == "acl":
            verb = verb_of(verb.head)
        else:
            break
    return verb, sought


def _looks_ahead(verb, aims: set[str], modals: set[str]) -> bool:
    """Will, could or may do it, or works, aims or hopes to."""
    return verb.lemma_.lower() in aims or any(c.dep_ in ("aux", "auxpass") and c.lower_ in modals for c in verb.children)


def _a_future_one(subject, reading: Reading) -> bool:
    """'a cure', 'any treatment', 'the ideal procedure' (not 'our treatment', 'this cure') that will or must do it: a
    therapy still to come."""
    kids = list(subject.children)
    markers = reading.words.words("future_markers") | reading.words.words("trial_markers")
    return subject.lemma_.lower() in reading.words.words("future_therapies") \
        and (any(c.dep_ == "det" and c.lower_ in ("a", "an", "any") for c in kids)
             or any(c.dep_ == "amod" and c.lower_ in markers for c in kids))


def _governing(verb) -> list:
    """The verb and those it completes: 'scientists are working to use stem cells for repairing organs'."""
    chain = [verb]
    while verb.dep_ in ("xcomp", "pcomp", "prep", "advcl", "conj") and verb.head.i != verb.i and len(chain) < 6:
        verb = verb.head
        chain.append(verb)
    return chain
