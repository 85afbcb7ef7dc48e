"""The spaCy side: from a ``SourceDocument`` to findings.

``loading.py`` loads the English model (never downloading); ``parse.py`` parses a document block by block,
with ``prefilter.py`` choosing the blocks that may hold a claim (and those their context reads);
``components.py`` registers the stages as spaCy factories: ``claims.py`` (candidate claims from the packs'
vocabulary, matched by ``vocabulary.py`` and ``matching.py``), ``context.py`` (how each claim is stated:
asserted, hedged, negated, ...) and ``verdict.py`` (tier x status -> severity, from data/verdict.yaml).
``to_findings.py`` maps the claims on a processed Doc back to the file as findings.

May import: spaCy, PyYAML, ``claimlint.errors``, ``claimlint.findings``, ``claimlint.packs`` and
``claimlint.readers`` (the document model). Never the suppression chain, the formats or the CLI.
"""
