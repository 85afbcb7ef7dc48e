"""Bound the work the pipeline does at once, so a very large document cannot exhaust memory.

Two limits, both invisible on ordinary pages:

- ``split_long_blocks``: no block is longer than ``MAX_BLOCK_CHARS``. spaCy refuses texts over
  a million characters and its parser needs about 1 GB per 100,000 characters; a 5 MB page
  on one line would otherwise be a single block. Long blocks are cut after a sentence where
  possible.
- ``windows``: a document longer than ``WINDOW_CHARS`` is linted as consecutive runs of
  blocks. Each run carries along the blocks the context stage reads for it (section heading,
  lead-in, the block after), so a claim gets the same verdict as in the whole document,
  and only the claims of the run's own blocks are kept.

The same windows let an editor's document be re-linted in part (linter.py, ``BlockMemo``): only the
blocks asked for, in runs, each with its context.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Callable, Collection, Iterable, Iterator

from .document import Block, OffsetMap, SourceDocument, about

# Measured with en_core_web_sm: a window whose every block is parsed (each may hold a claim) adds about
# 180 MB at its peak to the 150 MB the model takes; 100,000 characters took 350 MB. Smaller windows cost
# only a little time (the pipeline starts once per window).
MAX_BLOCK_CHARS = 10_000
WINDOW_CHARS = 50_000

# Where a long block may be cut: after a sentence's closing punctuation (and quotes), else at any space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def split_long_blocks(doc: SourceDocument, limit: int | None = None) -> SourceDocument:
    """``doc`` with every block longer than ``limit`` (MAX_BLOCK_CHARS) cut into pieces of at most that."""
    limit = limit or MAX_BLOCK_CHARS
    if all(b.end - b.start <= limit for b in doc.blocks):
        return doc
    first: list[int] = []  # old block index -> index of its first piece
    last: list[int] = []  # ... and of its last piece
    spans: list[tuple[int, int, Block]] = []
    for block in doc.blocks:
        first.append(len(spans))
        spans.extend((a, b, block) for a, b in _cuts(doc.text, block.start, block.end, limit))
        last.append(len(spans) - 1)
    # A heading is referred to from its first piece; a lead-in (ending in ':') from its last.
    blocks = [replace(block, start=a, end=b,
                      heading=first[block.heading] if block.heading is not None else None,
                      lead_in=last[block.lead_in] if block.lead_in is not None else None)
              for a, b, block in spans]
    return replace(doc, blocks=blocks)


def _cuts(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    while end - start > limit:
        stop = start + limit
        cut = _last_end(_SENTENCE_END, text, start + limit // 2, stop) or _last_end(_SPACE, text, start + 1, stop) or stop
        piece_end = len(text[start:cut].rstrip()) + start
        yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _last_end(pattern: re.Pattern, text: str, lo: int, hi: int) -> int | None:
    """End of the last match of ``pattern`` that ends within ``lo..hi``."""
    found = None
    for match in pattern.finditer(text, lo, hi):
        found = match.end()
    return found


@dataclass
class Window:
    document: SourceDocument  # the run's blocks plus the blocks its context reads
    own: tuple[int, int] | None  # range of ``document.text`` whose claims belong to the run (None: all)
    blocks: range  # the run's blocks: their indices in the whole document


def windowable(doc: SourceDocument) -> bool:
    """Whether the blocks follow each other in the text, so that the document can be linted a run at a time."""
    starts = [b.start for b in doc.blocks]
    return len(starts) > 1 and all(a < b for a, b in zip(starts, starts[1:]))


def bounds(doc: SourceDocument) -> list[int]:
    """Where each block's share of the text starts, and the text's end: each block owns the text up to the next
    block, as pipeline/parse.py cuts it; the first also owns what precedes it (``windowable`` documents only)."""
    return [0, *(b.start for b in doc.blocks[1:]), len(doc.text)]


def windows(doc: SourceDocument, limit: int | None = None, only: Collection[int] | None = None) -> Iterator[Window]:
    """The document itself when it is short enough, else runs of whole blocks of about ``limit`` (WINDOW_CHARS)
    characters. With ``only`` (block indices; ``windowable`` documents only), runs of just those blocks."""
    limit = limit or WINDOW_CHARS
    blocks = doc.blocks
    if only is None and (len(doc.text) <= limit or not windowable(doc)):
        yield Window(doc, None, range(len(blocks)))
        return
    cuts = bounds(doc)
    doc.line_col(0)  # compute the source's line starts once; every window shares them
    for run_start, run_end in _runs(range(len(blocks)) if only is None else sorted(only), cuts, limit):
        # what the run's blocks are about (their heading, the page's title, the paragraphs before them in their
        # section: pipeline/prefilter.reads) and their lead-ins
        context = {j for i in range(run_start, run_end) for j in (*about(i, blocks), blocks[i].lead_in)
                   if j is not None and j < run_start}
        if run_end < len(blocks):
            context.add(run_end)  # read with a heading, a table cell or a question that ends the run
        yield _window(doc, sorted(context | set(range(run_start, run_end))), cuts, run_start, run_end)


def block_windows(doc: SourceDocument, reads: Callable[[int], Iterable[int]]) -> list[Window]:
    """Each block of a ``windowable`` document on its own, with the blocks its context ``reads``."""
    cuts = bounds(doc)
    return [_window(doc, sorted({i, *reads(i)}), cuts, i, i + 1) for i in range(len(doc.blocks))]


def owned(window: Window, cuts: list[int]) -> list[tuple[int, tuple[int, int]]]:
    """Each of the window's own blocks: its index in the document and the range of the window's text it owns
    (``cuts``: the document's ``bounds``)."""
    shift = (window.own[0] if window.own else 0) - cuts[window.blocks.start]
    return [(i, (cuts[i] + shift, cuts[i + 1] + shift)) for i in window.blocks]


def _runs(chosen: Iterable[int], cuts: list[int], limit: int) -> Iterator[tuple[int, int]]:
    """Runs of consecutive chosen blocks, each of at most ``limit`` characters (or one block)."""
    run: list[int] = []
    for i in chosen:
        if run and (i != run[-1] + 1 or cuts[i + 1] - cuts[run[0]] > limit):
            yield run[0], run[-1] + 1
            run = []
        run.append(i)
    if run:
        yield run[0], run[-1] + 1


def _window(doc: SourceDocument, included: list[int], cuts: list[int], run_start: int, run_end: int) -> Window:
    parts: list[str] = []
    shown: list[str] = []
    offsets = OffsetMap()
    index = {old: new for new, old in enumerate(included)}
    blocks: list[Block] = []
    length, own_start, own_end = 0, 0, 0
    for old in included:
        a, b = cuts[old], cuts[old + 1]
        if old == run_start:
            own_start = length
        _map_slice(doc.offsets, offsets, a, b, length, doc.to_source)
        block = doc.blocks[old]
        shift = length - a
        blocks.append(Block(block.start + shift, block.end + shift, block.kind,
                            index.get(block.lead_in) if block.lead_in is not None else None,
                            index.get(block.heading) if block.heading is not None else None))
        parts.append(doc.text[a:b])
        shown.append(doc.as_shown(a, b))
        length += b - a
        if old == run_end - 1:
            own_end = length
    sub = SourceDocument(path=doc.path, source=doc.source, text="".join(parts), blocks=blocks,
                         offsets=offsets, kind=doc.kind, _line_starts=doc._line_starts,
                         shown="".join(shown) if doc.shown is not None else None)
    return Window(sub, (own_start, own_end), range(run_start, run_end))


def _map_slice(old: OffsetMap, new: OffsetMap, a: int, b: int, at: int, to_source) -> None:
    """Map text[a:b], placed at ``at`` in the window's text, to the same source offsets as before."""
    new.add(at, to_source(a))
    first = bisect.bisect_right(old.text_starts, a)
    last = bisect.bisect_left(old.text_starts, b)
    for k in range(first, last):
        new.add(at + old.text_starts[k] - a, old.source_starts[k])
