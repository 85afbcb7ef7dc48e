"""What each block of a read document is, for a reviewer: the html report lays the copy out passage by passage.

The text a visitor meets outside the page's flow is labelled for what it is ("page title", "meta description",
"image alt", "title text"), read from the markup around the block's first character in the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import SourceDocument
from .html import attribute_spans

_TAG_NAME = re.compile(r"<([a-zA-Z][^\s/>]*)")
_TAG_REACH = 20_000  # how far back to look for the tag holding an attribute value (a long meta description)


@dataclass(frozen=True)
class Passage:
    """One block of the analysed text: ``start``/``end`` in ``text``, the source ``line`` it starts on."""

    start: int
    end: int
    kind: str  # heading | paragraph | item | cell | alt (see document.BLOCK_KINDS)
    label: str | None  # what text beside the page's flow is: "image alt", "meta description", ...
    line: int


def passages(doc: SourceDocument) -> list[Passage]:
    out = []
    for block in doc.blocks:
        at = doc.to_source(block.start)
        out.append(Passage(block.start, block.end, block.kind, _label(doc, block.kind, at), doc.line_col(at)[0]))
    return out


def _label(doc: SourceDocument, kind: str, at: int) -> str | None:
    """What a heading or 'alt' block is, read from the markup around its first character at ``at``."""
    if kind not in ("alt", "heading"):
        return None
    found = _enclosing_tag(doc.source, at)
    if found is None:
        if kind == "alt":  # a Markdown image's ![alt], or markup the scan does not follow
            return "image alt" if doc.kind == "markdown" else "alt or title text"
        return None
    element, attribute = found
    if attribute is None:  # the element's own text: <title>, or <title> inside an SVG (a tooltip)
        if element == "title":
            return "page title" if kind == "heading" else "SVG title"
        return None if kind == "heading" else "alt or title text"
    if attribute == "alt":
        return "image alt" if element in ("img", "input") else "alt text"
    if attribute == "title":
        return "title text"
    if attribute == "content" and element == "meta":
        return "meta description"
    return "alt or title text"


def _enclosing_tag(source: str, at: int) -> tuple[str, str | None] | None:
    """The start tag whose attribute value holds ``at`` (element, attribute), or the one whose content
    begins there (element, None); None when neither (Markdown, or text deep inside an element)."""
    floor = max(0, at - _TAG_REACH)
    i = at + 1
    for _ in range(64):  # a '<' inside an attribute value or a title is text: look further back
        i = source.rfind("<", floor, i)
        if i < 0:
            return None
        match = _TAG_NAME.match(source, i)
        if match:
            spans = attribute_spans(source[i:at + _TAG_REACH])
            for name, (a, b) in spans.items():
                if i + a <= at < i + b:
                    return match.group(1).lower(), name
            end = max([match.end() - i, *(b for _, b in spans.values())])  # past the last value: a '>' in it is text
            close = source.find(">", i + end)
            if 0 <= close < at and not source[close + 1:at].strip():
                return match.group(1).lower(), None
            return None
    return None
