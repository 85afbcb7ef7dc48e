"""A tiny HTML builder that escapes by default, for the html report.

Everything the report shows from linted copy, file names or rule packs passes through ``tag`` or
``escape``; only ``Safe`` strings (built here from escaped parts) are inserted as they are, so
copy containing markup or scripts can only ever appear as text.
"""
from __future__ import annotations

import html
from typing import Iterable, Union

# Elements without a closing tag.
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class Safe(str):
    """HTML that is already escaped, or built only from escaped parts."""


Child = Union["Safe", str, int, None]


def escape(value: object) -> Safe:
    """Text as HTML: ``& < > " '`` become entities, so it is safe in content and in quoted attributes."""
    if isinstance(value, Safe):
        return value
    return Safe(html.escape(str(value), quote=True))


def join(parts: Iterable[Child], sep: str = "") -> Safe:
    """Concatenate children, escaping any that are not already Safe; None is left out."""
    return Safe(escape(sep).join(escape(p) for p in parts if p is not None))


def attributes(attrs: dict[str, object]) -> Safe:
    """``class_="x"`` -> ``class="x"``, ``data_tier=...`` -> ``data-tier=...``; True is a bare attribute, None/False omitted."""
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return Safe("".join(out))


def tag(element: str, /, *children: Child, **attrs: object) -> Safe:
    """One element; children that are not Safe are escaped as text."""
    opening = f"<{element}{attributes(attrs)}>"
    if element in _VOID:
        return Safe(opening)
    return Safe(f"{opening}{join(children)}</{element}>")
