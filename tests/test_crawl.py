"""`claimlint crawl` against a real HTTP server on 127.0.0.1 (tests/clinic_site.py): the server's own log proves
what was and was not requested, and the archive the crawl writes lints as the crawl did."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from claimlint import __version__
from clinic_site import FOOTER_CLAIM, PAGE_CLAIMS, Site

pytestmark = pytest.mark.usefixtures("no_proxy")

pytest.importorskip("warcio")
pytest.importorskip("protego")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One crawl of the site, kept as WARC: (site, base URL, run, archive)."""
    from click.testing import CliRunner

    from claimlint.cli import main

    site = Site()
    warc = tmp_path_factory.mktemp("crawl") / "site.warc.gz"
    with site.serve() as base:
        result = CliRunner().invoke(main, ["crawl", f"{base}/", "--warc", str(warc), "--format", "json", "--verbose",
                                           "--no-cache", "--rate", "200"])
    return site, base, result, warc


def test_the_crawl_fetches_the_site_and_nothing_it_must_not(crawled):
    site, base, result, _ = crawled
    assert result.exit_code == 1, result.stderr
    asked = site.requested()
    paths = [p.split("?")[0].rstrip("/") or "/" for p in asked]
    # Every page once: a tracked or fragment link, a trailing slash in the sitemap, a redirect loop change nothing.
    assert [p for p, n in Counter(paths).items() if n > 1] == []
    assert set(site.pages) <= set(paths)
    assert {"/robots.txt", "/sitemap.xml", "/sitemap-articles.xml", "/loop-a", "/loop-b", "/secure", "/router",
            "/sitemap-treatments.xml.gz", "/sitemap-clinics.xml", "/sitemap-bomb.xml.gz"} <= set(paths)
    # The redirect to https was not followed: no TLS handshake reached this plain HTTP server.
    assert not [p for p in asked if p.startswith("!")]
    # robots.txt's disallowed folder, nofollow links and the noindex page's... never fetched, nor other hosts.
    assert not [p for p in paths if p.startswith("/private/")]
    assert "/nofollowed" not in paths
    assert all(not p.startswith("http") for p in asked)  # nothing asked of this server for another host
    assert {ua for _, ua in site.log} == {f"claimlint/{__version__}"}
    assert not [p for p in asked if "utm_" in p]


def test_findings_carry_the_page_url_fetch_time_and_digest(crawled):
    site, base, result, _ = crawled
    data = json.loads(result.stdout)
    paths = {f["path"] for f in data["findings"]}
    assert f"{base}/articles/0" in paths and f"{base}/articles/3" in paths
    assert all(f["path"].startswith(base) for f in data["findings"])
    assert all(len(f["sha256"]) == 64 and f["fetched"].endswith("Z") for f in data["findings"])
    # The noindex page was fetched (for its links) but is not linted.
    assert f"{base}/hidden" not in paths and "/hidden" in site.requested()
    # Pages that could not be had are warnings naming the URL, one line each; the crawl went on.
    err = result.stderr
    for path, words in [("/missing", "HTTP 404"), ("/broken", "HTTP 500"), ("/huge", "larger than the 5 MB limit")]:
        assert f"claimlint: {base}{path}: warning: {words}" in err
    assert f"{base}/private/prices: skipped: robots.txt" in err
    assert "http://10.0.0.1/admin: skipped: another host" in err
    assert f"{base}/brochure.html: skipped: not a page" in err
    https = base.replace("http:", "https:")
    assert f"{base}/secure: skipped: redirect to another scheme ({https}/about; the crawl did not start on it)" in err
    assert "http://10.0.0.1/login: skipped: another host" in err
    # A gzip bomb among the sitemaps is one warning; the compressed sitemaps' pages are linted (site.pages).
    assert f"{base}/sitemap-bomb.xml.gz: warning: sitemap not read: larger than 50 MB uncompressed" in err
    # A PDF whose X-Robots-Tag says noindex is skipped like a noindex page.
    assert f"{base}/internal.pdf: skipped: noindex" in err and f"{base}/internal.pdf" not in paths
    assert "claimlint: skipped " in err and " noindex" in err.split("claimlint: skipped ")[-1]
    assert "Traceback" not in err
    assert data["files"] == len(site.pages)
    # The PDF brochure the home page links to is linted as a draft is, at its page.
    brochure = [f for f in data["findings"] if f["path"] == f"{base}/brochure.pdf"]
    assert [(f["rule"], f["page"]) for f in brochure] == [("MSC-REVERSAL", 1)]


