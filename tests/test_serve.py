"""The review desk (`claimlint serve`): a real server on a free loopback port, its JSON API against `check`,
its security, review files and their export, and a reviewer's whole session in a headless Chromium.

Browser tests skip when Chromium, its driver or selenium is missing, except under CLAIMLINT_CI=1 (as in
tests/test_report.py, whose browser fixture they share).
"""
from __future__ import annotations

import http.client
import json
import re
import socket
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from conftest import ROOT, local_server  # noqa: E402
from test_report import ARTIFACTS, browser  # noqa: E402,F401 - the report tests' headless Chromium, shared

from claimlint.suppress.inline import parse_directives  # noqa: E402
from claimlint.suppress.review import load_review  # noqa: E402
from claimlint.suppress.syntax import waiver_comment  # noqa: E402

CLINIC = (ROOT / "examples" / "clinic-page.txt").read_text(encoding="utf-8")
MARKDOWN = "# Our clinic\n\nOur stem cells cure diabetes.\n\n- MSCs home to the pancreas and become new beta cells.\n"
HTML = ("<!doctype html><html><head><title>Stem cells</title></head><body><h1>Clinic</h1>"
        "<p>Our infused stem cells become new insulin-producing cells.</p>"
        "<p>Stem cell therapy reverses type 2 diabetes.</p></body></html>")
SCRIPT = "<script>window.__pwned = 'script'; document.title = 'pwned';</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'; document.title = 'pwned'\">"


# --- the server ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def checker():
    """This folder's configuration, warm: what `claimlint serve` started here lints with."""
    from claimlint.api import prepare
    from claimlint.serve.checking import Checker

    run = prepare(["."])
    run.linter.check()
    return Checker(run)


def desk_app(checker, reviews: Path, **settings):
    from claimlint.serve.app import Settings, create_app

    return create_app(Settings(checker, reviews, **settings))


