"""spaCy components: ``nlp.add_pipe("claimlint")`` is the whole pipeline, in a user's own ``nlp`` and in the command.

``claimlint`` reads a document's blocks (a reader's, or those of its plain text), who speaks in it (the voice,
read once from the whole text), then, a window of blocks at a time (readers/windows.py), parses the blocks that
may hold a claim with the model's own components that precede it (the prefilter is its hook: parse.py), and
runs the three stages on them: claims (claims.py), context (context/) and verdict (verdict.py). The claims
land on the Doc as plain values - ``doc.spans["claimlint"]`` and a record per claim in ``doc.user_data``, read
by the ``span._.claimlint_*`` attributes - so ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and
``nlp.to_disk`` keep them. ``Linter`` (linter.py) calls the same component on each document it reads:
``Claimlint.process`` takes a reader's document, so a very long page never has to be one Doc.

The stages are also registered one by one (``claimlint_claims``, ``claimlint_context``, ``claimlint_verdict``)
for a pipeline that parses whole texts itself, and ``claimlint_blocks`` (before the parser) starts a sentence
at every block. Components holding packs save them with the pipeline (pack_store.py).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Hashable, Iterable, Iterator, List

import spacy.util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList, ensure_path

from ..packs.ruleset import RuleSet
from ..readers.document import SourceDocument
from ..readers.plain import read_plain
from ..readers.windows import Window, block_windows, bounds, split_long_blocks, windowable, windows
from .blocks import doc_blocks, register_blocks_extension
from .claims import CLAIM_KEY, LABELLED_KEY, SPANS_KEY, ClaimMatcher, doc_claims, register_extensions
from .context import VOICE_KEY, ContextAnalyzer, Voice
from .pack_store import PackStore
from .parse import Component, parse
from .prefilter import Prefilter, reads
from .verdict import Verdict
from .vocabulary import PhraseKeys

PACK_CONFIG = {"rules": [], "builtin": True, "select": [], "ignore": []}
ASSIGNS = ["doc.spans", "doc.user_data", "span._.claimlint_rule", "span._.claimlint_tier", "span._.claimlint_category",
           "span._.claimlint_status", "span._.claimlint_severity", "span._.claimlint_cue", "span._.claimlint_reasoning"]
# What the stages read; the model's components that precede ``claimlint`` provide it, block by block.
REQUIRES = ["token.tag", "token.dep", "token.lemma"]


class _WithPacks(Pipe):
    """A component that runs with rule packs and saves them with the pipeline (``to_disk``/``to_bytes``)."""

    def __init__(self, nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str],
                 ignore: List[str]) -> None:
        register_extensions()
        self.nlp, self.name = nlp, name
        self.packs = PackStore(rules, builtin, select, ignore)
        self._built = False

    @property
    def ruleset(self) -> RuleSet:
        return self.packs.ruleset

    def build(self) -> None:
        """Compile the packs into matchers now (otherwise on first use)."""
        if not self._built:
            self._build(self.packs.ruleset)
            self._built = True

    def _build(self, ruleset: RuleSet) -> None:
        raise NotImplementedError

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return spacy.util.to_bytes({"packs": self.packs.to_bytes}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "_WithPacks":
        spacy.util.from_bytes(bytes_data, {"packs": self.packs.from_bytes}, exclude)
        self._built = False
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        spacy.util.to_disk(path, {"packs": self.packs.to_disk}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> "_WithPacks":
        spacy.util.from_disk(ensure_path(path), {"packs": self.packs.from_disk}, exclude)
        self._built = False
        return self


class Claimlint(_WithPacks):
    """The whole claimlint pipeline as one component (``nlp.add_pipe("claimlint")``)."""

    def __init__(self, nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str],
                 ignore: List[str], full_parse: bool) -> None:
        super().__init__(nlp, name, rules, builtin, select, ignore)
        self.full_parse = full_parse  # parse every block, not only those the prefilter picks (same findings)
        # The opt-in recall aid (claimlint/recall/propose.py: Proposer), set by the linter with --with-model: per
        # window it may widen the blocks parsed and add a stage after the claims stage. None: the rules alone.
        self.recall = None

    def _build(self, ruleset: RuleSet) -> None:
        phrases = PhraseKeys(self.nlp)  # one tokenizer memo for both stages' phrases
        self.claims = ClaimMatcher(self.nlp, ruleset, self.packs.builtin_packs, phrases)
        self.context = ContextAnalyzer(self.nlp, ruleset, phrases)
        self.verdict = Verdict()
        self.prefilter = None if self.full_parse else Prefilter(ruleset, phrases.words)
        phrases.save()

    def __call__(self, doc: Doc) -> Doc:
        """Find, read and weigh the claims of ``doc``'s text and put them on ``doc``. The Doc's own annotations
        are left as they are: claimlint parses the blocks it needs block by block, as the command does, so
        the findings are the command's."""
        blocks = doc._.claimlint_blocks
        if blocks is None:  # the blocks of plain text, directive lines blanked, as the command reads a .txt file
            source = read_plain("<doc>", doc.text)
        else:
            source = SourceDocument(path="<doc>", source=doc.text, text=doc.text, blocks=doc_blocks(doc))
        _Transfer(doc).run(self.process(source))
        return doc

    def prepare(self, source: SourceDocument) -> Prepared:
        """A reader's document with its long blocks cut, and what every window of it reads from the whole text."""
        self.build()
        source = split_long_blocks(source)
        # Read from the whole document, so every window of a long one reads them alike: who speaks, and the
        # readings labelled as before and after or set out in a table (a window may cut a table in two).
        voice = self.context.voice(source.text, source.blocks)
        labelled = self.claims.quantities.labelled(source.text, source.blocks) if self.claims.quantities else []
        return Prepared(source, voice, labelled)

    def process(self, source: SourceDocument | Prepared,
                only: Collection[int] | None = None) -> Iterator[tuple[Window, Doc]]:
        """The claims of a reader's document: each window of it (readers/windows.py) with its processed Doc.
        ``only``: the claims of just these blocks of the prepared document (``Prepared.block_keys`` says which
        may be left out)."""
        page = source if isinstance(source, Prepared) else self.prepare(source)
        components = self.model_components()
        for window in windows(page.document, only=only):
            prefilter, stages = self.prefilter, (self.claims, self.context, self.verdict)
            if self.recall is not None:
                prefilter, stages = self.recall.hook(window.document, prefilter, stages)
            doc = parse(self.nlp, components, window.document, prefilter)
            doc.user_data[VOICE_KEY] = page.voice
            doc.user_data[LABELLED_KEY] = _in_window(page.document, window, page.labelled)
            for stage in stages:
                doc = stage(doc)
            del doc.user_data[VOICE_KEY]  # an object, not a plain value: read, then gone
            yield window, doc

    def model_components(self) -> list[Component]:
        """The components before this one that annotate tokens (tagger, parser, lemmatizer, ...): they run on the
        blocks claimlint parses. Entity recognition is left out (no stage reads it), and so is claimlint."""
        names = self.nlp.pipe_names  # enabled ones only (en_core_web_sm ships its senter disabled)
        before = names[:names.index(self.name)] if self.name in names else names
        out = []
        for name in before:
            component = self.nlp.get_pipe(name)
            assigns = self.nlp.get_pipe_meta(name).assigns
            if isinstance(component, (_WithPacks, VerdictStage, BlockBoundaries)):
                continue
            if assigns and all(a.startswith(("doc.ents", "token.ent_")) for a in assigns):
                continue
            out.append((name, component))
        return out


