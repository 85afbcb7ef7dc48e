"""Fetch a published page over http(s) so it can be linted where it lives.

Deliberately narrow: http and https only, a timeout, a size cap, a few redirects that
may not leave http(s), and only text content types. Every failure is one InputError line.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import InputError
from .web import CONTENT_KINDS, is_url, megabytes  # noqa: F401  (also imported from here)

TIMEOUT = 20.0  # seconds, for connecting and for each read
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    kind: str | None  # reader kind: html, markdown or text (None: a raw fetch of another type, its body unread)
    charset: str | None  # from the Content-Type header
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)  # the response's, as sent
    request: list[tuple[str, str]] = field(default_factory=list)  # the request's headers, as sent


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES, raw: bool = False,
          private: bool = True, kinds: dict[str, str] = CONTENT_KINDS) -> Fetched:
    """Download ``url``; raise InputError (with the URL as path) on any failure.

    ``raw`` (the crawl's way, claimlint/crawl): a redirect is not followed and an HTTP error is no failure, both
    come back with their status and headers for the caller to act on, and a content type not in ``kinds`` comes
    back with its body unread. ``private`` False refuses to connect to a private, loopback or link-local address.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
    if not is_url(url):
        raise InputError("only http:// and https:// URLs can be linted", url)
    if not host:
        raise InputError("not a valid URL", url)
    deadline = _Deadline(timeout)
    opener = urllib.request.build_opener(_NoRedirects if raw else _Redirects, _WatchedHTTP(deadline, private),
                                         _WatchedHTTPS(deadline, private))
    request = urllib.request.Request(url, headers={
        "User-Agent": f"claimlint/{__version__}",
        "Accept": "text/html, text/markdown;q=0.9, text/plain;q=0.8",
    })
    try:
        with deadline, _opened(opener, request, timeout, raw) as response:
            content_type = response.headers.get_content_type()
            kind = kinds.get(content_type)
            if kind is None and not raw:
                raise InputError(f"unsupported content type {content_type} (expected text/html, text/plain, text/markdown, "
                                 "a PDF or a Word document)", url)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes and kind is not None:
                raise InputError(f"larger than the {megabytes(max_bytes)} limit ({int(length)} bytes)", url)
            data = _read_capped(response, max_bytes, url) if kind is not None else b""
            if length.isdigit() and len(data) < int(length) and not deadline.expired and kind is not None:
                # http.client returns a body cut short without complaint: linting a fragment would hide claims.
                raise InputError(f"connection closed after {len(data)} of {int(length)} bytes", url)
            final = response.geturl()
            charset = response.headers.get_content_charset()
            if deadline.expired:  # the connection was cut short: what arrived may be a fragment
                raise socket.timeout()
    except InputError as exc:  # raised mid-redirect: report the URL the user gave
        raise InputError(exc.message, url) from None
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {_reason(exc.reason)}".rstrip(), url) from None
    except (socket.timeout, TimeoutError):
        raise InputError(f"timed out after {timeout:g} s", url) from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # reset, bad port or URL, truncated body, ...
        if deadline.expired:
            raise InputError(f"timed out after {timeout:g} s", url) from None
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise InputError(f"cannot fetch: {_reason(reason)}", url) from None
    if kind == "text":
        # Raw Markdown is often served as text/plain; the file name says what it is.
        if PurePosixPath(urlsplit(final).path).suffix.lower() in (".md", ".markdown"):
            kind = "markdown"
    return Fetched(final, data, kind, charset, response.getcode(), list(response.headers.items()),
                   [("Host", host), *request.header_items()])


def _opened(opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float, raw: bool):
    """The response; for a raw fetch an HTTP error (or an unfollowed redirect) is a response too."""
    try:
        return opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if not raw or exc.fp is None:
            raise
        return exc


def is_private(address: str) -> bool:
    """Whether an IP address is one a crawl of the public web must not reach (loopback, private, link-local...)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    return not ip.is_global


class _Redirects(urllib.request.HTTPRedirectHandler):
    """At most MAX_REDIRECTS redirects, never off http(s) and never from https down to http.

    Checked before urllib acts on the Location header: urllib itself would follow ftp://.
    urllib's own loop detection is set above the limit, so a loop gets this message, not urllib's.
    """

    max_repeats = max_redirections = MAX_REDIRECTS + 1

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urljoin(req.full_url, location.strip())
            old, new = urlsplit(req.full_url).scheme.lower(), urlsplit(target).scheme.lower()
            hops = getattr(req, "claimlint_hops", 0)
            problem = None
            if new not in SCHEMES or (old == "https" and new == "http"):
                problem = f"refused redirect to {target} (only http and https, never https to http)"
            elif hops >= MAX_REDIRECTS:
                problem = f"more than {MAX_REDIRECTS} redirects"
            if problem:
                fp.close()
                raise InputError(problem, req.full_url)
        return super().http_error_302(req, fp, code, msg, headers)

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.claimlint_hops = getattr(req, "claimlint_hops", 0) + 1
        return new

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A raw fetch hands every redirect back (an HTTPError urllib raises) for the crawl to check and queue."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _read_capped(response, max_bytes: int, url: str) -> bytes:
    """Read the body in chunks and stop past the size cap (the time cap is _Deadline's)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"larger than the {megabytes(max_bytes)} limit", url)
        chunks.append(chunk)


class _Deadline:
    """The time cap on a whole fetch, redirects included.

    A socket timeout only bounds each wait: a server that trickles a byte every few seconds
    would hold the run for hours. When the cap passes, a timer shuts the connections down,
    which ends any read blocked on them. It holds its own duplicate of each socket, since
    https wraps (and detaches) the original.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            duplicate = sock.dup()
            self._sockets.append(duplicate)
            if self.expired:
                _shut(duplicate)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the other side


class _Watched:
    """Hands every socket a connection opens to the deadline, and refuses a private address unless ``private``
    (checked on the address connected to, so a name that resolves anew cannot slip past)."""

    def __init__(self, deadline: _Deadline, private: bool = True) -> None:
        super().__init__()
        self.deadline, self.private = deadline, private

    def _checked(self, sock: socket.socket) -> socket.socket:
        address = sock.getpeername()[0]
        if not self.private and is_private(address):
            sock.close()
            raise InputError(f"refused: {address} is a private or loopback address (the crawl did not start on one)")
        return self.deadline.watch(sock)

    def do_open(self, http_class, req, **kwargs):
        def connection(*args, **kw):
            conn = http_class(*args, **kw)
            create = conn._create_connection  # socket.create_connection, as http.client calls it
            conn._create_connection = lambda *a, **k: self._checked(create(*a, **k))
            return conn

        return super().do_open(connection, req, **kwargs)


class _WatchedHTTP(_Watched, urllib.request.HTTPHandler):
    pass


class _WatchedHTTPS(_Watched, urllib.request.HTTPSHandler):
    pass


def _reason(reason: object) -> str:
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    text = getattr(reason, "strerror", None) or str(reason)
    return " ".join(text.split()) or reason.__class__.__name__
