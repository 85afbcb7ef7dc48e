"""The command's inputs as one DataFrame of pages: web archives, Parquet and JSON Lines, told apart by name.

Every format ends in the same columns: ``url``, ``content`` (binary: an archive's bytes as fetched, or a table's
text as UTF-8), ``content_type`` (null where the input has none), and from archives the fetch time, the charset the
server declared and any page the reader could not give (claimlint/spark/archives.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ClaimlintError
from ..readers.sources import MAX_FILE_BYTES
from ..readers.warc import ARCHIVE_SUFFIXES
from .archives import archive_pages

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

FORMATS = ("warc", "parquet", "jsonl")
SUFFIXES = {".warc": "warc", ".warc.gz": "warc", ".parquet": "parquet", ".jsonl": "jsonl", ".jsonl.gz": "jsonl",
            ".ndjson": "jsonl", ".json": "jsonl", ".json.gz": "jsonl"}


@dataclass(frozen=True)
class TableColumns:
    """Where a Parquet or JSON Lines input keeps each page's parts."""

    url: str = "url"
    content: str = "content"
    content_type: str = "content_type"


def format_of(path: str) -> str | None:
    """The format a path's name says (a folder: the format of the files in it), else None."""
    name = path.lower().rstrip("/")
    for suffix, fmt in sorted(SUFFIXES.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return fmt
    folder = Path(path)
    if folder.is_dir():
        found = {format_of(str(p)) for p in folder.rglob("*") if p.is_file() and not p.name.startswith(("_", "."))}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
    return None


def read_pages(spark: SparkSession, paths: list[str], fmt: str | None = None, columns: TableColumns = TableColumns(),
               max_bytes: int = MAX_FILE_BYTES) -> DataFrame:
    """One DataFrame of every page of ``paths`` (``fmt`` forces a format for all of them)."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        found = fmt or format_of(path)
        if found is None:
            raise ClaimlintError("cannot tell its format (.warc.gz, .parquet, .jsonl, or a folder of one of them); "
                                 "give --input-format", path)
        if not path.startswith(("s3:", "s3a:", "gs:", "hdfs:", "abfs:", "file:")) and not Path(path).exists():
            raise ClaimlintError("no such file", path)
        groups.setdefault(found, []).append(path)
    frames = []
    if "warc" in groups:
        frames.append(archive_pages(spark, _archives(groups["warc"]), max_bytes))
    if "parquet" in groups:
        frames.append(_table(spark.read.parquet(*groups["parquet"]), columns, groups["parquet"]))
    if "jsonl" in groups:
        # An explicit schema: no pass over the data to infer one, and other fields are never read.
        schema = f"`{columns.url}` string, `{columns.content}` string, `{columns.content_type}` string"
        frames.append(_table(spark.read.schema(schema).json(groups["jsonl"]), columns, groups["jsonl"]))
    pages = frames[0]
    for frame in frames[1:]:
        pages = pages.unionByName(frame, allowMissingColumns=True)
    return pages


def _archives(paths: list[str]) -> list[str]:
    """The archive files named, a folder standing for the archives in it (sorted: the same tasks every run)."""
    files: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            files.extend(sorted(str(p) for p in folder.rglob("*") if p.name.lower().endswith(ARCHIVE_SUFFIXES)))
        else:
            files.append(path)
    return files


def _table(frame: DataFrame, columns: TableColumns, paths: list[str]) -> DataFrame:
    from pyspark.sql import functions as F

    for name, option in ((columns.url, "--url-column"), (columns.content, "--content-column")):
        if name not in frame.columns:
            raise ClaimlintError(f"no column '{name}' (columns: {', '.join(frame.columns) or 'none'}; "
                                 f"name another with {option})", ", ".join(paths))
    kind = F.col(f"`{columns.content_type}`") if columns.content_type in frame.columns else F.lit(None)
    return frame.select(F.col(f"`{columns.url}`").cast("string").alias("url"),
                        F.col(f"`{columns.content}`").cast("binary").alias("content"),
                        kind.cast("string").alias("content_type"))
