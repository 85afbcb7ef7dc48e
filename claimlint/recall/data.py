"""The recall model's sentences: how text is split and lower-cased, and where the training sentences come from.

One splitter serves training and use: inside each of a reader's blocks (heading, paragraph, list item), spaCy's
rule-based ``sentencizer`` cuts the lower-cased text at sentence punctuation. It needs no parse, so every block
is scored, not only those the rules' first pass picks. The classifier (a bag of words and word pairs) sees the
lower-cased tokens.

Training sentences, one label (``OVERCLAIM``, 1 or 0):

- ``corpus/**/NAME.gold.yaml``: every sentence of ``NAME.*`` as claimlint reads it; 1 when a gold flag quote
  overlaps it (located as ``claimlint eval`` locates it), else 0 — sentences holding a pass quote or no quote
  at all are the neutral copy the model must leave alone;
- the ``examples`` of the built-in rule packs: ``flag`` 1, ``pass`` 0;
- the contrastive cases in ``corpus/context/``: ``asserted`` 1; ``negated``, ``disclaimed``, ``attributed``,
  ``other-subject``, ``question`` and ``research`` 0 (``hedged`` and ``hypothetical`` are left out: whether
  they count depends on the claim's tier);
- ``corpus/model/sentences.yaml``: sentences written in our own words, ``over-claim`` 1 and ``neutral`` 0.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc

from ..errors import ClaimlintError
from ..eval.evaluate import document_for, gold_files, load_quotes, locate_quotes
from ..packs.schema import load_packs
from ..packs.yamlsource import load_yaml
from ..readers.document import Block
from ..readers.sources import read_document
from . import LABEL

OWN_WORDS = Path("model") / "sentences.yaml"  # inside the corpus folder
CONTEXT_CASES = Path("context")
POSITIVE_STATUSES = ("asserted",)
NEGATIVE_STATUSES = ("negated", "disclaimed", "attributed", "other-subject", "question", "research", "limited")
_ALNUM = re.compile(r"[^\W_]")  # a letter or a digit


@lru_cache(maxsize=1)
def splitter():
    """spaCy's blank English tokenizer with the rule-based sentencizer (no model, deterministic)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def lowered(text: str) -> str:
    """``text`` lower-cased, character for character (a letter whose lower case is longer stays as it is), so
    offsets into it are offsets into ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def as_example(text: str) -> Doc:
    """A whole short text (a rule example, a context case, one of our sentences), as the model reads it."""
    return splitter().make_doc(lowered(" ".join(text.split())))


def sentences(text: str, blocks: list[Block]) -> Iterator[tuple[int, int, Doc]]:
    """(start, end, tokens) of every sentence inside every block of ``text``: character offsets into ``text`` and
    the lower-cased sentence as the model reads it. Stretches with no letter or digit are left out."""
    nlp = splitter()
    sentencizer = nlp.get_pipe("sentencizer")
    for block in blocks:
        chunk = text[block.start:block.end]
        if not _ALNUM.search(chunk):
            continue
        doc = sentencizer(nlp.make_doc(lowered(chunk)))
        low = doc.text
        for sent in doc.sents:
            piece = low[sent.start_char:sent.end_char]
            words = piece.strip()
            if not _ALNUM.search(words):
                continue
            start = block.start + sent.start_char + len(piece) - len(piece.lstrip())
            yield start, start + len(words), nlp.make_doc(words)


@dataclass
class TrainingSet:
    """Labelled sentences: the corpus's by document (cross-validation holds whole documents out), and the rest."""

    documents: dict[str, list[tuple[Doc, bool]]] = field(default_factory=dict)  # by gold file, relative to the corpus
    extras: dict[str, list[tuple[Doc, bool]]] = field(default_factory=dict)  # by origin: rules, context, own words

    def examples(self, leave_out: set[str] = frozenset()) -> list[tuple[Doc, bool]]:
        """Every example in a fixed order (documents sorted by path, then the extras), less the documents left out."""
        out = [x for path in sorted(self.documents) if path not in leave_out for x in self.documents[path]]
        return out + [x for origin in sorted(self.extras) for x in self.extras[origin]]

    def counts(self) -> dict[str, dict[str, int]]:
        groups = {"corpus": [x for xs in self.documents.values() for x in xs], **self.extras}
        return {name: {"sentences": len(xs), "over-claims": sum(label for _, label in xs)}
                for name, xs in groups.items()}

    def fingerprint(self) -> str:
        """A hash of every example's text and label, in training order: the same data gives the same model."""
        digest = hashlib.sha256()
        for doc, label in self.examples():
            digest.update(f"{int(label)}\t{doc.text}\n".encode("utf-8"))
        return digest.hexdigest()


def corpus_sentences(corpus: Path) -> dict[str, list[tuple[Doc, bool]]]:
    """Each annotated document's sentences, labelled by its gold file: 1 where a flag quote overlaps."""
    out = {}
    for gold in gold_files(corpus):
        path = document_for(gold)
        flags, passes = load_quotes(gold)
        source, _ = read_document(str(path))
        locate_quotes(source, flags + passes, gold, path)
        rows = []
        for start, end, doc in sentences(source.text, source.blocks):
            a, b = source.to_source(start), source.to_source(end - 1) + 1
            rows.append((doc, any(q.start < b and a < q.end for q in flags)))
        out[gold.relative_to(corpus).as_posix()] = rows
    return out


def rule_examples() -> list[tuple[Doc, bool]]:
    """The built-in packs' own examples: what must flag, and the look-alikes that must pass."""
    rows = []
    for pack in load_packs():
        for rule in pack.rules:
            rows += [(as_example(x.text), True) for x in rule.flag_examples]
            rows += [(as_example(x.text), False) for x in rule.pass_examples]
    return rows


def context_cases(folder: Path) -> list[tuple[Doc, bool]]:
    """The contrastive cases: a claim asserted is an over-claim; negated, disclaimed, reported and the like are not."""
    rows = []
    for path in sorted(folder.glob("*.yaml")):
        for case in load_yaml(path) or []:
            status = case.get("status")
            if status in POSITIVE_STATUSES or status in NEGATIVE_STATUSES:
                rows.append((as_example(case["text"]), status in POSITIVE_STATUSES))
    return rows


def own_words(path: Path) -> list[tuple[Doc, bool]]:
    data = load_yaml(path)
    if not isinstance(data, dict) or set(data) != {"over-claim", "neutral"}:
        raise ClaimlintError("expected two lists, 'over-claim' and 'neutral'", path, 1)
    return [(as_example(text), key == "over-claim") for key in ("over-claim", "neutral") for text in data[key]]


def training_set(corpus: Path) -> TrainingSet:
    """Everything the model learns from, read from ``corpus`` (its gold files, ``context/`` and ``model/``) and the
    built-in packs."""
    if not corpus.is_dir():
        raise ClaimlintError("corpus folder not found", corpus)
    own = corpus / OWN_WORDS
    extras = {"rules": rule_examples(), "context": context_cases(corpus / CONTEXT_CASES),
              "own-words": own_words(own) if own.is_file() else []}
    return TrainingSet(corpus_sentences(corpus), extras)


def label_docs(examples: list[tuple[Doc, bool]]) -> list[Doc]:
    """The examples as spaCy training Docs (``doc.cats`` holds the label)."""
    out = []
    for doc, label in examples:
        doc.cats = {LABEL: 1.0 if label else 0.0}
        out.append(doc)
    return out
