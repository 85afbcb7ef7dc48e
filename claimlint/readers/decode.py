"""Bytes to text, the way a browser decides the encoding."""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import InputError


@dataclass
class Decoded:
    text: str
    warning: str | None = None


def decode(data: bytes, path: str, charset: str | None = None, html: bool = False) -> Decoded:
    """Decode bytes the way a browser would, in this order of authority.

    A BOM (UTF-8 or UTF-16); the ``charset`` a server sent; UTF-8 when the bytes are
    valid UTF-8; for HTML, the page's own ``<meta charset>``; else Windows-1252 with a warning.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        charset, html = None, False  # the BOM settles it: UTF-8
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 text: {exc.reason}", path) from None
    if charset and _known(charset):
        return _decode_as(data, charset, "as the server declared")
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not linted", path)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        declared = None
        if html:
            from .html import declared_charset  # the HTML reader is imported only when an HTML page needs it

            declared = declared_charset(data)
        if declared and declared != "utf-8":
            return _decode_as(data, declared, "as the page declares")
        text = data.decode("cp1252", errors="replace")
        return Decoded(text, f"not valid UTF-8 (byte {exc.start}); read as Windows-1252")


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
        return True
    except LookupError:
        return False


def _decode_as(data: bytes, charset: str, why: str) -> Decoded:
    try:
        return Decoded(data.decode(charset))
    except UnicodeDecodeError as exc:
        return Decoded(data.decode(charset, errors="replace"),
                       f"not valid {charset} {why} (byte {exc.start}); undecodable bytes replaced")
