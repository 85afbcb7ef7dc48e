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
from ..findings import Finding, at_or_above
from ..packs.yamlsource import load_yaml
from ..readers.sources import read_document

GOLD_SUFFIX = ".gold.yaml"


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
class Report:
    overall: Outcome = field(default_factory=Outcome)
    categories: dict[str, Outcome] = field(default_factory=lambda: defaultdict(Outcome))
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)
    failed_passes: list[str] = field(default_factory=list)
    documents: int = 0

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
    """Whitespace-, case- and apostrophe-tolerant search for a quote."""
    parts = []
    for ch in quote.strip():
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


def evaluate(linter, corpus: Path | list[Path], min_severity: str = "warning") -> Report:
    """Score reported findings at or above ``min_severity`` (info-level notes are not flags) on one or
    more folders (or gold files) of annotated copy."""
    report = Report()
    for gold in (g for c in (corpus if isinstance(corpus, list) else [corpus]) for g in gold_files(c)):
        path = document_for(gold)
        flags, passes = load_quotes(gold)
        source, _ = read_document(str(path))
        for q in flags + passes:
            m = _pattern(q.text).search(source.text)
            if not m:
                raise ClaimlintError(f"quote not found in {path.name}: {q.text!r}", gold, q.line)
            q.start, q.end = source.to_source(m.start()), source.to_source(m.end() - 1) + 1
        findings = at_or_above(linter.lint_document(source), min_severity)
        _score(report, path, flags, passes, findings)
        report.documents += 1
    return report


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
    }
