"""Look-alike letters from other scripts inside Latin words ("Stеm cеll" with a Cyrillic "е"), as spam and
evasive copy use them: read as the Latin letters they imitate, so the words match the packs' vocabulary.
One code point for one, so every offset into the text stays valid."""
from __future__ import annotations

import re

# Cyrillic and Greek letters drawn like Latin ones, lower and upper case.
_LOOKALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "ο": "o", "α": "a", "ν": "v", "ι": "i", "Α": "A",
    "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Υ": "Y", "Χ": "X",
})
_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"[A-Za-z]")
_OTHER = re.compile("[" + "".join(chr(k) for k in _LOOKALIKES) + "]")


def latinise(text: str) -> str:
    """The text with look-alikes replaced in words that also hold Latin letters (a Russian or Greek word,
    written wholly in its own script, is left alone)."""
    if not _OTHER.search(text):
        return text
    return _WORD.sub(lambda m: m.group(0).translate(_LOOKALIKES)
                     if _LATIN.search(m.group(0)) and _OTHER.search(m.group(0)) else m.group(0), text)
