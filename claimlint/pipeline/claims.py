"""Pipeline stage 1: find candidate claims using the rule packs' vocabulary.

Each rule names lexicons that must co-occur within a sentence or clause. List
items and the paragraph after a lead-in ("A larger number of cells means:") are
read together with that lead-in, so a bare item can complete a claim.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span

from ..errors import PackError, first_line
from ..findings import TIERS
from ..packs.ruleset import RuleSet
from ..packs.schema import Rule
from ..readers.document import about
from .blocks import doc_blocks, register_blocks_extension
from .frames import FrameWords, frames
from .matching import GatedMatcher
from .parse import PARSED_KEY
from .quantity import Quantities
from .vocabulary import PhraseKeys, VocabularyMatcher

SPANS_KEY = "claimlint"
# Doc.user_data: (rule id, start, end) of the labelled and tabled readings found in the whole document that fall
# within this Doc (one window of it); read and removed by the claims stage.
LABELLED_KEY = ("claimlint", "labelled")
NEAR = 3  # tokens
CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass"}
Hit = tuple[int, int]


class Claim:
    """One claim: its rule, its tokens and a record of plain values (str, int, lists) that the Doc keeps.

    ``status``, ``cue`` and ``severity`` live in the record, so the later stages write straight into the Doc's
    data and ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and ``nlp.to_disk`` keep every claim.
    """

    __slots__ = ("rule", "start", "end", "record", "_hits")

    def __init__(self, rule: Rule | None, start: int, end: int, hits: Iterable[int] = (),
                 lead_in: tuple[int, int] | None = None, record: dict | None = None) -> None:
        self.rule, self.start, self.end = rule, start, end
        if record is None:
            record = {"hits": sorted(hits), "lead_in": list(lead_in) if lead_in else None,
                      "status": "asserted", "cue": None, "severity": None}
        self.record = record
        self._hits: frozenset[int] | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule.id if self.rule else self.record["rule"])

    @property
    def hits(self) -> frozenset[int]:
        """Tokens the claim's own vocabulary covers."""
        if self._hits is None:
            self._hits = frozenset(self.record["hits"])
        return self._hits

    @property
    def lead_in(self) -> tuple[int, int] | None:
        """Token range of the lead-in that completed the claim."""
        lead = self.record["lead_in"]
        return (lead[0], lead[1]) if lead else None

    @property
    def tier(self) -> str:
        return self.record["tier"]

    @property
    def rule_severity(self) -> str | None:
        """The rule's own severity, which replaces the verdict table's wherever the table reports."""
        return self.record["rule_severity"]

    status = property(lambda self: self.record["status"], lambda self, v: self.record.__setitem__("status", v))
    cue = property(lambda self: self.record["cue"], lambda self, v: self.record.__setitem__("cue", v))
    severity = property(lambda self: self.record["severity"], lambda self, v: self.record.__setitem__("severity", v))


CLAIM_KEY = ("claimlint", "claim")  # Doc.user_data[CLAIM_KEY + (start, end, rule id)]: one claim's record


def _record_key(start: int, end: int, rule_id: str) -> tuple:
    return (*CLAIM_KEY, start, end, rule_id)


def store_claims(doc: Doc, claims: list[Claim]) -> None:
    """Write claims to the Doc: spans in ``doc.spans['claimlint']`` (labelled by rule), records in ``user_data``."""
    for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:2] == CLAIM_KEY]:
        del doc.user_data[key]
    spans = []
    for claim in claims:
        rule, span = claim.rule, doc[claim.start:claim.end]
        sentence = span.sent if len(span) else span
        claim.record.update(rule=rule.id, category=rule.category, tier=rule.tier, rule_severity=rule.severity,
                            reasoning=rule.evidence.reasoning, sentence=[sentence.start_char, sentence.end_char])
        doc.user_data[_record_key(*claim.key)] = claim.record
        spans.append(Span(doc, claim.start, claim.end, label=rule.id))
    doc.spans[SPANS_KEY] = spans


