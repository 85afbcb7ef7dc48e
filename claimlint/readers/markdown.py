"""Markdown reader: the words of headings, paragraphs, list items, quotes and table cells.

markdown-it-py gives the block structure with line numbers but not the position of each
inline word, so every inline text token is found in the source in order from the start
of its block (text tokens are verbatim slices of the source). Emphasis, link and code
markers fall away; code blocks and YAML front matter are skipped. A block of raw HTML
goes through the HTML reader; inline HTML tags are dropped (their text is kept).
"""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .builder import Piece, TextBuilder
from .document import SourceDocument
from .html import extract_visible

KINDS = {"heading_open": "heading", "list_item_open": "item", "th_open": "cell", "td_open": "cell"}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Keep entities and escapes as their own tokens: their ``markup`` is the source text.
    md.disable("text_join")
    # Inline content is parsed block by block as the reader walks (``_inline_tokens``): holding the
    # inline tokens of a whole large page at once costs several times the page's size in memory.
    md.core.ruler.disable("inline")
    return md


_MD = _parser()


def read_markdown(path: str, source: str) -> SourceDocument:
    lines = line_starts(source)
    skip = front_matter_lines(source, lines)
    # Blank out the front matter but keep its lines, so token line numbers match the source.
    masked = "\n" * skip + source[lines[skip]:] if skip else source
    builder = TextBuilder()
    containers: list[str] = []
    env: dict = {}  # link reference definitions, shared by the block and the inline passes
    for token in _MD.parse(masked, env):
        if token.nesting == 1:
            containers.append(token.type)
        elif token.nesting == -1 and containers:
            containers.pop()
        if token.type == "inline" and token.map:
            builder.end_block()
            builder.kind = next((KINDS[c] for c in reversed(containers) if c in KINDS), "paragraph")
            children = _MD.inline.parse(token.content, _MD, env, [])
            _Inline(source, builder).run(children, lines[token.map[0]], lines[min(token.map[1], len(lines) - 1)])
            builder.end_block()
        elif token.type == "html_block" and token.map:
            builder.end_block()
            start, end = lines[token.map[0]], lines[min(token.map[1], len(lines) - 1)]
            # Only HTML written flush in the source: inside quotes or lists the
            # container markers are interleaved with the markup.
            if source[start:end].rstrip("\r\n") == token.content.rstrip("\n"):
                extract_visible(builder, source[start:end], start)
    text, blocks, offsets = builder.finish()
    return SourceDocument(path=path, source=source, text=text, blocks=blocks, offsets=offsets, kind="markdown")


def line_starts(source: str) -> list[int]:
    """Offsets of line starts, ending with ``len(source)``; \\r\\n, \\r and \\n all end a line, as in markdown-it."""
    starts = [0]
    for i, ch in enumerate(source):
        if ch == "\n" or (ch == "\r" and source[i + 1:i + 2] != "\n"):
            starts.append(i + 1)
    if starts[-1] != len(source):
        starts.append(len(source))
    return starts


def front_matter_lines(source: str, lines: list[int]) -> int:
    """Number of lines taken by a leading YAML front matter block (``---`` ... ``---`` or ``...``)."""
    def line(i: int) -> str:
        return source[lines[i]:lines[i + 1]].rstrip("\r\n").rstrip()

    if len(lines) < 3 or line(0) != "---":
        return 0
    for i in range(1, len(lines) - 1):
        if line(i) in ("---", "..."):
            return i + 1
    return 0


