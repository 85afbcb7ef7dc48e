"""Property tests: whatever text, HTML or Markdown a page holds, claimlint neither crashes nor misplaces a finding.

Hypothesis generates arbitrary Unicode, arbitrary bytes and structured (often malformed) HTML and
Markdown, seeded with claim wording so that findings actually occur. For every input:

- reading and linting raise nothing;
- every finding lies within the decoded source, and the source there holds the finding's words:
  exactly for plain text; for HTML and Markdown, the finding's words appear in order in the
  source span once markup is stripped and entities decoded (readers collapse whitespace the way
  a browser does and drop markup inside a claim, so the claim's text is not a verbatim slice);
- JSON and SARIF output are valid JSON, SARIF has the top-level shape code scanning reads;
- two runs give byte-identical output.
"""
from __future__ import annotations

import html
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimlint.formats import FORMATTERS
from claimlint.linter import LintResult
from claimlint.sources import document_from_text, read_document

# Modest example counts keep the module well under a minute; no example database is written into the checkout.
SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CLAIMS = [
    "Our stem cells cure diabetes.", "The cells home to your pancreas and become new insulin-producing cells.",
    "Most patients are off insulin within six months.", "MSCs do not become insulin-producing cells.",
    "Stem cells may reverse type 2 diabetes", "remission", "Higher doses mean more engraftment", "Myths:",
    "Be wary of clinics that promise a cure.", "claimlint-disable-next-line MSC-CURE -- quoted",
]
WORDS = st.one_of(st.sampled_from(CLAIMS), st.text(min_size=1, max_size=12),
                  st.sampled_from(["&amp;", "&#99;ure", "&nbsp;", "\\*", "  ", "\n", "\t", "\u00a0", "é", "’", ":"]))
PROSE = st.lists(WORDS, max_size=8).map(" ".join)

TAGS = ["p", "div", "h1", "h2", "li", "ul", "ol", "td", "tr", "table", "span", "b", "a", "blockquote", "section",
        "button", "dl", "dd", "dt", "pre", "title", "head", "body", "svg", "noscript", "script", "style", "template"]
