"""Claim frames read from the parse: an actor does something (the predicate) to something (the target).

A frame holds when, in one sentence, a predicate word and a target word are related by the parse:
the predicate governs the target ("regrow worn cartilage", "turn into bone, cartilage or tendon cells":
lists are reached through their conjuncts), the target is the predicate's passive subject ("cartilage is
regrown"), the predicate modifies the target ("regrown cartilage", "cartilage regeneration"), or the
target is what changes ("cartilage regrows", "the brain has a chance to repair itself").

When a frame names an actor, the predicate's subject decides: the actor's own words, or a pronoun or
"these cells" standing for an actor named earlier in the paragraph, or no subject at all (a heading, an
imperative, a list item) let the frame hold; any other subject ("knee replacement restores ...") does not.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

Hit = tuple[int, int]

# How far apart (in tokens) a predicate and target may be when the parse does not link them but nothing
# else stands between them ("repairs damaged nerves" mis-parsed).
ADJACENT = 2
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CLAUSE_EDGES = {"ccomp", "advcl", "relcl", "parataxis", "csubj"}


@dataclass(frozen=True)
class FrameWords:
    """The words that decide who acts (the ``frames`` and ``attribution`` sections of data/context.yaml)."""

    standins: frozenset[str]  # "it", "these": a subject standing for an actor named before
    relatives: frozenset[str]  # "who", "which": a relative clause's subject is the noun it hangs from
    means: frozenset[str]  # "with", "through": what a passive is done with acts
    instrument_verbs: frozenset[str]  # "use", "apply": their object acts through a purpose clause
    own_voice: frozenset[str]  # "we", "our": the copy itself
    abilities: frozenset[str]  # "ability", "capacity": "have the ability to treat" is the owner's doing


@dataclass(frozen=True)
class FrameHit:
    start: int
    end: int
    hits: frozenset[int]


def frames(doc: Doc, predicates: list[Hit], targets: list[Hit], actors: list[Hit] | None,
           actors_before: bool, words: FrameWords) -> list[FrameHit]:
    """Frames among one sentence's hits. ``actors`` is None when the frame names no actor; ``actors_before``
    says whether the actor was named earlier in the paragraph (what a pronoun subject can stand for)."""
    out = []
    for p in predicates:
        for t in targets:
            if p[0] < t[1] and t[0] < p[1]:
                continue  # one phrase is not both the doing and the done-to
            if not _related(doc, p, t):
                continue
            if actors is not None and not _actor_ok(doc, p, t, actors, actors_before, words):
                continue
            tokens = frozenset(range(*p)) | frozenset(range(*t))
            out.append(FrameHit(min(p[0], t[0]), max(p[1], t[1]), tokens))
    return out


def _related(doc: Doc, p: Hit, t: Hit) -> bool:
    pred = set(range(*p))
    target = doc[t[1] - 1]  # the head word of a multi-word target is its last word ("knee cartilage")
    while target.dep_ == "conj" and target.head.i != target.i:
        target = target.head  # a list is related as its first item is: "regrow cartilage, tendons and nerves"
    t = (min(t[0], target.i), max(t[1], target.i + 1))
    # the predicate governs the target, through prepositions and conjuncts, within one clause
    for token in _chain(target):
        if token.i in pred:
            return True
    # the predicate modifies the target, or the target is its passive subject
    for i in pred:
        for token in _chain(doc[i]):
            if token.i in range(*t):
                return True
    # the target is what changes: "cartilage regrows", "the brain ... repairs itself"
    verb = doc[p[0]]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(3):
        if any(c.dep_ in SUBJECT_DEPS and c.i in range(*t) for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "acl", "conj") or verb.head.i == verb.i:
            break
        verb = verb.head
    gap = t[0] - p[1] if t[0] >= p[1] else p[0] - t[1]
    return 0 <= gap <= ADJACENT and not any(doc[i].is_punct for i in range(min(p[1], t[1]), max(p[0], t[0])))


def _chain(token: Token):
    """A word's heads up to its clause's verb (inclusive), not across a separate clause."""
    while True:
        yield token
        if token.head.i == token.i or token.dep_ in CLAUSE_EDGES:
            return
        token = token.head


def _subjects(doc: Doc, p: Hit, words: FrameWords) -> list[Token]:
    """The subject of the predicate's verb, climbing through 'and regrow', 'to slow', 'limited to managing', and
    through what a copula calls its subject ('the therapy is a new method of treating ...')."""
    verb = doc[p[0]]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if not subjects and _infinitive_of_object(verb, words):
            verb = verb.head.head  # "the infusions have the ability to treat ...": whoever has the ability
            continue
        if subjects or verb.head.i == verb.i or verb.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "prep", "acomp",
                                                                  "attr"):
            return subjects
        verb = verb.head
    return []


def to_infinitive(verb: Token) -> bool:
    """'to treat', 'to regrow': the verb has its 'to'."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def purpose_of(verb: Token) -> Token | None:
    """The verb a purpose clause serves: 'use' in 'we use stem cells to treat stroke', 'recommend' in 'doctors
    recommend surgery to repair the tear'."""
    return verb.head if verb.dep_ in ("xcomp", "advcl") and to_infinitive(verb) else None


