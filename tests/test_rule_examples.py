"""Every rule's own examples, one test each: 'flag' examples are reported by that rule, 'pass' are not."""
from __future__ import annotations

import pytest

from claimlint.packs.ruleset import load_ruleset

CASES = [(rule, example, kind) for rule in load_ruleset().all_rules for kind in ("flag", "pass")
         for example in (rule.flag_examples if kind == "flag" else rule.pass_examples)]


@pytest.mark.parametrize("rule,example,kind", CASES, ids=[f"{r.id}-{k}-{e.line}" for r, e, k in CASES])
def test_rule_example(linter, rule, example, kind):
    from claimlint.eval.ruletest import run_examples

    # run_examples checks all examples of a rule; narrow it to this one example.
    narrowed = type(rule)(**{**rule.__dict__,
                             "flag_examples": (example,) if kind == "flag" else (),
                             "pass_examples": (example,) if kind == "pass" else ()})
    count, failures = run_examples(linter, [narrowed])
    assert count == 1
    assert not failures, str(failures[0])
