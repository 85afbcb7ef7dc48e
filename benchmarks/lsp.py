"""Benchmark `claimlint lsp` as an editor uses it: a 2,000-word Markdown page, one paragraph edited at a time.

    python benchmarks/lsp.py [--words 2000] [--edits 50] [--memory-edits 500] [--pages DIR]

Latency: a server with the default debounce (250 ms); each edit is one didChange, and the time is taken from
sending it to receiving the diagnostics for that version (the debounce included; the figure less the debounce is
the lint). Beside it, the server's CPU time for each edit (its process, all threads, from /proc): steady when other
work shares the machine, as the wall-clock figure is not; the load average is printed with them. Memory: a second server (no debounce, so every edit is linted) takes ``--memory-edits`` edits, one
after another's diagnostics, and its resident set size is read from /proc after the first lint and then every
100 edits. The page is the Markdown pages under ``--pages`` (default: corpus/, dense with over-claims, so nearly
every paragraph is parsed; a site from realistic.py is closer to a clinic's copy), in sorted order, cut at
``--words``; each edit rewrites one paragraph (chosen with a fixed seed), adding or taking back a sentence that
holds a claim.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import Client  # noqa: E402 - the test suite's client: JSON-RPC over the server's stdio

EDIT = " Our stem cells regrow the pancreas."
DEBOUNCE_MS = 250


def page(words: int, folder: Path) -> list[str]:
    """Paragraphs of the Markdown pages under ``folder`` up to ``words`` words."""
    paragraphs, count = [], 0
    for path in sorted(folder.rglob("*.md")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            if count >= words:
                return paragraphs
            paragraphs.append(paragraph.strip())
            count += len(paragraph.split())
    return paragraphs


def edits(paragraphs: list[str], count: int, seed: int = 0):
    """``count`` texts of the page, each one paragraph away from the one before."""
    rng = random.Random(seed)
    current = list(paragraphs)
    prose = [i for i, p in enumerate(paragraphs) if p and not p.startswith(("#", "|", "-", "*", "`"))]
    for _ in range(count):
        i = rng.choice(prose)
        current[i] = current[i][:-len(EDIT)] if current[i].endswith(EDIT) else current[i] + EDIT
        yield "\n\n".join(current) + "\n"


def cpu_seconds(pid: int) -> float:
    """User and system time of the process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def summary(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ms = sorted(t * 1000 for t in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]


def server(debounce: int, folder: Path) -> Client:
    client = Client(["-m", "claimlint", "lsp", "--debounce", str(debounce)], folder)
    client.start(folder)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--memory-edits", type=int, default=500)
    parser.add_argument("--pages", type=Path, default=ROOT / "corpus", metavar="DIR")
    args = parser.parse_args()
    paragraphs = page(args.words, args.pages)
    text = "\n\n".join(paragraphs) + "\n"
    folder = Path(__file__).resolve().parent
    uri = (folder / "lsp-benchmark-page.md").as_uri()  # never written: the editor's buffer is the text
    print(f"page: {len(text.split())} words, {len(paragraphs)} paragraphs, {len(text)} characters")

    client = server(DEBOUNCE_MS, folder)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 0,
                                                            "text": text}})
    print(f"first diagnostics: {len(client.diagnostics(uri, 0))} (model loaded and warm)")
    times, cpu = [], []
    for version, edited in enumerate(edits(paragraphs, args.edits), 1):
        started, used = time.perf_counter(), cpu_seconds(client.process.pid)
        client.change(uri, edited, version)
        client.diagnostics(uri, version)
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(client.process.pid) - used)
    client.stop()
    median, p95 = summary(times)
    cpu_median, cpu_p95 = summary(cpu)
    print(f"{args.edits} edits, last change to diagnostics: median {median:.0f} ms, p95 {p95:.0f} ms "
          f"(of which the debounce {DEBOUNCE_MS} ms: lint median {median - DEBOUNCE_MS:.0f} ms, "
          f"p95 {p95 - DEBOUNCE_MS:.0f} ms); server CPU per edit: median {cpu_median:.0f} ms, p95 {cpu_p95:.0f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")

    client = server(0, folder)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 0,
                                                            "text": text}})
    client.diagnostics(uri, 0)
    readings = [(0, rss_mb(client.process.pid))]
    for version, edited in enumerate(edits(paragraphs, args.memory_edits, seed=1), 1):
        client.change(uri, edited, version)
        client.diagnostics(uri, version)
        client.seen.clear()
        client.log.clear()
        if version % 100 == 0:
            readings.append((version, rss_mb(client.process.pid)))
    client.stop()
    print("resident memory after N edits: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in readings))


if __name__ == "__main__":
    main()
