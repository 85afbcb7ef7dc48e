"""HTML reader: the text a visitor sees, with alt/title text and the meta description beside it.

Built on the standard library's ``html.parser``: it gives each text run's position, and
the run's source is decoded again here, reference by reference, so that every character
of the text maps back to the source.
"""
from __future__ import annotations

import codecs
import html
import re
from collections import defaultdict
from html.parser import HTMLParser

from .builder import Piece, TextBuilder
from .document import SourceDocument, reference_end

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr"}
# Never rendered as page text.
SKIPPED = {"script", "style", "template", "noscript", "iframe", "object", "canvas", "textarea", "select"}
HEAD_ONLY = {"base", "link", "meta", "noscript", "script", "style", "template", "title"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul", "button", "label", "option",
}
KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
         "h6": "heading", "title": "heading", "li": "item", "td": "cell", "th": "cell"}
# Start tags that close an open <p> (HTML's "close a p element"), and the elements that stop the search.
CLOSES_P = {"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div",
            "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
            "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
            "summary", "table", "ul"}
SCOPE = {"html", "table", "td", "th", "caption", "button", "template", "object", "marquee", "applet"}
# Optional end tags: a start tag closes the open element it cannot sit inside.
IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "option": ({"option"}, {"select"}),
}


def read_html(path: str, source: str) -> SourceDocument:
    builder = TextBuilder()
    extract_visible(builder, source)
    text, blocks, offsets = builder.finish()
    return SourceDocument(path=path, source=source, text=text, blocks=blocks, offsets=offsets, kind="html",
                          fine_print=builder.fine_ranges)


def extract_visible(builder: TextBuilder, markup: str, base: int = 0) -> None:
    """Feed the visible text of ``markup`` (found at ``base`` in the source) into ``builder``."""
    parser = _VisibleText(builder, markup, base)
    parser.feed(markup)
    parser.close()
    builder.end_block()


# Where a page keeps what it does not want read: footers and small print (FTC: a disclosure must be clear and
# conspicuous). Matched against an element's tag, ARIA role, and the words of its class and id.
FINE_PRINT_TAGS = {"footer", "small"}
FINE_PRINT_NAMES = re.compile(r"(?:^|[\s_-])(?:footer|fine-?print|small-?print|legal-?notice)(?:$|[\s_-])", re.I)


def _fine_print(tag: str, values: dict[str, str | None]) -> bool:
    if tag in FINE_PRINT_TAGS or (values.get("role") or "").lower() == "contentinfo":
        return True
    return any(FINE_PRINT_NAMES.search(values.get(name) or "") for name in ("class", "id"))


class _Element:
    """An open element and what it passes down: hidden, inside <head> (outside <title>), kind, SVG, fine print."""

    __slots__ = ("tag", "hidden", "in_head", "kind", "svg", "fine_print")

    def __init__(self, tag: str, hidden: bool, parent: _Element | None, fine_print: bool = False) -> None:
        self.tag = tag
        self.fine_print = fine_print or (parent is not None and parent.fine_print)
        self.svg = tag == "svg" or (parent is not None and parent.svg)
        self.hidden = hidden or (parent is not None and parent.hidden)
        # <head> holds no page text apart from the title.
        self.in_head = tag == "head" or (parent is not None and parent.in_head and tag != "title")
        if tag in KINDS:
            # An SVG <title> is a tooltip, like a title attribute.
            self.kind = "alt" if tag == "title" and self.svg else KINDS[tag]
        else:
            self.kind = parent.kind if parent is not None else "paragraph"


class _TolerantParser(HTMLParser):
    """html.parser asserts on some malformed ``<![...`` declarations; read them as bogus comments, as browsers do."""

    def parse_html_declaration(self, i: int) -> int:
        position = self.getpos()
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = position  # the failed scan has moved them
            return self.parse_bogus_comment(i)


