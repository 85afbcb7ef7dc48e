"""Page-level rules: what a page must also say (a disclosure), or must not say, once it makes certain claims.

Regulators judge an advertisement by its net impression: ten patient stories of coming off insulin with no word
on typical results mislead as a page, whatever each sentence says. A page rule (``page:`` in a pack, see
packs/schema.py) is triggered by the page's reported findings of some categories or rules, or by some content
(a lexicon); it then looks for a disclosure in the page (or in the trigger's section) and reports a finding of
its own, anchored at the first trigger, when the disclosure is missing. A page that makes no such claim needs
no disclosure. When the disclosure is there, the rule leaves a finding that is not reported (status
``disclosed``), anchored at the disclosure, so the page summary and ``--show-suppressed`` can say what was found.

Page lexicons are read as phrases (terms, and lemmas in their inflected forms) over the page's text, in every
spelling variant the sentence rules use: no parse is needed, so page checks cost one scan per page.
"""
from __future__ import annotations

import bisect
import re

from ..findings import DISCLOSED, Finding
from ..packs.morphology import inflections
from ..packs.ruleset import RuleSet
from ..packs.schema import Lexicon, Rule
from ..pipeline.vocabulary import term_variants
from ..pipeline.verdict import severity_for
from ..readers.document import SourceDocument

Hit = tuple[int, int]  # a lexicon's words in the page's read text


def _expression(lexicon: Lexicon) -> re.Pattern:
    forms = {v.lower() for t in lexicon.terms for v in term_variants(t)}
    for lemma in lexicon.lemmas:
        *head, last = lemma.lower().split()
        forms.update(" ".join([*head, form]) for form in inflections(last))
    words = sorted(forms, key=len, reverse=True)  # the longest phrase wins where several start at one place
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


class PageChecker:
    """The page rules of a rule set, compiled once; ``check`` runs them on one document's findings."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.rules: list[Rule] = [r for r in ruleset.rules if r.page is not None]
        self.lexicons = ruleset.lexicons
        self.expressions: dict[str, re.Pattern] = {}  # compiled when a page first reads them: most pages read few

    def expression(self, key: str) -> re.Pattern:
        if key not in self.expressions:
            self.expressions[key] = _expression(self.lexicons[key])
        return self.expressions[key]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def check(self, source: SourceDocument, findings: list[Finding]) -> list[Finding]:
        """The page findings for one document, given its sentence-level findings."""
        out = []
        text = source.text
        seen: dict[str, list[Hit]] = {}  # each lexicon is scanned once per page, however many rules read it

        def hits(key: str) -> list[Hit]:
            if key not in seen:
                seen[key] = [m.span() for m in self.expression(key).finditer(text)]
            return seen[key]

        for rule in self.rules:
            spec = rule.page
            # (where, the words, their sentence): a finding's own, or the read text's for content
            triggers = [(f.start, f.end, f.text, f.sentence) for f in findings if f.severity is not None
                        and (f.category in spec.categories or f.rule in spec.rules)]
            triggers += [(source.to_source(a), source.to_source(b), text[a:b], None)
                         for k in spec.content for a, b in hits(k)]
            if len(triggers) < spec.at_least or spec.page_has and not any(hits(k) for k in spec.page_has):
                continue
            trigger = min(triggers, key=lambda t: t[:2])  # the first in the page
            if spec.forbids:
                forbidden = [h for k in spec.forbids for h in hits(k)]
                if forbidden:
                    out.append(_finding(rule, source, min(forbidden), "asserted"))
                continue
            begin, end = _section(source, trigger[0]) if spec.within == "section" else (0, len(text))
            found = [h for k in spec.requires for h in hits(k) if begin <= h[0] < end]
            hidden = [h for h in found if _in_fine_print(source, h)] if spec.prominent else []
            shown = [h for h in found if h not in hidden]
            if shown:
                out.append(_finding(rule, source, min(shown), DISCLOSED))
            else:  # missing: reported at the claim (or content) that needs the disclosure, in its sentence
                cue = f"only in a footer or small print: {text[slice(*min(hidden))]!r}" if hidden else None
                out.append(_make(rule, source, *trigger, status="asserted", cue=cue))
        return out


def _in_fine_print(source: SourceDocument, hit: Hit) -> bool:
    return any(a <= hit[0] < b for a, b in source.fine_print)


def _section(source: SourceDocument, source_offset: int) -> Hit:
    """The read text of the section (heading to next heading) that holds a place in the file."""
    blocks = source.blocks
    if not blocks:
        return 0, len(source.text)
    index = max(bisect.bisect_right([source.to_source(b.start) for b in blocks], source_offset) - 1, 0)
    heading = next((i for i in range(index, -1, -1) if blocks[i].kind == "heading"), None)
    after = next((b.start for b in blocks[index + 1:] if b.kind == "heading"), len(source.text))
    return (blocks[heading].start if heading is not None else 0), after


def _finding(rule: Rule, source: SourceDocument, hit: Hit, status: str) -> Finding:
    words = source.text[hit[0]:hit[1]]
    return _make(rule, source, source.to_source(hit[0]), source.to_source(hit[1]), words, None, status=status)


def _make(rule: Rule, source: SourceDocument, start: int, end: int, words: str, sentence: str | None, *,
          status: str, cue: str | None = None) -> Finding:
    """A page finding on the words it is about (as read, like any finding's ``text``), in its sentence."""
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(end)
    severity = severity_for(rule.tier, status, rule.severity)
    return Finding(
        path=source.path, rule=rule.id, category=rule.category, severity=severity, tier=rule.tier, status=status,
        start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column,
        text=words, sentence=sentence or " ".join(words.split()), message=rule.message, reasoning=rule.evidence.reasoning,
        source=rule.evidence.source, suggestion=rule.suggestion, references=list(rule.evidence.references),
        link=rule.link, suppressed_by=None if severity else f"status: {status}", origin="page", cue=cue,
        asserted_severity=severity_for(rule.tier, "asserted"),
    )
