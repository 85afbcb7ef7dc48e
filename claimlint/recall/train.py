"""Building the recall model with ``spacy train``, reproducibly, and measuring it by cross-validation.

``train`` writes the training sentences (data.py) to a DocBin in a fixed order and runs
``python -m spacy train claimlint/data/recall/config.cfg`` in a child process with ``PYTHONHASHSEED=0``; the
config fixes the seed, so the same sentences give the same model, byte for byte. The dev set is the training set:
it only feeds spaCy's log, and ``model-last`` is what is kept. Beside the model, ``claimlint-training.json``
records what it was trained on (counts and a fingerprint of every sentence and label).

``cross_validate`` holds whole documents of the corpus out (folds drawn with seed 0), trains on the rest plus
every extra sentence, and lints the held-out documents with that model through the whole pipeline, so the
figures are those of ``claimlint eval --with-model`` on copy the model never saw.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from spacy.tokens import Doc, DocBin

from ..errors import ClaimlintError
from ..eval.evaluate import Comparison, compare
from . import CONFIG, LABEL, THRESHOLD
from .data import TrainingSet, label_docs, training_set

TRAINING_FILE = "claimlint-training.json"


def write_docbin(examples: list[tuple[Doc, bool]], path: Path) -> None:
    DocBin(docs=label_docs(examples)).to_disk(path)


def spacy_train(examples: list[tuple[Doc, bool]], workdir: Path, config: Path = CONFIG) -> Path:
    """Run ``spacy train`` on ``examples`` in ``workdir``; returns the trained pipeline's folder (model-last)."""
    data = workdir / "train.spacy"
    write_docbin(examples, data)
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(workdir / "out"),
               "--paths.train", str(data), "--paths.dev", str(data)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-5:])
        raise ClaimlintError(f"spacy train failed:\n{tail}")
    model = workdir / "out" / "model-last"
    # The saved config names the temporary training files: leave them out, so the same data gives the same folder.
    from thinc.api import Config

    saved = Config().from_disk(model / "config.cfg", interpolate=False)
    saved["paths"].update(train=None, dev=None)
    saved.to_disk(model / "config.cfg")
    return model


def train(corpus: Path, output: Path, config: Path = CONFIG) -> dict:
    """Rebuild the model from ``corpus`` (gold files, context cases, our own sentences) and the built-in packs'
    examples into ``output``, replacing the model there; returns what it was trained on."""
    _check_output(output)
    data = training_set(corpus)
    summary = {"label": LABEL, "fingerprint": data.fingerprint(), "counts": data.counts(),
               "documents": len(data.documents)}
    with tempfile.TemporaryDirectory(prefix="claimlint-train-") as tmp:
        model = spacy_train(data.examples(), Path(tmp), config)
        (model / TRAINING_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(model, output)
    return summary


def _check_output(output: Path) -> None:
    """Only a model folder (or an empty or new one) is replaced: --output never deletes anything else."""
    if output.exists() and (not output.is_dir() or any(output.iterdir()) and not (output / "meta.json").is_file()):
        raise ClaimlintError("not a spaCy model folder; choose a new or empty --output", output)


def folds(documents: list[str], count: int) -> dict[str, int]:
    """Each document's fold: the sorted documents shuffled with seed 0, then dealt out in turn."""
    order = sorted(documents)
    random.Random(0).shuffle(order)
    return {path: i % count for i, path in enumerate(order)}


@dataclass
class CrossValidation:
    """What held-out documents gave: rules alone and rules + model (``claimlint eval`` counts), and the
    classifier's own sentence scores."""

    folds: int
    documents: int
    comparison: Comparison
    sentences: list[tuple[float, bool]] = field(default_factory=list)  # held-out (score, over-claim)

    def classifier(self, threshold: float) -> tuple[float | None, float | None]:
        """Sentence precision and recall of the classifier alone at ``threshold``."""
        chosen = [gold for score, gold in self.sentences if score >= threshold]
        positives = sum(gold for _, gold in self.sentences)
        return (sum(chosen) / len(chosen) if chosen else None, sum(chosen) / positives if positives else None)


def cross_validate(corpus: Path, count: int, linter_for: Callable[[Path], object], config: Path = CONFIG,
                   progress: Callable[[str], None] | None = None) -> CrossValidation:
    """``count``-fold cross-validation by document on ``corpus``; ``linter_for(model_folder)`` gives a linter that
    uses that model (the command passes one built like ``check --with-model``)."""
    from .propose import RecallModel
    from ..readers.sources import read_document
    from ..eval.evaluate import document_for

    data = training_set(corpus)
    fold_of = folds(list(data.documents), count)
    total: Comparison | None = None
    scored: list[tuple[float, bool]] = []
    for k in range(count):
        held = sorted(path for path, fold in fold_of.items() if fold == k)
        if progress:
            progress(f"fold {k + 1}/{count}: training without {len(held)} documents")
        with tempfile.TemporaryDirectory(prefix="claimlint-cv-") as tmp:
            model = spacy_train(data.examples(leave_out=set(held)), Path(tmp), config)
            linter = linter_for(model)
            part = compare(linter, [corpus / path for path in held])
            recall = RecallModel(model)
            for path in held:
                source, _ = read_document(str(document_for(corpus / path)))
                scores = recall.scores(source.text, source.blocks)
                scored += [(s.score, gold) for s, (_, gold) in zip(scores, data.documents[path])]
        total = part if total is None else total.merge(part)
    return CrossValidation(count, len(data.documents), total, scored)


def format_cross_validation(cv: CrossValidation, thresholds=(0.5, 0.6, THRESHOLD, 0.8)) -> str:
    lines = [f"{cv.folds}-fold cross-validation by document on {cv.documents} documents (seed 0); each fold's "
             "model never saw its documents.", "", "The classifier alone, on held-out sentences:",
             f"{'threshold':>10}{'precision':>11}{'recall':>8}"]
    for t in thresholds:
        p, r = cv.classifier(t)
        lines.append(f"{t:>10.2f}{_rate(p):>11}{_rate(r):>8}")
    from ..eval.evaluate import format_comparison

    lines += ["", format_comparison(cv.comparison)]
    return "\n".join(lines)


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def training_summary(model: Path) -> dict | None:
    path = model / TRAINING_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


__all__ = ["TrainingSet", "cross_validate", "folds", "format_cross_validation", "train", "training_summary"]