class _Inline:
    """Walks one block's inline tokens, locating each in the source from a moving cursor."""

    def __init__(self, source: str, builder: TextBuilder) -> None:
        self.source = source
        self.builder = builder
        self.cursor = 0
        self.limit = len(source)

    def run(self, tokens: list[Token], start: int, end: int) -> None:
        """Walk the inline tokens of the block whose lines span ``start:end`` in the source."""
        self.cursor, self.limit = start, end  # never match words in a later block
        self._walk(tokens, self.builder.add, self.builder.add_decoded)

    def _walk(self, tokens: list[Token], add, add_decoded) -> None:
        autolink = False
        for token in tokens:
            kind = token.type
            if kind == "text":
                self._verbatim(token.content, add)
            elif kind == "code_inline":
                self._code(token, add)
            elif kind == "text_special":  # entity or backslash escape
                at = self.source.find(token.markup, self.cursor, self.limit)
                if at < 0:
                    self._verbatim(token.content, add)
                else:
                    add_decoded(token.content, at)
                    self.cursor = at + len(token.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = self._line_end()
                if kind == "softbreak":
                    add(" ", at)
                else:
                    self.builder.end_block()  # rendered as <br>, a block boundary in the HTML reader too
                self.cursor = at + 1
            elif kind == "html_inline":
                at = self.source.find(token.content, self.cursor, self.limit)
                if at >= 0:
                    self.cursor = at + len(token.content)
            elif kind == "image":
                self._image(token)
            elif kind == "link_open":
                autolink = token.markup == "autolink"
            elif kind == "link_close" and not autolink:
                self.cursor = _after_link(self.source, self.cursor, self.limit)
            # em/strong/s markers carry no words: nothing to add

    def _image(self, token: Token) -> None:
        """Image alt text is read beside the flow, as an 'alt' block like the HTML reader's."""
        at = self.source.find("![", self.cursor, self.limit)
        if at >= 0:
            self.cursor = at + 2
        pieces: list[Piece] = []
        self._walk(token.children or [], lambda text, start: pieces.append(Piece(text, start)),
                   lambda text, start: pieces.append(Piece(text, start, exact=False)))
        self.cursor = _after_link(self.source, self.cursor, self.limit)
        if pieces:
            self.builder.add_alt(pieces)

    def _code(self, token: Token, add) -> None:
        """A code span's content is its source between the backtick runs, with line ends read as spaces and
        an edge space trimmed: align it inside the span. Searched for freely, a line end read as a space
        would match a space in the words after the span and misplace everything that follows."""
        ticks = token.markup or "`"
        opening = _backtick_run(self.source, ticks, self.cursor, self.limit)
        if opening < 0:
            self._verbatim(token.content, add)
            return
        start = opening + len(ticks)
        closing = _backtick_run(self.source, ticks, start, self.limit)
        end = closing if closing >= 0 else self.limit
        limit, self.limit, self.cursor = self.limit, end, start
        self._verbatim(token.content, add)
        self.limit, self.cursor = limit, end + len(ticks) if closing >= 0 else end

    def _verbatim(self, text: str, add) -> None:
        at = self.source.find(text, self.cursor, self.limit)
        if at >= 0:
            add(text, at)
            self.cursor = at + len(text)
            return
        # Not a verbatim slice (a table's \| or code spanning lines): align character by character.
        for ch in text:
            if ch.isspace():
                at = next((i for i in range(self.cursor, self.limit) if self.source[i].isspace()), -1)
            else:
                at = self.source.find(ch, self.cursor, self.limit)
            if at < 0:
                add(ch, self.cursor)
                continue
            add(ch, at)
            self.cursor = at + 1

    def _line_end(self) -> int:
        ends = [i for i in (self.source.find("\n", self.cursor, self.limit), self.source.find("\r", self.cursor, self.limit)) if i >= 0]
        return min(ends) if ends else self.cursor


def _backtick_run(source: str, ticks: str, start: int, limit: int) -> int:
    """Start of the next run of exactly ``len(ticks)`` backticks: a code span ends only at a run as long as its opening."""
    i = start
    while True:
        i = source.find(ticks, i, limit)
        if i < 0:
            return -1
        end = i + len(ticks)
        if (i == 0 or source[i - 1] != "`") and source[end:end + 1] != "`":
            return i
        while end < limit and source[end] == "`":
            end += 1
        i = end


def _after_link(source: str, cursor: int, limit: int) -> int:
    """Skip a link's or image's ``](destination "title")`` or ``][label]`` after its text."""
    close = source.find("]", cursor, limit)
    if close < 0:
        return cursor
    i = close + 1
    if source.startswith("[", i):
        end = source.find("]", i, limit)
        return end + 1 if end >= 0 else i
    if not source.startswith("(", i):
        return i
    depth, quote, i = 1, None, i + 1
    while i < limit:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if quote:
            if ch == quote:
                quote = None
        elif ch == "<" and source[i - 1] in "( \t\n":
            end = source.find(">", i, limit)
            i = end if end >= 0 else i
        elif ch in "\"'" and source[i - 1].isspace():
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return cursor
