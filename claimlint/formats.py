"""Output formats: human text and the JSON contract other tools read."""
from __future__ import annotations

import json
import os
from collections import Counter
from typing import Callable

import click

from . import __version__
from .findings import Finding
from .linter import LintResult

JSON_VERSION = "1"
COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def use_colour(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def format_text(result: LintResult, explain: bool = False, show_suppressed: bool = False, colour: bool = False) -> str:
    style: Callable[..., str] = click.style if colour else (lambda text, **_: text)
    lines = []
    shown = result.findings if show_suppressed else result.reported
    for f in shown:
        where = style(f"{f.path}:{f.line}:{f.column}:", bold=True)
        severity = f.severity if f.reported else "suppressed"
        label = style(severity, fg=COLOURS.get(f.severity or "", "white")) if f.reported else style(severity, dim=True)
        note = f" ({f.note})" if f.note and f.reported else ""
        if not f.reported:
            note = f" ({f.suppressed_by}{': ' + repr(f.cue) if f.cue else ''})"
        lines.append(f"{where} {style(f.rule, bold=True)} [{f.tier}] {label}: {f.message}{note}")
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


def format_json(result: LintResult, **_: object) -> str:
    payload = {
        "version": JSON_VERSION,
        "claimlint": __version__,
        "findings": [f.to_dict() for f in result.reported],
        "suppressed": [f.to_dict() for f in result.findings if not f.reported],
        "errors": [p.to_dict() for p in result.problems if p.level == "error"],
        "warnings": [p.to_dict() for p in result.problems if p.level == "warning"],
        "files": result.files,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"text": format_text, "json": format_json}
