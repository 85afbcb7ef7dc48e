"""Output written file by file: the same bytes as writing it all at the end, with nothing held back."""
from __future__ import annotations

import json
from itertools import groupby

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def result(linter):
    return linter.lint_paths([str(ROOT / "examples"), str(ROOT / "corpus" / "docs")])


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_writing_file_by_file_gives_the_same_output(result, fmt):
    from claimlint.formats import FORMATTERS, WRITERS

    options = {"explain": True, "show_suppressed": True}
    whole = FORMATTERS[fmt](result, **options)
    writer = WRITERS[fmt](**options)
    pieces = [writer.add(list(group)) for _, group in groupby(result.findings, key=lambda f: f.path)]
    assert len(pieces) > 20 and sum(1 for p in pieces if p) > 10
    assert "".join(pieces) + "".join(writer.close(result)) == whole
    if fmt in ("json", "sarif"):
        json.loads(whole)


def test_findings_are_written_before_the_run_ends(cli, tmp_path, monkeypatch):
    """A run that dies on its second file has already written the first file's findings."""
    from claimlint.linter import Linter

    (tmp_path / "a.txt").write_text("Our stem cells cure diabetes for good.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing to see.\n", encoding="utf-8")
    original = Linter.iter_paths

    def dies_after_first(self, *args, **kwargs):
        outcomes = original(self, *args, **kwargs)
        yield next(outcomes)
        raise KeyboardInterrupt

    monkeypatch.setattr(Linter, "iter_paths", dies_after_first)
    run = cli("check", tmp_path, "--format", "github")
    assert run.code == 130
    assert "::error file=" in run.out and "a.txt" in run.out


def test_exit_code_counts_findings_that_were_not_kept(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Our stem cells cure diabetes for good.\n", encoding="utf-8")
    for fmt in ("text", "json", "sarif", "github", "junit"):
        assert cli("check", tmp_path, "--format", fmt).code == 1
        assert cli("check", tmp_path, "--format", fmt, "--fail-on", "error").code == 1
    (tmp_path / "a.txt").write_text("Stem cells do not cure diabetes.\n", encoding="utf-8")
    assert cli("check", tmp_path, "--format", "json").code == 0
