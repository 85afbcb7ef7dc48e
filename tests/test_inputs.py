"""Where input comes from: encodings, directory walks (.gitignore, --exclude) and http(s) URLs."""
from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import local_server

from claimlint.errors import InputError
from claimlint.readers.decode import decode
from claimlint.readers.fetch import fetch
from claimlint.readers.sources import expand_paths, read_document

pytestmark = pytest.mark.usefixtures("no_proxy")  # every test here talks to the local server only

CLAIM = "Our stem cells cure diabetes."
PAGE = f"<html><body><h1>Clinic</h1><p>{CLAIM}</p></body></html>"


# -- encodings ----------------------------------------------------------------------------

def test_declared_html_charset_is_used_when_the_bytes_are_not_utf8(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes('<html><head><meta charset="iso-8859-15"></head><body><p>Price: 100 \u20ac. Caf\u00e9.</p>'
                     '</body></html>'.encode("iso-8859-15"))
    doc, warning = read_document(str(page))
    assert warning is None
    assert "Price: 100 \u20ac. Caf\u00e9." in doc.text  # 0xA4 is the euro in 8859-15, not cp1252's currency sign


def test_http_equiv_charset_is_honoured(tmp_path):
    page = tmp_path / "page.htm"
    page.write_bytes(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
                     b"<p>Our clinic\x92s cells \x96 proven.</p>")
    doc, warning = read_document(str(page))
    assert warning is None and doc.text == "Our clinic\u2019s cells \u2013 proven."


def test_utf8_bytes_win_over_a_wrong_declaration(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes('<meta charset="iso-8859-1"><p>Caf\u00e9 cells.</p>'.encode("utf-8"))
    doc, warning = read_document(str(page))
    assert warning is None and doc.text == "Caf\u00e9 cells."


def test_undeclared_non_utf8_falls_back_with_a_warning(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>Caf\xe9 cells.</p>")
    doc, warning = read_document(str(page))
    assert doc.text == "Caf\u00e9 cells." and "Windows-1252" in warning


def test_server_charset_comes_before_utf8_guessing():
    assert decode("Caf\u00e9".encode("latin-1"), "x", charset="iso-8859-1").text == "Caf\u00e9"
    assert decode("Caf\u00e9".encode("utf-8"), "x", charset="no-such-charset").text == "Caf\u00e9"
    assert decode(b"\xef\xbb\xbfCaf\xc3\xa9", "x", charset="iso-8859-1").text == "Caf\u00e9"  # a BOM outranks it


def test_stdin_kind_follows_stdin_filename(cli):
    run = cli("check", "--format", "json", "--stdin-filename", "page.html", "-", input=PAGE)
    (finding,) = json.loads(run.out)["findings"]
    assert finding["path"] == "page.html" and PAGE[finding["start"]:finding["end"]] == finding["text"]


# -- directories --------------------------------------------------------------------------

@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    for name in ("index.html", "about.md", "notes.txt", "drafts/new.md", "build/page.html",
                 "blog/post.markdown", "blog/old.htm", "blog/keep.htm", "style.css", ".hidden/x.md"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CLAIM if not name.endswith((".html", ".htm")) else PAGE, encoding="utf-8")
    (root / ".gitignore").write_text("build/\n# comment\n", encoding="utf-8")
    (root / "blog" / ".gitignore").write_text("*.htm\n!keep.htm\n", encoding="utf-8")
    return root


def rel(root, items):
    return [str(p).removeprefix(str(root) + "/") for p in items]


def test_directories_honour_gitignore_in_sorted_order(site):
    assert rel(site, expand_paths([str(site)])) == [
        "about.md", "blog/keep.htm", "blog/post.markdown", "drafts/new.md", "index.html", "notes.txt"]


def test_exclude_globs_drop_walked_and_named_files(site, monkeypatch):
    found = rel(site, expand_paths([str(site)], exclude=["drafts/", "*.txt"]))
    assert found == ["about.md", "blog/keep.htm", "blog/post.markdown", "index.html"]
    monkeypatch.chdir(site)
    assert list(expand_paths(["drafts/new.md", "about.md"], exclude=["drafts/"])) == ["about.md"]


def test_parent_gitignore_applies_inside_a_repository(site):
    (site / ".git").mkdir()
    (site / ".gitignore").write_text("build/\nblog/post.markdown\n", encoding="utf-8")
    assert rel(site, expand_paths([str(site / "blog")])) == ["blog/keep.htm"]


def test_cli_exclude_option(cli, site):
    run = cli("check", "--format", "json", "--exclude", "drafts/", "--exclude", "*.md", "--exclude", "*.markdown", site)
    paths = sorted({f["path"] for f in json.loads(run.out)["findings"]})
    assert rel(site, paths) == ["blog/keep.htm", "index.html", "notes.txt"]
    assert run.code == 1


# -- URLs ---------------------------------------------------------------------------------

BIG = 5 * 1024 * 1024 + 1


class _Handler(BaseHTTPRequestHandler):
    routes = {
        "/page.html": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.encode()),
        "/latin1.html": (200, {"Content-Type": "text/html; charset=iso-8859-1"},
                         "<p>Caf\u00e9: our stem cells cure diabetes.</p>".encode("latin-1")),
        "/notes.md": (200, {"Content-Type": "text/plain"}, f"# Notes\n\n{CLAIM}\n".encode()),
        "/copy.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, CLAIM.encode()),
        "/data.json": (200, {"Content-Type": "application/json"}, b'{"claim": "cure"}'),
        "/missing": (404, {"Content-Type": "text/html"}, b"<p>not here</p>"),
        "/big-declared": (200, {"Content-Type": "text/html", "Content-Length": str(BIG)}, None),
        "/big-streamed": (200, {"Content-Type": "text/html"}, None),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1/page.html"}, b""),
        "/to-page": (301, {"Location": "/page.html"}, b""),
    }

    def do_GET(self):
        if self.path.startswith("/hop/"):
            n = int(self.path.rsplit("/", 1)[1])
            status, headers, body = 302, {"Location": "/page.html" if n == 0 else f"/hop/{n - 1}"}, b""
        else:
            status, headers, body = self.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if body is None:  # more than the 5 MB cap, with or without a Content-Length
                chunk = b"<p>" + b"x" * (1024 * 1024)
                for _ in range(6):
                    self.wfile.write(chunk)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at the cap, as it should

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    with local_server(_Handler) as url:
        yield url


def test_url_is_fetched_and_findings_report_the_url(cli, server):
    url = f"{server}/page.html"
    run = cli("check", "--format", "json", url)
    (finding,) = json.loads(run.out)["findings"]
    assert finding["path"] == url and finding["rule"] == "MSC-CURE"
    assert PAGE[finding["start"]:finding["end"]] == finding["text"]
    assert run.code == 1


def test_header_charset_and_kind(server):
    doc, warning = read_document(f"{server}/latin1.html")
    assert warning is None and doc.kind == "html" and doc.text.startswith("Caf\u00e9:")
    assert read_document(f"{server}/notes.md")[0].kind == "markdown"  # text/plain, but named .md
    assert read_document(f"{server}/copy.txt")[0].kind == "text"


def test_redirects_are_followed_up_to_five(server):
    assert fetch(f"{server}/to-page").url.endswith("/page.html")
    assert fetch(f"{server}/hop/4").url.endswith("/page.html")  # five redirects in all
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(f"{server}/hop/5")


@pytest.mark.parametrize("path, message", [
    ("/missing", "HTTP 404 Not Found"),
    ("/data.json", "unsupported content type application/json"),
    ("/big-declared", "larger than the 5 MB limit"),
    ("/big-streamed", "larger than the 5 MB limit"),
    ("/to-ftp", "refused redirect to ftp://127.0.0.1/page.html"),
])
def test_url_failures_are_one_line_errors(cli, server, path, message):
    url = f"{server}{path}"
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as caught:
        fetch(url)
    assert caught.value.path == url
    run = cli("check", url)
    assert run.code == 2 and run.out == ""
    assert run.err.strip() == f"claimlint: {url}: error: {caught.value.message}"
    assert "\n" not in run.err.strip()


def test_unreachable_and_non_http_urls(server):
    port = int(server.rsplit(":", 1)[1])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    closed = httpd.server_address[1]
    httpd.server_close()  # a port nothing listens on any more
    with pytest.raises(InputError, match="cannot fetch"):
        fetch(f"http://127.0.0.1:{closed}/page.html", timeout=5)
    with pytest.raises(InputError, match="only http"):
        fetch(f"ftp://127.0.0.1:{port}/page.html")


def test_a_page_in_another_language_is_a_warning_not_a_clean_pass(cli, tmp_path):
    spanish = tmp_path / "terapia.html"
    spanish.write_text("<p>" + "Nuestras células madre curan la diabetes tipo 2 y regeneran el páncreas dañado. " * 12
                       + "</p>", encoding="utf-8")
    english = tmp_path / "clinic.txt"
    english.write_text("Our clinic offers stem cell infusions. " * 30, encoding="utf-8")
    # an English page whose inline scripts outweigh its copy: the scripts are no language a visitor reads
    scripted = tmp_path / "scripted.html"
    scripted.write_text("<html><head>" + "<script>window.dataLayer.push({event: 'slider', speed: 300});</script>" * 60
                        + "</head><body><p>" + "Our clinic is open on weekdays and you can book a visit with our team. " * 4
                        + "</p></body></html>", encoding="utf-8")
    run = cli("check", spanish, english, scripted)
    assert f"claimlint: {spanish}: warning: reads as another language than English" in run.err
    assert str(english) not in run.err
    assert str(scripted) not in run.err
    assert run.code == 0  # a warning about a file is no finding
