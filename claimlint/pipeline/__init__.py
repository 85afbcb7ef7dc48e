"""The spaCy side: from a ``SourceDocument`` (or a user's Doc) to claims and findings.

``components.py`` registers the ``claimlint`` component, the one pipeline path for the command and for
``nlp.add_pipe("claimlint")``: per window of a document (readers/windows.py) it parses block by block with the
model's own components (``parse.py``; ``prefilter.py``, its hook, picks the blocks that may hold a claim and
those their context reads), then runs the three stages: ``claims.py`` (candidate claims from the packs'
vocabulary, matched by ``vocabulary.py`` and ``matching.py``), ``context/`` (how each claim is stated: asserted,
hedged, negated, ...) and ``verdict.py`` (tier x status -> severity, from data/verdict.yaml). Claims are plain
records on the Doc (``claims.doc_claims`` reads them), blocks too (``blocks.py``); ``pack_store.py`` saves the
packs with a pipeline. ``loading.py`` loads the English model (never downloading); ``to_findings.py`` maps the
claims on a processed Doc back to the file as findings.

May import: spaCy, PyYAML, ``claimlint.errors``, ``claimlint.findings``, ``claimlint.packs`` and
``claimlint.readers`` (the document model). Never the suppression chain, the formats or the CLI.
"""
