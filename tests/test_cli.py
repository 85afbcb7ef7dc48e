"""The `claimlint check` command as users and CI see it: output, JSON contract, exit codes, bad input."""
from __future__ import annotations

import json

from conftest import HONEST_SEED, MARKETING_SEED, ROOT

EXAMPLES = ROOT / "examples"
JSON_KEYS = {"path", "rule", "category", "severity", "tier", "status", "start", "end", "line", "column",
             "end_line", "end_column", "text", "sentence", "message", "reasoning", "source", "suggestion"}


def test_marketing_seed_reports_core_claims_with_tier_and_reasoning(cli, seeds):
    run = cli("check", "--format", "json", MARKETING_SEED)
    assert run.code == 1
    findings = json.loads(run.out)["findings"]
    categories = {f["category"] for f in findings}
    assert {"differentiation", "regeneration", "cure", "dose", "homing"} <= categories
    for f in findings:
        assert f["tier"] in ("plausible", "under-investigation", "not-supported")
        assert len(f["reasoning"]) > 80


def test_honest_seed_has_no_warning_or_error(cli, seeds):
    run = cli("check", "--format", "json", HONEST_SEED)
    data = json.loads(run.out)
    assert [f for f in data["findings"] if f["severity"] in ("error", "warning")] == []
    assert run.code == 0
    # The honest page names cure, medication freedom, beta-cell restoration: found, but not reported.
    assert {"cure", "medication-freedom", "regeneration", "differentiation"} <= {f["category"] for f in data["suppressed"]}


def test_text_output_form_and_summary(cli):
    run = cli("check", EXAMPLES / "clinic-page.txt")
    assert run.code == 1
    lines = run.out.splitlines()
    assert any(line.startswith(f"{EXAMPLES / 'clinic-page.txt'}:7:") and "MSC-DIFFERENTIATION [not-supported] error:" in line
               for line in lines)
    assert lines[-1].startswith("Found ") and "error" in lines[-1]
    assert "\x1b[" not in run.out  # no colour when not on a terminal


def test_honest_example_is_silent_and_passes(cli):
    run = cli("check", EXAMPLES / "honest-page.txt")
    assert (run.code, run.out, run.err) == (0, "", "")


def test_explain_shows_reasoning_source_and_suggestion(cli):
    run = cli("check", "--explain", "--select", "MSC-DIFFERENTIATION", EXAMPLES / "clinic-page.txt")
    assert "claim:      'become new insulin-producing cells'" in run.out
    assert "reasoning:" in run.out and "source:" in run.out and "suggestion:" in run.out


