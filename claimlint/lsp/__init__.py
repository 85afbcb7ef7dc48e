"""`claimlint lsp`: a language server, so an editor shows over-claims while the copy is written.

Diagnostics (what `claimlint check` reports for the file as it stands in the editor, its configuration, waivers
and baseline included), a hover with the finding's explanation, and code actions (the rule's suggested wording, a
waiver, the rule's entry). ``server.py`` wires pygls; ``scheduler.py`` lints off the message loop; ``linting.py``
lints one version of a document through the API (``settings.py`` finds and reloads its configuration), with the
document's block memo (``claimlint.api.BlockMemo``) so that an edit re-lints only the blocks it can change;
``diagnostics.py``, ``hover.py`` and ``actions.py`` turn findings into what the protocol carries, with positions
converted by ``positions.py``; ``protocol.py`` answers malformed messages.

An optional extra (``pip install 'clinic-claimlint[lsp]'``): pygls and lsprotocol are imported here and nowhere else.

May import: the standard library, pygls, lsprotocol, ``claimlint`` (the version), ``claimlint.api``,
``claimlint.config``, ``claimlint.errors``, ``claimlint.findings``, ``claimlint.readers`` (formats and the size
limit), ``claimlint.packs`` (the evidence document) and ``claimlint.suppress`` (the baseline). Never spaCy or the
pipeline directly (the API's linter runs them), the formats or the CLI.
"""
