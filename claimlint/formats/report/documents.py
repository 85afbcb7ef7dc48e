"""Each file in the html report: its copy with the findings highlighted, and the list explaining them.

Plain text is shown as written. HTML and Markdown are shown as the text claimlint read (``readable``),
passage by passage, each with a "line N" link into the file's source, folded away at the end.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable

from ...findings import SEVERITIES, EvidenceSection, Finding, Passage
from .._common import message, origin, summary_parts
from ..highlight import Range, highlight
from ..markup import Safe, attributes, join, tag
from .evidence import source_value
from .model import Document, count, slug, tier_label
from .readable import in_passage, place


# Extra controls under a finding's details (the review desk's decisions), given its number and the finding.
Actions = Callable[[int, Finding], Safe]


def document(doc: Document, evidence: dict[str, EvidenceSection], actions: Actions | None = None) -> Safe:
    """One file's article; ``evidence`` holds the sections findings' sources cite (LintResult.evidence);
    ``actions`` adds controls to each finding's details (the side panel shows them too)."""
    counts = Counter(f.severity for _, f in doc.findings)
    badges = [tag("span", count(counts[s], s), class_=f"badge sev-{s}") for s in SEVERITIES if counts[s]]
    head = tag("header", tag("h2", tag("span", "File", class_="eyebrow"), tag("span", doc.path, class_="path")),
               tag("div", *(badges or [tag("span", "no findings", class_="badge sev-none")]), class_="doc-counts"),
               _verdict(doc.summary), class_="doc-head")
    spans = doc.read.passages() if doc.read is not None and doc.text is not None else None
    if doc.text is None:
        copy = tag("p", "The text of this file is not available to the report.", class_="muted")
    else:
        by_number = dict(doc.findings)

        def opener(n: int, primary: bool) -> Safe:
            return _mark(doc, n, by_number[n], primary)

        if spans is not None:
            shown = _readable(doc, spans, opener)
        else:
            ranges = [Range(f.start, f.end, n) for n, f in doc.findings]
            shown = tag("pre", highlight(doc.text, ranges, opener), class_=f"copy kind-{doc.kind}")
        # A clean file's copy is collapsed: the reviewer's attention belongs on the files with findings.
        copy = shown if doc.findings else tag("details", tag("summary", "Show the copy"), shown)
    parts = [head, copy]
    if doc.findings:
        parts.append(tag("h3", f"Findings in this file ({len(doc.findings)})", class_="list-title"))
        parts.append(tag("ol", *[_item(doc, n, f, evidence, actions) for n, f in doc.findings], class_="finding-list"))
    if spans is not None:
        parts.append(_source(doc, spans))
    return tag("article", *parts, class_="document", id=f"doc-{doc.index}", data_file=doc.key)


def _verdict(summary: dict | None) -> Safe:
    """The page's net impression (findings.page_summary): the verdict, its claims by tier and its disclosures."""
    if summary is None:
        return join([])
    verdict, rest = summary_parts(summary)
    return tag("p", tag("strong", verdict), rest, class_=f"page-verdict verdict-{summary['verdict']}")


def _readable(doc: Document, spans: list[Passage], opener) -> Safe:
    """The analysed text passage by passage, each finding highlighted where its words are in it."""
    read = doc.read
    starts = [p.start for p in spans]
    ranges: defaultdict[int, list[Range]] = defaultdict(list)  # passage index -> its highlights
    unplaced = []
    for n, f in doc.findings:
        found = place(read, f)
        k = in_passage(spans, starts, found[0]) if found else None
        if k is None:
            unplaced.append((n, f))
        else:
            ranges[k].append(Range(found[0] - spans[k].start, found[1] - spans[k].start, n))
    rows = [_passage(doc, p.kind, p.label, p.line, highlight(read.text[p.start:p.end], ranges[k], opener))
            for k, p in enumerate(spans)]
    # Not expected: a finding whose words are not in the analysed text still gets its highlight, on its own.
    rows += [_passage(doc, "unplaced", "not found in the read text", f.line,
                      highlight(f.text, [Range(0, len(f.text), n)], opener)) for n, f in unplaced]
    return tag("div", *rows, class_=f"copy readable from-{slug(read.kind)}")


def _passage(doc: Document, kind: str, label: str | None, line: int, body: Safe) -> Safe:
    where = tag("a", f"line {line}", href=f"#{_line_id(doc, line)}", class_="ln line-link")
    words = tag("p", tag("span", label, class_="psg-label") if label else None, body, class_="psg-text")
    return tag("div", where, words, class_=f"psg psg-{slug(kind)}" + (" psg-labelled" if label else ""))


