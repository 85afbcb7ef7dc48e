"""The rule packs behind a claimlint component, and how they are saved with a pipeline.

A component is configured with pack paths (``rules``, ``builtin``, ``select``, ``ignore``). The packs are
read when first needed, so ``spacy.load`` of a saved pipeline never reads the paths it was configured with:
``to_disk``/``to_bytes`` write each pack's YAML source (and whether it is one of claimlint's own packs),
``from_disk``/``from_bytes`` load those sources again, checked by the same loader, with the configured
selection applied. A saved pipeline gives the findings it gave when it was saved.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Iterable

import srsly

from ..packs.ruleset import RuleSet, load_ruleset
from ..packs.files import builtin_packs_dir

INDEX = "index.json"


class PackStore:
    def __init__(self, rules: Iterable[str] = (), builtin: bool = True, select: Iterable[str] = (),
                 ignore: Iterable[str] = ()) -> None:
        self.paths = [str(p) for p in rules]
        self.builtin = builtin
        self.select, self.ignore = list(select), list(ignore)
        self._ruleset: RuleSet | None = None
        self._sources: list[dict] = []  # per pack: {"path", "builtin", "text"}, in load order

    @property
    def loaded(self) -> bool:
        return self._ruleset is not None

    @property
    def ruleset(self) -> RuleSet:
        """The active rules; a bad pack or an unknown selector raises here, on first use."""
        if self._ruleset is None:
            ruleset = load_ruleset(self.paths, self.builtin, self.select, self.ignore)
            shipped = builtin_packs_dir().resolve()
            self._sources = [{"path": pack.path, "builtin": Path(pack.path).resolve().is_relative_to(shipped),
                              "text": Path(pack.path).read_text(encoding="utf-8-sig")} for pack in ruleset.packs]
            self._ruleset = ruleset
        return self._ruleset

    @property
    def builtin_packs(self) -> set[str]:
        """Ids of the packs that ship with claimlint (a user's own packs rank before them)."""
        packs = self.ruleset.packs
        return {pack.id for pack, source in zip(packs, self._sources) if source["builtin"]}

    # --- serialization -------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        self.ruleset  # noqa: B018 - the sources are read with the packs
        return srsly.msgpack_dumps(self._sources)

    def from_bytes(self, data: bytes) -> None:
        sources = [dict(s) for s in srsly.msgpack_loads(data)]
        with tempfile.TemporaryDirectory(prefix="claimlint-packs-") as tmp:
            self._load_saved(Path(tmp), self._write(Path(tmp), sources), sources)

    def to_disk(self, path: Path) -> None:
        self.ruleset  # noqa: B018
        path.mkdir(parents=True, exist_ok=True)
        index = self._write(path, self._sources)
        (path / INDEX).write_text(json.dumps(index, indent=2), encoding="utf-8")

    def from_disk(self, path: Path) -> None:
        index = json.loads((path / INDEX).read_text(encoding="utf-8"))
        sources = [{"path": entry["path"], "builtin": entry["builtin"],
                    "text": (path / entry["file"]).read_text(encoding="utf-8")} for entry in index]
        self._load_saved(path, index, sources)

    @staticmethod
    def _write(directory: Path, sources: list[dict]) -> list[dict]:
        """One file per pack, numbered in load order; returns the index (file, original path, built in)."""
        index = []
        for i, source in enumerate(sources):
            name = f"{i:02d}-{Path(source['path']).name}"
            (directory / name).write_text(source["text"], encoding="utf-8")
            index.append({"file": name, "path": source["path"], "builtin": bool(source["builtin"])})
        return index

    def _load_saved(self, directory: Path, index: list[dict], sources: list[dict]) -> None:
        self._ruleset = load_ruleset([str(directory / entry["file"]) for entry in index], builtin=False,
                                     select=self.select, ignore=self.ignore)
        self._sources = sources
