"""The crawl: from the start URLs, through same-site links and sitemaps, into a web archive."""
from __future__ import annotations

import ipaddress
import signal
import socket
import threading
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import InputError, InputWarning
from ..readers.decode import decode
from ..readers.fetch import CONTENT_KINDS, Fetched, fetch, is_private
from ..readers.sources import DRAFT_READERS
from .archive import Archive, CrawlState
from .links import gunzipped, page_links, sitemap_urls
from .urls import host_of, normalise, site_of

USER_AGENT = f"claimlint/{__version__}"
# A sitemap.xml.gz comes as gzip or as bytes of no stated type; its own first bytes say whether it is compressed.
SITEMAP_KINDS = {**CONTENT_KINDS, "application/xml": "xml", "text/xml": "xml", "application/gzip": "xml",
                 "application/x-gzip": "xml", "application/octet-stream": "xml"}
MAX_SITEMAPS = 20  # per crawl: a sitemap index may name thousands of sitemaps, and the pages are limited anyway
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # uncompressed, the sitemap protocol's own limit: a gzip bomb stops there


@dataclass(frozen=True)
class CrawlLimits:
    max_pages: int = 500  # page requests (robots.txt and sitemaps aside), redirects and errors included
    max_depth: int = 10  # links followed from a start URL; a sitemap's pages are at depth 1
    concurrency: int = 4  # requests in flight at once
    rate: float = 20.0  # requests a second to one host, at most (a robots.txt crawl-delay slows it further)


