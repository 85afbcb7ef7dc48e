"""A small clinic site served on 127.0.0.1 for the crawl tests, with every hazard a real site has; its server keeps a
log of every request, so a test can prove what was and was not fetched."""
from __future__ import annotations

import functools
import gzip
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from conftest import local_server

FOOTER_CLAIM = "Our stem cells cure diabetes."
TOPICS = ["knees", "hips", "backs", "shoulders", "elbows", "wrists", "ankles", "necks", "skin", "hair"]
PAGE_CLAIMS = {0: "After the infusion the stem cells become new insulin-producing cells.",
               3: "Most patients are off insulin within six months."}
TRACKED = "?utm_source=newsletter&utm_medium=email"


def page(title: str, body: str, links: list[str], head: str = "") -> bytes:
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (f"<!doctype html><html><head><title>{title}</title>{head}</head><body>"
            f"<nav><ul><li><a href='/'>Home</a></li><li><a href='/about/'>About</a></li></ul></nav>"
            f"<main><h1>{title}</h1><p>{body}</p><ul>{anchors}</ul></main>"
            f"<footer><p>{FOOTER_CLAIM}</p><p>Call us to book a consultation.</p></footer></body></html>").encode()


BROCHURE_CLAIM = "Our treatment reverses type 2 diabetes."


def brochure() -> bytes:
    """A one-page PDF with a claim, written by hand (objects, cross-reference table and all)."""
    text = f"BT /F1 12 Tf 72 720 Td ({BROCHURE_CLAIM}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


@functools.cache
def gzip_bomb() -> bytes:
    """A sitemap.xml.gz of 50 KB that unpacks to 51 MB, past the protocol's (and the crawler's) 50 MB."""
    return gzip.compress(b" " * (51 << 20))


def urlset(base: str, paths: list[str]) -> bytes:
    return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths) + "</urlset>").encode()


