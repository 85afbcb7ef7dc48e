"""A Doc's blocks (headings, paragraphs, list items, cells), kept on it as plain values.

A reader's blocks go in ``doc._.claimlint_blocks`` as ``[start, end, kind, lead_in, heading]`` lists, so the
Doc still serializes (``doc.to_bytes()``, ``DocBin``); a Doc without them gets the blocks of its plain text.
"""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc

from ..readers.document import Block
from ..readers.structure import plain_blocks


def register_blocks_extension() -> None:
    if not Doc.has_extension("claimlint_blocks"):
        Doc.set_extension("claimlint_blocks", default=None)


def set_blocks(doc: Doc, blocks: Iterable[Block]) -> None:
    """Give a Doc its blocks (a reader's)."""
    register_blocks_extension()
    doc._.claimlint_blocks = [[b.start, b.end, b.kind, b.lead_in, b.heading] for b in blocks]


def doc_blocks(doc: Doc) -> list[Block]:
    """Blocks set by a reader, or inferred from the text's line structure."""
    register_blocks_extension()
    if doc._.claimlint_blocks is None:
        set_blocks(doc, plain_blocks(doc.text))
    return [Block(*values) for values in doc._.claimlint_blocks]

