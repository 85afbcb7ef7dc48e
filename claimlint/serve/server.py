"""Starting the desk: the configuration of the folder it runs in, then uvicorn on the address asked for."""
from __future__ import annotations

import secrets
import socket
from pathlib import Path
from typing import Callable

import uvicorn

from ..api import prepare
from .app import Settings, create_app
from .checking import Checker
from .security import SecurityMiddleware, is_loopback


def build(host: str = "127.0.0.1", token: str | None = None, rules: tuple[str, ...] = (), config: str | None = None,
          reviews: Path | None = None, max_bytes: int | None = None, workers: int = 1) -> SecurityMiddleware:
    """The desk's ASGI app for this folder's configuration (``rules`` and ``config`` as for ``check``); the model
    is loaded and the packs checked before the first request, and ``workers`` processes lint copies side by side."""
    run = prepare(["."], config_path=config, rules=rules)
    run.linter.check()
    checker = Checker(run, workers)
    checker.lint("Warm-up.", "warm-up.txt")  # the model loads now, not on the reviewer's first check
    settings = Settings(checker, reviews or Path.cwd() / "claimlint-reviews", token, is_loopback(host))
    if max_bytes:
        settings.max_bytes = max_bytes
    return create_app(settings)


def serve(host: str, port: int, token: str | None, rules: tuple[str, ...], config: str | None, reviews: Path | None,
          say: Callable[[str], None], workers: int = 1) -> None:
    """Serve until interrupted. Off loopback a token is required: the one given, or a new one, printed."""
    if not is_loopback(host) and not token:
        token = secrets.token_urlsafe(24)
        say(f"claimlint: listening on {host}, so every request needs a token; generated: {token}")
    app = build(host, token, rules, config, reviews, workers=workers)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))  # bound here, so a port in use is one clear error before anything starts
    sock.listen(2048)  # and listening: a client that reads the address below may connect at once
    shown = f"[{host}]" if ":" in host else host
    say(f"claimlint: review desk on http://{shown}:{sock.getsockname()[1]}/" + (f"?token={token}" if token else "")
        + " (Ctrl+C stops it)")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                                           lifespan="off"))
    server.run(sockets=[sock])
