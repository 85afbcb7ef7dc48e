"""The inline directive syntax, on its own: the readers blank directive lines out of plain text, the
suppression chain's first step (inline.py) reads the directives. Standard library only."""
from __future__ import annotations

import re

PREFIX = "claimlint-"  # every directive starts so (case matters), whatever holds it
# In plain text a directive stands on a line of its own after '#' or '//'.
DIRECTIVE_LINE = re.compile(r"^[ \t]*(?:#|//)[ \t]*(?P<l>claimlint-[^\n]*)$", re.MULTILINE)
KINDS = ("disable-next-line", "disable", "enable")
# The kind is read whole ('claimlint-disbale-next-line' is one unknown kind, not 'disable' plus words) so a typo
# is reported instead of silently waiving the wrong lines or nothing.
DIRECTIVE = re.compile(
    r"claimlint-(?P<kind>[A-Za-z]+(?:-[A-Za-z]+)*)(?P<rules>[^\n]*?)(?:\s--\s*(?P<reason>[^\n]*?))?\s*(?:-->|$)",
    re.MULTILINE,
)
# Where a directive may stand: an HTML/Markdown comment, or (plain text) a line of its own after '#' or '//'.
CONTAINER = re.compile(r"<!--(?P<c>.*?)-->|" + DIRECTIVE_LINE.pattern, re.DOTALL | re.MULTILINE)


def waiver_comment(kind: str, rule: str, reason: str) -> str:
    """The directive that waives ``rule`` on the next line of a file of reader ``kind`` (text, markdown, html).

    The review desk offers it when a reviewer waives a finding. A reason cannot hold a newline or '-->' (either
    would end the directive early), so those are folded to spaces."""
    reason = " ".join(reason.replace("-->", " ").split())
    directive = f"claimlint-disable-next-line {rule} -- {reason}"
    return f"<!-- {directive} -->" if kind in ("html", "markdown") else f"# {directive}"
