"""How many words a first pass would send to the parser, choosing blocks (today) or sentences (issue 16's idea).

    python benchmarks/first_pass_share.py DIR

Blocks: the prefilter's candidate blocks plus the blocks their context reads (what `check` parses). Sentences:
within a candidate block, only the sentences that alone hold a rule's own words (with the block and its lead-in
supplying the rest), and, because a claim may point back to an earlier sentence ("these cells"), the sentences
holding any word of the packs' vocabulary. Sentences are cut at end punctuation before a capital or a digit, a
cheap stand-in for the parser's own cuts; the figures are an upper bound on what a sentence-level pass saves.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from claimlint.api import linter_for
from claimlint.pipeline.prefilter import with_context
from claimlint.readers.sources import read_document

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9])")


def main(folder: str) -> None:
    prefilter = linter_for().prefilter
    total = blocks_parsed = own_only = with_earlier = 0
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        doc, _ = read_document(str(path))
        text, blocks = doc.text, doc.blocks
        candidates = prefilter.candidates(text, blocks)
        wanted = with_context(candidates, blocks, text)
        present = [prefilter._keys(text[b.start:b.end]) for b in blocks]
        for i, block in enumerate(blocks):
            words = len(text[block.start:block.end].split())
            total += words
            if i not in wanted:
                continue
            blocks_parsed += words
            if i not in candidates:  # read as context: parsed whole either way
                own_only += words
                with_earlier += words
                continue
            around = present[i] | (present[block.lead_in] if block.lead_in is not None else set())
            for sentence in SENTENCE_END.split(text[block.start:block.end]):
                keys, n = prefilter._keys(sentence), len(sentence.split())
                if any((need.own & keys or not need.own) and need.all <= around and (not need.any or need.any & around)
                       for need in prefilter.needs):
                    own_only += n
                    with_earlier += n
                elif keys:
                    with_earlier += n
    print(f"{total:,} words; to the parser: blocks {blocks_parsed / total:.1%}, candidate sentences only "
          f"{own_only / total:.1%}, with the sentences a reference may point back to {with_earlier / total:.1%}")


if __name__ == "__main__":
    main(sys.argv[1])
