"""Pipeline stage 3: evidence tier x assertion status -> severity (one table, in data/verdict.yaml)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc

from ..findings import SEVERITIES, TIERS
from ..packs import compiled
from .claims import doc_claims

TABLE_FILE = Path(__file__).parent.parent / "data" / "verdict.yaml"


@lru_cache(maxsize=1)
def verdict_table() -> dict[str, dict[str, str | None]]:
    raw = compiled.remember(["data", TABLE_FILE.name], lambda: yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8")), dict)
    table = {}
    for tier in TIERS:
        row = raw[tier]
        table[tier] = {status: (None if value == "none" else value) for status, value in row.items()}
        assert all(v is None or v in SEVERITIES for v in table[tier].values()), f"bad severity in {TABLE_FILE}"
    return table


def severity_for(tier: str, status: str, rule_severity: str | None = None) -> str | None:
    """Severity of a claim, or None when the claim is not reported."""
    base = verdict_table()[tier].get(status)
    return (rule_severity or base) if base else None


class Verdict:
    """Stage 3 component: sets ``severity`` on every claim (None = not reported)."""

    def __call__(self, doc: Doc) -> Doc:
        for claim in doc_claims(doc):
            claim.severity = severity_for(claim.tier, claim.status, claim.rule_severity)
        return doc
