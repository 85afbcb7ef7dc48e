"""Read the files to lint: find them, decode them, and hand each to the reader for its format."""
from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .document import SourceDocument
from .errors import InputError
from .structure import plain_blocks

TEXT_SUFFIXES = {".txt": "text", ".text": "text"}
DEFAULT_INCLUDE = tuple(TEXT_SUFFIXES)


@dataclass
class Decoded:
    text: str
    warning: str | None = None


def decode(data: bytes, path: str) -> Decoded:
    """Decode bytes as UTF-8 (BOM optional) or UTF-16 (BOM required); fall back to cp1252 with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 text: {exc.reason}", path) from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not linted", path)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return Decoded(text, f"not valid UTF-8 (byte {exc.start}); read as Windows-1252")


Reader = Callable[[str, str], SourceDocument]


def read_plain(path: str, text: str) -> SourceDocument:
    return SourceDocument(path=path, source=text, text=text, blocks=plain_blocks(text), kind="text")


READERS: dict[str, Reader] = {"text": read_plain}


def document_from_text(text: str, path: str = "<text>", kind: str = "text") -> SourceDocument:
    return READERS[kind](path, text)


def kind_for(path: str) -> str:
    return TEXT_SUFFIXES.get(Path(path).suffix.lower(), "text")


def read_document(path: str, data: bytes | None = None, kind: str | None = None) -> tuple[SourceDocument, str | None]:
    """Read one file (or stdin as '-') and return the document plus any decoding warning."""
    if data is None:
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", path) from None
        except IsADirectoryError:
            raise InputError("is a directory", path) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    decoded = decode(data, path)
    return document_from_text(decoded.text, path, kind or kind_for(path)), decoded.warning


def expand_paths(paths: list[str], include: tuple[str, ...] = DEFAULT_INCLUDE) -> Iterator[str | InputError]:
    """Yield files to lint in a stable order; directories are walked for known suffixes."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in include and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield InputError(f"no files to lint (looked for {', '.join(include)})", raw)
            yield from (str(p) for p in found)
        else:
            yield raw
