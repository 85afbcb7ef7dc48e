"""Output formats for `claimlint check --format`: each is ``(result: LintResult, **options) -> str``.

Formatters take the options they use (explain, show_suppressed, colour, fail_on) and ignore the rest,
so the command can pass every option to whichever format was chosen.
"""
from __future__ import annotations

from typing import Callable

from ._common import Writer
from .github import GithubWriter, format_github
from .html import format_html
from .json import JSON_VERSION, JsonWriter, format_json
from .junit import format_junit
from .sarif import SarifWriter, format_sarif
from .text import COLOURS, TextWriter, format_text, use_colour

Formatter = Callable[..., str]  # (result: LintResult, **options) -> str

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
