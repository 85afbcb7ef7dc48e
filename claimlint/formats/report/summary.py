"""The top of the html report: title, pass/fail verdict, and findings by tier, category and file."""
from __future__ import annotations

from collections import Counter

from ... import __version__
from ...findings import SEVERITIES, Finding, LintResult
from ..markup import Safe, tag
from .model import Document, count, severities, slug, tier_label, tiers


def header(documents: list[Document], numbered: list[tuple[int, Finding]], when: str) -> Safe:
    with_findings = sum(1 for d in documents if d.findings)
    meta = (f"{count(len(numbered), 'finding')} in {with_findings} of {count(len(documents), 'file')}"
            f" · generated {when} · claimlint {__version__}")
    return tag("header", tag("p", "claimlint · claim review report", class_="eyebrow"),
               tag("h1", "Marketing claims beyond the evidence"), tag("p", meta, class_="meta"), class_="report-head")


def verdict(result: LintResult, failing: list[Finding], fail_on: str) -> Safe:
    if failing:
        word, detail = "Fail", f"{count(len(failing), 'finding')} at or above {fail_on}, the fail level."
    else:
        word, detail = "Pass", f"Nothing at or above {fail_on}, the fail level."
    extra = None
    if result.errors:
        extra = tag("span", f"Incomplete: {count(len(result.errors), 'file')} could not be read (see Problems).",
                    class_="verdict-extra")
    return tag("section", tag("strong", word, class_="verdict-word"), tag("span", detail, class_="verdict-detail"), extra,
               class_=f"verdict verdict-{word.lower()}", aria_label="Result")


def summary(result: LintResult, documents: list[Document], numbered: list[tuple[int, Finding]]) -> Safe:
    findings = [f for _, f in numbered]
    parts = [tag("h2", "Summary", id="summary-title"), _tier_cards(findings)]
    tables = [tag("div", table, class_="table-wrap") for table in (_file_table(documents), _category_table(findings))]
    parts.append(tag("div", *tables, class_="tables"))
    parts.append(_site_wide(findings))
    parts.append(_problems(result))
    parts.append(_unreported(result))
    return tag("section", *parts, class_="summary", aria_labelledby="summary-title")


def _tier_cards(findings: list[Finding]) -> Safe:
    cards = []
    for tier in tiers(findings):
        mine = [f for f in findings if f.tier == tier]
        by_severity = Counter(f.severity for f in mine)
        sub = severities(by_severity) or "none"
        cards.append(tag("div", tag("span", len(mine), class_="card-n"), tag("span", tier_label(tier), class_="card-label"),
                         tag("span", sub, class_="card-sub"), class_=f"card tier-{slug(tier)}"))
    total = Counter(f.severity for f in findings)
    sub = severities(total) or "nothing reported"
    cards.insert(0, tag("div", tag("span", len(findings), class_="card-n"), tag("span", "Findings", class_="card-label"),
                        tag("span", sub, class_="card-sub"), class_="card card-total"))
    return tag("div", *cards, class_="cards")


def _category_table(findings: list[Finding]) -> Safe:
    columns = tiers(findings)
    counts = Counter((f.category, f.tier) for f in findings)
    rows = []
    for category in sorted({f.category for f in findings}):
        cells = [tag("td", counts[(category, t)] or "", class_="num") for t in columns]
        rows.append(tag("tr", tag("th", category, scope="row"), *cells,
                        tag("td", sum(counts[(category, t)] for t in columns), class_="num total")))
    if not rows:
        rows.append(tag("tr", tag("td", "No findings", colspan=len(columns) + 2)))
    head = tag("tr", tag("th", "Category", scope="col"),
               *[tag("th", tier_label(t), scope="col", class_=f"num th-tier tier-{slug(t)}") for t in columns],
               tag("th", "Total", scope="col", class_="num"))
    return tag("table", tag("caption", "By category and tier"), tag("thead", head), tag("tbody", *rows), class_="grid")


def _file_table(documents: list[Document]) -> Safe:
    # A site (a crawl, a web archive) is reviewed worst page first; files keep the order they were named in.
    site = any(f.fetched for doc in documents for _, f in doc.findings)
    rows = []
    for doc in sorted(documents, key=lambda d: -len(d.findings)) if site else documents:
        counts = Counter(f.severity for _, f in doc.findings)
        link = tag("a", doc.path, href=f"#doc-{doc.index}", class_="path")
        rows.append(tag("tr", tag("th", link, scope="row"),
                        *[tag("td", counts[s] or "", class_="num") for s in SEVERITIES],
                        tag("td", len(doc.findings), class_="num total"), data_file=doc.key))
    if not rows:
        rows.append(tag("tr", tag("td", "No files were linted", colspan=len(SEVERITIES) + 2)))
    head = tag("tr", tag("th", "File", scope="col"), *[tag("th", s.capitalize(), scope="col", class_="num") for s in SEVERITIES],
               tag("th", "Total", scope="col", class_="num"))
    caption = "Pages by findings, most first" if site else "By file and severity"
    return tag("table", tag("caption", caption), tag("thead", head), tag("tbody", *rows), class_="grid")


def _site_wide(findings: list[Finding]) -> Safe | None:
    """Claims in copy many pages of a crawl or archive share (a footer, the navigation): each is highlighted once,
    on its first page; here are the pages it is on."""
    shared = [f for f in findings if f.pages]
    if not shared:
        return None
    items = [tag("li", tag("code", f.rule), " ", f"“{f.text}”", " — ", f"on {count(len(f.pages), 'page')}: ",
                 tag("details", tag("summary", "pages"), tag("ul", *[tag("li", p, class_="path") for p in f.pages])))
             for f in shared]
    return tag("section", tag("h3", "Site-wide"), tag("p", "Claims in copy shared across the site, reported once:"),
               tag("ul", *items, class_="site-wide"), class_="notes")


def _problems(result: LintResult) -> Safe | None:
    if not result.problems:
        return None
    items = [tag("li", tag("span", p.level, class_=f"badge sev-{'error' if p.level == 'error' else 'warning'}"), " ",
                 tag("span", p.path, class_="path"), ": ", p.message) for p in result.problems]
    return tag("section", tag("h3", "Problems"), tag("ul", *items, class_="problems"), class_="notes")


def _unreported(result: LintResult) -> Safe | None:
    """Claims found but not highlighted: waived ones are listed for the audit trail, the rest counted."""
    waived = [f for f in result.findings if f.severity is not None and f.suppressed_by is not None]
    benign = sum(1 for f in result.findings if f.severity is None)
    if not waived and not benign:
        return None
    parts = [tag("h3", "Not highlighted")]
    if benign:
        parts.append(tag("p", f"{count(benign, 'further claim')} found but not over-claims as written "
                              "(negated, disclaimed, attributed to others or about another subject)."))
    if waived:
        items = [tag("li", tag("span", f"{f.path}:{f.line}:{f.column}", class_="path"), " ", tag("code", f.rule), " ",
                     f"“{f.text}”", " — ", f.suppressed_by) for f in waived]
        parts.append(tag("details", tag("summary", f"{count(len(waived), 'claim')} waived by a directive or baseline"),
                         tag("ul", *items, class_="waived")))
    return tag("section", *parts, class_="notes")
