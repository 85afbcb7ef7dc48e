"""Reading the parse: which verb heads a word's clause, what it governs, who acts."""
from __future__ import annotations

import re
from typing import Iterable

from ..frames import to_infinitive

# Clause links that start a separate assertion: a cue in one clause does not reach these.
SEPARATE_CLAUSES = {"conj", "advcl", "parataxis"}
# Verb forms that only modify another word ("emerging research", "may improve").
MODIFIER_DEPS = {"amod", "aux", "auxpass", "compound", "npadvmod", "advmod", "neg", "det"}
SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")


def verb_of(token):
    """The verb heading the clause a word sits in."""
    while (token.pos_ not in ("VERB", "AUX") or token.dep_ in MODIFIER_DEPS) and token.head.i != token.i:
        token = token.head
    return token


def rules_over(verb, token) -> bool:
    """True when ``verb`` governs ``token`` without crossing into a coordinated or adverbial clause."""
    while True:
        if token == verb:
            return True
        if token.head.i == token.i:
            return False
        if token.dep_ in SEPARATE_CLAUSES and token.pos_ in ("VERB", "AUX") and own_clause(token):
            return False
        token = token.head


def own_clause(token) -> bool:
    """A coordinated or adverbial verb starts its own assertion unless it shares the head's subject
    ("can cure X or regrow Y") or is an infinitive complement ("not been shown ... to regenerate")."""
    if token.dep_ == "conj":
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
    if token.dep_ == "advcl":
        if to_infinitive(token):
            return False
        if token.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass", "mark", "expl") for c in token.children):
            return False  # a participle clause adds to its head's assertion: "help protect beta cells, slowing their decline"
        # "are not FDA-approved or Health Canada-approved for ...": the parser's advcl without a subject or a
        # subordinator, right after 'or', is a second predicate joined to the first, not a clause of its own
        joined = token.left_edge.i > 0 and token.doc[token.left_edge.i - 1].lower_ in ("or", "and", "nor")
        return any(c.dep_ in ("nsubj", "nsubjpass", "mark", "expl") for c in token.children) or not joined
    return True


def phrase_of(noun) -> set:
    """A noun and its modifiers, without the nouns coordinated with it."""
    out, stack = {noun}, [c for c in noun.children if c.dep_ not in ("conj", "cc")]
    while stack:
        token = stack.pop()
        out.add(token)
        stack.extend(token.children)
    return out


def of_members(token) -> list:
    """What a noun's own 'of' names: 'clinics' in 'some of the clinics', 'scientists' in 'a team of scientists'."""
    return [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]


def subjects_of(verb, causatives: Iterable[str]) -> list:
    """The actors of a verb, climbing through 'are able to come off', 'and then ...', 'focus on keeping', and through
    causatives: in 'physiotherapy can help people avoid surgery' physiotherapy acts too."""
    causatives = set(causatives)
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        head = verb.head
        if head.i != verb.i and verb.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in causatives:
            subjects += [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if not subjects and verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head  # a gerund after a preposition shares its verb's subject: "strategies focus on keeping ..."
            continue
        if subjects or verb.dep_ not in ("xcomp", "acomp", "conj", "advcl", "oprd") or head.i == verb.i:
            return subjects
        verb = head
    return []


# Single quotes double as apostrophes ("Leo's", "don’t"): a single-quoted phrase opens after a space or the
# start and closes before a non-letter, on one line.
SINGLE_QUOTED = re.compile(r"(?<!\w)(['‘])[^'‘’\n]{1,60}?['’](?!\w)")


def quote_pairs(text: str, marks: dict[str, str]) -> list[tuple[int, int]]:
    """Positions of matching quotation marks in a sentence. A quotation still open at the end runs to
    the end: the parser often leaves a closing mark after 'weekend."' to the next sentence. Single quotes
    ('cure', ‘cure’) are read only where they cannot be apostrophes."""
    pairs, i = [], 0
    singles = {m.start(): m.end() - 1 for m in SINGLE_QUOTED.finditer(text)} if "'" in text or "‘" in text else {}
    while i < len(text):
        inside = singles.get(i)
        if inside is not None:
            pairs.append((i, inside))
            i = inside + 1
            continue
        close = marks.get(text[i])
        if close:
            j = text.find(close, i + 1)
            if j == -1:
                pairs.append((i, len(text)))
                break
            pairs.append((i, j))
            i = j + 1
        else:
            i += 1
    if singles and pairs:
        # single-quoted words inside a double-quoted quotation: "... a proxy for 'cutting edge' and 'miracle.'"
        outer = [(x, y) for x, y in pairs if (x, y) not in singles.items()]
        pairs += [(a, b) for a, b in singles.items() if any(x < a and b < y for x, y in outer)]
        pairs.sort()
    return pairs
