"""Markdown and HTML readers: the same copy lints the same in every format, and only visible words are linted."""
from __future__ import annotations

import html as html_module
import time

import pytest

from claimlint.readers.document import SourceDocument
from claimlint.readers.html import attribute_spans, read_html
from claimlint.readers.markdown import read_markdown
from claimlint.readers.sources import read_document

# One page of clinic copy, written three ways. Paragraphs stay on one line so that each
# claim's source slice is exactly the claim's words.
COPY_TXT = """\
Stem Cells for Type 2 Diabetes

Our intravenous stem cell programme works with your body's own repair systems.

How it works

After the infusion, the stem cells home to your pancreas and become new insulin-producing cells. Most patients are off insulin within six months.

What you can expect:

- Regeneration of damaged islets.
- Lasting remission of type 2 diabetes.

Higher doses mean more engraftment and better results, which is why we use 200 million cells.
"""

COPY_MD = """\
---
title: Stem cells cure diabetes
description: Our stem cells become new beta cells.
---

# Stem Cells for Type 2 Diabetes

Our *intravenous* stem cell programme works with your body's own [repair systems](https://example.org/repair "Repair (more)").

## How it works

After the infusion, the stem cells home to your pancreas and become new insulin-producing cells. Most patients are off insulin within six months.

What you can expect:

- Regeneration of damaged islets.
- Lasting remission of type 2 diabetes.

```text
Stem cells cure diabetes and become new beta cells.
```

    Indented code: our stem cells cure diabetes.

Higher doses mean more engraftment and better results, which is why we use 200 million cells.
"""

COPY_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<script>window.claim = "Stem cells cure diabetes.";</script>
</head>
<body>
<h1>Stem Cells for Type 2 Diabetes</h1>
<p>Our <em>intravenous</em> stem cell programme works with your body&#39;s own <a href="/repair">repair systems</a>.</p>
<h2>How it works</h2>
<p><strong>After the infusion</strong>, the stem cells home to your pancreas and become new insulin-producing cells. Most patients are off insulin within six months.</p>
<p>What you can expect:</p>
<ul>
  <li>Regeneration of damaged islets.</li>
  <li>Lasting remission of type 2 diabetes.</li>
</ul>
<p>Higher doses mean more engraftment and better results, which is why we use 200 million cells.</p>
</body>
</html>
"""


def assert_aligned(doc: SourceDocument) -> None:
    """Every character of every block maps to the same character in the source.

    A collapsed whitespace run maps to its first whitespace character; a decoded entity
    or escape maps to its '&' or backslash.
    """
    for block in doc.blocks:
        for i in range(block.start, block.end):
            ch, src = doc.text[i], doc.source[doc.to_source(i)]
            assert ch == src or (ch == " " and src.isspace()) or src in "&\\", (i, ch, src, doc.text[block.start:block.end])


def expected_line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


@pytest.fixture(scope="module")
def three_formats(tmp_path_factory, linter):
    folder = tmp_path_factory.mktemp("copy")
    out = {}
    for suffix, copy in ((".txt", COPY_TXT), (".md", COPY_MD), (".html", COPY_HTML)):
        path = folder / f"page{suffix}"
        path.write_text(copy, encoding="utf-8")
        result = linter.lint_paths([str(path)])
        assert result.problems == []
        out[suffix] = (copy, result.findings)
    return out


def test_same_copy_gives_the_same_findings_in_every_format(three_formats):
    claims = {suffix: sorted((f.rule, f.text, f.severity) for f in findings)
              for suffix, (_, findings) in three_formats.items()}
    assert claims[".txt"], "the copy should produce findings"
    assert claims[".md"] == claims[".txt"]
    assert claims[".html"] == claims[".txt"]
    rules = {rule for rule, _, _ in claims[".txt"]}
    assert {"MSC-HOMING", "MSC-DIFFERENTIATION", "MSC-CURE", "MSC-DOSE"} <= rules


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_findings_point_at_the_claim_in_the_source(three_formats, suffix):
    source, findings = three_formats[suffix]
    for f in findings:
        assert source[f.start:f.end] == f.text
        assert (f.line, f.column) == expected_line_col(source, f.start)
        assert (f.end_line, f.end_column) == expected_line_col(source, f.end)


def test_markdown_skips_code_and_front_matter():
    doc = read_markdown("page.md", COPY_MD)
    assert_aligned(doc)
    assert "title:" not in doc.text and "beta cells" not in doc.text
    assert "cure diabetes" not in doc.text  # only in the front matter and the code blocks
    assert "Indented code" not in doc.text
    assert "intravenous stem cell programme works with your body's own repair systems." in doc.text
    assert "https://example.org" not in doc.text and "Repair (more)" not in doc.text
    kinds = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert kinds[0] == ("heading", "Stem Cells for Type 2 Diabetes")
    assert ("item", "Lasting remission of type 2 diabetes.") in kinds


def test_markdown_inline_markup_is_dropped_but_words_keep_their_offsets():
    source = ("Stem cells **home** to the _pancreas_ &amp; `regrow` islets\\* via [our protocol][p].\n"
              "Second line with ![alt words](x.png) and <span>inline html</span>.\n\n"
              "[p]: https://example.org\n")
    doc = read_markdown("x.md", source)
    assert_aligned(doc)
    assert doc.text.startswith("Stem cells home to the pancreas & regrow islets* via our protocol. Second line with and inline html.")
    assert "alt words" in [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "alt"]
    assert "example.org" not in doc.text


def test_markdown_blocks_quotes_tables_and_html():
    source = """\