def _source(doc: Document, spans: list[Passage]) -> Safe:
    """The file as written, folded: where the "line N" links lead (lines with findings are marked)."""
    lines = doc.text.split("\n")  # lines as findings count them (document.line_col)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    linked = {p.line for p in spans} | {f.line for _, f in doc.findings}
    hits = {line for _, f in doc.findings for line in range(f.line, f.end_line + 1)}
    rows = join(tag("span", line.rstrip("\r"), class_="sl" + (" sl-hit" if k in hits else ""),
                    id=_line_id(doc, k) if k in linked else None) for k, line in enumerate(lines, 1))
    summary = tag("summary", f"Show the source of {doc.path} ({count(len(lines), 'line')})")
    return tag("details", summary, tag("div", rows, class_="source"), class_="source-view")


def _line_id(doc: Document, line: int) -> str:
    return f"doc-{doc.index}-L{line}"


def _mark(doc: Document, n: int, f: Finding, primary: bool) -> Safe:
    """Opening tag of a highlight; only the primary piece is focusable and carries the finding's number."""
    attrs: dict[str, object] = {"class_": f"hl tier-{slug(f.tier)}" + ("" if primary else " hl-cont"),
                                "data_finding": n, "data_tier": f.tier, "data_category": f.category, "data_file": doc.key}
    if primary:
        attrs = {"id": f"f-{n}", **attrs, "data_n": n, "data_line": f.line, "tabindex": 0,
                 "title": f"{n}. {f.rule} · line {f.line} · {f.tier} · {f.status} — {message(f)}",
                 "aria_describedby": f"item-{n}-summary"}
    return Safe(f"<mark{attributes(attrs)}>")


def _item(doc: Document, n: int, f: Finding, evidence: dict[str, EvidenceSection], actions: Actions | None) -> Safe:
    summary = tag("summary", tag("span", n, class_="num-badge"), tag("span", f.severity, class_=f"badge sev-{f.severity}"),
                  tag("code", f.rule, class_="rule"), tag("span", f"“{f.text}”", class_="claim"),
                  _where(doc, f), id=f"item-{n}-summary")
    goto = tag("a", "Show in the copy", href=f"#f-{n}", class_="goto", data_finding=n)
    return tag("li", tag("details", summary, finding_detail(n, f, evidence, actions), goto), id=f"item-{n}", class_="finding-item",
               data_finding=n, data_tier=f.tier, data_category=f.category, data_file=doc.key)


def _where(doc: Document, f: Finding) -> Safe:
    """"line N": a link to that line of the source when the report shows it (HTML, Markdown)."""
    if doc.read is not None and doc.text is not None:
        return tag("a", f"line {f.line}", href=f"#{_line_id(doc, f.line)}", class_="loc line-link",
                   title=f"Line {f.line} of {doc.path}")
    return tag("span", f"line {f.line}", class_="loc")


def finding_detail(n: int, f: Finding, evidence: dict[str, EvidenceSection], actions: Actions | None = None) -> Safe:
    """Everything a reviewer needs about one finding; the side panel shows a copy of this block."""
    head = tag("div", tag("span", f.severity, class_=f"badge sev-{f.severity}"),
               tag("span", tier_label(f.tier), class_=f"tier-chip tier-{slug(f.tier)}"),
               tag("code", f.rule, class_="rule"), class_="fd-head")
    # In the order a reviewer reads them: what was said, why it goes too far, what to say instead, on what authority.
    rows: list[tuple[str, object]] = [
        ("Claim", tag("q", f.text, class_="fd-claim")),
        *([("Found by", origin(f))] if f.origin != "rules" else []),
        ("Status", f.status + (f" (cue: “{f.cue}”)" if f.cue else "")),
        ("Why", f.reasoning),
        ("Suggested wording", f.suggestion),
        ("Source", source_value(f, evidence)),  # a link to the section of docs/evidence.md the report carries
    ]
    if f.references:
        rows.append(("References", tag("ul", *[tag("li", r) for r in f.references], class_="refs")))
    if f.link and f.link.lower().startswith(("https://", "http://")):  # never javascript: or data: from a pack
        rows.append(("More", tag("a", f.link, href=f.link, rel="noopener noreferrer", target="_blank")))
    rows += [("Category", f.category), ("Where", f"{f.path}, line {f.line}, column {f.column}"), ("Sentence", f.sentence)]
    body = join(tag("div", tag("dt", label), tag("dd", value), class_=f"fd-row fd-{slug(label)}") for label, value in rows)
    return tag("div", head, tag("p", message(f), class_="fd-message"), tag("dl", body),
               actions(n, f) if actions else None, class_="finding-detail", data_finding=n)
