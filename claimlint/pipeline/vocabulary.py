"""Where the rule packs' vocabulary occurs in a parsed Doc: the claims stage's first step.

Terms go to a PhraseMatcher; lemmas (with their inflected forms) and raw patterns to a
GatedMatcher (matching.py), which finds what one spaCy Matcher would, for a fraction of its cost.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from spacy import about
from spacy.attrs import LOWER
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..errors import PackError, first_line
from ..packs import compiled
from ..packs.morphology import inflections
from ..packs.schema import Lexicon
from .matching import GatedMatcher

Hit = tuple[int, int]
SPELLINGS = Path(__file__).parent.parent / "data" / "spellings.yaml"


def term_variants(term: str) -> set[str]:
    """Spelling variants clinic copy uses for one term: hyphen or space, singular or plural, straight or curly
    apostrophe ("aren't", "aren’t"), the typesetter's hyphens ("paradigm‑shifting" with U+2011), and the other
    spelling of a word (spellings.yaml: "tumour"/"tumor", "proven"/"proved")."""
    forms = _respelt(term)
    forms |= {f.replace("-", " ") for f in forms}
    forms |= {term.replace("-", dash) for dash in ("\u2010", "\u2011") if "-" in term}
    forms |= {f.replace("'", "\u2019") for f in forms if "'" in f}
    if len(term.split()) <= 3:
        forms.add(term.replace(" ", "-"))
    out = set()
    for form in forms:
        out.add(form)
        head, _, last = form.rpartition(" ")
        if last[-1:].isalpha() and len(last) > 3:
            out.add(f"{head} {other_number(last)}".strip())
    return out


def _respelt(term: str) -> set[str]:
    """The term with each word in turn given its other spellings."""
    others = _spellings()
    words = term.split(" ")
    forms = {term}
    for i, word in enumerate(words):
        for other in others.get(word.lower(), ()):
            forms |= {" ".join([*w[:i], other, *w[i + 1:]]) for w in (f.split(" ") for f in forms)}
    return forms


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    groups = yaml.safe_load(SPELLINGS.read_text(encoding="utf-8"))
    return {word: tuple(w for w in group if w != word) for group in groups for word in group}


def other_number(word: str) -> str:
    """The plural of a singular, the singular of a plural: 'neuropathy'/'neuropathies', 'cell'/'cells'."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word + "s"