def doc_claims(doc: Doc, rules: Mapping[str, Rule] | None = None) -> list[Claim]:
    """The claims on a Doc, in document order: the one accessor every stage reads them through.

    With ``rules`` (rule id -> Rule) each claim carries its rule, and claims of rules not in it are left out;
    without, ``claim.rule`` is None and the record holds what the verdict needs."""
    claims = []
    for span in doc.spans.get(SPANS_KEY, ()):
        record = doc.user_data.get(_record_key(span.start, span.end, span.label_))
        if record is None or rules is not None and span.label_ not in rules:
            continue
        claims.append(Claim(rules[span.label_] if rules is not None else None, span.start, span.end, record=record))
    return claims


def _record_getter(field: str):
    def get(span: Span):
        record = span.doc.user_data.get(_record_key(span.start, span.end, span.label_))
        return record.get(field) if record is not None else None

    return get


def register_extensions() -> None:
    """Span and Doc extension attributes (idempotent); the span attributes read the claims' records."""
    getters = {"claimlint_rule": lambda s: s.label_ or None}
    for field in ("tier", "category", "reasoning", "status", "severity", "cue"):
        getters[f"claimlint_{field}"] = _record_getter(field)
    for name, getter in getters.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)
    register_blocks_extension()


def _parts(doc: Doc) -> list:
    """The spans to match in: the parsed pieces after a cheap first pass, else the whole doc."""
    ranges = doc.user_data.get(PARSED_KEY)
    if ranges is None:
        return [doc[:]]
    parts = [doc.char_span(a, b, alignment_mode="expand") for a, b in ranges]
    return [p for p in parts if p is not None and len(p)]