class _VisibleText(_TolerantParser):
    def __init__(self, builder: TextBuilder, markup: str, base: int) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.base = base
        self.markup = markup
        self.stack: list[_Element] = []
        # Stack indices of the open elements of each tag: finding what a tag closes must not mean
        # scanning the stack, which made deeply nested pages quadratic.
        self.positions: defaultdict[str, list[int]] = defaultdict(list)
        # html.parser reports (line, column) with lines counted on "\n" only.
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(markup) if ch == "\n"]

    # -- positions and state ------------------------------------------------------------
    def _offset(self) -> int:
        line, column = self.getpos()
        return self.base + self.line_starts[line - 1] + column

    def _hidden(self) -> bool:
        return bool(self.stack) and (self.stack[-1].hidden or self.stack[-1].in_head)

    def _kind(self) -> str:
        return self.stack[-1].kind if self.stack else "paragraph"

    def _pop_through(self, names: set[str], stop: set[str]) -> None:
        """Close the innermost open element named in ``names`` and all inside it, unless one in ``stop`` is nearer."""
        target = max((self.positions[name][-1] for name in names if self.positions[name]), default=-1)
        if target < 0 or any(self.positions[tag] and self.positions[tag][-1] > target for tag in stop):
            return
        for element in self.stack[target:]:
            self.positions[element.tag].pop()
        del self.stack[target:]

    def _push(self, tag: str, hidden: bool, fine_print: bool = False) -> None:
        self.positions[tag].append(len(self.stack))
        self.stack.append(_Element(tag, hidden, self.stack[-1] if self.stack else None, fine_print))

    # -- parser callbacks ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        if self.stack and self.stack[-1].tag == "head" and tag not in HEAD_ONLY:
            self._pop_through({"head"}, set())  # body content without </head><body>: the head has ended
        if tag == "body":
            self._pop_through({"head"}, set())
        if tag in CLOSES_P:
            self._pop_through({"p"}, SCOPE)
        if tag in IMPLIED:
            self._pop_through(*IMPLIED[tag])
        if tag in BLOCKS:
            self.builder.end_block()
        values = {}
        for name, value in attrs:
            values.setdefault(name, value)
        hidden = tag in SKIPPED or "hidden" in values or _style_hides(values.get("style"))
        if not hidden and not (self.stack and self.stack[-1].hidden):
            self._attribute_blocks(tag, values, start, page_text=not self._hidden())
        if tag not in VOID:
            self._push(tag, hidden, _fine_print(tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.builder.end_block()
        self._pop_through({tag}, set())

    def handle_data(self, data: str) -> None:
        if self._hidden():
            return
        self.builder.kind = self._kind()
        self.builder.fine_print = bool(self.stack) and self.stack[-1].fine_print
        start = self._offset()
        for piece in self._raw_pieces(data, start):
            if piece.exact:
                self.builder.add(piece.text, piece.start)
            else:
                self.builder.add_decoded(piece.text, piece.start)

    def _raw_pieces(self, data: str, start: int) -> list[Piece]:
        """Recover the source run behind ``data`` (decoded by the parser) and decode it piece by piece."""
        at, markup = start - self.base, self.markup
        # Usually the run ends at the next '<'. html.parser passes an unfinished declaration
        # on as text up to the next '>' (or '<'), and at the end of input whatever is left.
        stops = (lambda: markup.find("<", at), lambda: markup.find("<", at + 1), lambda: at + 1,
                 lambda: markup.find(">", at) + 1, lambda: len(markup))
        tried = set()
        for stop in stops:  # computed lazily: the first almost always fits
            end = stop()
            if end <= at or end in tried:
                continue
            tried.add(end)
            pieces = decode_pieces(markup[at:end], start)
            if "".join(p.text for p in pieces) == data:
                return pieces
        if markup.startswith(data, at):  # passed on undecoded (an unfinished declaration)
            return [Piece(data, start)]
        return [Piece(data, start, exact=False)]  # not expected: keep the words, point at the run

    # -- attributes ---------------------------------------------------------------------
    def _attribute_blocks(self, tag: str, values: dict[str, str | None], start: int, page_text: bool) -> None:
        """alt and title attributes and the meta description are read by visitors too.

        The description lives in <head> and shows in search results; alt and title count
        only on elements in the page itself (not, say, a <link title> in the head).
        """
        names = []
        if tag == "meta" and (values.get("name") or "").strip().lower() == "description":
            names.append("content")
        if page_text:
            names += [name for name in ("alt", "title") if name in values]
        if not names:
            return
        tag_text = self.get_starttag_text() or ""
        spans = attribute_spans(tag_text)
        for name in names:
            value = values.get(name) or ""
            if not value.strip():
                continue
            if name in spans:
                a, b = spans[name]
                pieces = decode_pieces(tag_text[a:b], start + a)
                if "".join(p.text for p in pieces) == value:
                    self.builder.add_alt(pieces)
                    continue
            # The tag was written in a way the scanner does not follow: keep the words, point at the tag.
            self.builder.add_alt([Piece(value, start, exact=False)])


def _style_hides(style: str | None) -> bool:
    """Inline ``display:none`` or ``visibility:hidden`` keeps the element off the page."""
    for declaration in (style or "").split(";"):
        prop, _, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip().lower()
        first = value.split()[0] if value.split() else ""
        if (prop == "display" and first.startswith("none")) or (
                prop == "visibility" and first.startswith(("hidden", "collapse"))):
            return True
    return False


def attribute_spans(tag_text: str) -> dict[str, tuple[int, int]]:
    """Where each attribute's value sits in a start tag's source (first occurrence wins, as in browsers).

    ``html.parser`` hands over decoded values only; linting them needs their positions.
    The scan follows the HTML attribute syntax: name, optional ``=``, quoted or bare value.
    """
    spans: dict[str, tuple[int, int]] = {}
    n = len(tag_text)
    i = 1
    while i < n and not tag_text[i].isspace() and tag_text[i] not in "/>":
        i += 1
    while i < n:
        while i < n and (tag_text[i].isspace() or tag_text[i] == "/"):
            i += 1
        if i >= n or tag_text[i] == ">":
            break
        name_start = i
        i += 1
        while i < n and not tag_text[i].isspace() and tag_text[i] not in "/>=":
            i += 1
        name = tag_text[name_start:i].lower()
        j = i
        while j < n and tag_text[j].isspace():
            j += 1
        if j < n and tag_text[j] == "=":
            i = j + 1
            while i < n and tag_text[i].isspace():
                i += 1
            if i < n and tag_text[i] in "\"'":
                end = tag_text.find(tag_text[i], i + 1)
                end = n if end < 0 else end
                value = (i + 1, end)
                i = end + 1
            else:
                start = i
                while i < n and not tag_text[i].isspace() and tag_text[i] != ">":
                    i += 1
                value = (start, i)
            spans.setdefault(name, value)
        else:
            spans.setdefault(name, (i, i))
    return spans


def decode_pieces(raw: str, start: int) -> list[Piece]:
    """Split raw attribute text into verbatim runs and decoded character references."""
    pieces: list[Piece] = []
    i = 0
    while i < len(raw):
        amp = raw.find("&", i)
        if amp < 0:
            pieces.append(Piece(raw[i:], start + i))
            break
        if amp > i:
            pieces.append(Piece(raw[i:amp], start + i))
        end = reference_end(raw, amp)
        decoded = html.unescape(raw[amp:end]) if end > amp + 1 else "&"
        if end > amp + 1 and decoded != raw[amp:end]:
            pieces.append(Piece(decoded, start + amp, exact=False))
            i = end
        else:
            pieces.append(Piece("&", start + amp))
            i = amp + 1
    return pieces


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in ``<meta charset>`` or ``http-equiv`` within its first 4 KB.

    Only names Python knows and that fit an ASCII-compatible page count: a page whose
    bytes parse as ASCII cannot really be UTF-16, whatever it says (HTML's own rule).
    """
    finder = _CharsetFinder()
    finder.feed(data[:4096].decode("ascii", errors="replace"))
    name = finder.charset
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    return "utf-8" if codec.name.startswith("utf-16") else codec.name


class _CharsetFinder(_TolerantParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset:
            return
        values = {name: value or "" for name, value in attrs}
        if values.get("charset"):
            self.charset = values["charset"]
        elif values.get("http-equiv", "").lower() == "content-type":
            for param in values.get("content", "").split(";")[1:]:
                key, _, value = param.partition("=")
                if key.strip().lower() == "charset" and value.strip():
                    self.charset = value.strip()
