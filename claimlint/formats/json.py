"""The JSON contract other tools read (its shape is versioned by JSON_VERSION)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from ..linter import LintResult

JSON_VERSION = "1"


def format_json(result: LintResult, **_: object) -> str:
    payload = {
        "version": JSON_VERSION,
        "claimlint": __version__,
        "findings": [f.to_dict() for f in result.reported],
        "suppressed": [f.to_dict() for f in result.findings if not f.reported],
        "errors": [p.to_dict() for p in result.problems if p.level == "error"],
        "warnings": [p.to_dict() for p in result.problems if p.level == "warning"],
        "files": result.files,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
