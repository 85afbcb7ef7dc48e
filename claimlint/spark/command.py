"""``claimlint spark INPUT... --output DIR``: read the pages, lint them on Spark, write findings and a summary.

The linted table is kept on the executors' disks (``persist``) between the two writes, so every page is linted
once: first the findings (``DIR/findings/``, Parquet, one row per finding or problem), then the summary
(``DIR/summary/``, one row per site) from the same table, and the command's totals from the summary in memory.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import ClaimlintError, first_line
from .columns import PAGE_ROW, ROW
from .frames import make_job, public_columns, run_job
from .inputs import read_inputs
from .progress import PartitionProgress, make_counters
from .session import spark_session
from .sources import Source, TableColumns
from .summary import site_summary

LINT_GROUP = "claimlint-lint"


@dataclass
class Audit:
    """What the command reports at the end."""

    pages: int
    not_linted: int
    words: int
    findings: int
    seconds: float

    def line(self, output: str) -> str:
        rate = f" ({self.words / self.seconds:,.0f} words/s)" if self.seconds > 0 else ""
        not_linted = f" ({self.not_linted:,} not linted: see their error rows)" if self.not_linted else ""
        return (f"{self.pages:,} pages{not_linted}, {self.words:,} words, {self.findings:,} findings in "
                f"{self.seconds:.1f} s{rate}; findings in {Path(output) / 'findings'}, summary in "
                f"{Path(output) / 'summary'}")


def run_audit(inputs: list[str], output: str, run: Any, *, master: str | None, input_format: str | None = None,
              columns: TableColumns = TableColumns(), partitions: int | None = None, include_suppressed: bool = False,
              say: Callable[[str], None] = print) -> Audit:
    """The command's work, on a session it starts and stops (or the active one, left running). ``run`` is the
    ``api.Run`` of the command's options."""
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None  # under spark-submit, or in a notebook, the session is theirs
    spark = spark_session(master)
    try:
        return _audit(spark, inputs, output, run, input_format, columns, partitions, include_suppressed, say)
    except PySparkException as exc:  # an input Spark cannot read, an output it cannot write: one line, exit 2
        raise ClaimlintError(f"Spark: {first_line(exc)}") from None
    finally:
        if owned:
            spark.stop()


def _audit(spark: Any, inputs: list[str], output: str, run: Any, input_format: str | None, columns: TableColumns,
           partitions: int | None, include_suppressed: bool, say: Callable[[str], None]) -> Audit:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    started = time.monotonic()
    context = spark.sparkContext
    work = read_inputs(spark, inputs, input_format, columns, partitions)
    counters = make_counters(context)
    options = dict(id_column="url", content_column="content", type_column="content_type",
                   include_suppressed=include_suppressed, internal=True, counters=counters, run=run)
    tables = []
    if work.slices is not None:
        tables.append(run_job(work.slices, make_job(work.slices, source=Source(columns), **options)))
    if work.pages is not None:
        tables.append(run_job(work.pages, make_job(work.pages, **options)))
    table = tables[0] if len(tables) == 1 else tables[0].unionByName(tables[1])
    table = table.persist(StorageLevel.DISK_ONLY)
    context.setJobGroup(LINT_GROUP, "claimlint: lint pages, write findings")
    with PartitionProgress(counters, work.partitions, say):
        (table.where(F.col(ROW) != PAGE_ROW).select(*[f"`{c}`" for c in public_columns("url")])
         .write.mode("overwrite").parquet(str(Path(output) / "findings")))
    context.setJobGroup("claimlint-summary", "claimlint: per-site summary")
    # Kept in memory (a row a site) for the totals: neither the table nor the files written are read again.
    summary = site_summary(table).persist(StorageLevel.MEMORY_AND_DISK)
    summary.write.mode("overwrite").parquet(str(Path(output) / "summary"))
    totals = summary.agg(F.sum("pages"), F.sum("not_linted"), F.sum("words"), F.sum("findings")).first()
    summary.unpersist()
    table.unpersist()
    return Audit(*(int(v or 0) for v in totals), time.monotonic() - started)
