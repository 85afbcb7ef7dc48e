"""The linter: checks the rule packs at once, loads the model when a file first needs it, then lints documents,
texts and paths.

It runs the flow for each input: readers (file, URL or stdin -> the file's text), the result cache (claimlint/cache:
the findings of bytes linted before, under the same packs, model, version and options), else the spaCy pipeline
(the ``claimlint`` component: claims, context, verdict -> findings, then stored in the cache), then the suppression
chain (suppress/chain.py) on each file's outcome, cached or not.
Configuration is not its business: api.py resolves it (for the command too) and hands over the chain and cache.
"""
from __future__ import annotations

import logging
import os
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .cache.blocks import BlockMemo
from .cache.keys import run_key
from .cache.store import ResultCache
from .errors import ClaimlintError, InputError, InputWarning
from .findings import FileOutcome, Finding, LintResult, Problem
from .packs.evidence import cited_sections
from .packs.files import pack_sources
from .pipeline.installed import model_identity
from .readers.document import SourceDocument
from .readers.web import is_url, megabytes
from .readers.sources import (MAX_FILE_BYTES, DecodedFile, document_from_text, expand_paths, kind_for, read_bytes,
                              read_file)
from .readers.warc import ArchivedPage, body_digest
from .suppress.chain import Chain
from .suppress.shared import shared_once
from .suppress.fingerprint import identify

if TYPE_CHECKING:
    from .packs.ruleset import RuleSet

log = logging.getLogger(__name__)  # `--verbose` says how many processes lint (cli.py)

# With the default --jobs, files are linted in worker processes only when there is at least this much to lint:
# each worker first loads the model, which takes about as long as linting 100 kB of copy (benchmarks/README.md),
# so a few small pages (a pre-commit hook's) are linted sooner, and on one core, in this process.
POOL_MIN_BYTES = 100_000
# The bytes of files the cache answers for, read to choose what the workers get, are kept to be linted from, up
# to this much (beyond it they are read again): a site's copy rarely comes near it, and memory stays bounded.
KEEP_BYTES = 64 * 1024 * 1024


