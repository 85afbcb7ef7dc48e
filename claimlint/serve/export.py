"""``claimlint review export``: a reviewer's disputed findings and missed claims as corpus cases.

Each review file with either becomes two files in the output folder, in the corpus's own format
(``claimlint/eval/evaluate.py``): the copy as reviewed (``NAME.txt``, ``.md`` or ``.html``) and ``NAME.gold.yaml``
beside it, whose ``flag:`` quotes are the missed claims with the reviewer's category and whose ``pass:`` quotes
are the disputed findings' words (a false positive must pass), each with the rule and note as a comment. So
``claimlint eval OUTPUT`` measures them, and a rule author sees what the reviewer saw.
"""
from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from ..eval.evaluate import GOLD_SUFFIX, quote_found
from ..fileio import atomic_write
from ..readers.sources import TEXT_SUFFIXES, read_document
from ..suppress.review import load_review


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's), on one line."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def case_name(review: dict, taken: set[str]) -> tuple[str, str]:
    """A file stem and suffix for the case, unique among ``taken``."""
    name = PurePosixPath(review["document"].replace("\\", "/")).name
    suffix = PurePosixPath(name).suffix.lower()
    suffix = suffix if suffix in TEXT_SUFFIXES else ".txt"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePosixPath(name).stem).strip("-").lower() or "copy"
    stem, n = f"review-{stem}", 1
    while stem + (f"-{n}" if n > 1 else "") in taken:
        n += 1
    stem += f"-{n}" if n > 1 else ""
    taken.add(stem)
    return stem, suffix


def gold_for(review: dict, source: str, text: str) -> str | None:
    """The gold file for one review (None when it has nothing to teach: no dispute, no missed claim). Quotes no
    longer in the copy (the reviewer edited them away after deciding) are left out, so the case stays valid."""
    flags = [m for m in review.get("missed", []) if m.get("quote") and quote_found(text, m["quote"])]
    disputed = [d for d in review["decisions"].values()
                if d["decision"] == "disputed" and d.get("text") and quote_found(text, d["text"])]
    if not flags and not disputed:
        return None
    lines = [f"# From the review of {_comment(review['document'])} ({_comment(source)}), by `claimlint review export`.",
             "kind: review",
             f"note: {_quoted('reviewed by ' + ', '.join(sorted({e.get('reviewer', '?') for e in [*flags, *disputed]})))}"]
    lines.append("flag:" if flags else "flag: []")
    for m in flags:
        why = f": {_comment(m['note'])}" if m.get("note") else ""
        lines += [f"  - quote: {_quoted(m['quote'])}  # missed claim, marked by {_comment(m.get('reviewer', '?'))}{why}",
                  f"    category: {_quoted(m['category'])}"]
    lines.append("pass:" if disputed else "pass: []")
    for d in disputed:
        why = f": {_comment(d['note'])}" if d.get("note") else ""
        lines.append(f"  - {_quoted(d['text'])}  # disputed {_comment(d.get('rule', '?'))} "
                     f"(a false positive, says {_comment(d.get('reviewer', '?'))}){why}")
    return "\n".join(lines) + "\n"


def export_reviews(reviews: list[Path], output: Path) -> list[Path]:
    """Write a corpus case for each review file with a dispute or a missed claim; returns the documents written."""
    output = Path(output)
    written, taken = [], {p.name[: -len(GOLD_SUFFIX)] for p in output.glob(f"*{GOLD_SUFFIX}")} if output.is_dir() else set()
    for path in reviews:
        review = load_review(Path(path))
        text = review.get("text") or ""
        stem, suffix = case_name(review, set(taken))
        document, _ = read_document(f"{stem}{suffix}", text.encode("utf-8"))
        gold = gold_for(review, str(path), document.text)
        if gold is None:
            continue
        taken.add(stem)
        atomic_write(output / f"{stem}{suffix}", text)
        atomic_write(output / f"{stem}{GOLD_SUFFIX}", gold)
        written.append(output / f"{stem}{suffix}")
    return written
