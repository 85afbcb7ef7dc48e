"""The packs' compiled form kept between runs (claimlint/packs/compiled.py): start-up is faster, findings are not
changed by it, and an entry that is corrupt, of another shape or stale is rebuilt, never an error.

Each command runs as a new process, as a user's would: the compiled form is read at start-up, once per process.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS_SAMPLE, ROOT, corpus_pages


def check(paths: list[Path], user_cache: Path) -> bytes:
    """``claimlint check --format json --no-cache`` in a new process with ``user_cache`` as the user's cache."""
    env = {**os.environ, "XDG_CACHE_HOME": str(user_cache), "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "claimlint", "check", "--format", "json", "--no-cache", "-j1",
                          *map(str, paths)], env=env, capture_output=True, cwd=ROOT)
    assert run.returncode in (0, 1), run.stderr.decode()
    return run.stdout


def entries(user_cache: Path) -> list[Path]:
    return sorted((user_cache / "claimlint" / "compiled").glob("*.pickle"))


@pytest.mark.parametrize("every", CORPUS_SAMPLE)
def test_findings_are_the_same_without_the_compiled_form_cold_and_warm(tmp_path, every):
    pages = corpus_pages(every)
    unwritable = tmp_path / "a-file"  # the cache's folder would be under a file: nothing read, nothing kept
    unwritable.write_text("", encoding="utf-8")
    without = check(pages, unwritable)
    cold = check(pages, tmp_path / "user")
    # the packs; the tokenizer's pieces of the phrases' words, with the phrases' patterns; three data tables
    assert len(entries(tmp_path / "user")) == 5
    warm = check(pages, tmp_path / "user")
    assert b'"rule"' in without
    assert cold == without
    assert warm == without


def test_a_corrupt_or_foreign_entry_is_rebuilt(tmp_path):
    page = [ROOT / "examples" / "clinic-page.txt"]
    user = tmp_path / "user"
    expected = check(page, user)
    kept = entries(user)
    for i, entry in enumerate(kept):
        if i % 2:
            entry.write_bytes(entry.read_bytes()[:100])  # truncated, as by a full disk
        else:
            entry.write_bytes(pickle.dumps(["not", "what", "was", "kept"]))  # a readable pickle of another shape
    assert check(page, user) == expected
    for entry in kept:  # written again, whole
        assert not isinstance(pickle.loads(entry.read_bytes()), list)
    assert check(page, user) == expected


def test_a_changed_pack_is_compiled_again(tmp_path):
    """The key holds the packs' bytes: an edit within the same second and size is still seen."""
    from claimlint.packs import compiled

    pack = (ROOT / "rules" / "msc-diabetes.yaml").read_text(encoding="utf-8")
    assert compiled.load(["packs", "x", pack]) is None
    compiled.store(["packs", "x", pack], ("kept",))
    assert compiled.load(["packs", "x", pack]) == ("kept",)
    assert compiled.load(["packs", "x", pack.replace("diabetes", "Diabetes", 1)]) is None
    assert compiled.load(["packs", "y", pack]) is None


@pytest.fixture(scope="module")
def directory_seen_by_a_module_fixture() -> Path:
    from claimlint.packs import compiled

    return compiled.directory()


def test_fixtures_set_up_before_a_tests_own_cache_never_see_the_real_one(directory_seen_by_a_module_fixture,
                                                                          own_user_cache):
    """Session and module fixtures (the shared ``linter``) are set up before the per-test cache: they once compiled
    into the real ~/.cache/claimlint (conftest.own_user_cache)."""
    assert directory_seen_by_a_module_fixture.is_relative_to(own_user_cache)
