"""Suppression: why a claim that was found is not reported, as ``Finding.suppressed_by``.

``chain.py`` applies the steps in one order, for the command and the Python API alike: inline directives in
the copy (``inline.py``; their syntax in ``syntax.py``), the configuration's per-path ignores (``paths.py``),
changed lines for --diff (``changed.py``), then the baseline (``baseline.py``, matching ``fingerprint.py``'s
identities), then the review desk's review files (``review.py``). Every step marks; none deletes. After the
chain, ``shared.py`` reports a claim in copy that many pages of a crawl or web archive share (a footer) once,
with its pages, and leaves its copies on the other pages out.

May import: the standard library, pathspec, ``claimlint.errors``, ``claimlint.findings``,
``claimlint.fileio`` and ``claimlint.packs`` (rule selectors). Never spaCy, the pipeline, the readers,
the formats or the CLI. ``syntax.py`` imports nothing but the standard library: the readers use it.
"""
