"""Large documents go through the pipeline in bounded pieces (claimlint/readers/windows.py) without changing a finding."""
from __future__ import annotations

from dataclasses import astuple

import pytest

from claimlint.readers.sources import document_from_text, read_document
import claimlint.readers.windows
from claimlint.readers.windows import split_long_blocks

from conftest import CORPUS_SAMPLE, ROOT, corpus_pages

@pytest.mark.parametrize("every", CORPUS_SAMPLE)
def test_linting_block_by_block_gives_the_same_findings(linter, monkeypatch, every):
    """The documents of the corpus, whole and with one window per block (the smallest possible)."""
    paths = corpus_pages(every)
    documents = [read_document(str(path))[0] for path in paths]
    whole = [[astuple(f) for f in linter.lint_document(doc)] for doc in documents]
    monkeypatch.setattr(claimlint.readers.windows, "WINDOW_CHARS", 1)
    windowed = [[astuple(f) for f in linter.lint_document(doc)] for doc in documents]
    assert sum(map(len, whole)) > 50
    for path, expected, got in zip(paths, whole, windowed):
        assert got == expected, path


def test_long_blocks_are_cut_after_sentences(monkeypatch):
    monkeypatch.setattr(claimlint.readers.windows, "MAX_BLOCK_CHARS", 100)
    sentence = "Our clinic offers friendly care to every patient. "
    text = "Benefits:\n\n" + sentence * 10 + "\n\n- item\n\n" + "x" * 250
    doc = split_long_blocks(document_from_text(text))
    pieces = [text[b.start:b.end] for b in doc.blocks]
    assert pieces[0] == "Benefits:" and all(len(p) <= 100 for p in pieces)
    assert pieces[1:6] == [(sentence * 2).strip()] * 5  # cut at sentence ends, never inside a sentence
    assert pieces[7:] == ["x" * 100, "x" * 100, "x" * 50]  # no space at all: cut anyway
    # The paragraph after the lead-in keeps it, in every piece; later blocks keep pointing at the right block.
    assert [doc.blocks[i].lead_in for i in range(1, 6)] == [0] * 5


def test_a_huge_line_is_linted(linter):
    """spaCy refuses a text over a million characters; a block that long is cut first."""
    text = "Lorem ipsum dolor sit amet. " * 50_000 + "Our stem cells cure diabetes."
    (finding,) = linter.lint_text(text)
    assert text[finding.start:finding.end] == finding.text == "cure"
