"""Refuse regular expressions in rule packs that could stall a run.

spaCy's Matcher runs a ``REGEX`` predicate (``{"TEXT": {"REGEX": "..."}}``) with Python's
backtracking ``re.search`` on every token of every page, and a scraped page can hold tokens
thousands of characters long. Some patterns then take exponential or high polynomial time:
``(a+)+c`` needs a second for 24 characters, ``\\d+\\d+x`` sixteen seconds for 3,000. A pack
is untrusted input, so its patterns are checked when it loads and refused with
``file:line: message`` when they are too long, invalid, or shaped for backtracking:

- a variable repeat inside another repeat (nested quantifiers: ``(a+)+``, ``(\\w+\\s?)*``);
- alternatives that can match the same text inside a repeat (``(a|a)*``, ``(x|xy|y)*``), or
  more than ``MAX_AMBIGUOUS`` such alternations in one pattern (they multiply);
- two unbounded repeats that can match the same characters with nothing between them that
  tells them apart (``\\d+\\d+``, ``.*a.*``): each such pair multiplies the work by the length.

The check is conservative: it may refuse a pattern that happens to be safe, and the message
says how to write it more simply. Character classes are compared on a sample alphabet (ASCII,
the pattern's own characters and a few non-ASCII letters, digits and spaces).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

try:  # the parser behind re.compile; renamed in Python 3.11
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from ..errors import PackError

MAX_REGEX_CHARS = 200
MAX_AMBIGUOUS = 3

_C = sre_constants
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
_ZERO_WIDTH = {_C.AT, _C.ASSERT, _C.ASSERT_NOT}
_SAMPLES = "éßΩдЖ中١²½’“—\u00a0\u2003\u200b"
_CATEGORIES = {
    _C.CATEGORY_DIGIT: re.compile(r"\d"), _C.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _C.CATEGORY_SPACE: re.compile(r"\s"), _C.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _C.CATEGORY_WORD: re.compile(r"\w"), _C.CATEGORY_NOT_WORD: re.compile(r"\W"),
}


def check_patterns(node: Any, path: str, where: str) -> None:
    """Check every ``REGEX`` value in a pack's Matcher patterns; raise PackError at its line."""
    for value, line in _regex_values(node):
        problem = regex_problem(value)
        if problem:
            raise PackError(f"{where}: {problem}", path, line or None)


def _regex_values(node: Any, line: int = 0) -> Iterator[tuple[Any, int]]:
    """``REGEX`` values at any depth (token attributes, ``_`` extensions, RIGHT_ATTRS), with their lines."""
    line = getattr(node, "line", 0) or line
    if isinstance(node, dict):
        for key, value in node.items():
            at = node.line_of(key) if hasattr(node, "line_of") else line
            if key == "REGEX":
                yield value, getattr(value, "line", 0) or at
            else:
                yield from _regex_values(value, at)
    elif isinstance(node, list):
        for value in node:
            yield from _regex_values(value, line)


def regex_problem(pattern: Any) -> str | None:
    """Why ``pattern`` may not be used in a pack, or None when it may."""
    if not isinstance(pattern, str):
        return f"REGEX must be text, got {pattern!r}"
    shown = pattern if len(pattern) <= 60 else pattern[:57] + "..."
    if len(pattern) > MAX_REGEX_CHARS:
        return f"regular expression is longer than {MAX_REGEX_CHARS} characters: {shown!r}"
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return f"invalid regular expression {shown!r}: {exc}"
    issue = _Analysis(pattern, parsed.state.flags).issue(parsed)
    return f"regular expression {shown!r} {issue}" if issue else None


@dataclass(frozen=True)
class _Shape:
    nullable: bool  # can match the empty string
    first: frozenset[str]  # characters a match can start with
    chars: frozenset[str]  # characters a match can contain


_EMPTY = _Shape(True, frozenset(), frozenset())


