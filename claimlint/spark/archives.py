"""Web archives (.warc, .warc.gz) read in Spark's Python workers, a slice of an archive per task.

A task is given an archive's path and its slice (part k of n): it lists the archive with the readers' own WARC
code (claimlint/readers/warc.py: headers only, each record's offset and length), cuts the list into n runs of
about equal length — the same cut in every task and every attempt, so no page is linted twice or skipped — and
reads the bodies of its own run. Listing costs a pass over the archive's bytes, far less than linting a share of
them, and lets one large archive keep every core busy. A page is what ``claimlint check ARCHIVE`` takes for a page:
a successful response of a kind claimlint reads, named by its URL, dated by its WARC-Date, its encodings undone.
What the reader cannot give — a record over the size limit, an archive that breaks off or is no WARC at all — is a
row with ``read_error`` set (given by part 0 when it concerns the whole archive), which the linting turns into a
problem row, so one corrupt file costs only its own unreadable part.

The archives' paths must be readable where the tasks run (a local run, or a filesystem every executor mounts).
"""
from __future__ import annotations

from typing import Any, Iterator

from ..errors import InputError, InputWarning
from ..readers.warc import ArchivedPage, archived_pages


def archive_slice(path: str, part: int, parts: int, max_bytes: int) -> Iterator[dict]:
    """The page rows of slice ``part`` of ``parts`` of the archive at ``path``, in archive order."""
    pages: list[ArchivedPage] = []
    for item in archived_pages(path):
        if isinstance(item, InputError):
            if part == 0:
                level = "warning" if isinstance(item, InputWarning) else "error"
                yield page_row(item.path or path, read_error=item.message, read_level=level)
        else:
            pages.append(item)
    total = sum(p.length for p in pages) or 1
    before = 0
    for page in pages:
        # The run a page falls in: where its middle lies along the archive's pages, so the n runs weigh the same.
        mine = min(parts - 1, (2 * before + page.length) * parts // (2 * total)) == part
        before += page.length
        if not mine:
            continue
        try:
            data = page.read(max_bytes)
        except InputError as exc:
            yield page_row(page.url, read_error=exc.message, read_level="error")
            continue
        yield page_row(page.url, content=data, content_type=page.kind, charset=page.charset, fetched=page.date)


def page_row(url: str, **values: Any) -> dict:
    """A page as the linting reads it from a file input (claimlint/spark/sources.py's PAGE_FIELDS)."""
    return {"url": url, "content": None, "content_type": None, "charset": None, "fetched": None, "read_error": None,
            "read_level": None, **values}
