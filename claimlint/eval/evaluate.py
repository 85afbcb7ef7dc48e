"""`claimlint eval`: precision, recall and must-pass rate on annotated copy.

A corpus document ``name.ext`` has gold annotations in ``name.gold.yaml``::

    flag:
      - quote: "become new insulin-producing cells"   # exact words of the visible text
        category: differentiation
    pass:
      - "do not turn into insulin-producing cells"      # or {quote: ..., category: ...}

A gold flag is recalled when a reported finding of its category overlaps it (and found, in the
"any cat." column, when a finding of any category does: the sentence reaches a reviewer). A reported
finding is correct when it overlaps any gold flag (the sentence is an over-claim, whichever
rule caught it). A pass quote holds when no reported finding overlaps it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClaimlintError
from ..findings import DISCLOSED, Finding, at_or_above
from ..packs.yamlsource import load_yaml
from ..readers.confusables import latinise
from ..readers.sources import read_document

GOLD_SUFFIX = ".gold.yaml"
STORIES = "testimonial"  # the category of patient stories: page rules triggered by it ask for typical results


@dataclass
class Quote:
    text: str
    category: str | None
    line: int
    start: int = -1  # source offsets once located
    end: int = -1


@dataclass
class Outcome:
    """Counts for one category (or overall)."""

    flags: int = 0
    recalled: int = 0
    found: int = 0  # flags overlapped by a finding of any category
    findings: int = 0
    correct: int = 0
    passes: int = 0
    passes_held: int = 0

    def plus(self, other: "Outcome") -> "Outcome":
        return Outcome(**{name: getattr(self, name) + getattr(other, name) for name in self.__dict__})

    @staticmethod
    def rate(num: int, den: int) -> float | None:
        return num / den if den else None

    @property
    def recall(self) -> float | None:
        return self.rate(self.recalled, self.flags)

    @property
    def recall_any(self) -> float | None:
        return self.rate(self.found, self.flags)

    @property
    def precision(self) -> float | None:
        return self.rate(self.correct, self.findings)

    @property
    def must_pass(self) -> float | None:
        return self.rate(self.passes_held, self.passes)

    def to_dict(self) -> dict:
        return {**self.__dict__, "recall": self.recall, "recall_any_category": self.recall_any,
                "precision": self.precision, "must_pass": self.must_pass}


@dataclass
class PageTally:
    """Page checks (claimlint/page), scored by page: promotional pages whose patient stories come without a
    typical-results statement should be caught; an honest page (gold ``honest: true``) should never be told
    it lacks a disclosure."""

    promotional_with_stories: int = 0  # gold honest: false, with a reported testimonial finding
    caught: int = 0  # of those, told that typical results are missing
    disclosed: int = 0  # of those, where the typical-results statement was found
    honest: int = 0
    honest_flagged: list[str] = field(default_factory=list)  # honest pages with a reported missing disclosure

    def plus(self, other: "PageTally") -> "PageTally":
        return PageTally(self.promotional_with_stories + other.promotional_with_stories, self.caught + other.caught,
                         self.disclosed + other.disclosed, self.honest + other.honest,
                         self.honest_flagged + other.honest_flagged)

    def add(self, path: Path, honest: bool | None, findings: list[Finding], story_rules: set[str]) -> None:
        missing = [f for f in findings if f.origin == "page" and f.reported]
        if honest:
            self.honest += 1
            if missing:
                self.honest_flagged.append(f"{path}: {', '.join(sorted({f.rule for f in missing}))}")
        elif honest is False and any(f.category == STORIES and f.reported for f in findings):
            self.promotional_with_stories += 1
            self.caught += any(f.rule in story_rules for f in missing)
            self.disclosed += any(f.rule in story_rules and f.status == DISCLOSED for f in findings)


@dataclass
class Report:
    overall: Outcome = field(default_factory=Outcome)
    categories: dict[str, Outcome] = field(default_factory=lambda: defaultdict(Outcome))
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)
    failed_passes: list[str] = field(default_factory=list)
    documents: int = 0
    pages: "PageTally" = field(default_factory=lambda: PageTally())

    def merge(self, other: "Report") -> "Report":
        """The two reports' counts added up (cross-validation folds)."""
        out = Report(misses=self.misses + other.misses, false_flags=self.false_flags + other.false_flags,
                     failed_passes=self.failed_passes + other.failed_passes, documents=self.documents + other.documents,
                     pages=self.pages.plus(other.pages))
        out.overall = self.overall.plus(other.overall)
        for name in set(self.categories) | set(other.categories):
            out.categories[name] = self.categories.get(name, Outcome()).plus(other.categories.get(name, Outcome()))
        return out

    def below(self, recall: float, precision: float, must_pass: float) -> list[str]:
        """Every overall or per-category rate under its threshold."""
        out = []
        for name, o in [("overall", self.overall), *sorted(self.categories.items())]:
            for label, value, floor in (("recall", o.recall, recall), ("precision", o.precision, precision),
                                        ("must-pass", o.must_pass, must_pass)):
                if value is not None and value < floor:
                    out.append(f"{name} {label} {value:.3f} < {floor}")
        return out


