"""URL fetching against a hostile server (local, 127.0.0.1 only): every failure is a one-line InputError,
the whole fetch is capped in time even when each read is quick, and redirects never leave http(s)."""
from __future__ import annotations

import gzip
import time
import urllib.request
from email.message import Message
from http.server import BaseHTTPRequestHandler

import pytest

from conftest import local_server

from claimlint.errors import InputError
from claimlint.readers.fetch import _Redirects, fetch
from claimlint.readers.sources import read_document

pytestmark = pytest.mark.usefixtures("no_proxy")  # every test here talks to the local server only

PAGE = b"<p>Our stem cells cure diabetes.</p>"


class _Hostile(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            getattr(self, "route_" + self.path.strip("/").replace("-", "_"), self.route_missing)()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def _head(self, status=200, **headers):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()

    def route_trickle(self):  # one byte at a time, each well within the read timeout
        self._head(Content_Type="text/html", Content_Length="100000")
        for _ in range(100_000):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.05)

    def route_silent(self):  # accepts, then never answers
        time.sleep(5)

    def route_short(self):  # promises more than it sends
        self._head(Content_Type="text/html", Content_Length="1000")
        self.wfile.write(PAGE)

    def route_gzip(self):  # compressed although nobody asked
        body = gzip.compress(PAGE * 100)
        self._head(Content_Type="text/html", Content_Encoding="gzip", Content_Length=str(len(body)))
        self.wfile.write(body)

    def route_to_file(self):
        self._head(302, Location="file:///etc/passwd")

    def route_to_data(self):
        self._head(302, Location="data:text/html,<p>cure</p>")

    def route_loop(self):
        self._head(302, Location="/loop")

    def route_missing(self):
        self._head(404, Content_Length="0")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    with local_server(_Hostile) as url:
        yield url


def failure(url: str, **options) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        fetch(url, **options)
    assert caught.value.path == url and "\n" not in caught.value.message
    return caught.value.message, time.monotonic() - started


@pytest.mark.parametrize("path", ["/trickle", "/silent"])
def test_the_whole_fetch_is_capped_in_time(server, path):
    """A socket timeout bounds each wait only: a byte every 50 ms would otherwise keep the run for 80 minutes."""
    message, took = failure(server + path, timeout=1)
    assert message == "timed out after 1 s" and took < 3


@pytest.mark.parametrize("path, message", [
    ("/to-file", "refused redirect to file:///etc/passwd"),
    ("/to-data", "refused redirect to data:text/html,<p>cure</p>"),
    ("/loop", "more than 5 redirects"),
])
def test_redirects_stay_on_http(server, path, message):
    assert failure(server + path, timeout=5)[0].startswith(message)


def test_https_never_redirects_down_to_http():
    request = urllib.request.Request("https://clinic.example/page")
    headers = Message()
    headers["Location"] = "http://clinic.example/page"
    with pytest.raises(InputError, match="never https to http"):
        _Redirects().http_error_302(request, _Closable(), 302, "Found", headers)


class _Closable:
    def close(self):
        pass


def test_truncated_body_and_bad_urls_are_one_line_errors(server):
    assert failure(server + "/short", timeout=5)[0] == f"connection closed after {len(PAGE)} of 1000 bytes"
    port = server.rsplit(":", 1)[1]
    for url in (f"http://127.0.0.1:{port}/p\u00e4ge\u0000", "http://127.0.0.1:99999/", "http://[::1/"):
        failure(url, timeout=5)


def test_unrequested_compression_is_not_read_as_text(server):
    with pytest.raises(InputError, match="binary file, not linted"):
        read_document(server + "/gzip")
