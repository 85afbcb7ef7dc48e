"""The indexed matchers must find exactly what spaCy's own Matcher and AttributeRuler find."""
from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from conftest import CORPUS_SAMPLE, corpus_pages


def texts(every: int) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in corpus_pages(every)]


# Shapes a rule author may write: every operator, flags, several attributes on one token, tags and
# dependencies, negation, and patterns with no literal word at all.
TRICKY = {
    "one-lemma": [[{"LEMMA": {"IN": ["cure", "reverse"]}}]],
    "one-word-two-tests": [[{"LOWER": "insulin", "POS": "NOUN"}], [{"TAG": "NNS", "LOWER": "cells"}]],
    "flag": [[{"LIKE_NUM": True}], [{"IS_PUNCT": True, "LOWER": "%"}]],
    "optional-gap": [[{"LEMMA": "reverse"}, {"OP": "?"}, {"OP": "?"}, {"LOWER": "diabetes"}]],
    "repeat": [[{"LOWER": {"IN": ["stem", "mesenchymal"]}}, {"IS_ALPHA": True, "OP": "{0,3}"}, {"LOWER": "cells"}]],
    "exact-repeat": [[{"IS_ALPHA": True, "OP": "{2}"}, {"LOWER": "insulin"}]],
    "unbounded": [[{"LEMMA": "stem"}, {"IS_ALPHA": True, "OP": "+"}, {"LEMMA": "diabetes"}]],
    "negated": [[{"LOWER": "no", "OP": "!"}, {"LOWER": "insulin"}]],
    "tag-only": [[{"TAG": "VBN"}, {"LOWER": "by"}], [{"TAG": "MD"}]],
    "dep": [[{"DEP": "nsubj", "LOWER": {"IN": ["cells", "mscs"]}}]],
    "no-literal": [[{"IS_ALPHA": True, "IS_TITLE": True}, {"LIKE_NUM": True}]],
    "start-optional": [[{"LOWER": "the", "OP": "?"}, {"LOWER": "pancreas"}]],
    "regex": [[{"LOWER": {"REGEX": "^regen"}}]],
}


@pytest.fixture(scope="module", params=CORPUS_SAMPLE)
def parsed(linter, request):
    nlp = linter.nlp
    return [nlp(t) for t in texts(request.param)]


def plain(vocab, patterns: dict) -> Matcher:
    matcher = Matcher(vocab, validate=True)
    for key, value in patterns.items():
        matcher.add(key, value)
    return matcher


def test_gated_matcher_equals_spacy_matcher(linter, parsed):
    from claimlint.pipeline.matching import GatedMatcher

    lexicon_patterns = {}
    vocabulary = linter.component.claims.vocabulary
    for key, lex in linter.ruleset.lexicons.items():
        if lex.patterns:
            lexicon_patterns[f"lex:{key}"] = list(lex.patterns)
    patterns = {**TRICKY, **lexicon_patterns}
    gated = GatedMatcher(linter.nlp.vocab)
    for key, value in patterns.items():
        gated.add(key, value)
    reference = plain(linter.nlp.vocab, patterns)
    strings = linter.nlp.vocab.strings
    total = 0
    for doc in parsed:
        expected = sorted({(strings[m], s, e) for m, s, e in reference(doc)})
        assert gated(doc) == expected
        # The same within parts, as the claims stage calls it after the cheap first pass.
        parts = [doc[a:b] for a, b in ((0, len(doc) // 3), (len(doc) // 2, len(doc)))]
        assert gated(doc, parts) == sorted({(strings[m], s + p.start, e + p.start)
                                            for p in parts for m, s, e in reference(p)})
        total += len(expected)
    assert total > 1000
    assert len(vocabulary.matcher) > 40  # the built-in packs' lemmas go through it


def test_every_tricky_shape_matches_something(linter, parsed):
    """Guards the test above: a shape that matches nothing would prove nothing."""
    reference = plain(linter.nlp.vocab, TRICKY)
    found = {linter.nlp.vocab.strings[m] for doc in parsed for m, _, _ in reference(doc)}
    assert found == set(TRICKY)


@pytest.mark.parametrize("every", CORPUS_SAMPLE)
def test_indexed_attribute_ruler_gives_the_models_annotations(linter, every):
    from spacy.pipeline import AttributeRuler

    from claimlint.pipeline.loading import load_model

    nlp = linter.nlp
    ruler = nlp.get_pipe("attribute_ruler")
    assert not isinstance(ruler.matcher, Matcher)  # the Linter's model runs the indexed stand-in
    original = AttributeRuler(nlp.vocab)
    original.add_patterns(ruler.patterns)
    compared = 0
    for text in texts(every):
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name == "attribute_ruler":
                break
            doc = proc(doc)
        mine, theirs = ruler(doc.copy()), original(doc.copy())
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in mine] == \
               [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in theirs]
        compared += len(doc)
    assert compared > 10000
    assert load_model().get_pipe("attribute_ruler").patterns == ruler.patterns  # nothing lost from the ruler


def test_adding_patterns_to_the_ruler_falls_back_to_the_matcher():
    from claimlint.pipeline.loading import load_model

    nlp = load_model()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "mscs"}]], {"TAG": "FW", "POS": "X"})
    assert nlp("MSCs work.")[0].tag_ == "FW"


def test_phrase_keys_tokenize_as_the_tokenizer_does(linter, tmp_path, monkeypatch):
    """Phrases are tokenized word by word (each distinct word once, kept between runs); their tokens and the keys
    the PhraseMatcher gets must equal whole-phrase tokens and their LOWER, cold and from the kept pieces."""
    from spacy.attrs import LOWER

    from claimlint.pipeline.vocabulary import PhraseKeys, term_variants

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    nlp = linter.nlp
    phrases = sorted({v.lower() for lex in linter.ruleset.lexicons.values() for t in lex.terms for v in term_variants(t)})
    phrases += ["cannot be cured", "Cannot", "don't need insulin", "U.S.-made cells", "3-month", "(insulin-free)"]
    assert len(phrases) > 1000
    docs = [nlp.make_doc(p) for p in phrases]
    cold = PhraseKeys(nlp)
    assert [cold.words(p) for p in phrases] == [[t.text for t in d] for d in docs]
    assert cold(phrases) == [list(d.to_array([LOWER])) for d in docs]
    cold.save()
    kept = PhraseKeys(nlp)
    assert kept.pieces == cold.pieces and kept(phrases) == cold(phrases)


@pytest.mark.parametrize("text", ["Our therapy is a paradigm\u2011shifting approach to kidney disease.",
                                  "Our therapy is a paradigm\u2010shifting approach to kidney disease."])
def test_typesetters_hyphens_match_like_the_plain_hyphen(linter, text):
    """Web pages print hyphens as U+2010/U+2011; a term written with '-' in a pack must still match."""
    assert [f.rule for f in linter.lint_text(text)] == ["SC-EFFICACY"]


def test_curly_apostrophes_match_like_straight_ones(linter):
    """"don’t" (U+2019) negates as "don't" does: a cue written with a straight apostrophe covers both."""
    straight = [f.status for f in linter.lint_text("Stem cells don't regrow cartilage in the knee.")]
    curly = [f.status for f in linter.lint_text("Stem cells don\u2019t regrow cartilage in the knee.")]
    assert curly == straight == ["negated"]
