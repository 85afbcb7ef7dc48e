"""What a crawl keeps: every response it fetched, with its request, as WARC records (warcio), and the state an
interrupted crawl resumes from."""
from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError
from ..fileio import atomic_write
from ..readers.fetch import Fetched

STATE_VERSION = 1
# Hop-by-hop framing the body as stored no longer has: http.client undid the chunking.
_FRAMING = ("transfer-encoding", "content-length")


class Archive:
    """A WARC file written record by record; each page's request and response are flushed together, so the file
    always ends on a whole record (``size`` is what the state records)."""

    def __init__(self, path: Path, truncate_to: int | None = None) -> None:
        from warcio.warcwriter import WARCWriter

        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(path, "r+b" if truncate_to is not None and path.exists() else "wb")
            if truncate_to is not None:  # what was written after the state was last saved is fetched again
                self._file.truncate(truncate_to)
                self._file.seek(truncate_to)
        except OSError as exc:
            raise InputError(f"cannot write the archive: {exc.strerror or exc}", str(path)) from None
        self._writer = WARCWriter(self._file, gzip=path.name.lower().endswith(".gz"))
        if truncate_to is None:
            self._writer.write_record(self._writer.create_warcinfo_record(path.name, {"software": _software()}))
            self._file.flush()

    @property
    def size(self) -> int:
        return self._file.tell()

    def add(self, fetched: Fetched, date: str) -> None:
        """The request as sent and the response as received (status, headers, body), both dated ``date``."""
        from warcio.statusandheaders import StatusAndHeaders

        parts = urlsplit(fetched.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = StatusAndHeaders(f"GET {target} HTTP/1.1", fetched.request, is_http_request=True)
        headers = [(k, v) for k, v in fetched.headers if k.lower() not in _FRAMING]
        headers.append(("Content-Length", str(len(fetched.data))))
        reason = _REASONS.get(fetched.status // 100, "")
        response = StatusAndHeaders(f"{fetched.status} {reason}".strip(), headers, protocol="HTTP/1.1")
        warc = {"WARC-Date": date}
        out = self._writer.create_warc_record(fetched.url, "response", payload=io.BytesIO(fetched.data),
                                              http_headers=response, warc_headers_dict=warc)
        sent = self._writer.create_warc_record(fetched.url, "request", payload=io.BytesIO(b""), http_headers=request,
                                               warc_headers_dict=warc)
        self._writer.write_request_response_pair(sent, out)
        self._file.flush()

    def close(self) -> None:
        self._file.close()


_REASONS = {2: "OK", 3: "Redirect", 4: "Client Error", 5: "Server Error"}


def _software() -> str:
    from .. import __version__

    return f"claimlint/{__version__}"


@dataclass
class CrawlState:
    """Enough to go on where a crawl stopped: what it was asked, what it has seen, what is left, and how much of
    its archive is whole."""

    start: list[str]
    hosts: list[str]
    seen: list[str] = field(default_factory=list)
    queue: list[tuple[str, int, str]] = field(default_factory=list)  # url, depth, linked from
    fetched: int = 0  # page requests made
    pages: int = 0  # pages archived to be linted
    archive: str = ""
    archive_size: int = 0
    version: int = STATE_VERSION

    def save(self, path: Path) -> None:
        atomic_write(path, json.dumps(asdict(self)), durable=False)

    @classmethod
    def load(cls, path: Path) -> CrawlState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                raise ValueError("written by another version")
            state = cls(**data)
        except FileNotFoundError:
            raise InputError("no crawl to resume (no state file)", str(path)) from None
        except (OSError, ValueError, TypeError) as exc:
            raise InputError(f"cannot resume from this state file ({exc})", str(path)) from None
        state.queue = [tuple(item) for item in state.queue]
        return state
