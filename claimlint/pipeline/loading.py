"""Load the English pipeline: never downloads anything (air-gapped CI must work)."""
from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from .installed import DEFAULT_MODELS, not_installed
from .matching import GatedMatcher

UNUSED = ["ner"]  # claimlint reads tags, parse and lemmas only


def load_model(name: str | None = None) -> Language:
    import spacy

    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate, exclude=UNUSED)
        except (OSError, ImportError):
            continue
        index_attribute_rulers(nlp)
        split_capital_contractions(nlp)
        return nlp
    raise not_installed(name)


def split_capital_contractions(nlp: Language) -> None:
    """Split contractions in capitals as in lower case ("IT HASN'T BEEN APPROVED" -> HAS + N'T): the shipped
    tokenizer knows "hasn't" and "Hasn't" only, and a warning set in capitals would lose its negation."""
    from spacy.symbols import NORM, ORTH

    rules = nlp.tokenizer.rules
    for text, pieces in list(rules.items()):
        upper = text.upper()
        if text.islower() and ("n't" in text or "n\u2019t" in text) and upper not in rules:
            nlp.tokenizer.add_special_case(upper, [{ORTH: p[ORTH].upper(), NORM: p.get(NORM, p[ORTH].lower())}
                                                   for p in pieces])


class _IndexedRulerMatcher:
    """Stands in for an AttributeRuler's Matcher: the same matches, found by lookup (matching.py).

    The ruler's own Matcher stays behind it for everything else (adding, listing and saving patterns);
    adding or removing patterns drops the index, so the ruler falls back to exact Matcher behaviour."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.matcher = ruler.matcher
        self.index: GatedMatcher | None = GatedMatcher(ruler.vocab)
        for i, entry in enumerate(ruler.patterns):
            self.index.add(str(i), entry["patterns"])

    def __call__(self, doc: Doc, allow_missing: bool = False, as_spans: bool = False, **kwargs):
        if self.index is None or as_spans or kwargs:
            return self.matcher(doc, allow_missing=allow_missing, as_spans=as_spans, **kwargs)
        strings = doc.vocab.strings
        return [(strings[key], start, end) for key, start, end in self.index(doc)]

    def add(self, *args, **kwargs):
        self.index = None
        return self.matcher.add(*args, **kwargs)

    def remove(self, *args, **kwargs):
        self.index = None
        return self.matcher.remove(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.matcher, name)

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key) -> bool:
        return key in self.matcher


def index_attribute_rulers(nlp: Language) -> None:
    """The model's attribute ruler cost about as much as its parser; same annotations, by lookup."""
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, AttributeRuler) and not isinstance(pipe.matcher, _IndexedRulerMatcher):
            pipe.matcher = _IndexedRulerMatcher(pipe)
