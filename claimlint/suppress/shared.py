"""Copy a site shares across its pages (navigation, footers, banners, sidebars), reported once.

A crawl or a web archive gives the same footer on every page, and with it the same claim: a reviewer needs it
once, with the pages it is on. A claim is shared when the same rule finds the same words in a block of the same
text on ``MIN_PAGES`` pages or more of the run's archived pages (those whose findings carry ``fetched``); it is
reported on the first of them, with ``pages`` listing every page in run order, and left out of the others.
Claims in copy of a page's own (its article, even one sentence repeated) stay on each page.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Iterable, Iterator

from ..findings import FileOutcome, Finding

MIN_PAGES = 3  # two pages sharing a block may be a pair of articles; three or more is the site's furniture


def shared_once(outcomes: Iterable[FileOutcome]) -> Iterator[FileOutcome]:
    """``outcomes``, archived pages held until the last so that copy shared by many of them is reported once;
    every other outcome passes straight through."""
    held: list[FileOutcome] = []
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for outcome in outcomes:
        archived = [f for f in outcome.findings if f.fetched is not None and f.reported]
        if not archived:
            if held:  # keep the run's order: nothing overtakes a held page
                held.append(outcome)
            else:
                yield outcome
            continue
        held.append(outcome)
        blocks = _blocks(outcome)
        for f in archived:
            groups[(f.rule, f.text, f.status, blocks(f.start))].append(f)
    dropped: set[int] = set()
    for found in groups.values():
        pages = list(dict.fromkeys(f.path for f in found))
        if len(pages) >= MIN_PAGES:
            found[0].pages = pages
            dropped.update(id(f) for f in found[1:])
    for outcome in held:
        if dropped:
            outcome.findings = [f for f in outcome.findings if id(f) not in dropped]
        yield outcome


def _blocks(outcome: FileOutcome):
    """A function from a source offset to the text of the block it is in (its whitespace collapsed)."""
    document = outcome.source
    if document is None:
        return lambda _: ""
    text = document.text
    spans = sorted((document.to_source(p.start), document.to_source(max(p.start, p.end - 1)) + 1,
                    " ".join(text[p.start:p.end].split())) for p in document.passages())
    starts = [s for s, _, _ in spans]

    def block(offset: int) -> str:
        i = bisect.bisect_right(starts, offset) - 1
        return spans[i][2] if i >= 0 and offset < spans[i][1] else ""

    return block
