"""The recall model (--with-model): opt-in proposals of sentences the rules missed, read by the context stage.

Nothing here trains a model but the slow test at the end: the rest uses the model that ships in
claimlint/data/recall/model.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

import claimlint
from conftest import ROOT
from claimlint.recall import MODEL_DIR, PACK, RULE_ID, THRESHOLD

# A claim no rule matches (the model pack's own flag example), and sentences the model must leave alone.
MISSED = "Our stem cell program gives children with cerebral palsy their lives back."
NEGATED = "This therapy is not changing the lives of people with cerebral palsy."
PLAIN = "Our clinic is open Monday to Saturday from 9 am to 6 pm."


@pytest.fixture(scope="module")
def with_model():
    return claimlint.Linter(with_model=True)


def test_proposes_a_sentence_no_rule_matched_with_origin_and_score(with_model, linter):
    assert linter.lint_text(MISSED) == []  # the rules miss it
    (found,) = [f for f in with_model.lint_text(f"{PLAIN}\n\n{MISSED}\n") if f.reported]
    assert (found.rule, found.category, found.tier, found.status, found.severity) == (
        RULE_ID, "model", "not-supported", "asserted", "warning")
    assert found.origin == "model" and THRESHOLD <= found.score <= 1
    assert found.text == MISSED and found.line == 3 and found.column == 1
    # The message says it was proposed by the model, with its score and the words that weigh most in it.
    assert f"(model score {found.score:.2f}; weightiest words: '" in found.message
    assert "recall model" in found.message and "reviewer" in found.reasoning


def test_a_negated_proposal_is_read_by_the_context_stage(tmp_path):
    """Whatever its score, a proposal goes through the context stage: negated, it is not reported and says why."""
    eager = claimlint.Linter(with_model=True, threshold=0.2)  # proposes nearly anything: the context stage decides
    (found,) = eager.lint_text(NEGATED)
    assert (found.rule, found.origin, found.status, found.cue, found.severity) == (RULE_ID, "model", "negated", "not", None)
    assert not found.reported


def test_rule_claims_keep_the_sentence_and_findings_say_rules(with_model, linter):
    text = "Our stem cells cure diabetes and give children with cerebral palsy their lives back."
    findings = with_model.lint_text(text)
    assert [(f.rule, f.origin, f.score) for f in findings] == [(f.rule, "rules", None) for f in linter.lint_text(text)]


def test_the_rules_find_the_same_with_the_model(with_model, linter):
    """Proposals only fill sentences no rule claim overlaps, and the blocks parsed for them change nothing else."""
    from claimlint.readers.sources import read_document

    pages = sorted((ROOT / "corpus" / "docs").glob("*.*")) + sorted((ROOT / "examples").glob("*.*"))
    proposed = 0
    for page in (p for p in pages if not p.name.endswith(".gold.yaml")):
        source, _ = read_document(str(page))
        found = with_model.lint_document(source)
        assert [f.to_dict() for f in found if f.origin == "rules"] == [f.to_dict() for f in linter.lint_document(source)
                                                                       if f.origin == "rules"]
        proposed += sum(f.origin == "model" for f in found)
    assert proposed  # the model did propose on these pages


def test_off_by_default_and_json_and_sarif_carry_origin_and_score(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(f"Our stem cells cure diabetes.\n\n{MISSED}\n", encoding="utf-8")
    default = json.loads(cli("check", "--format", "json", page).out)["findings"]
    assert [(f["rule"], f["origin"], f["score"]) for f in default] == [("MSC-CURE", "rules", None)]
    run = cli("check", "--with-model", "--format", "json", page)
    found = json.loads(run.out)["findings"]
    assert [(f["rule"], f["origin"]) for f in found] == [("MSC-CURE", "rules"), (RULE_ID, "model")]
    assert found[1]["score"] >= THRESHOLD and found[1]["category"] == "model" and run.code == 1
    sarif = json.loads(cli("check", "--with-model", "--format", "sarif", page).out)
    properties = [r["properties"] for r in sarif["runs"][0]["results"]]
    assert [p["origin"] for p in properties] == ["rules", "model"] and "score" not in properties[0]
    assert properties[1]["score"] == found[1]["score"]
    explained = cli("check", "--with-model", "--explain", page).out
    assert f"found by:   the recall model, score {found[1]['score']:.2f}" in explained
    assert explained.count("found by:") == 1  # rule findings read as before


def test_default_output_is_the_same_without_the_recall_package(tmp_path):
    """The rules alone never load the model or its package: the same bytes when it cannot even be imported."""
    page = tmp_path / "page.txt"
    page.write_text(f"Our stem cells cure diabetes.\n\n{MISSED}\n", encoding="utf-8")
    args = ["check", "--format", "json", str(page), str(ROOT / "examples")]
    run = "import sys; from claimlint.cli import main; sys.argv = ['claimlint', *sys.argv[1:]]; "
    plain = subprocess.run([sys.executable, "-c", run + "main()", *args], capture_output=True, text=True, cwd=tmp_path)
    blocked = subprocess.run([sys.executable, "-c", "import sys; sys.modules['claimlint.recall'] = None; " + run + "main()",
                              *args], capture_output=True, text=True, cwd=tmp_path)
    assert plain.returncode == blocked.returncode == 1
    assert plain.stdout == blocked.stdout and RULE_ID not in plain.stdout
    text = subprocess.run([sys.executable, "-c", "import sys; sys.modules['claimlint.recall'] = None; " + run + "main()",
                           "check", str(page)], capture_output=True, text=True, cwd=tmp_path)
    assert "MSC-CURE" in text.stdout and text.returncode == 1


def test_configuration_key_and_flags(cli, tmp_path):
    (tmp_path / "page.txt").write_text(MISSED + "\n", encoding="utf-8")
    (tmp_path / ".claimlint.yaml").write_text("with-model: true\n", encoding="utf-8")
    assert RULE_ID in cli("check", tmp_path / "page.txt").out
    assert cli("check", "--without-model", tmp_path / "page.txt").out == ""
    # --ignore model (the category) leaves the rules alone; selectors know the rule only when the model is on.
    assert cli("check", "--ignore", "model", tmp_path / "page.txt").out == ""
    assert [f.rule for f in claimlint.lint_text(MISSED, config=tmp_path / ".claimlint.yaml").reported] == [RULE_ID]
    assert claimlint.lint_text(MISSED, config=tmp_path / ".claimlint.yaml", with_model=False).reported == []
    (tmp_path / ".claimlint.yaml").write_text("with-model: sometimes\n", encoding="utf-8")
    run = cli("check", tmp_path / "page.txt")
    assert run.code == 2 and "'with-model' in config must be true or false" in run.err


def test_api_lint_paths_and_workers(tmp_path):
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text(f"{PLAIN}\n\n{MISSED}\n", encoding="utf-8")
    one = claimlint.lint_paths([str(tmp_path)], isolated=True, with_model=True)
    two = claimlint.lint_paths([str(tmp_path)], isolated=True, with_model=True, jobs=2)
    assert [(f.path, f.rule, f.origin, f.score) for f in one.reported] == [
        (f.path, f.rule, f.origin, f.score) for f in two.reported]
    assert [f.rule for f in one.reported] == [RULE_ID] * 3
    assert claimlint.lint_paths([str(tmp_path)], isolated=True).reported == []


def test_the_model_packs_examples(with_model):
    """The model's rule is data, with examples like every rule: its flag examples are proposed, its passes are not."""
    rule = with_model.rules[RULE_ID]
    assert rule.pack == "recall-model" and rule.severity == "warning" and rule.evidence.source.startswith(
        "docs/evidence.md#model-proposals ")
    for example in rule.flag_examples:
        assert [f.rule for f in with_model.lint_text(example.text) if f.reported] == [RULE_ID], example.text
    for example in rule.pass_examples:
        assert not [f for f in with_model.lint_text(example.text) if f.reported], example.text