def test_the_archive_relints_to_the_same_findings(crawled, cli):
    _, _, result, warc = crawled
    again = cli("check", "--format", "json", warc)
    assert again.code == 1, again.err
    assert json.loads(again.out)["findings"] == json.loads(result.stdout)["findings"]


def test_an_interrupted_crawl_resumes_without_fetching_anything_twice(cli, tmp_path):
    site = Site(articles=12)
    warc = tmp_path / "site.warc"
    with site.serve() as base:
        first = cli("crawl", f"{base}/", "--warc", warc, "--max-pages", "6", "--no-cache")
        assert first.code in (0, 1), first.err
        pages_first = [p for p in site.requested() if not p.startswith(("/robots", "/sitemap"))]
        assert len(pages_first) == 6  # the limit holds
        done = cli("crawl", f"{base}/", "--warc", warc, "--resume", "--max-pages", "100", "--format", "json",
                   "--no-cache")
    pages = [p for p in site.requested() if not p.startswith(("/robots", "/sitemap"))]
    assert len(pages) == len(set(pages)) > 6
    findings = json.loads(done.out)["findings"]
    assert {f"{base}/articles/0", f"{base}/articles/3"} <= {f["path"] for f in findings}
    assert json.loads(cli("check", "--format", "json", warc).out)["findings"] == findings


def test_depth_limit_and_the_archive_folder(cli, tmp_path):
    site = Site(articles=10)
    with site.serve() as base:
        run = cli("crawl", f"{base}/", "--max-depth", "0", "--no-cache", "--format", "json",
                  "--archive", tmp_path / "evidence")
        pages = [p for p in site.requested() if not p.startswith(("/robots", "/sitemap"))]
    # Depth 0: the start page only; the sitemap's pages are at depth 1.
    assert pages == ["/"]
    assert json.loads(run.out)["files"] == 1
    kept = tmp_path / "evidence" / "crawl.warc.gz"
    assert kept.is_file() and (tmp_path / "evidence" / "crawl.warc.gz.state.json").is_file()
    assert json.loads(cli("check", "--format", "json", kept).out)["findings"] == json.loads(run.out)["findings"]


def test_private_addresses_are_refused_unless_the_crawl_started_on_one():
    from claimlint.errors import InputError
    from claimlint.readers.fetch import fetch

    site = Site(articles=1)
    with site.serve() as base:
        assert fetch(f"{base}/about", private=True).status == 200
        with pytest.raises(InputError, match="private or loopback"):
            fetch(f"{base}/about", private=False)
    assert site.requested() == ["/about"]


def test_bad_start_urls_and_options_are_one_line(cli, tmp_path):
    run = cli("crawl", "ftp://clinic.test/")
    assert run.code == 2 and run.err.startswith("claimlint: error: ftp://clinic.test/: only http")
    run = cli("crawl", "http://127.0.0.1:9/")  # nothing listens there
    assert run.code == 2
    assert "claimlint: http://127.0.0.1:9/: error: not crawled: robots.txt" in run.err and "warc" not in run.err
    run = cli("crawl", "http://127.0.0.1:9/", "--resume")
    assert run.code == 2 and "--resume needs" in run.err
    run = cli("crawl", "http://127.0.0.1:9/", "--resume", "--warc", tmp_path / "none.warc")
    assert run.code == 2 and "no crawl to resume" in run.err


