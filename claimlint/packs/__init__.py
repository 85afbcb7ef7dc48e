"""Rule packs: load, validate and compile the YAML packs, and select the active rules.

``schema.py`` reads a pack (evidence, lexicons, rules) into frozen dataclasses, checking every key and
reference with its line (``yamlsource.py`` is the safe, line-tracking YAML loader; ``regex_guard.py``
refuses patterns shaped for catastrophic backtracking); ``ruleset.py`` loads the built-in and user packs
(cached) and applies --select/--ignore; ``morphology.py`` inflects lemmas; ``evidence.py`` reads the
evidence document (docs/evidence.md) that rules' sources point into; ``compiled.py`` keeps the packs'
compiled form between runs. The built-in packs ship as data in ``claimlint/data/packs`` (``rules/`` in a
checkout).

May import: the standard library, PyYAML, ``claimlint`` (the version), ``claimlint.errors``,
``claimlint.findings`` (the tier, severity and status vocabularies) and ``claimlint.fileio`` (atomic writes).
Never spaCy, the pipeline, the readers, the formats or the CLI.
"""
