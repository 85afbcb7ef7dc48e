"""Human output: one line per finding, optional explanation, and a summary line."""
from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Callable

import click

from ._common import message

if TYPE_CHECKING:
    from ..linter import LintResult

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def use_colour(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def format_text(result: LintResult, explain: bool = False, show_suppressed: bool = False, colour: bool = False,
                **_: object) -> str:
    style: Callable[..., str] = click.style if colour else (lambda text, **_: text)
    lines = []
    shown = result.findings if show_suppressed else result.reported
    for f in shown:
        where = style(f"{f.path}:{f.line}:{f.column}:", bold=True)
        severity = f.severity if f.reported else "suppressed"
        label = style(severity, fg=COLOURS.get(f.severity or "", "white")) if f.reported else style(severity, dim=True)
        if f.reported:
            text = message(f)
        else:
            text = f"{f.message} ({f.suppressed_by}{': ' + repr(f.cue) if f.cue else ''})"
        lines.append(f"{where} {style(f.rule, bold=True)} [{f.tier}] {label}: {text}")
        if explain:
            lines.append(f"    claim:      {f.text!r}")
            lines.append(f"    status:     {f.status}" + (f" (cue: {f.cue!r})" if f.cue else ""))
            lines.append(f"    reasoning:  {f.reasoning}")
            lines.append(f"    source:     {f.source}")
            for ref in f.references:
                lines.append(f"    reference:  {ref}")
            lines.append(f"    suggestion: {f.suggestion}")
    if result.reported:
        counts = Counter(f.severity for f in result.reported)
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in ("error", "warning", "info") if counts[s]]
        files = len({f.path for f in result.reported})
        lines.append(f"Found {len(result.reported)} claim{'s' if len(result.reported) != 1 else ''} beyond the evidence "
                     f"({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}.")
    return "\n".join(lines) + ("\n" if lines else "")
