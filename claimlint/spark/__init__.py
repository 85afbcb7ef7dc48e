"""Crawl-scale audits on Apache Spark: ``claimlint.spark.lint_pages`` and ``claimlint spark``.

``lint_pages(pages)`` takes a Spark DataFrame of pages (an id or URL, the content, optionally its content type)
and gives a DataFrame of findings with the JSON output's fields (``frames.py``). The pages go to Spark's Python
workers in Arrow batches (``mapInArrow``); each worker builds the same ``Linter`` that ``claimlint check`` runs,
once, from settings and pack texts shipped with the job, and lints each page through ``Linter.lint_data`` and the
suppression chain's inline step (``worker.py``); a page that fails is a problem row, never a failed task. The
table's columns come from the JSON contract (``columns.py``).

The command (``command.py``) reads web archives (``archives.py``, through the readers' WARC code) and JSON Lines in
slices its Python workers read themselves (``sources.py``), Parquet as a DataFrame (``inputs.py``), writes the
findings and a per-site summary (``summary.py``) as Parquet, and says on stderr when each partition is done
(``progress.py``). ``session.py`` starts a local Spark on loopback, quietly, with this interpreter as the workers'
Python, and says what is missing when pyspark or Java is.

An optional extra (``pip install 'clinic-claimlint[spark]'``): pyspark and pyarrow are imported here and nowhere
else, and nothing imports this package but the CLI, lazily.

May import: the standard library, pyspark, pyarrow, ``claimlint.api``, ``claimlint.config``, ``claimlint.errors``,
``claimlint.findings``, ``claimlint.linter``, ``claimlint.packs`` (the pack files to ship), ``claimlint.readers``
(formats, the size limit, web archives) and ``claimlint.suppress`` (the chain's inline step). Never spaCy or the
pipeline directly (the linter runs them), the formats or the CLI.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["lint_pages", "spark_session"]

if TYPE_CHECKING:
    from .frames import lint_pages
    from .session import spark_session


def __getattr__(name: str) -> Any:
    # Lazy: ``claimlint.spark.worker`` is what Spark's Python workers import, without the driver's pieces.
    if name == "lint_pages":
        from .frames import lint_pages

        return lint_pages
    if name == "spark_session":
        from .session import spark_session

        return spark_session
    raise AttributeError(name)
