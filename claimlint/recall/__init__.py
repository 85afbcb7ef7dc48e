"""The recall aid (opt-in, ``--with-model``): a small spaCy text classifier that proposes sentences the rules missed.

``data.py`` gathers the training sentences — the annotated pages of ``corpus/`` labelled by their gold files,
the rule packs' examples, the contrastive context cases and our own sentences in ``corpus/model/`` — and splits
text into sentences the same way for training and for use. ``train.py`` builds the model with ``spacy train``
from the config kept in ``claimlint/data/recall/config.cfg`` (fixed seed: the same data gives the same model)
and cross-validates it by document. ``propose.py`` loads the shipped model once per process, when asked, and
gives the ``claimlint`` component its hook: sentences scoring at or above ``THRESHOLD`` that no rule claim
overlaps become claims of the rule in ``claimlint/data/recall/recall-model.yaml`` (category ``model``), which
then go through the same context and verdict stages as every other claim. The model proposes; a reviewer decides.

May import: the standard library, spaCy, PyYAML, ``claimlint.errors``, ``claimlint.findings``, ``claimlint.packs``,
``claimlint.readers``, ``claimlint.pipeline`` (the claims' records on a Doc) and ``claimlint.eval`` (gold files,
scoring). Never the CLI, the linter, the suppression chain or the formats; the pipeline never imports it (the
linter hands the component its hook).
"""
from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "recall"
MODEL_DIR = DATA / "model"  # the shipped model (`claimlint train` writes it)
CONFIG = DATA / "config.cfg"  # the `spacy train` config
PACK = DATA / "recall-model.yaml"  # the rule its proposals are claims of, as data
RULE_ID = "MODEL-PROPOSAL"
LABEL = "OVERCLAIM"
# A sentence scoring at or above this is proposed. Measured in README.md ("A learned recall aid"): on unseen real
# pages about 6 in 10 proposals at 0.7 were over-claims; lower thresholds add recall at a steep cost in precision.
THRESHOLD = 0.7