@contextmanager
def serving(app):
    """uvicorn on a free loopback port, in a thread; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the desk did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def reviews_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reviews")


@pytest.fixture(scope="module")
def desk(checker, reviews_dir):
    """The desk as `claimlint serve` runs it by default: loopback, one user, no token."""
    with serving(desk_app(checker, reviews_dir)) as url:
        yield url


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def call(base: str, method: str, path: str, body: bytes | str | dict | None = None,
         headers: dict[str, str] | None = None) -> Answer:
    """One request straight to the server (no proxy, no redirects followed)."""
    parts = urlsplit(base)
    headers = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode("utf-8")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def csrf_of(base: str, headers: dict[str, str] | None = None) -> str:
    page = call(base, "GET", "/", headers=headers).text
    return re.search(r'name="claimlint-csrf" content="([^"]+)"', page).group(1)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "claimlint-test-boundary"
    out = b""
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, data) in files.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


# --- the JSON API is `check --format json` ---------------------------------------------------------

@pytest.mark.parametrize("filename,text", [("clinic-page.txt", CLINIC), ("page.md", MARKDOWN), ("landing.html", HTML),
                                           ("hostile.txt", f"Hostile {SCRIPT}\n\nOur stem cells cure diabetes {IMG}.\n")])
def test_api_check_answers_what_check_format_json_prints(desk, cli, filename, text):
    answer = call(desk, "POST", "/api/check", {"text": text, "filename": filename})
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/json")
    printed = cli("check", "--format", "json", "--stdin-filename", filename, "-", input=text.encode("utf-8"))
    assert printed.code in (0, 1)
    assert answer.text == printed.out
    assert json.loads(answer.text)["findings"], "the copy has claims to report"


def test_api_check_refuses_what_is_not_json(desk):
    assert call(desk, "POST", "/api/check", "text=x", {"Content-Type": "application/x-www-form-urlencoded"}).status == 415
    assert call(desk, "POST", "/api/check", "{nope", {"Content-Type": "application/json"}).status == 400
    assert call(desk, "POST", "/api/check", {"text": 3}).status == 400
    assert call(desk, "GET", "/api/check").status == 405


# --- security --------------------------------------------------------------------------------------

def test_every_response_carries_the_csp_and_the_page_allows_only_its_own_script(desk):
    from claimlint.serve.desk import DeskPage

    page = call(desk, "GET", "/")
    csp = page.headers["content-security-policy"]
    assert csp == DeskPage().header_csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert len(re.findall(r"<script\b", page.text)) == 1
    for method, path in (("GET", "/nowhere"), ("POST", "/api/check"), ("GET", "/api/desk")):
        answer = call(desk, method, path, {"text": "x"} if method == "POST" else None)
        assert "default-src 'none'" in answer.headers["content-security-policy"], path
        assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["x-frame-options"] == "DENY"


def test_a_token_is_required_when_set(checker, tmp_path):
    with serving(desk_app(checker, tmp_path, token="s3cret-token", loopback=False)) as url:
        body = {"text": "Our stem cells cure diabetes.", "filename": "a.txt"}
        assert call(url, "POST", "/api/check", body).status == 401
        assert call(url, "GET", "/").status == 401
        assert call(url, "POST", "/api/check", body, {"Authorization": "Bearer wrong"}).status == 401
        assert call(url, "POST", "/api/check", body, {"Authorization": "Bearer s3cret-token"}).status == 200
        # The URL `claimlint serve` prints: the token becomes a cookie, and leaves the address bar.
        opened = call(url, "GET", "/?token=s3cret-token")
        assert opened.status == 303 and opened.headers["location"] == "/"
        cookie = opened.headers["set-cookie"].split(";")[0]
        assert "HttpOnly" in opened.headers["set-cookie"] and "SameSite=Strict" in opened.headers["set-cookie"]
        assert call(url, "GET", "/", headers={"Cookie": cookie}).status == 200
        assert call(url, "GET", "/?token=wrong").status == 401


def test_a_cross_site_post_is_refused(desk):
    form = urlencode({"text": "Our stem cells cure diabetes.", "filename": "a.txt", "reviewer": "Mallory"})
    plain = {"Content-Type": "application/x-www-form-urlencoded"}
    # Another site's page posting a form to the desk: no CSRF token, and its own Origin.
    assert call(desk, "POST", "/report", form, {**plain, "Origin": "https://evil.example"}).status == 403
    assert call(desk, "POST", "/report", form, {**plain, "Sec-Fetch-Site": "cross-site"}).status == 403
    assert call(desk, "POST", "/report", form, plain).status == 403  # no token in the form
    refused = call(desk, "POST", "/report", form + "&csrf=guess", plain)
    assert refused.status == 403 and "CSRF" in refused.json()["error"]
    good = call(desk, "POST", "/report", form + "&" + urlencode({"csrf": csrf_of(desk)}), plain)
    assert good.status == 200 and "attachment" in good.headers["content-disposition"]
    # A review decision needs the page's token too, even as JSON.
    decision = {"text": "x", "filename": "a.txt", "fingerprint": "0" * 32, "decision": "disputed"}
    assert call(desk, "POST", "/api/review", decision).status == 403
    # A page served from another name for 127.0.0.1 (DNS rebinding) gets nothing.
    assert call(desk, "GET", "/", headers={"Host": "attacker.example:8765"}).status == 400


def test_urls_to_private_addresses_are_refused_when_exposed(checker, tmp_path, no_proxy):
    with serving(desk_app(checker, tmp_path, token="t0ken", loopback=False)) as url:
        auth = {"Authorization": "Bearer t0ken"}
        for target in ("http://127.0.0.1:9/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                       "http://[::1]/", "http://localhost/"):
            answer = call(url, "POST", "/api/fetch", {"url": target}, auth)
            assert answer.status == 422 and "refused" in answer.json()["error"], target
        assert call(url, "POST", "/api/fetch", {"url": "file:///etc/passwd"}, auth).status == 422


class _Clinic(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = HTML.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_url_is_fetched_on_loopback_for_one_user(desk, no_proxy):
    with local_server(_Clinic) as site:
        answer = call(desk, "POST", "/api/fetch", {"url": f"{site}/stem-cells"})
    assert answer.status == 200, answer.text
    assert answer.json()["filename"] == "stem-cells.html" and answer.json()["text"] == HTML


def test_uploads_are_read_and_oversized_ones_refused(checker, tmp_path):
    from docx import Document

    word = Document()
    word.add_paragraph("Our stem cells cure diabetes.")
    word.save(tmp_path / "draft.docx")
    with serving(desk_app(checker, tmp_path, max_bytes=64 * 1024)) as url:
        csrf = csrf_of(url)
        body, kind = multipart({"csrf": csrf}, {"file": ("draft.docx", (tmp_path / "draft.docx").read_bytes())})
        answer = call(url, "POST", "/api/upload", body, {"Content-Type": kind})
        assert answer.status == 200, answer.text
        assert answer.json() == {"text": "Our stem cells cure diabetes.", "filename": "draft.docx.txt"}
        body, kind = multipart({"csrf": csrf}, {"file": ("page.md", MARKDOWN.encode())})
        assert call(url, "POST", "/api/upload", body, {"Content-Type": kind}).json()["text"] == MARKDOWN
        body, kind = multipart({}, {"file": ("page.md", MARKDOWN.encode())})
        assert call(url, "POST", "/api/upload", body, {"Content-Type": kind}).status == 403  # no CSRF token
        body, kind = multipart({"csrf": csrf}, {"file": ("huge.txt", b"Our stem cells cure diabetes. " * 4000)})
        refused = call(url, "POST", "/api/upload", body, {"Content-Type": kind})
        assert refused.status == 413 and "too large" in refused.json()["error"]
        # A body that says nothing of its length is cut off as it arrives.
        assert _chunked(url, "/api/check", b"x" * (200 * 1024)).status == 413


def _chunked(base: str, path: str, data: bytes) -> Answer:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("POST", path, body=iter([data[i:i + 8192] for i in range(0, len(data), 8192)]),
                     headers={"Content-Type": "application/json"}, encode_chunked=True)
        response = conn.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        conn.close()


# --- review files, `check --review` and the corpus export -------------------------------------------

@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_the_waiver_comment_is_a_directive_of_its_file_type(kind):
    comment = waiver_comment(kind, "MSC-CURE", "quoting the FDA's warning --> really\nnow")
    directives = parse_directives(comment + "\n").directives
    assert [(d.kind, d.rules, d.reason) for d in directives] == [("disable-next-line", ("MSC-CURE",),
                                                                   "quoting the FDA's warning really now")]
    assert comment.startswith("#" if kind == "text" else "<!--")


def _decide(base: str, csrf: str, text: str, filename: str, finding: dict, decision: str, **extra) -> Answer:
    body = {"text": text, "filename": filename, "fingerprint": finding["fingerprint"], "decision": decision,
            "rule": finding["rule"], "claim": finding["text"], "reviewer": "R. Eviewer", **extra}
    return call(base, "POST", "/api/review", body, {"X-CSRF-Token": csrf})


def _findings(checker, text: str, filename: str):
    return [f for f in checker.lint(text, filename).findings if f.reported and f.origin != "page"]


def test_check_review_withholds_waived_and_disputed_and_rechecks_fixed(desk, checker, cli, reviews_dir, tmp_path):
    text = "Our stem cells cure diabetes.\n\nMSCs home to the pancreas.\n\nStem cells regrow the pancreas.\n"
    found = _findings(checker, text, "review-me.txt")
    rules = {f.rule for f in found}
    assert len(found) >= 3 and len(rules) >= 3
    csrf = csrf_of(desk)
    first, second, third = (next(f for f in found if f.rule == r) for r in sorted(rules)[:3])
    as_dict = lambda f: {"fingerprint": f.fingerprint, "rule": f.rule, "text": f.text}  # noqa: E731
    assert _decide(desk, csrf, text, "review-me.txt", as_dict(first), "waived").status == 400  # a reason is required
    waived = _decide(desk, csrf, text, "review-me.txt", as_dict(first), "waived", reason="quoting a regulator")
    assert waived.status == 200 and waived.json()["waiver"] == f"# claimlint-disable-next-line {first.rule} -- quoting a regulator\n"
    assert _decide(desk, csrf, text, "review-me.txt", as_dict(second), "disputed", note="not a claim").status == 200
    assert _decide(desk, csrf, text, "review-me.txt", as_dict(third), "fixed").status == 200
    review_file = Path(waived.json()["review_file"])
    assert review_file.parent == reviews_dir and not list(reviews_dir.glob(".*.tmp"))
    review = load_review(review_file)
    assert review["document"] == "review-me.txt" and review["text"] == text
    assert {d["decision"] for d in review["decisions"].values()} == {"waived", "disputed", "fixed"}

    page = tmp_path / "site" / "review-me.txt"
    page.parent.mkdir()
    page.write_text(text, encoding="utf-8")
    shown = json.loads(cli("check", "--format", "json", "--review", review_file, page).out)
    reported = {f["rule"] for f in shown["findings"]}
    assert first.rule not in reported and second.rule not in reported
    assert third.rule in reported  # fixed is checked again: the words are still there, so it is reported
    why = {f["rule"]: f["suppressed_by"] for f in shown["suppressed"]}
    assert why[first.rule] == "review: waived: quoting a regulator" and why[second.rule] == "review: disputed: not a claim"
    # A review names its document: it does not touch another file.
    other = tmp_path / "other.txt"
    other.write_text(text, encoding="utf-8")
    assert {f["rule"] for f in json.loads(cli("check", "--format", "json", "--review", review_file, other).out)["findings"]} >= rules
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert cli("check", "--review", bad, other).code == 2


def test_review_export_writes_corpus_cases_eval_measures(desk, checker, cli, tmp_path):
    text = "Our stem cells cure diabetes.\n\nOur nurses give every patient a warm welcome and a new pancreas.\n"
    filename = "export-me.txt"
    found = _findings(checker, text, filename)
    csrf = csrf_of(desk)
    answer = _decide(desk, csrf, text, filename, {"fingerprint": found[0].fingerprint, "rule": found[0].rule,
                                                  "text": found[0].text}, "disputed", note="a quote from a trial")
    missed = call(desk, "POST", "/api/missed", {"text": text, "filename": filename, "quote": "a new pancreas",
                                                "category": "regeneration", "reviewer": "R. Eviewer"},
                  {"X-CSRF-Token": csrf})
    assert missed.status == 200
    assert call(desk, "POST", "/api/missed", {"text": text, "filename": filename, "quote": "not in it",
                                              "category": "cure"}, {"X-CSRF-Token": csrf}).status == 400
    out = tmp_path / "cases"
    run = cli("review", "export", answer.json()["review_file"], "--output", out)
    assert run.code == 0, run.err
    gold = (out / "review-export-me.gold.yaml").read_text(encoding="utf-8")
    assert (out / "review-export-me.txt").read_text(encoding="utf-8") == text
    assert 'quote: "a new pancreas"' in gold and 'category: "regeneration"' in gold
    assert f'- "{found[0].text}"  # disputed {found[0].rule}' in gold and "a quote from a trial" in gold
    scored = json.loads(cli("eval", out, "--format", "json").out)
    assert scored["overall"]["passes"] == 1 and scored["overall"]["passes_held"] == 0  # the dispute, measured
    assert scored["overall"]["flags"] == 1


def test_serve_without_the_extra_says_so(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.delitem(sys.modules, "claimlint.serve.server", raising=False)
    run = cli("serve", "--port", "0")
    assert run.code == 3
    assert run.err.strip().splitlines() == ["claimlint: error: claimlint serve needs the serve extra: "
                                            "pip install 'clinic-claimlint[serve]' (uvicorn is not installed)"]


# --- a reviewer's session in the browser ------------------------------------------------------------

def _open(driver, url: str):
    driver.get(url + "/")
    for log in ("browser",):
        driver.get_log(log)
    return driver


def _paste(driver, text: str, filename: str = "copy.txt") -> None:
    """Paste as a reviewer would: the value changes and an input event fires (the desk re-checks, debounced)."""
    before = driver.execute_script("return document.body.getAttribute('data-checked')")
    driver.execute_script("var f = document.getElementById('filename'); f.value = arguments[1];"
                          "var c = document.getElementById('copy'); c.value = arguments[0];"
                          "c.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));",
                          text, filename)
    _wait_checked(driver, before)


def _wait_checked(driver, before) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.getAttribute('data-checked')") not in (before,)
        and d.execute_script("return document.getElementById('desk-status').textContent.indexOf('Checking') < 0"))


def _rules_shown(driver) -> list[str]:
    return driver.execute_script("return [...document.querySelectorAll('li.finding-item summary code.rule')].map(c => c.textContent)")


def _select(driver, rule: str) -> None:
    """Click the highlight of the first finding of ``rule``: the side panel shows it with its decisions."""
    n = driver.execute_script("var item = [...document.querySelectorAll('li.finding-item')].find("
                              "i => i.querySelector('summary code.rule').textContent === arguments[0]);"
                              "return item.getAttribute('data-finding');", rule)
    driver.find_element("id", f"f-{n}").click()
    assert driver.find_element("id", "panel-pos").text.startswith(f"{n} of")


def _panel_action(driver, action: str, field: str | None = None, value: str = "", wait: bool = True) -> None:
    before = driver.execute_script("return document.body.getAttribute('data-checked')")
    panel = driver.find_element("css selector", "#panel-body .desk-actions")
    if field:
        panel.find_element("css selector", field).send_keys(value)
    panel.find_element("css selector", f'button[data-action="{action}"]').click()
    if wait:
        _wait_checked(driver, before)


@pytest.fixture
def session(browser, checker, tmp_path):
    with serving(desk_app(checker, tmp_path / "reviews")) as url:
        yield _open(browser, url), url, tmp_path


def test_browser_review_session_from_pasted_copy_to_signed_off_report(session, cli):
    driver, url, folder = session
    _paste(driver, CLINIC, "clinic-page.txt")
    every = _rules_shown(driver)
    expected = [f["rule"] for f in cli_findings(cli, CLINIC, "clinic-page.txt")]
    assert sorted(every) == sorted(expected) and len(every) >= 5
    marks = driver.execute_script("return document.querySelectorAll('#documents mark.hl[id]').length")
    assert marks == len(every)
    assert not driver.find_element("id", "sidebar").get_attribute("hidden")

    # Select the homing claim: the panel gives its tier, status, reasoning, source and suggested wording.
    _select(driver, "MSC-HOMING")
    panel = driver.find_element("id", "panel").text.lower()  # labels are upper-cased by the stylesheet
    for part in ("Not supported", "asserted", "Why", "Source", "Suggested wording", "Accept the suggested wording"):
        assert part.lower() in panel
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "serve-desk.png"))  # a finding selected, for a person to look at

    # Accept the suggestion: the copy is edited and the finding goes.
    _panel_action(driver, "fix")
    copy = driver.find_element("id", "copy").get_property("value")
    assert "home to your pancreas" not in copy and "most do not reach the pancreas" in copy
    assert "MSC-HOMING" not in _rules_shown(driver)

    # Waive one with a reason: the waiver comment for a text file is in the copy, and the finding is waived.
    waived = next(r for r in _rules_shown(driver) if r.startswith("MSC-"))
    _select(driver, waived)
    _panel_action(driver, "waive", wait=False)  # no reason: refused, nothing changes
    assert "needs a reason" in driver.find_element("css selector", "#panel-body .act-message").text
    _panel_action(driver, "waive", ".act-reason", "quoted from the regulator's warning")
    copy = driver.find_element("id", "copy").get_property("value")
    assert f"# claimlint-disable-next-line {waived} -- quoted from the regulator's warning\n" in copy
    assert _rules_shown(driver).count(waived) == every.count(waived) - 1

    # Dispute another: it leaves the highlights, and the review file records it.
    disputed = next(r for r in _rules_shown(driver) if r.startswith("MSC-") and r != waived)
    _select(driver, disputed)
    _panel_action(driver, "dispute", ".act-note", "the sentence is about mice, and says so")
    assert _rules_shown(driver).count(disputed) == every.count(disputed) - 1
    assert "Disputed" in driver.find_element("id", "decisions").text
    review_file = Path(driver.find_element("id", "desk-status").get_attribute("data-review-file"))
    review = load_review(review_file)
    assert sorted(d["decision"] for d in review["decisions"].values()) == ["disputed", "fixed", "waived"]

    # Mark a missed claim by selecting its words.
    driver.execute_script("var c = document.getElementById('copy'); var at = c.value.indexOf('repair systems');"
                          "c.focus(); c.setSelectionRange(at, at + 'repair systems'.length);")
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "missed-category")).select_by_value("regeneration")
    before = driver.execute_script("return document.body.getAttribute('data-checked')")
    driver.find_element("id", "missed").click()
    _wait_until(lambda: load_review(review_file)["missed"])
    _wait_checked(driver, before)  # the desk checks the copy again once the claim is recorded

    # Export the dispute and the missed claim as a corpus case; eval measures it.
    out = folder / "cases"
    assert cli("review", "export", review_file, "--output", out).code == 0
    gold = next(out.glob("*.gold.yaml")).read_text(encoding="utf-8")
    assert f"# disputed {disputed}" in gold and 'quote: "repair systems"' in gold
    assert json.loads(cli("eval", out, "--format", "json").out)["overall"]["passes"] == 1

    # Sign off and download the report: the copy, the findings left and who decided what, when.
    downloads = folder / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.find_element("id", "signoff").click()
    _wait_until(lambda: "reviewer" in driver.find_element("id", "desk-status").text.lower())  # no name yet: asked
    driver.find_element("id", "reviewer").send_keys("Jo Reviewer")
    driver.find_element("id", "signoff").click()
    report = _wait_until(lambda: [p for p in downloads.glob("*.html")])[0]
    assert report.name == "clinic-page-signed-off.html"
    html = report.read_text(encoding="utf-8")
    assert "Review sign-off" in html and "Jo Reviewer" in html and "quoted from the regulator&#x27;s warning" in html
    assert "Disputed (false positive)" in html and "Fixed (suggested wording accepted)" in html
    assert load_review(review_file)["signoff"]["reviewer"] == "Jo Reviewer"
    assert driver.execute_script("return window.__pwned === undefined")


def cli_findings(cli, text: str, filename: str) -> list[dict]:
    return json.loads(cli("check", "--format", "json", "--stdin-filename", filename, "-", input=text.encode()).out)["findings"]


def _wait_until(probe, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_browser_rechecks_as_the_reviewer_types(session):
    driver, _, _ = session
    _paste(driver, "Welcome to our clinic.\n", "typed.txt")
    assert _rules_shown(driver) == []
    before = driver.execute_script("return document.body.getAttribute('data-checked')")
    box = driver.find_element("id", "copy")
    box.send_keys("Our stem cells cure diabetes.")  # one check once the typing stops, not one per key
    _wait_checked(driver, before)
    assert "MSC-CURE" in _rules_shown(driver)
    checks = int(driver.execute_script("return document.body.getAttribute('data-checked')")) - int(before)
    assert 1 <= checks < 5  # debounced: 29 keys, a check or two, however busy the machine


def test_fixes_replace_the_sentence_and_escape_in_html(checker):
    from claimlint.serve.desk import fix_for, utf16

    html = "<p>Intro.</p><p>Our stem cells cure diabetes &amp; more.</p>"
    cure = next(f for f in checker.lint(html, "a.html").findings if f.rule == "MSC-CURE")
    start, end, wording = fix_for(cure, html, "html")
    assert html[start:end] in cure.sentence or cure.sentence in html[start:end] or html[start:end] == cure.text
    assert "<" not in wording and '"' not in wording[:1]
    page = [f for f in checker.lint(CLINIC, "c.txt").findings if f.origin == "page" and f.reported]
    assert page and fix_for(page[0], CLINIC, "text")[:2] == (len(CLINIC), len(CLINIC))
    assert utf16("a\U0001F600b", 2) == 3  # the browser counts an emoji as two


def test_browser_injected_script_in_pasted_copy_never_runs(session):
    driver, url, _ = session
    hostile = (f"Hostile page {SCRIPT}\n\nOur stem cells cure diabetes {IMG} for good.\n\n"
               "</textarea></pre></mark><b>bold</b> MSCs home to the pancreas.\n")
    for filename in ("hostile.txt", "hostile.html", "hostile.md"):
        _paste(driver, hostile, filename)
        assert driver.execute_script("return window.__pwned === undefined")
        assert driver.title == "claimlint review desk"
        assert driver.execute_script("return document.querySelectorAll('#documents img, #documents script, #documents b').length") == 0
    _paste(driver, hostile, "hostile.txt")
    shown = driver.execute_script("return document.querySelector('#documents pre.copy').textContent")
    assert SCRIPT in shown and IMG in shown  # shown as the text it is
    assert driver.execute_script("return document.querySelectorAll('#documents mark.hl[id]').length") >= 2


# --- load ------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_load_twenty_clients_fifty_checks_each(tmp_path):
    """A `claimlint serve` process on loopback under 20 concurrent clients, 50 one-page checks each: no errors and
    flat memory; p50/p95 latency and peak memory are printed (benchmarks/serve.py prints the same)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from serve import load_test  # noqa: E402 - benchmarks/serve.py

    figures = load_test(clients=20, checks=50, folder=tmp_path)
    print(f"\nserve load: {figures.summary()}")
    assert figures.errors == 0 and figures.requests == 1000
    # Flat: what the server holds after the second half of the run is not much more than after the first.
    assert figures.rss_end_mb - figures.rss_half_mb < 40, figures.summary()