def test_the_evidence_section_exists():
    from claimlint.packs.evidence import section_for
    from claimlint.packs.schema import load_pack

    (rule,) = load_pack(PACK).rules
    section = section_for(rule.evidence.source)
    assert section is not None and "a reviewer decides" in section.body


GOLD = """\
flag:
  - quote: "gives children with cerebral palsy their lives back"
    category: efficacy
  - quote: "Our stem cells cure diabetes"
    category: cure
pass:
  - "is open Monday to Saturday"
"""


def test_eval_reports_rules_alone_and_with_the_model_side_by_side(cli, tmp_path):
    (tmp_path / "page.txt").write_text(f"{PLAIN}\n\nOur stem cells cure diabetes.\n\n{MISSED}\n", encoding="utf-8")
    (tmp_path / "page.gold.yaml").write_text(GOLD, encoding="utf-8")
    run = cli("eval", "--with-model", tmp_path, "--min-recall", "0")
    assert run.code == 0
    table = run.out.split("Rules alone and rules + recall model", 1)[1]
    assert "rules   rules+model" in table
    assert "any cat.         0.500         1.000" in table and "precision        1.000         1.000" in table
    assert "Model proposals (1: 1 on an over-claim, 0 on a pass quote, 0 elsewhere; precision 1.000;" in table
    data = json.loads(cli("eval", "--with-model", "--format", "json", tmp_path, "--min-recall", "0").out)
    plain = json.loads(cli("eval", "--format", "json", tmp_path, "--min-recall", "0").out)
    assert data["rules"] == {k: v for k, v in plain.items() if k != "below_threshold"}
    assert data["rules_and_model"]["overall"]["found"] == 2 and data["proposals"][0]["landed"] == "over-claim"
    assert cli("eval", "--threshold", "0.5", tmp_path).code == 2  # the threshold belongs to --with-model