class ClaimMatcher:
    """Stage 1 component: writes candidate claims to ``doc.spans['claimlint']``."""

    def __init__(self, nlp, ruleset: RuleSet, builtin_packs: Iterable[str] = (), phrases: PhraseKeys | None = None) -> None:
        """``builtin_packs``: ids of the packs that ship with claimlint (a user's packs rank before them);
        ``phrases``: shared with the context stage (one tokenizer memo)."""
        register_extensions()
        self.ruleset = ruleset
        used = set().union(*(r.match.lexicon_keys() for r in ruleset.rules))
        lexicons = {k: v for k, v in ruleset.lexicons.items() if k in used}
        self.vocabulary = VocabularyMatcher(nlp.vocab, lexicons, phrases or PhraseKeys(nlp))
        self.patterns = GatedMatcher(nlp.vocab)
        self.dependency = DependencyMatcher(nlp.vocab, validate=True)
        for rule in ruleset.rules:
            try:
                if rule.match.pattern:
                    self.patterns.add(rule.id, list(rule.match.pattern))
                if rule.match.dependency:
                    self.dependency.add(rule.id, list(rule.match.dependency))
            except Exception as exc:
                raise PackError(f"rule {rule.id}: invalid spaCy pattern: {first_line(exc)}", rule.path, rule.line) from None
        self.lexicon_rules = [r for r in ruleset.rules if r.match.all or r.match.any or r.match.either or r.match.frame]
        self.quantities = Quantities([r for r in ruleset.rules if r.match.quantity], ruleset.lexicons)
        self.by_id = {r.id: r for r in ruleset.rules}
        from .context.cues import load_cues  # here: the context package imports this module
        cues = load_cues(ruleset)
        self.frame_words = FrameWords(cues.words("standins"), cues.words("relatives"), cues.words("passive_means"),
                                      cues.words("instrument_verbs"), cues.words("first_person"),
                                      cues.words("ability_nouns"))
        # Where rules of one category catch the same words, one is reported: a user's pack before the built-in
        # ones (a custom rule is how a team words its own findings), then the weaker-evidence tier (a hedge may
        # rescue a benefit still being studied, never one not supported), then in load order (README: overlaps).
        builtin = set(builtin_packs)
        ranked = sorted(ruleset.rules, key=lambda r: (r.pack in builtin, -TIERS.index(r.tier)))
        self.order = {r.id: i for i, r in enumerate(ranked)}

    def __call__(self, doc: Doc) -> Doc:
        claims: list[Claim] = []
        parts = _parts(doc)
        hits = self.vocabulary(doc, parts)
        sentences = list(doc.sents)
        units = _Units(doc, sentences)
        per_sentence = units.bucket(hits)
        # Quantities need the text (spaCy joins it anew on every call) only where a measure is named.
        measured = self.quantities and any(hits.get(m) for m in self.quantities.measures)
        text = doc.text if measured or self.quantities and LABELLED_KEY not in doc.user_data else ""
        spent: dict[str, list[Hit]] = defaultdict(list)  # characters of readings compared within a sentence, by rule
        earlier: dict[str, list[Hit]] = defaultdict(list)  # hits in earlier sentences of the same block
        for index, sentence in enumerate(sentences):
            if index and units.sentence_block[index] != units.sentence_block[index - 1]:
                earlier = defaultdict(list)
            own = per_sentence[index]
            if not own:
                continue
            lead_index = units.lead_in_of(index)
            lead = per_sentence[lead_index] if lead_index is not None else {}
            lead_range = (sentences[lead_index].start, sentences[lead_index].end) if lead_index is not None else None
            context = _Context(own, lead, lead_range, earlier, units, self.frame_words,
                               lambda i=index: units.about_of(i, per_sentence))
            found = []
            for rule in self.lexicon_rules:
                found.extend(_match_spec(rule, rule.match, context))
            for check in self.quantities.checks:
                for (start, end), tokens, lead_in in check.in_sentence(sentence, text, own, lead, lead_range,
                                                                       spent[check.rule.id]):
                    found.append(Claim(check.rule, start, end, tokens, lead_in))
            claims.extend(_merge(found, within_sentence=True))
            for key, spans in own.items():
                earlier[key].extend(spans)
        if measured:
            for rule, start, end, tokens in self.quantities.across(doc, text, units, per_sentence, spent):
                claims.append(Claim(rule, start, end, tokens))
        if self.quantities:
            claims.extend(self._labelled(doc, text, units.blocks))
        claims.extend(self._raw_matches(doc, parts))
        store_claims(doc, _one_per_category(_merge(claims), self.order))
        return doc

    def _labelled(self, doc: Doc, text: str, blocks) -> list[Claim]:
        """Resulting readings labelled or in a table: those the pipeline found in the whole document for this
        Doc (``LABELLED_KEY``, pipeline/components.py), else those of this Doc's own text."""
        found = doc.user_data.pop(LABELLED_KEY, None)
        if found is None:
            found = self.quantities.labelled(text, blocks)
        out = []
        for rule_id, start, end in found:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                out.append(Claim(self.by_id[rule_id], span.start, span.end, range(span.start, span.end)))
        return out

    def _raw_matches(self, doc: Doc, parts: list[Span]) -> list[Claim]:
        out = []
        for rule_id, start, end in (self.patterns(doc, parts) if len(self.patterns) else []):
            out.append(Claim(self.by_id[rule_id], start, end, frozenset(range(start, end))))
        for match_id, token_ids in (self.dependency(doc) if len(self.dependency) else []):
            out.append(Claim(self.by_id[doc.vocab.strings[match_id]], min(token_ids), max(token_ids) + 1, frozenset(token_ids)))
        return out


