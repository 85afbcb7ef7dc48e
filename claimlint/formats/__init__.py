"""Output formats for `claimlint check --format`: each is ``(result: LintResult, **options) -> str``.

Formatters take the options they use (explain, show_suppressed, colour, fail_on) and ignore the rest,
so the command can pass every option to whichever format was chosen.
"""
from __future__ import annotations

from typing import Callable

from .github import format_github
from .html import format_html
from .json import JSON_VERSION, format_json
from .junit import format_junit
from .sarif import format_sarif
from .text import COLOURS, format_text, use_colour

Formatter = Callable[..., str]  # (result: LintResult, **options) -> str

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
    "html": format_html,
}

__all__ = ["COLOURS", "FORMATTERS", "JSON_VERSION", "Formatter", "format_github", "format_html", "format_json",
           "format_junit", "format_sarif", "format_text", "use_colour"]
