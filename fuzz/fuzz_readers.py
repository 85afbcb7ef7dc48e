"""Coverage-guided fuzzing of decoding and the three readers (no spaCy: thousands of inputs a second).

    python fuzz/fuzz_readers.py -max_total_time=600 fuzz/corpus-readers fuzz/seeds

Each input's first byte picks the reader (text, Markdown, HTML), the rest are the file's bytes.
A crash is any exception other than a one-line InputError, or a broken invariant (tests/invariants.py).
"""
from __future__ import annotations

import sys

import atheris

from _common import split_input

with atheris.instrument_imports(include=["claimlint", "markdown_it"]):
    from invariants import assert_reader_structure

    from claimlint.errors import InputError
    from claimlint.readers.sources import read_document
    from claimlint.readers.windows import split_long_blocks, windows


def test_one_input(data: bytes) -> None:
    kind, body = split_input(data)
    try:
        doc, _ = read_document(f"fuzz.{kind}", data=body, kind=kind)
    except InputError as exc:
        assert "\n" not in str(exc), str(exc)
        return
    assert_reader_structure(doc)
    # Small limits, so that block splitting and windowing run on small inputs too.
    split = split_long_blocks(doc, limit=50)
    assert_reader_structure(split)
    for window in windows(split, limit=200):
        assert_reader_structure(window.document)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