class PhraseKeys:
    """Short phrases as a PhraseMatcher on LOWER stores them: each token's lowercase form, hashed. No Doc is built
    (a Doc per phrase, some 30,000 of them, was most of start-up). The tokenizer splits on spaces before anything
    else, so a phrase's tokens are its words' tokens in order; a word of letters only is one token unless the
    tokenizer has a special case for it ("cannot"). The others are tokenized once, and their pieces are kept
    between runs (packs/compiled.py) under the tokenizer's identity, with the patterns of the last run's phrase
    lists (``variants``)."""

    def __init__(self, nlp) -> None:
        tokenizer = nlp.tokenizer
        self.tokenizer, self.special = tokenizer, tokenizer.rules or {}
        self.lower = nlp.vocab.lex_attr_getters.get(LOWER, str.lower)  # what a Token's LOWER is made of
        affixes = (tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer, tokenizer.token_match,
                   tokenizer.url_match)  # a custom function's repr holds its address: a miss, never a wrong hit
        self.key = ["phrase-pieces", about.__version__, nlp.lang, str(nlp.meta.get("name")), str(nlp.meta.get("version")),
                    *(str(getattr(getattr(f, "__self__", None), "pattern", f)) for f in affixes),
                    "\n".join(sorted(self.special))]
        kept = compiled.load(self.key)
        pieces, patterns = kept if isinstance(kept, tuple) and [type(x) for x in kept] == [dict, dict] else ({}, {})
        self.pieces: dict[str, tuple[str, ...]] = pieces
        self.kept = len(self.pieces)
        self.hashes: dict[str, list[int]] = {}
        # (lowered, phrases) -> their patterns: the kept ones, and which this run asked for (what the next keeps)
        self.patterns: dict[tuple[bool, tuple[str, ...]], list[list[int]]] = patterns
        self.asked: set[tuple[bool, tuple[str, ...]]] = set()
        self.missed = False

    def words(self, phrase: str) -> list[str]:
        """The tokens ``phrase`` would have, as text."""
        out: list[str] = []
        for word in phrase.split():
            if word.isalpha() and word not in self.special:
                out.append(word)
            else:
                if word not in self.pieces:
                    self.pieces[word] = tuple(t.text for t in self.tokenizer(word))
                out.extend(self.pieces[word])
        return out

    def __call__(self, phrases: Iterable[str]) -> list[list[int]]:
        """The patterns ``PhraseMatcher.add`` takes for ``phrases`` (it takes attribute arrays as well as Docs)."""
        out = []
        for phrase in phrases:
            keys: list[int] = []
            for word in phrase.split():
                if word not in self.hashes:
                    self.hashes[word] = [get_string_id(self.lower(t)) for t in self.words(word)]
                keys.extend(self.hashes[word])
            out.append(keys)
        return out

    def variants(self, phrases: Iterable[str], lower: bool = False) -> list[list[int]]:
        """The patterns of ``phrases`` in all their spelling variants (``term_variants``), lowercased first if
        ``lower``. Some 15,000 variants cost a tenth of a second to write out and hash: kept between runs."""
        key = (lower, tuple(phrases))
        self.asked.add(key)
        if key not in self.patterns:
            self.missed = True
            self.patterns[key] = self(sorted({v.lower() if lower else v for p in key[1] for v in term_variants(p)}))
        return self.patterns[key]

    def save(self) -> None:
        """Keep the pieces of words tokenized in this run, and this run's patterns, for the next (only when there
        are new ones: the patterns of packs no longer used are dropped)."""
        if len(self.pieces) > self.kept or self.missed:
            compiled.store(self.key, (self.pieces, {k: self.patterns[k] for k in self.asked}))
            self.kept, self.missed = len(self.pieces), False


class VocabularyMatcher:
    """All lexicons of a rule set: phrases in a PhraseMatcher, lemmas and patterns in a GatedMatcher."""

    def __init__(self, vocab, lexicons: dict[str, Lexicon], phrases: PhraseKeys) -> None:
        self.matcher = GatedMatcher(vocab)
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        for key, lex in lexicons.items():
            if lex.terms:
                self.phrases.add(key, phrases.variants(lex.terms, lower=True))
            # The lemma, or any of its written forms where the lemmatizer leaves a participle alone.
            single = [lemma for lemma in lex.lemmas if " " not in lemma]
            patterns = []
            if single:
                patterns.append([{"LEMMA": {"IN": sorted({w for x in single for w in (x, x.capitalize())})}}])
                patterns.append([{"LOWER": {"IN": sorted({f for x in single for f in inflections(x)})}}])
            for lemma in (x for x in lex.lemmas if " " in x):
                patterns.append([{"LEMMA": {"IN": [w, w.capitalize()]}} for w in lemma.split()])
                patterns.append([{"LOWER": {"IN": sorted(inflections(w))}} for w in lemma.split()])
            patterns += list(lex.patterns)
            try:
                self.matcher.add(key, patterns)
            except Exception as exc:  # spaCy raises several types for a bad pattern
                raise PackError(f"invalid spaCy pattern in lexicon '{key}': {first_line(exc)}", lex.path, lex.line) from None
        phrases.save()
        self.vocab = vocab

    def __call__(self, doc: Doc, parts: list[Span]) -> dict[str, list[Hit]]:
        hits: dict[str, set[Hit]] = defaultdict(set)
        for key, start, end in self.matcher(doc, parts):
            hits[key].add((start, end))
        for part in parts:
            if len(self.phrases):
                for match_id, start, end in self.phrases(part):  # doc offsets already
                    hits[self.vocab.strings[match_id]].add((start, end))
        return {k: sorted(v) for k, v in hits.items()}
