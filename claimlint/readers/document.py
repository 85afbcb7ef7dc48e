"""The document model: the text to lint, its block structure, and the way back to the source file.

Readers (plain text, Markdown, HTML) turn a source file into a ``SourceDocument``.
The pipeline only sees ``text`` and ``blocks``; findings are mapped back through
``to_source`` so that line and column always refer to the original file.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .confusables import latinise

if TYPE_CHECKING:
    from .labels import Passage

BLOCK_KINDS = ("heading", "paragraph", "item", "cell", "alt")


@dataclass(frozen=True)
class Block:
    """A unit of document structure; sentences never cross block boundaries.

    ``lead_in`` is the index of the block whose closing ``...:`` introduces this one;
    ``heading`` is the index of the heading whose section holds it.
    """

    start: int
    end: int
    kind: str = "paragraph"
    lead_in: int | None = None
    heading: int | None = None


# How many paragraphs before a block, in its section, tell what it is about ("Mark had our injections in
# March." makes the next paragraph's "he was able to resume training" a patient's story).
SECTION_BACK = 3


def about(i: int, blocks: list[Block]) -> list[int]:
    """The blocks that say what block ``i`` is about, as a rule's 'requires' reads them: its section's heading,
    the page's title (a first block that is a heading) and the paragraphs just before it in its section."""
    block = blocks[i]
    title = 0 if blocks[0].kind == "heading" and i != 0 else None
    out = [j for j in dict.fromkeys((block.heading, title)) if j is not None and j != i]
    j = i - 1
    while j >= 0 and j > i - 1 - SECTION_BACK and blocks[j].heading == block.heading and blocks[j].kind != "heading":
        out.append(j)
        j -= 1
    return out


@dataclass
class OffsetMap:
    """Piecewise map from offsets in the linted text to offsets in the decoded source."""

    text_starts: list[int] = field(default_factory=list)
    source_starts: list[int] = field(default_factory=list)

    def add(self, text_start: int, source_start: int) -> None:
        self.text_starts.append(text_start)
        self.source_starts.append(source_start)

    def to_source(self, offset: int) -> int:
        if not self.text_starts:
            return offset
        i = max(bisect.bisect_right(self.text_starts, offset) - 1, 0)
        return self.source_starts[i] + offset - self.text_starts[i]


@dataclass
class SourceDocument:
    path: str
    source: str  # the decoded file, exactly as read
    text: str  # what the pipeline reads (equals ``source`` for plain text)
    blocks: list[Block]
    offsets: OffsetMap = field(default_factory=OffsetMap)
    kind: str = "text"
    # Where each page starts in ``source``, for a paged format (a PDF, readers/drafts.py); None for the others.
    pages: list[int] | None = None
    # Ranges of ``text`` a page sets in its footer or small print (HTML), where a disclosure is easily missed.
    fine_print: list[tuple[int, int]] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)
    # ``text`` as the file has it, when ``text`` reads look-alike letters of another script as Latin ones
    # (readers/confusables.py; one character for one, so offsets agree): findings quote this.
    shown: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        latin = latinise(self.text)
        if latin != self.text:
            self.shown, self.text = self.text, latin

    def as_shown(self, start: int, end: int) -> str:
        """``text[start:end]`` with the file's own letters."""
        return (self.shown or self.text)[start:end]

    def to_source(self, offset: int) -> int:
        return self.offsets.to_source(offset)

    def passages(self) -> list[Passage]:
        """Each block as the html report lays it out, labelled for what it is (labels.py)."""
        from .labels import passages  # labels reads HTML markup (html.py), which builds on this module

        return passages(self)

    def page_at(self, source_offset: int) -> int | None:
        """The 1-based page an offset into ``source`` is on (None when the format has no pages)."""
        if not self.pages:
            return None
        return bisect.bisect_right(self.pages, source_offset)

    def line_col(self, source_offset: int) -> tuple[int, int]:
        """1-based line and column of an offset into ``source``."""
        if self._line_starts is None:
            self._line_starts = [0] + [i + 1 for i, ch in enumerate(self.source) if ch == "\n"]
        line = bisect.bisect_right(self._line_starts, source_offset)
        return line, source_offset - self._line_starts[line - 1] + 1


def reference_end(raw: str, amp: int) -> int:
    """End of the character reference starting at ``amp`` (``&name;``, ``&#123;``, ``&#x1F;``). Here, not in the
    HTML reader, so that findings on a plain-text page are made without importing it."""
    i = amp + 1
    if i < len(raw) and raw[i] == "#":
        i += 1
        if i < len(raw) and raw[i] in "xX":
            i += 1
            while i < len(raw) and raw[i] in "0123456789abcdefABCDEF":
                i += 1
        else:
            while i < len(raw) and raw[i].isdigit():
                i += 1
    else:
        while i < len(raw) and raw[i].isalnum():
            i += 1
    if i < len(raw) and raw[i] == ";":
        i += 1
    return i
