"""Safe by default: what every request to the desk passes through (a pure ASGI middleware, so it also guards
bodies as they stream in).

- **Token**: when one is set (always, off loopback) every request carries it, ``Authorization: Bearer TOKEN`` or the
  cookie a browser gets by opening ``/?token=TOKEN`` once; else 401.
- **Host**: on loopback, only a loopback Host is answered, so a web page cannot reach the desk through a DNS name
  rebound to 127.0.0.1.
- **CSRF**: a request from another site's page is refused (an ``Origin`` that is not the desk's); a form post must
  carry the page's CSRF token (``csrf`` field), and an API post must be JSON (a cross-site page cannot send that
  without a preflight, which the desk never grants) and, when it changes a review file, the token as
  ``X-CSRF-Token``.
- **Size**: a body over the limit is refused with 413 and a message, before or while it arrives.
- **Headers**: the CSP (the desk's own, or none may load anything), no sniffing, no framing, no referrer, no caching.
"""
from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}
TOKEN_COOKIE = "claimlint_token"
DEFAULT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


@dataclass(frozen=True)
class Guard:
    token: str | None  # None: no token asked (loopback, one user)
    loopback: bool  # bound to a loopback address
    max_bytes: int


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class SecurityMiddleware:
    def __init__(self, app, guard: Guard) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            return await _plain(send, *refusal)
        if self._token_in_query(scope):  # the printed URL: keep the token in a cookie, and out of the address bar
            return await _redirect_with_cookie(send, self.guard.token)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.guard.max_bytes:
            return await _plain(send, 413, self._too_large())
        # The body is read here, whole, before the app sees it: one over the limit is refused however it is sent
        # (a chunked body says no length), and the app never meets a body cut short.
        chunks, seen = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.guard.max_bytes:
                return await _plain(send, 413, self._too_large())
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        async def headed(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                         (b"cache-control", b"no-store")]
                if b"referrer-policy" not in names:
                    extra.append((b"referrer-policy", b"no-referrer"))
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", DEFAULT_CSP.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, replay, headed)

    def _too_large(self) -> str:
        return f"request too large: the limit is {self.guard.max_bytes // (1024 * 1024)} MB"

    def _refusal(self, scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host", "")
        hostname = urlsplit(f"//{host}").hostname or ""
        if self.guard.loopback and hostname not in LOOPBACK_NAMES and not is_loopback(hostname):
            return 400, "refused: this desk answers only on its loopback address"
        if self.guard.token is not None and not self._authorised(scope, headers):
            return 401, "unauthorised: send the token (Authorization: Bearer TOKEN), or open the URL claimlint serve printed"
        origin = headers.get("origin")
        if origin is not None and scope["method"] not in ("GET", "HEAD"):
            if origin == "null" or urlsplit(origin).netloc.lower() != host.lower():
                return 403, "refused: a request from another site (cross-site request)"
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site == "cross-site" and scope["method"] not in ("GET", "HEAD"):
            return 403, "refused: a request from another site (cross-site request)"
        return None

    def _authorised(self, scope, headers: dict[str, str]) -> bool:
        token = self.guard.token
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer " and _same(auth[7:].strip(), token):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is simply no token
            return self._token_in_query(scope)
        if TOKEN_COOKIE in cookie and _same(cookie[TOKEN_COOKIE].value, token):
            return True
        return self._token_in_query(scope)

    def _token_in_query(self, scope) -> bool:
        if self.guard.token is None or scope["method"] != "GET" or scope["path"] != "/":
            return False
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        return bool(given) and _same(given, self.guard.token)


async def _plain(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"content-security-policy", DEFAULT_CSP.encode()), (b"x-content-type-options", b"nosniff"),
        (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(send, token: str) -> None:
    cookie = f"{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", b"/"), (b"set-cookie", cookie.encode()), (b"content-length", b"0"),
        (b"cache-control", b"no-store"), (b"referrer-policy", b"no-referrer")]})
    await send({"type": "http.response.body", "body": b""})


def csrf_ok(given: str | None, expected: str) -> bool:
    return bool(given) and _same(given, expected)
