"""The cache on disk: one entry per file's key, written atomically, the oldest evicted beyond a size limit.

    .claimlint_cache/
        CACHEDIR.TAG          backup and search tools skip the folder (claimlint's walker too)
        .gitignore            "*": the folder never shows up in git
        v2/ab/abcdef....json  the findings of one file's bytes under one run's key: a JSON array of findings, each
                              the array of its fields' values in Finding's order

Concurrent runs share it safely: an entry appears whole or not at all (atomic rename), two runs writing one entry
write the same findings, and an entry that vanishes or cannot be read is a miss, never an error.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from dataclasses import fields
from pathlib import Path

from ..errors import ClaimlintError
from ..fileio import atomic_write
from ..findings import Finding
from .keys import FORMAT, file_key

TAG = "CACHEDIR.TAG"
TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by claimlint.\n"
            "# For information about cache directory tags see https://bford.info/cachedir/\n")
ENTRIES = f"v{FORMAT}"
# Entries are a few kB (a page's findings); this holds tens of thousands of pages, several configurations each.
DEFAULT_LIMIT = 256 * 1024 * 1024
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a killed run, not one still writing
# An entry read is marked used (its time set to now) only when its time is older than this: eviction is by use to
# within the hour, and a repeated run spends no write on each entry it reads.
TOUCH_SECONDS = 3600
_FIELDS = tuple(f.name for f in fields(Finding))


class ResultCache:
    """Findings by file content under one run's key (keys.py); ``open`` it to create or check the folder."""

    def __init__(self, directory: Path, run: str, limit: int = DEFAULT_LIMIT) -> None:
        self.directory, self.run, self.limit = Path(directory), run, limit
        self._entries = os.path.join(self.directory, ENTRIES)  # a string: pathlib cost more than the reads

    @classmethod
    def open(cls, directory: Path, run: str, limit: int = DEFAULT_LIMIT) -> ResultCache:
        """The cache in ``directory``, created (tagged) when missing or empty; a folder holding anything else is
        refused, so a mistyped --cache-dir never tags or fills a folder of the user's."""
        directory = Path(directory)
        if not _is_cache(directory):
            _create(directory)
        return cls(directory, run, limit)

    def key(self, kind: str, data: bytes) -> str:
        return file_key(self.run, kind, data)

    def _path(self, key: str) -> str:
        return f"{self._entries}{os.sep}{key[:2]}{os.sep}{key[2:]}.json"

    def vouches(self) -> bool:
        """Whether a run under this key checked its packs and selection before: a run answered in full from the
        cache then reads no pack (the key holds their bytes)."""
        return self.has(self.run)

    def vouch(self) -> None:
        """Record that this key's packs and selection passed their check (an empty entry under the run's key)."""
        if not self.vouches():
            self.put(self.run, [])

    def has(self, key: str) -> bool:
        return os.path.isfile(self._path(key))

    def get(self, key: str) -> list[Finding] | None:
        """The findings stored for ``key``, or None (a miss: absent, evicted meanwhile, or unreadable)."""
        try:
            fd = os.open(self._path(key), os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            data = os.read(fd, info.st_size + 1)  # an entry is replaced, never written in place: one read has it
            if time.time() - info.st_mtime > TOUCH_SECONDS:
                os.utime(self._path(key))  # used now: eviction takes the least recently used first
            return [Finding(*values) for values in json.loads(data)]
        except (OSError, ValueError, TypeError):
            return None
        finally:
            os.close(fd)

    def put(self, key: str, findings: list[Finding]) -> None:
        """Store a file's ``findings``; a cache that cannot be written (disk full, read-only) costs speed, never
        the run."""
        data = [[getattr(f, name) for name in _FIELDS] for f in findings]
        try:
            atomic_write(self._path(key), json.dumps(data, separators=(",", ":")), durable=False)
        except OSError:
            pass

    def trim(self) -> int:
        """Evict the least recently used entries while the cache is over its limit (down to 90% of it, so the
        next runs do not trim again at once); returns how many went. Stale temporary files go too."""
        now, entries, total = time.time(), [], 0
        for sub in _scan(self.directory / ENTRIES):
            for item in _scan(Path(sub.path)):
                try:
                    info = item.stat()
                except OSError:
                    continue
                if item.name.startswith("."):
                    if now - info.st_mtime > STALE_TEMP_SECONDS:
                        _remove(Path(item.path))
                    continue
                entries.append((info.st_mtime, info.st_size, item.path))
                total += info.st_size
        removed = 0
        if total > self.limit:
            for _, size, path in sorted(entries):
                if total <= self.limit * 0.9:
                    break
                _remove(Path(path))
                total -= size
                removed += 1
        return removed


def clean(directory: Path) -> bool:
    """Remove the cache in ``directory``; False when there is none. A folder that is not a claimlint cache is
    refused (an error), never deleted."""
    directory = Path(directory)
    if not directory.exists():
        return False
    if not _is_cache(directory):
        raise ClaimlintError("not a claimlint cache (no CACHEDIR.TAG written by claimlint); not removed", directory)
    shutil.rmtree(directory, ignore_errors=True)
    return True


def _is_cache(directory: Path) -> bool:
    """Whether ``directory`` is a claimlint cache: tagged by claimlint."""
    try:
        return "claimlint" in (directory / TAG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def _create(directory: Path) -> None:
    """Make ``directory`` a tagged cache. It is built beside its place and renamed into it, so a concurrent run
    never sees a cache folder without its tag; when another run got there first, theirs is kept."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ClaimlintError("exists and is not a claimlint cache (no CACHEDIR.TAG); choose another --cache-dir",
                             directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = directory.parent / f".{directory.name}.{secrets.token_hex(8)}.tmp"
    try:
        building.mkdir()
        (building / TAG).write_text(TAG_TEXT, encoding="utf-8")
        (building / ".gitignore").write_text("# Automatically created by claimlint.\n*\n", encoding="utf-8")
        os.replace(building, directory)  # replaces an empty folder; fails on one another run has filled
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        if not _is_cache(directory):
            raise ClaimlintError(f"cannot create the cache: {exc.strerror or exc}", directory) from None


def _scan(directory: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(directory) as found:
            return list(found)
    except OSError:
        return []


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # another run removed it first