class _Analysis:
    def __init__(self, pattern: str, flags: int) -> None:
        self.ignore_case = bool(flags & re.IGNORECASE)
        self.dotall = bool(flags & re.DOTALL)
        self.alphabet = frozenset(map(chr, range(128))) | frozenset(_SAMPLES) | frozenset(pattern)
        self.ambiguous = 0
        self.everything = _Shape(True, self.alphabet, self.alphabet)

    def issue(self, parsed: Any) -> str | None:
        try:
            self._check(list(parsed), repeated=False)
        except _Refused as refused:
            return str(refused)
        if self.ambiguous > MAX_AMBIGUOUS:
            return (f"has {self.ambiguous} alternations whose alternatives overlap (at most {MAX_AMBIGUOUS}): "
                    "their backtracking multiplies; list the words in a lexicon instead")
        return None

    # -- checks ---------------------------------------------------------------------------------
    def _check(self, items: list, repeated: bool) -> None:
        sequence = self._flatten(items)
        self._adjacent_repeats(sequence)
        for op, av in items:
            if op in _REPEATS:
                low, high, body = av
                if repeated and low != high:
                    raise _Refused("nests a variable repeat inside another repeat, like (a+)+: it can take "
                                   "exponential time; use one repeat over a character class, like [\\w-]+")
                self._check(list(body), repeated or high > 1)
            elif op == _C.BRANCH:
                alternatives = av[1]
                if self._overlap(alternatives):
                    if repeated:
                        raise _Refused("repeats alternatives that can match the same text, like (a|a)* or "
                                       "(x|xy|y)*: it can take exponential time; use a character class or "
                                       "alternatives that start differently")
                    self.ambiguous += 1
                for alternative in alternatives:
                    self._check(list(alternative), repeated)
            elif op == _C.SUBPATTERN:
                self._check(list(av[-1]), repeated)
            elif op in (_C.ASSERT, _C.ASSERT_NOT):
                self._check(list(av[1]), repeated)
            elif op == getattr(_C, "ATOMIC_GROUP", None):
                self._check(list(av), repeated)
            elif op == _C.GROUPREF_EXISTS:
                for branch in av[1:]:
                    if branch is not None:
                        self._check(list(branch), repeated)

    def _overlap(self, alternatives: list) -> bool:
        shapes = [self._sequence(list(a)) for a in alternatives]
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                if (a.nullable and b.nullable) or a.first & b.first:
                    return True
        return False

    def _adjacent_repeats(self, sequence: list) -> None:
        """Two unbounded repeats that share characters, with nothing in between that only one can match."""
        shapes = [self._shape(op, av) for op, av in sequence]
        unbounded = [i for i, (op, av) in enumerate(sequence) if op in _REPEATS and av[1] >= _C.MAXREPEAT]
        for x, i in enumerate(unbounded):
            for j in unbounded[x + 1:]:
                common = shapes[i].chars & shapes[j].chars
                if common and all(s.nullable or s.chars & common for s in shapes[i + 1:j]):
                    raise _Refused("has two unbounded repeats that can match the same characters, like \\d+\\d+ "
                                   "or .*a.*: the time grows with a power of the token's length; spaCy searches "
                                   "anywhere in the token, so a leading or trailing .* is not needed")

    def _flatten(self, items: list) -> list:
        """The sequence with plain groups opened up, so (\\d+)\\d+ counts as adjacent repeats."""
        out = []
        for op, av in items:
            if op == _C.SUBPATTERN:
                out.extend(self._flatten(list(av[-1])))
            else:
                out.append((op, av))
        return out

    # -- shapes ---------------------------------------------------------------------------------
    def _sequence(self, items: list) -> _Shape:
        nullable, first, chars = True, frozenset(), frozenset()
        for op, av in items:
            shape = self._shape(op, av)
            if nullable:
                first |= shape.first
            nullable = nullable and shape.nullable
            chars |= shape.chars
        return _Shape(nullable, first, chars)

    def _shape(self, op: Any, av: Any) -> _Shape:
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
            chars = self._charset(op, av)
            return _Shape(False, chars, chars)
        if op in _ZERO_WIDTH:
            return _EMPTY
        if op in _REPEATS:
            low, _, body = av
            shape = self._sequence(list(body))
            return _Shape(low == 0 or shape.nullable, shape.first, shape.chars)
        if op == _C.SUBPATTERN:
            return self._sequence(list(av[-1]))
        if op == getattr(_C, "ATOMIC_GROUP", None):
            return self._sequence(list(av))
        if op == _C.BRANCH:
            shapes = [self._sequence(list(a)) for a in av[1]]
            return _Shape(any(s.nullable for s in shapes), frozenset().union(*(s.first for s in shapes)),
                          frozenset().union(*(s.chars for s in shapes)))
        return self.everything  # back references and conditionals: assume the worst

    def _charset(self, op: Any, av: Any) -> frozenset[str]:
        if op == _C.LITERAL:
            return self._cased({chr(av)})
        if op == _C.NOT_LITERAL:
            return self.alphabet - self._cased({chr(av)})
        if op == _C.ANY:
            return self.alphabet if self.dotall else self.alphabet - {"\n"}
        chars: set[str] = set()
        negate = False
        for item_op, item_av in av:
            if item_op == _C.NEGATE:
                negate = True
            elif item_op == _C.LITERAL:
                chars |= self._cased({chr(item_av)})
            elif item_op == _C.RANGE:
                low, high = item_av
                chars |= self._cased({c for c in self.alphabet if low <= ord(c) <= high} | {chr(low), chr(high)})
            elif item_op == _C.CATEGORY and item_av in _CATEGORIES:
                chars |= {c for c in self.alphabet if _CATEGORIES[item_av].match(c)}
            else:  # anything unexpected: assume it matches everything
                chars |= self.alphabet
        return frozenset(self.alphabet - chars if negate else chars)

    def _cased(self, chars: set[str]) -> frozenset[str]:
        if self.ignore_case:
            chars = chars | {c.lower() for c in chars} | {c.upper() for c in chars if len(c.upper()) == 1}
        return frozenset(chars)


class _Refused(Exception):
    pass