class Crawl:
    """One crawl, written to ``archive`` (a .warc or .warc.gz), its state saved beside it after every page.

    ``problems`` collects one InputError per URL that could not be fetched (an InputWarning for a page it links
    to, which does not stop the site being reviewed; an InputError for a start URL) and ``skipped`` says why each
    URL that was not fetched was left alone (robots.txt, another host, depth, noindex...), for --verbose.
    """

    def __init__(self, start: list[str], archive: Path, state: Path, *, hosts: tuple[str, ...] = (),
                 limits: CrawlLimits = CrawlLimits(), resume: bool = False,
                 progress: Callable[[int, int, int], None] | None = None) -> None:
        self.limits, self.state_path, self.progress = limits, state, progress
        self.problems: list[InputError] = []
        self.skipped: list[tuple[str, str]] = []
        if resume:
            self.state = CrawlState.load(state)
            self.archive = Archive(Path(self.state.archive), truncate_to=self.state.archive_size)
        else:
            urls = [normalise(u) for u in start]
            for raw, url in zip(start, urls):
                if url is None:
                    raise InputError("only http:// and https:// URLs can be crawled", raw)
            self.state = CrawlState(start=urls, hosts=sorted({host_of(u) for u in urls} | set(hosts)),
                                    archive=str(archive))
            self.archive = Archive(archive)
        self.hosts = set(self.state.hosts)
        # A crawl reaches a private or loopback address only where a start URL is (an intranet host, a test site):
        # a public page (or a redirect) naming 10.0.0.1 is never followed there, and is refused before connecting.
        self._places: dict[str, frozenset[str]] = {}
        self.started_on = frozenset().union(*(self._private_places(u) for u in self.state.start))
        self.private = bool(self.started_on)
        self.schemes = {urlsplit(u).scheme for u in self.state.start}  # a redirect may not lead off them
        self.seen = set(self.state.seen)
        self.queue: deque[tuple[str, int, str]] = deque(self.state.queue)
        self.robots: dict[str, object] = {}
        self._next: dict[str, float] = {}  # per site: when its next request may start
        self._lock = threading.Lock()
        self._sitemaps = 0
        self._running: dict[Future, tuple[str, int, str]] = {}  # requests in flight, and what they are for

    def run(self) -> None:
        """Crawl until the queue is empty or a limit is reached; the archive holds every page linted."""
        try:
            if not self.state.seen:
                for url in self.state.start:
                    self._add(url, 0, "")
                for site in dict.fromkeys(site_of(u) for u in self.state.start):
                    self._sitemaps_of(site)
            self._crawl()
        finally:
            self._save()
            self.archive.close()

    def _crawl(self) -> None:
        """Keep ``concurrency`` requests in flight until the queue or a limit runs out. Ctrl-C stops the crawl
        between pages: no new request starts, those in flight are taken in and saved (so a resumed crawl asks for
        none of them again), then the interrupt goes on; a second Ctrl-C stops at once."""
        running, stop = self._running, threading.Event()
        previous = _on_interrupt(stop)
        try:
            with ThreadPoolExecutor(self.limits.concurrency, thread_name_prefix="claimlint-crawl") as pool:
                while True:
                    while not stop.is_set() and self.queue and len(running) < self.limits.concurrency and \
                            self.state.fetched + len(running) < self.limits.max_pages:
                        item = self.queue.popleft()
                        if self._robots(item[0]).can_fetch(item[0], USER_AGENT):
                            running[pool.submit(self._get, item[0], CONTENT_KINDS)] = item
                        else:
                            self._skip(item[0], "robots.txt disallows it (or could not be read)", item[2])
                    if not running:
                        break
                    # A timeout, so that a Ctrl-C (which only sets ``stop``) is seen while requests are slow.
                    done, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
                    if done:
                        self._finish(done)
                    if self.progress:
                        self.progress(self.state.fetched, len(self.queue) + len(running), len(self.skipped))
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        if stop.is_set():
            raise KeyboardInterrupt

    def _finish(self, done) -> None:
        """Take in the requests ``done``, then save the state."""
        for future in done:
            item = self._running.pop(future)
            self.state.fetched += 1
            self._handle(*item, future.result())
        self._save()

    def _handle(self, url: str, depth: int, referrer: str, got: Fetched | InputError) -> None:
        linked = f" (linked from {referrer})" if referrer else ""
        if isinstance(got, InputError):
            problem = InputWarning if referrer else InputError
            self.problems.append(problem(f"{got.message}{linked}", url))
            return
        date = _now()
        if 300 <= got.status < 400:
            self.archive.add(got, date)
            target = normalise(urljoin(url, _header(got, "location")))
            if target is None:
                self._skip(url, "redirect off http(s)", referrer)
            elif urlsplit(target).scheme not in self.schemes:
                self._skip(url, f"redirect to another scheme ({target}; the crawl did not start on it)", referrer)
            else:
                self._add(target, depth, referrer or url)
            return
        if got.status >= 400:
            self.archive.add(got, date)
            self.problems.append((InputWarning if referrer else InputError)(f"HTTP {got.status}{linked}", url))
            return
        if got.kind is None:
            self.skipped.append((url, "not a page (its content type)"))
            return
        text = ""  # a brochure (PDF, Word) is linted from the archive like a page, and has no links to follow
        if got.kind not in DRAFT_READERS:
            try:
                text = decode(got.data, url, got.charset, html=got.kind == "html").text
            except InputError as exc:  # a binary file sent as a page: not copy, and not archived as one
                self.problems.append(InputWarning(f"{exc.message}{linked}", url))
                return
        # Any kind may say noindex in its X-Robots-Tag header (a PDF most often), only HTML in a meta tag.
        found = page_links(url, text if got.kind == "html" else "", _header(got, "x-robots-tag"))
        if found.noindex:
            self.skipped.append((url, "noindex (fetched for its links, neither linted nor archived)"))
        else:
            self.archive.add(got, date)
            self.state.pages += 1
        if found.nofollow:
            return
        for link in found.links:
            target = normalise(link)
            if target is not None:
                self._add(target, depth + 1, url)

    def _add(self, url: str, depth: int, referrer: str) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        refused = self._refused(url)
        if refused:
            self.skipped.append((url, refused))
        elif depth > self.limits.max_depth:
            self.skipped.append((url, f"deeper than --max-depth {self.limits.max_depth}"))
        else:
            self.queue.append((url, depth, referrer))

    def _sitemaps_of(self, site: str) -> None:
        """Every page the site's sitemaps list (robots.txt's Sitemap lines, else /sitemap.xml), at depth 1."""
        robots = self._robots(site + "/")
        todo = deque(list(robots.sitemaps) or [site + "/sitemap.xml"])
        while todo and self._sitemaps < MAX_SITEMAPS:
            url = normalise(todo.popleft())
            if url is None or self._refused(url) or not robots.can_fetch(url, USER_AGENT):
                continue
            self._sitemaps += 1
            got = self._get(url, SITEMAP_KINDS)
            if isinstance(got, InputError) or got.status != 200 or got.kind is None:
                continue  # a site without a sitemap is crawled by its links
            try:
                text = decode(gunzipped(got.data, MAX_SITEMAP_BYTES, url), url, got.charset).text
            except InputError as exc:
                self.problems.append(InputWarning(f"sitemap not read: {exc.message}", url))
                continue
            urls, index = sitemap_urls(text)
            if index:
                todo.extend(urls)
            else:
                for page in urls:
                    target = normalise(page)
                    if target is not None:
                        self._add(target, 1, url)

    def _skip(self, url: str, why: str, referrer: str) -> None:
        if referrer:
            self.skipped.append((url, why))
        else:  # a start URL: the run did not cover what it was asked to
            self.problems.append(InputError(f"not crawled: {why}", url))

    def _refused(self, url: str) -> str | None:
        """Why a URL is off limits whatever links to it: another host, or a private address not started on."""
        if host_of(url) not in self.hosts:
            return "another host (see --allow-host)"
        unknown = self._private_places(url) - self.started_on
        if unknown:
            return f"a private or loopback address ({min(unknown)}) the crawl did not start on"
        return None

    def _private_places(self, url: str) -> frozenset[str]:
        """The private addresses ``url``'s host resolves to (any loopback address is one place: "loopback")."""
        host = urlsplit(url).hostname or ""
        if host not in self._places:
            try:
                addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
            except (OSError, ValueError):
                addresses = set()  # unresolvable: the fetch says so, and checks the address it connects to
            self._places[host] = frozenset("loopback" if ipaddress.ip_address(a.split("%")[0]).is_loopback else a
                                           for a in addresses if is_private(a))
        return self._places[host]

    def skip_summary(self) -> str:
        """How many URLs were left alone, by reason: "skipped 9 URL(s): 4 another host, 1 noindex"."""
        reasons = Counter(why.split(" (")[0] for _, why in self.skipped)
        return f"skipped {len(self.skipped)} URL(s): " + ", ".join(f"{n} {why}" for why, n in reasons.most_common())

    def _robots(self, url: str):
        """The site's robots.txt (fetched once): none (4xx) allows everything; one that cannot be read (5xx, a
        failure) allows nothing, as search engines take it."""
        from protego import Protego

        site = site_of(url)
        if site not in self.robots:
            got = self._get(site + "/robots.txt", CONTENT_KINDS)
            if isinstance(got, InputError) or got.status >= 500:
                why = got.message if isinstance(got, InputError) else f"HTTP {got.status}"
                self.problems.append(InputWarning(f"robots.txt could not be read ({why}): nothing on this site is "
                                                  "fetched", site + "/robots.txt"))
                rules = "User-agent: *\nDisallow: /\n"
            else:
                rules = decode(got.data, site, got.charset).text if got.status == 200 and got.kind else ""
            self.robots[site] = Protego.parse(rules)
        return self.robots[site]

    def _get(self, url: str, kinds: dict[str, str]) -> Fetched | InputError:
        """One request, when the site's rate limit (and crawl-delay) allows it."""
        site = site_of(url)
        robots = self.robots.get(site)
        delay = getattr(robots, "crawl_delay", lambda _: None)(USER_AGENT) if robots is not None else None
        interval = max(1.0 / self.limits.rate, float(delay or 0))
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(site, now))
            self._next[site] = start + interval
        time.sleep(max(0.0, start - time.monotonic()))
        try:
            return fetch(url, raw=True, private=self.private, kinds=kinds)
        except InputError as exc:
            return exc

    def _save(self) -> None:
        self.state.seen = sorted(self.seen)
        # Pages still in flight (an interrupt comes at any time) are saved as queued: a resumed crawl fetches them.
        self.state.queue = [*self._running.values(), *self.queue]
        self.state.archive_size = self.archive.size
        self.state.save(self.state_path)


def _on_interrupt(stop: threading.Event):
    """Make Ctrl-C set ``stop`` (a second one interrupts at once); the handler it replaces, or None where signals
    cannot be handled (a thread other than the main one)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    return signal.signal(signal.SIGINT, handler)


def _header(got: Fetched, name: str) -> str:
    return ", ".join(v for k, v in got.headers if k.lower() == name)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
