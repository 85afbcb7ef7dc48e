"""The cheap first pass must never change a finding: default mode equals parsing every block."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS_SAMPLE, corpus_pages


@pytest.fixture(scope="module")
def full_linter():
    from claimlint import Linter

    return Linter(full=True)


def corpus_documents(every: int = 1):
    from claimlint.readers.sources import read_document

    return [read_document(str(p))[0] for p in corpus_pages(every)]


def key(findings):
    return [(f.path, f.rule, f.start, f.end, f.status, f.severity, f.cue) for f in findings]


@pytest.mark.parametrize("every", CORPUS_SAMPLE)
def test_default_and_full_modes_give_identical_findings(linter, full_linter, every):
    docs = corpus_documents(every)
    assert len(docs) >= 36 // every
    fast = [key(f) for f in linter.lint_documents(docs)]
    full = [key(f) for f in full_linter.lint_documents(docs)]
    assert sum(map(len, fast)) > 300 // every
    assert fast == full


def test_prefilter_skips_blocks_without_claim_vocabulary(linter):
    from claimlint.readers.sources import document_from_text

    doc = document_from_text("Opening hours\n\nWe are open Monday to Friday.\n\nOur stem cells cure diabetes.\n")
    assert linter.prefilter.candidates(doc.text, doc.blocks) == {2}
