"""A report claimlint wrote into the folder it lints is not linted as copy the next time round."""
from __future__ import annotations

import json
import logging

from claimlint.findings import LintResult
from claimlint.formats.html import format_html
from claimlint.readers.sources import expand_paths
from claimlint.readers.walk import REPORT_HEAD_BYTES, is_claimlint_report

PAGE = ("<!DOCTYPE html><html><head><title>Clinic</title></head><body>"
        "<p>Our stem cells cure diabetes.</p><p>Stem cell therapy reverses type 2 diabetes.</p></body></html>")


def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.md").write_text("Our stem cells regrow your pancreas.\n", encoding="utf-8")
    return folder


def paths_of(run) -> list[str]:
    return sorted({f["path"] for f in json.loads(run.out)["findings"]})


def test_a_report_written_into_the_linted_folder_is_skipped(cli, tmp_path):
    folder = site(tmp_path)
    before = json.loads(cli("check", "--format", "json", folder).out)["findings"]
    assert before and paths_of_findings(before) == [str(folder / "index.html"), str(folder / "notes.md")]
    report = folder / "report.html"
    assert cli("report", folder, "-o", report).code == 1 and report.is_file()
    assert is_claimlint_report(report.read_bytes())
    # The report quotes every claim: linted, it would add findings of its own. It is left out.
    again = cli("check", "--format", "json", folder)
    assert paths_of(again) == paths_of_findings(before)
    assert json.loads(again.out)["findings"] == before
    assert "skipped" not in again.err  # said only with --verbose
    # A second report over the same folder is the first one again, not a report of a report.
    second = cli("report", folder, "-o", report)
    assert f"({len(before)} finding(s) in 2 file(s))" in second.err
    assert str(report) not in [str(p) for p in expand_paths([str(folder)])]


def test_verbose_names_each_skipped_file(cli, tmp_path):
    folder = site(tmp_path)
    (folder / "out").mkdir()
    assert cli("report", folder, "-o", folder / "out" / "report.html").code == 1
    (folder / "stdout.html").write_text(cli("check", "--format", "html", folder).out, encoding="utf-8")  # check writes one too
    run = cli("check", "--verbose", folder)
    lines = [line for line in run.err.splitlines() if "skipped" in line]
    assert lines == [f"claimlint: skipped {folder / 'out' / 'report.html'} (written by claimlint)",
                     f"claimlint: skipped {folder / 'stdout.html'} (written by claimlint)"]
    assert run.code == 1 and "report.html" not in run.out and "stdout.html" not in run.out
    assert "skipped" in cli("report", "--verbose", folder, "-o", tmp_path / "elsewhere.html").err
    # The logging is the command's only while it runs.
    assert not logging.getLogger("claimlint.readers.walk").handlers


def test_a_report_named_outright_is_linted_with_a_warning(cli, tmp_path):
    folder = site(tmp_path)
    report = folder / "report.html"
    cli("report", folder / "index.html", "-o", report)
    run = cli("check", "--format", "json", report)
    assert paths_of(run) == [str(report)]
    assert f"claimlint: {report}: warning: written by claimlint" in run.err
    assert "written by claimlint" not in cli("check", folder / "index.html").err


def test_the_marker_is_claimlints_own_at_the_top_of_the_page():
    page = format_html(LintResult())
    assert '<meta name="generator" content="claimlint ' in page[:REPORT_HEAD_BYTES // 4]
    assert is_claimlint_report(page.encode("utf-8")) and is_claimlint_report(b"\xef\xbb\xbf" + page.encode())
    others = [
        PAGE.encode(),
        b'<!DOCTYPE html><html><head><meta name="generator" content="WordPress 6.5"></head><body>x</body></html>',
        # Pages and notes that only mention the marker are copy.
        b'<!DOCTYPE html><html><body><p>claimlint writes <meta name="generator" content="claimlint 1.0"></p></body></html>',
        b'# Reports\n\nThey start `<!DOCTYPE html><meta name="generator" content="claimlint 1.0">`.\n',
        b" " * REPORT_HEAD_BYTES + page.encode(),
    ]
    assert not any(is_claimlint_report(data) for data in others)


def paths_of_findings(findings: list[dict]) -> list[str]:
    return sorted({f["path"] for f in findings})

