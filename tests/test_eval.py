"""`claimlint eval`: the packs are scored on the annotated corpus, and the suite holds the thresholds."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT

CORPUS = ROOT / "corpus"
# The sets the packs were tuned on (holdout after its first measurement); holdout2 is the next unseen set.
TUNED = [CORPUS / "docs", CORPUS / "holdout"]


def test_corpus_meets_thresholds_overall_and_per_category(linter):
    from claimlint.eval.evaluate import evaluate

    report = evaluate(linter, TUNED)
    assert report.documents >= 30
    assert report.overall.flags >= 200 and report.overall.passes >= 150
    assert report.below(recall=0.9, precision=0.9, must_pass=0.95) == [], report.misses + report.false_flags


def test_eval_command_json_and_exit_code(cli):
    run = cli("eval", "--format", "json", *TUNED)
    data = json.loads(run.out)
    assert run.code == 0 and data["below_threshold"] == []
    assert {"recall", "precision", "must_pass"} <= set(data["overall"])
    assert "cure" in data["categories"]


def test_eval_fails_below_threshold(cli):
    run = cli("eval", "--min-recall", "1.01", CORPUS / "docs")
    assert run.code == 1 and "below threshold: overall recall" in run.out


def test_gold_quote_not_in_document_is_reported_with_line(cli, tmp_path):
    (tmp_path / "page.txt").write_text("Our stem cells cure diabetes.\n", encoding="utf-8")
    gold = tmp_path / "page.gold.yaml"
    gold.write_text("flag:\n  - quote: cure diabetes\n    category: cure\n  - quote: regrow islets\n    category: regeneration\n")
    run = cli("eval", tmp_path)
    assert run.code == 2
    assert f"{gold}:4:" in run.err and "quote not found" in run.err


@pytest.mark.parametrize("name, documents, floors", [
    ("holdout2", 10, (0.88, 0.93, 0.95)),
    ("holdout3", 12, (0.9, 0.9, 0.95)),
    ("holdout4", 12, (0.78, 0.9, 0.95)),
    ("holdout5", 10, (0.78, 0.8, 0.95)),
])
def test_later_unseen_sets_keep_what_was_gained(linter, name, documents, floors):
    """corpus/holdout2 to holdout5 were written without sight of the rules; each first measurement is in
    corpus/<name>-first-measurement.txt. The packs have since learnt from them; these floors keep that (some of
    their categories are still under the tuned sets' per-category thresholds)."""
    from claimlint.eval.evaluate import evaluate

    report = evaluate(linter, CORPUS / name)
    recall, precision, must_pass = floors
    assert report.documents == documents and report.overall.flags >= 60
    assert report.overall.recall >= recall and report.overall.precision >= precision
    assert report.overall.must_pass >= must_pass
