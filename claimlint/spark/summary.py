"""The per-site summary of an audit: pages, words, pages not linted, reported findings by severity, tier and
category. Computed in Spark from the linted table (its page rows and finding rows), so it scales with the audit."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .columns import ERROR_LEVEL, FINDING_ROW, PAGE_ROW, ROW, SITE, WORDS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def site_summary(table: DataFrame) -> DataFrame:
    """One row per site (a page's host; for a path, its folder): ``site``, ``pages``, ``words``, ``not_linted``,
    ``findings`` (reported), and maps from severity, tier and category to how many reported findings have it."""
    from pyspark.sql import functions as F

    pages = (table.where(F.col(ROW) == PAGE_ROW).groupBy(SITE)
             .agg(F.count(F.lit(1)).alias("pages"), F.sum(WORDS).alias("words"),
                  F.sum(F.when(F.col(ERROR_LEVEL) == "error", 1).otherwise(0)).alias("not_linted")))
    reported = table.where((F.col(ROW) == FINDING_ROW) & F.col("severity").isNotNull() & F.col("suppressed_by").isNull())
    totals = reported.groupBy(SITE).agg(F.count(F.lit(1)).alias("findings"))
    summary = pages.join(totals, SITE, "left")
    for column, name in (("severity", "severities"), ("tier", "tiers"), ("category", "categories")):
        counts = (reported.groupBy(SITE, column).agg(F.count(F.lit(1)).alias("n"))
                  .groupBy(SITE).agg(F.map_from_entries(F.sort_array(F.collect_list(F.struct(column, "n")))).alias(name)))
        summary = summary.join(counts, SITE, "left")
    empty = F.create_map().cast("map<string,bigint>")
    return (summary.select(F.col(SITE).alias("site"), "pages", F.coalesce("words", F.lit(0)).alias("words"),
                           "not_linted", F.coalesce("findings", F.lit(0)).alias("findings"),
                           *(F.coalesce(name, empty).alias(name) for name in ("severities", "tiers", "categories")))
            .orderBy("site"))
