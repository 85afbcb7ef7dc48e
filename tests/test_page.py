"""Page-level checks (claimlint/page, rules/page-disclosures.yaml): what a page must also say, and its verdict."""
from __future__ import annotations

import json
import textwrap

from claimlint.formats._common import message
from claimlint.readers.html import read_html

STORY = """\
# Our patients' stories

After two infusions I no longer need insulin. My energy is back and my sugar is normal.

Book your free consultation today.
"""

DISCLOSED = STORY + "\nThese are individual experiences; results vary and some patients do not respond.\n"

HONEST = """\
# Stem cell clinics: what to know

No stem cell product is approved for diabetes. Trials are under way to find out whether MSC infusions help.
Ask your doctor before you travel for treatment.
"""


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_stories_without_typical_results_are_reported_at_the_first_story(linter):
    findings = linter.lint_text(STORY, "page.md", "markdown")
    [missing] = by_rule(findings, "PG-TYPICAL-RESULTS")
    assert missing.reported and missing.severity == "error" and missing.category == "missing-disclosure"
    assert missing.line == 3 and missing.origin == "page"
    assert "docs/evidence.md#typical-results" in missing.source


def test_a_typical_results_statement_anywhere_on_the_page_satisfies_it(linter):
    findings = linter.lint_text(DISCLOSED, "page.md", "markdown")
    [found] = by_rule(findings, "PG-TYPICAL-RESULTS")
    assert not found.reported and found.status == "disclosed" and found.line == 7


def test_an_honest_page_needs_no_disclosure(linter):
    assert not [f for f in linter.lint_text(HONEST, "page.md", "markdown") if f.origin == "page"]


