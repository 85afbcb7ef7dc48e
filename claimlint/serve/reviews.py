"""The desk's review files: one per document, in one folder, each rewritten atomically on every decision.

Nothing else a reviewer submits is kept: the copy is linted in memory and forgotten, unless a decision is made on
it, when the review file records the copy as it stood (``claimlint review export`` needs the words).
"""
from __future__ import annotations

import hashlib
import re
import threading
from datetime import datetime, timezone
from pathlib import Path

from ..suppress.review import DECISIONS, load_review, new_review, save_review


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ReviewStore:
    """Review files under ``folder``, named after their document (made safe, plus a short hash of the exact name,
    so two names never share a file and no name reaches outside the folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()  # one decision at a time: each is a read, a change and a rewrite

    def path_for(self, document: str) -> Path:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", document).strip(".-")[:80] or "copy"
        digest = hashlib.sha256(document.encode("utf-8")).hexdigest()[:8]
        return self.folder / f"{stem}-{digest}.review.json"

    def load(self, document: str) -> dict | None:
        path = self.path_for(document)
        return load_review(path) if path.is_file() else None

    def _change(self, document: str, kind: str, copy: str, change) -> dict:
        with self._lock:
            review = self.load(document) or new_review(document, kind)
            review["kind"], review["text"] = kind, copy
            change(review)
            save_review(self.path_for(document), review)
            return review

    def decide(self, document: str, kind: str, copy: str, fingerprint: str, decision: str, **details: str) -> dict:
        """Record ``decision`` (fixed, waived or disputed) on the finding ``fingerprint``; ``details``: rule, text,
        reason, note, replacement, waiver, reviewer."""
        if decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        entry = {"decision": decision, **{k: v for k, v in details.items() if v}, "at": now()}
        return self._change(document, kind, copy, lambda review: review["decisions"].__setitem__(fingerprint, entry))

    def undo(self, document: str, kind: str, copy: str, fingerprint: str) -> dict:
        return self._change(document, kind, copy, lambda review: review["decisions"].pop(fingerprint, None))

    def miss(self, document: str, kind: str, copy: str, quote: str, category: str, **details: str) -> dict:
        """A claim the rules missed, marked by the reviewer selecting its words."""
        entry = {"quote": quote, "category": category, **{k: v for k, v in details.items() if v}, "at": now()}
        return self._change(document, kind, copy, lambda review: review["missed"].append(entry))

    def sign(self, document: str, kind: str, copy: str, reviewer: str) -> dict:
        return self._change(document, kind, copy,
                            lambda review: review.__setitem__("signoff", {"reviewer": reviewer, "at": now()}))
