"""Which URLs are the same page, and which a crawl may fetch."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a visitor came from: the same page with or without them.
TRACKING = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "yclid", "igshid")
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(url: str) -> str | None:
    """One spelling per page: scheme and host in lower case, no default port, no fragment, no tracking parameters,
    no trailing slash (but the root's); None for what is not an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(TRACKING)])
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The host a URL names, with its port when it is not the scheme's default (how --allow-host is written)."""
    return urlsplit(url).netloc


def site_of(url: str) -> str:
    """Scheme and host: where a robots.txt and a rate limit apply."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
