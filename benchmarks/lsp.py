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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import Client  # noqa: E402 - the test suite's client: JSON-RPC over the server's stdio

EDIT = " Our stem cells regrow the pancreas."
DEBOUNCE_MS = 250


def page(words: int, folder: Path) -> list[str]:
    """Paragraphs of the Markdown pages under ``folder`` up to ``words`` words."""
    paragraphs, count = [], 0
    # corpus/FIELD.md is notes on the field batches (3,000 words and growing), not a page of copy
    for path in sorted(p for p in folder.rglob("*.md") if p.name != "FIELD.md"):
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


def server(debounce: int, folder: Path, boot: list[str] | None = None) -> Client:
    """A server in ``folder``, started as ``python -m claimlint`` would be, or by the code ``boot`` (``-c CODE``)."""
    client = Client([*(boot or ["-m", "claimlint"]), "lsp", "--debounce", str(debounce)], folder)
    client.start(folder)
    return client


def opened(client: Client, uri: str, text: str) -> int:
    """Open ``text`` as ``uri`` (never written: the editor's buffer is the text); its first diagnostics' count."""
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 0,
                                                            "text": text}})
    return len(client.diagnostics(uri, 0))


def latencies(client: Client, uri: str, texts) -> tuple[list[float], list[float]]:
    """For each text in turn, sent as a change: seconds to its diagnostics, and the server's CPU seconds."""
    times, cpu = [], []
    for version, edited in enumerate(texts, 1):
        started, used = time.perf_counter(), cpu_seconds(client.process.pid)
        client.change(uri, edited, version)
        client.diagnostics(uri, version)
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(client.process.pid) - used)
    return times, cpu


def memory(client: Client, uri: str, texts, every: int) -> list[tuple[int, float]]:
    """Resident memory after the first lint, then after every ``every`` of ``texts``, each linted in turn."""
    readings = [(0, rss_mb(client.process.pid))]
    for version, edited in enumerate(texts, 1):
        client.change(uri, edited, version)
        client.diagnostics(uri, version)
        client.seen.clear()
        client.log.clear()
        if version % every == 0:
            readings.append((version, rss_mb(client.process.pid)))
    return readings


@dataclass
class Setting:
    args: argparse.Namespace
    paragraphs: list[str]
    text: str  # the page as first opened
    folder: Path  # where the servers run
    uri: str  # the page's (never written: the editor's buffer is the text)


def setting(description: str) -> Setting:
    """The command line's options and the page they call for (said on standard output)."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--memory-edits", type=int, default=500)
    parser.add_argument("--pages", type=Path, default=ROOT / "corpus", metavar="DIR")
    args = parser.parse_args()
    paragraphs = page(args.words, args.pages)
    text = "\n\n".join(paragraphs) + "\n"
    folder = Path(__file__).resolve().parent
    print(f"page: {len(text.split())} words, {len(paragraphs)} paragraphs, {len(text)} characters")
    return Setting(args, paragraphs, text, folder, (folder / "lsp-benchmark-page.md").as_uri())


def main() -> None:
    run = setting(__doc__)
    args, paragraphs, text, folder, uri = run.args, run.paragraphs, run.text, run.folder, run.uri

    client = server(DEBOUNCE_MS, folder)
    print(f"first diagnostics: {opened(client, uri, text)} (model loaded and warm)")
    times, cpu = latencies(client, uri, edits(paragraphs, args.edits))
    client.stop()
    median, p95 = summary(times)
    cpu_median, cpu_p95 = summary(cpu)
    print(f"{args.edits} edits, last change to diagnostics: median {median:.0f} ms, p95 {p95:.0f} ms "
          f"(of which the debounce {DEBOUNCE_MS} ms: lint median {median - DEBOUNCE_MS:.0f} ms, "
          f"p95 {p95 - DEBOUNCE_MS:.0f} ms); server CPU per edit: median {cpu_median:.0f} ms, p95 {cpu_p95:.0f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")

    client = server(0, folder)
    opened(client, uri, text)
    readings = memory(client, uri, edits(paragraphs, args.memory_edits, seed=1), 100)
    client.stop()
    print("resident memory after N edits: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in readings))


if __name__ == "__main__":
    main()
