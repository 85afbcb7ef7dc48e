"""Read the inputs to lint: find the files (walk.py), read their bytes (or fetch.py a URL, or standard input),
decode them (decode.py) and hand each text to the reader for its format (plain.py, markdown.py, html.py)."""
from __future__ import annotations

import errno
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import on_first_use
from ..errors import InputError, InputWarning
from .decode import decode
from .document import SourceDocument
from .language import NOT_ENGLISH, not_english
from .warc import ArchivedPage, archived_pages, is_archive
from .walk import exclude_spec, excluded, is_claimlint_report, walk
from .web import is_url, megabytes

# File suffix -> reader kind; directories are walked for exactly these suffixes.
TEXT_SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
}
# Drafts are read from their bytes, not decoded as text (drafts.py).
DRAFT_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}
SUFFIXES = {**TEXT_SUFFIXES, **DRAFT_SUFFIXES}
DEFAULT_INCLUDE = tuple(SUFFIXES)
# Larger files are reported and not linted. Memory is bounded by windows.py whatever the size, but
# reading, time and the findings kept grow with it, and no page of copy comes near this size.
MAX_FILE_BYTES = 10 * 1024 * 1024
GENERATED_WARNING = "written by claimlint (a report): its findings are those of the copy it quotes"

Reader = Callable[[str, str], SourceDocument]


def _imported_on_use(module: str, name: str) -> Callable[[str, Any], SourceDocument]:
    """A reader whose module loads when it first reads: the HTML and Markdown parsers are a tenth of a one-page
    run's start-up, a run over plain text needs neither, and a run the result cache answers reads with none."""
    return on_first_use(__package__, module, name)


READERS: dict[str, Reader] = {"text": _imported_on_use(".plain", "read_plain"),
                              "markdown": _imported_on_use(".markdown", "read_markdown"),
                              "html": _imported_on_use(".html", "read_html")}
DRAFT_READERS: dict[str, Callable[[str, bytes], SourceDocument]] = {"docx": _imported_on_use(".drafts", "read_docx"),
                                                                    "pdf": _imported_on_use(".drafts", "read_pdf")}


def document_from_text(text: str, path: str = "<text>", kind: str = "text") -> SourceDocument:
    reader = READERS.get(kind)
    if reader is None:
        raise InputError(f"unknown input kind '{kind}' (one of {', '.join(READERS)})", path)
    return reader(path, text)


def kind_for(path: str) -> str:
    return SUFFIXES.get(os.path.splitext(path)[1].lower(), "text")  # not pathlib: it is asked twice a file


def read_document(path: str, data: bytes | None = None, kind: str | None = None) -> tuple[SourceDocument, str | None]:
    """Read one file, http(s) URL or stdin ('-') and return the document plus any decoding warning."""
    file = read_file(path, data, kind)
    return file.document, file.warning


def read_file(path: str | ArchivedPage, data: bytes | None = None, kind: str | None = None,
              charset: str | None = None) -> DecodedFile:
    """Read and decode one file, http(s) URL, stdin ('-') or page of a web archive (named by its URL); the reader
    for its format runs when its document is first asked for (a result served from the cache needs none).
    ``charset`` is what a server declared for ``data`` (a page held in memory)."""
    if isinstance(path, ArchivedPage):
        data, charset, kind, path = path.read(MAX_FILE_BYTES), path.charset, kind or path.kind, path.url
    elif data is None and is_url(path):
        from .fetch import fetch  # only for a URL: a run on files never imports the HTTP machinery

        fetched = fetch(path)
        data, charset, kind = fetched.data, fetched.charset, kind or fetched.kind
    if data is None:
        data = read_bytes(path)
    sniffed = kind is None and path == "-" and looks_like_html(data)
    kind = kind or ("html" if sniffed else kind_for(path))
    if kind in DRAFT_READERS:
        return DecodedFile(path, kind, None, data, None)
    decoded = decode(data, path, charset=charset, html=kind == "html")
    warning = decoded.warning
    if sniffed:  # said once, so a user who meant plain text knows why tags vanished
        note = "read as HTML because it starts with markup (give --stdin-filename to choose the format)"
        warning = f"{warning}; {note}" if warning else note
    if is_claimlint_report(data):  # walks leave reports out; one named outright is linted, with this warning
        warning = f"{warning}; {GENERATED_WARNING}" if warning else GENERATED_WARNING
    elif not_english(decoded.text, html=kind == "html"):
        warning = f"{warning}; {NOT_ENGLISH}" if warning else NOT_ENGLISH
    return DecodedFile(path, kind, decoded.text, data, warning)