def test_the_footer_claim_is_reported_once_with_the_pages_it_is_on(crawled, cli, tmp_path):
    site, base, result, warc = crawled
    findings = json.loads(result.stdout)["findings"]
    footer = [f for f in findings if f["sentence"] == FOOTER_CLAIM]
    assert len(footer) == 1
    assert sorted(footer[0]["pages"]) == sorted(base + p for p in site.pages if not p.endswith(".pdf"))
    assert footer[0]["path"] == footer[0]["pages"][0]
    # A page's own claims stay on their page.
    own = [f for f in findings if f["sentence"] in PAGE_CLAIMS.values()]
    assert {f["path"] for f in own} == {f"{base}/articles/0", f"{base}/articles/3"}
    assert all("pages" not in f for f in own)
    pages = len(site.pages) - 1  # the brochure has no footer
    text = cli("check", warc).out
    assert text.count(f"(site-wide: on {pages} pages)") == 1
    sarif = json.loads(cli("check", "--format", "sarif", warc).out)
    shared = [r for r in sarif["runs"][0]["results"] if r.get("relatedLocations")]
    assert len(shared) == 1 and len(shared[0]["relatedLocations"]) == pages - 1
    assert cli("report", warc, "-o", tmp_path / "report.html").code == 1
    report = (tmp_path / "report.html").read_text()
    # noindex pages: neither archived nor reported (the home page's copy still links them).
    assert f"{base}/hidden<" not in report and f"{base}/internal.pdf<" not in report and "reverses ageing" not in report
    assert "Site-wide" in report and f"on {pages} pages" in report
    # The pages are ranked by findings: the two with a claim of their own come first.
    table = report[report.index("Pages by findings"):]
    assert max(table.index(f"{base}/articles/0<"), table.index(f"{base}/articles/3<")) < table.index(f"{base}/about<")


def test_an_archive_wget_made_of_the_site_reads_too(cli, tmp_path):
    wget = shutil.which("wget")
    if wget is None:
        pytest.skip("wget is not installed (.ci/run installs Debian's)")
    site = Site(articles=6)
    with site.serve() as base:
        # wget exits non-zero for the site's 404 and 500 pages; the archive is what counts.
        subprocess.run([wget, "--quiet", "--recursive", "--level=2", "--reject-regex", "huge",
                        "--warc-file", str(tmp_path / "wget"), "--directory-prefix", str(tmp_path / "files"),
                        f"{base}/"], timeout=120, check=False, env={"no_proxy": "127.0.0.1", "PATH": "/usr/bin:/bin"})
    run = cli("check", "--format", "json", tmp_path / "wget.warc.gz")
    assert run.code == 1, run.err
    data = json.loads(run.out)
    paths = {f["path"] for f in data["findings"]}
    assert f"{base}/articles/0" in paths and all(f["fetched"] and f["sha256"] for f in data["findings"])
    assert not [p for p in paths if "robots.txt" in p]
    footer = [f for f in data["findings"] if f["sentence"] == FOOTER_CLAIM]
    assert len(footer) == 1 and len(footer[0]["pages"]) >= 3


def test_site_wide_results_are_valid_sarif(crawled, cli):
    from test_formats import sarif_validator

    validator = sarif_validator()
    log = json.loads(cli("check", "--format", "sarif", crawled[3]).out)
    validator.validate(log)
    assert any(r.get("relatedLocations") for r in log["runs"][0]["results"])


def test_check_reads_a_pdf_brochure_at_its_url(cli):
    site = Site(articles=1)
    with site.serve() as base:
        run = cli("check", f"{base}/brochure.pdf")
    assert run.code == 1, run.err
    assert run.out.startswith(f"{base}/brochure.pdf:1:") and "MSC-REVERSAL" in run.out and "(page 1)" in run.out