def gold_files(corpus: Path) -> list[Path]:
    if corpus.is_file():
        return [corpus]
    return sorted(corpus.rglob(f"*{GOLD_SUFFIX}"))


def document_for(gold: Path) -> Path:
    stem = gold.name[: -len(GOLD_SUFFIX)]
    candidates = sorted(p for p in gold.parent.glob(f"{glob_escape(stem)}.*") if not p.name.endswith(GOLD_SUFFIX))
    if len(candidates) != 1:
        raise ClaimlintError(f"expected one document named {stem}.* beside the gold file, found {len(candidates)}", gold)
    return candidates[0]


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def load_quotes(gold: Path) -> tuple[list[Quote], list[Quote]]:
    data = load_yaml(gold)
    if not isinstance(data, dict):
        raise ClaimlintError("gold file must be a mapping with 'flag' and 'pass' lists", gold, 1)
    unknown = set(data) - {"flag", "pass", "kind", "honest", "note"}
    if unknown:
        raise ClaimlintError(f"unknown key '{sorted(unknown)[0]}' in gold file", gold, data.line_of(sorted(unknown)[0]))
    lists = []
    for key in ("flag", "pass"):
        items = data.get(key) or []
        quotes = []
        for i, item in enumerate(items):
            line = items.line_of(i)
            if isinstance(item, str):
                quotes.append(Quote(item, None, line))
            elif isinstance(item, dict) and isinstance(item.get("quote"), str):
                quotes.append(Quote(item["quote"], item.get("category"), line))
            else:
                raise ClaimlintError(f"'{key}' entries are a quote or {{quote, category}}", gold, line)
            if key == "flag" and not quotes[-1].category:
                raise ClaimlintError("a flag quote needs a category", gold, line)
        lists.append(quotes)
    return lists[0], lists[1]


