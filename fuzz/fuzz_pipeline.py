"""Coverage-guided fuzzing of a whole lint: decoding, reader, spaCy pipeline, findings and outputs.

    python fuzz/fuzz_pipeline.py -max_total_time=600 -timeout=30 fuzz/corpus-pipeline fuzz/seeds

Each input's first byte picks the reader (text, Markdown, HTML), the rest are the file's bytes.
A crash is any exception other than a one-line InputError, or a broken invariant (tests/invariants.py):
findings inside the source and holding the claim, valid JSON and SARIF, the same output twice.
"""
from __future__ import annotations

import sys

import atheris

from _common import split_input

with atheris.instrument_imports(include=["claimlint", "markdown_it"]):
    from invariants import assert_lints_soundly

    from claimlint.errors import InputError
    from claimlint.linter import Linter
    from claimlint.readers.decode import decode

LINTER = Linter()  # the model loads once; every input is linted with it


def test_one_input(data: bytes) -> None:
    kind, body = split_input(data)
    try:
        text = decode(body, f"fuzz.{kind}", html=kind == "html").text
    except InputError as exc:
        assert "\n" not in str(exc), str(exc)
        return
    assert_lints_soundly(LINTER, text, kind)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
