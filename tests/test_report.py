"""The html review report: escaping and structure, then the real thing in a headless Chromium.

Browser tests skip when Chromium, its driver or selenium is missing, except under CLAIMLINT_CI=1
(CI installs them, so a missing browser there is a failure, not a silent skip).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import HONEST_SEED, MARKETING_SEED, ROOT, require
from claimlint.findings import LintResult
from claimlint.formats import FORMATTERS
from claimlint.formats.highlight import Range, highlight
from claimlint.formats.html import content_security_policy, format_html
from claimlint.formats.markup import Safe, escape, tag
from claimlint.formats.report.model import documents_of

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"

# Each payload would flag the page if it ever ran: a window flag and the document title.
SCRIPT = "<script>window.__pwned = 'script'; document.title = 'pwned';</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'; document.title = 'pwned'\">"
HOSTILE_TEXT = (
    f"Hostile page {SCRIPT}\n\n"
    f"Our stem cells cure diabetes {IMG} for good.\n\n"
    "MSCs do not become insulin-producing cells.\n\n"
    "Higher doses mean more cells reach the pancreas. </pre></mark><b>bold</b> &amp; done\n"
)
HOSTILE_HTML = (
    "<!doctype html><html><head><title>x</title>"
    f"{SCRIPT}</head><body><h1>Clinic</h1>"
    f"<p>Our infused stem cells become new insulin-producing cells. {IMG}</p>"
    "<p onmouseover=\"window.__pwned='handler'\">Stem cell therapy reverses type 2 diabetes.</p></body></html>"
)
# A file name is input too.
HOSTILE_NAME = "\"><img src=x onerror=window.__pwned=1>.txt"


def hostile_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"page.txt": HOSTILE_TEXT, "page.html": HOSTILE_HTML, HOSTILE_NAME: "Our stem cells cure diabetes.\n"}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


@pytest.fixture(scope="module")
def hostile(linter, tmp_path_factory) -> LintResult:
    paths = hostile_files(tmp_path_factory.mktemp("hostile"))
    return linter.lint_paths([str(p) for p in paths], keep_sources=True)


# --- highlight and markup ------------------------------------------------------------------------

def opener(key: int, primary: bool) -> str:
    return f"<m{key}{'' if primary else '+'}>"


def test_highlight_escapes_text_and_nests_ranges():
    out = highlight("a <b> c", [Range(2, 5, 1)], opener, "</m>")
    assert out == "a <m1>&lt;b&gt;</m> c"
    # One range inside another: properly nested, both primary.
    assert highlight("abcdef", [Range(1, 5, 1), Range(2, 4, 2)], opener, "</m>") == "a<m1>b<m2>cd</m>e</m>f"


def test_crossing_ranges_split_into_primary_and_continuation():
    out = highlight("abcdef", [Range(0, 3, 1), Range(2, 5, 2)], opener, "</m>")
    assert out == "<m1>ab<m2>c</m></m><m2+>de</m>f"
    assert out.count("<m1>") == 1 and out.count("<m2>") == 1  # one primary piece per range


def test_empty_and_out_of_range_offsets_keep_markup_balanced():
    out = highlight("abc", [Range(1, 1, 1), Range(2, 99, 2), Range(-5, 1, 3)], opener, "</m>")
    assert out == "<m3>a</m><m1></m>b<m2>c</m>"


def test_markup_escapes_children_and_attributes():
    assert escape("<a href='x'>&") == "&lt;a href=&#x27;x&#x27;&gt;&amp;"
    html = tag("span", "<script>", Safe("<b>ok</b>"), class_="x", data_v='"><i>', hidden=True, title=None)
    assert html == '<span class="x" data-v="&quot;&gt;&lt;i&gt;" hidden>&lt;script&gt;<b>ok</b></span>'


# --- the page ------------------------------------------------------------------------------------

def test_hostile_copy_is_escaped(hostile):
    page = format_html(hostile)
    assert "<script>window.__pwned" not in page and "<img" not in page.lower()
    assert "&lt;script&gt;window.__pwned" in page and "&lt;img src=x onerror=" in page
    assert "onmouseover=\"window" not in page and "<b>bold</b>" not in page
    # The page's own script is its only one, and the CSP allows exactly that script and stylesheet.
    assert len(re.findall(r"<script\b", page)) == 1
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*)</style>", page, re.S).group(1)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1).replace("&#x27;", "'")
    assert csp == content_security_policy(style, script)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp


def test_one_highlight_per_reported_finding_and_structure(hostile):
    page = format_html(hostile)
    assert len(hostile.reported) >= 4
    assert len(re.findall(r'<mark id="f-\d+"', page)) == len(hostile.reported)
    assert page.count('<li id="item-') == len(hostile.reported)
    assert page.count('<article class="document"') == len(hostile.sources) == 3
    for f in hostile.reported:
        assert escape(f.rule) in page and escape(f.reasoning) in page and escape(f.suggestion) in page
    assert "verdict verdict-fail" in page and "@media print" in page
    assert 'type="checkbox" name="tier"' in page and 'name="category"' in page and 'name="file"' in page
    assert "<kbd>j</kbd>" in page and "<kbd>k</kbd>" in page  # the keys are documented on the page
    # Nothing to fetch: no element with a source, no stylesheet url() or @import.
    assert not re.search(r"<[a-z]+\b[^>]*\ssrc=", page) and "url(" not in page and "@import" not in page


def test_verdict_follows_the_fail_level(linter):
    text = "Our stem cells cure diabetes.\n"
    warnings = [replace(f, severity="warning") for f in linter.lint_text(text, path="p.txt") if f.reported]
    result = LintResult(findings=warnings, sources={"p.txt": text}, files=1)
    assert "verdict verdict-fail" in format_html(result)  # the default fail level is warning
    assert "verdict verdict-pass" in format_html(result, fail_on="error")
    honest = "MSCs do not become insulin-producing cells.\n"
    clean = LintResult(findings=linter.lint_text(honest, path="h.txt"), sources={"h.txt": honest}, files=1)
    assert "verdict verdict-pass" in format_html(clean) and "Show the copy" in format_html(clean)


def test_findings_without_source_text_and_hostile_pack_fields(linter):
    found = [f for f in linter.lint_text("Our stem cells cure diabetes.", path="x.txt") if f.reported]
    evil = replace(found[0], message="<script>alert(1)</script>", suggestion="<img src=x onerror=alert(1)>",
                   link="javascript:alert(1)", category='"><svg onload=alert(1)>')
    page = format_html(LintResult(findings=[evil], files=1))
    assert "not available" in page
    assert "<script>alert" not in page and "<img" not in page and "<svg" not in page and "javascript:" not in page


def test_report_command_writes_atomically_and_exits_like_check(cli, tmp_path):
    (tmp_path / "page.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "honest.txt").write_text("MSCs do not become insulin-producing cells.\n", encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    run = cli("report", tmp_path / "page.txt", tmp_path / "honest.txt", "-o", out)
    assert run.code == 1 and out.is_file() and "wrote" in run.err
    assert not [p for p in out.parent.iterdir() if p.name != "report.html"]  # no temporary file left behind
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli("report", tmp_path / "honest.txt", "-o", out).code == 0
    assert "verdict verdict-pass" in out.read_text(encoding="utf-8")
    selected = cli("report", tmp_path / "page.txt", "--select", "MSC-CURE", "-o", out)
    assert set(re.findall(r'data-finding="\d+" data-tier="[^"]+" data-category="([^"]+)"', out.read_text())) == {"cure"}
    assert selected.code == 1
    assert cli("report", tmp_path / "missing.txt", "-o", out).code == 2


def test_check_format_html_writes_the_report_to_stdout(cli, tmp_path):
    (tmp_path / "page.txt").write_text("Our stem cells cure diabetes.\n", encoding="utf-8")
    run = cli("check", "--format", "html", tmp_path / "page.txt")
    assert run.code == 1 and run.out.startswith("<!DOCTYPE html>") and run.out.count('<mark id="f-') == 1
    assert "html" in FORMATTERS


def test_config_format_html(cli, tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("format: html\nfail-on: error\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text("Our stem cells cure diabetes.\n", encoding="utf-8")
    assert cli("check", tmp_path / "page.txt").out.startswith("<!DOCTYPE html>")


# --- HTML and Markdown: the text claimlint read, not the markup -----------------------------------

# Claims in the visible copy, the page title, the meta description, an image's alt and a link's title.
READ_HTML = """<!DOCTYPE html>
<html><head><title>Stem cells cure diabetes &amp; more</title>
<meta name="description" content="Our stem cell therapy reverses type 2 diabetes for good.">
<style>p { color: red }</style></head>
<body><header><nav><a href="/">Home</a></nav></header>
<h1 class="hero">Clinic</h1>
<p class="lead">Our infused stem cells become new insulin-producing cells.
  <img src="pancreas.png" alt="Stem cells regrow your pancreas &lt;fast&gt;"> Ask us.</p>