@dataclass(frozen=True)
class Prepared:
    """A document as each window of it is read: long blocks cut, who speaks and the labelled readings."""

    document: SourceDocument
    voice: Voice
    labelled: list[tuple[str, int, int]]

    def block_keys(self) -> list[tuple[Hashable, int]] | None:
        """For each block, all its claims depend on, as one value, and where the block starts in the source; None
        when the blocks cannot be linted apart. The value: the block's own window (its text with the blocks its
        context reads, prefilter.reads, as the first pass parses them with it), who speaks, the labelled readings
        in that window, and how its text maps to the source from its start. A window's claims are the whole
        document's (test_windows.py), so blocks with equal values have equal findings, moved by where each block
        starts (test_lsp.py edits a page every way and compares)."""
        doc = self.document
        if not windowable(doc):
            return None
        cuts = bounds(doc)
        out = []
        for i, window in enumerate(block_windows(doc, lambda j: reads(j, doc.blocks, doc.text))):
            start, mapped = _mapped(doc, cuts[i], cuts[i + 1])
            labelled = tuple(map(tuple, _in_window(doc, window, self.labelled)))
            out.append(((window.document.text, tuple(window.document.blocks), window.own, self.voice, labelled,
                         doc.kind, mapped), start))
        return out


def _mapped(doc: SourceDocument, a: int, b: int) -> tuple[int, tuple]:
    """Where text[a:b] starts in the source, and how it maps there from that start (with the source it covers)."""
    start = doc.to_source(a)
    end = doc.to_source(b) if b < len(doc.text) else len(doc.source)
    starts, sources = doc.offsets.text_starts, doc.offsets.source_starts
    inside = range(bisect.bisect_right(starts, a), bisect.bisect_left(starts, b))
    return start, (doc.source[start:end], tuple((starts[k] - a, sources[k] - start) for k in inside))


