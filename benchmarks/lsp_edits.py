"""Benchmark the language server's partial re-lint: one paragraph of a 2,000-word page edited at a time, the server
as it is (each open document's block memo, claimlint/cache/blocks.py) against the same server re-linting the whole
page on every edit.

    python benchmarks/lsp_edits.py [--words 2000] [--edits 50] [--memory-edits 500] [--pages DIR]

The page and the edits are lsp.py's (the corpus' Markdown cut at ``--words``; each edit adds or takes back a
sentence holding a claim in one paragraph). Latency: from sending each change to receiving its diagnostics, less
the 250 ms debounce, median and p95 over ``--edits`` edits, with the server's CPU per edit (steady when other work
shares the machine, as the wall clock is not). Blocks: how many blocks each edit put through the pipeline, counted
in this process with the linter and a memo as the server keeps them. Memory: the resident set of a server (no
debounce) after 50 edits and after ``--memory-edits``. Ratios are of figures measured in the same run.
"""
from __future__ import annotations

import os
import statistics
from pathlib import Path

from lsp import DEBOUNCE_MS, edits, latencies, memory, opened, server, setting, summary

# The server with the memo left out: every edit re-lints the whole page, as before the memo.
WHOLE = ("import sys\nfrom claimlint.linter import Linter\nreal = Linter.lint_document\n"
         "Linter.lint_document = lambda self, source, memo=None: real(self, source)\n"
         "from claimlint.cli import main\nmain(sys.argv[1:])")


def measure(boot: list[str] | None, text: str, texts: list[str], folder: Path, uri: str) -> dict[str, float]:
    client = server(DEBOUNCE_MS, folder, boot)
    opened(client, uri, text)
    times, cpu = latencies(client, uri, texts)
    client.stop()
    (median, p95), (cpu_median, cpu_p95) = summary(times), summary(cpu)
    return {"median": median - DEBOUNCE_MS, "p95": p95 - DEBOUNCE_MS, "cpu median": cpu_median, "cpu p95": cpu_p95}


def blocks_linted(text: str, texts: list[str]) -> tuple[int, list[int]]:
    """The page's blocks, and how many each edit puts through the pipeline (a memo kept as the server keeps it)."""
    from claimlint.api import BlockMemo, linter_for
    from claimlint.readers.sources import document_from_text

    linter, memo = linter_for(), BlockMemo()
    linter.lint_document(document_from_text(text, "page.md", "markdown"), memo)
    total, counts = len(memo.linted), []
    for edited in texts:
        linter.lint_document(document_from_text(edited, "page.md", "markdown"), memo)
        counts.append(len(memo.linted))
    return total, counts


def main() -> None:
    run = setting(__doc__)
    args, paragraphs, text, folder, uri = run.args, run.paragraphs, run.text, run.folder, run.uri
    texts = list(edits(paragraphs, args.edits))

    total, counts = blocks_linted(text, texts)
    print(f"blocks through the pipeline per edit: median {statistics.median(counts):.0f}, max {max(counts)} "
          f"of the page's {total}")
    partial = measure(None, text, texts, folder, uri)
    whole = measure(["-c", WHOLE], text, texts, folder, uri)
    for name, figures in (("partial (block memo)", partial), ("whole page", whole)):
        print(f"{name}: {args.edits} edits, diagnostics after the debounce median {figures['median']:.0f} ms, "
              f"p95 {figures['p95']:.0f} ms; server CPU per edit median {figures['cpu median']:.0f} ms, "
              f"p95 {figures['cpu p95']:.0f} ms")
    print("whole page / partial: " + ", ".join(f"{key} {whole[key] / partial[key]:.1f}x" for key in partial)
          + f"; load average {os.getloadavg()[0]:.1f}")

    client = server(0, folder)
    opened(client, uri, text)
    readings = memory(client, uri, edits(paragraphs, args.memory_edits, seed=1), 50)
    client.stop()
    print("resident memory after N edits: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in readings))
    after = dict(readings)
    print(f"after {args.memory_edits} edits / after 50: {after[args.memory_edits] / after[50]:.2f}x")


if __name__ == "__main__":
    main()