def test_json_gives_each_page_a_verdict(cli, tmp_path):
    (tmp_path / "story.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "disclosed.md").write_text(DISCLOSED, encoding="utf-8")
    (tmp_path / "honest.md").write_text(HONEST, encoding="utf-8")
    run = cli("check", "--format", "json", tmp_path)
    pages = {p["path"].rsplit("/", 1)[-1]: p for p in json.loads(run.out)["summaries"]}
    assert pages["story.md"]["verdict"] == "fail"
    assert pages["story.md"]["disclosures"]["missing"] == ["PG-TYPICAL-RESULTS"]
    assert "PG-TYPICAL-RESULTS" in pages["disclosed.md"]["disclosures"]["found"]
    assert pages["disclosed.md"]["claims"]["not-supported"] >= 1
    assert "honest.md" not in pages  # no finding at all: the page passes


def test_every_output_states_each_page_verdict(cli, tmp_path):
    (tmp_path / "story.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "honest.md").write_text(HONEST, encoding="utf-8")
    text = cli("check", tmp_path).out.splitlines()
    verdict = [line for line in text if line.endswith("disclosures missing: PG-TYPICAL-RESULTS")]
    assert len(verdict) == 1 and verdict[0].split(": ", 1)[1].startswith("Fails as a page — claims: ")
    assert text.index(verdict[0]) == len(text) - 2  # after the page's findings, before the run's count
    sarif = json.loads(cli("check", "--format", "sarif", tmp_path).out)["runs"][0]["properties"]["summaries"]
    assert [(p["path"].rsplit("/", 1)[-1], p["verdict"]) for p in sarif] == [("story.md", "fail")]
    assert "::notice file=" in cli("check", "--format", "github", tmp_path).out
    assert 'name="verdict" value="fail"' in cli("check", "--format", "junit", tmp_path).out


def test_a_waiver_takes_the_page_finding_out_of_the_verdict(cli, tmp_path):
    page = tmp_path / "story.md"
    page.write_text("<!-- claimlint-disable PG-TYPICAL-RESULTS -- typical results are on the booking page -->\n"
                    + STORY, encoding="utf-8")
    summary = json.loads(cli("check", "--format", "json", page).out)["summaries"][0]
    assert summary["disclosures"]["missing"] == []
    assert summary["verdict"] == "fail"  # the stories themselves are still over-claims


def test_section_scope_and_a_user_page_rule(cli, tmp_path):
    pack = tmp_path / "prices.yaml"
    pack.write_text(textwrap.dedent("""\
        pack: {id: prices, title: Prices, version: "1", indication: any}
        evidence:
          - id: price-terms
            tier: under-investigation
            reasoning: A price quoted beside a promise needs its terms in the same section.
            source: "docs/evidence.md#investigational-status (terms of sale)"
        lexicons:
          price: {terms: [price, cost]}
          terms_of_sale: {terms: [refund policy]}
        rules:
          - id: PRICE-TERMS
            title: Prices without terms
            category: missing-disclosure
            evidence: price-terms
            page:
              when: {content: [price]}
              requires: [terms_of_sale]
              within: section
            message: Quotes a price without its terms in the same section.
            suggestion: State the refund policy beside the price.
            examples:
              flag: ["# Fees\\n\\nThe price is 5,000 dollars.\\n\\n# Policies\\n\\nSee our refund policy."]
              pass: ["# Fees\\n\\nThe price is 5,000 dollars; see our refund policy."]
        """), encoding="utf-8")
    run = cli("rules", "test", pack)
    assert run.code == 0 and "1 rules, 2 examples: 2 passed" in run.out


def test_a_page_rule_with_match_and_page_is_one_error_line(cli, tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text(textwrap.dedent("""\
        pack: {id: bad, title: Bad, version: "1", indication: any}
        evidence:
          - {id: e, tier: plausible, reasoning: r, source: "docs/evidence.md#typical-results (x)"}
        lexicons:
          words: {terms: [cure]}
        rules:
          - id: BAD-RULE
            title: Both
            category: missing-disclosure
            evidence: e
            match: {any: [words]}
            page: {when: {content: [words]}, requires: [words]}
            message: m
            suggestion: s
            examples: {flag: [cure], pass: [nothing]}
        """), encoding="utf-8")
    run = cli("check", "--rules", pack, "-", input="text")
    assert run.code == 2
    [line] = run.err.strip().splitlines()
    assert f"{pack}:7:" in line and "either 'match'" in line


def test_the_report_shows_each_pages_verdict_at_its_top(cli, tmp_path):
    (tmp_path / "story.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "honest.md").write_text(HONEST, encoding="utf-8")
    out = tmp_path / "report.html"
    cli("report", "--output", out, tmp_path / "story.md", tmp_path / "honest.md")
    html = out.read_text(encoding="utf-8")
    assert "<strong>Fails as a page</strong> — claims: " in html and "disclosures missing: PG-TYPICAL-RESULTS" in html
    assert "<strong>Passes</strong> — claims: no claims" in html


def test_a_disclosure_only_in_small_print_does_not_count(linter):
    """FTC: a disclosure must be clear and conspicuous. 'Results vary' only in the footer, or in <small> beside
    the story, leaves the typical-results rule reporting, and says where the words were; in the body it counts."""
    story = "<h2>Patient stories</h2><p>After two infusions I no longer need insulin and my sugar is normal.</p>"
    for hidden in ("<footer><p>Results vary from patient to patient.</p></footer>",
                   "<p>Book a consultation. <small>Results vary from patient to patient.</small></p>"):
        found = [f for f in linter.lint_document(read_html("story.html", story + hidden)) if f.rule == "PG-TYPICAL-RESULTS"]
        (missing,) = found
        assert missing.reported and missing.cue == "only in a footer or small print: 'Results vary'"
        assert "(disclosure only in a footer or small print: 'Results vary')" in message(missing)
    shown = story + "<p>Results vary from patient to patient.</p><footer><p>Contact us</p></footer>"
    (disclosed,) = [f for f in linter.lint_document(read_html("story.html", shown)) if f.rule == "PG-TYPICAL-RESULTS"]
    assert not disclosed.reported and disclosed.status == "disclosed"
