"""A crawl against linting the same pages from disk (issue 17's goal: under 2x).

Serves N pages built from the corpus's HTML pages (each with links to two others, and a home page linking to
all) on 127.0.0.1, writes the same N pages to a folder, and times, each in a fresh process with default settings
and no cache: `claimlint check FOLDER` and `claimlint crawl http://127.0.0.1:PORT/`.

    python benchmarks/crawl.py [--pages 200] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def site(pages: int) -> dict[str, bytes]:
    sources = sorted(ROOT.glob("corpus/**/*.html"))
    bodies = {}
    for i in range(pages):
        html = sources[i % len(sources)].read_text(encoding="utf-8", errors="replace")
        nav = f'<nav><a href="/p/{(i + 1) % pages}">next</a> <a href="/p/{(i + 7) % pages}">more</a></nav>'
        bodies[f"/p/{i}"] = (re.sub(r"</body>", nav + "</body>", html, flags=re.I) if "</body>" in html.lower()
                             else html + nav).encode()
    bodies["/"] = ("<html><body>" + "".join(f'<a href="/p/{i}">{i}</a> ' for i in range(pages)) + "</body></html>").encode()
    return bodies


def serve(bodies: dict[str, bytes]) -> str:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies.get(self.path.rstrip("/") or "/")
            self.send_response(200 if body else 404)
            body = body or b"<p>no such page</p>"
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def timed(command: list[str], cwd: str) -> tuple[float, dict]:
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env={**os.environ, "no_proxy": "127.0.0.1"})
    return time.perf_counter() - start, json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    bodies = site(args.pages)
    base = serve(bodies)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch, "site")
        folder.mkdir()
        for path, body in bodies.items():
            if path != "/":
                (folder / f"{path.rsplit('/', 1)[-1]}.html").write_bytes(body)
        for _ in range(args.repeat):
            disk, a = timed(["claimlint", "check", "--no-cache", "--format", "json", str(folder)], scratch)
            crawl, b = timed(["claimlint", "crawl", "--no-cache", "--format", "json", "--max-pages", str(args.pages * 5),
                              f"{base}/"], scratch)
            print(f"disk {disk:.1f} s ({a['files']} files) | crawl {crawl:.1f} s ({b['files']} pages) | "
                  f"{crawl / disk:.2f}x | load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
