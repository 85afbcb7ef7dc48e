"""What several output formats need alike: which findings to show, their message, and where they are."""
from __future__ import annotations

import json
import math
import os
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol
from urllib.parse import urlsplit

from ..findings import Finding, LintResult



class Writer(Protocol):
    """A format written file by file: ``add`` returns the output for one file's findings as soon as it
    is linted, ``close`` the rest once every file is done (so a big site is never held in memory)."""

    def add(self, findings: list[Finding]) -> str: ...

    def close(self, result: LintResult) -> Iterable[str]: ...


def write_all(writer: Writer, result: LintResult) -> str:
    """The whole output at once, for a result that kept its findings."""
    return writer.add(result.findings) + "".join(writer.close(result))


def json_items(items: Iterable[dict], depth: int, before: int = 0) -> Iterator[str]:
    """Members of a JSON array at ``depth`` (in 2-space indents) that already holds ``before`` members, each
    with its leading separator, laid out as ``json.dumps(indent=2)`` lays out the whole document."""
    pad = "\n" + "  " * (depth + 1)
    for i, item in enumerate(items, before):
        yield ("," if i else "") + pad + indented_json(item, pad)


# The JSON of the values findings are mostly made of, by exact type (a subclass goes the long way, as json treats it).
_PLAIN: dict[type, Callable[[Any], str]] = {str: encode_basestring, int: int.__repr__, type(None): lambda _: "null",
                                            bool: lambda v: "true" if v else "false"}


def indented_json(value: object, pad: str = "\n") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` with each line break followed by ``pad``'s indent.

    The same text, built here: json only indents with its pure-Python encoder, which was a fifth of a run answered
    from the cache. Strings go through json's own (C) escaping; a dict with other than string keys, or a value of
    a type this does not know, is left to json.dumps itself."""
    plain = _PLAIN.get(type(value))
    if plain is not None:
        return plain(value)
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):  # an int subclass (bool has none: it is above)
        return int.__repr__(value)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    inner = pad + "  "
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(_member(v, inner) for v in value) + pad + "]"
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        if not value:
            return "{}"
        return ("{" + inner + ("," + inner).join(encode_basestring(k) + ": " + _member(v, inner)
                                                 for k, v in value.items()) + pad + "}")
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad)


def _member(value: object, pad: str) -> str:
    plain = _PLAIN.get(type(value))  # most members: no call of indented_json
    return plain(value) if plain is not None else indented_json(value, pad)


def json_array_end(count: int, depth: int) -> str:
    return "\n" + "  " * depth + "]" if count else "]"


def message(f: Finding) -> str:
    """The rule's message plus the status note, so a hedged or questioned claim says why it still counts; how many
    pages share a site-wide claim; and a PDF's page, which its line (counted from the document's start) does not
    show."""
    text = f"{f.message} ({f.note})" if f.note else f.message
    if f.origin == "page" and f.cue:  # a disclosure the page hides in its footer or small print
        text = f"{text} (disclosure {f.cue})"
    if f.pages:  # copy the site shares (suppress/shared.py): reported once, here
        text = f"{text} (site-wide: on {len(f.pages)} pages)"
    return f"{text} (page {f.page})" if f.page is not None else text


TIER_LABELS = {"not-supported": "Not supported", "under-investigation": "Under investigation",
               "plausible": "Plausible, exaggerated"}
VERDICTS = {"fail": "Fails as a page", "review": "Needs review", "pass": "Passes"}


def by_page(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by file, in order: a writer's ``add`` gets one file's findings, or (write_all) every file's."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.path, []).append(f)
    return out


def summary_parts(summary: dict) -> tuple[str, str]:
    """A page summary (findings.page_summary) for a reader: its verdict, and its claims by tier and disclosures.
    Every format words it the same way; the report sets the verdict in bold."""
    claims = ", ".join(f"{n} {TIER_LABELS.get(tier, tier).lower()}" for tier, n in summary["claims"].items() if n) or "no claims"
    rest = f" — claims: {claims}"
    found, missing = summary["disclosures"]["found"], summary["disclosures"]["missing"]
    if missing:
        rest += f"; disclosures missing: {', '.join(missing)}"
    if found:
        rest += f"; disclosures found: {', '.join(found)}"
    return VERDICTS[summary["verdict"]], rest


def origin(f: Finding) -> str:
    """What found the claim, for a reader: a rule, or the recall model with its score."""
    if f.origin == "model":
        score = "" if f.score is None else f", score {f.score:.2f}"
        return f"the recall model{score} (the model proposes; a reviewer decides)"
    return f"rule {f.rule}"


def is_url(path: str) -> bool:
    # Only a scheme followed by '//' counts: a Windows drive ('C:\\...') parses as a one-letter scheme.
    parts = urlsplit(path)
    return len(parts.scheme) > 1 and path[len(parts.scheme):].startswith("://")


def relative_path(path: str) -> str | None:
    """``path`` relative to the current directory in '/' form, or None when it lies outside it.

    CI systems resolve locations against the checkout they run in, which is the working directory.
    """
    cwd = Path.cwd()
    # Try the lexical and the symlink-resolved form: either may match cwd (e.g. /tmp -> /private/tmp).
    for candidate in (Path(os.path.abspath(path)), resolved_path(path)):
        try:
            return candidate.relative_to(cwd).as_posix()
        except ValueError:
            continue
    return None


def resolved_path(path: str) -> Path:
    """The absolute, symlink-free path; just absolute when the links loop."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (reported as a problem with the file)
        return Path(os.path.abspath(path))


def display_path(path: str) -> str:
    """Path for CI annotations: URLs as given, files relative to the working directory when inside it."""
    if is_url(path):
        return path
    return relative_path(path) or path


def linted_paths(result: LintResult) -> list[str]:
    """Paths of linted files that had at least one claim, in first-seen order.

    LintResult counts linted files but does not name them, so a file without any claim is not listed.
    """
    return list(dict.fromkeys(f.path for f in result.findings))
