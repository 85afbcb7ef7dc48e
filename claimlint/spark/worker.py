"""What runs in Spark's Python workers: pages in (Arrow batches), findings rows out, through the linter
``claimlint check`` uses.

A ``Job`` is the function ``mapInArrow`` is given. It carries everything the linting depends on — the linter's
settings and the text of any extra rule pack — so an executor on another machine needs claimlint installed and
nothing else (the driver's files are not there). Each Python worker builds the linter for a job once and keeps it
in ``_LINTERS`` (Spark reuses its Python workers across tasks), so the spaCy model and the packs load once per
worker, not per page or per task.

Each page becomes: its findings (``Finding.to_dict``, the JSON output's fields), a row per problem (a page that
could not be decoded, is over the size limit, or broke the parser is a problem row, never a failed task), and for
the command one row with its word count. The rows depend on the page alone, in input order, so a retried task
writes exactly what the first attempt would have (no duplicates, no gaps).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import InputError
from ..findings import FileOutcome, Problem
from ..linter import Linter
from ..readers.web import CONTENT_KINDS
from ..readers.sources import MAX_FILE_BYTES, SUFFIXES, looks_like_html
from ..suppress.chain import Chain
from .columns import (ERROR, ERROR_LEVEL, FINDING_ROW, PAGE_ROW, PROBLEM_ROW, ROW, SITE, WORDS, arrow_schema,
                      table_fields)
from .sources import Source

# Short names a content-type column may use instead of a media type (as file suffixes name formats).
SHORT_KINDS = {suffix.lstrip("."): kind for suffix, kind in SUFFIXES.items()} | {"text": "text", "markdown": "markdown"}
# Output rows are sent back to the JVM in batches of about this many (a page may give dozens of findings).
ROWS_PER_BATCH = 2048

# The linters this Python worker has built, by job key: loaded once, used by every task the worker runs.
_LINTERS: dict[str, Linter] = {}


@dataclass(frozen=True)
class Job:
    """Lint a partition of pages. ``columns`` maps each role (id, content, type, charset, fetched, read_error,
    read_level) to the input column holding it; only id and content are required."""

    settings: dict[str, Any]  # Linter(**settings), its ``rules`` replaced by ``packs`` on the worker
    packs: tuple[tuple[str, str], ...]  # (file name, YAML text) of each extra rule pack, in load order
    columns: dict[str, str]
    id_column: str = "url"
    include_suppressed: bool = False
    internal: bool = False  # add the command's rows (one per page) and columns (row kind, words, site)
    max_bytes: int = MAX_FILE_BYTES
    # Spark accumulators (progress.py): partitions done, pages, words, findings, pages not linted.
    counters: tuple = field(default=(), compare=False)
    # Given, the rows in are slices of files (sources.py), which the worker reads into pages itself.
    source: Source | None = None

    @property
    def key(self) -> str:
        """What the linter depends on: a worker keeps one linter per key."""
        return hashlib.sha256(json.dumps([self.settings, self.packs], sort_keys=True, default=str).encode()).hexdigest()

    def linter(self) -> Linter:
        linter = _LINTERS.get(self.key)
        if linter is None:
            settings = dict(self.settings)
            settings["rules"] = _write_packs(self.packs)
            linter = _LINTERS[self.key] = Linter(**settings)
            linter.component  # noqa: B018 - the model and packs load now, once for this worker
        return linter

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        """``mapInArrow``'s function: Arrow record batches of pages (or slices) in, record batches of rows out."""
        import pyarrow as pa

        schema = arrow_schema(table_fields(self.id_column, self.internal))
        linter = self.linter()
        rows: list[dict] = []
        for batch in batches:
            for item in batch.to_pylist():
                for page in self.source.pages(item) if self.source else (item,):
                    rows.extend(self.page_rows(linter, page))
                    if len(rows) >= ROWS_PER_BATCH:
                        yield pa.RecordBatch.from_pylist(rows, schema=schema)
                        rows = []
        if rows:
            yield pa.RecordBatch.from_pylist(rows, schema=schema)
        if self.counters:
            self.counters[0].add(1)

    def page_rows(self, linter: Linter, page: dict[str, Any]) -> list[dict]:
        """One page's rows: its findings, its problems, and (for the command) the page itself."""
        c = self.columns
        url = page.get(c["id"])
        url = "" if url is None else str(url)
        if c.get("read_error") and page.get(c["read_error"]):  # the reader could not give this page
            level = page.get(c.get("read_level", "")) or "error"
            outcome = FileOutcome([], [Problem(url, page[c["read_error"]], level)], None)
        else:
            outcome = self.lint(linter, url, page)
        rows = [{self.id_column: url, **f.to_dict(), ROW: FINDING_ROW}
                for f in outcome.findings if f.reported or self.include_suppressed]
        rows += [{self.id_column: url, ERROR: p.message, ERROR_LEVEL: p.level, ROW: PROBLEM_ROW} for p in outcome.problems]
        failed = any(p.level == "error" for p in outcome.problems) and outcome.source is None
        if self.counters:
            _, pages, words, findings, problems = self.counters
            pages.add(1)
            words.add(outcome.words)
            findings.add(sum(1 for f in outcome.findings if f.reported))
            problems.add(1 if failed else 0)
        if self.internal:  # the page itself, for the summary: its words, and whether it went unlinted
            rows.append({self.id_column: url, ROW: PAGE_ROW, WORDS: outcome.words, ERROR_LEVEL: "error" if failed else None})
            site = site_of(url)
            for row in rows:
                row[SITE] = site
        return rows

    def lint(self, linter: Linter, url: str, page: dict[str, Any]) -> FileOutcome:
        """The page linted as ``claimlint check`` lints a file (inline waivers applied); anything that goes wrong
        is the page's problem, not the task's."""
        c = self.columns
        try:
            data = page.get(c["content"])
            if data is None:
                raise InputError("no content", url)
            if isinstance(data, str):
                data = data.encode("utf-8")
            declared = page.get(c["type"]) if c.get("type") else None
            kind, charset = page_kind(declared, url, data)
            charset = (page.get(c["charset"]) if c.get("charset") else None) or charset
            fetched = page.get(c["fetched"]) if c.get("fetched") else None
            outcome = linter.lint_data(url, data, kind, charset, fetched, self.max_bytes)
            return Chain().apply(outcome)  # inline directives: the per-file part of the command's chain
        except InputError as exc:
            return FileOutcome([], [Problem(url, exc.message)], None)
        except Exception as exc:  # noqa: BLE001 - one bad page must not fail the task (and so the job)
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            return FileOutcome([], [Problem(url, f"internal error, not linted ({type(exc).__name__}: {first}); "
                                                 "please report this with the page")], None)


