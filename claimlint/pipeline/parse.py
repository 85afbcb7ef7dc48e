"""From document to parsed Doc: each block is parsed on its own, then the pieces are joined.

Parsing block by block keeps the parser away from the whitespace between blocks (which
otherwise derails it at paragraph starts) and guarantees that no sentence spans two blocks.
It also makes the cheap first pass exact: with a ``Prefilter``, only blocks that may hold a
claim, and the blocks their context reads, go through the tagger and parser; the others
are only tokenized. ``Doc.from_docs`` joins the pieces back into the exact text.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..readers.document import SourceDocument
from .blocks import set_blocks
from .prefilter import Prefilter, with_context

PARSED_KEY = ("claimlint", "parsed")  # Doc.user_data: character ranges that were parsed (all, when absent)


def pieces(source: SourceDocument) -> list[tuple[int, int, int | None]]:
    """(start, end, block index) for the text cut at block starts; every character is in one piece."""
    text = source.text
    index = {b.start: i for i, b in enumerate(source.blocks)}
    cuts = sorted(s for s in index if 0 < s < len(text))
    bounds = [0, *cuts, len(text)]
    return [(a, b, index.get(a)) for a, b in zip(bounds, bounds[1:]) if b > a]


def _unwrapped(source: SourceDocument, start: int, end: int, block: int | None) -> str:
    """A piece's text with the line breaks inside its block read as spaces (same length, so offsets hold):
    a hard-wrapped paragraph or a PDF column says "no risk of rejection" even when a line ends after "no",
    and the tokenizer would otherwise put a line-break token between the words of every phrase."""
    text = source.text[start:end]
    if block is None or "\n" not in text:
        return text
    inner = min(source.blocks[block].end, end) - start
    return text[:inner].replace("\r", " ").replace("\n", " ") + text[inner:]


def _flat(nlp: Language, text: str) -> Doc:
    """Tokens only, as one flat sentence: a piece no rule can match in and no context reads."""
    words = nlp.tokenizer(text)
    n = len(words)
    return Doc(nlp.vocab, words=[t.text for t in words], spaces=[bool(t.whitespace_) for t in words],
               heads=[0] * n, deps=["ROOT"] + ["dep"] * (n - 1))


Component = tuple[str, Callable[[Doc], Doc]]


def _annotate(nlp: Language, components: list[Component], texts: Iterable[str]) -> Iterator[Doc]:
    """Tokenize ``texts`` and run the components over them in batches, as ``nlp.pipe`` runs its pipeline."""
    docs: Iterable[Doc] = (nlp.tokenizer(text) for text in texts)
    for _, component in components:
        if hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=nlp.batch_size)
        else:
            docs = (component(doc) for doc in docs)
    return iter(docs)


def parse(nlp: Language, components: list[Component], source: SourceDocument,
          prefilter: Prefilter | None = None) -> Doc:
    """Parse ``source`` block by block with ``components`` (the model's tagger, parser, ...) and attach its blocks.

    The tokenizer runs on each piece directly: a piece is at most one block (readers/windows.MAX_BLOCK_CHARS)
    plus the whitespace after it, so spaCy's length guard for unsplit texts has nothing to guard."""
    cut = pieces(source)
    wanted = None
    if prefilter is not None:
        wanted = with_context(prefilter.candidates(source.text, source.blocks), source.blocks, source.text)
    texts = [_unwrapped(source, a, b, block) for a, b, block in cut]
    parse_me = [i for i, (_, _, block) in enumerate(cut) if wanted is None or block in wanted]
    docs: list[Doc | None] = [None] * len(cut)
    for i, doc in zip(parse_me, _annotate(nlp, components, (texts[i] for i in parse_me))):
        docs[i] = doc
    docs = [d if d is not None else _flat(nlp, texts[i]) for i, d in enumerate(docs)]
    if not docs:
        doc = nlp.tokenizer("")
    elif len(docs) == 1:
        doc = docs[0]
    else:
        doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    set_blocks(doc, source.blocks)
    if wanted is not None:
        # Character ranges worth matching in: no claim can come from the other pieces.
        doc.user_data[PARSED_KEY] = [(a, b) for a, b, block in cut if block in wanted]
    return doc


def parsed_words(doc: Doc) -> int:
    """How many words of ``doc`` the tagger and parser ran on (all, when nothing was left out)."""
    ranges = doc.user_data.get(PARSED_KEY)
    text = doc.text  # spaCy joins the text anew on every access: once per Doc, not once per range
    if ranges is None:
        return len(text.split())
    return sum(len(text[a:b].split()) for a, b in ranges)
