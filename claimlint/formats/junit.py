"""JUnit XML, which most CI dashboards (GitLab, Jenkins, Azure, CircleCI) render as test results."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..findings import Finding, LintResult, at_or_above, page_summary
from ._common import by_page, linted_paths, message, summary_parts

SUITE = "claimlint"


def format_junit(result: LintResult, fail_on: str = "warning", **_: object) -> str:
    """One testsuite; a testcase per file, failing with one <failure> per finding at or above ``fail_on``.

    Findings below the fail level do not fail the build, so they do not fail the testcase either: they are
    listed in its <system-out>, where dashboards still show them."""
    suites = ET.Element("testsuites", name=SUITE)
    suite = ET.SubElement(suites, "testsuite", name=SUITE)
    failed = errored = 0
    reported = by_page(result.reported)
    pages = by_page(result.findings)  # every finding, so a summary counts the disclosures found too
    paths = linted_paths(result)
    for path in paths:
        case = _testcase(suite, path)
        if path in reported:  # the page's net impression (issue 20), as the testcase's properties
            summary = page_summary(pages[path])
            properties = ET.SubElement(case, "properties")
            ET.SubElement(properties, "property", name="verdict", value=summary["verdict"])
            ET.SubElement(properties, "property", name="summary", value="".join(summary_parts(summary)))
        failing = at_or_above(reported.get(path, []), fail_on)
        for f in failing:
            failure = ET.SubElement(case, "failure", message=message(f), type=f.rule)
            failure.text = _failure_text(f)
        below = [f for f in reported.get(path, []) if f not in failing]
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(_failure_text(f) for f in below)
        failed += bool(failing)
    # LintResult counts linted files but names only those with claims: the rest pass as one case, so none go missing.
    unnamed = result.files - len(paths)
    if unnamed > 0:
        _testcase(suite, SUITE, f"{unnamed} file{'s' if unnamed != 1 else ''} without claims")
    for problem in result.errors:
        case = _testcase(suite, problem.path or SUITE)
        ET.SubElement(case, "error", message=problem.message, type="unreadable")
        errored += 1
    warnings = [str(p) for p in result.problems if p.level != "error"]
    if warnings:
        ET.SubElement(suite, "system-err").text = "\n".join(warnings)
    # Counts are per testcase, as JUnit readers compute passed = tests - failures - errors - skipped;
    # the number of findings is kept as a property instead.
    properties = ET.Element("properties")
    ET.SubElement(properties, "property", name="findings", value=str(len(result.reported)))
    suite.insert(0, properties)
    counts = {"tests": len(suite.findall("testcase")), "failures": failed, "errors": errored, "skipped": 0}
    for element in (suites, suite):
        for key, value in counts.items():
            element.set(key, str(value))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(suite: ET.Element, classname: str, name: str = SUITE) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=name)


def _failure_text(f: Finding) -> str:
    return (f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.tier}] {f.severity}: {f.text!r}\n"
            f"reasoning: {f.reasoning}\n"
            f"suggestion: {f.suggestion}")
