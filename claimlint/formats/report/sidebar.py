"""The html report's sidebar: filters, previous/next, the finding panel and the keyboard help.

It starts hidden; the report's script shows it, since without the script none of it would work.
"""
from __future__ import annotations

from collections import Counter

from ...findings import Finding
from ..markup import Safe, tag
from .model import Document, count, slug, tier_label, tiers


def sidebar(documents: list[Document], numbered: list[tuple[int, Finding]]) -> Safe:
    findings = [f for _, f in numbered]
    by_tier = Counter(f.tier for f in findings)
    categories = Counter(f.category for f in findings)
    files = {doc.key: len(doc.findings) for doc in documents}
    groups = [
        _checkboxes("Tier", "tier", [(t, tier_label(t), by_tier[t], f"tier-{slug(t)}") for t in tiers(findings)], True),
        # Categories and files can be many: folded, so the panel keeps its room.
        _checkboxes("Category", "category", [(c, c, categories[c], None) for c in sorted(categories)], False),
        _checkboxes("File", "file", [(d.key, d.path, files[d.key], None) for d in documents], False),
    ]
    status = tag("span", f"Showing {len(findings)} of {count(len(findings), 'finding')}", id="shown", class_="shown",
                 aria_live="polite")
    nav = tag("div", tag("button", "◀ Previous", type="button", id="prev", title="Previous finding (k or p)"),
              tag("button", "Next ▶", type="button", id="next", title="Next finding (j or n)"), class_="nav")
    keys = tag("p", tag("kbd", "j"), " or ", tag("kbd", "n"), " next finding · ", tag("kbd", "k"), " or ", tag("kbd", "p"),
               " previous · ", tag("kbd", "Tab"), " moves through highlights too · ", tag("kbd", "Esc"), " clears the selection.",
               " Navigation skips filtered findings and wraps around.", class_="keys", id="keys")
    head = tag("div", tag("h2", "Filter"), status, tag("button", "Show all", type="reset", id="reset", class_="link-button"),
               class_="filters-head")
    form = tag("form", head, *groups, id="filters", class_="filters", aria_label="Filter findings")
    panel = tag("section", tag("h2", "Finding", tag("span", "", id="panel-pos", class_="panel-pos"), id="panel-title"),
                nav, tag("div", tag("p", "Select a highlighted claim, or press ", tag("kbd", "j"), " to go to the first finding.",
                                    class_="muted"), id="panel-body"),
                keys, id="panel", class_="panel", aria_live="polite", aria_labelledby="panel-title")
    # Hidden until the script runs: without it the filters and panel could do nothing.
    return tag("aside", form, panel, class_="sidebar", id="sidebar", hidden=True)


def _checkboxes(legend: str, name: str, options: list[tuple[str, str, int, str | None]], open_: bool) -> Safe:
    """One folding group of checkboxes; options are (value, label, number of findings, swatch class)."""
    labels = [tag("label", tag("input", type="checkbox", name=name, value=value, checked=True),
                  tag("span", "", class_=f"swatch {swatch}") if swatch else None,
                  tag("span", label, class_="opt-label"), tag("span", number, class_="opt-count"), class_="opt")
              for value, label, number, swatch in options]
    state = tag("span", f"all {len(options)}", class_="group-state", data_group=name)
    return tag("details", tag("summary", legend, state), tag("fieldset", *labels, class_="opts", aria_label=legend),
               class_=f"group group-{name}", open=open_)
