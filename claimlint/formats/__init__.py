"""Output formats for `claimlint check --format`: each is ``(result: LintResult, **options) -> str``.

Formatters take the options they use (explain, show_suppressed, colour, fail_on) and ignore the rest,
so the command can pass every option to whichever format was chosen.

The formats write what the findings already say. May import: the data model (``claimlint.findings``), their
own modules, the package version, the standard library, click (colour) and markdown-it (the report's
evidence); never spaCy, the pipeline, the packs or the readers. Whatever a format shows comes with the
LintResult (the evidence sections the report embeds, each file as read), and no format recomputes a
finding's severity or identity.
"""
from __future__ import annotations

from typing import Any, Callable

from .. import on_first_use
from ._common import Writer
from .text import TextWriter, format_text, use_colour

Formatter = Callable[..., str]  # (result: LintResult, **options) -> str


# A run writes one format: the others' modules (XML for JUnit, the HTML report and the HTML reader it quotes copy
# with) are imported only when their format is written; importing them all was a twentieth of a run the result
# cache answered.
def _on_use(module: str, name: str) -> Callable[..., Any]:
    return on_first_use(__package__, module, name)


# One per name in claimlint.findings.FORMATS (the command's and the configuration's choices).

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": _on_use(".json", "format_json"),
    "sarif": _on_use(".sarif", "format_sarif"),
    "github": _on_use(".github", "format_github"),
    "junit": _on_use(".junit", "format_junit"),
    "html": _on_use(".html", "format_html"),
}

# Formats written file by file as the run goes (the others need every finding first).
WRITERS: dict[str, Callable[..., Writer]] = {
    "text": TextWriter,
    "json": _on_use(".json", "JsonWriter"),
    "sarif": _on_use(".sarif", "SarifWriter"),
    "github": _on_use(".github", "GithubWriter"),
}

__all__ = ["FORMATTERS", "WRITERS", "Formatter", "Writer", "use_colour"]
