"""`claimlint spark` on local[1] and local[2] against `claimlint check -j2`, on the same pages (issue 18's goals).

Builds the realistic input (benchmarks/realistic.py) as files, writes the same pages as JSON Lines (url = the
file's path, so the findings name the same pages) and as web archives (one .warc.gz per site folder), then times,
each in a fresh process, no cache: `claimlint check -j2 --format json FOLDER`, and `claimlint spark` over the JSON
Lines on local[1] and local[2] and over the archives on local[2]. Words are those claimlint read (check's
--verbose count; the spark command's own count), so words/s compare like for like. Whole-command times include
start-up (the JVM for Spark, the model in every worker); the spark command also reports its time from the session
up, which leaves out the JVM's start.

With --repeat N the four runs take turns N times (so a change in the machine's load falls on all of them), each
line giving the load average before it; then the median words/s of each and the issue's two ratios.

    python benchmarks/spark.py [--words 220000] [--files 400] [--repeat 1]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {".html": "text/html; charset=utf-8", ".md": "text/markdown", ".txt": "text/plain"}


def build(folder: Path, words: int, files: int) -> tuple[Path, Path, Path]:
    pages = folder / "pages"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "realistic.py"), str(pages), "--words", str(words),
                    "--files", str(files)], check=True, stdout=subprocess.DEVNULL)
    paths = sorted(p for p in pages.rglob("*") if p.suffix in KINDS)
    jsonl = folder / "pages.jsonl"
    with open(jsonl, "w", encoding="utf-8") as out:
        for p in paths:
            out.write(json.dumps({"url": str(p), "content": p.read_text(encoding="utf-8")}) + "\n")
    archives = folder / "warc"
    archives.mkdir()
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    by_site: dict[str, list[Path]] = {}
    for p in paths:
        by_site.setdefault(p.relative_to(pages).parts[0], []).append(p)
    for site, site_pages in by_site.items():
        with open(archives / f"{site}.warc.gz", "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for p in site_pages:
                headers = StatusAndHeaders("200 OK", [("Content-Type", KINDS[p.suffix])], protocol="HTTP/1.1")
                url = f"https://{site}/{p.relative_to(pages / site).as_posix()}"
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(p.read_bytes()),
                                                              http_headers=headers))
    return pages, jsonl, archives


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=220_000)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    claimlint = str(Path(sys.executable).parent / "claimlint")
    with tempfile.TemporaryDirectory(prefix="claimlint-spark-bench-") as scratch:
        folder = Path(scratch)
        pages, jsonl, archives = build(folder, args.words, args.files)
        runs = {
            "check -j2": [claimlint, "check", "-j2", "--no-cache", "--isolated", "--verbose", "--format", "json",
                          str(pages)],
            "spark local[1], JSON Lines": [claimlint, "spark", str(jsonl), "-o", str(folder / "o1"), "--master",
                                           "local[1]", "--isolated"],
            "spark local[2], JSON Lines": [claimlint, "spark", str(jsonl), "-o", str(folder / "o2"), "--master",
                                           "local[2]", "--isolated"],
            "spark local[2], WARC": [claimlint, "spark", str(archives), "-o", str(folder / "o3"), "--master",
                                     "local[2]", "--isolated"],
        }
        rates: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, command in runs.items():
                load = os.getloadavg()[0]
                seconds, err = timed(command)
                if name.startswith("check"):
                    words = int(re.search(r"of ([\d,]+) words parsed", err).group(1).replace(",", ""))
                    inner = ""
                else:
                    found = re.search(r"([\d,]+) pages.*?, ([\d,]+) words, ([\d,]+) findings in ([\d.]+) s", err)
                    words, session = int(found.group(2).replace(",", "")), float(found.group(4))
                    inner = f"; from the session up {session:.1f} s, {words / session:,.0f} words/s"
                rates[name].append(words / seconds)
                print(f"{name:28} {words:,} words in {seconds:.1f} s: {words / seconds:,.0f} words/s{inner} "
                      f"(load {load:.1f} before)", flush=True)
        median = {name: statistics.median(found) for name, found in rates.items()}
        print("medians: " + ", ".join(f"{name} {rate:,.0f}" for name, rate in median.items()))
        two, one = median["spark local[2], JSON Lines"], median["spark local[1], JSON Lines"]
        print(f"local[2] / local[1]: {two / one:.2f} (goal 1.8); local[2] / check -j2: {two / median['check -j2']:.2f} "
              f"(goal 0.8); WARC local[2] / check -j2: {median['spark local[2], WARC'] / median['check -j2']:.2f}")

if __name__ == "__main__":
    main()
