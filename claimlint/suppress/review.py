"""Review files: a compliance reviewer's decisions on one document, made at the review desk (``claimlint serve``).

A review file is JSON, one per document, keyed by each finding's fingerprint (rule, wording and occurrence: never
the line), so a decision survives edits elsewhere in the copy::

    {"version": 1, "document": "landing.html", "kind": "html", "text": "...the copy as last reviewed...",
     "decisions": {"<fingerprint>": {"decision": "waived", "rule": "MSC-CURE", "text": "cures diabetes",
                                     "reason": "quoting the FDA", "reviewer": "J. Smith", "at": "2026-12-02T10:00:00Z"}},
     "missed": [{"quote": "...", "category": "cure", "note": "...", "reviewer": "...", "at": "..."}],
     "signoff": {"reviewer": "J. Smith", "at": "..."}}

``check --review FILE`` honours it as the last step of the suppression chain: a *waived* or *disputed* finding is
not reported (``suppressed_by``: ``review: waived: <reason>`` or ``review: disputed: <note>``); a *fixed* one is
simply checked again (its wording was replaced, so if the claim is still there it is reported). A review applies
to the file it names: the same path, or a path ending in it (``landing.html`` matches ``site/landing.html``).
Writes are atomic (fileio.py).
"""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from ..errors import ClaimlintError
from ..fileio import atomic_write
from ..findings import Finding

VERSION = 1
DECISIONS = ("fixed", "waived", "disputed")
# Decisions that keep a finding out of the report; a fixed one is re-checked instead.
WITHHELD = ("waived", "disputed")


def new_review(document: str, kind: str) -> dict:
    return {"version": VERSION, "document": document, "kind": kind, "text": "", "decisions": {}, "missed": []}


def load_review(source: Path) -> dict:
    """A review file, checked for the shape ``check --review`` needs."""
    try:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClaimlintError("review file not found", source) from None
    except (OSError, ValueError) as exc:
        raise ClaimlintError(f"not a claimlint review file: {exc}", source) from None
    if not (isinstance(data, dict) and isinstance(data.get("document"), str) and isinstance(data.get("decisions"), dict)
            and all(isinstance(d, dict) and d.get("decision") in DECISIONS for d in data["decisions"].values())):
        raise ClaimlintError("not a claimlint review file (it needs 'document' and 'decisions')", source)
    data.setdefault("missed", [])
    return data


def save_review(target: Path, review: dict) -> None:
    atomic_write(Path(target), json.dumps(review, indent=2, ensure_ascii=False) + "\n")


def covers(review: dict, path: str) -> bool:
    """Whether ``review`` is about the file ``path`` (the same path, or one ending in the review's)."""
    named = PurePosixPath(review["document"].replace("\\", "/")).parts
    parts = PurePosixPath(path.replace("\\", "/")).parts
    return bool(named) and tuple(parts[-len(named):]) == tuple(named)


def apply_reviews(reviews: list[dict], findings: list[Finding]) -> int:
    """Mark reported findings a review waived or disputed; returns how many."""
    count = 0
    for f in findings:
        if not f.reported or f.fingerprint is None:
            continue
        for review in reviews:
            decision = review["decisions"].get(f.fingerprint)
            if decision and decision["decision"] in WITHHELD and covers(review, f.path):
                why = decision.get("reason") or decision.get("note") or ""
                f.suppressed_by = f"review: {decision['decision']}: {why}".rstrip(": ")
                count += 1
                break
    return count
