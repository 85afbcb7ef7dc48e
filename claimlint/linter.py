"""The linter: loads the model and rule packs once, then lints documents, texts and paths.

It runs the flow for each input: readers (file, URL or stdin -> SourceDocument), the spaCy pipeline (the
``claimlint`` component: claims, context, verdict -> findings), then the suppression chain (suppress/chain.py)
on each file's outcome.
Configuration is not its business: api.py resolves it (for the command too) and hands over the chain.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

from .errors import ClaimlintError, InputError, InputWarning
from .findings import FileOutcome, Finding, LintResult, Problem
from .packs.evidence import cited_sections
from .packs.ruleset import RuleSet, load_ruleset
from .pipeline.loading import load_model
from .pipeline.to_findings import findings_from
from .readers.document import SourceDocument
from .readers.sources import document_from_text, expand_paths, kind_for, read_document
from .suppress.chain import Chain
from .suppress.fingerprint import identify


class Linter:
    """Reusable: the spaCy pipeline and the packs load once, in the constructor."""

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
        # Enough to build the same linter in a worker.
        self.settings = {"model": model, **config, "full": full, "with_model": with_model, "threshold": threshold}
        recall = None
        if with_model:  # loaded only when asked for, once per process; its rule is declared in a pack of its own
            from .recall.propose import load_model as load_recall, pack_path

            recall = load_recall(None if with_model is True else str(with_model))
            config["rules"] = [*config["rules"], str(pack_path())]
        load_ruleset(config["rules"], builtin, config["select"], config["ignore"])  # a bad pack fails before the model loads
        from .pipeline import components  # noqa: F401 - registers the factories

        nlp = load_model(model)
        # The one pipeline path: the component a user adds to their own pipeline (pipeline/components.py).
        self.component = nlp.add_pipe("claimlint", config={**config, "full_parse": full})
        self.component.build()
        self.ruleset: RuleSet = self.component.ruleset
        self.rules = {rule.id: rule for rule in self.ruleset.rules}
        self.nlp = nlp
        self.recall = None
        if recall is not None:
            from .recall import RULE_ID, THRESHOLD
            from .recall.propose import Proposer

            if RULE_ID in self.rules:  # --ignore model (or a --select without it) leaves the rules alone
                self.recall = self.component.recall = Proposer(recall, self.rules, THRESHOLD if threshold is None else threshold)

    @property
    def prefilter(self):
        """The component's cheap first pass (None when every block is parsed)."""
        return self.component.prefilter

    def lint_document(self, source: SourceDocument) -> list[Finding]:
        return self.lint_documents([source])[0]

    def lint_documents(self, sources: list[SourceDocument]) -> list[list[Finding]]:
        return [self._lint(source) for source in sources]

    def _lint(self, source: SourceDocument) -> list[Finding]:
        """The component goes through a large document a window at a time, so memory stays bounded
        (readers/windows.py). Once the whole document's findings are made, each gets its fingerprint (its
        identity in the file)."""
        findings = []
        for window, doc in self.component.process(source):
            made = findings_from(doc, window.document, self.rules, window.own)
            if self.recall is not None:
                self.recall.mark(made, doc, window.document)
            findings.extend(made)
        identify(findings)
        return findings

    def lint_text(self, text: str, path: str = "<text>", kind: str = "text") -> list[Finding]:
        return self.lint_document(document_from_text(text, path, kind))

    def lint_paths(self, paths: list[str], stdin_filename: str | None = None, exclude: Iterable[str] = (),
                   jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                   keep_sources: bool = False, chain: Chain | None = None) -> LintResult:
        """Lint files, directories and http(s) URLs; a file that fails is reported and the rest still run.

        Takes the options of ``iter_paths``; ``keep_sources`` keeps each file's document in
        ``result.sources`` (the html report shows its copy).
        """
        result = LintResult()
        for outcome in self.iter_paths(paths, stdin_filename, exclude, jobs, progress, chain):
            result.add(outcome, keep_source=keep_sources)
        result.evidence = cited_sections(f.source for f in result.findings)
        return result

    def iter_paths(self, paths: list[str], stdin_filename: str | None = None, exclude: Iterable[str] = (),
                   jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                   chain: Chain | None = None) -> Iterator[FileOutcome]:
        """Each input's outcome, in input order, as soon as it is linted, with ``chain`` applied (by default
        the inline directives only).

        ``exclude`` holds .gitignore-style globs of files to leave out. With ``jobs`` > 1 files are
        linted in worker processes (each loads the model once). Paths that cannot be listed come
        first, as outcomes with a problem and no document.
        """
        chain = chain or Chain()
        for outcome in self._outcomes(paths, stdin_filename, exclude, jobs, progress):
            yield chain.apply(outcome)

    def _outcomes(self, paths: list[str], stdin_filename: str | None, exclude: Iterable[str], jobs: int,
                  progress: Callable[[int, int], None] | None) -> Iterator[FileOutcome]:
        items: list[str] = []
        for item in expand_paths(paths, exclude=tuple(exclude)):
            if isinstance(item, ClaimlintError):
                level = "warning" if isinstance(item, InputWarning) else "error"  # an unreadable directory is an error
                yield FileOutcome([], [Problem(item.path or "", item.message, level)], None)
            else:
                items.append(item)
        if jobs > 1 and len(items) > 1 and "-" not in items:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(self.settings,)) as pool:
                outcomes = pool.map(_worker_lint, items, chunksize=max(1, len(items) // (jobs * 8)))
                yield from _counted(outcomes, len(items), progress)
        else:
            outcomes = (self.lint_file(item, stdin_filename) for item in items)
            yield from _counted(outcomes, len(items), progress)

    def lint_file(self, item: str, stdin_filename: str | None = None) -> FileOutcome:
        """One file (or '-' or a URL): its findings, its problems, and the document if it was read; nothing
        waived yet (``iter_paths`` applies the suppression chain)."""
        display = stdin_filename if item == "-" and stdin_filename else item
        try:
            # Standard input takes its format from --stdin-filename, else from its first bytes.
            source, warning = read_document(item, kind=kind_for(display) if item == "-" and stdin_filename else None)
        except InputError as exc:
            return FileOutcome([], [Problem(display, exc.message)], None)
        source.path = display
        problems = [Problem(display, warning, "warning")] if warning else []
        try:
            findings = self.lint_document(source)
        except Exception as exc:  # noqa: BLE001 - a bug on one page must not cost the other pages their findings
            first_line = (str(exc).strip().splitlines() or [""])[0][:200]
            problems.append(Problem(display, f"internal error, not linted ({type(exc).__name__}: {first_line}); "
                                             "please report this with the file"))
            return FileOutcome([], problems, None)
        return FileOutcome(findings, problems, source)


_worker: Linter | None = None


def _start_worker(settings: dict) -> None:
    global _worker
    _worker = Linter(**settings)


def _worker_lint(item: str) -> FileOutcome:
    return _worker.lint_file(item)


def _counted(outcomes: Iterable[FileOutcome], total: int, progress) -> Iterator[FileOutcome]:
    for done, outcome in enumerate(outcomes, 1):
        yield outcome
        if progress:
            progress(done, total)