class _Units:
    """Sentences, the blocks they sit in, lead-ins and clause ids."""

    def __init__(self, doc: Doc, sentences: list[Span]) -> None:
        self.doc = doc
        self.sentences = sentences
        blocks = doc_blocks(doc)
        starts = [b.start for b in blocks]
        self.sentence_block = [
            (bisect.bisect_right(starts, s.start_char) - 1) if blocks else None for s in sentences
        ]
        self.blocks = blocks
        self.last_sentence_of_block: dict[int, int] = {}
        self.sentences_of_block: dict[int, list[int]] = defaultdict(list)
        for i, b in enumerate(self.sentence_block):
            if b is not None and b >= 0:
                self.last_sentence_of_block[b] = i
                self.sentences_of_block[b].append(i)
        self.token_sentence = {}
        for i, s in enumerate(sentences):
            for t in range(s.start, s.end):
                self.token_sentence[t] = i
        self._clause: dict[int, int] = {}

    def bucket(self, hits: dict[str, list[Hit]]) -> list[dict[str, list[Hit]]]:
        out: list[dict[str, list[Hit]]] = [defaultdict(list) for _ in self.sentences]
        for key, spans in hits.items():
            for start, end in spans:
                out[self.token_sentence[start]][key].append((start, end))
        return out

    def about_of(self, index: int, per_sentence: list[dict[str, list[Hit]]]) -> list[dict[str, list[Hit]]]:
        """Hits of the blocks that say what a sentence's block is about (readers/document.py, about: its section's heading, the
        page title, the paragraphs before it in the section), as 'requires' reads them ("Leo's Success Story"
        makes the page a patient's story)."""
        b = self.sentence_block[index]
        if b is None or b < 0:
            return []
        return [per_sentence[i] for j in about(b, self.blocks) for i in self.sentences_of_block.get(j, ())]

    def lead_in_of(self, index: int) -> int | None:
        b = self.sentence_block[index]
        if b is None or b < 0:
            return None
        lead = self.blocks[b].lead_in
        return self.last_sentence_of_block.get(lead) if lead is not None else None

    def clause(self, token_index: int) -> int:
        """Index of the head of the clause a token belongs to."""
        if token_index not in self._clause:
            token = self.doc[token_index]
            while token.dep_ not in CLAUSE_DEPS and not (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):
                if token.head.i == token.i:
                    break
                token = token.head
            self._clause[token_index] = token.i
        return self._clause[token_index]


def _nearest(anchor: Hit, candidates: list[Hit]) -> Hit | None:
    return min(candidates, key=lambda h: abs(h[0] - anchor[0]), default=None)


@dataclass
class _Context:
    """What one sentence's rules can draw on: its own hits, its lead-in's, and its block's earlier ones."""

    own: dict[str, list[Hit]]
    lead: dict[str, list[Hit]]
    lead_range: tuple[int, int] | None
    earlier: dict[str, list[Hit]]
    units: "_Units"
    frame_words: FrameWords
    about: Callable[[], list[dict[str, list[Hit]]]]  # read only by a 'requires' condition, so found on demand


def _match_spec(rule: Rule, spec, ctx: _Context) -> list[Claim]:
    found = [c for alt in spec.either for c in _match_spec(rule, alt, ctx)]
    if spec.frame:
        found += _match_frame(rule, spec, ctx)
    # 'requires' asks what the paragraph is about (its lead-in, earlier sentences, headings and the paragraphs
    # before it in its section count), whatever 'within' says
    if spec.requires and not any(part.get(k) for part in (ctx.own, ctx.lead, ctx.earlier, *ctx.about())
                                 for k in spec.requires):
        return found
    if spec.all or spec.any:
        lead = ctx.lead
        if spec.within == "block":
            lead = {k: lead.get(k, []) + ctx.earlier.get(k, []) for k in set(lead) | set(ctx.earlier)}
        found += _match_rule(rule, spec, ctx.own, lead, ctx.lead_range, ctx.units)
    return found


def _match_frame(rule: Rule, spec, ctx: _Context) -> list[Claim]:
    """Who does what to what in the sentence (pipeline/frames.py); the actor may be named earlier in the block."""
    f, own = spec.frame, ctx.own
    if any(own.get(k) or ctx.lead.get(k) for k in spec.not_):
        return []
    predicates = [h for k in f.predicate for h in own.get(k, [])]
    targets = [h for k in f.target for h in own.get(k, [])]
    if not predicates or not targets:
        return []
    actors = [h for k in f.actor for h in own.get(k, [])] if f.actor else None
    named_before = bool(f.actor) and any(ctx.lead.get(k) or ctx.earlier.get(k) for k in f.actor)
    return [Claim(rule, hit.start, hit.end, hit.hits)
            for hit in frames(ctx.units.doc, predicates, targets, actors, named_before, ctx.frame_words)]