def _infinitive_of_object(verb: Token, words: FrameWords) -> bool:
    """'has the ability to treat': an infinitive on an ability noun that is an object or complement."""
    return verb.dep_ == "acl" and to_infinitive(verb) and verb.head.lemma_.lower() in words.abilities \
        and verb.head.dep_ in ("dobj", "attr") and verb.head.head.i != verb.head.i


def _means(verb: Token, words: FrameWords) -> set[int]:
    """Tokens of what a passive verb is done by or with ("by stem cell injections", "with MSCs")."""
    return {t.i for c in verb.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ in words.means
            for t in c.subtree}


def _instrument(token: Token, words: FrameWords) -> set[int]:
    """Tokens of the object of 'use', 'apply' ... when the predicate is its purpose ('to treat ...')."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    head = purpose_of(verb)
    if head is None or head.lemma_.lower() not in words.instrument_verbs:
        return set()
    users = [c for c in head.children if c.dep_ == "nsubj"]
    if any(not _own(u, words) for u in users) or not users and head.dep_ != "ROOT":
        return set()  # "many clinics use stem cells to treat arthritis", "strides in using ..." report others
    return {t.i for c in head.children if c.dep_ == "dobj" for t in c.subtree}


def _own(subject: Token, words: FrameWords) -> bool:
    """The copy itself: 'we', 'I', 'our clinic', 'our doctors'."""
    return subject.lower_ in words.own_voice or any(c.dep_ == "poss" and c.lower_ in words.own_voice
                                                    for c in subject.children)


# A sentence this short with no subject is a heading, a list item or an order: the page's own therapy is meant.
SHORT = 12


def _actor_ok(doc: Doc, p: Hit, t: Hit, actors: list[Hit], actors_before: bool, words: FrameWords) -> bool:
    subjects = _subjects(doc, p, words)
    if not subjects:
        sentence = doc[p[0]].sent
        return len([t for t in sentence if not t.is_punct]) <= SHORT or doc[p[0]].i == sentence.start
    actor_tokens = {i for s, e in actors for i in range(s, e)}
    if any(s.dep_ == "nsubjpass" for s in subjects) and _means(subjects[0].head, words) & actor_tokens:
        return True  # the passive's agent acts: "knee pain can be relieved by stem cell injections"
    if _instrument(doc[p[0]], words) & actor_tokens:
        return True  # what is used acts: "the clinic uses stem cell therapy to treat stroke"
    for subject in subjects:
        # a clause describing the subject is not the subject: "rats that were given the cells produced extra insulin"
        covered = {t.i for t in subject.subtree} - {t.i for c in subject.children if c.dep_ in ("acl", "relcl")
                                                    for t in c.subtree}
        if subject.dep_ == "nsubjpass" and subject.i in range(*t):
            continue  # what is acted on, not who acts: "your own stem cells are activated by exercise"
        if subject.lower_ in words.relatives and subject.head.dep_ == "relcl":
            # "doctors who specialize in treating ...": the doctors, not their relative clause, are the subject
            clause = subject.head
            subject = clause.head
            covered = {t.i for t in subject.subtree} - {t.i for t in clause.subtree}
        if covered & actor_tokens:
            return True
        standins = words.standins
        if subject.lower_ in standins or any(t.lower_ in standins for t in subject.subtree if t.dep_ == "det"):
            return actors_before or bool(actor_tokens)
    return False
