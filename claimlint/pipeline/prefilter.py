"""The cheap first pass: which blocks could hold a claim at all.

A rule alternative can only match in a block that holds one of its words and where the
block and its lead-in together hold every lexicon the alternative requires. Each lexicon
becomes one regular expression over the words a hit needs (stem prefixes for lemmas, plus
irregular forms). Only candidate blocks, and the blocks their context reads (heading,
lead-in, the block after), go through the tagger and parser. The pass over-approximates and
never misses: a test compares it with parsing everything.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from ..packs.morphology import irregular
from ..packs.ruleset import RuleSet
from ..packs.schema import MatchSpec
from ..readers.document import Block, about

LITERAL_KEYS = ("LOWER", "ORTH", "TEXT", "NORM")
WORD = re.compile(r"\w+")
OPTIONAL = ("?", "*")


def _stem(lemma: str) -> str:
    """'differentiate' -> 'differentiat' covers -es/-ed/-ing/-ion; 'apply' -> 'appl' covers -ies/-ied."""
    return lemma[:-1] if len(lemma) > 3 and lemma[-1] in "ey" else lemma


def _prefix(word: str) -> str:
    """A word's start that its singular and plural share."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _values(spec: Any) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and isinstance(spec.get("IN"), list):
        return [str(v) for v in spec["IN"]]
    return []


class _Words:
    """The words (or word starts) one lexicon or raw pattern needs: a hit is impossible without one."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        # phrases: (their most telling word's prefix, the prefixes of their other content words), all needed
        self.phrases: set[tuple[str, tuple[str, ...]]] = set()
        self.unbounded = False  # no literal word at all: present everywhere

    def lemma(self, lemma: str) -> None:
        lemma = lemma.lower()
        self.prefixes.add(_stem(lemma))
        self.words.update(irregular().get(lemma, []))

    def term(self, tokens: list[str], frequency: Counter) -> None:
        """A phrase matches only where each of its words occurs: it is indexed by its most telling word (not
        a stop word, in the fewest lexicon phrases: "beta" rather than "cells") and needs its other content
        words too ("approved stem cell clinic" is not present wherever "clinic" is)."""
        content = [t for t in tokens if t not in STOP_WORDS and t.isalnum()] or tokens
        key = min(content, key=lambda t: (frequency[t], -len(t))) if content else ""
        if key[-1:].isalpha():
            others = tuple(sorted({_prefix(t) for t in content if t != key and t[-1:].isalpha()}))
            if others:
                self.phrases.add((_prefix(key), others))
            else:
                self.prefixes.add(_prefix(key))
        elif key:
            self.words.add(key)

    def pattern(self, pattern: list[dict]) -> None:
        """The literal words of the most specific token the pattern requires (longest shortest word)."""
        best: tuple[list[str], list[str]] | None = None
        for token in pattern:
            if token.get("OP") in OPTIONAL:
                continue
            literal = [v.lower() for k in LITERAL_KEYS for v in _values(token.get(k))]
            lemmas = [v.lower() for v in _values(token.get("LEMMA"))]
            if literal or lemmas:
                score = min(len(v) for v in literal + lemmas)
                if best is None or score > min(len(v) for v in best[0] + best[1]):
                    best = (literal, lemmas)
        if best is None:
            self.unbounded = True
            return
        self.words.update(best[0])
        for lemma in best[1]:
            self.lemma(lemma)

@dataclass(frozen=True)
class _Need:
    """What one rule alternative needs: a word of `own` in the block (any word when empty); every `all`
    key in the block or its lead-in; one `any` key if there are any."""

    own: frozenset[str]
    all: frozenset[str]
    any: frozenset[str]


class Prefilter:
    """Compiled trigger vocabulary of a rule set."""

    def __init__(self, ruleset: RuleSet, tokenize: Callable[[str], list[str]]) -> None:
        """``tokenize``: a phrase's tokens as text (vocabulary.py's PhraseKeys.words: the tokenizer's, memoized)."""
        words: dict[str, _Words] = {}
        used = set().union(*(r.match.lexicon_keys() for r in ruleset.rules))
        lexicons = {k: v for k, v in ruleset.lexicons.items() if k in used}
        phrases = {term: [t.lower() for t in tokenize(term.lower())] for lex in lexicons.values() for term in lex.terms}
        frequency = Counter(t for tokens in phrases.values() for t in set(tokens))
        for key, lex in lexicons.items():
            w = words[key] = _Words()
            for term in lex.terms:
                w.term(phrases[term], frequency)
            for lemma in lex.lemmas:
                w.lemma(lemma.split()[0])
            for pattern in lex.patterns:
                w.pattern(pattern)
        self.needs: list[_Need] = []
        self.tabled: set[str] = set()  # measures whose readings a table's later cells may hold
        for rule in ruleset.rules:
            self.needs.extend(_needs(rule.match))
            if rule.match.quantity:
                self.tabled.add(rule.match.quantity.measure)
            raw = [*rule.match.pattern, *([n.get("RIGHT_ATTRS", {}) for n in p] for p in rule.match.dependency)]
            if raw:
                w = words[f"rule:{rule.id}"] = _Words()
                for pattern in raw:
                    w.pattern(pattern)
                self.needs.append(_Need(frozenset({f"rule:{rule.id}"}), frozenset(), frozenset()))
        # Index every word and prefix to the lexicons that need it: one scan of the text then answers all.
        self.by_word: dict[str, set[str]] = defaultdict(set)
        self.by_prefix: dict[str, set[str]] = defaultdict(set)
        self.by_phrase: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)  # prefix -> (key, others)
        self.symbols: dict[str, set[str]] = defaultdict(set)  # "%", "-": not words, looked up as substrings
        self.everywhere = {key for key, w in words.items() if w.unbounded}
        for key, w in words.items():
            for word in w.words:
                (self.by_word if word.isalnum() else self.symbols)[word].add(key)
            for prefix in w.prefixes:
                self.by_prefix[prefix].add(key)
            for prefix, others in w.phrases:
                self.by_phrase[prefix].append((key, others))
        lengths = {len(p) for p in self.by_prefix} | {len(p) for p in self.by_phrase}
        lengths |= {len(o) for needs in self.by_phrase.values() for _, others in needs for o in others}
        self.prefix_lengths = sorted(lengths)

    def _keys(self, text: str) -> set[str]:
        """The lexicons whose words occur in ``text``."""
        found = set(self.everywhere)
        starts: set[str] = set()  # every start of every word, at the lengths the index uses
        for word in {w.lower() for w in WORD.findall(text)}:
            found |= self.by_word.get(word, set())
            for n in self.prefix_lengths:
                if n > len(word):
                    break
                starts.add(word[:n])
        for start in starts:
            found |= self.by_prefix.get(start, set())
            for key, others in self.by_phrase.get(start, ()):
                if key not in found and all(o in starts for o in others):
                    found.add(key)
        lowered = text.lower()
        for symbol, keys in self.symbols.items():
            if symbol in lowered:
                found |= keys
        return found

    def candidates(self, text: str, blocks: list[Block]) -> set[int]:
        """Indices of blocks that may hold a claim."""
        present = [self._keys(text[b.start:b.end]) for b in blocks]
        out = set()
        for i, block in enumerate(blocks):
            if not present[i]:
                continue
            context = present[i] | (present[block.lead_in] if block.lead_in is not None else set())
            if any((n.own & present[i] or not n.own) and n.all <= context and (not n.any or n.any & context)
                   for n in self.needs):
                out.add(i)
        # A table that names a measure anywhere may hold its readings and their labels in any of its cells
        # ("Test" | "Before" | "After" | "HbA1c" | "8.9%" | "5.4%"): a run of cells is read whole.
        run: list[int] = []
        for i, block in enumerate([*blocks, None]):
            if block is not None and block.kind == "cell":
                run.append(i)
                continue
            if any(present[j] & self.tabled for j in run):
                out.update(run)
            run = []
        return out


