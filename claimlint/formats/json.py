"""The JSON contract other tools read (its shape is versioned by JSON_VERSION)."""
from __future__ import annotations

import json
from tempfile import SpooledTemporaryFile
from typing import Iterator

from .. import __version__
from ..findings import Finding, LintResult, page_summary
from ._common import by_page, json_array_end, json_items, write_all


JSON_VERSION = "1"
HEADER = f'{{\n  "version": {json.dumps(JSON_VERSION)},\n  "claimlint": {json.dumps(__version__)},\n  "findings": ['
SPOOL_BYTES = 1 << 20  # suppressed claims past this wait on disk, not in memory, until their turn


class JsonWriter:
    """Reported findings are written as each file is done; suppressed ones, which come after them in the
    document, wait in a temporary file, and so does each page's summary (``summaries``: every page with a finding,
    its verdict, claims by tier and disclosures; a page not listed passes). The output is what
    ``json.dumps(indent=2)`` gives for the whole."""

    def __init__(self, **_: object) -> None:
        self.started = False
        self.written = 0
        self.suppressed = SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8")
        self.waiting = 0
        self.pages = SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8")
        self.summaries = 0

    def _start(self) -> str:
        head, self.started = ("" if self.started else HEADER), True
        return head

    def add(self, findings: list[Finding]) -> str:
        reported = [f.to_dict() for f in findings if f.reported]
        waiting = [f.to_dict() for f in findings if not f.reported]
        out = self._start() + "".join(json_items(reported, 1, self.written))
        self.written += len(reported)
        self.suppressed.write("".join(json_items(waiting, 1, self.waiting)))
        self.waiting += len(waiting)
        for found in by_page(findings).values():
            self.pages.write("".join(json_items([page_summary(found)], 1, self.summaries)))
            self.summaries += 1
        return out

    def close(self, result: LintResult) -> Iterator[str]:
        yield self._start() + json_array_end(self.written, 1) + ',\n  "suppressed": ['
        yield from _drain(self.suppressed)
        yield json_array_end(self.waiting, 1) + ',\n  "summaries": ['
        yield from _drain(self.pages)
        errors = [p.to_dict() for p in result.problems if p.level == "error"]
        warnings = [p.to_dict() for p in result.problems if p.level == "warning"]
        yield (json_array_end(self.summaries, 1)
               + ',\n  "errors": [' + "".join(json_items(errors, 1)) + json_array_end(len(errors), 1)
               + ',\n  "warnings": [' + "".join(json_items(warnings, 1)) + json_array_end(len(warnings), 1)
               + f',\n  "files": {result.files}\n}}\n')


def _drain(spool: SpooledTemporaryFile) -> Iterator[str]:
    spool.seek(0)
    while chunk := spool.read(SPOOL_BYTES):
        yield chunk
    spool.close()


def format_json(result: LintResult, **options: object) -> str:
    return write_all(JsonWriter(**options), result)
