"""Inline suppression directives: documented waivers in the copy itself.

    <!-- claimlint-disable-next-line MSC-CURE -- quoting the regulator's warning -->
    <!-- claimlint-disable MSC-DOSE -- dose table reviewed by compliance 2026-11 -->
    ...
    <!-- claimlint-enable MSC-DOSE -->
    # claimlint-disable-next-line MSC-CURE -- reason        (plain text: a line of its own)

A reason after ``--`` is required: it is the compliance audit trail. A directive without
one, or one that waives nothing, is reported.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..findings import Finding
from ..packs.selection import selector_matches
from .syntax import CONTAINER, DIRECTIVE, KINDS, PREFIX


@dataclass
class Directive:
    kind: str
    rules: tuple[str, ...]
    reason: str
    line: int
    end_line: int
    used: bool = False


@dataclass
class Waivers:
    directives: list[Directive] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # line, level, message


def parse_directives(source: str) -> Waivers:
    out = Waivers()
    for container in CONTAINER.finditer(source):
        body = container.group("c") if container.group("c") is not None else container.group("l")
        offset = container.start("c") if container.group("c") is not None else container.start("l")
        for m in DIRECTIVE.finditer(body):
            line = source.count("\n", 0, offset + m.start()) + 1
            end_line = source.count("\n", 0, container.end()) + 1
            rules = tuple(r for r in re.split(r"[\s,]+", m.group("rules").strip()) if r)
            reason = (m.group("reason") or "").strip()
            kind = m.group("kind").lower()
            if kind not in KINDS:
                near = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.5)
                hint = f"; did you mean claimlint-{near[0]}?" if near else f" (known: {', '.join(KINDS)})"
                out.problems.append((line, "warning", f"unknown directive 'claimlint-{m.group('kind')}'{hint}"))
                continue
            if kind != "enable" and not reason:
                out.problems.append((line, "error", f"claimlint-{kind} needs a reason after ' -- ' (the audit trail)"))
                continue
            if kind != "enable" and not rules:
                out.problems.append((line, "error", f"claimlint-{kind} needs rule ids (or 'all')"))
                continue
            out.directives.append(Directive(kind, rules, reason, line, end_line))
    return out


def _covers(rules: tuple[str, ...], finding: Finding) -> bool:
    return any(selector_matches(r, finding.rule, finding.category) for r in rules)


def _next_content_line(source_lines: list[str], after: int) -> int:
    for number in range(after + 1, len(source_lines) + 1):
        if source_lines[number - 1].strip():
            return number
    return after + 1


def apply_directives(source: str, findings: list[Finding]) -> list[tuple[int, str, str]]:
    """Mark waived findings (``suppressed_by``) and return problems: missing reasons, unused directives."""
    if PREFIX not in source:  # no directive without it: the scan below was a tenth of a run answered from the cache
        return []
    waivers = parse_directives(source)
    lines = source.splitlines()
    open_blocks: list[Directive] = []
    ranges: list[tuple[Directive, int, int]] = []
    for d in sorted(waivers.directives, key=lambda d: d.line):
        if d.kind == "disable-next-line":
            target = _next_content_line(lines, d.end_line)
            ranges.append((d, target, target))
        elif d.kind == "disable":
            open_blocks.append(d)
        else:
            named = {r.casefold() for r in d.rules}
            for block in [b for b in open_blocks if not named or named & {r.casefold() for r in b.rules} or "all" in named]:
                open_blocks.remove(block)
                ranges.append((block, block.end_line, d.line))
    ranges += [(b, b.end_line, len(lines) + 1) for b in open_blocks]
    for f in findings:
        if f.severity is None:
            continue
        for d, first, last in ranges:
            if first <= f.line <= last and _covers(d.rules, f):
                f.suppressed_by = f"directive: {d.reason}"
                d.used = True
                break
    problems = list(waivers.problems)
    problems += [(d.line, "warning", f"claimlint-{d.kind} {' '.join(d.rules)} suppresses nothing")
                 for d in waivers.directives if d.kind != "enable" and not d.used]
    return problems
