from __future__ import annotations

import os
import textwrap
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
HONEST_SEED = SEEDS / "000_6f8d5e8716c15d39.txt"
MARKETING_SEED = SEEDS / "004_f7fa867297915fdc.txt"


def require(missing: str | None, what: str) -> None:
    """Skip when something a test needs is missing here, but fail under CLAIMLINT_CI=1: CI installs it, so a skip
    there would hide a test that no longer runs."""
    if missing:
        if os.environ.get("CLAIMLINT_CI") == "1":
            pytest.fail(f"{what} must run under CLAIMLINT_CI=1: {missing}")
        pytest.skip(missing)


def corpus_pages(every: int = 1) -> list[Path]:
    """The annotated corpus, examples and the marketing seed; with ``every`` > 1, every n-th page of the corpus.

    Exactness tests that lint the whole corpus twice run on a sample in the default suite and on every page
    under ``-m slow`` (which .ci/run also runs), so the suite stays fast and nothing goes untested."""
    from claimlint.eval.evaluate import document_for, gold_files

    paths = [document_for(g) for g in gold_files(ROOT / "corpus")][::every] + sorted((ROOT / "examples").iterdir())
    return paths + [p for p in (HONEST_SEED, MARKETING_SEED) if p.is_file()]


# Parameters for those tests: a sample by default, everything when the long runs are asked for.
CORPUS_SAMPLE = [pytest.param(3, id="every-third-page"), pytest.param(1, id="every-page", marks=pytest.mark.slow)]


@pytest.fixture(scope="session", autouse=True)
def own_user_cache(tmp_path_factory) -> Iterator[Path]:
    """The user's cache (the packs' compiled form) for the whole session: session and module fixtures (the shared
    ``linter``) are set up before any test's ``own_cache``, and once wrote to the real ~/.cache/claimlint."""
    folder = tmp_path_factory.mktemp("session-user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test starts with an empty result cache of its own (the command's default is the project's)."""
    folder = tmp_path_factory.mktemp("cache") / ".claimlint_cache"
    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(folder))
    # The packs' compiled form (claimlint/packs/compiled.py) lives in the user's cache: never the real one here.
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent / "user-cache"))
    return folder


@pytest.fixture(scope="session")
def linter():
    from claimlint import Linter

    return Linter()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (HONEST_SEED.is_file() and MARKETING_SEED.is_file()):
        pytest.skip("source material (../shared/seeds) is not beside this checkout")
    return SEEDS


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.exception = result.exception


@pytest.fixture
def cli():
    """Run the claimlint command in-process; returns exit code, stdout and stderr."""
    from claimlint.cli import main

    def run(*args: str, input: str | bytes | None = None) -> Run:
        result = CliRunner().invoke(main, [str(a) for a in args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result)

    return run


@contextmanager
def local_server(handler, tls=None):
    """An HTTP server on 127.0.0.1 for URL tests (never any other host), over https with ``tls`` (a server-side
    ssl.SSLContext); yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def no_proxy(monkeypatch):
    """The test server is local: keep any proxy settings of the machine out of the way."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")


@pytest.fixture
def pack_file(tmp_path):
    """Write a rule pack (dedented) to a temporary file and return its path."""
    def write(text: str) -> Path:
        path = tmp_path / "pack.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
