"""Which pack files a run loads, found without reading them: a run the result cache answers in full hashes them for
its key and never imports the packs' schema (schema.py), a tenth of its start-up."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..errors import PackError


def builtin_packs_dir() -> Path:
    """Packs ship inside the wheel as claimlint/data/packs; a source checkout keeps them in rules/."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "data" / "packs"
    return installed if installed.is_dir() else package.parent / "rules"


def pack_files(paths: Iterable[Path]) -> list[Path]:
    """Expand files and directories into pack files, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise PackError("rule pack not found", path)
    return files


def pack_sources(extra: Iterable[Path] = (), builtin: bool = True) -> list[Path]:
    """The pack files ``load_packs`` loads, in its order, without reading them (a missing one raises)."""
    files, seen = [], set()
    for f in pack_files([builtin_packs_dir()] if builtin else []) + pack_files(extra):
        if f.resolve() not in seen:  # a user may name a built-in pack explicitly
            seen.add(f.resolve())
            files.append(f)
    return files
