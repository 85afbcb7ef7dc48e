"""Run every rule's own examples: each 'flag' example must be reported by that rule, each 'pass' must not."""
from __future__ import annotations

from dataclasses import dataclass

from ..packs.schema import Example, Rule


@dataclass
class ExampleFailure:
    rule: Rule
    example: Example
    expected: str  # "flag" or "pass"
    detail: str

    def __str__(self) -> str:
        return f"{self.rule.path}:{self.example.line}: rule {self.rule.id}: {self.detail}: {self.example.text!r}"


def run_examples(linter, rules: list[Rule]) -> tuple[int, list[ExampleFailure]]:
    """Return (examples run, failures) for the given rules using an existing linter."""
    cases = [(rule, ex, kind) for rule in rules for kind in ("flag", "pass")
             for ex in (rule.flag_examples if kind == "flag" else rule.pass_examples)]
    from ..readers.sources import document_from_text

    results = linter.lint_documents([document_from_text(ex.text, "<example>") for _, ex, _ in cases])
    failures = []
    for (rule, ex, kind), findings in zip(cases, results):
        mine = [f for f in findings if f.rule == rule.id]
        reported = [f for f in mine if f.reported]
        if kind == "flag" and not reported:
            why = f"matched but {mine[0].status} (cue {mine[0].cue!r})" if mine else "no match"
            failures.append(ExampleFailure(rule, ex, kind, f"example should flag but does not ({why})"))
        elif kind == "pass" and reported:
            failures.append(ExampleFailure(rule, ex, kind, f"example should pass but is flagged on {reported[0].text!r} ({reported[0].status})"))
    return len(cases), failures