ATTRIBUTES = st.sampled_from(["", " hidden", ' style="display:none"', ' title="Stem cells cure diabetes"',
                              " alt='become beta cells'", ' class="x"', " title=unquoted&amp;value"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, attributes: str, inner: list[str], closed: bool) -> str:
        return f"<{tag}{attributes}>{''.join(inner)}" + (f"</{tag}>" if closed else "")

    return st.builds(build, st.sampled_from(TAGS), ATTRIBUTES, st.lists(children, max_size=4), st.booleans())


HTML_LEAVES = st.one_of(PROSE, st.sampled_from([
    "<br>", "<img alt='Stem cells cure diabetes'>", "<!-- comment -->", "<!-- claimlint-disable MSC-CURE -- ok -->",
    '<meta name="description" content="Our stem cells cure diabetes.">', "<![CDATA[x]]>", "<!doctype html>",
    "<", ">", "</p>", "<p", "&", "<![", "<!", "</", "<a href='x'", "<?php ?>", "<img alt=\"&#x41;\"/>",
]))
HTML = st.recursive(HTML_LEAVES, _element, max_leaves=30)
HTML_PAGES = st.lists(HTML, max_size=6).map("".join)


def _markdown_block(prose: str, kind: str) -> str:
    return {
        "para": prose, "h1": f"# {prose}", "h3": f"### {prose} ###", "item": f"- {prose}", "num": f"1. {prose}",
        "nested": f"- a\n  - {prose}", "quote": f"> {prose}", "fence": f"```\n{prose}\n```", "indent": f"    {prose}",
        "table": f"| a | b |\n|---|---|\n| {prose} | x \\| y |", "emph": f"*{prose}* **{prose}**",
        "link": f"[{prose}](http://x.example/ \"t\") ![{prose}](i.png)", "html": f"<div>\n{prose}\n</div>",
        "code": f"`{prose}`", "break": f"{prose}  \n{prose}\\\n{prose}", "ref": f"[{prose}][r]\n\n[r]: http://x",
        "front": f"---\ntitle: {prose}\n---", "setext": f"{prose}\n===", "crlf": f"{prose}\r\n{prose}\r",
    }[kind]


MD_BLOCKS = st.builds(_markdown_block, PROSE, st.sampled_from(
    ["para", "h1", "h3", "item", "num", "nested", "quote", "fence", "indent", "table", "emph", "link", "html", "code",
     "break", "ref", "front", "setext", "crlf"]))
MARKDOWN = st.lists(MD_BLOCKS, max_size=8).flatmap(
    lambda blocks: st.sampled_from(["\n\n", "\n", "\n\n\n"]).map(lambda sep: sep.join(blocks)))


def _visible(span: str, kind: str, references: str) -> str:
    """A source span's characters as the reader reads them, without whitespace: tags dropped (with any
    alt or title inside them), Markdown escapes decoded, and character references decoded ``references``:
    "all" as HTML does (``&amp`` too), "closed" (only with their ';') as CommonMark does, or "none" (a code
    span). Markdown needs all three: its raw HTML blocks go through the HTML reader."""
    span = re.sub(r"<[^<>]*>", "", span)  # an unfinished tag at the end of a page is read as text
    if references == "all":
        span = html.unescape(span)
    elif references == "closed":
        span = re.sub(r"&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);", lambda m: html.unescape(m.group()), span)
    if kind == "markdown":  # CommonMark also replaces NUL, for safety
        span = re.sub(r"\\(.)", r"\1", span).replace("\x00", "\ufffd")
    return "".join(span.split())


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
            assert span == f.text
            continue
        assert span[0] == f.text[0] or span[0] in "&\\", (f.text, span)
        assert span[-1] == f.text[-1] or span[-1] == ";" or span[-2:-1] == "\\", (f.text, span)
        chars = "".join(f.text.split())
        variants = ("all",) if kind == "html" else ("closed", "all", "none")
        assert any(_is_subsequence(chars, _visible(span, kind, refs)) for refs in variants), (f.text, span)


def outputs(findings) -> dict[str, str]:
    result = LintResult(findings=findings, files=1)
    return {name: FORMATTERS[name](result) for name in ("json", "sarif")}


def assert_outputs_valid(out: dict[str, str]) -> None:
    data = json.loads(out["json"])
    assert isinstance(data["findings"], list) and isinstance(data["suppressed"], list)
    log = json.loads(out["sarif"])
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "claimlint" and isinstance(run["results"], list)
    for result in run["results"]:
        assert result["ruleId"] and result["message"]["text"] and result["locations"]


def check(linter, text: str, kind: str) -> None:
    path = {"text": "page.txt", "html": "page.html", "markdown": "page.md"}[kind]
    first = linter.lint_text(text, path=path, kind=kind)
    assert_findings_point_into_source(first, text, kind)
    out = outputs(first)
    assert_outputs_valid(out)
    assert outputs(linter.lint_text(text, path=path, kind=kind)) == out


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_unicode_text_in_every_format(linter, text):
    for kind in ("text", "markdown", "html"):
        check(linter, text, kind)


@SETTINGS
@given(text=st.lists(st.one_of(PROSE, st.sampled_from(CLAIMS)), max_size=10).map("\n".join))
def test_plain_text_with_claims(linter, text):
    check(linter, text, "text")


@SETTINGS
@given(page=HTML_PAGES)
def test_generated_html(linter, page):
    check(linter, page, "html")


@SETTINGS
@given(page=MARKDOWN)
def test_generated_markdown(linter, page):
    check(linter, page, "markdown")


@settings(SETTINGS, max_examples=60)
@given(data=st.binary(max_size=300), kind=st.sampled_from(["text", "markdown", "html"]))
def test_arbitrary_bytes_decode_or_fail_with_one_line(data, kind):
    """Any bytes either decode (with at most a warning) or fail as one InputError line, never a traceback."""
    from claimlint.errors import InputError

    try:
        doc, warning = read_document(f"page.{kind}", data=data, kind=kind)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert warning is None or "\n" not in warning
    assert_reader_offsets_in_range(doc)


@SETTINGS
@given(text=st.one_of(st.text(max_size=300), HTML_PAGES, MARKDOWN), kind=st.sampled_from(["text", "markdown", "html"]))
def test_reader_structure_is_consistent(text, kind):
    """Blocks are ordered and inside the text; every character of the text maps into the source."""
    assert_reader_offsets_in_range(document_from_text(text, "page", kind))


def assert_reader_offsets_in_range(doc) -> None:
    previous_end = 0
    for i, block in enumerate(doc.blocks):
        assert previous_end <= block.start < block.end <= len(doc.text)
        assert block.heading is None or block.heading < i
        assert block.lead_in is None or block.lead_in < i
        previous_end = block.end
    for i, ch in enumerate(doc.text):
        at = doc.to_source(i)
        assert 0 <= at < max(len(doc.source), 1), (i, at)
        if doc.kind == "text":
            assert ch == doc.source[at] or ch == " "  # directive lines are blanked, offsets kept
