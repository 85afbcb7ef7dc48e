"""Escaped text with highlighted ranges, for the html report's view of the copy.

Claims may overlap (two rules on the same words, or one claim inside a longer one), and HTML
elements must nest. Ranges that cross are split: the first piece of a range is its *primary*
element (the one a reader focuses), later pieces are continuations, so the number of primary
elements always equals the number of ranges.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .markup import Safe, escape


@dataclass(frozen=True)
class Range:
    start: int
    end: int
    key: int  # passed back to the opener, e.g. the finding's number


Opener = Callable[[int, bool], str]  # (key, primary) -> opening tag


def highlight(text: str, ranges: list[Range], opener: Opener, closer: str = "</mark>") -> Safe:
    """``text`` escaped, with each range wrapped in ``opener(key, primary)`` ... ``closer``.

    Offsets are clamped to the text; an empty range still yields its (empty) primary element.
    """
    size = len(text)
    spans = sorted(
        ((min(max(r.start, 0), size), min(max(r.end, r.start, 0), size), r.key) for r in ranges),
        key=lambda s: (s[0], -s[1], s[2]),
    )
    ends = {key: end for _, end, key in spans}
    points = sorted({p for start, end, _ in spans for p in (start, end)} | {size})
    out: list[str] = []
    stack: list[int] = []  # open keys, innermost last
    pos = i = 0
    for point in points:
        out.append(escape(text[pos:point]))
        pos = point
        _close_at(point, stack, ends, out, opener, closer)
        while i < len(spans) and spans[i][0] == point:
            start, end, key = spans[i]
            i += 1
            out.append(opener(key, True))
            if end == start:
                out.append(closer)
            else:
                stack.append(key)
    out.extend(closer for _ in stack)  # unreachable with clamped offsets; keeps the markup well formed
    return Safe("".join(out))


def _close_at(point: int, stack: list[int], ends: dict[int, int], out: list[str], opener: Opener, closer: str) -> None:
    """Close every range ending at ``point``; ranges opened inside them are closed and reopened as continuations."""
    closing = {key for key in stack if ends[key] == point}
    if not closing:
        return
    reopen = []
    while closing:
        key = stack.pop()
        out.append(closer)
        if key in closing:
            closing.discard(key)
        else:
            reopen.append(key)
    # The range that runs longest goes outermost, so later ends split as little as possible.
    for key in sorted(reopen, key=lambda k: -ends[k]):
        stack.append(key)
        out.append(opener(key, False))
