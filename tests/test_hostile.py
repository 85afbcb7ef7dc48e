"""Hostile inputs: huge files, a 5 MB line, deeply nested HTML, 100,000 files, link loops, unreadable and
vanishing files. Each problem is one line on stderr, the other files are still linted and printed, the
run exits 2 when a file could not be read, and memory stays bounded (peak RSS measured in a subprocess).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from conftest import ROOT

CLAIM = "Our stem cells cure diabetes."
FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. "
MB = 1024 * 1024

# Runs the command in a fresh interpreter and reports its own peak RSS (the model alone is about 150 MB).
RUN_CLI = """
import resource, sys, time
from claimlint.cli import main
started, code = time.monotonic(), None
try:
    main(sys.argv[1:], prog_name="claimlint")
except SystemExit as exc:
    code = exc.code
print(f"RESULT {code} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} {time.monotonic() - started:.1f}",
      file=sys.stderr)
"""


@dataclass
class Run:
    code: int
    out: str
    problems: list[str]  # stderr lines
    rss_mb: int
    seconds: float

    def json(self) -> dict:
        return json.loads(self.out)


def run_cli(*args: object, stdin: bytes | None = None, timeout: float = 300, wrapper: tuple[str, ...] = ()) -> Run:
    done = subprocess.run([*wrapper, sys.executable, "-c", RUN_CLI, *map(str, args)], capture_output=True, input=stdin,
                          timeout=timeout, cwd=ROOT, env={**os.environ, "NO_COLOR": "1"})
    *problems, result = done.stderr.decode().splitlines()
    _, code, rss, seconds = result.split()
    return Run(int(code), done.stdout.decode(), problems, int(rss), float(seconds))


@pytest.fixture(scope="module")
def baseline_rss() -> int:
    """Peak RSS of linting one small page: the model and packs loaded, nothing else."""
    return run_cli("check", ROOT / "examples" / "honest-page.txt").rss_mb


# -- one run over a directory of hostile files ------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hostile")
    yield _fill_hostile(root)
    shutil.rmtree(root)  # 55 MB: not kept among pytest's last three runs


def _fill_hostile(root: Path) -> Path:
    (root / ".git").mkdir()  # a repository with a .gitignore: its matching resolves paths, which loops must not break
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    with open(root / "big.txt", "w", encoding="utf-8") as big:  # 50 MB of copy with a claim at the end
        while big.tell() < 50 * MB:
            big.write(FILLER * 10_000)
        big.write(CLAIM)
    (root / "line.txt").write_text(CLAIM + " " + FILLER * (5 * MB // len(FILLER)) + "Stem cells reverse diabetes.",
                                   encoding="utf-8")
    (root / "nested.html").write_text("<div>" * 100_000 + f"<p>{CLAIM}</p>" + "</div>" * 100_000, encoding="utf-8")
    # Every <div> closes an open <p> unless a <button> is nearer: this was a quadratic scan of the element stack.
    (root / "scoped.html").write_text("<p><button>" + "<div>" * 100_000 + CLAIM, encoding="utf-8")
    (root / "page.txt").write_text(CLAIM + "\n", encoding="utf-8")
    os.symlink("loop.txt", root / "loop.txt")
    os.symlink("b.md", root / "a.md")
    os.symlink("a.md", root / "b.md")
    os.symlink("missing.html", root / "dangling.html")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a directory loop: links to directories are not followed
    (root / "sub" / "deep.md").write_text(f"# Notes\n\n{CLAIM}\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.txt")  # walked past: reading a FIFO would wait for a writer
    return root


@pytest.fixture(scope="module")
def hostile_run(hostile) -> Run:
    return run_cli("check", "--format", "json", hostile)


def test_unreadable_files_are_one_line_each_and_the_rest_is_linted(hostile, hostile_run):
    expected = {
        "big.txt": f"larger than the 10 MB limit ({(hostile / 'big.txt').stat().st_size} bytes); not linted",
        "loop.txt": "symbolic link loop", "a.md": "symbolic link loop", "b.md": "symbolic link loop",
        "dangling.html": "broken symbolic link",
    }
    # the five megabytes of Latin filler read as another language: linted all the same, with that warning
    latin = f"claimlint: {hostile / 'line.txt'}: warning: reads as another language than English"
    assert sorted(p for p in hostile_run.problems if not p.startswith(latin)) == sorted(
        f"claimlint: {hostile / name}: error: {message}" for name, message in expected.items())
    assert sum(p.startswith(latin) for p in hostile_run.problems) == 1
    found = sorted((Path(f["path"]).relative_to(hostile).as_posix(), f["rule"]) for f in hostile_run.json()["findings"]
                   if f["origin"] == "rules")  # page checks (tests/test_page.py) are not what this test is about
    assert found == [("line.txt", "MSC-CURE"), ("line.txt", "MSC-REVERSAL"), ("nested.html", "MSC-CURE"),
                     ("page.txt", "MSC-CURE"), ("scoped.html", "MSC-CURE"), ("sub/deep.md", "MSC-CURE")]  # once: sub/up is not followed
    assert hostile_run.code == 2  # findings printed, but a file could not be read


def test_memory_and_time_stay_bounded(hostile_run, baseline_rss):
    print(f"hostile directory: peak RSS {hostile_run.rss_mb} MB (one small page: {baseline_rss} MB), "
          f"{hostile_run.seconds} s")
    assert hostile_run.rss_mb - baseline_rss < 300


def test_a_5mb_line_is_linted_to_its_end(hostile, hostile_run):
    source = (hostile / "line.txt").read_text(encoding="utf-8")
    last = max((f for f in hostile_run.json()["findings"] if f["path"].endswith("line.txt")), key=lambda f: f["start"])
    assert last["line"] == 1 and last["column"] > 5_000_000 and source[last["start"]:last["end"]] == last["text"]


# -- many files -------------------------------------------------------------------------------------

@pytest.mark.parametrize("files", [10_000, pytest.param(100_000, marks=pytest.mark.slow)])
def test_many_files(tmp_path, baseline_rss, files):
    """Files in folders of 1,000, one claim in every thousandth: all are linted, memory stays flat."""
    for folder in range(files // 1000):
        directory = tmp_path / f"f{folder:03}"
        directory.mkdir()
        for i in range(1000):
            (directory / f"p{i:03}.txt").write_text(CLAIM if i == 0 else "Our clinic is open on weekdays.\n",
                                                    encoding="utf-8")
    try:
        run = run_cli("check", "--format", "json", tmp_path, timeout=1200)
    finally:
        shutil.rmtree(tmp_path)  # many inodes: not kept among pytest's last three runs
    print(f"{files:,} files: {run.seconds} s, peak RSS {run.rss_mb} MB (one small page: {baseline_rss} MB)")
    report = run.json()
    assert report["files"] == files and len(report["findings"]) == files // 1000 and run.code == 1
    assert run.rss_mb - baseline_rss < 300


# -- unreadable, vanishing and special files ----------------------------------------------------------

def test_unreadable_file_and_directory(tmp_path):
    """chmod 000 does not stop root: as root, the run goes without the capabilities that let it read anyway."""
    wrapper: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv, so chmod 000 cannot make a file unreadable")
        wrapper = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
    (tmp_path / "ok.txt").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.md").write_text(CLAIM, encoding="utf-8")
    os.chmod(tmp_path / "secret.txt", 0)
    os.chmod(tmp_path / "locked", 0)
    try:
        run = run_cli("check", tmp_path, wrapper=wrapper)
    finally:
        os.chmod(tmp_path / "locked", 0o755)  # so that pytest can clean up
    assert sorted(run.problems) == [f"claimlint: {tmp_path / 'locked'}: error: cannot read directory: Permission denied",
                                    f"claimlint: {tmp_path / 'secret.txt'}: error: cannot read: Permission denied"]
    assert f"{tmp_path / 'ok.txt'}:1:16: MSC-CURE" in run.out and run.code == 2


def test_file_deleted_after_listing(linter, tmp_path, monkeypatch):
    """A file the walk listed but that is gone when its turn comes: reported, and the others are linted."""
    import claimlint.linter

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(CLAIM, encoding="utf-8")
    listed = claimlint.linter.expand_paths

    def list_then_delete(*args, **kwargs):
        items = list(listed(*args, **kwargs))
        (tmp_path / "b.txt").unlink()
        yield from items

    monkeypatch.setattr(claimlint.linter, "expand_paths", list_then_delete)
    result = linter.lint_paths([str(tmp_path)])
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'b.txt'}: error: no such file"]
    assert sorted(Path(f.path).name for f in result.reported) == ["a.txt", "c.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_named_outright_are_refused_without_reading(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    run = run_cli("check", tmp_path / "pipe.txt", "/dev/zero", ROOT / "examples" / "clinic-page.txt", timeout=120)
    assert run.problems == [f"claimlint: {tmp_path / 'pipe.txt'}: error: not a regular file (a device, pipe or socket); not linted",
                            "claimlint: /dev/zero: error: not a regular file (a device, pipe or socket); not linted"]
    assert "clinic-page.txt:7:" in run.out and run.code == 2


def test_oversized_stdin_is_refused():
    run = run_cli("check", "-", stdin=b"x" * (10 * MB + 1), timeout=120)
    assert run.problems == ["claimlint: -: error: larger than the 10 MB limit; not linted"] and run.code == 2
