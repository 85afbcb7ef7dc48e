"""The html review report: one self-contained, offline page for compliance reviewers.

The page is rendered on the server side and escaped there (``markup``): a summary, then each
document's copy with every reported finding highlighted in its tier's colour and explained in a
list beneath it. The one inline script (report/assets/report.js) only adds filters, keyboard
navigation and the side panel; it never turns text into markup. A Content-Security-Policy allows
exactly that script and stylesheet (by hash) and nothing else: no other script, handler or request runs.
The page opens with ``<meta name="generator" content="claimlint X.Y">``: a directory walk skips a file
that does (readers/walk.py), so a report written into the linted folder is not linted as copy next time.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.resources
from dataclasses import dataclass
from datetime import datetime, timezone
from string import Template

from .. import __version__
from ..findings import Finding, LintResult, at_or_above
from .markup import Safe, escape, join
from .report.documents import Actions, document
from .report.evidence import evidence_appendix
from .report.model import Document, count, documents_of
from .report.sidebar import sidebar
from .report.signoff import signoff
from .report.summary import header, summary, verdict

_ASSETS = importlib.resources.files(__package__) / "report" / "assets"


@dataclass
class Rendered:
    """The copy part of the report: each document's article (copy, findings, evidence) and the side panel.

    The report page and the review desk (claimlint/serve) both show exactly this."""

    documents: Safe
    sidebar: Safe
    files: list[Document]
    numbered: list[tuple[int, Finding]]


def render_copy(result: LintResult, actions: Actions | None = None) -> Rendered:
    """The documents with their findings highlighted and the side panel; ``actions`` adds controls under each
    finding's details (the desk's review decisions)."""
    documents = documents_of(result)
    numbered = [item for doc in documents for item in doc.findings]
    # The evidence cited sits after the copy, in the same column: the Source rows link to it.
    articles = join([*(document(doc, result.evidence, actions) for doc in documents),
                     evidence_appendix(numbered, result.evidence)])
    return Rendered(articles, sidebar(documents, numbered), documents, numbered)


def report_assets() -> tuple[str, str]:
    """The report's stylesheet and script, as inlined (the CSP allows them by hash)."""
    return _inline("report.css", "style"), _inline("report.js", "script")


def format_html(result: LintResult, fail_on: str = "warning", generated: datetime | None = None,
                review: dict | None = None, **_: object) -> str:
    """The whole report page; ``fail_on`` is the level the pass/fail verdict is judged at; ``review`` (a review
    file, suppress/review.py) adds the reviewer's sign-off: who, when, and each decision."""
    rendered = render_copy(result)
    failing = at_or_above(result.findings, fail_on)
    css, js = report_assets()
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    title = (f"claimlint report: {'FAIL' if failing else 'PASS'}, {count(len(rendered.numbered), 'finding')}"
             f" in {count(len(rendered.files), 'file')}")
    return Template(_asset("report.html")).substitute(
        csp=escape(content_security_policy(css, js)),
        generator=escape(f"claimlint {__version__}"),
        title=escape(title),
        css=css,
        js=js,
        header=header(rendered.files, rendered.numbered, when),
        verdict=join([verdict(result, failing, fail_on), signoff(review) if review is not None else None]),
        summary=summary(result, rendered.files, rendered.numbered),
        documents=rendered.documents,
        sidebar=rendered.sidebar,
    )


def content_security_policy(css: str, js: str, extra: str = "") -> str:
    """Only the report's own stylesheet and script, by hash: injected scripts and handlers cannot run, nothing loads.

    ``extra`` adds directives (the review desk also talks to its own server: ``connect-src 'self'``)."""
    if extra:
        return (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
                f"base-uri 'none'; {extra}")
    return (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
            "base-uri 'none'; form-action 'none'")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _inline(name: str, element: str) -> str:
    """An asset to inline in ``<element>``; a closing tag inside it would end the element early."""
    text = _asset(name)
    if f"</{element}" in text.lower():
        raise ValueError(f"{name} must not contain '</{element}'")
    return text
