"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff."""
from __future__ import annotations

from ..findings import Finding, LintResult, Problem, page_summary
from ._common import by_page, display_path, message, summary_parts, write_all

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}

# The runner's own rules (actions/toolkit, command.ts): '%' first so the other escapes are not re-escaped.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = _DATA_ESCAPES + ((":", "%3A"), (",", "%2C"))


def escape_data(value: str) -> str:
    """Escape the message after '::' so a newline cannot end the command or start another."""
    return _escape(value, _DATA_ESCAPES)


def escape_property(value: str) -> str:
    """Escape a key=value property; ':' and ',' would otherwise end the value early."""
    return _escape(value, _PROPERTY_ESCAPES)


def _escape(value: str, table: tuple[tuple[str, str], ...]) -> str:
    for char, code in table:
        value = value.replace(char, code)
    return value


def command(name: str, message_text: str, **properties: object) -> str:
    """One workflow command line: ``::name key=value,...::message``."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message_text)}"


class GithubWriter:
    """Annotations for each file's findings as they come; problems with files at the end."""

    def __init__(self, **_: object) -> None:
        pass

    def add(self, findings: list[Finding]) -> str:
        return "".join(_page(found) for found in by_page(findings).values())

    def close(self, result: LintResult) -> str:
        return "".join(_problem(p) + "\n" for p in result.problems)


def format_github(result: LintResult, **options: object) -> str:
    return write_all(GithubWriter(**options), result)


def _page(findings: list[Finding]) -> str:
    """One file's annotations, then its verdict (issue 20) as a notice on the file when anything is reported."""
    reported = [f for f in findings if f.reported]
    if not reported:
        return ""
    verdict, rest = summary_parts(page_summary(findings))
    notice = command("notice", verdict + rest, file=display_path(reported[0].path), title="claimlint page verdict")
    return "".join(_finding(f) + "\n" for f in reported) + notice + "\n"


def _finding(f: Finding) -> str:
    return command(COMMANDS[f.severity or "info"], message(f), file=display_path(f.path), line=f.line, col=f.column,
                   endLine=f.end_line, endColumn=f.end_column, title=f"{f.rule} [{f.tier}]")


def _problem(p: Problem) -> str:
    name = "error" if p.level == "error" else "warning"
    return command(name, p.message, file=display_path(p.path)) if p.path else command(name, p.message)