def test_a_crawl_stopped_with_ctrl_c_resumes_without_fetching_anything_twice(cli, tmp_path):
    site = Site(articles=30)
    for i in range(30):  # slow enough to be stopped half way
        site.routes[f"/articles/{i}"] = (*site.routes[f"/articles/{i}"], 0.1)
    warc = tmp_path / "site.warc.gz"
    state = tmp_path / "site.warc.gz.state.json"
    with site.serve() as base:
        crawl = subprocess.Popen([sys.executable, "-m", "claimlint", "crawl", f"{base}/", "--warc", str(warc),
                                  "--concurrency", "2", "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env={**os.environ, "no_proxy": "127.0.0.1"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (state.exists() and json.loads(state.read_text())["fetched"] >= 5):
            time.sleep(0.05)
        crawl.send_signal(signal.SIGINT)
        _, err = crawl.communicate(timeout=60)
        assert crawl.returncode == 130 and "claimlint: interrupted" in err and "Traceback" not in err
        stopped = json.loads(state.read_text())
        assert 5 <= stopped["fetched"] < 50 and stopped["queue"]
        done = cli("crawl", f"{base}/", "--warc", warc, "--resume", "--format", "json", "--no-cache")
    pages = [p.split("?")[0].rstrip("/") for p in site.requested() if not p.startswith(("/robots", "/sitemap"))]
    assert len(pages) == len(set(pages))
    assert json.loads(done.out)["files"] == len(site.pages)


def test_noindex_pages_are_named_without_verbose_and_left_out_of_the_archive(cli, tmp_path):
    site = Site(articles=2)
    warc = tmp_path / "site.warc"
    with site.serve() as base:
        run = cli("crawl", f"{base}/", "--max-depth", "1", "--warc", warc, "--no-cache", "--format", "json")
    assert {"/hidden", "/internal.pdf"} <= set(site.requested())  # fetched, for their links and headers
    assert f"claimlint: {base}/hidden: skipped: noindex" in run.err
    assert f"claimlint: {base}/internal.pdf: skipped: noindex" in run.err
    assert "another host" not in run.err.split("claimlint: skipped ")[0]  # other skips: counted, named by --verbose
    assert "2 noindex" in run.err and "(--verbose names them)" in run.err
    archived = cli("check", "--format", "json", warc)
    assert json.loads(archived.out)["findings"] == json.loads(run.out)["findings"]
    assert not [f for f in json.loads(run.out)["findings"] if "/hidden" in f["path"] or "internal" in f["path"]]


def test_a_redirect_to_a_private_address_is_refused_without_connecting(cli):
    """The crawl started on loopback, and 10.0.0.1 is an allowed host: still not reached, by link or redirect."""
    site = Site(articles=1)
    with site.serve() as base:
        started = time.monotonic()
        run = cli("crawl", f"{base}/", "--allow-host", "10.0.0.1", "--max-depth", "1", "--no-cache", "--verbose")
    assert time.monotonic() - started < 15  # a connection tried would wait for the 20 s timeout
    for url in ("http://10.0.0.1/login", "http://10.0.0.1/admin"):
        assert f"claimlint: {url}: skipped: a private or loopback address (10.0.0.1) the crawl did not start on" \
            in run.err
    assert "timed out" not in run.err and "cannot fetch" not in run.err


@pytest.fixture
def tls(tmp_path, monkeypatch):
    """A server-side TLS context for 127.0.0.1, its self-signed certificate trusted by this process's clients."""
    import ssl

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True, timeout=60)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_a_redirect_to_another_scheme_is_followed_only_when_the_crawl_started_on_it(cli, tls):
    plain, secure = Site(articles=1), Site(articles=1)
    with plain.serve() as base, secure.serve(tls) as https:
        plain.routes["/secure"] = (302, f"{https}/nofollowed")  # a page of the https site nothing else links to
        host = https.split("://")[1]
        refused = cli("crawl", f"{base}/", "--allow-host", host, "--max-depth", "1", "--no-cache", "--verbose")
        assert secure.requested() == []  # not even a connection: the log has no failed handshake either
        assert f"{base}/secure: skipped: redirect to another scheme ({https}/nofollowed;" in refused.err
        followed = cli("crawl", f"{base}/", f"{https}/", "--max-depth", "1", "--no-cache", "--verbose")
    assert "/nofollowed" in secure.requested(), followed.err
    assert "redirect to another scheme" not in followed.err


def test_a_start_url_redirecting_to_another_scheme_is_an_error(cli):
    site = Site(articles=1)
    with site.serve() as base:
        run = cli("crawl", f"{base}/secure", "--no-cache")
    assert run.code == 2
    assert f"claimlint: {base}/secure: error: not crawled: redirect to another scheme" in run.err
