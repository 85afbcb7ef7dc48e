"""Linting the desk's copy exactly as ``claimlint check --stdin-filename NAME -`` lints it, and reading uploads and
URLs into copy a reviewer can edit."""
from __future__ import annotations

import multiprocessing
import os
import socket
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..api import Run
from ..errors import InputError
from ..findings import LintResult
from ..formats.json import format_json
from ..packs.evidence import cited_sections
from ..readers.decode import decode
from ..readers.fetch import fetch, is_private
from ..readers.sources import DRAFT_READERS, TEXT_SUFFIXES, read_file
from ..suppress.review import apply_reviews

# A file name's extension picks the reader; a name of another type is read as plain text, as `check` reads it.
KIND_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html"}


_RUN: Run | None = None  # a worker process's copy of the desk's configuration (inherited when forked)


def _adopt(run: Run) -> None:
    global _RUN
    _RUN = run
    # A worker outlives a server killed outright (SIGKILL, or a service manager's stop timeout): leave with it.
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _lint_in_worker(text: str, filename: str):
    return _RUN.linter.lint_file("-", stdin_filename=filename, data=text.encode("utf-8"))


class Checker:
    """One configuration's linter, shared by every request. One spaCy pipeline lints one copy at a time, so with
    ``workers`` above 1 the copies go to that many processes forked from this one once the model is loaded: each
    starts with the loaded model and packs (pages shared with this process until written), and reviewers on
    other cores no longer wait behind each other."""

    def __init__(self, run: Run, workers: int = 1) -> None:
        self.run = run
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            run.linter.lint_file("-", stdin_filename="warm-up.txt", data=b"Warm-up.")  # load before forking
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_adopt, initargs=(run,))
            # every worker forks now, before the server starts its threads
            list(self._pool.map(_lint_in_worker, ["Warm-up."] * workers, ["warm-up.txt"] * workers))

    def categories(self) -> list[str]:
        return sorted({r.category for r in self.run.linter.ruleset.rules})

    def lint(self, text: str, filename: str, review: dict | None = None) -> LintResult:
        """The result ``check`` gives for ``text`` read as the file ``filename``; a review's waived and disputed
        findings are withheld as ``check --review`` withholds them."""
        if self._pool is not None:
            outcome = self._pool.submit(_lint_in_worker, text, filename).result()
        else:
            with self._lock:
                outcome = self.run.linter.lint_file("-", stdin_filename=filename, data=text.encode("utf-8"))
        outcome = self.run.chain.apply(outcome)
        if review is not None:
            apply_reviews([review], outcome.findings)
        result = LintResult()
        result.add(outcome, keep_source=True)
        result.evidence = cited_sections(f.source for f in result.findings)
        return result

    def json_answer(self, text: str, filename: str) -> str:
        """What ``check --format json --stdin-filename FILENAME -`` prints for ``text``."""
        return format_json(self.lint(text, filename))


def copy_of(name: str, data: bytes, charset: str | None = None, kind: str | None = None) -> tuple[str, str]:
    """An uploaded or fetched file as editable copy: (text, file name). Text formats keep their source; a .docx or
    .pdf becomes the text its reader makes of it, named ``NAME.txt``, since the desk edits text."""
    file = read_file(name, data, kind)
    if file.kind in DRAFT_READERS:
        return file.document.text, f"{PurePosixPath(name).name}.txt"
    if charset:  # a server's charset outranks a guess (decode.py's order of authority)
        return decode(data, name, charset=charset, html=file.kind == "html").text, name
    return file.source, name


def fetched_copy(url: str, allow_private: bool) -> tuple[str, str]:
    """Fetch ``url`` (fetch.py's limits; private, loopback and link-local addresses refused unless
    ``allow_private``) and return it as copy with a file name for its format."""
    if not allow_private:
        _refuse_private(url)
    got = fetch(url, private=allow_private)
    stem = PurePosixPath(urlsplit(got.url).path).name or "index"
    suffix = PurePosixPath(stem).suffix.lower()
    kind = got.kind
    if kind in DRAFT_READERS:
        name = stem if suffix == f".{kind}" else f"{stem}.{kind}"
    else:
        name = stem if TEXT_SUFFIXES.get(suffix) == kind else f"{stem}{KIND_SUFFIX.get(kind or 'text', '.txt')}"
    return copy_of(name, got.data, got.charset, kind)


def _refuse_private(url: str) -> None:
    """Refuse a URL whose host is a private, loopback or link-local address before connecting (an unroutable one
    would only time out); fetch.py checks the address it connects to as well, so a name resolved anew cannot slip
    past."""
    try:
        host = urlsplit(url).hostname
        port = urlsplit(url).port
    except ValueError:
        raise InputError("not a valid URL", url) from None
    if not host:
        raise InputError("not a valid URL", url)
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot fetch: {exc}", url) from None
    private = sorted(a for a in addresses if is_private(a))
    if private:
        raise InputError(f"refused: {private[0]} is a private, loopback or link-local address, and this desk is "
                         "reachable by others (started off loopback or with a token)", url)


__all__ = ["Checker", "InputError", "copy_of", "fetched_copy"]
