"""Where the rule packs' vocabulary occurs in a parsed Doc: the claims stage's first step.

Terms go to a PhraseMatcher; lemmas (with their inflected forms) and raw patterns to a
GatedMatcher (matching.py), which finds what one spaCy Matcher would, for a fraction of its cost.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import PackError, first_line
from ..packs.morphology import inflections
from ..packs.schema import Lexicon
from .matching import GatedMatcher

Hit = tuple[int, int]


def term_variants(term: str) -> set[str]:
    """Spelling variants clinic copy uses for one term: hyphen or space, singular or plural, straight or curly
    apostrophe ("aren't", "aren’t"), and the typesetter's hyphens ("paradigm‑shifting" with U+2011)."""
    forms = {term, term.replace("-", " ")}
    forms |= {term.replace("-", dash) for dash in ("\u2010", "\u2011") if "-" in term}
    forms |= {f.replace("'", "\u2019") for f in forms if "'" in f}
    if len(term.split()) <= 3:
        forms.add(term.replace(" ", "-"))
    out = set()
    for form in forms:
        out.add(form)
        head, _, last = form.rpartition(" ")
        if last[-1:].isalpha() and len(last) > 3:
            out.add(f"{head} {_other_number(last)}".strip())
    return out


def _other_number(word: str) -> str:
    """The plural of a singular, the singular of a plural: 'neuropathy'/'neuropathies', 'cell'/'cells'."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word + "s"


def phrase_docs(vocab, tokenizer, phrases: Iterable[str]) -> list[Doc]:
    """Docs for many short phrases, each distinct word tokenized once. The tokenizer splits on spaces before
    anything else, so a phrase's tokens are its words' tokens in order; a word of letters only is one token
    unless the tokenizer has a special case for it ("cannot")."""
    special = tokenizer.rules or {}
    pieces: dict[str, list[str]] = {}
    docs = []
    for phrase in phrases:
        words = []
        for word in phrase.split():
            if word not in pieces:
                plain = word.isalpha() and word not in special
                pieces[word] = [word] if plain else [t.text for t in tokenizer(word)]
            words.extend(pieces[word])
        docs.append(Doc(vocab, words=words))
    return docs


class VocabularyMatcher:
    """All lexicons of a rule set: phrases in a PhraseMatcher, lemmas and patterns in a GatedMatcher."""

    def __init__(self, vocab, lexicons: dict[str, Lexicon], tokenizer) -> None:
        self.matcher = GatedMatcher(vocab)
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        for key, lex in lexicons.items():
            if lex.terms:
                forms = sorted({v.lower() for t in lex.terms for v in term_variants(t)})
                self.phrases.add(key, phrase_docs(vocab, tokenizer, forms))
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
