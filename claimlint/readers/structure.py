"""Infer block structure (headings, list items, lead-ins) from plain text.

Clinic copy pasted as text keeps its shape in line breaks: a short line with no
closing punctuation is a heading, a bullet or number starts a list item, and a
block ending in a colon introduces the items (or the one paragraph) after it.
"""
from __future__ import annotations

import re

from .document import Block

BULLET = re.compile(r"^\s*(?:[-*+•●◦▪‣·–—✓✔→~»›►▶➤➢➔⇒◆◇■□♦★☆✅☑❖❯○✪]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
TERMINAL = re.compile(r"[.!?:;…]['\"”’)\]]*\s*$")
MAX_HEADING = 90


def plain_blocks(text: str) -> list[Block]:
    """Split plain text into blocks with offsets into ``text``."""
    raw: list[tuple[int, int, str]] = []  # start, end, kind
    adjacent: list[bool] = []  # the block's first line directly follows the previous block's last line
    pos = 0
    prev_line = ""
    for line in text.splitlines(keepends=True):
        start, body = pos, line.rstrip("\r\n")
        pos += len(line)
        stripped = body.strip()
        if not stripped:
            prev_line = ""
            continue
        lead = len(body) - len(body.lstrip())
        begin, end = start + lead, start + len(body.rstrip())
        if BULLET.match(body):
            raw.append((begin, end, "item"))
            adjacent.append(bool(prev_line))
        elif prev_line and _continues(prev_line, stripped):
            s, _, kind = raw[-1]
            raw[-1] = (s, end, kind)
        else:
            raw.append((begin, end, "paragraph"))
            adjacent.append(bool(prev_line))
        prev_line = stripped
    kinds: list[str] = []
    for i, (s, e, kind) in enumerate(raw):
        chunk = text[s:e]
        if kind == "paragraph" and (_looks_like_heading(chunk) or i == 0 and len(raw) > 1 and _looks_like_title(chunk)):
            # Short lines right under a line ending in ':' are its list with the bullets lost in pasting
            # ("Stem cells from this tissue:" / "Can help calm inflammation" / ...), not a run of headings.
            listed = adjacent[i] and i > 0 and (text[raw[i - 1][0]:raw[i - 1][1]].rstrip().endswith(":")
                                                 or kinds[i - 1] == "item" and raw[i - 1][2] == "paragraph")
            kind = "item" if listed else "heading"
        kinds.append(kind)
    return link_blocks(text, [(s, e, k) for (s, e, _), k in zip(raw, kinds)])


# A line ending in one of these words stops mid-phrase: the text was wrapped at a fixed width.
DANGLING = {"a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "with", "by", "as", "at", "from", "that",
            "his", "her", "their", "its", "our", "your", "is", "are", "was", "were", "be", "has", "have", "had"}


def _continues(prev: str, line: str) -> bool:
    """A hard-wrapped line continues its paragraph; a new sentence-like line after a full stop does not. A line
    that breaks off mid-phrase ('... investigating the') or is followed by a lower-case start was wrapped, even
    when it is short enough to look like a heading."""
    if TERMINAL.search(prev):
        return False
    last = prev.rsplit(None, 1)[-1].lower() if prev.split() else ""
    if line[:1].islower() and len(prev) >= 40 or last in DANGLING or prev.endswith(","):
        return True
    return not _looks_like_heading(prev) and (line[:1].islower() or len(prev) >= 60)


def _looks_like_heading(chunk: str) -> bool:
    words = chunk.split()
    return (
        "\n" not in chunk
        and 0 < len(words) <= 14
        and len(chunk) <= MAX_HEADING
        and not TERMINAL.search(chunk)
        and not chunk.rstrip().endswith(",")
    )


def _looks_like_title(chunk: str) -> bool:
    """A page's first line may be a long title ("When a Son Holds His Father's Hands - Cerebral Palsy Treatment
    with Stem Cell Therapy"): one line, no closing punctuation, up to twice a heading's length."""
    return "\n" not in chunk and len(chunk.split()) <= 28 and len(chunk) <= 2 * MAX_HEADING \
        and not TERMINAL.search(chunk) and not chunk.rstrip().endswith(",")


def link_blocks(text: str, spans: list[tuple[int, int, str]]) -> list[Block]:
    """Attach each block to its section heading and to the lead-in that introduces it.

    A block ending in ':' leads in the run of list items right after it, or else
    the one paragraph right after it.
    """
    blocks: list[Block] = []
    heading: int | None = None
    lead_in: int | None = None
    for i, (start, end, kind) in enumerate(spans):
        follows_lead_in = lead_in is not None and (kind == "item" or i == lead_in + 1)
        this_lead = lead_in if follows_lead_in and kind != "heading" else None
        blocks.append(Block(start, end, kind, this_lead, None if kind == "heading" else heading))
        if kind == "heading":
            heading = i
        if text[start:end].rstrip().endswith(":"):
            lead_in = i
        elif this_lead is None or kind != "item":
            lead_in = None
    return blocks
