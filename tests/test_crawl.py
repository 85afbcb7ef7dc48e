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
    assert {"/robots.txt", "/sitemap.xml", "/sitemap-articles.xml", "/loop-a", "/loop-b"} <= set(paths)
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
    assert "claimlint: http://127.0.0.1:9/: error: not fetched" in run.err and "warc" not in run.err
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
