"""Per-path ignores (``per-path-ignores`` in the configuration): rules switched off for some files."""
from __future__ import annotations

from pathlib import Path

from ..findings import Finding
from ..packs.selection import selector_matches


class PerPathIgnores:
    """Globs (.gitignore syntax, relative to ``root``, the configuration's folder) to the rule selectors
    they switch off."""

    def __init__(self, ignores: dict[str, tuple[str, ...]], root: Path) -> None:
        import pathspec

        self.root = root.resolve()
        self.specs = [(glob, pathspec.GitIgnoreSpec.from_lines([glob]), rules) for glob, rules in ignores.items()]

    def pattern_for(self, f: Finding) -> str | None:
        """The first glob that switches ``f``'s rule off for its file, if any."""
        try:
            rel = Path(f.path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            rel = f.path
        return next((glob for glob, spec, rules in self.specs
                     if spec.match_file(rel) and any(selector_matches(r, f.rule, f.category) for r in rules)), None)

    def mark(self, findings: list[Finding]) -> None:
        """Waive each reported finding whose rule is switched off for its file (``per-path-ignores: <glob>``)."""
        for f in findings:
            if f.reported and (glob := self.pattern_for(f)) is not None:
                f.suppressed_by = f"per-path-ignores: {glob}"
