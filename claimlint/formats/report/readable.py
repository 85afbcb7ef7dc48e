"""An HTML or Markdown file as the report shows it: the text claimlint read, not the markup it came in.

A reviewer reads copy, not tags. The analysed text (``ReadDocument.text``) is laid out block by block, each
passage labelled by the reader that read it (``ReadDocument.passages``: "page title", "meta description",
"image alt", "title text"). Findings carry offsets into the file as written, so each is placed back in the
analysed text here, and line numbers keep pointing into the file as written.
"""
from __future__ import annotations

from bisect import bisect_right

from ...findings import Finding, Passage, ReadDocument

READABLE_KINDS = ("html", "markdown")  # plain text is shown as written: there the source is the copy


def place(doc: ReadDocument, f: Finding) -> tuple[int, int] | None:
    """Where a finding's words are in the analysed text: the occurrence of ``f.text`` that maps back to
    ``f.start`` (the words are a slice of that text), else the one nearest to it, else None."""
    text, size = doc.text, len(f.text)
    best: tuple[int, int] | None = None  # (distance in the source, offset in the text)
    at = text.find(f.text) if size else -1
    while at >= 0:
        distance = abs(doc.to_source(at) - f.start)
        if distance == 0:
            return at, at + size
        if best is None or distance < best[0]:
            best = (distance, at)
        at = text.find(f.text, at + 1)
    return (best[1], best[1] + size) if best else None


def in_passage(spans: list[Passage], starts: list[int], offset: int) -> int | None:
    """Index of the passage holding ``offset`` of the text (``starts`` are the passages' starts)."""
    k = bisect_right(starts, offset) - 1
    return k if k >= 0 and offset < spans[k].end else None
