"""Lint a Spark DataFrame of pages: the public ``lint_pages``, and the command's fuller table.

The configuration is resolved here, on the driver, as ``claimlint.lint_text`` resolves it (``api.prepare``): a bad
pack or an unknown selector fails before any task starts. What the workers need of it travels in the ``Job``.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..api import prepare
from ..config import Config
from ..packs.files import pack_files
from ..readers.sources import MAX_FILE_BYTES
from .columns import ERROR, ERROR_LEVEL, ddl, finding_fields, table_fields
from .sources import PAGE_FIELDS, SLICE_COLUMNS, Source
from .worker import Job

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# Optional input columns the table reads when present: a reader's problem with the page (claimlint.spark.archives),
# the charset a server declared, the fetch time that dates an archived page's findings.
READ_ERROR, READ_LEVEL, CHARSET, FETCHED = "read_error", "read_level", "charset", "fetched"


def lint_pages(pages: DataFrame, *, id_column: str = "url", content_column: str = "content",
               type_column: str | None = "content_type", fetched_column: str | None = "fetched",
               config: Config | str | Path | None = None, select: Iterable[str] = (), ignore: Iterable[str] = (),
               rules: Iterable[str | Path] = (), builtin: bool = True, model: str | None = None,
               with_model: bool | None = None, include_suppressed: bool = False,
               max_bytes: int = MAX_FILE_BYTES) -> DataFrame:
    """The findings of every page of ``pages``, one row each, as ``claimlint check --format json`` reports them.

    ``pages`` holds one page a row: ``id_column`` (its URL or any id; its findings' ``path``), ``content_column``
    (the page, string or binary) and optionally ``type_column`` (a media type such as ``text/html; charset=...``,
    or txt, md, html, pdf, docx; without it the id's suffix decides, else the bytes) and ``fetched_column`` (a
    WARC-Date: the findings then carry ``fetched`` and ``sha256``, as an archived page's do). Columns that are
    missing are left out; others are ignored.

    The result has the id column, then every field of a JSON finding (``rule``, ``tier``, ``status``, ``start``,
    ``line``, ``message``, ...), then ``error`` and ``error_level``: a page that could not be linted (bad
    encoding, over ``max_bytes``, a parser error) is one row with ``error`` set and no finding, never a failed job.
    ``include_suppressed`` adds the claims found but not reported (negated, waived, ...: ``severity`` or
    ``suppressed_by`` tells). Arguments as for ``claimlint.lint_text``: ``config`` (a Config or a file; none by
    default), ``select``, ``ignore``, ``rules`` (extra pack files or folders, read here and shipped with the job),
    ``builtin``, ``model`` (a spaCy pipeline installed on the executors), ``with_model``.

    Lazy, like any DataFrame: nothing is linted until an action (``write``, ``collect``) runs.
    """
    job = make_job(pages, id_column=id_column, content_column=content_column, type_column=type_column,
                   fetched_column=fetched_column, config=config, select=select, ignore=ignore, rules=rules,
                   builtin=builtin, model=model, with_model=with_model, include_suppressed=include_suppressed,
                   max_bytes=max_bytes)
    return run_job(pages, job)


def make_job(pages: DataFrame, *, id_column: str = "url", content_column: str = "content",
             type_column: str | None = "content_type", fetched_column: str | None = "fetched",
             config: Config | str | Path | None = None, select: Iterable[str] = (), ignore: Iterable[str] = (),
             rules: Iterable[str | Path] = (), builtin: bool = True, model: str | None = None,
             with_model: bool | None = None, include_suppressed: bool = False, max_bytes: int = MAX_FILE_BYTES,
             internal: bool = False, counters: tuple = (), run: Any = None, source: Source | None = None) -> Job:
    """The job for ``pages``: the linter's settings resolved and checked here, the extra packs read to ship.
    ``run`` is an ``api.Run`` already prepared (the command's, from its flags and configuration file). With a
    ``source``, ``pages`` is a table of file slices and the pages are the slices' (PAGE_FIELDS)."""
    present = set(PAGE_FIELDS) if source else set(pages.columns)
    for role, name in (("id", id_column), ("content", content_column)):
        if name not in present:
            raise ValueError(f"no {role} column {name!r} in the pages (columns: {', '.join(sorted(present))})")
    table_fields(id_column, internal)  # an id column named like a finding field is refused now, not in a task
    columns = {"id": id_column, "content": content_column}
    for role, name in (("type", type_column), ("fetched", fetched_column), ("charset", CHARSET),
                       ("read_error", READ_ERROR), ("read_level", READ_LEVEL)):
        if name and name in present:
            columns[role] = name
    if run is None:
        run = prepare(config=config or Config(), model=model, rules=[str(r) for r in rules], builtin=builtin,
                      select=select, ignore=ignore, with_model=with_model)
    run.linter.check()  # a bad pack or selector is the caller's error, before Spark starts a task
    settings = dict(run.linter.settings)
    packs = tuple((str(path), path.read_text(encoding="utf-8"))
                  for path in pack_files([Path(p) for p in settings["rules"]]))
    settings["rules"] = []
    if settings.get("with_model") not in (True, False, None):  # another recall model's folder: executors need it too
        settings["with_model"] = str(settings["with_model"])
    return Job(settings, packs, columns, id_column, include_suppressed, internal, max_bytes, counters, source)


def run_job(pages: DataFrame, job: Job) -> DataFrame:
    """``pages`` (or the job's slices) through the job's Python workers (``mapInArrow``: Arrow batches both ways,
    no pandas per row)."""
    fields = table_fields(job.id_column, job.internal)
    needed = ([part.split()[0] for part in SLICE_COLUMNS.split(", ")] if job.source
              else list(dict.fromkeys(job.columns.values())))
    return pages.select(*[f"`{name}`" for name in needed]).mapInArrow(job, ddl(fields))


def public_columns(id_column: str) -> list[str]:
    """The columns ``lint_pages`` returns (and the command writes), in order."""
    return [id_column, *(name for name, _, _ in finding_fields()), ERROR, ERROR_LEVEL]
