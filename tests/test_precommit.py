"""The real pre-commit, running this checkout's hook in a throwaway git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A marketing repository with staged pages, and a private pre-commit cache."""
    repo = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / "overclaim.md").write_text("# Our programme\n\nOur stem cells cure type 2 diabetes.\n", encoding="utf-8")
    (repo / "honest.md").write_text(
        "# Our programme\n\nMSCs do not become insulin-producing cells.\n\n"
        "Our stem cells transfer healthy mitochondria to tired cells.\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return repo, env


def try_repo(site, *files: str) -> subprocess.CompletedProcess:
    repo, env = site
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "claimlint", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_hook_fails_on_an_over_claim(site):
    run = try_repo(site, "overclaim.md")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "MSC-CURE" in run.stdout and "Failed" in run.stdout


def test_hook_passes_honest_copy_and_keeps_warnings_visible(site):
    run = try_repo(site, "honest.md")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
    assert "MSC-MECHANISM" in run.stdout and "warning" in run.stdout  # verbose: warnings shown on a pass
