"""spaCy factories: ``nlp.add_pipe("claimlint")`` runs all three stages in a user's own pipeline.

The stages are also registered one by one (``claimlint_claims``, ``claimlint_context``,
``claimlint_verdict``) so the flow is visible in ``nlp.pipe_names``; ``claimlint_blocks``
sets sentence starts at block boundaries and belongs before the parser.
"""
from __future__ import annotations

from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from ..packs.ruleset import load_ruleset
from .claims import ClaimMatcher, doc_blocks, register_extensions
from .context import ContextAnalyzer
from .verdict import Verdict

PACK_CONFIG = {"rules": [], "builtin": True, "select": [], "ignore": []}


def _ruleset(rules: List[str], builtin: bool, select: List[str], ignore: List[str]):
    return load_ruleset(rules, builtin=builtin, select=select, ignore=ignore)


class BlockBoundaries:
    """Start a sentence at every block (heading, list item, paragraph) so none spans two."""

    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        starts = {b.start for b in doc_blocks(doc)}
        for token in doc:
            if token.idx in starts and token.i > 0:
                token.is_sent_start = True
        return doc


class Claimlint:
    """All three stages in one component."""

    def __init__(self, nlp: Language, rules, builtin, select, ignore) -> None:
        ruleset = _ruleset(rules, builtin, select, ignore)
        self.stages = (ClaimMatcher(nlp, ruleset), ContextAnalyzer(nlp, ruleset), Verdict())

    def __call__(self, doc: Doc) -> Doc:
        for stage in self.stages:
            doc = stage(doc)
        return doc


@Language.factory("claimlint_blocks")
def make_blocks(nlp: Language, name: str) -> BlockBoundaries:
    return BlockBoundaries()


@Language.factory("claimlint_claims", default_config=PACK_CONFIG)
def make_claims(nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str], ignore: List[str]) -> ClaimMatcher:
    return ClaimMatcher(nlp, _ruleset(rules, builtin, select, ignore))


@Language.factory("claimlint_context", default_config=PACK_CONFIG)
def make_context(nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str], ignore: List[str]) -> ContextAnalyzer:
    return ContextAnalyzer(nlp, _ruleset(rules, builtin, select, ignore))


@Language.factory("claimlint_verdict")
def make_verdict(nlp: Language, name: str) -> Verdict:
    return Verdict()


@Language.factory("claimlint", default_config=PACK_CONFIG)
def make_claimlint(nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str], ignore: List[str]) -> Claimlint:
    return Claimlint(nlp, rules, builtin, select, ignore)
