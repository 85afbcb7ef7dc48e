"""Stable identities for findings, so a claim keeps its identity while the page around it changes.

The identity is the rule, the claim's wording (case and whitespace folded) and which
occurrence of that rule + wording it is within its file. Line numbers are left out on
purpose: adding a paragraph above a claim must not make CI (SARIF ``partialFingerprints``)
or a baseline treat the old claim as new.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Sequence

from ..findings import FINGERPRINT_KEY, Finding

__all__ = ["FINGERPRINT_KEY", "fingerprint", "fingerprints", "identify", "normalise_claim"]


def normalise_claim(text: str) -> str:
    """Fold case and runs of whitespace: re-wrapping or re-casing a line is not a new claim."""
    return " ".join(text.split()).lower()


def fingerprint(rule: str, text: str, occurrence: int) -> str:
    """Hash of rule + normalised claim text + 0-based occurrence of that pair within its file."""
    # NUL separators: no rule id or claim text contains one, so distinct triples never collide by concatenation.
    key = f"{rule}\0{normalise_claim(text)}\0{occurrence}".encode("utf-8")
    return hashlib.sha256(key).hexdigest()[:32]


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """Fingerprints for ``findings``, in the same order.

    Occurrences are counted in source order within each file, among the findings given;
    pass the same selection every time (claimlint passes the findings that have a
    severity, reported or waived) so that the indexes agree between runs.
    """
    order = sorted(range(len(findings)), key=lambda i: (findings[i].path, findings[i].start, findings[i].end))
    seen: Counter[tuple[str, str, str]] = Counter()
    out = [""] * len(findings)
    for i in order:
        f = findings[i]
        pair = (f.path, f.rule, normalise_claim(f.text))
        out[i] = fingerprint(f.rule, f.text, seen[pair])
        seen[pair] += 1
    return out


def identify(findings: list[Finding]) -> None:
    """Set the fingerprint of every finding with a severity (reported or waived) among one file's findings.

    The linter calls this once a file's findings are all made; SARIF and baselines read the result.
    """
    rated = [f for f in findings if f.severity is not None]
    for f, fp in zip(rated, fingerprints(rated)):
        f.fingerprint = fp
