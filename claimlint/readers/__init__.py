"""Readers: every input becomes a ``SourceDocument`` (document.py) - the text to lint, its blocks and
structure, and the offset map back to the file as written. Knows no NLP.

The flow inside: ``sources.py`` finds what to read (files, directory walks in walk.py, http(s) URLs in
fetch.py, standard input), reads the bytes, decodes them (decode.py) and hands the text to the reader for
its format - plain text (plain.py, with the block structure structure.py infers from line breaks),
Markdown (markdown.py) or HTML (html.py), both assembled with builder.py. ``windows.py`` cuts very long
documents into pieces the pipeline can take; ``labels.py`` names each block for the html report.

May import: the standard library, markdown-it, pathspec, ``claimlint.errors``, ``claimlint.suppress.syntax``
(directive lines are not copy) and the package version. Never spaCy, ``claimlint.pipeline``, the packs,
the formats or the CLI.
"""
