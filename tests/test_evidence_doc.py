"""docs/evidence.md: every built-in evidence entry points at a section of it, and users can reach that section.

The packs' `source` fields used to name documents outside the repository. Now each one is
`docs/evidence.md#<evidence id> (<label>)`; these tests keep the packs, the document, `--explain`, the html
report and the installed package in step.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace

import pytest

from conftest import ROOT
from claimlint.findings import TIERS, LintResult
from claimlint.formats.html import format_html
from claimlint.packs.evidence import (cited_sections, evidence_doc_path, evidence_sections, parse_sections, section_for,
                                      slug, source_anchor)
from claimlint.packs.files import builtin_packs_dir
from claimlint.packs.schema import load_packs

DOC = ROOT / "docs" / "evidence.md"
EXAMPLE = ROOT / "examples" / "clinic-page.txt"
SECTIONS = parse_sections(DOC.read_text(encoding="utf-8"))
PACKS = load_packs()
ENTRIES = [(pack.id, e) for pack in PACKS for e in pack.evidence.values()]
TIER_WORDS = {"plausible": "plausible", "under-investigation": "under investigation", "not-supported": "not supported"}


def reference_items(body: str) -> list[str]:
    """The list items of a section, each joined onto one line (a wrapped reference spans several)."""
    items: list[str] = []
    for line in body.splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    return items


def test_built_in_packs_are_the_ones_checked():
    assert {"msc-diabetes", "stem-cell-general"} <= {pack.id for pack in PACKS}
    assert len(ENTRIES) >= 19


@pytest.mark.parametrize("pack_id, entry", ENTRIES, ids=[f"{p}:{e.id}" for p, e in ENTRIES])
def test_every_source_points_at_its_own_section(pack_id, entry):
    assert re.fullmatch(r"docs/evidence\.md#[a-z0-9-]+ \([^()]+\)", entry.source), entry.source
    anchor = source_anchor(entry.source)
    assert anchor == entry.id, f"{pack_id}: evidence '{entry.id}' points at #{anchor}"
    assert anchor in SECTIONS, f"{pack_id}: docs/evidence.md has no heading for #{anchor}"
    assert section_for(entry.source) is not None  # the document the package finds, not only the checkout's


@pytest.mark.parametrize("pack_id, entry", ENTRIES, ids=[f"{p}:{e.id}" for p, e in ENTRIES])
def test_every_section_gives_evidence_reasoning_and_the_packs_references(pack_id, entry):
    body = SECTIONS[entry.id].body
    assert "**What the evidence shows.**" in body
    why = " ".join(body.split("**Why this tier.**", 1)[1].split("\n\n", 1)[0].lower().split())
    assert TIER_WORDS[entry.tier] in why, f"#{entry.id}: the tier ({entry.tier}) is not explained"
    items = [item.lower() for item in reference_items(body)]
    for ref in entry.references:
        # "Butler et al., 2007, Diabetes 56:1810": author, year, journal, volume and first page on one item.
        words = [w.lower() for w in re.findall(r"[A-Za-z]{2,}|\d+", ref) if w not in ("et", "al")]
        assert any(all(w in item for w in words) for item in items), f"#{entry.id}: reference {ref!r} not listed"


def test_document_has_the_tiers_and_regulation_sections_and_anchors_are_unique():
    for tier in TIERS:
        assert tier in SECTIONS, f"no section for the tier {tier}"
    assert "regulation-and-advertising-guidance" in SECTIONS
    assert not [a for a in SECTIONS if re.search(r"-\d+$", a)], "a repeated heading makes a numbered anchor"
    text = DOC.read_text(encoding="utf-8")
    assert "own summary" in text[:1000]  # says what it is and where it comes from, at the top


def test_evidence_sections_stand_alone():
    """The html report embeds sections one by one: links inside them to other sections would go nowhere."""
    for _, entry in ENTRIES:
        body = SECTIONS[entry.id].body
        assert "](#" not in body and "<" not in body.replace("<https://", ""), entry.id


def test_references_give_a_doi_when_the_packs_cite_a_paper():
    for _, entry in ENTRIES:
        for item in reference_items(SECTIONS[entry.id].body):
            if re.search(r"\*[A-Z][^*]+\* \d{4};", item):  # a journal article
                assert re.search(r"doi:\[10\.\d{4,}/\S+\]\(https://doi\.org/10\.", item), item


def test_packs_no_longer_cite_material_outside_the_repository():
    for path in builtin_packs_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "seeds/" not in text and "EVIDENCE.md" not in text, path


def test_readme_examples_show_the_evidence_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "seeds/000" not in readme and "EVIDENCE.md" not in readme
    assert "source:     docs/evidence.md#differentiation" in readme


def test_slugs_and_sections_follow_github():
    assert slug("Medication freedom") == "medication-freedom"
    assert slug("Regulation and advertising guidance") == "regulation-and-advertising-guidance"
    text = "# Top\n\n## A b\none\n```\n# not a heading\n```\n### Deeper\ntwo\n## A b\nthree\n"
    sections = parse_sections(text)
    assert list(sections) == ["top", "a-b", "deeper", "a-b-1"]
    assert "# not a heading" in sections["a-b"].body and "two" in sections["a-b"].body
    assert sections["a-b-1"].body == "three"
    assert source_anchor("docs/evidence.md#homing (label)") == "homing"
    assert source_anchor("docs/evidence.md#homing") == "homing"
    assert source_anchor('docs/evidence.md#homing"><script>') is None
    assert source_anchor("seeds/000: somewhere") is None


def test_explain_shows_the_evidence_document(cli):
    run = cli("check", "--explain", EXAMPLE)
    assert run.code == 1
    sources = [line.split("source:", 1)[1].strip() for line in run.out.splitlines() if line.strip().startswith("source:")]
    assert sources and all(s.startswith("docs/evidence.md#") for s in sources)
    assert all(source_anchor(s) in SECTIONS for s in sources)
    assert "    source:     docs/evidence.md#differentiation (" in run.out


def test_json_carries_the_source(cli):
    findings = json.loads(cli("check", "--format", "json", EXAMPLE).out)["findings"]
    assert findings and all(source_anchor(f["source"]) in SECTIONS for f in findings)


def test_html_report_links_each_source_to_the_section_it_carries(linter):
    result = linter.lint_paths([str(EXAMPLE)])
    page = format_html(result)
    targets = set(re.findall(r'<a href="#(evidence-[a-z0-9-]+)" class="evidence-link">docs/evidence\.md#', page))
    assert targets
    for target in targets:
        assert f'<section id="{target}" class="evidence-entry">' in page
    cited = {source_anchor(f.source) for f in result.findings if f.reported}
    assert targets == {f"evidence-{a}" for a in cited}
    # Each cited section once, with its references rendered as links to the DOI.
    assert page.count('id="evidence-differentiation"') == 1
    assert '<a href="https://doi.org/10.2337/db06-1385">' in page
    # Sections no finding cites are left out.
    assert 'id="evidence-testimonials"' not in page


def test_html_report_without_evidence_sources_has_no_appendix(linter):
    found = [f for f in linter.lint_text("Our stem cells cure diabetes.", path="x.txt") if f.reported]
    own = [replace(f, source="our-notes.md, section 3") for f in found]
    page = format_html(LintResult(findings=own, files=1, evidence=cited_sections(f.source for f in own)))
    assert 'id="evidence"' not in page and "our-notes.md, section 3" in page and "evidence-link" not in page
    hostile = [replace(f, source="docs/evidence.md#cure <script>alert(1)</script>") for f in found]
    page = format_html(LintResult(findings=hostile, files=1, evidence=cited_sections(f.source for f in hostile)))
    assert "<script>alert" not in page and 'href="#evidence-cure"' in page


def test_checkout_finds_its_document():
    assert evidence_doc_path() == DOC or evidence_doc_path().name == "evidence.md"
    assert set(evidence_sections()) == set(SECTIONS)


def test_installed_package_finds_the_document(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
                   check=True, capture_output=True)
    shipped = target / "claimlint" / "docs" / "evidence.md"
    assert shipped.is_file() and shipped.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import claimlint.packs.evidence as e, claimlint.packs.schema as p; print(e.evidence_doc_path()); "
            "print(all(e.section_for(x.source) for pack in p.load_packs() for x in pack.evidence.values()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, capture_output=True,
                         text=True).stdout.split()
    assert out == [str(shipped), "True"]
