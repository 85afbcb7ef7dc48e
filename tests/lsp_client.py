"""A small LSP client for the language server tests: JSON-RPC with Content-Length framing over a subprocess's real
standard input and output, as an editor speaks it."""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

WAIT = 60  # seconds before a test gives up on an answer (a failure, never a measurement)


class Client:
    def __init__(self, args: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen([sys.executable, *args], cwd=cwd, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []  # notifications and server requests not yet taken by ``wait_for``, in order
        self.log: list[dict] = []  # every one of them, in order
        self.answers: dict[Any, dict] = {}
        self.next_id = 0
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # the server asks the client (showDocument, registration)
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": {"success": True}
                           if message["method"] == "window/showDocument" else None})
            self.messages.put(message)

    def send_raw(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_raw(json.dumps(message).encode("utf-8"))

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any = None) -> dict:
        """The whole response (``result`` or ``error``)."""
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.answer(self.next_id)

    def answer(self, msg_id: Any) -> dict:
        self._pump(lambda: msg_id in self.answers)
        return self.answers.pop(msg_id)

    def _pump(self, done: Callable[[], bool]) -> None:
        while not done():
            try:
                message = self.messages.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no answer from the server; its stderr: {b''.join(self.stderr)[-2000:]!r}")
            if "method" in message:
                self.seen.append(message)
                self.log.append(message)
            else:
                self.answers[message.get("id")] = message

    def wait_for(self, method: str, test: Callable[[dict], bool] = lambda params: True) -> dict:
        """The params of the first not yet taken message ``method`` from the server that passes ``test``."""
        found: list[dict] = []

        def done() -> bool:
            for message in self.seen:
                if message["method"] == method and test(message.get("params")):
                    found.append(message)
                    return True
            return False

        self._pump(done)
        self.seen.remove(found[0])
        return found[0]["params"]

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict]:
        """The diagnostics published for ``uri`` (at ``version``, when given)."""
        params = self.wait_for("textDocument/publishDiagnostics",
                               lambda p: p["uri"] == uri and (version is None or p.get("version") == version))
        return params["diagnostics"]

    def start(self, root: Path, capabilities: dict | None = None) -> dict:
        result = self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                             "capabilities": capabilities or {}})["result"]
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language: str = "markdown", version: int = 1) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": version,
                                                              "text": text}})
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def stop(self) -> int:
        """Shut the server down as an editor does; its exit code."""
        assert self.request("shutdown") == {"jsonrpc": "2.0", "id": self.next_id, "result": None}
        self.notify("exit")
        return self.process.wait(timeout=WAIT)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def apply_edit(text: str, edit: dict) -> str:
    """Apply a WorkspaceEdit's text edits (UTF-16 positions, as the server sends them) to ``text``."""
    edits = [e for change in edit["documentChanges"] for e in change["edits"]]
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start, end = (offset(text, e["range"][k]) for k in ("start", "end"))
        text = text[:start] + e["newText"] + text[end:]
    return text


def offset(text: str, position: dict) -> int:
    """A UTF-16 position's offset in ``text`` (lines end at '\\n' in these tests)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:position["line"]])
    units = 0
    for i, ch in enumerate(lines[position["line"]]):
        if units >= position["character"]:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(lines[position["line"]])


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
