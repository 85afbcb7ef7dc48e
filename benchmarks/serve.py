"""Load on the review desk: `claimlint serve` on loopback, many clients checking a one-page document at once.

    python benchmarks/serve.py [--clients 20] [--checks 50] [--page PATH] [--workers N]

A `claimlint serve` process is started in a scratch folder on a free loopback port and warmed with a few checks.
Twenty checks from one client alone give the latency one reviewer sees. Then ``--clients`` threads, each with its own keep-alive connection, post ``--checks`` checks each of the page
(default: corpus/docs/sunrise-diabetes-landing.html, a clinic landing page of about 440 words) to ``/api/check``,
all at once. Latency is taken per request, from sending to the whole answer; p50 and p95 are over every request.
Memory is the server process's resident set (VmRSS, from /proc) sampled through the run: after warming, after
half the requests, at the end, and its peak (VmHWM), summed over the desk's worker processes. Each worker lints
one copy at a time (one spaCy pipeline), so under 20 clients a request's latency is mostly its wait behind the
others: the figures say what a reviewer waits when 20 tools share one desk. tests/test_serve.py runs the same (under -m slow) and asserts no errors and flat
memory, never a time.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "corpus" / "docs" / "sunrise-diabetes-landing.html"


@dataclass
class Figures:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, under load
    solo: list[float] = field(default_factory=list)  # seconds, one client alone (what one reviewer waits)
    wall: float = 0.0
    rss_start_mb: float = 0.0
    rss_half_mb: float = 0.0
    rss_end_mb: float = 0.0
    peak_mb: float = 0.0
    words: int = 0

    def percentile(self, p: float, solo: bool = False) -> float:
        ordered = sorted(self.solo if solo else self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0

    def summary(self) -> str:
        return (f"one client alone: p50 {self.percentile(50, True) * 1000:.0f} ms, p95 {self.percentile(95, True) * 1000:.0f} ms; "
                f"{self.requests} concurrent checks of a {self.words}-word page, {self.errors} errors, {self.wall:.1f} s "
                f"({self.requests / self.wall if self.wall else 0:.1f} checks/s); latency p50 {self.percentile(50) * 1000:.0f} ms, "
                f"p95 {self.percentile(95) * 1000:.0f} ms, max {max(self.latencies, default=0) * 1000:.0f} ms; "
                f"server RSS {self.rss_start_mb:.0f} MB warm, {self.rss_half_mb:.0f} MB at half, "
                f"{self.rss_end_mb:.0f} MB at the end, peak {self.peak_mb:.0f} MB")


def memory(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of the desk in MB: its process and the worker processes it lints in, summed (pages the
    workers still share with it after forking count once for each)."""
    rss = hwm = 0.0
    for each in [pid, *_children(pid)]:
        status = Path(f"/proc/{each}/status").read_text()
        rss += int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024
        hwm += int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024
    return rss, hwm


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in found.read_text().split()] if found.exists() else []


def start(folder: Path, workers: int | None = None) -> tuple[subprocess.Popen, str]:
    """`claimlint serve` on a free loopback port, run in ``folder`` (with ``workers`` processes, or its default);
    returns the process and its base URL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CLAIMLINT_SERVE_TOKEN", None)
    extra = ["--workers", str(workers)] if workers else []
    proc = subprocess.Popen([sys.executable, "-m", "claimlint", "serve", "--port", "0", "--reviews", str(folder / "reviews"),
                             *extra],
                            cwd=folder, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        found = re.search(r"review desk on (http://127\.0\.0\.1:\d+)/", line)
        if found:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()  # keep the pipe drained
            return proc, found.group(1)
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise RuntimeError("claimlint serve did not start")


def check(conn: http.client.HTTPConnection, body: bytes) -> bool:
    conn.request("POST", "/api/check", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    return response.status == 200 and "findings" in json.loads(data)


def load_test(clients: int = 20, checks: int = 50, folder: Path | None = None, page: Path = PAGE,
              workers: int | None = None) -> Figures:
    scratch = None
    if folder is None:
        scratch = tempfile.TemporaryDirectory(prefix="claimlint-serve-bench-")
        folder = Path(scratch.name)
    text = page.read_text(encoding="utf-8")
    body = json.dumps({"text": text, "filename": page.name}).encode("utf-8")
    figures = Figures(words=len(re.sub(r"<[^>]+>", " ", text).split()))
    proc, url = start(folder, workers)
    port = int(url.rsplit(":", 1)[1])
    try:
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(5):
            assert check(warm, body), "the warm-up check failed"
        for _ in range(20):
            began = time.perf_counter()
            assert check(warm, body), "a check failed"
            figures.solo.append(time.perf_counter() - began)
        warm.close()
        figures.rss_start_mb = memory(proc.pid)[0]
        total = clients * checks
        lock = threading.Lock()
        done = 0
        go = threading.Event()

        def client() -> None:
            nonlocal done
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            go.wait()
            for _ in range(checks):
                began = time.perf_counter()
                try:
                    ok = check(conn, body)
                except Exception:  # noqa: BLE001 - a failed request is counted, and the client reconnects
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                took = time.perf_counter() - began
                with lock:
                    figures.latencies.append(took)
                    figures.requests += 1
                    figures.errors += not ok
                    done += 1
                    if done == total // 2:
                        figures.rss_half_mb = memory(proc.pid)[0]
            conn.close()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        began = time.perf_counter()
        go.set()
        for t in threads:
            t.join()
        figures.wall = time.perf_counter() - began
        figures.rss_end_mb, figures.peak_mb = memory(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if scratch is not None:
            scratch.cleanup()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--checks", type=int, default=50)
    parser.add_argument("--page", type=Path, default=PAGE)
    parser.add_argument("--workers", type=int, default=None, help="the desk's --workers (default: its own default)")
    args = parser.parse_args()
    figures = load_test(args.clients, args.checks, page=args.page, workers=args.workers)
    print(figures.summary())
    try:
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    except OSError:
        pass
    sys.exit(1 if figures.errors else 0)


if __name__ == "__main__":
    main()