> Our stem cells
> cure diabetes.

| Treatment | Result |
|-----------|--------|
| IV cells  | New beta cells \\| fast |

<div class="note">
<p>HTML <b>inside</b> Markdown.</p>
<script>hidden()</script>
</div>

- Item with a lead-in:
  - Nested item.
"""
    doc = read_markdown("x.md", source)
    assert_aligned(doc)
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert ("paragraph", "Our stem cells cure diabetes.") in blocks
    assert [t for k, t in blocks if k == "cell"] == ["Treatment", "Result", "IV cells", "New beta cells | fast"]
    assert ("paragraph", "HTML inside Markdown.") in blocks
    assert "hidden()" not in doc.text
    nested = next(b for b in doc.blocks if doc.text[b.start:b.end] == "Nested item.")
    assert doc.text[doc.blocks[nested.lead_in].start:doc.blocks[nested.lead_in].end] == "Item with a lead-in:"


SAVED_PAGE = """\
<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Regenerative Clinic | Stem Cells</title>
  <meta name="description" content="Our stem cells cure type 2 diabetes &amp; more.">
  <meta name="keywords" content="KEYWORDS-ATTR">
  <link rel="stylesheet" href="site.css" title="LINK-TITLE-IN-HEAD">
  <style>.hero { content: "STYLE-TEXT"; }</style>
  <script>var copy = "SCRIPT-TEXT";</script>
  <script type="application/ld+json">{"description": "JSONLD-TEXT"}</script>
</head>
<body class="BODY-CLASS-ATTR" data-claim="DATA-ATTR">
  <nav><a href="/" title="Clinic home">Home</a> <a href="/treatments">Treatments</a></nav>
  <!-- COMMENT-TEXT: stem cells cure everything -->
  <header><h1>Stem cell therapy for diabetes</h1></header>
  <main>
    <p>After the infusion, the stem cells home to your pancreas.</p>
    <img src="cells.jpg" alt="Stem cells becoming new insulin-producing cells">
    <template><p>TEMPLATE-TEXT</p></template>
    <noscript>NOSCRIPT-TEXT</noscript>
    <div hidden><p>HIDDEN-ATTR-TEXT</p></div>
    <p style="color: red; display : none !important">DISPLAY-NONE-TEXT</p>
    <span style="visibility:hidden">VISIBILITY-HIDDEN-TEXT</span>
    <p>Visible <span hidden>HIDDEN-SPAN-TEXT</span>paragraph&nbsp;text.</p>
    <input type="hidden" value="INPUT-VALUE">
  </main>
  <footer><p>Our stem cells cure diabetes.</p></footer>
  <script>document.write("LATE-SCRIPT-TEXT")</script>
