"""The active rules: built-in and user packs, narrowed by --select/--ignore."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import compiled
from .files import builtin_packs_dir, pack_sources
from .schema import Lexicon, Pack, Rule, load_packs
from .selection import selector_matches


def _selects(rule: Rule, token: str) -> bool:
    return selector_matches(token, rule.id, rule.category, rule.pack)


@dataclass(frozen=True)
class RuleSet:
    packs: tuple[Pack, ...]
    rules: tuple[Rule, ...]

    @property
    def lexicons(self) -> dict[str, Lexicon]:
        return {lex.key: lex for pack in self.packs for lex in pack.lexicons.values()}

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, in any case."""
        return next((r for p in self.packs for r in p.rules if r.id.casefold() == rule_id.casefold()), None)

    def nearest(self, rule_id: str) -> str | None:
        """The known rule id closest to a mistyped one, for 'did you mean' hints."""
        ids = {r.id.casefold(): r.id for r in self.all_rules}
        close = difflib.get_close_matches(rule_id.casefold(), list(ids), n=1, cutoff=0.6)
        return ids[close[0]] if close else None

    @property
    def all_rules(self) -> tuple[Rule, ...]:
        return tuple(r for p in self.packs for r in p.rules)


@lru_cache(maxsize=16)
def _cached(paths: tuple[str, ...], builtin: bool, stamp: tuple[tuple[int, int], ...]) -> tuple[Pack, ...]:
    # Parsed and checked once per content (compiled.py): the files' paths as well, since packs carry them.
    files = pack_sources([Path(p) for p in paths], builtin=builtin)
    parts = ["packs", *(str(f) for f in files), *(f.read_bytes() for f in files)]
    return compiled.remember(parts, lambda: tuple(load_packs([Path(p) for p in paths], builtin=builtin)), tuple)


def _stamp(paths: Iterable[str]) -> tuple[tuple[int, int], ...]:
    # Reload when a pack file changes (rule authors iterate with `rules test`); the size as well as the time in
    # nanoseconds, since an editor (or a test) can rewrite a file twice within the clock's resolution.
    out = []
    for p in paths:
        path = Path(p)
        files = path.rglob("*.y*ml") if path.is_dir() else [path]
        out.extend((st.st_mtime_ns, st.st_size) for st in (f.stat() for f in files if f.exists()))
    return tuple(out)


def load_ruleset(
    paths: Iterable[str] = (),
    builtin: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> RuleSet:
    """Load packs (cached per process) and apply selection; unknown selectors are an error."""
    from ..errors import ClaimlintError

    paths = tuple(str(p) for p in paths)
    stamp_paths = paths + ((str(builtin_packs_dir()),) if builtin else ())
    packs = _cached(paths, builtin, _stamp(stamp_paths))
    every = [r for p in packs for r in p.rules]
    for token in list(select) + list(ignore):
        if not any(_selects(r, token) for r in every):
            near = RuleSet(packs, tuple(every)).nearest(token)
            hint = f"; did you mean {near}?" if near else ""
            raise ClaimlintError(f"'{token}' matches no rule id, pack or category{hint} (see `claimlint rules list`)")
    chosen = [r for r in every if (not select or any(_selects(r, t) for t in select))]
    chosen = [r for r in chosen if not any(_selects(r, t) for t in ignore)]
    return RuleSet(packs=packs, rules=tuple(chosen))
