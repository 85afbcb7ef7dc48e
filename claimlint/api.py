"""The Python API: lint texts and paths as the ``claimlint`` command does, configuration and suppression included.

    import claimlint
    result = claimlint.lint_paths(["site/"], baseline="claimlint-baseline.json", diff="origin/main")
    for finding in result.reported:
        print(finding.path, finding.line, finding.rule, finding.severity)
    result = claimlint.lint_text("Our stem cells cure diabetes.")

Both return a ``LintResult`` (claimlint.findings) holding every claim found: ``result.reported`` are those
reported, the others carry ``suppressed_by`` (how the claim is stated, an inline directive, the configuration's
per-path ignores, --diff or the baseline: suppress/chain.py). The command runs on ``prepare`` too, so the
API and the CLI resolve configuration and waive findings in exactly the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .cache.blocks import BlockMemo
from .cache.location import cache_dir
from .cache.store import ResultCache
from .config import Config, resolve_config
from .findings import FileOutcome, LintResult
from .linter import Linter
from .packs.evidence import cited_sections
from .readers.web import is_url
from .readers.sources import document_from_text
from .suppress.chain import Chain

__all__ = ["BlockMemo", "Run", "lint_paths", "lint_text", "linter_for", "prepare"]


@lru_cache(maxsize=4)
def linter_for(model: str | None = None, rules: tuple[str, ...] = (), builtin: bool = True, select: tuple[str, ...] = (),
               ignore: tuple[str, ...] = (), full: bool = False, with_model: bool = False,
               threshold: float | None = None) -> Linter:
    """One linter per configuration per process (the model loads once, even across in-process calls)."""
    return Linter(model=model, rules=rules, builtin=builtin, select=select, ignore=ignore, full=full,
                  with_model=with_model, threshold=threshold)


@dataclass
class Run:
    """A resolved configuration with the linter and the suppression chain it calls for."""

    config: Config
    linter: Linter
    chain: Chain

    def outcomes(self, paths: Iterable[str], *, stdin_filename: str | None = None, exclude: Iterable[str] = (),
                 jobs: int | None = 1, progress: Callable[[int, int], None] | None = None,
                 cache: ResultCache | None = None) -> Iterator[FileOutcome]:
        """Each input's outcome as soon as it is linted (or found in ``cache``), suppression applied; ``exclude``
        defaults to the configuration's; ``jobs`` None: every usable core when there is enough to lint."""
        return self.linter.iter_paths(list(paths), stdin_filename, tuple(exclude) or self.config.exclude, jobs,
                                      progress, self.chain, cache)

    def cache(self, paths: Iterable[str], directory: str | Path | None = None) -> ResultCache | None:
        """The result cache for a run over ``paths``: ``directory``, else $CLAIMLINT_CACHE_DIR, else
        .claimlint_cache/ at the project's root. None when every input is standard input or a URL (never cached)."""
        paths = [str(p) for p in paths]
        if all(p == "-" or is_url(p) for p in paths):
            return None
        return ResultCache.open(cache_dir(paths, directory), self.linter.cache_key)


def prepare(paths: Iterable[str] = (), *, config: Config | str | Path | None = None, config_path: str | Path | None = None,
            isolated: bool = False, model: str | None = None, rules: Iterable[str] = (), builtin: bool = True,
            select: Iterable[str] = (), ignore: Iterable[str] = (), full_parse: bool = False,
            baseline: str | Path | None = None, diff: str | None = None, with_model: bool | None = None,
            reviews: Iterable[str | Path] = ()) -> Run:
    """The configuration in force for ``paths`` and what it calls for. Arguments override the configuration as
    the command's flags do; ``config`` (a Config or a file) skips the search for one, ``isolated`` ignores them.
    ``with_model`` (None: as the configuration says) adds the recall model's proposals; ``reviews`` are review files
    (suppress/review.py) whose waived and disputed findings are not reported."""
    if isinstance(config, Config):
        settings = config
    else:
        explicit = config if config is not None else config_path
        settings = resolve_config(str(explicit) if explicit else None, isolated, [str(p) for p in paths])
    linter = linter_for(model or settings.model, tuple(str(r) for r in rules) or settings.rules, settings.builtin and builtin,
                        tuple(select) or settings.select, tuple(ignore) or settings.ignore, full_parse,
                        settings.with_model if with_model is None else bool(with_model))
    chain = Chain.build(settings.per_path_ignores, settings.root, baseline, diff, reviews)
    return Run(settings, linter, chain)


def lint_paths(paths: Iterable[str], *, config_path: str | Path | None = None, isolated: bool = False,
               model: str | None = None, rules: Iterable[str] = (), builtin: bool = True, select: Iterable[str] = (),
               ignore: Iterable[str] = (), baseline: str | Path | None = None, diff: str | None = None,
               exclude: Iterable[str] = (), stdin_filename: str | None = None, jobs: int | None = 1,
               keep_sources: bool = False, with_model: bool | None = None,
               cache: bool | str | Path = False) -> LintResult:
    """Lint files, directories, http(s) URLs or '-' as ``claimlint check`` does.

    The nearest ``.claimlint.yaml`` (or ``config_path``) applies unless ``isolated``; ``baseline`` is a baseline
    file and ``diff`` a git revision, as for --baseline and --diff. ``keep_sources`` keeps each file as read
    (for the html report). ``with_model`` as for --with-model (None: as the configuration says). ``jobs`` as for
    --jobs (None: every usable core when there is enough to lint). ``cache``: True keeps findings in the
    command's result cache, a folder in that folder; False (the default) lints every file.
    """
    paths = [str(p) for p in paths]
    run = prepare(paths, config_path=config_path, isolated=isolated, model=model, rules=rules, builtin=builtin,
                  select=select, ignore=ignore, baseline=baseline, diff=diff, with_model=with_model)
    store = run.cache(paths, None if cache is True else cache) if cache is not False else None
    return run.linter.lint_paths(paths, stdin_filename, tuple(exclude) or run.config.exclude, jobs,
                                 keep_sources=keep_sources, chain=run.chain, cache=store)


def lint_text(text: str, *, path: str = "<text>", kind: str = "text", config: Config | str | Path | None = None,
              model: str | None = None, rules: Iterable[str] = (), builtin: bool = True, select: Iterable[str] = (),
              ignore: Iterable[str] = (), baseline: str | Path | None = None, diff: str | None = None,
              with_model: bool | None = None) -> LintResult:
    """Lint one text (``kind``: text, markdown or html) as if it were the file ``path``.

    ``config`` is a Config or a configuration file (none by default: the built-in packs, no per-path ignores);
    its per-path ignores match ``path``, and inline directives in the text apply as in a file. ``with_model`` as
    for --with-model (None: as the configuration says).
    """
    run = prepare(config=config or Config(), model=model, rules=rules, builtin=builtin, select=select, ignore=ignore,
                  baseline=baseline, diff=diff, with_model=with_model)
    source = document_from_text(text, path, kind)
    result = LintResult()
    result.add(run.chain.apply(FileOutcome(run.linter.lint_document(source), [], source)))
    result.evidence = cited_sections(f.source for f in result.findings)
    return result
