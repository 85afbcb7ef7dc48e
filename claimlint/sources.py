"""Read the files to lint: find them, decode them, and hand each to the reader for its format."""
from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .document import SourceDocument
from .errors import InputError
from .fetch import fetch, is_url
from .readers.html import declared_charset, read_html
from .readers.markdown import read_markdown
from .structure import plain_blocks, without_directives
from .walk import exclude_spec, excluded, walk

# File suffix -> reader kind; directories are walked for exactly these suffixes.
TEXT_SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
}
DEFAULT_INCLUDE = tuple(TEXT_SUFFIXES)


@dataclass
class Decoded:
    text: str
    warning: str | None = None


def decode(data: bytes, path: str, charset: str | None = None, html: bool = False) -> Decoded:
    """Decode bytes the way a browser would, in this order of authority.

    A BOM (UTF-8 or UTF-16); the ``charset`` a server sent; UTF-8 when the bytes are
    valid UTF-8; for HTML, the page's own ``<meta charset>``; else Windows-1252 with a warning.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        charset, html = None, False  # the BOM settles it: UTF-8
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 text: {exc.reason}", path) from None
    if charset and _known(charset):
        return _decode_as(data, charset, "as the server declared")
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not linted", path)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        declared = declared_charset(data) if html else None
        if declared and declared != "utf-8":
            return _decode_as(data, declared, "as the page declares")
        text = data.decode("cp1252", errors="replace")
        return Decoded(text, f"not valid UTF-8 (byte {exc.start}); read as Windows-1252")


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
        return True
    except LookupError:
        return False


def _decode_as(data: bytes, charset: str, why: str) -> Decoded:
    try:
        return Decoded(data.decode(charset))
    except UnicodeDecodeError as exc:
        return Decoded(data.decode(charset, errors="replace"),
                       f"not valid {charset} {why} (byte {exc.start}); undecodable bytes replaced")


Reader = Callable[[str, str], SourceDocument]


def read_plain(path: str, text: str) -> SourceDocument:
    linted = without_directives(text)
    return SourceDocument(path=path, source=text, text=linted, blocks=plain_blocks(linted), kind="text")


READERS: dict[str, Reader] = {"text": read_plain, "markdown": read_markdown, "html": read_html}


def document_from_text(text: str, path: str = "<text>", kind: str = "text") -> SourceDocument:
    reader = READERS.get(kind)
    if reader is None:
        raise InputError(f"unknown input kind '{kind}' (one of {', '.join(READERS)})", path)
    return reader(path, text)


def kind_for(path: str) -> str:
    return TEXT_SUFFIXES.get(Path(path).suffix.lower(), "text")


def read_document(path: str, data: bytes | None = None, kind: str | None = None) -> tuple[SourceDocument, str | None]:
    """Read one file, http(s) URL or stdin ('-') and return the document plus any decoding warning."""
    charset = None
    if data is None and is_url(path):
        fetched = fetch(path)
        data, charset, kind = fetched.data, fetched.charset, kind or fetched.kind
    if data is None:
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", path) from None
        except IsADirectoryError:
            raise InputError("is a directory", path) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    kind = kind or kind_for(path)
    decoded = decode(data, path, charset=charset, html=kind == "html")
    return document_from_text(decoded.text, path, kind), decoded.warning


def expand_paths(
    paths: list[str], include: tuple[str, ...] = DEFAULT_INCLUDE, exclude: tuple[str, ...] | list[str] = ()
) -> Iterator[str | InputError]:
    """Yield files to lint in a stable order; directories are walked for known suffixes.

    Walks skip hidden paths and what .gitignore files ignore; ``exclude`` globs
    (.gitignore syntax) drop files from walks and from the files named outright.
    """
    spec = exclude_spec(exclude)
    for raw in paths:
        if raw == "-" or is_url(raw):
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = walk(path, include, spec)
            if not found:
                yield InputError(f"no files to lint (looked for {', '.join(include)})", raw)
            yield from (str(p) for p in found)
        elif not excluded(path, spec):
            yield raw
