"""What a crawler reads in a page (its links, and whether it may be indexed and followed) and in a sitemap."""
from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from ..errors import InputError
from ..readers.web import megabytes

_LOC = re.compile(r"<loc>\s*(.*?)\s*</loc>", re.IGNORECASE | re.DOTALL)
_INDEX = re.compile(r"<sitemapindex[\s>]", re.IGNORECASE)


@dataclass
class PageLinks:
    links: list[str] = field(default_factory=list)  # absolute, in page order, rel=nofollow left out
    noindex: bool = False  # <meta name="robots" content="noindex">: not to be linted
    nofollow: bool = False  # ... "nofollow": none of its links followed


class _Parser(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base, self.found = url, PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"].strip())
        elif tag == "meta" and a.get("name", "").lower() == "robots":
            self.found.noindex |= _says(a.get("content", ""), "noindex")
            self.found.nofollow |= _says(a.get("content", ""), "nofollow")
        elif tag in ("a", "area") and a.get("href") and not _says(a.get("rel", ""), "nofollow"):
            self.found.links.append(urljoin(self.base, a["href"].strip()))


def _says(value: str, word: str) -> bool:
    words = value.lower().replace(",", " ").split()
    return word in words or (word in ("noindex", "nofollow") and "none" in words)


def page_links(url: str, text: str, robots_header: str = "") -> PageLinks:
    """The links of an HTML page at ``url``, and its robots directives (meta tag or X-Robots-Tag header)."""
    parser = _Parser(url)
    parser.feed(text)
    parser.close()
    found = parser.found
    found.noindex |= _says(robots_header, "noindex")
    found.nofollow |= _says(robots_header, "nofollow")
    return found


def sitemap_urls(text: str) -> tuple[list[str], bool]:
    """The URLs a sitemap lists, and whether it is a sitemap index (its URLs are more sitemaps)."""
    return [html.unescape(u) for u in _LOC.findall(text)], bool(_INDEX.search(text))


def gunzipped(data: bytes, limit: int, url: str) -> bytes:
    """``data`` uncompressed if it is gzip (a sitemap.xml.gz, or one sent with Content-Encoding: gzip), never past
    ``limit`` bytes: a few kilobytes may unpack to gigabytes, so the cap is applied while unpacking."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InputError(f"not valid gzip ({exc})", url) from None
    if len(out) > limit:
        raise InputError(f"larger than {megabytes(limit)} uncompressed", url)
    return out