def usable_cores() -> int:
    """The cores this process may run on (its affinity, under a CPU limit set with taskset or a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


class Linter:
    """Reusable: the packs are checked before the first lint and the spaCy pipeline loads once, when first needed."""

    def __init__(
        self,
        model: str | None = None,
        rules: Iterable[str] = (),
        builtin: bool = True,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        full: bool = False,
        with_model: bool | str = False,
        threshold: float | None = None,
    ) -> None:
        """``full`` parses every block instead of only those that may hold a claim (same findings,
        slower: for debugging and for the test that proves the two agree). ``with_model`` adds the opt-in recall
        model's proposals (claimlint/recall): True for the shipped model, or the folder of another one; ``threshold``
        replaces its documented threshold (for measuring it)."""
        config = {"rules": [str(r) for r in rules], "builtin": builtin, "select": list(select), "ignore": list(ignore)}
        # Enough to build the same linter in a worker, and every option that changes findings (the cache's key).
        self.settings = {"model": model, **config, "full": full, "with_model": with_model, "threshold": threshold}
        if with_model:  # its rule is declared in a pack of its own
            from .recall import PACK

            config["rules"] = [*config["rules"], str(PACK)]
        self._config = config
        # A pack file or a model that is not there fails now; the packs' content and the selection are checked
        # before the first lint (``check``), unless the cache has seen this very configuration pass.
        self._packs = pack_sources([Path(p) for p in config["rules"]], builtin)
        self._model = model_identity(model)
        self._checked = False
        self._key: str | None = None
        self._component: Any = None
        self._recall: Any = None
        self._pages: Any = None  # claimlint/page's PageChecker, built with the pipeline

    def check(self) -> None:
        """Load the packs and apply the selection: a bad pack or an unknown selector raises here, before the model
        loads and before any file is read."""
        if not self._checked:
            from .packs.ruleset import load_ruleset  # the packs' schema: not imported by a run the cache answers

            load_ruleset(self._config["rules"], self._config["builtin"], self._config["select"], self._config["ignore"])
            self._checked = True

    @property
    def cache_key(self) -> str:
        """What this linter's findings depend on besides the file (cache/keys.py: packs, model, versions, options)."""
        if self._key is None:
            self._key = run_key(self.settings, self._packs, self._model)
        return self._key

    @property
    def loaded(self) -> bool:
        """Whether the spaCy pipeline is loaded (a run the cache answers in full never loads it)."""
        return self._component is not None

    def _build(self) -> Any:
        """The ``claimlint`` component on the loaded model: the one pipeline path, the component a user adds to
        their own pipeline (pipeline/components.py)."""
        if self._component is not None:
            return self._component
        self.check()
        with_model, threshold = self.settings["with_model"], self.settings["threshold"]
        recall = None
        if with_model:  # loaded only when asked for, once per process
            from .recall.propose import load_model as load_recall

            recall = load_recall(None if with_model is True else str(with_model))
        from .pipeline import components  # noqa: F401 - registers the factories
        from .pipeline.loading import load_model

        nlp = load_model(self.settings["model"])
        component = nlp.add_pipe("claimlint", config={**self._config, "full_parse": self.settings["full"]})
        component.build()
        self._rules = {rule.id: rule for rule in component.ruleset.rules}
        from .page import PageChecker

        self._pages = PageChecker(component.ruleset)
        if recall is not None:
            from .recall import RULE_ID, THRESHOLD
            from .recall.propose import Proposer

            if RULE_ID in self._rules:  # --ignore model (or a --select without it) leaves the rules alone
                self._recall = component.recall = Proposer(recall, self._rules, THRESHOLD if threshold is None else threshold)
        self._component = component
        return component

    @property
    def component(self) -> Any:
        return self._build()

    @property
    def nlp(self) -> Any:
        return self._build().nlp

    @property
    def ruleset(self) -> RuleSet:
        return self._build().ruleset

    @property
    def rules(self) -> dict:
        self._build()
        return self._rules

    @property
    def recall(self) -> Any:
        self._build()
        return self._recall

    @property
    def prefilter(self) -> Any:
        """The component's cheap first pass (None when every block is parsed)."""
        return self.component.prefilter

    def lint_document(self, source: SourceDocument, memo: BlockMemo | None = None) -> list[Finding]:
        """``memo``: the document's findings block by block from its last lint (an editor's open document,
        cache/blocks.py); only the blocks whose findings may differ from then go through the pipeline."""
        return self._lint(source, memo)[0]

    def lint_documents(self, sources: list[SourceDocument]) -> list[list[Finding]]:
        return [self.lint_document(source) for source in sources]

    def _lint(self, source: SourceDocument, memo: BlockMemo | None = None) -> tuple[list[Finding], int]:
        """A document's findings, and how many of its words were parsed. The component goes through a large
        document a window at a time, so memory stays bounded (readers/windows.py). Once the whole document's
        findings are made, each gets its fingerprint (its identity in the file)."""
        from .pipeline.parse import parsed_words
        from .pipeline.to_findings import findings_from
        from .readers.windows import bounds, owned

        component = self._build()
        page = component.prepare(source)
        keys = page.block_keys() if memo is not None else None
        known = memo.known(self, keys) if keys else set()
        cuts = bounds(page.document) if keys else []
        findings, parsed = [], 0
        fresh: dict[int, list[Finding]] = {}  # with a memo: the findings of each block linted, kept by block
        only = [i for i in range(len(keys)) if i not in known] if known else None
        for window, doc in component.process(page, only):
            for block, own in owned(window, cuts) if keys else [(None, window.own)]:
                made = findings_from(doc, window.document, self._rules, own)
                if self._recall is not None:
                    self._recall.mark(made, doc, window.document)
                if block is None:
                    findings.extend(made)
                else:
                    fresh[block] = made
            parsed += parsed_words(doc)
        if keys:
            findings = memo.update(keys, fresh, source.path, source.line_col)
        if self._pages:  # page-level rules read the whole page's findings (claimlint/page)
            findings.extend(self._pages.check(source, findings))
            findings.sort(key=lambda f: (f.start, f.end))
        identify(findings)
        if source.pages:  # a PDF's lines count from its start: the page tells a reviewer where to look
            for finding in findings:
                finding.page = source.page_at(finding.start)
        return findings, parsed

    def lint_text(self, text: str, path: str = "<text>", kind: str = "text") -> list[Finding]:
        return self.lint_document(document_from_text(text, path, kind))

    def lint_paths(self, paths: list[str], stdin_filename: str | None = None, exclude: Iterable[str] = (),
                   jobs: int | None = 1, progress: Callable[[int, int], None] | None = None,
                   keep_sources: bool = False, chain: Chain | None = None,
                   cache: ResultCache | None = None) -> LintResult:
        """Lint files, directories and http(s) URLs; a file that fails is reported and the rest still run.

        Takes the options of ``iter_paths``; ``keep_sources`` keeps each file's document in
        ``result.sources`` (the html report shows its copy).
        """
        result = LintResult()
        for outcome in self.iter_paths(paths, stdin_filename, exclude, jobs, progress, chain, cache):
            result.add(outcome, keep_source=keep_sources)
        result.evidence = cited_sections(f.source for f in result.findings)
        return result

    def iter_paths(self, paths: list[str], stdin_filename: str | None = None, exclude: Iterable[str] = (),
                   jobs: int | None = 1, progress: Callable[[int, int], None] | None = None,
                   chain: Chain | None = None, cache: ResultCache | None = None) -> Iterator[FileOutcome]:
        """Each input's outcome, in input order, as soon as it is linted, with ``chain`` applied (by default
        the inline directives only).

        ``exclude`` holds .gitignore-style globs of files to leave out. With ``jobs`` > 1 files are linted in up
        to that many worker processes (each loads the model once); None uses every usable core when there is
        enough to lint to pay for starting them. With a ``cache``, files whose bytes it knows are not linted again
        (standard input and URLs are always linted). Paths that cannot be listed come first, as outcomes with a
        problem and no document.
        """
        chain = chain or Chain()
        if cache is None or not cache.vouches():
            self.check()
            if cache is not None:
                cache.vouch()
        # A claim in copy many pages of a crawl or web archive share is reported once (suppress/shared.py).
        yield from shared_once(chain.apply(outcome) for outcome in self._outcomes(paths, stdin_filename, exclude, jobs,
                                                                                   progress, cache))

    def _outcomes(self, paths: list[str], stdin_filename: str | None, exclude: Iterable[str], jobs: int | None,
                  progress: Callable[[int, int], None] | None, cache: ResultCache | None) -> Iterator[FileOutcome]:
        items: list[str | ArchivedPage] = []
        for item in expand_paths(paths, exclude=tuple(exclude)):
            if isinstance(item, ClaimlintError):
                level = "warning" if isinstance(item, InputWarning) else "error"  # an unreadable directory is an error
                yield FileOutcome([], [Problem(item.path or "", item.message, level)], None)
            else:
                items.append(item)
        pooled, workers, known = _plan(items, jobs, cache)
        linted = False
        pool = None
        if pooled:
            from concurrent.futures import ProcessPoolExecutor  # only with workers: a one-file run imports no pool

            pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(self.settings, cache))
        with pool or nullcontext():
            done = iter(())
            if pool is not None:
                log.info("linting %d files in %d processes", len(pooled), workers)
                done = pool.map(_worker_lint, [items[i] for i in pooled], chunksize=max(1, len(pooled) // (workers * 8)))
            chosen = set(pooled)
            outcomes = (next(done) if i in chosen
                        else self.lint_file(item, stdin_filename, cache, *known.pop(i, (None, None)))
                        for i, item in enumerate(items))
            for outcome in _counted(outcomes, len(items), progress):
                linted = linted or (outcome.source is not None and not outcome.cached)
                yield outcome
        if cache is not None and linted:
            cache.trim()

    def lint_file(self, item: str | ArchivedPage, stdin_filename: str | None = None,
                  cache: ResultCache | None = None, data: bytes | None = None, key: str | None = None) -> FileOutcome:
        """One file (or '-', a URL or a page of a web archive): its findings, its problems, and the document if it
        was read; nothing waived yet (``iter_paths`` applies the suppression chain). A file's findings come from
        ``cache`` when it knows its bytes, and go into it otherwise. ``data`` stands for standard input's bytes (the
        review desk's copy, linted exactly as ``check --stdin-filename NAME -`` lints it), or for a file's bytes
        already read, with their cache ``key``."""
        display = item.url if isinstance(item, ArchivedPage) else stdin_filename if item == "-" and stdin_filename else item
        try:
            # Standard input takes its format from --stdin-filename, else from its first bytes.
            file = read_file(item, data, kind=kind_for(display) if item == "-" and stdin_filename else None)
        except InputError as exc:
            return FileOutcome([], [Problem(display, exc.message)], None)
        fetched = item.date if isinstance(item, ArchivedPage) else None
        return self._lint_read(file, display, fetched, cache if _cacheable(item) else None, key)

    def lint_data(self, path: str, data: bytes, kind: str | None = None, charset: str | None = None,
                  fetched: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> FileOutcome:
        """A page held in memory (a row of a Spark DataFrame: claimlint/spark), linted as ``lint_file`` lints a file
        of these bytes named ``path``: ``kind`` None takes the format from the path's suffix, ``charset`` is what a
        server declared, ``fetched`` (a WARC-Date) dates its findings as an archived page's are. Never cached."""
        if len(data) > max_bytes:
            return FileOutcome([], [Problem(path, f"larger than the {megabytes(max_bytes)} limit ({len(data)} bytes); "
                                                  "not linted")], None)
        try:
            file = read_file(path, data, kind, charset=charset)
        except InputError as exc:
            return FileOutcome([], [Problem(path, exc.message)], None)
        return self._lint_read(file, path, fetched, None)

    def _lint_read(self, file: DecodedFile, display: str, fetched: str | None, cache: ResultCache | None,
                   key: str | None = None) -> FileOutcome:
        file.path = display
        problems = [Problem(display, file.warning, "warning")] if file.warning else []
        key = key or (cache.key(file.kind, file.data) if cache is not None else None)
        cached = cache.get(key) if key else None
        if cached is not None:
            for finding in cached:
                finding.path = display
            return FileOutcome(_dated(fetched, file.data, cached), problems, file, cached=True)
        try:
            source = file.document
        except InputError as exc:
            return FileOutcome([], [*problems, Problem(display, exc.message)], None)
        self._build()  # outside the guard below: a model that will not load is the run's error, not this file's
        try:
            findings, parsed = self._lint(source)
        except Exception as exc:  # noqa: BLE001 - a bug on one page must not cost the other pages their findings
            first_line = (str(exc).strip().splitlines() or [""])[0][:200]
            problems.append(Problem(display, f"internal error, not linted ({type(exc).__name__}: {first_line}); "
                                             "please report this with the file"))
            return FileOutcome([], problems, None)
        if key:
            cache.put(key, findings)
        return FileOutcome(_dated(fetched, file.data, findings), problems, source, words=len(source.text.split()),
                           parsed_words=parsed)


def _dated(fetched: str | None, data: bytes, findings: list[Finding]) -> list[Finding]:
    """A web archive's page: each finding records when the page was fetched and the SHA-256 of the body linted (set
    after the cache, which knows bytes, not fetches)."""
    if fetched is not None:
        digest = body_digest(data)
        for finding in findings:
            finding.fetched, finding.sha256 = fetched, digest
    return findings


def _cacheable(item: str | ArchivedPage) -> bool:
    """Files and archived pages are; standard input and URLs are linted every time (neither is linted twice
    unchanged in CI)."""
    return isinstance(item, ArchivedPage) or (item != "-" and not is_url(item))


def _plan(items: list[str | ArchivedPage], jobs: int | None,
          cache: ResultCache | None) -> tuple[list[int], int, dict[int, tuple[bytes, str]]]:
    """Which of ``items`` go to worker processes, and how many workers: those the cache does not answer for
    (standard input is read in this process), when there are two or more and, with the default ``jobs`` (None),
    enough bytes of them to pay for starting the workers. The others are linted here, in order. Of those the cache
    answers for, the bytes read here and their key are kept (up to KEEP_BYTES in all), so that each is read and
    hashed once; the findings are those of the bytes read, whenever the file changes."""
    if jobs == 1:
        return [], 1, {}
    todo, size, known, kept = [], 0, {}, 0
    for i, item in enumerate(items):
        if item == "-":
            continue
        if isinstance(item, ArchivedPage):  # read where it is linted: a large archive is never held here
            todo.append(i)
            size += item.length
            continue
        if not _cacheable(item):
            todo.append(i)
            continue
        try:
            data = read_bytes(item) if cache is not None else None
            size += len(data) if data is not None else os.stat(item).st_size
        except (InputError, OSError):
            continue  # reported in its turn, by this process
        key = cache.key(kind_for(item), data) if data is not None else None
        if key and cache.has(key):
            size -= len(data)
            if kept + len(data) <= KEEP_BYTES:
                known[i], kept = (data, key), kept + len(data)
            continue
        todo.append(i)
    workers = min(jobs or usable_cores(), len(todo))
    if workers < 2 or (jobs is None and size < POOL_MIN_BYTES):
        return [], 1, known
    return todo, workers, known


_worker: Linter | None = None
_worker_cache: ResultCache | None = None


def _start_worker(settings: dict, cache: ResultCache | None) -> None:
    global _worker, _worker_cache
    _worker, _worker_cache = Linter(**settings), cache
    _worker.component  # noqa: B018 - the model loads once per worker, as it starts


def _worker_lint(item: str | ArchivedPage) -> FileOutcome:
    return _worker.lint_file(item, cache=_worker_cache)


def _counted(outcomes: Iterable[FileOutcome], total: int, progress) -> Iterator[FileOutcome]:
    for done, outcome in enumerate(outcomes, 1):
        yield outcome
        if progress:
            progress(done, total)
