"""Drafts as reviewers receive them: Word documents (.docx) and PDF brochures (.pdf).

Neither has lines a reviewer could point at in the file itself, so each is read into a text of its own, the
document's ``source``, whose lines are what a finding's line and column count:

- .docx: one line per paragraph, in document order (table cells' paragraphs included, empty paragraphs kept as
  empty lines), so a finding's line is the paragraph's number and its column the character in that paragraph.
- .pdf: each page's text as pypdf extracts it, pages one blank line apart; the line counts from the document's
  start and every finding also carries its page (``SourceDocument.page_at``).

A file that cannot be read (corrupt, password-protected, or with no text to lint, as a scanned brochure) is
one InputError naming it.
"""
from __future__ import annotations

import io
import logging

from ..errors import InputError
from .document import SourceDocument
from .plain import without_directives
from .structure import link_blocks, plain_blocks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Tracked changes are read as the document will read once they are accepted: deletions (and the old place of
# moved text) are left out, insertions kept. Drawings and embedded objects hold no running copy.
_SKIPPED = {W + "del", W + "moveFrom", W + "delText", W + "drawing", W + "pict", W + "object", W + "pPr", W + "rPr",
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_SPACES = {W + "tab", W + "br", W + "cr"}
# Encrypted Office files are OLE compound files, not zip packages.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PAGE_BREAK = "\n\n"


def read_docx(path: str, data: bytes) -> SourceDocument:
    """A Word document's paragraphs, headings (by style), list items and table cells; comments are no copy."""
    if data.startswith(_OLE_MAGIC):
        raise InputError("password-protected or legacy Word file (.docx expected); not linted", path)
    import docx  # python-docx: loaded only when a draft is read

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a bad zip, a missing part, broken XML: one line, never a traceback
        raise InputError(f"not a readable .docx file ({_reason(exc)}); not linted", path) from None
    lines: list[tuple[str, str]] = []
    _body(document, document.element.body, "paragraph", lines)
    if not any(text.strip() for text, _ in lines):
        raise InputError("no text in this .docx (images only?); not linted", path)
    return lines_document(path, lines, "docx")


def _body(document, element, kind: str, lines: list[tuple[str, str]]) -> None:
    """Paragraphs and tables in reading order; a table cell's paragraphs are cells, however deep the nesting."""
    for child in element:
        if child.tag == W + "p":
            text = "".join(_runs(child)).strip()
            lines.append((" ".join(text.split()), kind if kind == "cell" else _paragraph_kind(document, child)))
        elif child.tag == W + "tbl":
            for cell in child.iter(W + "tc"):
                if cell.getparent().getparent() is child:  # this table's own cells; nested tables recurse
                    _body(document, cell, "cell", lines)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"):
            _body(document, child, kind, lines)


def _runs(element) -> list[str]:
    out: list[str] = []
    for child in element:
        if child.tag in _SKIPPED:
            continue
        if child.tag == W + "t":
            out.append(child.text or "")
        elif child.tag in _SPACES:
            out.append(" ")
        elif child.tag == W + "noBreakHyphen":
            out.append("-")
        else:  # runs, insertions, hyperlinks, fields, smart tags
            out.extend(_runs(child))
    return out


def _paragraph_kind(document, p) -> str:
    ppr = p.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    name = ""
    if style is not None:
        style_id = style.get(W + "val", "")
        found = next((s for s in document.styles if s.style_id == style_id), None)
        name = (found.name if found is not None and found.name else style_id).lower()
    if name.startswith(("heading", "title", "subtitle")) or (ppr is not None and ppr.find(W + "outlineLvl") is not None):
        return "heading"
    if "list" in name or (ppr is not None and ppr.find(W + "numPr") is not None):
        return "item"
    return "paragraph"


def lines_document(path: str, lines: list[tuple[str, str]], kind: str) -> SourceDocument:
    """A document of one line per block (empty lines are no block), headings and lead-ins linked."""
    source = "\n".join(text for text, _ in lines)
    spans, pos = [], 0
    for text, block_kind in lines:
        if text:
            spans.append((pos, pos + len(text), block_kind))
        pos += len(text) + 1
    linted = without_directives(source)
    return SourceDocument(path=path, source=source, text=linted, blocks=link_blocks(linted, spans), kind=kind)


def read_pdf(path: str, data: bytes) -> SourceDocument:
    """The text of every page, its paragraphs, headings and list items inferred from its lines as for plain text."""
    import pypdf  # loaded only when a draft is read

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd but readable files are not ours
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("password-protected PDF; not linted", path)
        pages = [(page.extract_text() or "").replace("\r\n", "\n") for page in reader.pages]
    except InputError:
        raise
    except pypdf.errors.DependencyError:
        raise InputError("encrypted PDF (needs a decryption library); not linted", path) from None
    except pypdf.errors.FileNotDecryptedError:
        raise InputError("password-protected PDF; not linted", path) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a broken file: one line, never a traceback
        raise InputError(f"not a readable PDF ({_reason(exc)}); not linted", path) from None
    if not any(page.strip() for page in pages):
        raise InputError("no text in this PDF (scanned images only?); not linted", path)
    texts = [page.strip("\n") for page in pages]
    source = PAGE_BREAK.join(texts)
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + len(PAGE_BREAK)
    linted = without_directives(source)
    # Blocks never cross a page: the blank line between pages ends a paragraph.
    return SourceDocument(path=path, source=source, text=linted, blocks=plain_blocks(linted), kind="pdf", pages=starts)


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:120]
    return text or type(exc).__name__
