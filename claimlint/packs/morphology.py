"""English inflections of a lemma, so that vocabulary matches even where the lemmatizer does not
lemmatise (adjectival participles: "repaired myelin", "regrown cartilage")."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from . import compiled

IRREGULAR = Path(__file__).parent.parent / "data" / "irregular.yaml"
DERIVATIONS = Path(__file__).parent.parent / "data" / "derivations.yaml"
VOWELS = set("aeiou")


@lru_cache(maxsize=1)
def irregular() -> dict[str, list[str]]:
    def read() -> dict[str, list[str]]:
        return {k: [str(v) for v in vs] for k, vs in yaml.safe_load(IRREGULAR.read_text(encoding="utf-8")).items()}
    return compiled.remember(["data", IRREGULAR.name], read, dict)  # parsing the YAML is most of its cost


@lru_cache(maxsize=4096)
def inflections(lemma: str) -> frozenset[str]:
    """The lemma, its regular -s/-ed/-ing forms (spelling rules included) and its irregular forms."""
    w = lemma.lower()
    forms = {w, *irregular().get(w, [])}
    if not w.isalpha() or len(w) < 2:
        return frozenset(forms)
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    elif w.endswith("y") and w[-2] not in VOWELS:
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    if w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and w[-2] not in VOWELS:
        forms |= {w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "ed", w + "ing"}
        if len(w) >= 3 and w[-1] not in VOWELS | {"w", "x", "y"} and w[-2] in VOWELS and w[-3] not in VOWELS:
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # stop -> stopped, stopping
    return frozenset(forms)


@lru_cache(maxsize=1)
def _derivations() -> dict[str, list[str]]:
    return {k: [str(v) for v in vs] for k, vs in yaml.safe_load(DERIVATIONS.read_text(encoding="utf-8")).items()}


def derived(lemma: str) -> tuple[str, ...]:
    """Words formed from a lemma that keep its claim ('cure' -> 'curative', 'curable'), for `derive: true`."""
    return tuple(_derivations().get(lemma.lower(), ()))
