"""Rule packs are untrusted input: they cannot run code or read files, cannot stall a run, and large ones load fast.

A pack cannot run code or read files because it is only ever parsed as plain YAML data (a safe
loader: no Python object tags) and nothing in the schema names another file: there is no include,
no import, no path that claimlint opens. Matcher patterns are data too; their only executable part,
``REGEX``, is checked by claimlint/packs/regex_guard.py.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from test_packs import GOOD

PAGE = ROOT / "examples" / "honest-page.txt"


def assert_one_line_error(cli, path, line: int, message: str) -> None:
    for args in (("rules", "test", path), ("check", "--rules", path, PAGE)):
        run = cli(*args)
        err = run.err.strip()
        assert run.code == 2, (args, run.out, err)
        assert "\n" not in err and "Traceback" not in err, err
        assert f"{path}:{line}: " in err and message in err, err


# -- YAML ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch {marker}']", "!!python/name:os.system",
                                 "!!python/object:pathlib.Path {{}}", "!!python/module:os"])
def test_python_tags_are_refused_and_never_run(cli, pack_file, tmp_path, tag):
    marker = tmp_path / "ran"
    path = pack_file(GOOD.replace("evidence:\n", f"context: {tag.format(marker=marker)}\nevidence:\n", 1))
    assert_one_line_error(cli, path, 2, f"YAML tag '{tag.split()[0]}' is not allowed")
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(cli, pack_file):
    """Nine lines of nested aliases ("billion laughs") would expand to 387 million values."""
    bomb = "".join(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9))
    path = pack_file(GOOD.replace("lexicons:\n", "context:\n  l0: &l0 [x, x, x, x, x, x, x, x, x]\n" + bomb + "lexicons:\n"))
    started = time.monotonic()
    assert_one_line_error(cli, path, 14, "YAML aliases expand to more than 1,000,000 values")  # l6: 9**6 x 10
    assert time.monotonic() - started < 10


DEEP = "context: " + "[" * 5000 + "]" * 5000 + "\nlexicons:\n"


def test_deep_nesting_is_refused(cli, pack_file):
    """The same message whether claimlint's own check, Python's recursion limit or libyaml's limit meets it first."""
    run = cli("rules", "test", pack_file(GOOD.replace("lexicons:\n", DEEP)))
    assert run.code == 2 and "YAML nested more than 100 levels deep" in run.err and "Traceback" not in run.err


@pytest.mark.slow
def test_deep_nesting_message_with_the_oldest_allowed_pyyaml(pack_file, tmp_path):
    """pyproject allows PyYAML>=6.0, whose wheels bundle an older libyaml without a nesting limit."""
    target = tmp_path / "oldest"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", target, "PyYAML==6.0"],
                   check=True, capture_output=True)
    path = pack_file(GOOD.replace("lexicons:\n", DEEP))
    script = "import sys, yaml; print(yaml.__version__, file=sys.stderr); from claimlint.cli import main; main()"
    run = subprocess.run([sys.executable, "-c", script, "rules", "test", str(path)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(target)})
    assert run.stderr.startswith("6.0\n"), run.stderr
    assert run.returncode == 2 and "YAML nested more than 100 levels deep" in run.stderr and "Traceback" not in run.stderr


def test_a_pack_names_no_other_file(cli, pack_file):
    """No include mechanism: a key that would pull in another file is an unknown key, and a tag is refused."""
    assert_one_line_error(cli, pack_file(GOOD.replace("lexicons:\n", "include: /etc/passwd\nlexicons:\n")), 7,
                          "unknown key 'include'")
    assert_one_line_error(cli, pack_file(GOOD.replace("[magic beans]", "!include /etc/passwd")), 8, "YAML")


# -- regular expressions ---------------------------------------------------------------------------

