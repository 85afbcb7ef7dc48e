"""claimlint: flags clinic marketing claims that go beyond the evidence.

Python API (api.py)::

    import claimlint
    result = claimlint.lint_text("Our stem cells become insulin-producing cells.")
    result.reported                      # the findings reported, after waivers, per-path ignores, ...
    claimlint.lint_paths(["site/"])      # as `claimlint check site/` does, configuration included

    linter = claimlint.Linter()          # loads the model once
    linter.lint_text(text)               # every claim, reported or not (see Finding.reported)
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable

__version__ = "0.1.0"
__all__ = ["Finding", "LintResult", "Linter", "lint_paths", "lint_text", "__version__"]

if TYPE_CHECKING:
    from .api import lint_paths, lint_text
    from .findings import Finding, LintResult
    from .linter import Linter


def on_first_use(package: str, module: str, name: str) -> Callable[..., Any]:
    """``module``'s ``name`` (``module`` relative to ``package``), imported when first called: a reader or output
    format a run does not use costs it nothing (the readers and the formats share this)."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module, package), name)(*args, **kwargs)
    return call


def __getattr__(name: str) -> Any:
    # Lazy: importing claimlint must not import spaCy (the CLI's --help and --version stay instant).
    if name in ("lint_text", "lint_paths"):
        from . import api

        return getattr(api, name)
    if name == "Linter":
        from .linter import Linter

        return Linter
    if name in ("Finding", "LintResult"):
        from . import findings

        return getattr(findings, name)
    raise AttributeError(name)
