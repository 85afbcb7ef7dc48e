"""Measuring the packs: ``evaluate.py`` scores recall, precision and the must-pass rate on annotated copy
(`claimlint eval`); ``ruletest.py`` runs every rule's own flag/pass examples (`claimlint rules test`).

Both take a ready ``Linter``. May import: the standard library, ``claimlint.errors``,
``claimlint.findings``, ``claimlint.packs`` and ``claimlint.readers``. Never the CLI or the formats.
"""
