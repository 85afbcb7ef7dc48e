"""From document to parsed Doc: each block is parsed on its own, then the pieces are joined.

Parsing block by block keeps the parser away from the whitespace between blocks
(which otherwise derails it at paragraph starts) and guarantees that no sentence
spans two blocks. ``Doc.from_docs`` joins the pieces back into the exact text.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .document import SourceDocument


def chunks(source: SourceDocument) -> list[str]:
    """The text cut at block starts; every character belongs to exactly one chunk."""
    text = source.text
    cuts = sorted({b.start for b in source.blocks if 0 < b.start < len(text)})
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def parse(nlp: Language, sources: Iterable[SourceDocument], skip: Iterable[str]) -> Iterator[Doc]:
    """Parse each source with the model's components (not ``skip``) and attach its blocks."""
    skip = list(skip)
    for source in sources:
        pieces = chunks(source)
        docs = list(nlp.pipe(pieces, disable=skip)) if pieces else [nlp.make_doc("")]
        doc = Doc.from_docs(docs, ensure_whitespace=False) if len(docs) > 1 else docs[0]
        doc._.claimlint_blocks = source.blocks
        yield doc