class DecodedFile:
    """A file as read and decoded, and its document, read by the reader for its format on first use.

    It answers for the document wherever one is read (``ReadDocument``: the suppression chain reads ``source``,
    the html report the rest), so a file whose findings come from the cache is never parsed into blocks.
    """

    def __init__(self, path: str, kind: str, source: str | None, data: bytes, warning: str | None) -> None:
        """``source`` is the decoded text; None for a draft, whose text is what its reader makes of the bytes."""
        self.path, self.kind, self._source, self.data, self.warning = path, kind, source, data, warning
        self._document: SourceDocument | None = None

    @property
    def document(self) -> SourceDocument:
        if self._document is None:
            if self._source is None:
                self._document = DRAFT_READERS[self.kind](self.path, self.data)
            else:
                self._document = document_from_text(self._source, self.path, self.kind)
        return self._document

    @property
    def source(self) -> str:
        return self._source if self._source is not None else self.document.source

    @property
    def text(self) -> str:
        return self.document.text

    def to_source(self, offset: int) -> int:
        return self.document.to_source(offset)

    def line_col(self, source_offset: int) -> tuple[int, int]:
        return self.document.line_col(source_offset)

    def passages(self) -> list:
        return self.document.passages()


MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|\?xml)", re.IGNORECASE)
TAG = re.compile(rb"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")


def looks_like_html(data: bytes) -> bool:
    """Markup on standard input: a doctype or root element first, or a start dense with tags."""
    head = data[:2048]
    if MARKUP_START.match(head):
        return True
    return head.lstrip().startswith(b"<") and len(TAG.findall(head)) >= 3


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file or of stdin ('-'), refusing what cannot be a page before reading it.

    A FIFO would block and /dev/zero never ends, so only regular files are read; a file over
    ``max_bytes`` is refused from its size, and the read itself stops there in case it grows.
    """
    if path == "-":
        return _capped(sys.stdin.buffer.read, max_bytes, "standard input")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (no effect on regular files).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError("broken symbolic link" if os.path.islink(path) else "no such file", path) from None
    except OSError as exc:
        raise InputError(_os_problem(exc), path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory", path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (a device, pipe or socket); not linted", path)
        if info.st_size > max_bytes:
            raise InputError(f"larger than the {megabytes(max_bytes)} limit ({info.st_size} bytes); not linted", path)
        return _capped(lambda size: os.read(fd, size), max_bytes, path, first=info.st_size + 1)
    except OSError as exc:
        raise InputError(_os_problem(exc), path) from None
    finally:
        os.close(fd)


def _capped(read: Callable[[int], bytes], max_bytes: int, name: str, first: int | None = None) -> bytes:
    """Everything ``read`` gives, refusing more than ``max_bytes``. ``first``: what the first read asks for (a
    regular file's size: asking for max_bytes allocated that much for every page); a file still growing is read
    on, never past the limit."""
    data = read(max_bytes + 1 if first is None else first)
    while len(data) <= max_bytes and (more := read(max_bytes + 1 - len(data))):
        data += more
    if len(data) > max_bytes:
        raise InputError(f"larger than the {megabytes(max_bytes)} limit; not linted", name)
    return data


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return f"cannot read: {exc.strerror or exc}"


def expand_paths(
    paths: list[str], include: tuple[str, ...] = DEFAULT_INCLUDE, exclude: tuple[str, ...] | list[str] = ()
) -> Iterator[str | ArchivedPage | InputError]:
    """Yield files to lint in a stable order; directories are walked for known suffixes, and web archives named
    outright (``.warc``, ``.warc.gz``) give their pages.

    Problems come as InputError items: an unreadable directory (an error: files went unread)
    or an InputWarning (a directory with nothing to lint).

    Walks skip hidden paths and what .gitignore files ignore; ``exclude`` globs
    (.gitignore syntax) drop files from walks and from the files named outright.
    """
    spec = exclude_spec(exclude)
    for raw in paths:
        if raw == "-" or is_url(raw):
            yield raw
            continue
        path = Path(raw)
        if is_archive(raw) and not path.is_dir() and not excluded(path, spec):
            yield from archived_pages(raw)  # each of its pages is linted as a file
            continue
        if path.is_dir():
            found, unreadable = walk(path, include, spec)
            yield from unreadable
            if not found and not unreadable:
                yield InputWarning(f"no files to lint (looked for {', '.join(include)})", raw)
            yield from (str(p) for p in found)
        elif not excluded(path, spec):
            yield raw
