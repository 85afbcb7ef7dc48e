"""Find the files to lint under a directory: known suffixes, no hidden paths, minus .gitignore'd and --exclude'd files,
and minus the reports claimlint itself wrote there."""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    import pathspec

log = logging.getLogger(__name__)  # `--verbose` shows what a walk leaves out (cli.py)

# claimlint's html report names itself in its <head>: <meta name="generator" content="claimlint X.Y">.
# A report written into the linted folder would otherwise be linted next time, its quotes of the copy and all.
_REPORT_HEAD = re.compile(
    rb'\A(?:\xef\xbb\xbf)?\s*<!doctype html>(?:(?!<body|</head)[\s\S])*?'
    rb'<meta\s+name=["\']?generator["\']?\s+content=["\']?claimlint[\s"\'>]', re.IGNORECASE)
REPORT_HEAD_BYTES = 2048  # the marker comes right after <meta charset>: a page's first bytes settle it
# A directory holding this file is a cache (https://bford.info/cachedir/): claimlint's own (.claimlint_cache,
# wherever --cache-dir puts it) and other tools' are never walked.
CACHE_TAG = "CACHEDIR.TAG"


def _gitignore_spec(lines: list[str] | tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec  # only for --exclude or a .gitignore: a tenth of the start-up of a run the cache answers

    return pathspec.GitIgnoreSpec.from_lines(lines)


def is_claimlint_report(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a page claimlint generated (its generator <meta> opens the page)."""
    head = head[:REPORT_HEAD_BYTES]
    # The name first: the expression alone, asked of every page walked and read, cost more than reading them.
    return b"claimlint" in head.lower() and _REPORT_HEAD.search(head) is not None


def written_by_claimlint(path: Path) -> bool:
    """Whether the file at ``path`` is a report claimlint wrote; reads only its first bytes."""
    try:  # os.open: every file walked is opened here, and open() costs twice as much
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            return is_claimlint_report(os.read(fd, REPORT_HEAD_BYTES))
        finally:
            os.close(fd)
    except OSError:
        return False  # left to the reader, which reports why the file cannot be read


def exclude_spec(patterns: tuple[str, ...] | list[str]) -> pathspec.GitIgnoreSpec | None:
    """--exclude globs use .gitignore syntax: 'drafts/' anywhere, '/old' at the top, '*.htm'."""
    return _gitignore_spec(patterns) if patterns else None


def excluded(path: str | PurePath, spec: pathspec.GitIgnoreSpec | None) -> bool:
    """Whether a file named on the command line matches --exclude (checked relative to the working directory)."""
    if spec is None:
        return False
    path = Path(path)
    try:
        rel = Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        rel = path
    if rel.parts[:1] == ("..",) or rel.is_absolute():
        rel = PurePath(*path.parts[1:]) if path.is_absolute() else path
    return spec.match_file(rel.as_posix())


def walk(root: Path, suffixes: tuple[str, ...], exclude: pathspec.GitIgnoreSpec | None = None
         ) -> tuple[list[Path], list[InputError]]:
    """Files under ``root`` with one of ``suffixes``, in sorted order, and the directories that could not be read.

    Hidden, excluded and ignored directories are pruned, not searched (node_modules, build/), and so are caches
    (a directory with a CACHEDIR.TAG, as claimlint's .claimlint_cache has).
    A report claimlint wrote (see ``is_claimlint_report``) is left out too, and logged at INFO.
    Symbolic links to directories are not followed, so a link loop cannot trap the walk; a
    symbolic link to a file is linted, and one that leads nowhere is kept so that it is reported.
    """
    ignores = _GitIgnores(root)
    found, generated = [], []
    unreadable: list[InputError] = []

    def report(exc: OSError) -> None:
        # os.walk skips a directory it cannot list without a word; its files would silently go unlinted.
        unreadable.append(InputError(f"cannot read directory: {exc.strerror or exc}", exc.filename or root))

    for dirpath, dirnames, filenames in os.walk(root, onerror=report):
        here = Path(dirpath)
        ignores.load(here)
        rel_dir = here.relative_to(root)
        kept = []
        for name in dirnames:
            rel = (rel_dir / name).as_posix() + "/"
            if name.startswith(".") or (exclude is not None and exclude.match_file(rel)) or ignores.ignored(here / name, True):
                continue
            if os.path.isfile(here / name / CACHE_TAG):  # claimlint's result cache (--cache-dir) or another tool's
                log.info("skipped %s (a cache directory: it holds %s)", here / name, CACHE_TAG)
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            path = here / name
            if exclude is not None and exclude.match_file((rel_dir / name).as_posix()):
                continue
            if ignores.ignored(path, False):
                continue
            if path.is_file():
                (generated if written_by_claimlint(path) else found).append(path)
            elif _unresolvable_link(path):
                found.append(path)
    for path in sorted(generated):
        log.info("skipped %s (written by claimlint)", path)
    return sorted(found), unreadable


def _unresolvable_link(path: Path) -> bool:
    """A symbolic link that is broken or part of a loop (``is_file`` is False for both)."""
    return path.is_symlink() and not path.exists()


class _GitIgnores:
    """The .gitignore files that apply: those met while walking, and those above the walked
    directory up to the repository's top (only inside a repository).

    A deeper .gitignore overrides a shallower one where it has a matching pattern, as in git.
    """

    def __init__(self, root: Path) -> None:
        self.specs: dict[Path, pathspec.GitIgnoreSpec] = {}
        self.root = root.resolve()
        parents = [self.root, *self.root.parents]
        top = next((p for p in parents if (p / ".git").exists()), None)
        if top is not None:
            for parent in parents[1:parents.index(top) + 1]:
                self._load(parent)

    def load(self, directory: Path) -> None:
        """Read ``directory``'s .gitignore, if any (called as the walk enters it). Only a folder holding one is
        resolved: resolving every folder was a third of a large walk."""
        if os.path.isfile(os.path.join(directory, ".gitignore")):
            self._load(directory.resolve())

    def _load(self, directory: Path) -> None:
        file = directory / ".gitignore"
        if directory in self.specs or not file.is_file():
            return
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        self.specs[directory] = _gitignore_spec(lines)

    def ignored(self, path: Path, is_dir: bool) -> bool:
        if not self.specs:
            return False
        # As git does, match a symbolic link by its own name, not its target's: resolving the
        # link itself would also raise on a link loop.
        path = path.parent.resolve() / path.name
        verdict = False
        for directory in sorted(self.specs, key=lambda d: len(d.parts)):
            if directory not in path.parents:
                continue
            rel = path.relative_to(directory).as_posix() + ("/" if is_dir else "")
            include = self.specs[directory].check_file(rel).include
            if include is not None:
                verdict = include
        return verdict
