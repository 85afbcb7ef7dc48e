"""The columns of a findings table: the page's id, then the JSON output's finding fields, then the page's problem.

Built from ``claimlint.findings.JSON_FIELD_TYPES`` (the JSON contract), never listed by hand, so the table and
``claimlint check --format json`` cannot drift apart. Each type is given twice, for Arrow (what the Python worker
writes) and as Spark DDL (the schema ``mapInArrow`` is told).
"""
from __future__ import annotations

from ..findings import JSON_FIELD_TYPES

# Annotated type -> (Arrow type name, Spark DDL). Every field may be null in the table: an error row has no finding.
_TYPES = {
    "str": ("string", "string"),
    "int": ("int64", "bigint"),
    "float": ("float64", "double"),
    "list[str]": ("list<string>", "array<string>"),
}

# A page's problem: its message (the JSON output's ``errors``/``warnings`` entry) and its level. "error": the page
# was not linted (undecodable, over the size limit, a parser error); "warning": it was, with a note.
ERROR, ERROR_LEVEL = "error", "error_level"
# Internal to the command: which kind of row (a finding, a problem, or one row per page for the summary), the page's
# words and the site it belongs to.
ROW, WORDS, SITE = "_row", "_words", "_site"
FINDING_ROW, PROBLEM_ROW, PAGE_ROW = "finding", "problem", "page"


def _base(annotation: str) -> str:
    return annotation.replace(" | None", "").strip()


def finding_fields() -> list[tuple[str, str, str]]:
    """(name, Arrow type, Spark DDL type) of each finding field, in the JSON output's order."""
    out = []
    for name, annotation in JSON_FIELD_TYPES.items():
        arrow, ddl = _TYPES[_base(annotation)]
        out.append((name, arrow, ddl))
    return out


def table_fields(id_column: str, internal: bool) -> list[tuple[str, str, str]]:
    """Every column of the table, the id first; ``internal`` adds the command's own (row kind, words, site)."""
    names = {name for name, _, _ in finding_fields()} | {ERROR, ERROR_LEVEL, ROW, WORDS, SITE}
    if id_column in names:
        raise ValueError(f"the id column may not be called {id_column!r}: the findings table has a column of that name")
    fields = [(id_column, "string", "string"), *finding_fields(), (ERROR, "string", "string"),
              (ERROR_LEVEL, "string", "string")]
    if internal:
        fields += [(ROW, "string", "string"), (WORDS, "int64", "bigint"), (SITE, "string", "string")]
    return fields


def ddl(fields: list[tuple[str, str, str]]) -> str:
    """The Spark schema, as DDL (backquoted: ``end`` and ``references`` are SQL keywords)."""
    return ", ".join(f"`{name}` {spark_type}" for name, _, spark_type in fields)


def arrow_schema(fields: list[tuple[str, str, str]]):
    """The same schema for pyarrow (imported here: only a Python worker, or the driver, with the extra has it)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "list<string>": pa.list_(pa.string())}
    return pa.schema([(name, types[arrow]) for name, arrow, _ in fields])
