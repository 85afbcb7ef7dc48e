"""Each file in the html report: its copy with the findings highlighted, and the list explaining them."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ...sources import kind_for
from .._common import message
from ..highlight import Range, highlight
from ..markup import Safe, attributes, join, tag
from .model import SEVERITIES, Document, count, slug, tier_label

if TYPE_CHECKING:
    from ...findings import Finding


def document(doc: Document) -> Safe:
    counts = Counter(f.severity for _, f in doc.findings)
    badges = [tag("span", count(counts[s], s), class_=f"badge sev-{s}") for s in SEVERITIES if counts[s]]
    head = tag("header", tag("h2", tag("span", "File", class_="eyebrow"), tag("span", doc.path, class_="path")),
               tag("div", *(badges or [tag("span", "no findings", class_="badge sev-none")]), class_="doc-counts"),
               class_="doc-head")
    if doc.text is None:
        copy = tag("p", "The text of this file is not available to the report.", class_="muted")
    else:
        ranges = [Range(f.start, f.end, n) for n, f in doc.findings]
        by_number = dict(doc.findings)
        pre = tag("pre", highlight(doc.text, ranges, lambda n, primary: _mark(doc, n, by_number[n], primary)),
                  class_=f"copy kind-{kind_for(doc.path)}")
        # A clean file's copy is collapsed: the reviewer's attention belongs on the files with findings.
        copy = pre if doc.findings else tag("details", tag("summary", "Show the copy"), pre)
    parts = [head, copy]
    if doc.findings:
        parts.append(tag("h3", f"Findings in this file ({len(doc.findings)})", class_="list-title"))
        parts.append(tag("ol", *[_item(doc, n, f) for n, f in doc.findings], class_="finding-list"))
    return tag("article", *parts, class_="document", id=f"doc-{doc.index}", data_file=doc.key)


def _mark(doc: Document, n: int, f: Finding, primary: bool) -> Safe:
    """Opening tag of a highlight; only the primary piece is focusable and carries the finding's number."""
    attrs: dict[str, object] = {"class_": f"hl tier-{slug(f.tier)}" + ("" if primary else " hl-cont"),
                                "data_finding": n, "data_tier": f.tier, "data_category": f.category, "data_file": doc.key}
    if primary:
        attrs = {"id": f"f-{n}", **attrs, "data_n": n, "tabindex": 0,
                 "title": f"{n}. {f.rule} · {f.tier} · {f.status} — {message(f)}",
                 "aria_describedby": f"item-{n}-summary"}
    return Safe(f"<mark{attributes(attrs)}>")


def _item(doc: Document, n: int, f: Finding) -> Safe:
    summary = tag("summary", tag("span", n, class_="num-badge"), tag("span", f.severity, class_=f"badge sev-{f.severity}"),
                  tag("code", f.rule, class_="rule"), tag("span", f"“{f.text}”", class_="claim"),
                  tag("span", f"line {f.line}", class_="loc"), id=f"item-{n}-summary")
    goto = tag("a", "Show in the copy", href=f"#f-{n}", class_="goto", data_finding=n)
    return tag("li", tag("details", summary, finding_detail(n, f), goto), id=f"item-{n}", class_="finding-item",
               data_finding=n, data_tier=f.tier, data_category=f.category, data_file=doc.key)


def finding_detail(n: int, f: Finding) -> Safe:
    """Everything a reviewer needs about one finding; the side panel shows a copy of this block."""
    head = tag("div", tag("span", f.severity, class_=f"badge sev-{f.severity}"),
               tag("span", tier_label(f.tier), class_=f"tier-chip tier-{slug(f.tier)}"),
               tag("code", f.rule, class_="rule"), class_="fd-head")
    # In the order a reviewer reads them: what was said, why it goes too far, what to say instead, on what authority.
    rows: list[tuple[str, object]] = [
        ("Claim", tag("q", f.text, class_="fd-claim")),
        ("Status", f.status + (f" (cue: “{f.cue}”)" if f.cue else "")),
        ("Why", f.reasoning),
        ("Suggested wording", f.suggestion),
        ("Source", f.source),
    ]
    if f.references:
        rows.append(("References", tag("ul", *[tag("li", r) for r in f.references], class_="refs")))
    if f.link and f.link.lower().startswith(("https://", "http://")):  # never javascript: or data: from a pack
        rows.append(("More", tag("a", f.link, href=f.link, rel="noopener noreferrer", target="_blank")))
    rows += [("Category", f.category), ("Where", f"{f.path}, line {f.line}, column {f.column}"), ("Sentence", f.sentence)]
    body = join(tag("div", tag("dt", label), tag("dd", value), class_=f"fd-row fd-{slug(label)}") for label, value in rows)
    return tag("div", head, tag("p", message(f), class_="fd-message"), tag("dl", body), class_="finding-detail",
               data_finding=n)