class Site:
    """``pages``: the linted pages' paths; ``log``: every path requested, in order, with its User-Agent (and every
    request it could not read, such as a TLS handshake sent to plain HTTP, as "!error ...")."""

    def __init__(self, articles: int = 40) -> None:
        self.articles = articles
        self.base = ""
        self.headers = {"/internal.pdf": {"X-Robots-Tag": "noindex"},  # more headers a path is sent with
                        "/sitemap-clinics.xml": {"Content-Encoding": "gzip"}}
        self.log: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.routes = self._routes()

    @property
    def pages(self) -> list[str]:
        """The paths whose copy a crawl lints (200 HTML, not noindex, and the PDF brochure)."""
        return ["/", "/about", *(f"/articles/{i}" for i in range(self.articles)), "/slow", "/brochure.pdf",
                "/treatments/knees", "/clinics/london"]

    def requested(self) -> list[str]:
        with self.lock:
            return [path for path, _ in self.log]

    def _routes(self) -> dict:
        n = self.articles
        article_links = [(f"/articles/{i}", f"Article {i}") for i in range(n // 2)]  # the rest: only in the sitemaps
        home_links = [
            *article_links,
            ("/about" + TRACKED + "#team", "About (tracked)"),
            ("/missing", "An old page"), ("/broken", "Server error"), ("/loop-a", "Loop"),
            ("/slow", "Slow"), ("/huge", "Huge"), ("/brochure.html", "Brochure"),
            ("/private/prices", "Prices"), ("http://other.test/", "Partner"), ("http://10.0.0.1/admin", "Router"),
            ("/hidden", "Hidden"), ("/brochure.pdf", "Our brochure"), ("/internal.pdf", "Staff notes"),
            ("/secure", "Secure"), ("/router", "Router login"),
        ]
        routes: dict[str, tuple] = {
            "/": (200, "text/html", page("Stem cell clinic", "Welcome to our clinic.", home_links + [
                ("/nofollowed", "Nofollow")]).replace(b'href="/nofollowed"', b'href="/nofollowed" rel="nofollow"')),
            "/about": (200, "text/html", page("About", "Our team of doctors.", [("/", "Home")])),
            "/slow": (200, "text/html", page("Slow", "This page takes its time.", [])),
            "/missing": (404, "text/html", page("Not found", "Gone.", [])),
            "/broken": (500, "text/html", b"<p>error</p>"),
            "/loop-a": (302, "/loop-b"), "/loop-b": (302, "/loop-a"),
            # Off the scheme the crawl started on, and to a private address it did not start on: neither followed.
            "/secure": (302, "https://{host}/about"), "/router": (302, "http://10.0.0.1/login"),
            "/huge": (200, "text/html", b"<p>" + b"x" * (6 * 1024 * 1024) + b"</p>"),
            "/brochure.html": (200, "application/octet-stream", b"%PDF-1.4\x00\x01\x02" * 100),
            "/private/prices": (200, "text/html", page("Prices", FOOTER_CLAIM, [])),
            "/brochure.pdf": (200, "application/pdf", brochure()),
            "/internal.pdf": (200, "application/pdf", brochure()),  # X-Robots-Tag: noindex
            "/nofollowed": (200, "text/html", page("Nofollowed", "Not to be fetched.", [])),
            "/hidden": (200, "text/html", page("Hidden", "Our treatment reverses ageing.", [("/hidden-child", "Child")],
                                               head='<meta name="robots" content="noindex">')),
            "/hidden-child": (404, "text/html", b""),
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.01\n"),
            "/sitemap.xml": (200, "application/xml", (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                "<sitemap><loc>{base}/sitemap-articles.xml</loc></sitemap>"
                "<sitemap><loc>{base}/sitemap-private.xml</loc></sitemap>"
                "<sitemap><loc>{base}/sitemap-treatments.xml.gz</loc></sitemap>"
                "<sitemap><loc>{base}/sitemap-clinics.xml</loc></sitemap>"
                "<sitemap><loc>{base}/sitemap-bomb.xml.gz</loc></sitemap></sitemapindex>").encode()),
            # Compressed: as a .gz file, and as an XML file sent with Content-Encoding: gzip (the handler packs both).
            "/sitemap-treatments.xml.gz": (200, "application/x-gzip", urlset("{base}", ["/treatments/knees"])),
            "/sitemap-clinics.xml": (200, "application/xml", urlset("{base}", ["/clinics/london"])),
            "/sitemap-bomb.xml.gz": (200, "application/x-gzip", gzip_bomb()),
            "/treatments/knees": (200, "text/html", page("Knees", "Only the compressed sitemap lists this page.", [])),
            "/clinics/london": (200, "text/html", page("London", "Only the encoded sitemap lists this page.", [])),
            "/sitemap-articles.xml": (200, "application/xml", (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<url><loc>{{base}}/articles/{i}/</loc></url>" for i in range(n))
                + "</urlset>").encode()),
            "/sitemap-private.xml": (200, "application/xml", (
                '<?xml version="1.0"?><urlset><url><loc>{base}/private/prices</loc></url></urlset>').encode()),
        }
        for i in range(n):
            claim = PAGE_CLAIMS.get(i, f"Read about treatments for {TOPICS[i % len(TOPICS)]}.")
            links = [(f"/articles/{(i + 1) % n}", "Next"), (f"/articles/{i}#top", "Top"), ("/", "Home")]
            routes[f"/articles/{i}"] = (200, "text/html", page(f"Article {i}", claim, links))
        return routes

    @contextmanager
    def serve(self, tls=None):
        """The site on 127.0.0.1, over https with ``tls`` (a server-side ssl.SSLContext); yields its base URL."""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # the site's log is ``site.log``
                pass

            def log_error(self, format: str, *args) -> None:  # a request that was not HTTP (TLS, say): logged too
                with site.lock:
                    site.log.append(("!error " + format % args, ""))

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with site.lock:
                    site.log.append((self.path, self.headers.get("User-Agent", "")))
                route = site.routes.get(path.rstrip("/") or "/")
                try:
                    if route is None:
                        self._send(404, "text/html", b"<p>no such page</p>")
                    elif route[0] == 302:
                        self.send_response(302)
                        self.send_header("Location", route[1].replace("{host}", site.base.split("://")[1]))
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    else:
                        if path == "/slow" or len(route) > 3:  # a page that takes its time (route[3] seconds)
                            time.sleep(route[3] if len(route) > 3 else 0.3)
                        self._send(route[0], route[1], route[2].replace(b"{base}", site.base.encode()), path)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler stopped reading (the huge page), as it should

            def _send(self, status: int, content_type: str, body: bytes, path: str = "") -> None:
                headers = site.headers.get(path, {})
                if (headers.get("Content-Encoding") or content_type.endswith("gzip")) and body[:2] != b"\x1f\x8b":
                    body = gzip.compress(body)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        with local_server(Handler, tls) as base:
            self.base = base
            yield base
