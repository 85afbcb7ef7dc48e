"""A short, bounded run of each coverage-guided fuzz target (fuzz/), so CI catches what they find first.

Both targets run at once, each in its own process: briefly in the default suite, for minutes under
``-m slow`` (which .ci/run also runs). Longer runs by hand: fuzz/README.md.
Skipped when atheris is not installed, except in CI (CLAIMLINT_CI=1), where they must run.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

TARGETS = ("fuzz_readers", "fuzz_pipeline")
# (name, wall-time cap in seconds, inputs to run or 0 for as many as fit): the short run stops after a fixed
# number of inputs, so a loaded machine (the pipeline target loads a spaCy model first) still mutates some
RUNS = [("short", 90, 16), pytest.param(("long", 120, 0), marks=pytest.mark.slow)]

if os.environ.get("CLAIMLINT_CI") != "1":
    pytest.importorskip("atheris", reason="atheris is not installed (pip install -e '.[test]' on Linux x86-64)")


@pytest.fixture(scope="module", params=RUNS, ids=lambda run: run[0])
def fuzz_runs(tmp_path_factory, request):
    """Start every target at once (they take the same wall time side by side); yield the processes."""
    _, seconds, inputs = request.param
    runs = {}
    for target in TARGETS:
        work = tmp_path_factory.mktemp(target)
        (work / "corpus").mkdir()
        limit = [f"-runs={inputs}"] if inputs else []
        command = [sys.executable, str(ROOT / "fuzz" / f"{target}.py"), f"-max_total_time={seconds}", *limit,
                   "-timeout=60", "-rss_limit_mb=2048", "-print_final_stats=1", f"-artifact_prefix={work}/",
                   str(work / "corpus"), str(ROOT / "fuzz" / "seeds")]
        runs[target] = (work, seconds, subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                               text=True, errors="replace"))
    yield runs
    for _, _, process in runs.values():
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_finds_no_crash(fuzz_runs, target):
    work, seconds, process = fuzz_runs[target]
    output, _ = process.communicate(timeout=seconds + 120)
    crashes = sorted(p.name for p in work.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-", "leak-")))
    tail = "\n".join(output.splitlines()[-40:])
    assert process.returncode == 0 and not crashes, f"{target} failed ({crashes}):\n{tail}"
    runs = re.search(r"stat::number_of_executed_units: (\d+)", output)
    seeds = len(list((ROOT / "fuzz" / "seeds").iterdir()))
    # it really ran: mutated inputs beyond the seeds (how many fit in the time depends on the machine's load)
    assert runs and int(runs.group(1)) > seeds + 2, tail
