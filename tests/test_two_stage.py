"""The cheap first pass must never change a finding: default mode equals parsing every block."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import HONEST_SEED, MARKETING_SEED, ROOT


@pytest.fixture(scope="module")
def full_linter():
    from claimlint import Linter

    return Linter(full=True)


def corpus_documents():
    from claimlint.eval.evaluate import document_for, gold_files
    from claimlint.readers.sources import read_document

    paths = [document_for(g) for g in gold_files(ROOT / "corpus")] + sorted((ROOT / "examples").iterdir())
    paths += [p for p in (HONEST_SEED, MARKETING_SEED) if p.is_file()]
    return [read_document(str(p))[0] for p in paths]


def key(findings):
    return [(f.path, f.rule, f.start, f.end, f.status, f.severity, f.cue) for f in findings]


def test_default_and_full_modes_give_identical_findings(linter, full_linter):
    docs = corpus_documents()
    assert len(docs) >= 36
    fast = [key(f) for f in linter.lint_documents(docs)]
    full = [key(f) for f in full_linter.lint_documents(docs)]
    assert sum(map(len, fast)) > 300
    assert fast == full


def test_prefilter_skips_blocks_without_claim_vocabulary(linter):
    from claimlint.readers.sources import document_from_text

    doc = document_from_text("Opening hours\n\nWe are open Monday to Friday.\n\nOur stem cells cure diabetes.\n")
    assert linter.prefilter.candidates(doc.text, doc.blocks) == {2}