<ul><li><a href="/book" title="Stem cell therapy cures diabetes permanently">Book now</a></li></ul>
</body></html>
"""
READ_MD = """---
title: front matter is not copy
---
# Clinic

Our **stem cells** [cure diabetes](https://example.com/a-long-link) for good.

![Stem cells regrow your pancreas](pancreas.png)
"""


class _Marks(HTMLParser):
    """The words inside each finding's highlight (continuations included), and the elements by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: dict[str, str] = {}
        self.open: list[str | None] = []  # data-finding of each open mark (None: another element)
        self.ids: dict[str, str] = {}
        self.in_id: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "mark":
            self.open.append(values.get("data-finding"))
        if values.get("id"):
            self.ids[values["id"]] = ""
            self.in_id.append(values["id"])
        elif tag not in ("meta", "input", "br", "img", "link"):
            self.in_id.append("")

    def handle_endtag(self, tag):
        if tag == "mark" and self.open:
            self.open.pop()
        if tag not in ("meta", "input", "br", "img", "link") and self.in_id:
            self.in_id.pop()

    def handle_data(self, data):
        for n in {n for n in self.open if n}:
            self.words[n] = self.words.get(n, "") + data
        for element in {i for i in self.in_id if i}:
            self.ids[element] += data


def _readable_copy(page: str, index: int) -> str:
    article = re.search(rf'<article class="document" id="doc-{index}".*?</article>', page, re.S).group(0)
    return re.search(r'<div class="copy readable.*?(?=<h3 class="list-title"|<details class="source-view")', article, re.S).group(0)


@pytest.fixture(scope="module")
def read_pages(linter, tmp_path_factory) -> LintResult:
    folder = tmp_path_factory.mktemp("read")
    (folder / "page.html").write_text(READ_HTML, encoding="utf-8")
    (folder / "page.md").write_text(READ_MD, encoding="utf-8")
    (folder / "page.txt").write_text("Our stem cells cure diabetes.\n", encoding="utf-8")
    return linter.lint_paths([str(folder / n) for n in ("page.html", "page.md", "page.txt")], keep_sources=True)


def test_html_page_shows_the_visible_text_and_labelled_alt_title_and_meta(read_pages):
    page = format_html(read_pages)
    copy = _readable_copy(page, 0)
    # The copy as a visitor reads it: no tags, attributes, styles or navigation markup.
    for markup in ("&lt;p", "&lt;img", "&lt;a href", "alt=", "class=&quot;", "color: red", "&lt;/"):
        assert markup not in copy, markup
    assert "Our infused stem cells become new insulin-producing cells. Ask us." in re.sub(r"<[^>]+>", "", copy)
    labels = re.findall(r'<span class="psg-label">([^<]+)</span>([^<]*)', copy)
    assert [label for label, _ in labels] == ["page title", "meta description", "image alt", "title text"]
    assert "Stem cells cure diabetes &amp; more" in re.sub(r"<[^>]+>", "", copy)  # decoded, shown, escaped
    assert "Stem cells regrow your pancreas &lt;fast&gt;" in re.sub(r"<mark[^>]*>|</mark>", "", copy)
    assert re.search(r'<div class="psg psg-heading"><a href="#doc-0-L6" class="ln line-link">line 6</a>'
                     r'<p class="psg-text">Clinic</p>', copy)


def test_each_highlight_sits_on_its_claim_and_links_to_its_source_line(read_pages):
    page = format_html(read_pages)
    parsed = _Marks()
    parsed.feed(page)
    reported = documents_of(read_pages)
    numbered = [(n, f) for doc in reported for n, f in doc.findings]
    assert len(numbered) == len(read_pages.reported) >= 6
    assert len(re.findall(r'<mark id="f-\d+"', page)) == len(numbered)
    for n, f in numbered:
        assert parsed.words[str(n)] == f.text  # highlighted where the claim is, whatever the markup around it
        doc = next(d for d in reported if d.path == f.path)
        if f.path.endswith(".txt"):
            assert f'<span class="loc">line {f.line}</span>' in page
            continue
        # "line N" in the list, and the mark itself, point into the file as written: that line holds the claim.
        link = f'<a href="#doc-{doc.index}-L{f.line}" class="loc line-link"'
        assert link in page and f'data-line="{f.line}"' in page and f" · line {f.line} · " in page
        source_line = parsed.ids[f"doc-{doc.index}-L{f.line}"]
        assert source_line == doc.text.split("\n")[f.line - 1]
        assert f.text.split()[0] in source_line
    assert {"page title", "meta description", "image alt", "title text"} <= set(re.findall(r'"psg-label">([^<]+)<', page))


def test_markdown_reads_as_copy_and_plain_text_stays_as_written(read_pages):
    page = format_html(read_pages)
    md = _readable_copy(page, 1)
    assert "**" not in md and "](" not in md and "front matter" not in md and "example.com" not in md
    assert "image alt" in md and "Our stem cells cure diabetes for good." in re.sub(r"<[^>]+>", "", md)
    text = re.search(r'<article class="document" id="doc-2".*?</article>', page, re.S).group(0)
    assert '<pre class="copy kind-text">Our stem cells <mark id=' in text and "copy readable" not in text
    assert "source-view" not in text  # the copy is the source: nothing to fold away


def test_hostile_html_page_shows_its_text_escaped_and_not_its_markup(hostile):
    page = format_html(hostile)
    html_doc = re.search(r'<article class="document" id="doc-1".*?</article>', page, re.S).group(0)
    copy = _readable_copy(page, 1)
    assert "Our infused stem cells become new insulin-producing cells." in re.sub(r"<[^>]+>", "", copy)
    assert "onerror" not in copy and "window.__pwned" not in copy  # the payloads were markup, never copy
    # The folded source shows them as the text they are.
    assert "&lt;img src=x onerror=&quot;window.__pwned" in html_doc and "<img" not in html_doc


# --- in a real browser ---------------------------------------------------------------------------

def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.is_file():
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def browser():
    require(_browser_missing(), "browser tests")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="claimlint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1440,1000",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # An explicit driver path: selenium-manager never runs, so nothing is downloaded.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_report(driver, result: LintResult, folder: Path):
    path = folder / "report.html"
    path.write_text(format_html(result), encoding="utf-8")
    driver.get(path.as_uri())
    for log in ("browser", "performance"):  # each test starts with empty logs
        driver.get_log(log)
    driver.get(path.as_uri())
    return driver


@pytest.fixture
def page(browser, hostile, tmp_path):
    return open_report(browser, hostile, tmp_path)


def js(driver, script: str, *args):
    return driver.execute_script(script, *args)


def shown_findings(driver) -> list[str]:
    return js(driver, "return [...document.querySelectorAll('mark.hl[id]:not(.is-off)')].map(m => m.id)")


def press(driver, keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(keys).perform()


def toggle(driver, group: str, value: str) -> None:
    """Click one filter checkbox, unfolding its group first as a reviewer would."""
    box = driver.find_element("css selector", f'input[name="{group}"][value="{value}"]')
    if not box.is_displayed():
        box.find_element("xpath", "ancestor::details/summary").click()
    box.click()


def active_id(driver) -> str:
    return js(driver, "return document.activeElement.id")


def test_browser_highlight_per_finding_and_nothing_injected_runs(page, hostile):
    assert js(page, "return document.querySelectorAll('mark.hl[id]').length") == len(hostile.reported)
    assert js(page, "return window.__pwned === undefined")
    assert page.title.startswith("claimlint report")
    assert js(page, "return document.images.length") == 0
    copy = js(page, "return [...document.querySelectorAll('pre.copy')].map(p => p.textContent).join('\\n')")
    assert SCRIPT in copy and IMG in copy  # shown as the text it is
    assert js(page, "return !document.getElementById('sidebar').hidden")  # our own script did run
    colours = js(page, "return [...document.querySelectorAll('mark.hl[id]')].map(m => getComputedStyle(m).backgroundColor)")
    assert all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours)


def test_browser_filters_hide_and_show_highlights(page, hostile):
    every = shown_findings(page)
    assert len(every) == len(hostile.reported)
    by_tier = {f"f-{i}": t for i, t in js(page, "return [...document.querySelectorAll('mark.hl[id]')]"
                                                ".map(m => [m.dataset.n, m.dataset.tier])")}
    toggle(page, "tier", "not-supported")
    assert shown_findings(page) == [i for i in every if by_tier[i] != "not-supported"]
    hidden = js(page, "return [...document.querySelectorAll('mark.hl.is-off')].map(m => getComputedStyle(m).backgroundColor)")
    assert hidden and set(hidden) == {"rgba(0, 0, 0, 0)"}
    assert "Showing" in page.find_element("id", "shown").text
    page.find_element("id", "reset").click()
    assert shown_findings(page) == every

    category = js(page, "return document.querySelector('mark.hl[id]').dataset.category")
    toggle(page, "category", category)
    remaining = js(page, "return [...document.querySelectorAll('mark.hl[id]:not(.is-off)')].map(m => m.dataset.category)")
    assert category not in remaining and len(remaining) == sum(f.category != category for f in hostile.reported)
    page.find_element("id", "reset").click()

    toggle(page, "file", "d0")
    assert not page.find_element("id", "doc-0").is_displayed()
    assert js(page, "return document.querySelectorAll('#doc-0 mark.hl[id]:not(.is-off)').length") == 0
    toggle(page, "file", "d0")
    assert page.find_element("id", "doc-0").is_displayed() and shown_findings(page) == every


def test_browser_keyboard_navigation_and_panel(page, hostile):
    count = len(hostile.reported)
    press(page, "j")
    assert active_id(page) == "f-1"
    press(page, "n")
    assert active_id(page) == "f-2"
    press(page, "k")
    assert active_id(page) == "f-1"
    press(page, "p")
    assert active_id(page) == f"f-{count}"  # wraps around
    # The panel explains the focused finding: rule, tier, status, reasoning, source and suggested wording.
    first = sorted((f for f in hostile.reported if f.path == hostile.reported[-1].path), key=lambda f: f.start)[-1]
    panel = page.find_element("id", "panel").text
    for part in (first.rule, "Not supported" if first.tier == "not-supported" else first.tier, first.status,
                 first.reasoning[:40], first.source[:30], first.suggestion[:40]):
        assert part in panel
    # Navigation skips filtered findings.
    toggle(page, "file", "d0")
    in_first_file = js(page, "return [...document.querySelectorAll('#doc-0 mark.hl[id]')].map(m => m.id)")
    body = page.find_element("css selector", "body")
    js(page, "document.activeElement.blur()")
    body.click()
    for _ in range(count):
        press(page, "j")
        assert active_id(page) not in in_first_file
    # Tab reaches highlights too, and focus alone fills the panel.
    page.find_element("id", "reset").click()
    assert js(page, "return document.getElementById('f-1').closest('pre') === document.getElementById('f-2').closest('pre')")
    js(page, "document.getElementById('f-1').focus()")
    press(page, "\ue004")  # Tab
    assert active_id(page) == "f-2"
    assert page.find_element("id", "panel-pos").text == f"2 of {count}"


def test_browser_no_console_errors_and_no_requests(page):
    press(page, "jjk")
    page.find_element("css selector", 'input[name="tier"]').click()
    page.find_element("id", "reset").click()
    errors = [entry for entry in page.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    requested = set()
    for entry in page.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.add(message["params"]["request"]["url"])
    assert requested == {page.current_url}  # the report itself, nothing else


def test_browser_csp_stops_payloads_even_if_escaping_failed(browser, hostile, tmp_path):
    # Control: the payloads do run in a page without the report's protections, so the checks below can see them.
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><title>control</title><body>{SCRIPT}{IMG}</body>", encoding="utf-8")
    browser.get(control.as_uri())
    assert js(browser, "return window.__pwned") in ("script", "img")
    # The same payloads pasted raw into the report: its Content-Security-Policy blocks both.
    broken = tmp_path / "broken.html"
    broken.write_text(format_html(hostile).replace("</main>", f"{SCRIPT}{IMG}</main>"), encoding="utf-8")
    browser.get(broken.as_uri())
    assert js(browser, "return window.__pwned === undefined") and browser.title.startswith("claimlint report")
    assert js(browser, "return !document.getElementById('sidebar').hidden")  # while the report's own script runs


def test_browser_print_stylesheet(page):
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not page.find_element("id", "sidebar").is_displayed()
        colour = js(page, "return getComputedStyle(document.querySelector('mark.hl[id]')).backgroundColor")
        assert colour != "rgba(0, 0, 0, 0)"
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_browser_screenshot_of_the_seed_documents(browser, linter, seeds, tmp_path):
    result = linter.lint_paths([str(HONEST_SEED), str(MARKETING_SEED)], keep_sources=True)
    open_report(browser, result, tmp_path)
    assert js(browser, "return document.querySelectorAll('mark.hl[id]').length") == len(result.reported) > 0
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "report-summary.png"))
    press(browser, "jjjj")  # a finding in the copy, explained in the panel
    assert browser.save_screenshot(str(ARTIFACTS / "report.png"))
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_browser_html_page_reads_as_copy_and_line_links_open_the_source(browser, read_pages, tmp_path):
    open_report(browser, read_pages, tmp_path)
    marks = js(browser, "return [...document.querySelectorAll('mark.hl[id]')].map(m => m.textContent)")
    assert len(marks) == len(read_pages.reported)
    copy = js(browser, "return document.querySelector('#doc-0 .copy').innerText")
    assert "<p" not in copy and "<img" not in copy and "href" not in copy
    assert "Our infused stem cells become new insulin-producing cells. Ask us." in copy
    assert "Stem cells regrow your pancreas <fast>" in copy  # the alt text as a visitor's screen reader says it
    assert js(browser, "return [...document.querySelectorAll('#doc-0 .psg-label')].map(l => l.textContent)") == [
        "page title", "meta description", "image alt", "title text"]
    source = browser.find_element("css selector", "#doc-0 details.source-view")
    assert not source.get_attribute("open")
    ARTIFACTS.mkdir(exist_ok=True)
    press(browser, "j")
    browser.save_screenshot(str(ARTIFACTS / "report-html.png"))
    # A finding's "line N" opens the folded source at that line.
    link = browser.find_element("css selector", "#doc-0 a.loc.line-link")
    line = link.text.split()[-1]
    link.click()
    assert source.get_attribute("open") and browser.current_url.endswith(f"#doc-0-L{line}")
    target = browser.find_element("id", f"doc-0-L{line}")
    assert target.is_displayed() and js(browser, "return document.querySelector(':target') === arguments[0]", target)
    assert js(browser, "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight", target)
    browser.save_screenshot(str(ARTIFACTS / "report-html-source.png"))
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
