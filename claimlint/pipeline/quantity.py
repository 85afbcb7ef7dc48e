"""Stated falls of a measured quantity (HbA1c, glucose, ...) larger than the evidence supports.

Everything about a measure is pack data (a rule's ``match: quantity:``, packs/schema.py ``Quantity``): the
words that name it, its units - how each is written, the plausible readings, a typical starting reading
that a relative cut ("by 30%") is taken of, the largest fall the evidence supports -, the words that state a
fall, the labels of a starting and a resulting reading, and the words that make a bare number something
else (a duration, an age, a count, a price). This module holds only the grammar of numbers in English copy:
how numbers, ranges and changes are written, and the shapes a before-and-after is told in:

- within a sentence: "from 9.1% to 6.2%", "5.4, down from 8.7", "8.9% before, 5.4% six months later", and a
  stated size of fall ("drop by 2.5%", "reductions of 1.5-2 points", "by 40%" of the baseline);
- across the sentences of a paragraph: a reading of the measure, then a later sentence telling a fall to
  another ("Her HbA1c was 9.4 when she arrived. Three months later it had dropped to 6.1.");
- labelled readings in a table row or in consecutive cells ("Before: 8.9%" | "After: 5.4%");
- a table whose adjacent header cells label a starting and a resulting column ("Before HbA1c" | "After HbA1c"),
  read row by row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator

from spacy.tokens import Doc, Span

from ..packs.morphology import inflections
from ..packs.schema import Lexicon, Rule, Unit
from ..readers.document import Block
from .vocabulary import term_variants

Hit = tuple[int, int]
WORD_NUMBERS = {"half": 0.5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
NUMBER = r"\d+(?:\.\d+)?|" + "|".join(WORD_NUMBERS)
PERCENT = ("%", "percent", "per cent")  # a change in percent may be relative: a share of the starting reading
CONNECT = r"(?:to|down to|→|->|➝)(?:\s*(?:below|under|about|around|roughly|nearly|just|less than))?"
# A number after these words is a level reached or a bound ("to 7%", "below 7%"), not the size of a fall.
TARGET = re.compile(r"(?:\bto|below|under|\bat|<|≤)\s*(?:about|around|just)?\s*$", re.I)
START = re.compile(r"\bfrom\s*(?:about|around|just)?\s*$", re.I)  # "from 150 mg/dL": where a fall began
BOUND = re.compile(r"(?:\bto|below|under|above|over|\bat|less than|more than|<|>|≤|≥)\s*(?:about|around|just)?\s*$",
                   re.I)
ROW = re.compile(r"\||\t|\S {2,}\S")  # columns of a table row written as text
LABEL_REACH = 40  # characters from a label ("Before:") to the reading it labels
CURRENCY = "$€£¥"


def _number(text: str) -> float:
    return WORD_NUMBERS.get(text.lower()) or float(text)


def _forms(forms: Iterable[str], hyphen: bool = False) -> str:
    """A regular expression for any of ``forms`` (longest first); words end at a word boundary."""
    out = []
    for form in sorted(set(forms), key=len, reverse=True):
        pattern = r"\s+".join(re.escape(w) for w in form.split())
        if form[-1:].isalnum():
            pattern += r"\b"
        if hyphen and form[:1].isalpha():
            pattern = "-?" + pattern
        out.append(pattern)
    return "(?:" + "|".join(out) + ")" if out else "(?!)"


def _words(lexicon: Lexicon | None) -> set[str]:
    """The literal forms of a lexicon: its terms with their spelling variants, its lemmas inflected."""
    if lexicon is None:
        return set()
    forms = {v.lower() for t in lexicon.terms for v in term_variants(t)}
    return forms | {f for lemma in lexicon.lemmas for f in inflections(lemma)}


@dataclass(frozen=True)
class Reading:
    value: float
    unit: Unit | None  # None: a bare number, read in the unit of the reading it is compared with
    start: int  # characters in the Doc
    end: int


class QuantityCheck:
    """One rule's quantity spec, compiled."""

    def __init__(self, rule: Rule, lexicons: dict[str, Lexicon], foreign: Iterable[str]) -> None:
        q = rule.match.quantity
        self.rule, self.q = rule, q
        self.units = q.units
        self.written = {f.lower(): u for u in q.units for f in u.written}
        self.change_words = {" ".join(f.lower().split()): u for u in q.units for f in (*u.written, *u.changes)}
        # The expressions are compiled when first used (most pages name no measure): compiling them all was a
        # tenth of a one-page run.
        self._lexicons, self._foreign = lexicons, set(foreign)
        self._words: dict[str, re.Pattern] = {}

    @cached_property
    def _unit_forms(self) -> str:
        return _forms(self.written)

    @cached_property
    def pairs(self) -> list[tuple[re.Pattern, bool]]:
        unit, lexicons = self._unit_forms, self._lexicons
        falls, before = _forms(_words(lexicons.get(self.q.falls))), _forms(_words(lexicons.get(self.q.before)))
        a, b = rf"(?P<a>{NUMBER})\s*(?P<au>{unit})?", rf"(?P<b>{NUMBER})\s*(?P<bu>{unit})?"
        return [
            (re.compile(rf"(?:\bfrom\s+)?\b{a}\s*{CONNECT}\s*{b}", re.I), False),  # from 9.1% to 6.2%
            (re.compile(rf"\b{a}\s*(?:\([^)]*\)\s*)?{before}\s*[,;:]?\s*(?:and\s+)?{b}", re.I), False),  # 8.9% before, 5.4%
            (re.compile(rf"\b{b}\s*,?\s*{falls}\s+from\s+{a}", re.I), True),  # 5.4, down from 8.7
        ]

    @cached_property
    def amount(self) -> re.Pattern:
        return re.compile(
            rf"(?<![\w.])(?P<n>{NUMBER})(?:\s*(?:-|–|—|to)\s*(?P<m>{NUMBER}))?(?:\s+full)?\s*"
            rf"(?P<u>{_forms(set(self.change_words) | set(PERCENT), hyphen=True)})(?!\s+of\b)", re.I)

    @cached_property
    def number(self) -> re.Pattern:
        # Readings compared across sentences and cells are written in digits (words are durations: "three months").
        return re.compile(rf"(?<![\w.,])(?P<a>\d+(?:\.\d+)?)(?![\w.,]*\d)(?![^\W\d_])\s*(?P<au>{self._unit_forms})?", re.I)

    @cached_property
    def foreign(self) -> re.Pattern:
        # A number followed by another measure's unit or a percent sign is no bare reading of this one.
        return re.compile(rf"\s*{_forms(self._foreign | set(PERCENT))}", re.I)

    def words(self, key: str) -> re.Pattern:
        """Words found in the text itself (tables are read for the whole document, before it is parsed): the
        measure, the labels of a starting and a resulting reading, and what makes a number no reading."""
        if key not in self._words:
            self._words[key] = re.compile(rf"(?<!\w){_forms(_words(self._lexicons.get(key)))}(?!\w)", re.I)
        return self._words[key]

    def find(self, key: str | None, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Where the words of lexicon ``key`` occur in ``text[start:end]`` (as words: terms, inflected lemmas)."""
        if not key:
            return []
        return [m.span() for m in self.words(key).finditer(text, start, len(text) if end is None else end)]

    def beside_other(self, text: str, start: int, end: int) -> bool:
        """Whether the word just before or after the number at start..end makes it something else (months,
        aged, million): read at those two places only, never over the whole text."""
        other = self.words(self.q.other) if self.q.other else None
        if other is None:
            return False
        after = re.match(r"[\s-]*", text[end:end + 8])
        if other.match(text, end + after.end()):
            return True
        before = re.search(r"(\w[\w-]*(?:\s+\w[\w-]*)?)\W{0,3}$", text[max(0, start - 32):start])
        if before is None:
            return False
        at = max(0, start - 32) + before.start(1)
        return any(m.end() <= start and not text[m.end():start].strip(" :-") for m in _matches_at(other, text, at, start))

    # --- readings ------------------------------------------------------------------------------

    def _unit(self, written: str | None) -> Unit | None:
        return self.written[" ".join(written.lower().split())] if written else None

    def _bare_ok(self, doc_text: str, start: int, end: int) -> bool:
        """A number without a unit may be a reading: not a price, a duration, an age, a count or another unit."""
        if start and doc_text[start - 1] in CURRENCY or self.foreign.match(doc_text, end):
            return False
        return not self.beside_other(doc_text, start, end)

    def pair_unit(self, old: Reading, new: Reading, doc_text: str, strict: bool) -> Unit | None:
        """The unit two readings share. Within a sentence a unit on either side settles it (as written: "from
        9.1% to 6.2"); across sentences a bare number must lie in the other's plausible readings too."""
        given = {u for u in (old.unit, new.unit) if u is not None}
        if len(given) > 1:
            return None
        for r in (old, new):
            if r.unit is None and not self._bare_ok(doc_text, r.start, r.end):
                return None
        if given:
            unit = given.pop()
            if strict and any(r.unit is None and not (unit.bare and _inside(unit, r.value)) for r in (old, new)):
                return None
            return unit
        return next((u for u in self.units if u.bare and _inside(u, old.value) and _inside(u, new.value)), None)

    def readings(self, doc_text: str, start: int, end: int, spent: list[Hit]) -> list[Reading]:
        """Numbers between ``start`` and ``end`` that may be readings of the measure (outside ``spent``)."""
        out = []
        for m in self.number.finditer(doc_text, start, end):
            if any(s <= m.start() < e for s, e in spent):
                continue
            value, unit = _number(m["a"]), self._unit(m["au"])
            if unit is None and not (self._bare_ok(doc_text, m.start(), m.end("a"))
                                     and any(u.bare and _inside(u, value) for u in self.units)):
                continue
            out.append(Reading(value, unit, m.start(), m.end("au") if unit else m.end("a")))
        return out

    # --- within a sentence -----------------------------------------------------------------------

    def in_sentence(self, sentence: Span, doc_text: str, own: dict, lead: dict, lead_range,
                    spent: list[Hit]) -> list[tuple[Hit, frozenset[int], tuple | None]]:
        """(characters, tokens, lead-in) of each stated fall beyond the bound; ``spent`` gets the characters of
        every before-and-after found (a reading compared within its sentence is not compared again)."""
        q = self.q
        measure_hits = own.get(q.measure, []) + lead.get(q.measure, [])
        if not measure_hits:
            return []
        doc, offset = sentence.doc, sentence.start_char
        text = doc_text[offset:sentence.end_char]
        found: list[tuple[int, int]] = []
        spans: list[tuple[int, int]] = []
        for pattern, _ in self.pairs:
            for m in pattern.finditer(text):
                old = Reading(_number(m["a"]), self._unit(m["au"]), offset + m.start("a"), offset + m.end("a"))
                new = Reading(_number(m["b"]), self._unit(m["bu"]), offset + m.start("b"), offset + m.end("b"))
                unit = self.pair_unit(old, new, doc_text, strict=False)
                if unit is None:
                    continue
                spans.append(m.span())
                if old.value - new.value > unit.max_reduction:
                    found.append(m.span())
        if own.get(q.falls):
            for m in self.amount.finditer(text):
                if TARGET.search(text[: m.start()]) or START.search(text[: m.start()]) or any(
                        s <= m.start() < e for s, e in spans):
                    continue
                value = max(_number(v) for v in (m["n"], m["m"]) if v)
                unit, value = self._change(" ".join(m["u"].lower().lstrip("-").split()), value)
                if value > unit.max_reduction:
                    found.append(m.span())
        spent.extend((offset + s, offset + e) for s, e in spans)
        out = []
        for s, e in found:
            span = doc.char_span(offset + s, offset + e, alignment_mode="expand")
            if span is None:
                continue
            start = min([span.start] + [h[0] for h in own.get(q.measure, [])])
            end = max([span.end] + [h[1] for h in own.get(q.measure, [])])
            tokens = frozenset(range(span.start, span.end)) | {t for h in measure_hits for t in range(*h)}
            out.append(((start, end), tokens, None if own.get(q.measure) else lead_range))
        return out

    def _change(self, word: str, value: float) -> tuple[Unit, float]:
        """The unit a stated change is in, and its size in that unit. A percentage is a cut relative to the
        starting reading, unless percent is the measure's own unit and the number could be a change of it."""
        if word in PERCENT:
            own = next((u for u in self.units if any(f.lower() in PERCENT for f in u.written)), None)
            if own is not None and value <= own.readings[1] - own.readings[0]:
                return own, value
            unit = own or self.units[0]
            return unit, value / 100 * unit.baseline
        return self.change_words[word], value


def _inside(unit: Unit, value: float) -> bool:
    return unit.readings[0] <= value <= unit.readings[1]


def _matches_at(pattern: re.Pattern, text: str, start: int, stop: int) -> Iterator[re.Match]:
    """Matches of ``pattern`` that begin at a word start between ``start`` and ``stop``."""
    for at in [start] + [start + m.end() for m in re.finditer(r"\s+", text[start:stop])]:
        m = pattern.match(text, at)
        if m:
            yield m


class Quantities:
    """The quantity rules of a rule set: within a sentence, across sentences, and in labelled readings and tables."""

    def __init__(self, rules: list[Rule], lexicons: dict[str, Lexicon]) -> None:
        written = {r.id: {f for u in r.match.quantity.units for f in u.written} for r in rules}
        self.checks = [QuantityCheck(r, lexicons, set().union(*written.values()) - written[r.id]) for r in rules]
        self.measures = {r.match.quantity.measure for r in rules}

    def __bool__(self) -> bool:
        return bool(self.checks)

    def across(self, doc: Doc, text: str, units, per_sentence: list[dict],
               spent: dict[str, list[Hit]]) -> Iterator[tuple[Rule, int, int, frozenset[int]]]:
        """(rule, token start, token end, tokens) of each fall told across the sentences of a paragraph
        (``spent``: per rule, the readings already compared within their sentence)."""
        for check in self.checks:
            yield from _CrossSentence(check, doc, text, units, per_sentence, spent.get(check.rule.id, []),
                                      self.measures).run()

    def labelled(self, text: str, blocks: list[Block]) -> list[tuple[str, int, int]]:
        """(rule id, start, end) of each resulting reading, labelled or in a table, that falls beyond the bound.

        Read from the words of the whole document, before any of it is parsed, so a table that a window of a
        long document cuts in two is read whole (pipeline/components.py hands each window its own)."""
        out = []
        for check in self.checks:
            if check.find(check.q.measure, text) and check.q.before and check.q.after:
                out.extend((check.rule.id, r.start, r.end) for r in _Labelled(check, text, blocks).run())
        return out


def _tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


class _CrossSentence:
    """A reading of the measure in one sentence, a fall to another told in a later sentence of the paragraph."""

    def __init__(self, check: QuantityCheck, doc: Doc, text: str, units, per_sentence, spent, measures):
        self.check, self.doc, self.text, self.units = check, doc, text, units
        self.per_sentence, self.spent = per_sentence, spent
        self.others = measures - {check.q.measure}

    def run(self):
        q, doc = self.check.q, self.doc
        pending: Reading | None = None
        block = None
        for i, sentence in enumerate(self.units.sentences):
            if self.units.sentence_block[i] != block:
                block, pending = self.units.sentence_block[i], None
            own = self.per_sentence[i]
            names = bool(own.get(q.measure))
            if not names and any(own.get(m) for m in self.others):
                pending = None  # the copy has moved on to another measure
                continue
            falls = pending is not None and bool(own.get(q.falls))
            if not (names or falls):
                continue  # neither a reading of the measure nor a fall from the one before
            found = self.check.readings(self.text, sentence.start_char, sentence.end_char, self.spent)
            if falls and len(found) == 1:
                new = found[0]
                if TARGET.search(self.text[sentence.start_char:new.start]) and self._about_it(own, names, new):
                    unit = self.check.pair_unit(pending, new, self.text, strict=True)
                    if unit is not None and pending.value - new.value > unit.max_reduction:
                        yield from self._claim(own, new)
                    pending = None
                    continue
            if names and len(found) == 1 and not BOUND.search(self.text[sentence.start_char:found[0].start]):
                pending = found[0]
            elif names:
                pending = None

    def _about_it(self, own: dict, names: bool, new: Reading) -> bool:
        """Whether the later sentence tells the fall of the measure: it names it, or what falls is a pronoun
        ("it had dropped to 6.1") or goes unsaid ("down to 6.1"), not another noun ("the clinic cut prices to 5")."""
        if names:
            return True
        doc = self.doc
        falls = [h for h in own.get(self.check.q.falls, []) if doc[h[0]].idx < new.start]
        if not falls:
            return False
        word = doc[falls[-1][0]]
        nouns = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        return all(c.pos_ == "PRON" for c in nouns)

    def _claim(self, own: dict, new: Reading):
        """The claim: from the words of the fall to the reading reached ("dropped to 6.1")."""
        doc = self.doc
        falls = [h for h in own.get(self.check.q.falls, []) if doc[h[0]].idx < new.start]
        tokens = _tokens(doc, doc[falls[-1][0]].idx if falls else new.start, new.end)
        if tokens is not None:
            hits = {t for s, e in [*own.get(self.check.q.measure, []), *falls[-1:]] for t in range(s, e)}
            yield self.check.rule, tokens[0], tokens[1], frozenset(range(*tokens)) | hits


class _Labelled:
    """Readings labelled as starting and resulting: in a table row ("HbA1c | Before: 8.9% | After: 5.4%"), in
    consecutive cells ("Before: 8.9%" | "After: 5.4%"), or by adjacent header cells ("Before HbA1c" | "After HbA1c")."""

    def __init__(self, check: QuantityCheck, text: str, blocks: list[Block]) -> None:
        self.check, self.text, self.blocks = check, text, blocks
        self._hits: dict[int, dict[str, list[Hit]]] = {}

    def hits(self, b: int) -> dict[str, list[Hit]]:
        """The measure's words and the labels in block ``b`` (looked for in the blocks a shape reads only)."""
        if b not in self._hits:
            q, block = self.check.q, self.blocks[b]
            self._hits[b] = {key: self.check.find(key, self.text, block.start, block.end)
                             for key in (q.measure, q.before, q.after)}
        return self._hits[b]

    def _has(self, b: int | None, key: str | None) -> bool:
        return b is not None and bool(self.hits(b)[key])

    def _block_readings(self, b: int) -> list[Reading]:
        block = self.blocks[b]
        return self.check.readings(self.text, block.start, block.end, [])

    def _labelled(self, b: int, key: str) -> list[Reading]:
        """Readings that follow a label of ``key`` in block ``b``, before any other label."""
        q = self.check.q
        fences = sorted(h[0] for k in (q.before, q.after) for h in self.hits(b)[k])
        found = []
        for start, end in self.hits(b)[key]:
            stop = min([f for f in fences if f > start] + [self.blocks[b].end, end + LABEL_REACH])
            found.extend(r for r in self._block_readings(b) if end <= r.start < stop)
        return found

    def run(self) -> Iterator[Reading]:
        q = self.check.q
        for b in range(len(self.blocks)):
            if not self._row(b):
                continue  # in prose, "before", "after" and "now" are everyday words, not labels
            befores, afters = self._labelled(b, q.before), self._labelled(b, q.after)
            if len(befores) == 1 and len(afters) == 1 and self._measured(b):
                yield from self._pair(befores[0], afters[0])
        for run in self._cell_runs():
            for i, b in enumerate(run[1:], 1):
                prev = run[i - 1]
                befores, afters = self._labelled(prev, q.before), self._labelled(b, q.after)
                if (len(befores) == 1 and len(afters) == 1 and not self._labelled(prev, q.after)
                        and any(self._has(c, q.measure) for c in run[:i + 1])):
                    yield from self._pair(befores[0], afters[0])
            yield from self._columns(run)

    def _row(self, b: int) -> bool:
        """A table cell, or a line set out in columns ("HbA1c | Before: 8.9% | After: 5.4%")."""
        block = self.blocks[b]
        return block.kind == "cell" or bool(ROW.search(self.text, block.start, block.end))

    def _measured(self, b: int) -> bool:
        return self._has(b, self.check.q.measure) or self._has(self.blocks[b].lead_in, self.check.q.measure)

    def _cell_runs(self) -> list[list[int]]:
        runs: list[list[int]] = []
        for b, block in enumerate(self.blocks):
            if block.kind != "cell":
                continue
            if runs and runs[-1][-1] == b - 1:
                runs[-1].append(b)
            else:
                runs.append([b])
        return [r for r in runs if len(r) >= 2]

    def _columns(self, run: list[int]) -> Iterator[Reading]:
        """Header cells k, k+1 labelled starting and resulting; the rows below, ``width`` cells apart."""
        q = self.check.q
        for k in range(len(run) - 1):
            if not (self._has(run[k], q.before) and self._has(run[k + 1], q.after)):
                continue
            if self._block_readings(run[k]) or self._block_readings(run[k + 1]):
                continue  # a header holds labels, not readings
            width = next((w for w in range(2, len(run) - k - 1)
                          if self._numeric(run[k + w]) and self._numeric(run[k + w + 1])), None)
            if width is None:
                continue
            header = self._has(run[k], q.measure) or self._has(run[k + 1], q.measure)
            for row in range(k + width, len(run) - 1, width):
                old, new = self._first(run[row]), self._first(run[row + 1])
                label = row - 1 > k + 1 and self._has(run[row - 1], q.measure)
                if old and new and (header or label):
                    yield from self._pair(old, new)

    def _numeric(self, b: int) -> bool:
        """Whether a cell opens with a number that is no duration, count or price, in any unit: a table's rows
        are as wide as the distance from its header pair to the first two such cells side by side."""
        block = self.blocks[b]
        m = re.match(r"\s*(\d+(?:\.\d+)?)", self.text[block.start:block.end])
        if not m:
            return False
        start, end = block.start + m.start(1), block.start + m.end(1)
        return not (start and self.text[start - 1] in CURRENCY) and not self.check.beside_other(self.text, start, end)

    def _first(self, b: int) -> Reading | None:
        """The reading a cell opens with, if it does."""
        block = self.blocks[b]
        found = self._block_readings(b)
        if found and not self.text[block.start:found[0].start].strip():
            return found[0]
        return None

    def _pair(self, old: Reading, new: Reading) -> Iterator[Reading]:
        """The resulting reading, when the fall from ``old`` to it is beyond the bound."""
        unit = self.check.pair_unit(old, new, self.text, strict=True)
        if unit is not None and old.value - new.value > unit.max_reduction:
            yield new
