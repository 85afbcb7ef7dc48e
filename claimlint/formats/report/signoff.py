"""The reviewer's sign-off in a report exported from the review desk: who signed, when, and every decision.

``review`` is a review file's content (suppress/review.py), passed in as plain data: formats read no files.
"""
from __future__ import annotations

from ..markup import Safe, tag
from .model import count

LABELS = {"fixed": "Fixed (suggested wording accepted)", "waived": "Waived", "disputed": "Disputed (false positive)"}


def signoff(review: dict) -> Safe:
    """The sign-off section: the reviewer, the time, and a table of decisions and missed claims."""
    decisions = list(review.get("decisions", {}).values())
    missed = review.get("missed", [])
    signed = review.get("signoff") or {}
    who = signed.get("reviewer") or "(no name given)"
    head = tag("p", tag("strong", "Signed off by "), who, tag("strong", " at "), signed.get("at", "(not signed)"),
               " · document ", tag("span", review.get("document", ""), class_="path"),
               f" · {count(len(decisions), 'decision')}, {count(len(missed), 'missed claim')}", class_="signoff-who")
    rows = [tag("tr", tag("td", LABELS.get(d.get("decision"), d.get("decision"))), tag("td", tag("code", d.get("rule", ""))),
                tag("td", f"“{d.get('text', '')}”"),
                tag("td", d.get("reason") or d.get("note") or (f"now: “{d['replacement']}”" if d.get("replacement") else "")),
                tag("td", d.get("reviewer", "")), tag("td", d.get("at", "")))
            for d in decisions]
    rows += [tag("tr", tag("td", "Missed claim"), tag("td", m.get("category", "")), tag("td", f"“{m.get('quote', '')}”"),
                 tag("td", m.get("note", "")), tag("td", m.get("reviewer", "")), tag("td", m.get("at", "")))
             for m in missed]
    table = None
    if rows:
        head_row = tag("tr", *[tag("th", h, scope="col") for h in ("Decision", "Rule", "Claim", "Reason or note", "By", "When")])
        table = tag("div", tag("table", tag("caption", "Review decisions"), tag("thead", head_row), tag("tbody", *rows),
                               class_="grid signoff-table"), class_="table-wrap")
    return tag("section", tag("h2", "Review sign-off", id="signoff-title"), head, table, class_="signoff notes",
               aria_labelledby="signoff-title", id="signoff")
