"""Using the recall model: score every sentence, propose those the rules missed, and let the context stage read them.

The ``claimlint`` component runs a window of a document at a time (pipeline/components.py). With a ``Proposer``
as its ``recall`` hook, for each window:

1. every sentence of every block is scored (data.py splits them as the model was trained);
2. the blocks holding a sentence at or above the threshold are parsed too, with their context (the rules' first
   pass is extended, never narrowed, so the rules find exactly what they find without the model);
3. after the claims stage, each such sentence that no rule claim overlaps (reported or not: the context stage
   has yet to read them) becomes a claim of the model's rule, with its score in the claim's record;
4. the context and verdict stages read it like any other claim: a negated, disclaimed, attributed or
   research-framed proposal is not reported, and ``--show-suppressed`` says why.

The linter then marks the findings of the model's rule: ``origin`` "model", the ``score``, and the score in the
message. The model is loaded once per process, the first time it is asked for, from a folder on disk (nothing
is downloaded).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Sequence

from spacy.tokens import Doc

from ..errors import ClaimlintError
from ..findings import Finding
from ..packs.schema import Rule
from ..pipeline.claims import Claim, doc_claims, store_claims
from ..readers.document import Block, SourceDocument
from . import LABEL, MODEL_DIR, PACK, RULE_ID, THRESHOLD
from .data import sentences


@dataclass
class Sentence:
    """One scored sentence of a text: its block, its characters in the text, its score and its tokens."""

    block: int
    start: int
    end: int
    score: float
    doc: Doc  # lower-cased, as the model reads it
    words: list[tuple[int, int, float]] = field(default_factory=list)  # weightiest words: characters, weight


class RecallModel:
    """A trained recall model (``claimlint train`` writes one): scores every sentence of a text."""

    def __init__(self, path: Path) -> None:
        if not (path / "meta.json").is_file() or not (path / "textcat_multilabel").is_dir():
            raise ClaimlintError(f"no recall model in {path}: `claimlint train` builds it")
        import spacy

        self.path = path
        self.nlp = spacy.load(path)
        self.textcat = self.nlp.get_pipe("textcat_multilabel")

    def scores(self, text: str, blocks: Sequence[Block]) -> list[Sentence]:
        """Every sentence of every block with its score (the probability the model gives an over-claim)."""
        found = [(i, start, end, doc) for i, block in enumerate(blocks) for start, end, doc in sentences(text, [block])]
        docs = self.textcat.pipe((doc for *_, doc in found), batch_size=256)
        return [Sentence(i, start, end, float(doc.cats[LABEL]), doc) for (i, start, end, _), doc in zip(found, docs)]

    def weigh(self, sentence: Sentence) -> None:
        """The words that weigh most in the sentence's score: each content word whose removal lowers it (a word left
        out, the sentence scored again). They are the claim's own words for the context stage, so a cue that
        lowers the score ("not", "claim", "may one day") is read as context, never as part of the claim."""
        doc = sentence.doc
        words = [t.text for t in doc]
        variants = [Doc(self.nlp.vocab, words=words[:i] + words[i + 1:] or ["."]) for i in range(len(words))]
        weights = [sentence.score - float(v.cats[LABEL]) for v in self.textcat.pipe(variants, batch_size=256)]
        content = [(w, t) for w, t in zip(weights, doc) if t.is_alpha and not t.is_stop]
        chosen = [(w, t) for w, t in content if w > 0] or sorted(content, key=lambda x: -x[0])[:1]
        sentence.words = [(sentence.start + t.idx, sentence.start + t.idx + len(t), w) for w, t in chosen]


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> RecallModel:
    """The model at ``path`` (default: the shipped one), loaded once per process."""
    return RecallModel(Path(path) if path else MODEL_DIR)


def pack_path() -> Path:
    """The pack declaring the rule the model's proposals are claims of (added to the rules when the model is on)."""
    return PACK


class _AlsoParse:
    """The rules' first pass, plus the blocks holding a proposal: they are parsed (with their context) too."""

    def __init__(self, prefilter, blocks: set[int]) -> None:
        self.prefilter, self.blocks = prefilter, blocks

    def candidates(self, text: str, blocks: list[Block]) -> set[int]:
        return self.prefilter.candidates(text, blocks) | self.blocks


class _Propose:
    """The stage after the claims stage: proposals that no rule claim overlaps become claims of the model's rule.

    The claim is the whole sentence; its own words (``hits``) are the words that weigh most in its score."""

    def __init__(self, model: "RecallModel", rule: Rule, rules: Mapping[str, Rule], proposals: list[Sentence]) -> None:
        self.model, self.rule, self.rules, self.proposals = model, rule, rules, proposals

    def __call__(self, doc: Doc) -> Doc:
        claims = doc_claims(doc, self.rules)
        taken = [(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])) for c in claims if c.end > c.start]
        added = []
        for p in self.proposals:
            if any(a < p.end and p.start < b for a, b in taken):
                continue
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            self.model.weigh(p)
            hits = set()
            for a, b, _ in p.words:
                word = doc.char_span(a, b, alignment_mode="expand")
                hits.update(range(word.start, word.end) if word is not None else ())
            claim = Claim(self.rule, span.start, span.end, hits or range(span.start, span.end))
            claim.record["score"] = p.score
            claim.record["words"] = [doc.text[a:b] for a, b, _ in sorted(p.words, key=lambda w: -w[2])]
            added.append(claim)
        if added:
            store_claims(doc, sorted(claims + added, key=lambda c: (c.start, c.end, c.rule.id)))
        return doc


class Proposer:
    """The ``claimlint`` component's recall hook (its ``recall`` attribute; the linter sets it)."""

    def __init__(self, model: RecallModel, rules: Mapping[str, Rule], threshold: float = THRESHOLD) -> None:
        if RULE_ID not in rules:
            raise ClaimlintError(f"the recall model's rule {RULE_ID} is not loaded (its pack is {PACK})")
        self.model, self.rules, self.threshold = model, rules, threshold
        self.rule = rules[RULE_ID]

    def hook(self, document: SourceDocument, prefilter, stages: tuple[Callable[[Doc], Doc], ...]):
        """For one window's document: the first pass to parse with, and the stages to run (claims first)."""
        proposals = [s for s in self.model.scores(document.text, document.blocks) if s.score >= self.threshold]
        if not proposals:
            return prefilter, stages
        if prefilter is not None:
            prefilter = _AlsoParse(prefilter, {s.block for s in proposals})
        return prefilter, (stages[0], _Propose(self.model, self.rule, self.rules, proposals), *stages[1:])

    def mark(self, findings: list[Finding], doc: Doc, document: SourceDocument) -> None:
        """Findings of the model's rule say so: origin "model", the score, and the score in the message."""
        if not any(f.rule == RULE_ID for f in findings):
            return
        records = {document.to_source(doc[c.start].idx): c.record for c in doc_claims(doc)
                   if c.record.get("rule") == RULE_ID}
        for f in findings:
            record = records.get(f.start) if f.rule == RULE_ID else None
            if record is not None:
                f.origin, f.score = "model", round(record["score"], 3)
                words = ", ".join(repr(w) for w in record["words"][:3])
                f.message = f"{f.message} (model score {f.score:.2f}; weightiest words: {words})"
