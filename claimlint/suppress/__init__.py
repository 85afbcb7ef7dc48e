"""Suppression: why a claim that was found is not reported, as ``Finding.suppressed_by``.

Applied in one order: inline directives in the copy (``inline.py``; their syntax in ``syntax.py``), the
configuration's per-path ignores (``paths.py``), changed lines for --diff (``changed.py``), then the baseline
(``baseline.py``, matching ``fingerprint.py``'s identities).

May import: the standard library, pathspec, ``claimlint.errors``, ``claimlint.findings``,
``claimlint.fileio`` and ``claimlint.packs`` (rule selectors). Never spaCy, the pipeline, the readers,
the formats or the CLI. ``syntax.py`` imports nothing but the standard library: the readers use it.
"""