def _needs(spec: MatchSpec) -> Iterable[_Need]:
    for alt in spec.either:
        yield from _needs(alt)
    if spec.all or spec.any:
        yield _Need(frozenset(spec.all) | frozenset(spec.any), frozenset(spec.all), frozenset(spec.any))
    if spec.frame:
        # a frame needs one predicate and one target word in its sentence (the actor may be implied)
        roles = frozenset(spec.frame.predicate) | frozenset(spec.frame.target)
        yield _Need(roles, frozenset(), roles)
    if spec.quantity:
        # A quantity claim needs its measure, in the sentence or its lead-in, and any hit in the sentence.
        yield _Need(frozenset(), frozenset({spec.quantity.measure}), frozenset())


def reads(i: int, blocks: list[Block], text: str) -> list[int]:
    """The blocks the context stage reads for a claim in block ``i``: what says what it is about (its heading, the
    page's title, the paragraphs before it in its section: what a 'requires' condition reads: readers/document.py, about), its
    lead-in, and the block after a question (its answer) or after a heading or table cell (what it is read with)."""
    block = blocks[i]
    out = [*about(i, blocks), *([block.lead_in] if block.lead_in is not None else [])]
    if i + 1 < len(blocks) and (block.kind in ("heading", "cell") or "?" in text[block.start:block.end]):
        out.append(i + 1)
    return out


def with_context(candidates: Iterable[int], blocks: list[Block], text: str) -> set[int]:
    """Add the blocks the context stage reads for each claim (``reads``)."""
    return {j for i in candidates for j in (i, *reads(i, blocks, text))}
