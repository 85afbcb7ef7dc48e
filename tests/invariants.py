"""What must hold for any input, checked by the property tests (tests/test_properties.py) and the fuzz
targets (fuzz/): findings point into the source, readers keep a consistent structure, outputs are valid
and runs are deterministic. Plain functions that raise AssertionError, so both can use them.
"""
from __future__ import annotations

import html
import json
import re

from claimlint.findings import LintResult
from claimlint.formats import FORMATTERS
from claimlint.readers.document import SourceDocument

PATHS = {"text": "page.txt", "html": "page.html", "markdown": "page.md"}


def _readable(span: str) -> str:
    """A source span's characters, without whitespace, in every form a reader may give them: each character
    reference both as written and decoded, since HTML decodes ``&amp`` without its ';', CommonMark only with
    it, and a code span not at all; NUL, and a numeric reference to a control character, also as U+FFFD,
    which CommonMark puts in their place. (Markup and escapes need nothing: a reader only drops them, and
    the check is for a subsequence.)"""
    span = re.sub(r"&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);?",
                  lambda m: m.group() + html.unescape(m.group()) + ("\ufffd" if m.group()[1] == "#" else ""), span)
    return "".join(span.replace("\x00", "\x00\ufffd").split())


def _is_subsequence(chars: str, within: str) -> bool:
    remaining = iter(within)
    return all(ch in remaining for ch in chars)


def assert_findings_point_into_source(findings, source: str, kind: str) -> None:
    """Plain text: the source slice is the finding's text. HTML and Markdown: the slice starts and ends where
    the claim does (or at the reference or escape its first or last character was decoded from), and holds
    the claim's characters in order; between them it may also hold markup, hidden text or extra whitespace,
    since readers drop markup inside a claim and collapse whitespace runs to one space, as a browser does."""
    for f in findings:
        assert 0 <= f.start < f.end <= len(source), (f.start, f.end, len(source))
        assert (f.line, f.column) <= (f.end_line, f.end_column)
        span = source[f.start:f.end]
        if kind == "text":
            assert span == f.text, (f.text, span)
            continue
        assert span[0] == f.text[0] or span[0] in "&\\", (f.text, span)
        assert span[-1] == f.text[-1] or span[-1] == ";" or span[-2:-1] == "\\", (f.text, span)
        assert _is_subsequence("".join(f.text.split()), _readable(span)), (f.text, span)


def assert_reader_structure(doc: SourceDocument) -> None:
    """Blocks are ordered, inside the text and refer only backwards; only whitespace lies between them; every
    character of a block maps into the source (what separates blocks is never part of a finding)."""
    previous_end = 0
    for i, block in enumerate(doc.blocks):
        assert previous_end <= block.start < block.end <= len(doc.text), (i, block)
        assert not doc.text[previous_end:block.start].strip(), (i, doc.text[previous_end:block.start])
        assert block.heading is None or block.heading < i
        assert block.lead_in is None or block.lead_in < i
        previous_end = block.end
        shown = doc.shown or doc.text  # the file's own letters (look-alikes are read as Latin: readers/confusables.py)
        for at, ch in ((doc.to_source(j), shown[j]) for j in range(block.start, block.end)):
            assert 0 <= at < len(doc.source), (i, at)
            if doc.kind == "text":
                assert ch == doc.source[at] or ch == " "  # directive lines are blanked, offsets kept
    assert not doc.text[previous_end:].strip()


def outputs(findings) -> dict[str, str]:
    result = LintResult(findings=findings, files=1)
    return {name: FORMATTERS[name](result) for name in ("json", "sarif")}


def assert_outputs_valid(out: dict[str, str]) -> None:
    """Both parse as JSON; SARIF has the top-level shape code scanning reads."""
    data = json.loads(out["json"])
    assert isinstance(data["findings"], list) and isinstance(data["suppressed"], list)
    log = json.loads(out["sarif"])
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "claimlint" and isinstance(run["results"], list)
    for result in run["results"]:
        assert result["ruleId"] and result["message"]["text"] and result["locations"]


def assert_lints_soundly(linter, text: str, kind: str) -> None:
    """Lint ``text`` twice: findings point into it, outputs are valid, and both runs print the same bytes."""
    first = linter.lint_text(text, path=PATHS[kind], kind=kind)
    assert_findings_point_into_source(first, text, kind)
    out = outputs(first)
    assert_outputs_valid(out)
    assert outputs(linter.lint_text(text, path=PATHS[kind], kind=kind)) == out