</body>
</html>
"""


def test_saved_page_yields_only_visitor_visible_text():
    doc = read_html("page.html", SAVED_PAGE)
    assert_aligned(doc)
    for hidden in ("STYLE-TEXT", "SCRIPT-TEXT", "JSONLD-TEXT", "TEMPLATE-TEXT", "NOSCRIPT-TEXT", "HIDDEN-ATTR-TEXT",
                   "DISPLAY-NONE-TEXT", "VISIBILITY-HIDDEN-TEXT", "HIDDEN-SPAN-TEXT", "COMMENT-TEXT", "KEYWORDS-ATTR",
                   "LINK-TITLE-IN-HEAD", "BODY-CLASS-ATTR", "DATA-ATTR", "INPUT-VALUE", "cells.jpg", "utf-8", "<"):
        assert hidden not in doc.text, hidden
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert ("heading", "Regenerative Clinic | Stem Cells") in blocks
    assert ("alt", "Our stem cells cure type 2 diabetes & more.") in blocks
    assert ("alt", "Clinic home") in blocks
    assert ("paragraph", "Home Treatments") in blocks
    assert ("heading", "Stem cell therapy for diabetes") in blocks
    assert ("alt", "Stem cells becoming new insulin-producing cells") in blocks
    assert ("paragraph", "Visible paragraph text.") in blocks
    assert ("paragraph", "Our stem cells cure diabetes.") in blocks


def test_saved_page_findings_come_from_visible_places(linter):
    doc = read_html("page.html", SAVED_PAGE)
    findings = [f for f in linter.lint_document(doc) if f.reported]
    for f in findings:
        assert SAVED_PAGE[f.start:f.end] == f.text
        assert (f.line, f.column) == expected_line_col(SAVED_PAGE, f.start)
    where = {(f.rule, SAVED_PAGE.rfind("<", 0, f.start) >= 0 and SAVED_PAGE[SAVED_PAGE.rfind("<", 0, f.start):].split()[0])
             for f in findings}
    assert ("MSC-CURE", "<meta") in where  # the meta description
    assert ("MSC-DIFFERENTIATION", "<img") in where  # the alt text, pointed at inside the attribute
    assert ("MSC-HOMING", "<p>After") in where
    footer = SAVED_PAGE.index("<footer>")
    assert any(f.rule == "MSC-CURE" and f.start > footer for f in findings)


def test_html_lead_in_reaches_list_items(linter):
    html = "<p>A larger number of cells means:</p><ul><li>Better regeneration.</li></ul>"
    doc = read_html("x.html", html)
    item = doc.blocks[1]
    assert (item.kind, item.lead_in) == ("item", 0)
    (finding,) = [f for f in linter.lint_document(doc) if f.reported]
    assert finding.rule == "MSC-DOSE"
    assert html[finding.start:finding.end] == finding.text == "regeneration"
    assert finding.start > html.index("<li>")


def test_markdown_lead_in_reaches_list_items(linter):
    md = "# Dosing\n\nA larger number of cells means:\n\n- Better regeneration.\n- Faster healing.\n"
    doc = read_markdown("x.md", md)
    assert [(b.kind, b.lead_in) for b in doc.blocks] == [("heading", None), ("paragraph", None), ("item", 1), ("item", 1)]
    findings = [f for f in linter.lint_document(doc) if f.reported]
    assert any(f.rule == "MSC-DOSE" and f.text == "regeneration" and md[f.start:f.end] == "regeneration" for f in findings)


def test_html_structure_kinds_and_implied_end_tags():
    html = ("<h2>Results</h2><table><tr><th>Patients<td>Off insulin</table>"
            "<ul><li>One<li>Two</ul><dl><dt>Term<dd>Meaning</dl><p>Line one<br>Line two"
            "<p hidden>never<p>after hidden</p><figure><figcaption>Caption</figcaption></figure>")
    doc = read_html("x.html", html)
    assert_aligned(doc)
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert blocks == [("heading", "Results"), ("cell", "Patients"), ("cell", "Off insulin"), ("item", "One"),
                      ("item", "Two"), ("paragraph", "Term"), ("paragraph", "Meaning"), ("paragraph", "Line one"),
                      ("paragraph", "Line two"), ("paragraph", "after hidden"), ("paragraph", "Caption")]
    assert all(b.heading == 0 for b in doc.blocks[1:])


def test_html_entities_map_to_their_source():
    html = "<p>Caf&eacute; &amp; clinic &#8212; AT&T&#x2019;s cells&nbsp;&lt;heal&gt;.</p>"
    doc = read_html("x.html", html)
    assert doc.text == "Café & clinic — AT&T’s cells <heal>."
    assert_aligned(doc)
    assert html[doc.to_source(doc.text.index("clinic")):].startswith("clinic")
    assert html[doc.to_source(doc.text.index("—"))] == "&"


def test_alt_text_inside_a_paragraph_does_not_split_the_sentence():
    html = '<p>Our cells <img alt="A photo of cells" src="x.png">repair the pancreas.</p>'
    doc = read_html("x.html", html)
    assert [doc.text[b.start:b.end] for b in doc.blocks] == ["Our cells repair the pancreas.", "A photo of cells"]
    alt = doc.blocks[1]
    assert html[doc.to_source(alt.start):doc.to_source(alt.end - 1) + 1] == "A photo of cells"


def test_attribute_spans_follow_html_attribute_syntax():
    tag = """<img src=x.png ALT = 'one "two"' title="a 'b' c" data-x hidden>"""
    spans = attribute_spans(tag)
    assert tag[slice(*spans["alt"])] == 'one "two"'
    assert tag[slice(*spans["title"])] == "a 'b' c"
    assert tag[slice(*spans["src"])] == "x.png"
    assert "hidden" in spans and "data-x" in spans


def test_claims_across_line_breaks_and_tags_span_their_source(linter):
    html = "<p>After the infusion, the stem cells home to your <b>pancreas</b> and become\n    new insulin-producing cells.</p>"
    findings = [f for f in linter.lint_document(read_html("x.html", html)) if f.reported]
    diff = next(f for f in findings if f.rule == "MSC-DIFFERENTIATION")
    assert " ".join(html[diff.start:diff.end].split()) == diff.text
    assert (diff.line, diff.end_line) == (1, 2)
    homing = next(f for f in findings if f.rule == "MSC-HOMING")
    assert html[homing.start:homing.end] == "home to your <b>pancreas"  # from its first word to its last


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_readers_accept_crlf_and_boms(tmp_path, suffix):
    copy = COPY_MD if suffix == ".md" else COPY_HTML
    for encoding, bom in (("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")):
        path = tmp_path / f"page{suffix}"
        path.write_bytes(bom + copy.replace("\n", "\r\n").encode(encoding))
        doc, warning = read_document(str(path))
        assert warning is None and doc.kind == ("markdown" if suffix == ".md" else "html")
        assert_aligned(doc)
        assert "Lasting remission of type 2 diabetes." in doc.text


def test_alt_text_already_on_the_page_is_not_linted_twice():
    html = ('<nav><a href="/cure" title="Stem cell cure">Stem cell cure</a></nav>'
            '<img src="a.png" alt="Cells that heal" title="Cells that heal">'
            '<meta name="description" content="We treat diabetes."><p>We treat diabetes.</p>')
    doc = read_html("x.html", html)
    assert [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("paragraph", "Stem cell cure"), ("alt", "Cells that heal"), ("paragraph", "We treat diabetes.")]
    assert_aligned(doc)


# Found by the property tests and fuzzers (tests/test_properties.py, fuzz/).
@pytest.mark.parametrize("source, kind", [
    ("Press `\n` then: our stem cells cure diabetes.", "markdown"),  # a code span holding only a line end
    ("Use ``a ` b`` and `c` then: our stem cells cure diabetes.", "markdown"),  # a backtick inside a code span
    ("<p>Our stem cells cur&#101; diabetes.</p>", "html"),  # a claim ending in a character reference
])
def test_findings_keep_their_place_after_tricky_markup(linter, source, kind):
    (finding,) = [f for f in linter.lint_text(source, kind=kind) if f.rule == "MSC-CURE"]
    assert finding.text == "cure" and html_module.unescape(source[finding.start:finding.end]) == "cure"


def test_deeply_nested_html_reads_in_linear_time():
    """Every <div> closes an open <p> unless a nearer <button> stops it: once a scan of the whole stack."""
    started = time.monotonic()
    doc = read_html("x.html", "<p><button>" + "<div>" * 100_000 + "Our stem cells cure diabetes.")
    assert doc.text == "Our stem cells cure diabetes." and time.monotonic() - started < 10


def test_hard_wrapped_plain_text_is_read_as_paragraphs(linter):
    """Text wrapped at a fixed width keeps its sentences whole: a short line that breaks off mid-phrase is no
    heading, so 'The company claims' still governs the quotation on the next line."""
    from claimlint.readers.structure import plain_blocks

    wrapped = ("One of the doctors who treated him told a television station that other players\n"
               "are interested in the therapy. His company claims that it is\n"
               "\u201csafe, highly effective, and presents minimal risk\u201d.\n\n"
               "How it works\n\n"
               "The cells are given through a drip.\n")
    kinds = [(b.kind, wrapped[b.start:b.end].split()[0]) for b in plain_blocks(wrapped)]
    assert kinds == [("paragraph", "One"), ("heading", "How"), ("paragraph", "The")]
    assert not [f for f in linter.lint_text(wrapped) if f.reported]


def test_plain_lines_under_a_lead_in_are_its_list(linter):
    """Pasted copy loses its bullets: short lines right under a line ending in ':' are that line's items, so an
    item opening on 'Do' is a statement, not a heading that asks; a blank line ends the list."""
    from claimlint.readers.structure import plain_blocks

    text = ("Cells from this tissue:\nCan calm inflammation\nDo not cause tumors\n\n"
            "Why choose us\nOur team is experienced.\n")
    kinds = [(b.kind, b.lead_in, text[b.start:b.end].split()[0]) for b in plain_blocks(text)]
    assert kinds == [("paragraph", None, "Cells"), ("item", 0, "Can"), ("item", 0, "Do"), ("heading", None, "Why"),
                     ("paragraph", None, "Our")]
    (safety,) = [f for f in linter.lint_text(text) if f.reported and f.category == "safety"]
    assert safety.status == "asserted" and safety.text == "not cause tumors"


@pytest.mark.parametrize("marker", ["~", "»", "►", "✅", "■"])
def test_uncommon_bullet_marks_start_list_items_under_their_lead_in(linter, marker):
    """Sites mark list items with whatever glyph their theme uses; each item, blank lines between, is read under
    the lead-in, so every condition listed is a claim of what the therapy treats."""
    text = (f"Some of the conditions our cell therapy can treat include:\n\n{marker} Plantar fasciitis.\n\n"
            f"{marker} Tendonitis.\n\n{marker} Bursitis.\n")
    flagged = [f.text for f in linter.lint_text(text) if f.reported and f.rule == "SC-CONDITIONS-LIST"]
    assert [t for t in flagged if t in ("Plantar fasciitis", "Tendonitis", "Bursitis")] == \
        ["Plantar fasciitis", "Tendonitis", "Bursitis"]


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_look_alike_letters_from_other_scripts_do_not_hide_a_claim(linter, tmp_path, suffix):
    # "e" and "o" written as Cyrillic letters inside English words, as evasive copy does; a Russian word stays
    latin = "Our stem cell therapy cures type 1 diabetes. Клиника."
    disguised = latin.replace("e", "\u0435").replace("o", "\u043e")
    assert disguised != latin
    found = {}
    for name, text in (("latin", latin), ("disguised", disguised)):
        path = tmp_path / f"{name}{suffix}"
        path.write_text(f"<p>{text}</p>" if suffix == ".html" else text, encoding="utf-8")
        reported = [f for f in linter.lint_file(str(path)).findings if f.reported]
        found[name] = [(f.rule, f.line, f.column) for f in reported]
        assert all(f.text in text for f in reported)  # quoted with the file's own letters
    assert found["latin"] and found["disguised"] == found["latin"]
    assert path.read_text(encoding="utf-8").count("\u0435") == disguised.count("\u0435")  # the file is not touched


def test_a_paragraph_holding_only_a_control_character_reference_is_no_block():
    # "&#3;" decodes to nothing a reader keeps: no empty block may follow the real one (found by fuzzing)
    doc = read_html("page.html", "<p>Our clinic</p><p>&#3;</p><p>&#1;")
    assert doc.text == "Our clinic"
    assert [(b.start, b.end) for b in doc.blocks] == [(0, len("Our clinic"))]