def page_kind(declared: str | None, url: str, data: bytes) -> tuple[str, str | None]:
    """The reader for a page, and the charset its content type declares. ``declared`` is a media type
    ("text/html; charset=utf-8"), a short name (txt, md, html, pdf, docx) or nothing: then the id's suffix decides,
    else the bytes (markup first: HTML; otherwise plain text), as for standard input."""
    if declared and declared.strip():
        media, *params = [part.strip() for part in declared.split(";")]
        media = media.lower()
        charset = next((v.strip('"') for k, _, v in (p.partition("=") for p in params) if k.strip().lower() == "charset"),
                       None) or None
        kind = CONTENT_KINDS.get(media) or SHORT_KINDS.get(media.lstrip("."))
        if kind is None:
            raise InputError(f"content type '{declared.strip()}' is not one claimlint reads "
                             f"(HTML, Markdown, plain text, PDF, Word)", url)
        return kind, charset
    suffix = PurePosixPath(urlsplit(url).path if "://" in url else url).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix], None
    return ("html" if looks_like_html(data) else "text"), None


def site_of(url: str) -> str:
    """The site a page belongs to, for the summary: its host, or for a path the folder it is in."""
    if "://" in url:
        return (urlsplit(url).hostname or "").lower()
    return str(PurePosixPath(url).parent) if url else ""


def _write_packs(packs: tuple[tuple[str, str], ...]) -> list[str]:
    """The shipped packs as files on this worker (the pack loader reads files), once per job key."""
    if not packs:
        return []
    folder = tempfile.mkdtemp(prefix="claimlint-spark-packs-")
    paths = []
    for i, (name, text) in enumerate(packs):
        path = os.path.join(folder, f"{i:03d}-{os.path.basename(name)}")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        paths.append(path)
    return paths