def test_json_contract(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Intro line.\n\nOur stem cells cure diabetes.\n", encoding="utf-8")
    data = json.loads(cli("check", "--format", "json", page).out)
    assert data["version"] == "1" and data["errors"] == []
    (finding,) = data["findings"]
    assert JSON_KEYS <= set(finding)
    text = page.read_text(encoding="utf-8")
    assert text[finding["start"]:finding["end"]] == finding["text"] == "cure"
    assert (finding["line"], finding["column"]) == (3, 16)
    assert (finding["end_line"], finding["end_column"]) == (3, 20)


def test_hedged_claim_is_reported_with_note(cli, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Stem cells may cure your diabetes.\n", encoding="utf-8")
    run = cli("check", page)
    assert run.code == 1
    assert "hedged claim: a hedge does not make an unsupported claim acceptable" in run.out


def test_show_suppressed_lists_negated_claims(cli, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("MSCs do not become insulin-producing cells.\n", encoding="utf-8")
    assert cli("check", page).out == ""
    run = cli("check", "--show-suppressed", page)
    assert "suppressed" in run.out and "negated" in run.out
    assert run.code == 0


def test_select_and_ignore(cli):
    page = EXAMPLES / "clinic-page.txt"
    selected = json.loads(cli("check", "--format", "json", "--select", "MSC-CURE,homing", page).out)["findings"]
    assert {f["rule"] for f in selected} == {"MSC-CURE", "MSC-HOMING"}
    ignored = json.loads(cli("check", "--format", "json", "--ignore", "msc-diabetes", page).out)["findings"]
    assert ignored and not any(f["rule"].startswith("MSC-") for f in ignored)  # the general pack still speaks
    both = json.loads(cli("check", "--format", "json", "--ignore", "msc-diabetes,stem-cell-general", page).out)
    assert both["findings"] == []


def test_unknown_selector_is_a_usage_error(cli):
    run = cli("check", "--select", "NOPE-RULE", EXAMPLES / "clinic-page.txt")
    assert run.code == 2
    assert run.err.strip().count("\n") == 0 and "NOPE-RULE" in run.err


def test_fail_on_level(cli, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Our stem cells transfer healthy mitochondria to your cells.\n", encoding="utf-8")
    assert cli("check", page).code == 1  # under-investigation asserted: warning
    assert cli("check", "--fail-on", "error", page).code == 0


def test_stdin_with_filename(cli):
    run = cli("check", "-", "--stdin-filename", "draft.txt", input="Stem cells reverse diabetes.\n")
    assert run.code == 1 and run.out.startswith("draft.txt:1:12: MSC-REVERSAL")


def test_missing_file_is_reported_and_others_still_linted(cli):
    run = cli("check", "no-such-page.txt", EXAMPLES / "clinic-page.txt")
    assert run.code == 2
    assert "no-such-page.txt: error: no such file" in run.err
    assert "MSC-DIFFERENTIATION" in run.out


def test_empty_file_passes_cleanly(cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert (cli("check", empty).code, cli("check", empty).out) == (0, "")


def test_binary_file_gets_a_message_and_others_still_linted(cli, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    run = cli("check", binary, EXAMPLES / "clinic-page.txt")
    assert run.code == 2
    assert "binary file" in run.err and "Traceback" not in run.err
    assert "MSC-DIFFERENTIATION" in run.out


def test_invalid_utf8_is_read_with_a_warning(cli, tmp_path):
    page = tmp_path / "latin.txt"
    page.write_bytes("Caf\xe9 copy: our stem cells cure diabetes.\n".encode("cp1252"))
    run = cli("check", page)
    assert "not valid UTF-8" in run.err
    assert run.code == 1 and "MSC-CURE" in run.out


def test_utf16_with_bom_is_decoded(cli, tmp_path):
    page = tmp_path / "wide.txt"
    page.write_bytes("Our stem cells cure diabetes.\n".encode("utf-16"))
    assert "MSC-CURE" in cli("check", page).out


def test_directory_is_walked_and_empty_directory_warns(cli, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.txt").write_text("Stem cells cure diabetes.\n")
    (tmp_path / "site" / "logo.png").write_bytes(b"\x89PNG\x00")
    run = cli("check", tmp_path / "site")
    assert run.code == 1 and "a.txt:1:" in run.out and "logo.png" not in run.out + run.err
    (tmp_path / "none").mkdir()
    run = cli("check", tmp_path / "none")
    assert run.code == 0 and "no files to lint" in run.err


def test_unknown_model_is_one_line_exit_2(cli):
    run = cli("check", "--model", "xx_no_such_model", EXAMPLES / "honest-page.txt")
    assert run.code == 2
    assert run.err.count("\n") == 1 and "xx_no_such_model" in run.err


def test_rules_list_and_show(cli):
    listing = cli("rules", "list").out
    assert "MSC-DIFFERENTIATION" in listing and "not-supported" in listing
    shown = cli("rules", "show", "MSC-DOSE")
    assert shown.code == 0
    for part in ("Tier:       not-supported", "Why:", "Source:", "Kabat", "Suggested wording:", "hedged", "Flags:", "Passes:"):
        assert part in shown.out
    assert cli("rules", "show", "MSC-NOPE").code == 2


def test_rules_test_passes_on_builtin_packs(cli):
    run = cli("rules", "test")
    assert run.code == 0, run.out
    assert " 0 failed" in run.out
