"""``claimlint serve``: the review desk, a local web app for compliance reviewers (Starlette and uvicorn, the
optional ``serve`` extra).

A reviewer pastes copy, uploads a file or fetches a URL; the copy comes back highlighted by the HTML report's own
renderer and side panel (``formats.html.render_copy``), re-checked as they edit. They mark each finding fixed,
waived or disputed, and the decisions are kept in a review file per document (``suppress/review.py``), which
``check --review`` honours and ``claimlint review export`` turns into corpus cases.

- ``checking.py``: linting a copy as ``check --stdin-filename NAME -`` does, uploads and URLs read into copy;
- ``desk.py``: the desk page and the rendered copy with each finding's decision controls, and the fix each offers;
- ``reviews.py``: the review files, one per document, written atomically;
- ``export.py``: review files into corpus cases (``claimlint review export``);
- ``security.py``: the token, Host and CSRF checks, request size limits and the headers on every response;
- ``app.py``: the routes; ``server.py``: starting uvicorn.

Only ``app.py``, ``security.py`` and ``server.py`` import Starlette or uvicorn; the CLI imports the package lazily,
so claimlint runs without the extra.

May import: the standard library, Starlette, uvicorn, PyYAML, ``claimlint``, ``claimlint.api``, ``claimlint.config``,
``claimlint.errors``, ``claimlint.findings``, ``claimlint.fileio``, ``claimlint.formats``, ``claimlint.readers``,
``claimlint.suppress``, ``claimlint.packs`` and ``claimlint.eval`` (the corpus format). Nothing imports it but the CLI.
"""
