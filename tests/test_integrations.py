"""CI and review integrations: configuration, inline suppression, baselines and --diff."""
from __future__ import annotations

import json
import subprocess

import pytest

CLAIM = "Our stem cells cure type 2 diabetes.\n"
HONEST = "MSCs do not become insulin-producing cells.\n"


def findings(cli, *args):
    run = cli("check", "--format", "json", *args)
    return run, json.loads(run.out) if run.out.strip() else None


# --- configuration ---------------------------------------------------------------------------

def test_yaml_config_found_upward_and_flags_override(cli, tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("select: [MSC-HOMING]\nfail-on: error\n")
    page = tmp_path / "site" / "page.txt"
    page.parent.mkdir()
    page.write_text("Our stem cells cure diabetes and home to the pancreas.\n")
    run, data = findings(cli, page)
    assert {f["rule"] for f in data["findings"]} == {"MSC-HOMING"}
    run, data = findings(cli, "--select", "MSC-CURE", page)
    assert {f["rule"] for f in data["findings"]} == {"MSC-CURE"}
    run, data = findings(cli, "--isolated", page)
    assert {"MSC-CURE", "MSC-HOMING"} <= {f["rule"] for f in data["findings"]}


def test_pyproject_config_and_fail_on(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.claimlint]\nfail-on = "error"\n')
    page = tmp_path / "p.txt"
    page.write_text("Our stem cells transfer healthy mitochondria to your cells.\n")  # a warning
    assert cli("check", page).code == 0
    assert cli("check", "--fail-on", "warning", page).code == 1


def test_yaml_config_beats_pyproject_in_the_same_folder(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.claimlint]\nselect = ["MSC-HOMING"]\n')
    (tmp_path / ".claimlint.yaml").write_text("select: [MSC-CURE]\n")
    page = tmp_path / "p.txt"
    page.write_text("Our stem cells cure diabetes and home to the pancreas.\n")
    _, data = findings(cli, page)
    assert {f["rule"] for f in data["findings"]} == {"MSC-CURE"}


@pytest.mark.parametrize("name,text,where", [
    (".claimlint.yaml", "select: [MSC-CURE]\ncolour: red\n", ".claimlint.yaml:2:"),
    ("pyproject.toml", '[tool.claimlint]\ncolour = "red"\n', "pyproject.toml:"),
])
def test_unknown_config_key_is_an_error(cli, tmp_path, name, text, where):
    (tmp_path / name).write_text(text)
    page = tmp_path / "p.txt"
    page.write_text(CLAIM)
    run = cli("check", page)
    assert run.code == 2 and where in run.err and "unknown key 'colour'" in run.err
    assert run.err.count("\n") == 1


def test_per_path_ignores(cli, tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("per-path-ignores:\n  'press/*.txt': [cure]\n")
    (tmp_path / "press").mkdir()
    (tmp_path / "press" / "release.txt").write_text(CLAIM)
    (tmp_path / "page.txt").write_text(CLAIM)
    _, data = findings(cli, tmp_path)
    assert [f["path"].endswith("page.txt") for f in data["findings"]] == [True]
    # Switched off, not deleted: the claim stays visible with the glob that waived it.
    waived = [f for f in data["suppressed"] if f["severity"]]
    assert [(f["path"].endswith("release.txt"), f["suppressed_by"]) for f in waived] == [(True, "per-path-ignores: press/*.txt")]


# --- inline suppression ----------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("page.html", "<p>Intro.</p>\n<!-- claimlint-disable-next-line MSC-CURE -- quoting the regulator -->\n<p>Our stem cells cure diabetes.</p>\n"),
    ("page.md", "Intro.\n\n<!-- claimlint-disable-next-line cure -- quoting the regulator -->\nOur stem cells cure diabetes.\n"),
    ("page.txt", "Intro.\n# claimlint-disable-next-line MSC-CURE -- quoting the regulator\nOur stem cells cure diabetes.\n"),
    ("block.md", "<!-- claimlint-disable MSC-CURE -- quoting the regulator -->\n\nOur stem cells cure diabetes.\n\n"
                 "<!-- claimlint-enable MSC-CURE -->\n"),
])
def test_directive_waives_with_reason_and_keeps_it_in_json(cli, tmp_path, name, text):
    page = tmp_path / name
    page.write_text(text)
    run, data = findings(cli, page)
    assert run.code == 0 and data["findings"] == []
    waived = [f for f in data["suppressed"] if f["rule"] == "MSC-CURE"]
    assert waived and waived[0]["suppressed_by"] == "directive: quoting the regulator"
    sarif = json.loads(cli("check", "--format", "sarif", page).out)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MSC-CURE"]
    assert result["suppressions"][0]["kind"] == "inSource"