def test_training_sentences_are_split_as_the_model_reads_them():
    from claimlint.readers.sources import document_from_text
    from claimlint.recall.data import sentences

    text = "Intro.\n\nFirst sentence here. SECOND one, İstanbul!\n\n---\n\n- An item\n"
    source = document_from_text(text, "<t>", "text")
    found = [(text[a:b], doc.text.strip()) for a, b, doc in sentences(source.text, source.blocks)]
    assert found == [("Intro.", "intro."), ("First sentence here.", "first sentence here."),
                     ("SECOND one, İstanbul!", "second one, İstanbul!"), ("- An item", "- an item")]


def test_own_words_and_the_shipped_models_record():
    from claimlint.recall.data import own_words
    from claimlint.recall.train import training_summary

    own = own_words(ROOT / "corpus" / "model" / "sentences.yaml")
    assert len(own) >= 150 and 50 <= sum(label for _, label in own) <= 100
    summary = training_summary(MODEL_DIR)
    assert summary["label"] == "OVERCLAIM" and summary["documents"] >= 78
    assert set(summary["counts"]) == {"corpus", "rules", "context", "own-words"}
    assert sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file()) < 2_000_000


def test_the_wheel_ships_the_model(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
                   check=True, capture_output=True)
    shipped = target / "claimlint" / "data" / "recall"
    assert (shipped / "model" / "textcat_multilabel" / "model").is_file() and (shipped / "recall-model.yaml").is_file()
    code = textwrap.dedent(f"""\
        import claimlint
        assert claimlint.__file__.startswith({str(target)!r}), claimlint.__file__
        (f,) = claimlint.lint_text({MISSED!r}, with_model=True).reported
        print(f.origin, f.rule)
        """)
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["model", RULE_ID]


@pytest.mark.slow
def test_training_is_reproducible_and_gives_the_shipped_model(tmp_path):
    """`claimlint train` gives the same bytes every time; on the data the shipped model was built from, it gives
    the shipped model. (Rule examples and gold files change more often than the model is rebuilt: then the
    rebuild is compared with a second rebuild, and the report says the shipped model is due for `claimlint train`.)"""
    from claimlint.recall.data import training_set
    from claimlint.recall.propose import RecallModel
    from claimlint.recall.train import train, training_summary
    from claimlint.readers.sources import read_document

    shipped = training_summary(MODEL_DIR)
    summary = train(ROOT / "corpus", tmp_path / "model")
    if training_set(ROOT / "corpus").fingerprint() == shipped["fingerprint"]:
        reference, expected = MODEL_DIR, shipped
    else:
        print("the training data changed since the shipped model was built: run `claimlint train`")
        reference, expected = tmp_path / "again", train(ROOT / "corpus", tmp_path / "again")
    assert summary == expected
    for path in reference.rglob("*"):
        if path.is_file():
            assert (tmp_path / "model" / path.relative_to(reference)).read_bytes() == path.read_bytes(), path
    page, _ = read_document(str(ROOT / "examples" / "clinic-page.txt"))
    scores = [s.score for s in RecallModel(tmp_path / "model").scores(page.text, page.blocks)]
    assert scores == [s.score for s in RecallModel(reference).scores(page.text, page.blocks)] and scores
