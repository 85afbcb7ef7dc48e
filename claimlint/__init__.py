"""claimlint: flags clinic marketing claims that go beyond the evidence.

Python API::

    import claimlint
    claimlint.lint_text("Our stem cells become insulin-producing cells.")

    linter = claimlint.Linter()          # loads the model once
    linter.lint_text(text)               # every claim, reported or not (see Finding.reported)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Finding", "Linter", "lint_text", "__version__"]

if TYPE_CHECKING:
    from .findings import Finding
    from .linter import Linter, lint_text


def __getattr__(name: str) -> Any:
    # Lazy: importing claimlint must not import spaCy (the CLI's --help and --version stay instant).
    if name in ("Linter", "lint_text"):
        from . import linter

        return getattr(linter, name)
    if name == "Finding":
        from .findings import Finding

        return Finding
    raise AttributeError(name)
