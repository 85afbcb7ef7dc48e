"""The command's inputs, told apart by name: web archives and JSON Lines as slices for the Python workers to read
(claimlint/spark/sources.py), Parquet (and JSON Lines on a remote filesystem) as a DataFrame of pages.

A DataFrame of pages has the columns ``url``, ``content`` (binary: a table's text as UTF-8) and ``content_type``
(null where the input has none); a slice's pages have the same, and from archives the fetch time, the charset the
server declared and any page the reader could not give (claimlint/spark/archives.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ClaimlintError
from ..readers.warc import ARCHIVE_SUFFIXES
from .sources import SLICE_COLUMNS, TableColumns, plan

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

FORMATS = ("warc", "parquet", "jsonl")
SUFFIXES = {".warc": "warc", ".warc.gz": "warc", ".parquet": "parquet", ".jsonl": "jsonl", ".jsonl.gz": "jsonl",
            ".ndjson": "jsonl", ".json": "jsonl", ".json.gz": "jsonl"}
REMOTE = ("s3:", "s3a:", "gs:", "hdfs:", "abfs:")


@dataclass
class Inputs:
    """The work: slices of files (one a partition; None when there are none) and a DataFrame of pages (or None)."""

    slices: DataFrame | None
    pages: DataFrame | None

    @property
    def partitions(self) -> int:
        return sum(frame.rdd.getNumPartitions() for frame in (self.slices, self.pages) if frame is not None)


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


def read_inputs(spark: SparkSession, paths: list[str], fmt: str | None = None, columns: TableColumns = TableColumns(),
                partitions: int | None = None) -> Inputs:
    """Every input of ``paths`` (``fmt`` forces a format for all of them), as slices and pages; ``partitions``, or
    enough for every core, each (a table already in enough partitions keeps its own)."""
    from pyspark.sql import functions as F

    groups: dict[str, list[str]] = {}
    for path in paths:
        found = fmt or format_of(path)
        if found is None:
            raise ClaimlintError("cannot tell its format (.warc.gz, .parquet, .jsonl, or a folder of one of them); "
                                 "give --input-format", path)
        if not path.startswith((*REMOTE, "file:")) and not Path(path).exists():
            raise ClaimlintError("no such file", path)
        local = found == "warc" or (found == "jsonl" and not path.startswith(REMOTE))
        groups.setdefault(found if not local else f"{found} files", []).append(path.removeprefix("file:"))
    files = [("warc", p) for p in _files(groups.get("warc files", []), ARCHIVE_SUFFIXES)]
    files += [("jsonl", p) for p in _files(groups.get("jsonl files", []), tuple(s for s, f in SUFFIXES.items()
                                                                              if f == "jsonl"))]
    slices = None
    if files:
        work = plan(files, spark.sparkContext.defaultParallelism, partitions)
        # n slices in n partitions: one slice a task, the same on every run (a retried task reads the same slice).
        slices = spark.createDataFrame(spark.sparkContext.parallelize(work, len(work)), SLICE_COLUMNS)
    frames = []
    if "parquet" in groups:
        frames.append(_table(spark.read.parquet(*groups["parquet"]), columns, groups["parquet"]))
    if "jsonl" in groups:  # on a remote filesystem, which Spark reads and the workers may not
        # An explicit schema: no pass over the data to infer one, and other fields are never read.
        schema = f"`{columns.url}` string, `{columns.content}` string, `{columns.content_type}` string"
        frames.append(_table(spark.read.schema(schema).json(groups["jsonl"]), columns, groups["jsonl"]))
    pages = frames[0] if frames else None
    for frame in frames[1:]:
        pages = pages.unionByName(frame, allowMissingColumns=True)
    if pages is not None:
        cores = spark.sparkContext.defaultParallelism
        wanted = partitions or (4 * cores if pages.rdd.getNumPartitions() < cores else None)
        if wanted:
            # Spread the pages over the cores by a hash of the URL, then order each partition: which pages a
            # partition holds, and their order, are the same on every attempt, so a retried task writes what the
            # first would.
            pages = pages.repartition(wanted, "url").sortWithinPartitions("url", F.xxhash64("content"))
    return Inputs(slices, pages)


def _files(paths: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """The files named, a folder standing for its files of the format (sorted: the same slices every run)."""
    files: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            files.extend(sorted(str(p) for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes)
                                and not p.name.startswith(("_", "."))))
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
