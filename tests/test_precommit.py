"""The README's CI and hook snippets, run as written against this checkout.

Only the placeholder for where a team keeps its copy of the repository
(https://github.com/your-org/claimlint) is replaced by this checkout's path; the refs, hook ids, action
inputs and commands are the README's own.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PLACEHOLDER = "https://github.com/your-org/claimlint"
README = (ROOT / "README.md").read_text(encoding="utf-8")
OVERCLAIM = "# Our programme\n\nOur stem cells cure type 2 diabetes.\n"
HONEST = ("# Our programme\n\nMSCs do not become insulin-producing cells.\n\n"
          "Our stem cells transfer healthy mitochondria to tired cells.\n")


def snippet(marker: str) -> str:
    """The README's yaml block that contains ``marker``."""
    return next(b for b in re.findall(r"```yaml\n(.*?)```", README, re.S) if marker in b)


def git_env(tmp_path_factory) -> dict[str, str]:
    return {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def test_snippet_refs_exist_in_this_repository():
    """Every ref a snippet names (pre-commit rev, action @ref, pip @ref) is a ref of this checkout."""
    refs = {yaml.safe_load(snippet("pre-commit-config"))["repos"][0]["rev"]}
    refs |= set(re.findall(r"your-org/claimlint@([\w.\-/]+)", README))
    assert refs
    for ref in refs:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == 0, f"README names ref {ref!r}, which this repository does not have"


# -- pre-commit -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A marketing repository using the README's pre-commit configuration, with staged pages."""
    repo = tmp_path_factory.mktemp("site")
    env = git_env(tmp_path_factory)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / ".pre-commit-config.yaml").write_text(snippet("pre-commit-config").replace(PLACEHOLDER, str(ROOT)),
                                                  encoding="utf-8")
    (repo / "overclaim.md").write_text(OVERCLAIM, encoding="utf-8")
    (repo / "honest.md").write_text(HONEST, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return repo, env


def pre_commit(site, *files: str) -> subprocess.CompletedProcess:
    repo, env = site
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_hook_fails_on_an_over_claim(site):
    run = pre_commit(site, "overclaim.md")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "MSC-CURE" in run.stdout and "Failed" in run.stdout


def test_hook_passes_honest_copy_and_keeps_warnings_visible(site):
    run = pre_commit(site, "honest.md")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
    assert "MSC-MECHANISM" in run.stdout and "warning" in run.stdout  # verbose: warnings shown on a pass


# -- GitHub Actions ---------------------------------------------------------------------------------

def test_github_workflow_uses_the_actions_inputs_and_its_steps_run(tmp_path):
    """The workflow's `with:` names inputs action.yml declares; the action's shell steps, given those inputs, run
    here with the installed claimlint (the runner's own steps, checkout and setup-python, are GitHub's)."""
    workflow = yaml.safe_load(snippet("upload-sarif"))
    step = next(s for s in workflow["jobs"]["claimlint"]["steps"] if "your-org/claimlint@" in s.get("uses", ""))
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(step["with"]) <= set(action["inputs"])
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text(OVERCLAIM, encoding="utf-8")
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    inputs |= {**step["with"], "args": ""}  # --diff needs the pull request's base branch
    outcomes = {}
    for run_step in (s for s in action["runs"]["steps"] if "run" in s and "pip install" not in s["run"]):
        command = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: str(inputs[m.group(1)]), run_step["run"])
        if "if" in run_step and not inputs["sarif"]:
            continue
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"})
        outcomes[run_step["name"]] = (done.returncode, done.stdout)
    assert outcomes["Lint"][0] == 1 and "::error file=site/page.md" in outcomes["Lint"][1]
    sarif = (tmp_path / inputs["sarif"]).read_text(encoding="utf-8")
    assert '"ruleId": "MSC-CURE"' in sarif


# -- GitLab CI --------------------------------------------------------------------------------------

@pytest.mark.slow
def test_gitlab_script_installs_from_the_repository_and_writes_junit(tmp_path):
    """The job's script lines, in a fresh virtual environment: pip installs claimlint from git, then lints."""
    job = yaml.safe_load(snippet("reports: {junit"))["claimlint"]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text(OVERCLAIM, encoding="utf-8")
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    env.pop("PYTHONPATH", None)
    codes = []
    for line in job["script"]:
        line = line.replace(PLACEHOLDER, f"file://{ROOT}")
        done = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200)
        codes.append(done.returncode)
        if "pip install" in line:
            assert done.returncode == 0, done.stderr[-2000:]
    assert codes[-1] == 1  # the over-claim fails the job
    report = ET.parse(tmp_path / "claimlint.xml").getroot()
    assert report.find("testsuite").get("failures") == "1"
    assert shlex.split(job["script"][-1])[:2] == ["claimlint", "check"]
