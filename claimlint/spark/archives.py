"""Web archives (.warc, .warc.gz) as a DataFrame of pages, one Spark task per archive file.

Each task reads its archive with the readers' own WARC code (claimlint/readers/warc.py), so a page is what
``claimlint check ARCHIVE`` takes for a page: a successful response of a kind claimlint reads, named by its URL,
dated by its WARC-Date, its encodings undone. What the reader cannot give — a record over the size limit, an
archive that breaks off or is no WARC at all — is a row with ``read_error`` set, which the linting turns into a
problem row, so one corrupt file costs only its own unreadable part.

The archives' paths must be readable where the tasks run (a local run, or a filesystem every executor mounts).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import InputError, InputWarning
from ..readers.sources import MAX_FILE_BYTES
from ..readers.warc import archived_pages

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

PAGE_COLUMNS = ("url string, content binary, content_type string, charset string, fetched string, "
                "read_error string, read_level string")
# A batch of pages goes back to the JVM once it holds this much (a page may be up to 10 MB).
BATCH_BYTES = 16 << 20
BATCH_PAGES = 64


@dataclass(frozen=True)
class ArchiveReader:
    """``mapInArrow``'s function: archive paths in, their pages out, in archive order."""

    max_bytes: int = MAX_FILE_BYTES

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        schema = _schema()
        rows: list[dict] = []
        size = 0
        for batch in batches:
            for path in batch.column(0).to_pylist():
                for row in self.pages(path):
                    rows.append(row)
                    size += len(row["content"] or b"")
                    if len(rows) >= BATCH_PAGES or size >= BATCH_BYTES:
                        yield pa.RecordBatch.from_pylist(rows, schema=schema)
                        rows, size = [], 0
        if rows:
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    def pages(self, path: str) -> Iterator[dict]:
        for item in archived_pages(path):
            if isinstance(item, InputError):
                level = "warning" if isinstance(item, InputWarning) else "error"
                yield _row(item.path or path, read_error=item.message, read_level=level)
                continue
            try:
                data = item.read(self.max_bytes)
            except InputError as exc:
                yield _row(item.url, read_error=exc.message, read_level="error")
                continue
            yield _row(item.url, content=data, content_type=item.kind, charset=item.charset, fetched=item.date)


def _row(url: str, **values: Any) -> dict:
    return {"url": url, "content": None, "content_type": None, "charset": None, "fetched": None, "read_error": None,
            "read_level": None, **values}


def _schema():
    import pyarrow as pa

    return pa.schema([(part.split()[0], pa.binary() if part.split()[1] == "binary" else pa.string())
                      for part in PAGE_COLUMNS.split(", ")])


def archive_pages(spark: SparkSession, paths: list[str], max_bytes: int = MAX_FILE_BYTES) -> DataFrame:
    """The pages of the archives at ``paths``: one partition, and so one task, per archive file."""
    # n items in n slices: exactly one archive a partition, the same on every run (a retried task reads the same file).
    files = spark.sparkContext.parallelize([(p,) for p in paths], max(1, len(paths)))
    return spark.createDataFrame(files, "archive string").mapInArrow(ArchiveReader(max_bytes), PAGE_COLUMNS)
