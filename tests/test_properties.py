"""Property tests: whatever text, HTML or Markdown a page holds, claimlint neither crashes nor misplaces a finding.

Hypothesis generates arbitrary Unicode, arbitrary bytes and structured (often malformed) HTML and
Markdown, seeded with claim wording so that findings actually occur. For every input (the checks
live in tests/invariants.py, shared with the fuzz targets):

- reading and linting raise nothing;
- every finding lies within the decoded source, and the source there holds the finding's text:
  exactly for plain text; for HTML and Markdown, it starts and ends there and holds the claim's
  characters in order (readers collapse whitespace as a browser does and drop markup inside a
  claim, so the claim is not always a verbatim slice);
- JSON and SARIF output are valid JSON, SARIF has the top-level shape code scanning reads;
- two runs give byte-identical output.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariants import assert_lints_soundly, assert_reader_structure

from claimlint.errors import InputError
from claimlint.readers.sources import document_from_text, read_document

# Modest example counts keep the module well under a minute; no example database is written into the checkout.
SETTINGS = settings(max_examples=100, deadline=None, database=None,
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


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_unicode_text_in_every_format(linter, text):
    for kind in ("text", "markdown", "html"):
        assert_lints_soundly(linter, text, kind)


@SETTINGS
@given(text=st.lists(st.one_of(PROSE, st.sampled_from(CLAIMS)), max_size=10).map("\n".join))
def test_plain_text_with_claims(linter, text):
    assert_lints_soundly(linter, text, "text")


@SETTINGS
@given(page=HTML_PAGES)
def test_generated_html(linter, page):
    assert_lints_soundly(linter, page, "html")


@SETTINGS
@given(page=MARKDOWN)
def test_generated_markdown(linter, page):
    assert_lints_soundly(linter, page, "markdown")


@settings(SETTINGS, max_examples=200)
@given(data=st.binary(max_size=300), kind=st.sampled_from(["text", "markdown", "html"]))
def test_arbitrary_bytes_decode_or_fail_with_one_line(data, kind):
    """Any bytes either decode (with at most a warning) or fail as one InputError line, never a traceback."""
    try:
        doc, warning = read_document(f"page.{kind}", data=data, kind=kind)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert warning is None or "\n" not in warning
    assert_reader_structure(doc)


@SETTINGS
@given(text=st.one_of(st.text(max_size=300), HTML_PAGES, MARKDOWN), kind=st.sampled_from(["text", "markdown", "html"]))
def test_reader_structure_is_consistent(text, kind):
    """Blocks are ordered and inside the text; every character of the text maps into the source."""
    assert_reader_structure(document_from_text(text, "page", kind))

