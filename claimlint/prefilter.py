"""The cheap first pass: which blocks could hold a claim at all.

A rule alternative can only match in a block that holds one of its words and where the
block and its lead-in together hold every lexicon the alternative requires. Each lexicon
becomes one regular expression over the words a hit needs (stem prefixes for lemmas, plus
irregular forms). Only candidate blocks, and the blocks their context reads (heading,
lead-in, the block after), go through the tagger and parser. The pass over-approximates and
never misses: a test compares it with parsing everything.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .document import Block
from .morphology import irregular
from .packs import MatchSpec
from .ruleset import RuleSet

LITERAL_KEYS = ("LOWER", "ORTH", "TEXT", "NORM")
OPTIONAL = ("?", "*")


def _stem(lemma: str) -> str:
    """'differentiate' -> 'differentiat' covers -es/-ed/-ing/-ion; 'apply' -> 'appl' covers -ies/-ied."""
    return lemma[:-1] if len(lemma) > 3 and lemma[-1] in "ey" else lemma


def _values(spec: Any) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and isinstance(spec.get("IN"), list):
        return [str(v) for v in spec["IN"]]
    return []


class _Words:
    """The words one lexicon (or raw pattern) needs, compiled to a regular expression."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        self.unbounded = False  # no literal word at all: present everywhere

    def lemma(self, lemma: str) -> None:
        lemma = lemma.lower()
        self.prefixes.add(_stem(lemma))
        self.words.update(irregular().get(lemma, []))

    def term(self, term: str, tokenize) -> None:
        tokens = [t.lower_ for t in tokenize(term.lower())]
        key = max(tokens, key=len) if tokens else ""  # a phrase matches only where its longest word occurs
        if key[-1:].isalpha():
            self.prefixes.add(key[:-1] if key.endswith("s") and len(key) > 3 else key)  # singular and plural
        elif key:
            self.words.add(key)

    def pattern(self, pattern: list[dict]) -> None:
        """The literal words of the first token the pattern requires."""
        for token in pattern:
            if token.get("OP") in OPTIONAL:
                continue
            literal = [v.lower() for k in LITERAL_KEYS for v in _values(token.get(k))]
            lemmas = [v.lower() for v in _values(token.get("LEMMA"))]
            if literal or lemmas:
                self.words.update(literal)
                for lemma in lemmas:
                    self.lemma(lemma)
                return
        self.unbounded = True

    def compile(self) -> re.Pattern | None:
        if self.unbounded:
            return None
        alternatives = [re.escape(p) + r"\w*" for p in sorted(self.prefixes)]
        alternatives += [re.escape(w) + (r"\b" if w[-1:].isalnum() else "") for w in sorted(self.words, key=len, reverse=True)]
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE) if alternatives else re.compile(r"(?!)")


@dataclass(frozen=True)
class _Need:
    """What one rule alternative needs: a word of `own` in the block (any word when empty); every `all`
    key in the block or its lead-in; one `any` key if there are any."""

    own: frozenset[str]
    all: frozenset[str]
    any: frozenset[str]


class Prefilter:
    """Compiled trigger vocabulary of a rule set."""

    def __init__(self, ruleset: RuleSet, tokenize) -> None:
        words: dict[str, _Words] = {}
        used = set().union(*(r.match.lexicon_keys() for r in ruleset.rules))
        for key, lex in ruleset.lexicons.items():
            if key in used:
                w = words[key] = _Words()
                for term in lex.terms:
                    w.term(term, tokenize)
                for lemma in lex.lemmas:
                    w.lemma(lemma.split()[0])
                for pattern in lex.patterns:
                    w.pattern(pattern)
        self.needs: list[_Need] = []
        for rule in ruleset.rules:
            self.needs.extend(_needs(rule.match))
            raw = [*rule.match.pattern, *([n.get("RIGHT_ATTRS", {}) for n in p] for p in rule.match.dependency)]
            if raw:
                w = words[f"rule:{rule.id}"] = _Words()
                for pattern in raw:
                    w.pattern(pattern)
                self.needs.append(_Need(frozenset({f"rule:{rule.id}"}), frozenset(), frozenset()))
        self.regexes = {key: w.compile() for key, w in words.items()}

    def candidates(self, text: str, blocks: list[Block]) -> set[int]:
        """Indices of blocks that may hold a claim."""
        starts = [b.start for b in blocks]
        present: list[set[str]] = [set() for _ in blocks]
        for key, regex in self.regexes.items():
            if regex is None:
                for p in present:
                    p.add(key)
                continue
            for m in regex.finditer(text):
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and m.start() < blocks[i].end:
                    present[i].add(key)
        out = set()
        for i, block in enumerate(blocks):
            if not present[i]:
                continue
            context = present[i] | (present[block.lead_in] if block.lead_in is not None else set())
            if any((n.own & present[i] or not n.own) and n.all <= context and (not n.any or n.any & context)
                   for n in self.needs):
                out.add(i)
        return out


def _needs(spec: MatchSpec) -> Iterable[_Need]:
    for alt in spec.either:
        yield from _needs(alt)
    if spec.all or spec.any:
        yield _Need(frozenset(spec.all) | frozenset(spec.any), frozenset(spec.all), frozenset(spec.any))
    if spec.quantity:
        # A quantity claim needs its measure, in the sentence or its lead-in, and any hit in the sentence.
        yield _Need(frozenset(), frozenset({spec.quantity.measure}), frozenset())


def with_context(candidates: Iterable[int], blocks: list[Block]) -> set[int]:
    """Add the blocks the context stage reads for a claim: its heading, its lead-in, the block after."""
    out = set(candidates)
    for i in list(out):
        block = blocks[i]
        out.update(j for j in (block.heading, block.lead_in, i + 1) if j is not None and j < len(blocks))
    return out
