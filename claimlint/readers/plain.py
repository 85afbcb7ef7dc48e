"""Plain-text reader: the file is the copy, its block structure inferred from line breaks (structure.py)."""
from __future__ import annotations

from ..suppress.syntax import DIRECTIVE_LINE
from .document import SourceDocument
from .structure import plain_blocks


def without_directives(text: str) -> str:
    """Blank out directive lines (same length, so offsets hold): they are not copy."""
    return DIRECTIVE_LINE.sub(lambda m: " " * len(m.group(0)), text)


def read_plain(path: str, text: str) -> SourceDocument:
    linted = without_directives(text)
    return SourceDocument(path=path, source=text, text=linted, blocks=plain_blocks(linted), kind="text")
