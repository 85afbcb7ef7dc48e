"""Web archives (WARC, ISO 28500) as inputs: every HTML (or Markdown, or plain text) response in a ``.warc`` or
``.warc.gz`` file is a page to lint, named by its URL and dated by its WARC-Date.

Archives are listed first (``archived_pages``: headers only, each record's offset kept) and each page's body is
read when its turn comes (``ArchivedPage.read``), so a large archive is never held in memory and its pages can be
linted in worker processes like files. Archives from any crawler work: claimlint's own (claimlint/crawl), wget's
``--warc-file``, public web archives.
"""
from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

from ..errors import InputError, InputWarning
from .web import CONTENT_KINDS, megabytes

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class ArchivedPage:
    """One page of a web archive: where its record starts, and what its headers say."""

    archive: str  # the archive's path
    offset: int  # of its response record in the archive
    url: str  # WARC-Target-URI: the path its findings carry
    date: str  # WARC-Date, ISO 8601: when it was fetched
    kind: str  # reader kind, from the response's Content-Type
    charset: str | None
    length: int  # of the record in the archive (the size a worker pool weighs)

    def read(self, max_bytes: int) -> bytes:
        """The response's body, its transfer and content encodings undone."""
        from warcio.archiveiterator import ArchiveIterator

        try:
            with open(self.archive, "rb") as handle:
                handle.seek(self.offset)
                record = next(iter(ArchiveIterator(handle)))
                data = record.content_stream().read(max_bytes + 1)
        except (OSError, StopIteration, ValueError, EOFError) as exc:
            raise InputError(f"cannot read its record in {self.archive} ({_reason(exc)})", self.url) from None
        if len(data) > max_bytes:
            raise InputError(f"larger than the {megabytes(max_bytes)} limit; not linted", self.url)
        return data


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def body_digest(data: bytes) -> str:
    """The SHA-256 of a page's body as linted: what a finding records, so a reviewer can prove what the page said."""
    return hashlib.sha256(data).hexdigest()


def archived_pages(path: str) -> Iterator[ArchivedPage | InputError]:
    """The pages of the archive at ``path``, in archive order: successful (2xx) responses of a kind claimlint
    reads. Redirects, errors, images, scripts and the crawler's own records (requests, metadata) are not pages.
    A file that is not a readable archive, or one that breaks off, ends with an InputError naming it."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = end = 0
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            if not _starts_warc(head):
                raise ValueError("it does not start with a WARC record")
            handle.seek(0)
            records = ArchiveIterator(handle)
            for record in records:
                page = _page(path, record, records.get_record_offset())
                records.read_to_end(record)  # only then is the record's length known
                end = records.get_record_offset() + records.get_record_length()
                if page is not None:
                    found += 1
                    yield ArchivedPage(**page, length=records.get_record_length())
            size = os.fstat(handle.fileno()).st_size
            handle.seek(end)
            cut = bool(handle.read(64).strip())  # an uncompressed archive ends on the blank lines after a record
        if cut:  # warcio stops quietly at a record cut short: the pages after it would go unlinted
            yield InputError(f"not a readable WARC file (it breaks off after byte {end} of {size})", path)
        elif not found:
            yield InputWarning("no pages to lint in this archive (no successful HTML, Markdown or text response)", path)
    except FileNotFoundError:
        yield InputError("no such file", path)
    except (OSError, ArchiveLoadFailed, ValueError, EOFError) as exc:
        yield InputError(f"not a readable WARC file ({_reason(exc)})", path)


def _starts_warc(head: bytes) -> bool:
    """A WARC file starts with a record's version line, gzipped or not (warcio reads anything else as no records)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _page(path: str, record, offset: int) -> dict | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not status.startswith("2") or content_type not in CONTENT_KINDS or not url:
        return None
    if urlsplit(url.strip("<>")).path == "/robots.txt":  # a crawler's own fetch, plain text but no page
        return None
    charset = None
    for param in (record.http_headers.get_header("Content-Type") or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return {"archive": path, "offset": offset, "url": url.strip("<>"), "date": record.rec_headers.get_header("WARC-Date") or "",
            "kind": CONTENT_KINDS[content_type], "charset": charset}


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__
