"""Assemble the linted text block by block while remembering where each character came from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Block, OffsetMap
from .structure import link_blocks

# Runs of words separated by single spaces (str.isspace whitespace, as the browser-like collapsing uses).
_WORDS = re.compile(r"[^\s]+(?: [^\s]+)*")
SEPARATOR = "\n\n"  # pipeline/parse.py cuts at block starts; blank lines keep blocks visibly apart


@dataclass
class Piece:
    """Text with its source offset; ``exact`` text is a verbatim slice of the source there."""

    text: str
    start: int
    exact: bool = True


@dataclass
class _Block:
    kind: str
    segments: list[Piece] = field(default_factory=list)
    fine: set[int] = field(default_factory=set)  # indices of segments set in a footer or small print

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.segments)


@dataclass
class TextBuilder:
    """Collects text into blocks, collapsing whitespace the way a browser renders it.

    Whitespace runs become one space (mapped to the run's first character) and vanish at
    block edges, so the same copy reads the same whether it came from text, Markdown or HTML.
    The text is laid out in ``finish`` so that alt text a visitor also sees on the page
    (a link's title repeating its words, an image's alt equal to its caption) is dropped
    rather than reported twice.
    """

    kind: str = "paragraph"  # kind given to the next block that receives text
    fine_print: bool = False  # whether the text that comes next sits in a footer or small print
    fine_ranges: list[tuple[int, int]] = field(default_factory=list)  # set by ``finish``, in the laid-out text
    _blocks: list[_Block] = field(default_factory=list)
    _open: _Block | None = None  # the block receiving text
    _space: int | None = None  # source offset of whitespace waiting for the next word
    _deferred: list[list[Piece]] = field(default_factory=list)

    def add(self, text: str, start: int) -> None:
        """Add a verbatim slice of the source that begins at ``start``."""
        # Words joined by single spaces need no collapsing and go in as one piece: a piece per
        # word would cost hundreds of bytes a word on a large page.
        pos = 0
        for run in _WORDS.finditer(text):
            if run.start() > pos and self._open is not None and self._space is None:
                self._space = start + pos  # the whitespace before this run
            self._emit(Piece(run.group(), start + run.start()))
            pos = run.end()
        if pos < len(text) and self._open is not None and self._space is None:
            self._space = start + pos  # trailing whitespace waits for the next word

    def add_decoded(self, text: str, start: int) -> None:
        """Add text decoded from an entity or escape at ``start``: every character maps there."""
        if not text:
            return  # a reference to a control character decodes to nothing and opens no block
        if text.isspace():
            self.add(" ", start)
        else:
            self._emit(Piece(text, start, exact=False))

    def end_block(self) -> None:
        """Close the current block (if it received text) and release alt text held back for it."""
        self._open, self._space = None, None
        deferred, self._deferred = self._deferred, []
        for pieces in deferred:
            self._alt_block(pieces)

    def add_alt(self, pieces: list[Piece]) -> None:
        """A separate 'alt' block (alt or title text, meta description).

        Held back while a block is open so it does not split the sentence around it.
        """
        if self._open is not None:
            self._deferred.append(pieces)
        else:
            self._alt_block(pieces)

    def finish(self) -> tuple[str, list[Block], OffsetMap]:
        """Lay out the blocks, "\n\n" apart, and link them."""
        self.end_block()
        flow = "\n".join(b.text.casefold() for b in self._blocks if b.kind != "alt")
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        offsets = OffsetMap()
        length, seen = 0, set()
        follows: tuple[int, int] | None = None  # (text, source) offsets continuing the last segment
        for block in self._blocks:
            if block.kind == "alt":
                key = " ".join(block.text.casefold().split())
                if key in flow or key in seen:  # already linted where the visitor reads it
                    continue
                seen.add(key)
            if parts:
                parts.append(SEPARATOR)
                length += len(SEPARATOR)
            start = length
            for index, piece in enumerate(block.segments):
                if index in block.fine:
                    self._fine(length, length + len(piece.text))
                if not piece.exact:  # a decoded reference: each character points at its '&'
                    for ch in piece.text:
                        offsets.add(length, piece.start)
                        parts.append(ch)
                        length += 1
                    follows = None
                    continue
                if follows != (length, piece.start):  # adjacent slices share one segment
                    offsets.add(length, piece.start)
                parts.append(piece.text)
                length += len(piece.text)
                follows = (length, piece.start + len(piece.text))
            spans.append((start, length, block.kind))
        text = "".join(parts)
        return text, link_with_alt(text, spans), offsets

    def _fine(self, start: int, end: int) -> None:
        if self.fine_ranges and self.fine_ranges[-1][1] >= start - 1:  # one run across the space between words
            self.fine_ranges[-1] = (self.fine_ranges[-1][0], end)
        else:
            self.fine_ranges.append((start, end))

    def _alt_block(self, pieces: list[Piece]) -> None:
        kind = self.kind
        self.kind = "alt"
        for piece in pieces:
            if piece.exact:
                self.add(piece.text, piece.start)
            else:
                self.add_decoded(piece.text, piece.start)
        self._open, self._space = None, None
        self.kind = kind

    def _emit(self, piece: Piece) -> None:
        if self._open is None:
            self._open = _Block(self.kind)
            self._blocks.append(self._open)
        elif self._space is not None:
            self._open.segments.append(Piece(" ", self._space))
        self._space = None
        if self.fine_print:
            self._open.fine.add(len(self._open.segments))
        self._open.segments.append(piece)


def link_with_alt(text: str, spans: list[tuple[int, int, str]]) -> list[Block]:
    """Link headings and lead-ins over the page's flow, leaving alt blocks out of it.

    Alt text sits beside the flow, not in it: an image between a lead-in and its list
    must not cut the list off from the lead-in.
    """
    flow = [i for i, span in enumerate(spans) if span[2] != "alt"]
    linked = link_blocks(text, [spans[i] for i in flow])
    blocks: list[Block | None] = [None] * len(spans)
    for i, block in zip(flow, linked):
        blocks[i] = Block(
            block.start, block.end, block.kind,
            flow[block.lead_in] if block.lead_in is not None else None,
            flow[block.heading] if block.heading is not None else None,
        )
    heading = None
    for i, (start, end, kind) in enumerate(spans):
        if kind == "heading":
            heading = i
        elif kind == "alt":
            blocks[i] = Block(start, end, "alt", None, heading)
    return [b for b in blocks if b is not None]
