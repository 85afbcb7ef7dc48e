"""The data model of a lint run: findings, problems, each file's outcome and the run's result.

Standard library only, and nothing else of claimlint: every stage writes these and every output
format reads them, so importing this module (or ``claimlint.formats``) never loads spaCy.

The vocabularies claimlint speaks in are defined here, once: severities, evidence tiers, how a
claim is stated (status), and the output formats.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

# Most serious first.
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK: dict[str | None, int] = {**{s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}, None: 0}
# Evidence tiers, least serious first.
TIERS = ("plausible", "under-investigation", "not-supported")
# How a claim is stated; the context stage assigns one, the verdict table maps tier x status to severity.
STATUSES = ("asserted", "hedged", "question", "hypothetical", "limited", "research", "other-subject", "attributed",
            "negated", "disclaimed")
# What found a claim: the packs' rules, a page-level rule (claimlint/page), or the opt-in recall model
# (claimlint/recall).
ORIGINS = ("rules", "page", "model")
# A page rule's disclosure was found on the page: its finding records where, and is never reported.
DISCLOSED = "disclosed"
# What `claimlint check --format` writes (claimlint.formats has a writer for each).
FORMATS = ("text", "json", "sarif", "github", "junit", "html")

# The name a finding's fingerprint goes by (SARIF partialFingerprints); versioned with the recipe
# (suppress/fingerprint.py) so that it can change without old fingerprints silently matching new ones.
FINGERPRINT_KEY = "claimlint/v1"

# What a reader should know when the claim is not asserted outright.
STATUS_NOTES = {
    "hedged": "hedged claim: a hedge does not make an unsupported claim acceptable",
    "question": "posed as a question: the question still plants the claim",
    "hypothetical": "stated as a hypothetical: the reader still takes away the claim",
}


def _optional() -> Any:
    """A field the JSON format writes only when it is set (a PDF's page, an archived page's fetch time), so the
    output for every other input stays as it was."""
    return field(default=None, metadata={"json": "optional"})


def _internal(default: Any = None) -> Any:
    """A field the formats read but the JSON contract does not carry (``Finding.to_dict`` leaves it out)."""
    return field(default=default, metadata={"json": False})


@dataclass(slots=True)  # a big site has tens of thousands: no per-instance __dict__
class Finding:
    """One claim, positioned in its file; made by the pipeline (pipeline/to_findings.py) and marked by the
    suppression chain (suppress/chain.py). Nothing downstream recomputes any of it."""

    path: str
    rule: str
    category: str
    severity: str | None  # None: not reported (negated, disclaimed, attributed, ...)
    tier: str
    status: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    sentence: str
    message: str
    reasoning: str
    source: str
    suggestion: str
    references: list[str] = field(default_factory=list)
    link: str | None = None
    cue: str | None = None
    suppressed_by: str | None = None  # why a reported claim was waived (status, directive, per-path, diff, baseline)
    # What found the claim: "rules" (a pack's rule), or "model" (the opt-in recall model, --with-model: a sentence
    # no rule matched, proposed with its ``score``, the model's probability that it over-claims).
    origin: str = "rules"
    score: float | None = None
    # Where a draft puts the claim that line and column cannot say: the 1-based page of a PDF (readers/drafts.py).
    page: int | None = _optional()
    # A page of a web archive (readers/warc.py): when it was fetched (its WARC-Date) and the SHA-256 of its body.
    fetched: str | None = _optional()
    sha256: str | None = _optional()
    # Copy shared by many pages of a crawl or archive (suppress/shared.py): every page the claim is on, in run order;
    # it is reported once, on the first.
    pages: list[str] | None = _optional()
    # The verdict table's severity for a plain assertion of this tier: SARIF's default level for the rule
    # when no asserted result of it shows the rule's own.
    asserted_severity: str | None = _internal()
    # Identity within its file (suppress/fingerprint.py): rule, wording and occurrence, never the line.
    # Set on every finding with a severity once its whole file is linted; SARIF and baselines use it.
    fingerprint: str | None = _internal()

    @property
    def reported(self) -> bool:
        return self.severity is not None and self.suppressed_by is None

    @property
    def note(self) -> str | None:
        return STATUS_NOTES.get(self.status)

    def to_dict(self) -> dict:
        """The finding as the JSON format writes it."""
        out = {name: getattr(self, name) for name in _JSON_FIELDS}
        out["references"] = list(self.references)
        out.update((name, getattr(self, name)) for name in _OPTIONAL_FIELDS if getattr(self, name) is not None)
        return out


_JSON_FIELDS = tuple(f.name for f in fields(Finding) if f.metadata.get("json", True) is True)
_OPTIONAL_FIELDS = tuple(f.name for f in fields(Finding) if f.metadata.get("json") == "optional")
# Every field a finding's JSON may carry, in order, with its type as annotated ("int", "str | None", ...): the columns
# of a table of findings (claimlint/spark), so that a field added to Finding is added there too.
JSON_FIELD_TYPES: dict[str, str] = {f.name: str(f.type) for f in fields(Finding) if f.name in _JSON_FIELDS + _OPTIONAL_FIELDS}


def page_summary(findings: list[Finding]) -> dict:
    """One page's net impression from its findings once the suppression chain has run (a waived finding no
    longer counts): its reported claims by tier, the disclosures its page rules found and missed, and a verdict:

    - ``fail``: a reported error (a claim the evidence does not support, asserted or hedged, or a missing
      disclosure whose rule makes it an error);
    - ``review``: no error, but a reported warning;
    - ``pass``: nothing reported at warning or above (a page with no findings at all passes).
    """
    reported = [f for f in findings if f.reported]
    claims = [f for f in reported if f.origin != "page"]
    severities = {f.severity for f in reported}
    return {
        "path": findings[0].path if findings else None,
        "verdict": "fail" if "error" in severities else "review" if "warning" in severities else "pass",
        "claims": {tier: sum(f.tier == tier for f in claims) for tier in reversed(TIERS)},
        "disclosures": {
            "found": sorted({f.rule for f in findings if f.status == DISCLOSED}),
            "missing": sorted({f.rule for f in reported if f.origin == "page"}),
        },
    }


def at_or_above(findings: list[Finding], level: str) -> list[Finding]:
    """Reported findings at or above the severity ``level``."""
    floor = SEVERITY_RANK[level]
    return [f for f in findings if f.reported and SEVERITY_RANK[f.severity] >= floor]


@dataclass
class Problem:
    """A file that could not be linted, or a warning about one."""

    path: str
    message: str
    level: str = "error"  # error | warning

    def to_dict(self) -> dict:
        return {"path": self.path, "message": self.message, "level": self.level}

    def __str__(self) -> str:
        return f"{self.path}: {self.level}: {self.message}"


class Passage(Protocol):
    """One block of a read document as the html report lays it out (readers/labels.py makes them)."""

    start: int  # offsets into ReadDocument.text
    end: int
    kind: str  # heading | paragraph | item | cell | alt
    label: str | None  # what text beside the page's flow is: "image alt", "meta description", ...
    line: int  # the source line it starts on


class ReadDocument(Protocol):
    """A file as claimlint read it (readers/document.py's SourceDocument): what the html report shows."""

    path: str
    kind: str  # text | markdown | html: the reader that read it
    source: str  # the decoded file, exactly as written
    text: str  # what the pipeline read

    def to_source(self, offset: int) -> int: ...

    def line_col(self, source_offset: int) -> tuple[int, int]: ...

    def passages(self) -> list[Passage]: ...


@dataclass
class FileOutcome:
    """One input: its findings, its problems, and the document if it could be read."""

    findings: list[Finding]
    problems: list[Problem]
    source: ReadDocument | None
    words: int = 0  # in the text the pipeline read (none when the findings came from the cache)
    parsed_words: int = 0  # of those, the words the tagger and parser ran on
    cached: bool = False  # the findings came from the result cache (claimlint/cache)


@dataclass(frozen=True)
class EvidenceSection:
    """A section of the evidence document (docs/evidence.md) that findings' sources point into."""

    anchor: str
    title: str
    level: int
    body: str  # the Markdown under the heading, up to the next heading of the same or a higher level
    document: str = "docs/evidence.md"  # as sources name it


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)  # every claim, reported or not (unless not kept)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    # Every linted file as read, by reported path: the html format shows its copy (for HTML and Markdown, the
    # text claimlint read; for plain text, the file) with the findings placed in it. A str is taken as the file.
    sources: dict[str, ReadDocument | str] = field(default_factory=dict)
    severities: Counter = field(default_factory=Counter)  # reported findings by severity, kept or not
    # How many files the result cache answered for, and how much of the copy linted reached the tagger and parser
    # (the cheap first pass skips the rest): ``--verbose`` reports them, the benchmarks read them.
    words: int = 0
    parsed_words: int = 0
    cached: int = 0
    # The evidence sections the kept findings cite, by a finding's ``source``, in the document's order
    # (packs/evidence.py: cited_sections); the html report carries their text.
    evidence: dict[str, EvidenceSection] = field(default_factory=dict)

    def add(self, outcome: FileOutcome, keep: bool = True, keep_source: bool = False) -> None:
        """Count one file's outcome; ``keep`` False counts its findings without holding on to them
        (output written file by file keeps memory flat however large the site)."""
        self.severities.update(f.severity for f in outcome.findings if f.reported)
        if keep:
            self.findings.extend(outcome.findings)
        self.problems.extend(outcome.problems)
        if outcome.source is not None:
            self.files += 1
            self.words += outcome.words
            self.parsed_words += outcome.parsed_words
            self.cached += outcome.cached
            if keep_source:
                self.sources[outcome.source.path] = outcome.source

    @property
    def reported(self) -> list[Finding]:
        return [f for f in self.findings if f.reported]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def fails_at(self, level: str) -> bool:
        """Whether any reported finding is at or above ``level``."""
        floor = SEVERITY_RANK[level]
        return any(n and SEVERITY_RANK[s] >= floor for s, n in self.severities.items())