def _match_rule(rule: Rule, spec, own, lead, lead_range, units: _Units) -> list[Claim]:
    keys = (*spec.all, *spec.any)
    if not any(own.get(k) for k in keys) or spec.anchor and not own.get(spec.anchor):
        return []  # an item must carry part of the claim itself (its anchor, when the rule names one)
    if any(own.get(k) or lead.get(k) for k in spec.not_):
        return []
    combined = {k: own.get(k, []) + lead.get(k, []) for k in keys}
    if any(not combined[k] for k in spec.all):
        return []
    if spec.any and not any(combined[k] for k in spec.any):
        return []
    in_lead = set(h for k in keys for h in lead.get(k, []))
    if spec.anchor:
        anchors_key = spec.anchor
        anchor_pool = own[anchors_key]
    elif spec.order and spec.all:
        anchors_key = spec.all[0]
        anchor_pool = combined[anchors_key]
    else:
        anchors_key = min((k for k in keys if own.get(k)), key=lambda k: (k not in spec.all, len(own[k])))
        anchor_pool = own[anchors_key]
    claims = []
    for anchor in anchor_pool:
        members = [anchor]
        ok = True
        for k in [k for k in spec.all if k != anchors_key]:
            after = members[-1][1] if spec.order else None
            pool = [h for h in combined[k] if _same_clause(spec.within, anchor, h, in_lead, units)
                    and (after is None or h[0] >= after) and not _overlaps_any(h, members)]
            best = _nearest(members[-1] if spec.order else anchor, pool)
            if best is None:
                ok = False
                break
            members.append(best)
        if ok and spec.any and anchors_key not in spec.any:
            pool = [h for k in spec.any for h in combined[k] if _same_clause(spec.within, anchor, h, in_lead, units)]
            best = _nearest(anchor, pool)
            ok = best is not None
            if ok:
                members.append(best)
        if not ok or all(h in in_lead for h in members):
            continue
        mine = [h for h in members if h not in in_lead]
        tokens = frozenset(t for s, e in members for t in range(s, e))
        claims.append(
            Claim(rule, min(s for s, _ in mine), max(e for _, e in mine), tokens,
                  lead_range if len(mine) < len(members) else None)
        )
    return claims


def _overlaps_any(hit: Hit, members: list[Hit]) -> bool:
    """Each element of a rule must be its own words: one phrase cannot satisfy two."""
    return any(hit[0] < e and s < hit[1] for s, e in members)


def _same_clause(within: str, a: Hit, b: Hit, in_lead: set[Hit], units: _Units) -> bool:
    if within != "clause" or b in in_lead:
        return True
    # Words a few tokens apart belong together whatever the parser says ("Say goodbye to metformin").
    gap = b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]
    return gap <= NEAR or units.clause(a[0]) == units.clause(b[0])


def _merge(claims: list[Claim], within_sentence: bool = False) -> list[Claim]:
    """One claim per rule per sentence (or per overlapping stretch of text), in document order."""
    claims.sort(key=lambda c: (c.rule.id, c.start, c.end))
    merged: list[Claim] = []
    for c in claims:
        last = merged[-1] if merged else None
        if last and last.rule.id == c.rule.id and (within_sentence or c.start < last.end):
            merged[-1] = Claim(last.rule, last.start, max(last.end, c.end), last.hits | c.hits, last.lead_in or c.lead_in)
        else:
            merged.append(c)
    merged.sort(key=lambda c: (c.start, c.end, c.rule.id))
    return merged


def _one_per_category(claims: list[Claim], order: dict[str, int]) -> list[Claim]:
    """Two packs may both catch one phrase ("guaranteed"): report it once per category, by the first-loaded rule."""
    kept: dict[str, list[Claim]] = defaultdict(list)  # compared only within a category
    for c in sorted(claims, key=lambda c: order[c.rule.id]):
        same = kept[c.rule.category]
        if not any(c.start < k.end and k.start < c.end for k in same):
            same.append(c)
    return sorted((c for group in kept.values() for c in group), key=lambda c: (c.start, c.end, c.rule.id))