def _pattern(quote: str) -> re.Pattern:
    """Whitespace-, case- and apostrophe-tolerant search for a quote, its look-alike letters read as the linted
    text reads them (readers/confusables.py)."""
    parts = []
    for ch in latinise(quote.strip()):
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in "'’‘":
            parts.append("['’‘]")
        elif ch in "\"“”":
            parts.append("[\"“”]")
        elif ch in "-–—":
            parts.append("[-–—]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.IGNORECASE)


def quote_found(text: str, quote: str) -> bool:
    """Whether ``quote`` is in ``text`` as `claimlint eval` looks for it (whitespace, case and quote marks folded)."""
    return _pattern(quote).search(text) is not None


def locate_quotes(source, quotes: list[Quote], gold: Path, path: Path) -> None:
    """Set each quote's offsets in the file ``path`` read as ``source``; a quote not in its text is an error."""
    for q in quotes:
        m = _pattern(q.text).search(source.text)
        if not m:
            raise ClaimlintError(f"quote not found in {path.name}: {q.text!r}", gold, q.line)
        q.start, q.end = source.to_source(m.start()), source.to_source(m.end() - 1) + 1


def _documents(corpus: Path | list[Path]):
    """(path, flags, passes, source, honest) of every annotated document in one or more folders (or gold files)."""
    for gold in (g for c in (corpus if isinstance(corpus, list) else [corpus]) for g in gold_files(c)):
        path = document_for(gold)
        flags, passes = load_quotes(gold)
        source, _ = read_document(str(path))
        locate_quotes(source, flags + passes, gold, path)
        yield path, flags, passes, source, load_yaml(gold).get("honest")


def evaluate(linter, corpus: Path | list[Path], min_severity: str = "warning") -> Report:
    """Score reported findings at or above ``min_severity`` (info-level notes are not flags) on one or
    more folders (or gold files) of annotated copy."""
    report = Report()
    story_rules = {r.id for r in linter.rules.values() if r.page is not None and STORIES in r.page.categories}
    for path, flags, passes, source, honest in _documents(corpus):
        every = linter.lint_document(source)
        findings = at_or_above(every, min_severity)
        # a page finding is about the page, not a sentence: scored by page, never against the quotes
        _score(report, path, flags, passes, [f for f in findings if f.origin != "page"])
        report.pages.add(path, honest, every, story_rules)
        report.documents += 1
    return report


@dataclass
class Proposal:
    """A reported finding of the recall model, and what the gold file says of where it landed."""

    where: str  # path:line:column
    score: float | None
    status: str
    landed: str  # "over-claim" (overlaps a gold flag), "pass quote" (overlaps one, and no flag) or "unannotated"
    sentence: str

    def __str__(self) -> str:
        score = "-" if self.score is None else f"{self.score:.2f}"
        return f"{self.where}: score {score} [{self.landed}] {self.sentence!r}"


@dataclass
class Comparison:
    """One run with the recall model (--with-model), scored twice: its rules' findings alone, and all of them.

    The rules find the same claims with or without the model (its proposals only fill sentences no rule claim
    overlaps), so the first report is what ``claimlint eval`` gives without the model."""

    rules: Report = field(default_factory=Report)
    combined: Report = field(default_factory=Report)
    proposals: list[Proposal] = field(default_factory=list)  # reported
    unreported: int = 0  # proposals the context stage read as negated, attributed, research ... (or below the level)

    def merge(self, other: "Comparison") -> "Comparison":
        return Comparison(self.rules.merge(other.rules), self.combined.merge(other.combined),
                          self.proposals + other.proposals, self.unreported + other.unreported)


def compare(linter, corpus: Path | list[Path], min_severity: str = "warning") -> Comparison:
    """Score a linter that runs the recall model both ways: the rules' findings alone, and with its proposals."""
    out = Comparison()
    for path, flags, passes, source, _ in _documents(corpus):
        every = linter.lint_document(source)
        findings = [f for f in at_or_above(every, min_severity) if f.origin != "page"]
        out.unreported += sum(f.origin == "model" for f in every) - sum(f.origin == "model" for f in findings)
        _score(out.rules, path, flags, passes, [f for f in findings if f.origin != "model"])
        _score(out.combined, path, flags, passes, findings)
        for report in (out.rules, out.combined):
            report.documents += 1
        for f in (f for f in findings if f.origin == "model"):
            landed = ("over-claim" if any(_overlaps(f, q) for q in flags)
                      else "pass quote" if any(_overlaps(f, q) for q in passes) else "unannotated")
            out.proposals.append(Proposal(f"{path}:{f.line}:{f.column}", f.score, f.status, landed, f.sentence))
    return out


def _overlaps(f: Finding, q: Quote) -> bool:
    return f.start < q.end and q.start < f.end


def _score(report: Report, path: Path, flags: list[Quote], passes: list[Quote], findings: list[Finding]) -> None:
    overall, cats = report.overall, report.categories
    for q in flags:
        hit = any(f.category == q.category and _overlaps(f, q) for f in findings)
        found = any(_overlaps(f, q) for f in findings)
        for o in (overall, cats[q.category]):
            o.flags += 1
            o.recalled += hit
            o.found += found
        if not hit:
            others = sorted({f.rule for f in findings if _overlaps(f, q)})
            extra = f" (caught as {', '.join(others)})" if others else ""
            report.misses.append(f"{path}: [{q.category}] {q.text!r}{extra}")
    for f in findings:
        correct = any(_overlaps(f, q) for q in flags)
        for o in (overall, cats[f.category]):
            o.findings += 1
            o.correct += correct
        if not correct:
            report.false_flags.append(f"{path}:{f.line}:{f.column}: {f.rule} [{f.status}] {f.sentence!r}")
    categories = set(cats) | {f.category for f in findings}
    for q in passes:
        flagged_by = {f.category for f in findings if _overlaps(f, q)}
        overall.passes += 1
        overall.passes_held += not flagged_by
        for c in categories:
            cats[c].passes += 1
            cats[c].passes_held += c not in flagged_by
        if flagged_by:
            rules = sorted({f.rule for f in findings if _overlaps(f, q)})
            report.failed_passes.append(f"{path}: {q.text!r} flagged by {', '.join(rules)}")


def format_report(report: Report) -> str:
    def pct(v: float | None) -> str:
        return "   -  " if v is None else f"{v:6.3f}"

    lines = [f"{'category':<22}{'flags':>6}{'recall':>8}{'any cat.':>9}{'finds':>7}{'precis.':>8}{'pass':>7}{'held':>8}"]
    rows = [*sorted(report.categories.items()), ("overall", report.overall)]
    for name, o in rows:
        lines.append(f"{name:<22}{o.flags:>6}{pct(o.recall):>8}{pct(o.recall_any):>9}{o.findings:>7}{pct(o.precision):>8}"
                     f"{o.passes:>7}{pct(o.must_pass):>8}")
    for title, items in (("Missed", report.misses), ("False flags", report.false_flags), ("Flagged pass quotes", report.failed_passes)):
        if items:
            lines += ["", f"{title} ({len(items)}):"] + [f"  {x}" for x in items]
    t = report.pages
    lines.append(f"\nPage checks: {t.caught} of {t.promotional_with_stories} promotional pages with patient stories told "
                 f"that typical results are missing ({t.disclosed} had the statement); {len(t.honest_flagged)} of "
                 f"{t.honest} honest pages told a disclosure is missing.")
    lines += [f"  {x}" for x in t.honest_flagged]
    lines.append(f"\n{report.documents} documents.")
    return "\n".join(lines) + "\n"


def report_json(report: Report) -> dict:
    return {
        "documents": report.documents,
        "overall": report.overall.to_dict(),
        "categories": {k: v.to_dict() for k, v in sorted(report.categories.items())},
        "misses": report.misses,
        "false_flags": report.false_flags,
        "failed_passes": report.failed_passes,
        "pages": {**report.pages.__dict__},
    }


def format_comparison(comparison: Comparison) -> str:
    """Rules alone and rules + model side by side, then every proposal and where it landed."""
    rules, both = comparison.rules.overall, comparison.combined.overall

    def rate(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    rows = [("flags", rules.flags, both.flags), ("recall", rate(rules.recall), rate(both.recall)),
            ("any cat.", rate(rules.recall_any), rate(both.recall_any)),
            ("findings", rules.findings, both.findings), ("precision", rate(rules.precision), rate(both.precision)),
            ("pass", rules.passes, both.passes), ("must-pass", rate(rules.must_pass), rate(both.must_pass))]
    lines = ["Rules alone and rules + recall model (--with-model); a proposal has no category of its own, so it",
             "counts in 'any cat.', not in 'recall':", f"{'':<12}{'rules':>10}{'rules+model':>14}"]
    lines += [f"{name:<12}{a:>10}{b:>14}" for name, a, b in rows]
    proposals = comparison.proposals
    landed = {kind: sum(p.landed == kind for p in proposals) for kind in ("over-claim", "pass quote", "unannotated")}
    precision = rate(landed["over-claim"] / len(proposals) if proposals else None)
    lines += ["", f"Model proposals ({len(proposals)}: {landed['over-claim']} on an over-claim, {landed['pass quote']} "
              f"on a pass quote, {landed['unannotated']} elsewhere; precision {precision}; "
              f"{both.found - rules.found} flags found only through them; {comparison.unreported} more not reported, "
              "as the context stage read them):"]
    lines += [f"  {p}" for p in proposals]
    return "\n".join(lines) + "\n"


def comparison_json(comparison: Comparison) -> dict:
    return {"rules": report_json(comparison.rules), "rules_and_model": report_json(comparison.combined),
            "proposals": [{**p.__dict__} for p in comparison.proposals], "unreported_proposals": comparison.unreported}
