"""The per-site summary of an audit: pages, words, pages not linted, reported findings by severity, tier and
category. Computed in Spark from the linted table (its page rows and finding rows) in one aggregation, so it scales
with the audit and costs one shuffle."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .columns import ERROR_LEVEL, FINDING_ROW, PAGE_ROW, ROW, SITE, WORDS

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame


def site_summary(table: DataFrame) -> DataFrame:
    """One row per site, in one partition sorted by site (a page's host; for a path, its folder): ``site``, ``pages``, ``words``, ``not_linted``,
    ``findings`` (reported), and maps from severity, tier and category to how many reported findings have it."""
    from pyspark.sql import functions as F

    page = F.col(ROW) == PAGE_ROW
    reported = (F.col(ROW) == FINDING_ROW) & F.col("severity").isNotNull() & F.col("suppressed_by").isNull()
    rows = table.where(page | reported)
    summary = rows.groupBy(SITE).agg(
        F.sum(F.when(page, 1).otherwise(0)).alias("pages"),
        F.sum(F.when(page, F.col(WORDS)).otherwise(0)).alias("words"),
        F.sum(F.when(page & (F.col(ERROR_LEVEL) == "error"), 1).otherwise(0)).alias("not_linted"),
        F.sum(F.when(reported, 1).otherwise(0)).alias("findings"),
        *(F.collect_list(F.when(reported, F.col(column))).alias(name)  # collect_list leaves the nulls out
          for column, name in (("severity", "severities"), ("tier", "tiers"), ("category", "categories"))))
    # One partition, sorted in place: a global orderBy would first sample the sites in a job of its own.
    return (summary.select(F.col(SITE).alias("site"), "pages", "words", "not_linted", "findings",
                           *(_counted(name).alias(name) for name in ("severities", "tiers", "categories")))
            .coalesce(1).sortWithinPartitions("site"))


def _counted(name: str) -> Column:
    """An array of values as a map from each distinct value (sorted) to how many times it occurs."""
    from pyspark.sql import functions as F

    values = F.col(name)
    keys = F.array_sort(F.array_distinct(values))
    return F.map_from_arrays(keys, F.transform(keys, lambda key: F.size(F.filter(values, lambda v: v == key))))
