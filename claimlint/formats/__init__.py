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

from typing import Callable

from ._common import Writer
from .github import GithubWriter, format_github
from .json import JSON_VERSION, JsonWriter, format_json
from .junit import format_junit
from .sarif import SarifWriter, format_sarif
from .text import COLOURS, TextWriter, format_text, use_colour

Formatter = Callable[..., str]  # (result: LintResult, **options) -> str


def format_html(result, **options) -> str:
    """The HTML report, its module (and the HTML reader it quotes copy with) loaded only when one is written: they
    were a tenth of a one-page check's start-up."""
    from .html import format_html as write

    return write(result, **options)

# One per name in claimlint.findings.FORMATS (the command's and the configuration's choices).

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
    "html": format_html,
}

# Formats written file by file as the run goes (the others need every finding first).
WRITERS: dict[str, Callable[..., Writer]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "sarif": SarifWriter,
    "github": GithubWriter,
}

__all__ = ["WRITERS", "Writer", "COLOURS", "FORMATTERS", "JSON_VERSION", "Formatter", "format_github", "format_html", "format_json",
           "format_junit", "format_sarif", "format_text", "use_colour"]
