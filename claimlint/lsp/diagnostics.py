"""Findings as LSP diagnostics: claimlint's severities as the editor's, the rule id as the code, linked to the rule.

The link (``codeDescription``) is the rule's own ``link`` when its pack gives one; otherwise the pack file at the
rule's line (``file:///.../msc-diabetes.yaml#L512``): the README has no section per rule, and the pack entry is
the rule's whole explanation (title, message, suggested wording, the examples it must flag and pass), with the
evidence section it cites one hover away.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types

from ..errors import ClaimlintError
from ..findings import Finding
from .linting import Outcome
from .positions import LineIndex

SOURCE = "claimlint"
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


def rule_link(rule: Any) -> str | None:
    """Where a rule is explained: its own link, else its pack file at its line."""
    if rule is None:
        return None
    if rule.link:
        return rule.link
    return f"{Path(rule.path).resolve().as_uri()}#L{rule.line}" if rule.path else None


def finding_diagnostic(finding: Finding, index: LineIndex, rules: dict[str, Any]) -> types.Diagnostic:
    link = rule_link(rules.get(finding.rule))
    return types.Diagnostic(
        range=index.range(finding.start, finding.end),
        severity=SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        message=f"{finding.message} [{finding.tier}]",
        # Which finding this is when the client hands the diagnostic back (code actions): its fingerprint.
        data={"fingerprint": finding.fingerprint},
    )


def diagnostics(outcome: Outcome, index: LineIndex) -> list[types.Diagnostic]:
    """What the editor shows on the document: its findings and its waivers' problems, or the one notice why it was
    not linted. A configuration error is shown on the configuration, not here (``config_diagnostic``)."""
    if outcome.notice:
        return [types.Diagnostic(range=index.range(0, 0), message=outcome.notice, source=SOURCE,
                                 severity=types.DiagnosticSeverity.Information)]
    out = [finding_diagnostic(f, index, outcome.rules) for f in outcome.findings]
    for line, level, message in outcome.problems:
        out.append(types.Diagnostic(range=index.line_range(line - 1), message=message, source=SOURCE,
                                    severity=SEVERITY.get(level, types.DiagnosticSeverity.Error)))
    return out


def config_diagnostic(error: ClaimlintError, index: LineIndex) -> types.Diagnostic:
    """The one diagnostic for a configuration (or a pack or baseline it names) claimlint cannot use, on its line
    (``index``: that file's text)."""
    return types.Diagnostic(range=index.line_range((error.line or 1) - 1), message=error.message,
                            source=SOURCE, severity=types.DiagnosticSeverity.Error)
