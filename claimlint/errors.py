"""Errors a user can act on: each renders as one line and maps to an exit code."""
from __future__ import annotations

from pathlib import Path

# Exit codes (documented in the README).
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3  # what a command runs on is missing here: its optional extra (serve, spark) or Java (spark)


class ClaimlintError(Exception):
    """An error with a location, rendered as ``path:line: message``."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class PackError(ClaimlintError):
    """A rule pack is malformed (syntax, schema, pattern or reference)."""


class InputError(ClaimlintError):
    """A file to lint cannot be read or decoded."""


class InputWarning(InputError):
    """A problem with the inputs that leaves nothing unread (a directory with no files to lint)."""


class MissingRuntime(ClaimlintError):
    """What a command runs on is not installed (an optional extra, or Java for Spark): exit 3, not a usage error."""


class ModelError(ClaimlintError):
    """No usable spaCy pipeline could be loaded."""


def first_line(exc: Exception) -> str:
    """An exception's message on one line (a spaCy error spans several), for a one-line report."""
    text = str(exc).strip().splitlines()
    return " ".join(t.strip() for t in text if t.strip())[:300] or type(exc).__name__
