"""SARIF 2.1.0, the format GitHub code scanning and other CI dashboards ingest."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

from .. import __version__
from ..findings import FINGERPRINT_KEY, Finding, LintResult, Problem, page_summary
from ._common import by_page, is_url, json_array_end, json_items, message, relative_path, resolved_path, write_all

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# The distribution's public page; SARIF viewers link the tool name to it.
INFORMATION_URI = "https://pypi.org/project/clinic-claimlint/"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifWriter:
    """Results are written as each file is done. They come first in the run object (JSON objects are
    unordered): the rules they reference, and whether the run succeeded, are known only at the end."""

    def __init__(self, **_: object) -> None:
        self.started = False
        self.written = 0
        self.rules: dict[str, int] = {}  # rule id -> ruleIndex, in order of first result
        self.first: list[Finding] = []  # each rule's first result, for its descriptor
        self.asserted: dict[str, str] = {}  # rule id -> severity of its first asserted result
        self.summaries: list[dict] = []  # each page's net impression (issue 20), as the JSON format's `summaries`

    def add(self, findings: list[Finding]) -> str:
        rated = [f for f in findings if f.severity is not None]
        for f in rated:
            if f.rule not in self.rules:
                self.rules[f.rule] = len(self.first)
                self.first.append(f)
            if f.status == "asserted":
                self.asserted.setdefault(f.rule, f.severity)
        items = [_result(f, self.rules[f.rule]) for f in rated]
        self.summaries.extend(page_summary(found) for found in by_page(findings).values())
        out = self._start() + "".join(json_items(items, 3, self.written))
        self.written += len(items)
        return out

    def _start(self) -> str:
        head, self.started = ("" if self.started else HEADER), True
        return head

    def close(self, result: LintResult) -> Iterator[str]:
        rest = {
            "tool": {"driver": {
                "name": "claimlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(f, self._level(f)) for f in self.first],
            }},
            "invocations": [_invocation(result.problems)],
            # Columns come from offsets into the decoded text, so they count code points, not UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
            "properties": {"summaries": self.summaries},
        }
        members = json.dumps(rest, indent=2, ensure_ascii=False).replace("\n", "\n    ")[1:-1].rstrip()
        yield self._start() + json_array_end(self.written, 3) + "," + members + "\n    }\n  ]\n}\n"

    def _level(self, f: Finding) -> str:
        # A plain assertion gets the rule's full severity (including a rule's own override), so an
        # asserted result shows it; otherwise fall back to the verdict table for an asserted claim of this tier.
        asserted = self.asserted.get(f.rule) or f.asserted_severity or f.severity
        return LEVELS[asserted]


HEADER = (f'{{\n  "$schema": {json.dumps(SCHEMA_URI)},\n  "version": "2.1.0",\n  "runs": [\n    {{\n'
          f'      "results": [')


def format_sarif(result: LintResult, **options: object) -> str:
    return write_all(SarifWriter(**options), result)


def artifact_location(path: str) -> dict[str, str]:
    """Files under the working directory are relative to %SRCROOT% (the checkout); anything else is absolute."""
    if is_url(path):
        return {"uri": path}
    relative = relative_path(path)
    if relative is None:
        return {"uri": resolved_path(path).as_uri()}
    return {"uri": quote(relative), "uriBaseId": SRCROOT}


def _descriptor(f: Finding, level: str) -> dict[str, Any]:
    references = "".join(f"\n- {ref}" for ref in f.references)
    descriptor: dict[str, Any] = {
        "id": f.rule,
        # SARIF wants a readable identifier here: MSC-DIFFERENTIATION -> MscDifferentiation.
        "name": "".join(part.capitalize() for part in f.rule.replace("_", "-").split("-")),
        "shortDescription": {"text": f.message},
        "fullDescription": {"text": f.reasoning},
        "help": {
            "text": (f"Evidence tier: {f.tier}\n\nWhy: {f.reasoning}\n\nSource: {f.source}\n"
                     + (f"\nReferences:{references}\n" if references else "")
                     + f"\nSuggested wording: {f.suggestion}"),
            "markdown": (f"**Evidence tier:** `{f.tier}`\n\n**Why:** {f.reasoning}\n\n**Source:** {f.source}\n"
                         + (f"\n**References:**\n{references}\n" if references else "")
                         + f"\n**Suggested wording:** {f.suggestion}"),
        },
        "defaultConfiguration": {"level": level},
        "properties": {"tier": f.tier, "category": f.category, "tags": ["claimlint", f.category, f.tier]},
    }
    if f.link:
        descriptor["helpUri"] = f.link
    return descriptor


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity or "info"],
        "message": {"text": message(f)},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact_location(f.path),
            "region": {
                "startLine": f.line,
                "startColumn": f.column,
                "endLine": f.end_line,
                "endColumn": f.end_column,
                "charOffset": f.start,
                "charLength": f.end - f.start,
                "snippet": {"text": f.text},
            },
        }}],
        # Not the line: CI must keep matching the claim when the page above it changes.
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"tier": f.tier, "status": f.status, "category": f.category, "reasoning": f.reasoning,
                       "origin": f.origin, **({"score": f.score} if f.score is not None else {})},
    }
    if f.pages:  # copy the site shares: one result, the other pages it is on as related locations
        out["relatedLocations"] = [{"id": i, "physicalLocation": {"artifactLocation": artifact_location(page)},
                                    "message": {"text": "the same copy, on this page too"}}
                                   for i, page in enumerate(f.pages[1:], 1)]
        out["properties"]["pages"] = len(f.pages)
    if f.suppressed_by is not None:
        out["suppressions"] = [_suppression(f.suppressed_by)]
    return out


def _suppression(waiver: str) -> dict[str, str]:
    """'directive: <reason>' was written in the file itself, justified by its reason; anything else (per-path
    ignores, --diff, a baseline) lives outside it and is named as it is."""
    kind, _, reason = waiver.partition(":")
    if kind.strip() == "directive":
        return {"kind": "inSource", "justification": reason.strip() or waiver}
    return {"kind": "external", "justification": waiver}


def _invocation(problems: list[Problem]) -> dict[str, Any]:
    return {
        # Unreadable files mean the run did not cover everything it was asked to.
        "executionSuccessful": not any(p.level == "error" for p in problems),
        "toolExecutionNotifications": [_notification(p) for p in problems],
    }


def _notification(problem: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {"level": problem.level, "message": {"text": problem.message}}
    if problem.path:  # some problems are about the invocation, not a file
        out["locations"] = [{"physicalLocation": {"artifactLocation": artifact_location(problem.path)}}]
    return out
