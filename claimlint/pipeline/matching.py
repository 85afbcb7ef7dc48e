"""spaCy Matcher patterns, run only where they can match.

spaCy's Matcher tries every pattern at every token, so its cost is the number of patterns
times the length of the text: with a hundred lexicon patterns it cost more than the parser,
and the model's own attribute ruler (about 180 patterns) nearly as much. ``GatedMatcher``
gives the same matches for less:

- a one-token pattern made only of literal tests ({"LEMMA": {"IN": [...]}},
  {"TAG": "PRP", "LOWER": "his"}, {"IS_SPACE": True}) is a dictionary lookup per token;
- any other pattern that needs some literal value runs in a spaCy Matcher only on the window of
  tokens around each token holding that value (a match cannot be longer than the pattern's
  longest form, so none is lost);
- a pattern with no literal test, or of unbounded length, runs everywhere in a plain Matcher.

tests/test_matching.py holds it to the plain Matcher's results.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable

from spacy.attrs import DEP, IDS, LEMMA, LOWER, NORM, ORTH, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

# Token attributes stored as string hashes, by their pattern names (TEXT is ORTH under another name).
STRINGS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "LEMMA": LEMMA, "TAG": TAG, "DEP": DEP}
# Boolean lexeme flags a pattern may test.
FLAGS = {name: IDS[name] for name in ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE",
                                      "IS_TITLE", "IS_UPPER", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "IS_STOP")}
COLUMNS = tuple(dict.fromkeys([*STRINGS.values(), *FLAGS.values()]))
REPEAT = re.compile(r"^\{(\d*)(?:(,)(\d*))?\}$")

Test = tuple[int, frozenset[int]]  # (column, accepted values): one literal condition on a token


def _tests(token: dict, strings) -> list[Test] | None:
    """The token's conditions as literal tests, or None if any condition is not a literal test."""
    out = []
    for name, spec in token.items():
        if name == "OP":
            continue
        if name in STRINGS:
            values = [spec] if isinstance(spec, str) else spec.get("IN") if isinstance(spec, dict) and set(spec) == {"IN"} else None
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                return None
            out.append((COLUMNS.index(STRINGS[name]), frozenset(strings.add(v) for v in values)))
        elif name in FLAGS and isinstance(spec, bool):
            out.append((COLUMNS.index(FLAGS[name]), frozenset({int(spec)})))
        else:
            return None
    return out


def _span(op: Any) -> tuple[int, int | None]:
    """(fewest, most) tokens one pattern token covers; most is None when unbounded."""
    if op in (None, "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op in ("+", "*"):
        return (1 if op == "+" else 0), None
    m = REPEAT.match(str(op))
    if not m:
        return 0, None  # unknown: the Matcher's validation reports it; never gate on it
    low = int(m.group(1) or 0)
    if not m.group(2):
        return low, low
    return low, (int(m.group(3)) if m.group(3) else None)


def _selective(tests: list[Test]) -> Test:
    """The test fewest tokens pass: a word list before a tag, a tag before a flag."""
    return min(tests, key=lambda t: (COLUMNS[t[0]] in FLAGS.values(), COLUMNS[t[0]] == TAG, len(t[1])))


def _gate(pattern: list[dict], strings) -> tuple[Test, int] | None:
    """A test some token of every match passes, and the longest match: (test, reach)."""
    reach, best = 0, None
    for token in pattern:
        fewest, most = _span(token.get("OP"))
        if most is None:
            return None
        reach += most
        tests = _tests(token, strings) if fewest >= 1 and token.get("OP") != "!" else None
        if tests:
            test = _selective(tests)
            if best is None or _selective([best, test]) is test:
                best = test
    return (best, reach) if best else None


class GatedMatcher:
    """The matches of spaCy Matcher patterns, each pattern run only where its gate test passes."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        # (attribute, value) -> what a token holding it triggers: one-token patterns (key, their other
        # tests) and the gated matchers to run around it
        self.index: dict[tuple[int, int], tuple[list[tuple[str, list[Test]]], list[int]]] = defaultdict(lambda: ([], []))
        self.gated: list[tuple[Matcher, int]] = []  # (matcher, reach)
        self.everywhere = Matcher(vocab, validate=True)
        self.columns: set[int] = set()  # the attributes the index and the one-token tests read
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def add(self, key: str, patterns: Iterable[list[dict]]) -> None:
        """Raises spaCy's own errors for an invalid pattern, like Matcher.add."""
        strings = self.vocab.strings
        for pattern in patterns:
            self.size += 1
            tests = _tests(pattern[0], strings) if len(pattern) == 1 and "OP" not in pattern[0] else None
            if tests:
                first = _selective(tests)
                rest = [t for t in tests if t is not first]
                self.columns.update(c for c, _ in tests)
                for value in first[1]:
                    self.index[(first[0], value)][0].append((key, rest))
                continue
            gate = _gate(pattern, strings)
            if gate is None:
                self.everywhere.add(key, [pattern])
                continue
            (column, values), reach = gate
            matcher = Matcher(self.vocab, validate=True)
            matcher.add(key, [pattern])
            self.gated.append((matcher, reach))
            self.columns.add(column)
            for value in values:
                self.index[(column, value)][1].append(len(self.gated) - 1)

    def __call__(self, doc: Doc, parts: Iterable[Span] | None = None) -> list[tuple[str, int, int]]:
        """(key, start, end) in doc offsets, sorted, for every match inside one of ``parts`` (default: the doc)."""
        strings = self.vocab.strings
        parts = [doc[:]] if parts is None else parts
        out = []
        columns = sorted(self.columns)
        table = doc.to_array([COLUMNS[c] for c in columns]).reshape(len(doc), len(columns)).tolist() if columns else []
        nothing = ((), ())
        for part in parts:
            if len(self.everywhere):
                out.extend((strings[m], s + part.start, e + part.start) for m, s, e in self.everywhere(part))
            around: dict[int, list[int]] = defaultdict(list)
            for i in range(part.start, part.end) if table else ():
                row = dict(zip(columns, table[i]))
                for cell in row.items():
                    direct, gated = self.index.get(cell, nothing)
                    for key, rest in direct:
                        if all(row[c] in values for c, values in rest):
                            out.append((key, i, i + 1))
                    for which in gated:
                        around[which].append(i)
            for which, positions in around.items():
                matcher, reach = self.gated[which]
                for a, b in _windows(positions, reach, part.start, part.end):
                    out.extend((strings[m], s + a, e + a) for m, s, e in matcher(doc[a:b]))
        return sorted(set(out))


def _windows(positions: list[int], reach: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token ranges that hold every match of at most ``reach`` tokens through one of ``positions``."""
    out: list[list[int]] = []
    for i in sorted(set(positions)):
        a, b = max(lo, i - reach + 1), min(hi, i + reach)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