def test_block_disable_ends_at_enable(cli, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- claimlint-disable MSC-CURE -- reviewed quote -->\n\nStem cells cure diabetes.\n\n"
                    "<!-- claimlint-enable MSC-CURE -->\n\nStem cells cure diabetes, we say.\n")
    _, data = findings(cli, page)
    assert [f["line"] for f in data["findings"]] == [7]


def test_directive_without_reason_is_an_error(cli, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- claimlint-disable-next-line MSC-CURE -->\nStem cells cure diabetes.\n")
    run = cli("check", page)
    assert run.code == 2 and f"{page}:1: error: claimlint-disable-next-line needs a reason" in run.err


def test_unused_directive_is_reported(cli, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- claimlint-disable-next-line MSC-DOSE -- nothing here -->\nPlain copy.\n")
    run = cli("check", page)
    assert run.code == 0 and "suppresses nothing" in run.err


def test_plain_text_directive_line_is_not_linted(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("# claimlint-disable-next-line MSC-DOSE -- stem cells cure diabetes, says the regulator\nPlain copy.\n")
    _, data = findings(cli, page)
    assert data["findings"] == []


# --- baseline --------------------------------------------------------------------------------

def test_baseline_round_trip(cli, tmp_path):
    page = tmp_path / "page.txt"
    baseline = tmp_path / "claimlint-baseline.json"
    page.write_text(CLAIM)
    run = cli("check", "--write-baseline", baseline, page)
    assert run.code == 0 and baseline.is_file() and "wrote 1 finding" in run.err
    page.write_text("A new opening paragraph about our clinic.\n\n" + CLAIM)  # an edit elsewhere
    run, data = findings(cli, "--baseline", baseline, page)
    assert run.code == 0 and data["findings"] == [] and data["suppressed"][0]["suppressed_by"] == "baseline"
    page.write_text("A new opening paragraph.\n\n" + CLAIM + "\nThe cells home to your pancreas.\n")
    run, data = findings(cli, "--baseline", baseline, page)
    assert run.code == 1 and [f["rule"] for f in data["findings"]] == ["MSC-HOMING"]


def test_missing_baseline_is_an_error(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(CLAIM)
    run = cli("check", "--baseline", tmp_path / "nope.json", page)
    assert run.code == 2 and "baseline file not found" in run.err


# --- changed lines only ----------------------------------------------------------------------

def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_diff_reports_only_changed_lines(cli, tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    page = tmp_path / "page.txt"
    page.write_text(CLAIM + "\nPlain copy.\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    page.write_text(CLAIM + "\nThe cells home to your pancreas.\n")
    (tmp_path / "new.txt").write_text("Stem cells reverse diabetes.\n")
    monkeypatch.chdir(tmp_path)
    run, data = findings(cli, "--diff", "HEAD", "page.txt", "new.txt")
    assert sorted(f["rule"] for f in data["findings"]) == ["MSC-HOMING", "MSC-REVERSAL"]
    assert any(f["suppressed_by"] == "unchanged (--diff)" for f in data["suppressed"])