BAD_REGEXES = {
    "nested quantifiers": (r"(a+)+$", "nests a variable repeat inside another repeat"),
    "nested word repeat": (r"^(\\w+\\s?)*$", "nests a variable repeat inside another repeat"),
    "overlapping alternatives": (r"(a|a)*", "repeats alternatives that can match the same text"),
    "adjacent repeats": (r"\\d+\\d+x", "two unbounded repeats that can match the same characters"),
    "dot star twice": (r"^.*cure.*$", "two unbounded repeats that can match the same characters"),
    "too long": ("a" * 201, "longer than 200 characters"),
    "invalid": (r"(unclosed", "invalid regular expression"),
}


@pytest.mark.parametrize("case", sorted(BAD_REGEXES))
def test_dangerous_regex_in_a_lexicon_is_refused_at_its_line(cli, pack_file, case):
    regex, message = BAD_REGEXES[case]
    path = pack_file(GOOD.replace("magic: {terms: [magic beans]}",
                             f'magic:\n    patterns:\n      - [{{LOWER: magic}},\n         {{TEXT: {{REGEX: "{regex}"}}}}]'))
    assert_one_line_error(cli, path, 11, "lexicon 'magic': ")
    assert_one_line_error(cli, path, 11, message)


def test_dangerous_regex_in_rule_patterns_is_refused(cli, pack_file):
    for key, body in (("pattern", '[[{LOWER: magic}, {LOWER: {REGEX: "(b+)+"}}]]'),
                      ("dependency", '[[{RIGHT_ID: a, RIGHT_ATTRS: {LOWER: {REGEX: "(b+)+"}}}]]')):
        path = pack_file(GOOD.replace("match: {any: [magic]}", f"match:\n      {key}: {body}"))
        assert_one_line_error(cli, path, 15, "rule TEST-MAGIC: regular expression '(b+)+' nests a variable repeat")


def test_a_safe_regex_loads_and_matches(cli, pack_file, tmp_path):
    path = pack_file(GOOD.replace("magic: {terms: [magic beans]}",
                             'magic: {patterns: [[{LOWER: magic}, {LOWER: {REGEX: "^beans?$"}}]]}'))
    page = tmp_path / "page.txt"
    page.write_text("Our magic bean works.\n", encoding="utf-8")
    run = cli("check", "--no-builtin", "--rules", path, page)
    assert run.code == 1 and "TEST-MAGIC" in run.out


# -- large lexicons --------------------------------------------------------------------------------

LOAD_AND_LINT = """
import sys, time
started = time.monotonic()
from claimlint import Linter
linter = Linter(rules=[sys.argv[1]])
loaded = time.monotonic()
rules = {f.rule for f in linter.lint_text("Our clinic sells magic beans and quorvex therapy.")}
print(f"{loaded - started:.1f} {time.monotonic() - loaded:.2f} {' '.join(sorted(rules))}")
"""


@pytest.mark.parametrize("size", [10_000, pytest.param(50_000, marks=pytest.mark.slow)])
def test_a_large_lexicon_loads_and_matches(tmp_path, size):
    """A pack with tens of thousands of terms loads and matches (about 10 s for 50,000 terms here: spaCy builds
    a Doc for each of ~200k term variants); the times are printed, not asserted."""
    terms = [f"{_word(i)} therapy" for i in range(size)] + ["magic beans", "quorvex therapy"]
    path = tmp_path / "big.yaml"
    path.write_text(GOOD.replace("magic: {terms: [magic beans]}",
                                 "magic:\n    terms:\n" + "".join(f"      - {t}\n" for t in terms)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", LOAD_AND_LINT, str(path)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    load, lint, *rules = done.stdout.split()
    print(f"{size:,}-term lexicon: load {load} s, lint {lint} s")
    assert "TEST-MAGIC" in rules


def _word(i: int) -> str:
    """A distinct made-up word for each number (base-26 letters)."""
    letters = ""
    i += 26 ** 3
    while i:
        i, r = divmod(i, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[r]
    return "zq" + letters
