"""Web archives as inputs: each successful HTML response is a page named by its URL, with the findings the same
page has as a file, and each finding records when the page was fetched and the SHA-256 of its body."""
from __future__ import annotations

import gzip
import hashlib
import io
import json

import pytest

pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PAGES = {
    "http://clinic.test/": "<h1>Our clinic</h1><p>After the infusion the stem cells become insulin-producing cells.</p>",
    "http://clinic.test/about": "<h1>About us</h1><p>Our treatment cures type 2 diabetes.</p>",
}


def _html(body: str) -> bytes:
    return f"<!doctype html><html><head><title>Clinic</title></head><body>{body}</body></html>".encode()


def write_archive(path, gzipped: bool) -> None:
    """An archive as a crawler leaves it: requests, the pages, and responses that are no pages (an image, a 404,
    a redirect), one page sent gzip-encoded."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        responses = [(url, "200 OK", "text/html; charset=utf-8", _html(body)) for url, body in PAGES.items()]
        responses += [("http://clinic.test/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
                      ("http://clinic.test/gone", "404 Not Found", "text/html", _html("<p>Our stem cells cure all.</p>")),
                      ("http://clinic.test/old", "301 Moved Permanently", "text/html", b"")]
        for url, status, content_type, body in responses:
            headers = [("Content-Type", content_type)]
            if url.endswith("about"):  # sent compressed: the archive keeps the bytes on the wire
                body, headers = gzip.compress(body), headers + [("Content-Encoding", "gzip")]
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True))
            writer.write_record(request)
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1")))


def _keys(findings: list[dict]) -> list[tuple]:
    return sorted((f["rule"], f["text"], f["line"], f["column"]) for f in findings)


@pytest.mark.parametrize("name", ["site.warc", "site.warc.gz"])
def test_archived_pages_lint_as_the_same_pages_from_disk_with_date_and_digest(cli, tmp_path, name):
    write_archive(tmp_path / name, gzipped=name.endswith(".gz"))
    run = cli("check", "--format", "json", tmp_path / name)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    assert {f["path"] for f in data["findings"]} == set(PAGES) and data["files"] == len(PAGES)
    for i, (url, body) in enumerate(PAGES.items()):
        (tmp_path / f"{i}.html").write_bytes(_html(body))
        disk = json.loads(cli("check", "--format", "json", tmp_path / f"{i}.html").out)["findings"]
        archived = [f for f in data["findings"] if f["path"] == url]
        assert disk and _keys(archived) == _keys(disk)
        assert all(f["sha256"] == hashlib.sha256(_html(body)).hexdigest() for f in archived)
        assert all(f["fetched"][:4].isdigit() and f["fetched"].endswith("Z") for f in archived)
        assert all("fetched" not in f for f in disk)
    # Served from the result cache the second time, still dated.
    again = json.loads(cli("check", "--format", "json", tmp_path / name).out)
    assert again["findings"] == data["findings"]
    text = cli("check", tmp_path / name).out
    assert "http://clinic.test/about:1:" in text and "gone" not in text


def test_a_broken_or_empty_archive_is_one_line(cli, tmp_path):
    (tmp_path / "notes.warc").write_text("these are not WARC records\n")
    write_archive(tmp_path / "site.warc.gz", gzipped=True)
    cut = (tmp_path / "site.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(cut[: len(cut) // 2])
    run = cli("check", tmp_path / "notes.warc", tmp_path / "cut.warc.gz")
    assert run.code == 2
    assert f"claimlint: {tmp_path / 'notes.warc'}: error: not a readable WARC file" in run.err
    assert f"claimlint: {tmp_path / 'cut.warc.gz'}: error: " in run.err and "Traceback" not in run.err
    with open(tmp_path / "empty.warc", "wb") as out:
        WARCWriter(out, gzip=False).write_record(
            WARCWriter(io.BytesIO()).create_warcinfo_record("empty.warc", {"software": "test"}))
    run = cli("check", tmp_path / "empty.warc")
    assert run.code == 0 and "no pages to lint" in run.err
