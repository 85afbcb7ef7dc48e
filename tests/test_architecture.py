"""The package's shape: the flow runs one way (readers -> pipeline -> findings -> suppress -> formats).

Every import of every module is read with ``ast`` (inside functions and TYPE_CHECKING blocks too) and held
to what its subpackage's docstring says it may import.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "claimlint"

# What each part may import of claimlint (a name covers its submodules; "claimlint" alone is the package root,
# for __version__). Anything not listed is off limits.
ALLOWED = {
    "claimlint.findings": set(),
    "claimlint.suppress.syntax": set(),
    "claimlint.readers": {"claimlint", "claimlint.errors", "claimlint.readers", "claimlint.suppress.syntax"},
    # The packs' compiled form is kept between runs (packs/compiled.py): the version in its key, written atomically.
    "claimlint.packs": {"claimlint", "claimlint.errors", "claimlint.findings", "claimlint.fileio", "claimlint.packs"},
    "claimlint.pipeline": {"claimlint.errors", "claimlint.findings", "claimlint.packs", "claimlint.readers",
                           "claimlint.pipeline"},
    "claimlint.suppress": {"claimlint.errors", "claimlint.findings", "claimlint.fileio", "claimlint.packs",
                           "claimlint.suppress"},
    "claimlint.formats": {"claimlint", "claimlint.findings", "claimlint.formats"},
    "claimlint.eval": {"claimlint.errors", "claimlint.findings", "claimlint.packs", "claimlint.readers", "claimlint.eval"},
    # The result cache stores findings by key; it knows nothing of how they are made or waived.
    "claimlint.cache": {"claimlint", "claimlint.errors", "claimlint.findings", "claimlint.fileio", "claimlint.cache"},
    # The crawl fetches through the readers (fetch.py's checks) into a web archive the readers then read.
    "claimlint.crawl": {"claimlint", "claimlint.errors", "claimlint.fileio", "claimlint.readers", "claimlint.crawl"},
    # Page checks read a document's findings, the packs' page rules and the pipeline's vocabulary and verdict table.
    "claimlint.page": {"claimlint.findings", "claimlint.packs", "claimlint.pipeline", "claimlint.readers",
                       "claimlint.page"},
    # The opt-in recall model: its training data (gold files, packs, readers), and the claims' records on a Doc.
    "claimlint.recall": {"claimlint.errors", "claimlint.findings", "claimlint.packs", "claimlint.readers",
                         "claimlint.pipeline", "claimlint.eval", "claimlint.recall"},
    # The language server lints through the API and turns findings into what LSP carries.
    "claimlint.lsp": {"claimlint", "claimlint.api", "claimlint.config", "claimlint.errors", "claimlint.findings",
                      "claimlint.readers", "claimlint.packs", "claimlint.suppress", "claimlint.lsp"},
    # The review desk lints through the API, renders with the formats and keeps review files through suppress.
    "claimlint.serve": {"claimlint", "claimlint.api", "claimlint.config", "claimlint.errors", "claimlint.findings",
                        "claimlint.fileio", "claimlint.formats", "claimlint.readers", "claimlint.suppress",
                        "claimlint.packs", "claimlint.eval", "claimlint.serve"},
    # Spark lints through the linter the command runs, with the configuration the API resolves.
    "claimlint.spark": {"claimlint.api", "claimlint.config", "claimlint.errors", "claimlint.findings", "claimlint.linter",
                        "claimlint.packs", "claimlint.readers", "claimlint.suppress", "claimlint.spark"},
}
SUBPACKAGES = ("readers", "packs", "pipeline", "suppress", "formats", "eval", "recall", "cache", "crawl", "lsp", "page",
               "serve", "spark")
# Only the pipeline, and the recall model built on it, talk to spaCy.
SPACY_ALLOWED = ("claimlint.pipeline", "claimlint.recall")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved; ``from X import y`` counts X.y when it is a module."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names if is_module(f"{target}.{alias.name}"))
    return found


def covered(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def rule_for(name: str) -> str | None:
    """The most specific entry of ALLOWED that governs module ``name``."""
    keys = [k for k in ALLOWED if covered(name, [k])]
    return max(keys, key=len) if keys else None


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_follow_the_flow(path):
    name = module_name(path)
    found = imports(path)
    rule = rule_for(name)
    if rule is not None:
        ours = {m for m in found if m == "claimlint" or m.startswith("claimlint.")}
        bad = {m for m in ours if not (m == "claimlint" and "claimlint" in ALLOWED[rule])
               and not covered(m, ALLOWED[rule] - {"claimlint"})}
        assert not bad, f"{name} may not import {sorted(bad)} (see the docstring of {rule})"
    if not covered(name, SPACY_ALLOWED):
        assert not {m for m in found if m == "spacy" or m.startswith("spacy.")}, f"{name} imports spaCy"


def test_the_rules_the_issue_names():
    """Readers and formats never import spaCy or the pipeline; packs never the CLI; findings nothing of claimlint."""
    for path in MODULES:
        name, found = module_name(path), imports(path)
        if covered(name, ["claimlint.readers", "claimlint.formats"]):
            assert not any(covered(m, ["spacy", "claimlint.pipeline"]) for m in found), name
        if covered(name, ["claimlint.packs"]):
            assert not any(covered(m, ["claimlint.cli"]) for m in found), name
        if name == "claimlint.findings":
            assert not any(covered(m, ["claimlint"]) for m in found), name
        if covered(name, ["claimlint.recall"]):  # the linter hands the component its hook, never the other way
            assert not any(covered(m, ["claimlint.cli", "claimlint.linter", "claimlint.api"]) for m in found), name
        if not covered(name, ["claimlint.recall"]) and name not in ("claimlint.linter", "claimlint.cli"):
            assert not any(covered(m, ["claimlint.recall"]) for m in found), f"{name} imports the recall model"


def test_data_model_and_formats_load_without_spacy():
    code = ("import sys, claimlint, claimlint.findings, claimlint.formats, claimlint.readers.sources, "
            "claimlint.packs.ruleset, claimlint.suppress.chain, claimlint.config, claimlint.linter, claimlint.api; "
            "assert 'spacy' not in sys.modules, sorted(m for m in sys.modules if m.startswith('spacy'))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    code = "import claimlint.findings, claimlint.formats, sys; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_few_top_level_modules_and_documented_subpackages():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 10, top
    for sub in SUBPACKAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / sub / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc, f"claimlint/{sub}/__init__.py must say what it does and may import"


def test_vocabularies_are_defined_once():
    from claimlint.findings import FORMATS
    from claimlint.formats import FORMATTERS

    assert tuple(FORMATTERS) == FORMATS
    spelled = []
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        for literal in ('("error", "warning", "info")', '"text", "json", "sarif"', '("plausible", "under-investigation"'):
            if literal in text and module_name(path) != "claimlint.findings":
                spelled.append((module_name(path), literal))
    assert not spelled, f"use claimlint.findings' vocabularies: {spelled}"
