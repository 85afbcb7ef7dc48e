"""What a new user meets on the first day: selectors, custom rules, path errors, stdin, JUnit, waivers, config.

Each test comes from a trial of the README on a fresh machine (issue 13) and failed before its fix.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT

DIFF_CLAIM = "Our stem cells become insulin-producing cells.\n"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def reported(run) -> list[str]:
    return [f["rule"] for f in json.loads(run.out)["findings"]]


# -- selectors and rule ids ------------------------------------------------------------------------

@pytest.mark.parametrize("selector", ["MSC-DIFF", "MSC-D", "msc-diff", "differentiation", "MSC-DIFFERENTIATION"])
def test_an_id_prefix_selects_every_rule_it_starts(cli, selector):
    run = cli("check", "--format", "json", "--select", selector, "-", input=DIFF_CLAIM)
    assert run.code == 1 and "MSC-DIFFERENTIATION" in reported(run), run.out + run.err


def test_a_selector_matching_nothing_is_an_error_with_a_hint(cli):
    run = cli("check", "--select", "MSC-DIFERENTIATION", "-", input=DIFF_CLAIM)
    assert run.code == 2 and "matches no rule" in run.err and "did you mean MSC-DIFFERENTIATION" in run.err


def test_rule_ids_are_case_insensitive_in_show_and_ignore(cli):
    shown = cli("rules", "show", "msc-dose")
    assert shown.code == 0 and shown.out.startswith("MSC-DOSE:")
    run = cli("check", "--format", "json", "--ignore", "msc-differentiation", "-", input=DIFF_CLAIM)
    assert "MSC-DIFFERENTIATION" not in reported(run)


def test_unknown_rule_suggests_the_nearest(cli):
    run = cli("rules", "show", "MSC-DOZE")
    assert run.code == 2 and "unknown rule 'MSC-DOZE'" in run.err and "did you mean MSC-DOSE?" in run.err


def test_waivers_name_rules_in_any_case(cli, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- claimlint-disable-next-line msc-differentiation -- quoted by the regulator -->\n"
                    + DIFF_CLAIM, encoding="utf-8")
    run = cli("check", "--format", "json", page)
    assert run.code == 0 and reported(run) == [], run.out


# -- custom rules beside the built-in ones -----------------------------------------------------------

def readme_pack() -> str:
    return next(block for block in re.findall(r"```yaml\n(.*?)```", README, re.S) if block.startswith("pack:"))


def test_the_readme_example_pack_passes_its_own_examples(cli, tmp_path):
    pack = tmp_path / "my-pack.yaml"
    pack.write_text(readme_pack(), encoding="utf-8")
    run = cli("rules", "test", pack)
    assert run.code == 0 and "0 failed" in run.out, run.out + run.err


def test_a_users_rule_is_reported_where_a_built_in_rule_catches_the_same_words(cli, tmp_path):
    pack = tmp_path / "my-pack.yaml"
    pack.write_text(readme_pack(), encoding="utf-8")
    run = cli("check", "--format", "json", "--rules", pack, "-", input=DIFF_CLAIM)
    assert reported(run) == ["MY-DIFF"], run.out


def test_a_claim_about_another_condition_is_reported_once_by_its_own_rule(cli):
    run = cli("check", "--format", "json", "-", input="Stem cells cure arthritis too.\n")
    assert reported(run) == ["SC-OTHER-CURE"], run.out


# -- paths ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("first", [True, False])
def test_a_symlink_loop_is_one_line_and_exit_2_wherever_it_is(cli, tmp_path, first, monkeypatch):
    os.symlink(tmp_path / "loop2.txt", tmp_path / "loop1.txt")
    os.symlink(tmp_path / "loop1.txt", tmp_path / "loop2.txt")
    honest = ROOT / "examples" / "honest-page.txt"
    monkeypatch.chdir(tmp_path)
    run = cli("check", *(["loop1.txt", honest] if first else [honest, "loop1.txt"]))
    assert run.code == 2
    assert run.err.strip() == "claimlint: loop1.txt: error: symbolic link loop", run.err


def test_diff_outside_a_git_repository_is_one_line_in_claimlints_words(cli, tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    page.write_text(DIFF_CLAIM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = cli("check", "--isolated", "--diff", "HEAD", page)
    assert run.code == 2 and run.err.strip() == f"claimlint: error: --diff HEAD: {tmp_path} is not inside a git repository"


def test_a_config_file_that_is_not_utf8_is_named(cli, tmp_path):
    (tmp_path / ".claimlint.yaml").write_bytes(b"select: [caf\xe9]\n")
    page = tmp_path / "page.txt"
    page.write_text(DIFF_CLAIM, encoding="utf-8")
    run = cli("check", page)
    assert run.code == 2
    assert run.err.strip() == f"claimlint: error: {tmp_path / '.claimlint.yaml'}:1: cannot read config file: not UTF-8 text (byte 0xe9)"


# -- standard input ---------------------------------------------------------------------------------

PAGE_HTML = ("<!doctype html><html><head><title>Clinic</title></head><body><nav>Our stem cells cure diabetes.</nav>"
             "<p>The cells <b>become</b> insulin-producing cells.</p></body></html>")


def test_html_on_stdin_is_read_as_html_and_said_so(cli):
    sniffed = cli("check", "--format", "json", "-", input=PAGE_HTML)
    named = cli("check", "--format", "json", "--stdin-filename", "page.html", "-", input=PAGE_HTML)
    assert reported(sniffed) == reported(named) and "MSC-CURE" in reported(sniffed)
    assert "read as HTML" in sniffed.err and "read as HTML" not in named.err
    as_text = cli("check", "--format", "json", "--stdin-filename", "page.txt", "-", input=PAGE_HTML)
    assert reported(as_text) != reported(sniffed)  # --stdin-filename still decides


def test_plain_text_on_stdin_is_not_sniffed_as_html(cli):
    run = cli("check", "-", input="Stem cells are <not> a cure, and 3 < 4.\n")
    assert "read as HTML" not in run.err


# -- JUnit ------------------------------------------------------------------------------------------

def test_junit_fails_a_testcase_only_at_the_fail_level(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Our stem cells transfer healthy mitochondria to tired cells.\n", encoding="utf-8")  # a warning
    run = cli("check", "--format", "junit", "--fail-on", "error", page)
    suite = ET.fromstring(run.out).find("testsuite")
    case = suite.find("testcase")
    assert run.code == 0 and suite.get("failures") == "0" and case.find("failure") is None
    assert "MSC-MECHANISM" in case.find("system-out").text
    failing = cli("check", "--format", "junit", page)  # default fail level: warning
    assert failing.code == 1 and ET.fromstring(failing.out).find("testsuite").get("failures") == "1"


# -- waivers ----------------------------------------------------------------------------------------

def test_a_misspelled_waiver_is_a_warning_with_file_and_line(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>Intro.</p>\n<!-- claimlint-disbale-next-line MSC-CURE -- quoting -->\n"
                    "<p>Our stem cells cure diabetes.</p>\n", encoding="utf-8")
    run = cli("check", page)
    assert run.code == 1  # the claim is not waived
    assert (f"claimlint: {page}:2: warning: unknown directive 'claimlint-disbale-next-line'; "
            "did you mean claimlint-disable-next-line?") in run.err


# -- README agrees with the code ------------------------------------------------------------------------

def test_readme_severity_table_agrees_with_verdict_yaml():
    from claimlint.pipeline.verdict import verdict_table

    table = verdict_table()
    header = next(line for line in README.splitlines() if line.startswith("| tier \\ status |"))
    columns = [c.strip() for c in header.strip("|").split("|")][1:]
    rows = [line for line in README.splitlines() if line.startswith(("| not-supported |", "| under-investigation |",
                                                                      "| plausible (exaggerated) |"))]
    assert len(rows) == 3
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        tier = cells[0].split()[0]
        for statuses, cell in zip(columns, cells[1:]):
            for status in statuses.split(", "):
                expected = table[tier][status] or "not reported"
                assert cell == expected, f"README says {tier}/{status} is {cell}; verdict.yaml says {expected}"
