"""File inputs (web archives, JSON Lines) as work for Spark's Python workers: slices of files in, pages out.

The driver only plans: it cuts the files into slices of about equal size (``plan``: a file per slice when there
are more files than slices wanted, else each file in parts by its bytes) and hands Spark a small table of them
(format, path, part, parts), one slice a partition. Each task reads its own slice where it runs (``Source``) and
lints the pages in the same Python worker, so page contents never pass through the JVM on the way in: no JSON
parsing, no shuffle, no Arrow batches of pages. A slice is fixed by the file and its number alone, so a retried task
reads exactly the pages the first attempt read.

A JSON Lines slice is a byte range of the file: the lines that start in it (a compressed file is one slice). A web
archive's is a run of its pages (claimlint/spark/archives.py).
"""
from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from typing import Iterator

from ..readers.sources import MAX_FILE_BYTES
from .archives import archive_slice, page_row

# The work table's schema, and the page fields a slice gives (the linting's column roles, by the same names).
SLICE_COLUMNS = "format string, path string, part int, parts int"
PAGE_FIELDS = ("url", "content", "content_type", "charset", "fetched", "read_error", "read_level")
# Slices a core by default: tasks of equal bytes still differ in cost (markup, claims), and with several a core
# the last ones to finish leave the other cores idle only briefly. A task costs a few milliseconds.
SLICES_PER_CORE = 8
# A slice is at least this large, unless asked for (a small input is not cut into tasks that only start and stop),
# and by default at most this large (a large input still reports progress every few minutes).
MIN_SLICE_BYTES = 64 << 10
MAX_SLICE_BYTES = 32 << 20


@dataclass(frozen=True)
class TableColumns:
    """Where a Parquet or JSON Lines input keeps each page's parts."""

    url: str = "url"
    content: str = "content"
    content_type: str = "content_type"


@dataclass(frozen=True)
class Source:
    """What a task does with its slice: the slice's pages, as rows of PAGE_FIELDS."""

    columns: TableColumns = TableColumns()
    max_bytes: int = MAX_FILE_BYTES

    def pages(self, item: dict) -> Iterator[dict]:
        if item["format"] == "warc":
            return archive_slice(item["path"], item["part"], item["parts"], self.max_bytes)
        return json_lines_slice(item["path"], item["part"], item["parts"], self.columns)


def plan(files: list[tuple[str, str]], cores: int, partitions: int | None = None) -> list[tuple[str, str, int, int]]:
    """The slices (format, path, part, parts) of ``files`` ((format, path) each): ``partitions`` of them (about,
    when several files are cut), or enough for every core to run several."""
    sizes = [max(1, os.path.getsize(path)) for _, path in files]
    total = sum(sizes)
    wanted = partitions or max(1, min(SLICES_PER_CORE * cores, total // MIN_SLICE_BYTES), -(-total // MAX_SLICE_BYTES))
    slices = []
    for (fmt, path), size in zip(files, sizes):
        whole = len(files) >= wanted or (fmt == "jsonl" and path.lower().endswith(".gz"))  # gzip: no seeking
        parts = 1 if whole else max(1, round(wanted * size / total))
        slices.extend((fmt, path, part, parts) for part in range(parts))
    return slices


def json_lines_slice(path: str, part: int, parts: int, columns: TableColumns) -> Iterator[dict]:
    """The pages of the lines that start in byte range ``part`` of ``parts`` of the file (blank lines skipped; a
    line that is no JSON object is a row with ``read_error``)."""
    if path.lower().endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            yield from _lines(handle, path, float("inf"), columns)
        return
    size = os.path.getsize(path)
    start, end = size * part // parts, size * (part + 1) // parts
    with open(path, "rb") as handle:
        if start > 0:
            handle.seek(start - 1)
            handle.readline()  # the end of the line that started before this slice (its own, if it starts here)
        yield from _lines(handle, path, end, columns)


def _lines(handle, path: str, end: float, columns: TableColumns) -> Iterator[dict]:
    position = handle.tell()
    while position < end:
        line = handle.readline()
        if not line:
            return
        at, position = position, position + len(line)
        if not line.strip():
            continue
        try:
            page = json.loads(line)
            if not isinstance(page, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            yield page_row(path, read_error=f"line at byte {at} is not a JSON object ({str(exc)[:80]})",
                           read_level="error")
            continue
        url, content, kind = (page.get(name) for name in (columns.url, columns.content, columns.content_type))
        yield page_row("" if url is None else _text(url), content=None if content is None else _text(content).encode("utf-8"),
                       content_type=None if kind is None else _text(kind))


def _text(value: object) -> str:
    """A field as Spark's JSON reader gives a string column: a string as is, anything else as its JSON."""
    return value if isinstance(value, str) else json.dumps(value)