def _in_window(source: SourceDocument, window: Window, found: list[tuple[str, int, int]]) -> list[list]:
    """Ranges of the document's text, moved to the window's text (the blocks they lie in are copied whole)."""
    if window.own is None:
        return [list(f) for f in found]
    sub = window.document
    at: dict[int, list] = {}
    for block in sub.blocks:
        at.setdefault(sub.to_source(block.start), []).append(block)
    starts = [b.start for b in source.blocks]
    out = []
    for rule_id, start, end in found:
        block = source.blocks[max(bisect.bisect_right(starts, start) - 1, 0)]
        for copy in at.get(source.to_source(block.start), []):
            if copy.end - copy.start == block.end - block.start:
                out.append([rule_id, start + copy.start - block.start, end + copy.start - block.start])
                break
    return out


class _Transfer:
    """Claims found on the Docs of a document's windows, put on the caller's Doc at the same characters."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def token(self, char: int) -> int:
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def run(self, processed: Iterable[tuple[Window, Doc]]) -> None:
        doc = self.doc
        for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:2] == CLAIM_KEY]:
            del doc.user_data[key]
        spans = {}
        for window, part in processed:
            to_doc = window.document.to_source
            own = window.own
            for claim in doc_claims(part):
                first, last = part[claim.start], part[claim.end - 1]
                if own is not None and not own[0] <= first.idx < own[1]:
                    continue
                span = doc.char_span(to_doc(first.idx), _end(to_doc, last.idx, last.idx + len(last)),
                                     label=claim.record["rule"], alignment_mode="expand")
                key = (span.start, span.end, span.label_) if span is not None else None
                if key is None or key in spans:
                    continue
                record = dict(claim.record)
                record["hits"] = sorted({self.token(to_doc(part[h].idx)) for h in claim.hits})
                if claim.lead_in:
                    a, b = claim.lead_in
                    record["lead_in"] = [self.token(to_doc(part[a].idx)), self.token(to_doc(part[b - 1].idx)) + 1]
                start, end = record["sentence"]
                record["sentence"] = [to_doc(start), _end(to_doc, start, end)]
                doc.user_data[(*CLAIM_KEY, *key)] = record
                spans[key] = span
        doc.spans[SPANS_KEY] = [spans[k] for k in sorted(spans)]


def _end(to_doc, start: int, end: int) -> int:
    """Where the characters start..end of a window end in the whole text."""
    return to_doc(end - 1) + 1 if end > start else to_doc(start)


class BlockBoundaries(Pipe):
    """Start a sentence at every block (heading, list item, paragraph) so none spans two."""

    def __init__(self, name: str = "claimlint_blocks") -> None:
        register_blocks_extension()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        starts = {b.start for b in doc_blocks(doc)}
        for token in doc:
            if token.idx in starts and token.i > 0:
                token.is_sent_start = True
        return doc


class ClaimsStage(_WithPacks):
    """Stage 1 on its own: candidate claims in a Doc the pipeline has parsed whole."""

    def _build(self, ruleset: RuleSet) -> None:
        self.stage = ClaimMatcher(self.nlp, ruleset, self.packs.builtin_packs)

    def __call__(self, doc: Doc) -> Doc:
        self.build()
        return self.stage(doc)


class ContextStage(_WithPacks):
    """Stage 2 on its own: how each claim is stated (its voice read from the Doc itself)."""

    def _build(self, ruleset: RuleSet) -> None:
        self.stage = ContextAnalyzer(self.nlp, ruleset)

    def __call__(self, doc: Doc) -> Doc:
        self.build()
        return self.stage(doc)


class VerdictStage(Pipe):
    """Stage 3 on its own: tier x status -> severity, from the claims' records (no packs needed)."""

    def __init__(self, name: str = "claimlint_verdict") -> None:
        register_extensions()
        self.name = name
        self.stage = Verdict()

    def __call__(self, doc: Doc) -> Doc:
        return self.stage(doc)


@Language.factory("claimlint", assigns=ASSIGNS, requires=REQUIRES, default_config={**PACK_CONFIG, "full_parse": False})
def make_claimlint(nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str], ignore: List[str],
                   full_parse: bool) -> Claimlint:
    return Claimlint(nlp, name, rules, builtin, select, ignore, full_parse)


@Language.factory("claimlint_blocks", assigns=["token.is_sent_start"])
def make_blocks(nlp: Language, name: str) -> BlockBoundaries:
    return BlockBoundaries(name)


@Language.factory("claimlint_claims", assigns=["doc.spans", "doc.user_data"], requires=REQUIRES,
                  default_config=PACK_CONFIG)
def make_claims(nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str],
                ignore: List[str]) -> ClaimsStage:
    return ClaimsStage(nlp, name, rules, builtin, select, ignore)


@Language.factory("claimlint_context", assigns=["doc.user_data"], requires=["doc.spans"], default_config=PACK_CONFIG)
def make_context(nlp: Language, name: str, rules: List[str], builtin: bool, select: List[str],
                 ignore: List[str]) -> ContextStage:
    return ContextStage(nlp, name, rules, builtin, select, ignore)


@Language.factory("claimlint_verdict", assigns=["doc.user_data"], requires=["doc.spans"])
def make_verdict(nlp: Language, name: str) -> VerdictStage:
    return VerdictStage(name)
