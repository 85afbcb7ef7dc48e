"""The result cache: each file's findings, kept on disk so copy that did not change is never linted twice.

It sits between the readers and the pipeline: the linter reads a file, asks the cache for the findings of its
bytes under the run's key, and only on a miss runs the pipeline (and stores what it found). What a run waives
(inline directives, per-path ignores, --diff, the baseline: claimlint/suppress) is applied after, to cached and
fresh findings alike, so a new baseline never costs a re-lint.

``keys.py`` says what a file's findings depend on: its bytes and format, and the run's key (the packs' content,
the spaCy model and its version, claimlint's version and code, every option that changes findings).
``store.py`` keeps the entries under ``.claimlint_cache/`` (``location.py`` finds the project's), written
atomically, bounded in size, tagged with a CACHEDIR.TAG and a ``.gitignore`` of ``*``. ``blocks.py`` keeps, in
memory, an open document's findings block by block between its lints (the language server's partial re-lint; the
linter computes the blocks' keys).

May import: the standard library, ``claimlint`` (the version), ``claimlint.errors``, ``claimlint.findings`` and
``claimlint.fileio``. Never spaCy, the pipeline, the readers, the suppression chain, the formats or the CLI.
"""
