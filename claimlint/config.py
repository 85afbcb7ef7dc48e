"""Per-repository configuration: `.claimlint.yaml`, or `[tool.claimlint]` in `pyproject.toml`.

Found by walking up from the first linted path; `.claimlint.yaml` wins over `pyproject.toml`
in the same folder. Command-line flags override every value. Unknown keys are an error.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ClaimlintError
from .findings import FORMATS, SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILES = (".claimlint.yaml", ".claimlint.yml")


@dataclass
class Config:
    path: Path | None = None
    rules: tuple[str, ...] = ()
    builtin: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    model: str | None = None
    format: str | None = None
    with_model: bool = False  # the recall model's proposals (--with-model)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


KEYS = {
    "rules": "paths", "builtin": "bool", "select": "names", "ignore": "names", "per-path-ignores": "mapping",
    "fail-on": SEVERITIES, "exclude": "names", "model": "name", "format": FORMATS, "with-model": "bool",
}


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    here = Path(os.path.abspath(start))  # not resolve(): a symlink loop among the inputs is the walker's to report
    here = here if here.is_dir() else here.parent
    for folder in [here, *here.parents]:
        for name in FILES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "claimlint" in _pyproject_tools(pyproject):
            return pyproject
    return None


def _pyproject_tools(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except UnicodeDecodeError as exc:
        raise ClaimlintError(f"cannot read pyproject.toml: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})", path) from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClaimlintError(f"cannot read pyproject.toml: {exc}", path) from None


def load_config(path: Path) -> Config:
    if path.name == "pyproject.toml":
        data, where = _pyproject_tools(path).get("claimlint", {}), "[tool.claimlint]"
    else:
        from .packs.yamlsource import load_yaml  # PyYAML only when a project has a .claimlint.yaml

        data, where = load_yaml(path, what="config file") or {}, "config"
    if not isinstance(data, dict):
        raise ClaimlintError(f"{where} must be a mapping", path, 1)
    config = Config(path=path)
    for key, value in data.items():
        line = data.line_of(key) if hasattr(data, "line_of") else None
        kind = KEYS.get(key)
        if kind is None:
            raise ClaimlintError(f"unknown key '{key}' in {where} (allowed: {', '.join(KEYS)})", path, line)
        setattr(config, key.replace("-", "_"), _value(key, kind, value, path, line, where))
    config.rules = tuple(str((path.parent / r).resolve()) if "://" not in r else r for r in config.rules)
    return config


def _value(key: str, kind: Any, value: Any, path: Path, line: int | None, where: str) -> Any:
    def bad(expected: str) -> ClaimlintError:
        return ClaimlintError(f"'{key}' in {where} must be {expected}, got {value!r}", path, line)

    if isinstance(kind, tuple):
        if value not in kind:
            raise bad("one of " + ", ".join(kind))
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if kind == "name":
        if not isinstance(value, str):
            raise bad("text")
        return value
    if kind in ("names", "paths"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("a list of text")
        return tuple(value)
    if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()):
        raise bad("a mapping of glob to a list of rules")
    return {str(k): tuple(v) for k, v in value.items()}


def resolve_config(explicit: str | None, isolated: bool, paths: list[str]) -> Config:
    """The config in force: --config, else the nearest file above the first local path, else defaults."""
    if isolated:
        return Config()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ClaimlintError("config file not found", path)
        return load_config(path)
    local = next((p for p in paths if p != "-" and "://" not in p), None)
    found = find_config(Path(local) if local else Path.cwd())
    return load_config(found) if found else Config()
