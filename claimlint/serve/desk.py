"""What the desk shows: its page, and a checked copy rendered by the report's own renderer with each finding's
decision controls (fix, waive, dispute) and the edit each control makes to the copy."""
from __future__ import annotations

import importlib.resources
from string import Template

from .. import __version__
from ..findings import Finding, LintResult
from ..formats.html import content_security_policy, render_copy, report_assets
from ..formats.markup import Safe, escape, tag
from ..formats.report.documents import Actions
from ..formats.report.signoff import signoff
from ..readers.sources import kind_for
from ..suppress.syntax import waiver_comment

_ASSETS = importlib.resources.files(__package__) / "assets"
# The desk talks to its own server (fetch) and posts its forms to it; nothing else loads, as in the report.
EXTRA_CSP = "connect-src 'self'; form-action 'self'"
QUOTES = "\"'“”‘’ "


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


class DeskPage:
    """The page, its inline stylesheet and script (the report's, then the desk's) and the CSP allowing exactly them."""

    def __init__(self) -> None:
        report_css, report_js = report_assets()
        self.css = report_css + "\n" + _asset("desk.css")
        self.js = report_js + "\n" + _asset("desk.js")
        for text, element in ((self.css, "style"), (self.js, "script")):
            if f"</{element}" in text.lower():
                raise ValueError(f"the desk's assets must not contain '</{element}'")
        self.csp = content_security_policy(self.css, self.js, EXTRA_CSP)
        self.header_csp = self.csp + "; frame-ancestors 'none'"  # only a header can say it (a <meta> may not)
        self._template = Template(_asset("desk.html"))

    def render(self, csrf: str, categories: list[str], limit: int) -> str:
        options = "".join(str(tag("option", c, value=c)) for c in categories)
        return self._template.substitute(csp=escape(self.csp), generator=escape(f"claimlint {__version__}"),
                                         css=self.css, js=self.js, csrf=escape(csrf), categories=options,
                                         limit=escape(f"{limit // (1024 * 1024)} MB"))


def utf16(text: str, offset: int) -> int:
    """A code-point offset as the browser counts it (UTF-16 units): a textarea's selection is in those."""
    return len(text[:offset].encode("utf-16-le")) // 2


def fix_for(f: Finding, source: str, kind: str) -> tuple[int, int, str]:
    """The edit that accepts a finding's suggested wording: (start, end, replacement) in code points.

    The suggestion is a sentence, so it replaces the claim's sentence where that stands in the copy as written
    (else the claim's words); a page finding (a missing disclosure) has no words to replace, so its wording is
    added at the end."""
    wording = f.suggestion.strip().strip(QUOTES)
    if kind == "html":
        wording = str(escape(wording))
    if f.origin == "page":
        return len(source), len(source), ("\n\n" if source.strip() else "") + wording + "\n"
    at = source.rfind(f.sentence, 0, f.end) if f.sentence else -1
    if at >= 0 and at <= f.start and at + len(f.sentence) >= f.end:
        return at, at + len(f.sentence), wording
    return f.start, f.end, wording


def waiver_at(f: Finding, source: str) -> int | None:
    """Where a waiver comment for ``f`` goes: the start of the claim's line (the directive waives the next line);
    None for a page finding, which has no line of its own."""
    if f.origin == "page":
        return None
    return source.rfind("\n", 0, f.start) + 1


def waiver_text(kind: str, rule: str, reason: str) -> str | None:
    """The comment line the desk inserts (suppress/syntax.py); None for a draft, where only the review file can."""
    return waiver_comment(kind, rule, reason) + "\n" if kind in ("text", "markdown", "html") else None


def actions(text: str, kind: str) -> Actions:
    """The decision controls under each finding (the side panel shows a copy; the desk's script acts on either)."""
    def controls(n: int, f: Finding) -> Safe:
        start, end, wording = fix_for(f, text, kind)
        waiver = waiver_at(f, text)
        attrs = {"data_fingerprint": f.fingerprint or "", "data_rule": f.rule, "data_claim": f.text,
                 "data_fix_start": utf16(text, start), "data_fix_end": utf16(text, end), "data_fix_text": wording}
        if waiver is not None:
            attrs["data_waiver_at"] = utf16(text, waiver)
        return tag("div", tag("h4", "Decision"),
                   tag("button", "Accept the suggested wording", type="button", data_action="fix", class_="act act-fix"),
                   tag("label", "Reason for waiving", tag("input", type="text", class_="act-reason",
                                                          placeholder="e.g. quoting the regulator's warning")),
                   tag("button", "Waive", type="button", data_action="waive", class_="act act-waive"),
                   tag("label", "Why it is a false positive", tag("input", type="text", class_="act-note",
                                                                  placeholder="what the rule got wrong")),
                   tag("button", "Dispute", type="button", data_action="dispute", class_="act act-dispute"),
                   tag("p", "", class_="act-message", role="status"),
                   class_="desk-actions", **attrs)
    return controls


def rendered(result: LintResult, text: str, filename: str, review: dict | None) -> dict:
    """The desk's view of a checked copy: the report's articles and side panel, with decision controls, and the
    decisions made so far (the report's sign-off table)."""
    copy = render_copy(result, actions(text, kind_for(filename)))
    withheld = [f for f in result.findings if f.severity is not None and f.suppressed_by]
    return {
        "documents": str(copy.documents),
        "sidebar": str(copy.sidebar),
        "decisions": str(signoff(review)) if review else "",
        "findings": len(copy.numbered),
        "withheld": [{"rule": f.rule, "text": f.text, "why": f.suppressed_by} for f in withheld],
        "problems": [str(p) for p in result.problems],
    }
