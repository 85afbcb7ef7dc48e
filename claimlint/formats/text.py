"""Human output: one line per finding, optional explanation, and a summary line."""
from __future__ import annotations

import os
from collections import Counter
from typing import Callable

import click

from ..findings import SEVERITIES, Finding, LintResult, page_summary
from ._common import by_page, message, origin, summary_parts, write_all


COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def use_colour(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


class TextWriter:
    """Writes each file's findings as they come, and a summary line at the end."""

    def __init__(self, explain: bool = False, show_suppressed: bool = False, colour: bool = False, **_: object) -> None:
        self.explain, self.show_suppressed = explain, show_suppressed
        self.style: Callable[..., str] = click.style if colour else (lambda text, **_: text)
        self.counts: Counter = Counter()
        self.files = 0

    def add(self, findings: list[Finding]) -> str:
        reported = [f for f in findings if f.reported]
        self.counts.update(f.severity for f in reported)
        self.files += len({f.path for f in reported})
        return "".join(self._page(found) for found in by_page(findings).values())

    def _page(self, findings: list[Finding]) -> str:
        """One file's findings, then its verdict (issue 20) when anything in it is reported."""
        style, lines = self.style, []
        reported = [f for f in findings if f.reported]
        for f in findings if self.show_suppressed else reported:
            where = style(f"{f.path}:{f.line}:{f.column}:", bold=True)
            severity = f.severity if f.reported else "suppressed"
            label = style(severity, fg=COLOURS.get(f.severity or "", "white")) if f.reported else style(severity, dim=True)
            if f.reported:
                text = message(f)
            else:
                text = f"{f.message} ({f.suppressed_by}{': ' + repr(f.cue) if f.cue else ''})"
            lines.append(f"{where} {style(f.rule, bold=True)} [{f.tier}] {label}: {text}")
            if self.explain:
                lines.append(f"    claim:      {f.text!r}")
                if f.origin != "rules":
                    lines.append(f"    found by:   {origin(f)}")
                lines.append(f"    status:     {f.status}" + (f" (cue: {f.cue!r})" if f.cue else ""))
                lines.append(f"    reasoning:  {f.reasoning}")
                lines.append(f"    source:     {f.source}")
                for ref in f.references:
                    lines.append(f"    reference:  {ref}")
                lines.append(f"    suggestion: {f.suggestion}")
        if reported:
            verdict, rest = summary_parts(page_summary(findings))
            lines.append(f"{style(findings[0].path + ':', bold=True)} {style(verdict, bold=True)}{rest}")
        return "".join(line + "\n" for line in lines)

    def close(self, _: LintResult) -> str:
        total = sum(self.counts.values())
        if not total:
            return ""
        parts = [f"{self.counts[s]} {s}{'s' if self.counts[s] != 1 and s != 'info' else ''}"
                 for s in SEVERITIES if self.counts[s]]
        files = self.files
        return (f"Found {total} claim{'s' if total != 1 else ''} beyond the evidence "
                f"({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}.\n")


def format_text(result: LintResult, **options: object) -> str:
    return write_all(TextWriter(**options), result)
