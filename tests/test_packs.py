"""Malformed rule packs fail loudly: one line `file:line: message`, exit 2, on every run that loads them."""
from __future__ import annotations


import json

import pytest

from conftest import ROOT

GOOD = """\
pack: {id: test-pack, title: Test pack, version: "1", indication: testing}
evidence:
  - id: ev
    tier: not-supported
    reasoning: Testing only.
    source: tests
lexicons:
  magic: {terms: [magic beans]}
rules:
  - id: TEST-MAGIC
    title: Magic beans
    category: testing
    evidence: ev
    match: {any: [magic]}
    message: Magic beans are promised.
    suggestion: Do not promise magic beans.
    examples:
      flag: [Our magic beans work.]
      pass: [We sell ordinary beans.]
"""

CASES = {
    "yaml-syntax": (GOOD.replace("title: Magic beans", "title: [Magic beans"), 12, "YAML syntax error"),
    "unknown-key": (GOOD.replace("    category: testing", "    category: testing\n    colour: red"), 13, "unknown key 'colour'"),
    "missing-field": (GOOD.replace("    message: Magic beans are promised.\n", ""), 10, "missing required field 'message'"),
    "unknown-evidence": (GOOD.replace("    evidence: ev", "    evidence: nope"), 13, "unknown evidence id 'nope'"),
    "duplicate-rule": (GOOD + GOOD[GOOD.index("  - id: TEST-MAGIC"):], 20, "duplicate rule id 'TEST-MAGIC'"),
    "duplicate-builtin-rule": (GOOD.replace("TEST-MAGIC", "MSC-CURE"), 10, "duplicate rule id 'MSC-CURE'"),
    "unknown-lexicon": (GOOD.replace("{any: [magic]}", "{any: [wizardry]}"), 14, "unknown lexicon 'wizardry'"),
    "invalid-lexicon-pattern": (GOOD.replace("{terms: [magic beans]}", "{patterns: [[{LOWRE: magic}]]}"), 8, "invalid spaCy pattern"),
    "invalid-rule-pattern": (GOOD.replace("{any: [magic]}", "{pattern: [[{TEXT: {REGEXX: x}}]]}"), 10, "invalid spaCy pattern"),
    "bad-tier": (GOOD.replace("tier: not-supported", "tier: proven"), 4, "'tier' must be one of"),
    "yaml-boolean-term": (GOOD.replace("[magic beans]", "[magic beans, off]"), 8, "was read as False"),
    "empty-match": (GOOD.replace("{any: [magic]}", "{within: clause}"), 14, "match needs"),
    "anchor-not-in-match": (GOOD.replace("{any: [magic]}", "{any: [magic], anchor: beans}"), 14,
                            "'anchor' must name one of its 'all' or 'any' lexicons"),
    "unknown-required-lexicon": (GOOD.replace("{any: [magic]}", "{any: [magic], requires: [wizardry]}"), 14,
                                 "unknown lexicon 'wizardry'"),
}


def test_good_pack_loads_and_its_examples_pass(cli, pack_file):
    path = pack_file(GOOD)
    run = cli("rules", "test", path)
    assert run.code == 0, run.out
    assert "1 rules, 2 examples: 2 passed, 0 failed" in run.out


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_pack_one_line_error_exit_2(cli, pack_file, case):
    text, line, message = CASES[case]
    path = pack_file(text)
    for args in (("rules", "test", path), ("check", "--rules", path, ROOT / "examples" / "honest-page.txt")):
        run = cli(*args)
        assert run.code == 2, (case, run.out, run.err)
        err = run.err.strip()
        assert "\n" not in err and "Traceback" not in err
        assert f"{path}:{line}:" in err, err
        assert message in err, err


def test_misbehaving_example_reported_with_file_and_line(cli, pack_file):
    path = pack_file(GOOD.replace("pass: [We sell ordinary beans.]", "pass: [Our magic beans are the best.]"))
    run = cli("rules", "test", path)
    assert run.code == 2
    assert f"{path}:19: rule TEST-MAGIC: example should pass but is flagged" in run.out


def test_example_that_does_not_flag_is_reported(cli, pack_file):
    path = pack_file(GOOD.replace("flag: [Our magic beans work.]", "flag: [Our beans work.]"))
    run = cli("rules", "test", path)
    assert run.code == 2
    assert f"{path}:18: rule TEST-MAGIC: example should flag but does not (no match)" in run.out


def test_user_pack_rules_run_beside_builtin_ones(cli, pack_file, tmp_path):
    path = pack_file(GOOD)
    page = tmp_path / "page.txt"
    page.write_text("Our magic beans and stem cells cure diabetes.\n")
    run = cli("check", "--rules", path, page)
    assert "TEST-MAGIC" in run.out and "MSC-CURE" in run.out


def test_missing_pack_path(cli, tmp_path):
    run = cli("check", "--rules", tmp_path / "nope.yaml", ROOT / "examples" / "honest-page.txt")
    assert run.code == 2 and "rule pack not found" in run.err


def test_every_builtin_rule_has_examples_both_ways():
    from claimlint.packs.ruleset import load_ruleset

    for rule in load_ruleset().all_rules:
        assert rule.flag_examples and rule.pass_examples, rule.id
        assert rule.message and rule.suggestion and rule.evidence.reasoning and rule.evidence.source


# -- what a match block means -------------------------------------------------------------------------

SCOPED = GOOD.replace("  magic: {terms: [magic beans]}", "  magic: {terms: [magic beans]}\n  garden: {terms: [garden, gardens]}\n"
                      "  grow: {lemmas: [grow]}")


def test_requires_is_a_condition_not_part_of_the_claim(cli, pack_file):
    """'requires' lexicons must occur in what the paragraph is about (itself, or one of the three paragraphs
    before it in its section); the claim is the 'any' words alone."""
    path = pack_file(SCOPED.replace("{any: [magic]}", "{any: [magic], requires: [garden], within: block}")
                     .replace("flag: [Our magic beans work.]", "flag: [\"In the garden, our magic beans work.\"]"))
    text = ("Our garden is large. Our magic beans work.\n\nOur magic beans work.\n\nPrices vary.\n\nWe deliver.\n\n"
            "Call us.\n\nOur magic beans work.\n")
    run = cli("check", "--no-builtin", "--rules", path, "--format", "json", "-", input=text)
    found = json.loads(run.out)["findings"]
    assert [(f["line"], f["text"]) for f in found] == [(1, "magic beans"), (3, "magic beans")]


def test_anchor_keeps_the_claim_in_its_own_sentence(cli, pack_file):
    """With 'within: block', a claim is anchored at the anchor lexicon's words: a later sentence naming only the
    other lexicon does not become a claim of its own (without the anchor, 'Our garden is open daily' would)."""
    path = pack_file(SCOPED.replace("{any: [magic]}", "{all: [magic, garden], anchor: magic, within: block}")
                     .replace("flag: [Our magic beans work.]", "flag: [\"Our magic beans grow in any garden.\"]"))
    run = cli("check", "--no-builtin", "--rules", path, "--format", "json", "-",
              input="Visit our garden. Our magic beans work. Our garden is open daily.\n")
    found = json.loads(run.out)["findings"]
    assert [f["text"] for f in found] == ["magic beans"]
