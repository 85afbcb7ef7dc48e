"""Offsets into a document's text <-> LSP positions.

LSP counts lines at '\\n', '\\r\\n' and '\\r' only, and characters in the code units of the encoding agreed at
start-up (UTF-16 unless the client offers another), while claimlint's findings are offsets in code points. An
emoji before a claim is one code point but two UTF-16 units: every range the server sends goes through here.
"""
from __future__ import annotations

import bisect
import re

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")


def _units_utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _units_utf8(text: str) -> int:
    return len(text.encode("utf-8"))


UNITS = {types.PositionEncodingKind.Utf16: _units_utf16, types.PositionEncodingKind.Utf8: _units_utf8,
         types.PositionEncodingKind.Utf32: len}


class LineIndex:
    """One text's line starts, for converting both ways in the agreed encoding."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.units = UNITS.get(encoding, _units_utf16)
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def _line_end(self, line: int) -> int:
        """Where ``line``'s content ends (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            return end - (2 if self.text.startswith("\r\n", end - 2) else 1)
        return len(self.text)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line, self.units(self.text[self.starts[line]:offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def line_range(self, line: int) -> types.Range:
        """The whole of 0-based ``line`` (for a problem that has a line and no column)."""
        line = max(0, min(line, len(self.starts) - 1))
        return self.range(self.starts[line], self._line_end(line))

    def offset(self, position: types.Position) -> int:
        """The offset of a client position; past the end of a line is its end, past the last line the text's end."""
        if position.line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[position.line], self._line_end(position.line)
        count = 0
        for i in range(start, end):
            if count >= position.character:
                return i
            count += self.units(self.text[i])
        return end
