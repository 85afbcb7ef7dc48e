"""Pages in another language than English: claimlint's English model and packs would read them and find nothing,
which looks like a clean page. Say so instead, as a warning on the file."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

ENGLISH = Path(__file__).parent.parent / "data" / "english.yaml"
WORD = re.compile(r"[^\W\d_]+")
TAG = re.compile(r"<[^<>]*>")
COMMENT = re.compile(r"<!--.*?-->", re.S)
# The start of a page tells its language; a bounded sample keeps the check's cost flat on huge files.
SAMPLE_CHARS = 200_000
NOT_ENGLISH = "reads as another language than English; claimlint checks English copy only, so this page was not checked"


@lru_cache(maxsize=1)
def _settings() -> tuple[frozenset[str], int, float]:
    data = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    return frozenset(data["function_words"]), int(data["min_words"]), float(data["max_share"])


@lru_cache(maxsize=1)
def _unseen() -> re.Pattern:
    """Elements whose content no visitor reads (scripts, styles, ...), as the HTML reader skips them."""
    from .html import SKIPPED  # only for HTML, which the HTML reader will read anyway

    names = "|".join(sorted(SKIPPED))
    return re.compile(rf"<({names})\b.*?</\1\s*>", re.S | re.I)


def not_english(text: str, html: bool = False) -> bool:
    """Whether a page of some length has too few English function words to be English copy (for HTML, in what a
    visitor reads: a page's inline scripts are no language)."""
    words, least, share = _settings()
    text = text[:SAMPLE_CHARS]
    if html:
        text = TAG.sub(" ", _unseen().sub(" ", COMMENT.sub(" ", text)))
    tokens = WORD.findall(text.lower())
    return len(tokens) >= least and sum(t in words for t in tokens) < share * len(tokens)
