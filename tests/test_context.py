"""Claim context: each claim's status (asserted, hedged, negated, ...) as a reviewer would read it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT

CASE_FILES = sorted((ROOT / "corpus" / "context").glob("*.yaml"))
CASES = [(path, i, case) for path in CASE_FILES for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")))]


def statuses(linter, text: str, category: str) -> list[str]:
    return [f.status for f in linter.lint_text(text) if f.category == category]


@pytest.mark.parametrize("path,index,case", CASES, ids=[f"{Path(p).stem}-{i}" for p, i, _ in CASES])
def test_contrastive_case(linter, path, index, case):
    found = statuses(linter, case["text"], case["category"])
    assert case["status"] in found, f"{case.get('note', '')}: expected {case['status']}, got {found or 'no match'}"


def test_enough_contrastive_cases():
    assert len(CASES) >= 60
    assert {c["status"] for _, _, c in CASES} >= {"asserted", "hedged", "negated", "disclaimed", "attributed",
                                                  "question", "hypothetical", "other-subject", "research",
                                                  "limited"}


# --- known ConText pitfalls, one regression test each -----------------------------------------

def test_negation_scope_stops_at_but(linter):
    assert statuses(linter, "MSCs are not a drug, but they reverse diabetes.", "cure") == ["asserted"]


def test_negation_scope_stops_at_semicolon(linter):
    assert statuses(linter, "We do not use embryonic cells; our cells become beta cells.", "differentiation") == ["asserted"]


def test_no_longer_need_insulin_is_a_claim(linter):
    assert statuses(linter, "After two infusions I no longer need insulin.", "medication-freedom") == ["asserted"]


def test_negated_heading_clears_its_list(linter):
    text = "What stem cells cannot do\n\n- Cure diabetes.\n- Regrow your pancreas.\n"
    assert statuses(linter, text, "cure") == ["disclaimed"]
    assert statuses(linter, text, "regeneration") == ["disclaimed"]


def test_disclaiming_colon_lead_in_clears_the_rest_of_the_sentence(linter):
    text = "Not supported by current evidence: cure of diabetes, freedom from insulin, or rebuilding lost islets."
    for category in ("cure", "medication-freedom", "regeneration"):
        assert statuses(linter, text, category) == ["disclaimed"], category


def test_premise_lead_in_makes_bare_items_claims(linter):
    text = "A larger number of cells means:\n\n  • Stronger support for regeneration.\n  • Better results.\n"
    findings = [f for f in linter.lint_text(text) if f.category == "dose"]
    assert [f.status for f in findings] == ["asserted", "asserted"]
    assert [f.text for f in findings] == ["support for regeneration", "Better results"]


def test_not_only_but_also_is_asserted(linter):
    text = "Stem cells not only calm inflammation but also regenerate the pancreas."
    assert statuses(linter, text, "regeneration") == ["asserted"]


def test_negation_far_from_the_claim_does_not_reach_it(linter):
    text = ("We do not ask patients to travel far, and after the infusion, which takes about an hour in our "
            "comfortable suite, the stem cells repair the damaged islets in your pancreas.")
    assert statuses(linter, text, "regeneration") == ["asserted"]


def test_negation_governing_the_claim_across_a_long_sentence(linter):
    text = ("Despite what you may have read on forums and in glossy brochures, intravenous stem cells have not "
            "been shown in any controlled trial to regenerate the insulin-producing islets of the pancreas.")
    assert statuses(linter, text, "regeneration") == ["negated"]


def test_faq_question_answered_yes_is_asserted(linter):
    text = "Can stem cells reverse my diabetes?\n\nYes. Most of our patients reverse their diabetes within a year.\n"
    assert set(statuses(linter, text, "cure")) == {"asserted"}


def test_faq_question_answered_no_is_negated(linter):
    text = "Can stem cells reverse my diabetes?\n\nNo. They may modestly improve glucose control in some patients.\n"
    assert statuses(linter, text, "cure") == ["negated"]


def test_open_question_is_not_reported(linter):
    """A question the page leaves open asserts nothing: kept as suppressed, never reported (any tier)."""
    findings = linter.lint_text("Could exosome injections regrow the cartilage in my knee?\n")
    assert findings and {f.status for f in findings} == {"question"} and not [f for f in findings if f.reported]


def test_other_subject(linter):
    assert statuses(linter, "Weight loss can put type 2 diabetes into remission.", "cure") == ["other-subject"]


def test_table_cells_read_with_their_verdict_but_not_with_other_columns(linter):
    """'Coming off medication | Not a realistic goal' is a verdict; a competitor's 'Not measured' is not."""
    verdict = ("<table><tr><th>Claim</th><th>Evidence</th></tr>"
               "<tr><td>Coming off insulin for good</td><td>Not a realistic goal</td></tr></table>")
    compare = ("<table><tr><th></th><th>Us</th><th>Clinic B</th></tr>"
               "<tr><td>Homing rate</td><td>95% of cells reach the pancreas</td><td>Not measured</td></tr></table>")
    assert [f.status for f in linter.lint_text(verdict, "t.html", "html") if f.category == "medication-freedom"] == ["disclaimed"]
    assert [f.status for f in linter.lint_text(compare, "t.html", "html") if f.category == "homing"] == ["asserted"]
