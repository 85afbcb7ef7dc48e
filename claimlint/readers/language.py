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
NOT_ENGLISH = "reads as another language than English; claimlint checks English copy only, so this page was not checked"


@lru_cache(maxsize=1)
def _settings() -> tuple[frozenset[str], int, float]:
    data = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    return frozenset(data["function_words"]), int(data["min_words"]), float(data["max_share"])


def not_english(text: str, html: bool = False) -> bool:
    """Whether a page of some length has too few English function words to be English copy."""
    words, least, share = _settings()
    tokens = WORD.findall((TAG.sub(" ", text) if html else text).lower())
    return len(tokens) >= least and sum(t in words for t in tokens) < share * len(tokens)
