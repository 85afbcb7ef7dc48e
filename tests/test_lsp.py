"""`claimlint lsp` end to end: a client speaking JSON-RPC over the server's real standard input and output.

One server for the module (starting it and loading the model cost seconds): one test drives it through an editing
session, a configuration that changes under it, bad input and a bug, then shuts it down; each part is a function.
"""
from __future__ import annotations

import json
import random
import re
import textwrap

import pytest

pytest.importorskip("pygls", reason="the lsp extra is not installed (pip install -e '.[lsp]')")

from conftest import ROOT  # noqa: E402
from lsp_client import Client, apply_edit, utf16  # noqa: E402

CLAIM = "Our stem cells cure diabetes."
HONEST = "MSCs do not become insulin-producing cells in patients."
EMOJI = "🌱 Real results: "  # before the claim on its line: two UTF-16 units for one character
PAGE = f"# Diabetes treatment\n\n{EMOJI}{CLAIM}\n\n{HONEST}\n"
# The server, with a fault only these tests can trigger: a bug in one lint (linting.py must survive it).
BOOT = textwrap.dedent("""
    import sys
    from claimlint.linter import Linter

    real = Linter.lint_document

    def lint_document(self, source, memo=None):
        if "TRIGGER-A-BUG" in source.text:
            raise RuntimeError("a bug in the pipeline")
        return real(self, source, memo)

    Linter.lint_document = lint_document
    from claimlint.cli import main
    main(["lsp", "--debounce", "20"] + sys.argv[1:])
""")


@pytest.fixture
def server(tmp_path):
    (tmp_path / "baseline.json").write_text('{"version": 1, "findings": []}', encoding="utf-8")
    client = Client(["-c", BOOT, "--baseline", "baseline.json"], tmp_path)
    client.start(tmp_path, {"window": {"showDocument": {"support": True}}})
    yield client
    client.kill()


def test_the_server_in_an_editor(server, tmp_path):
    editing_session(server, tmp_path)
    configuration_follows_the_files(server, tmp_path)
    bad_input_and_a_bug_leave_the_server_serving(server, tmp_path)
    assert server.stop() == 0


def claims(diagnostics: list[dict]) -> list[dict]:
    """The diagnostics of the claim rules these pages are about (page-level disclosure rules come and go)."""
    return [d for d in diagnostics if d.get("code", "").startswith(("MSC-", "OURS-"))]


def spans(diagnostics: list[dict]) -> list[tuple]:
    return [(d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["character"]) for d in claims(diagnostics)]


def editing_session(server, tmp_path):
    page = tmp_path / "page.md"
    uri = server.open(page, PAGE)
    column = utf16(EMOJI + "Our stem cells ")
    # The over-claim, at its UTF-16 position; the honest sentence left alone.
    assert spans(server.diagnostics(uri, 1)) == [("MSC-CURE", 1, 2, column, column + len("cure"))]

    # Edits: the claim moves down a line and a second one appears; the diagnostics follow the text.
    edited = PAGE.replace("\n\n" + EMOJI, "\n\nIntro.\n" + EMOJI) + "\nStem cells regrow your pancreas.\n"
    server.change(uri, edited, 2)
    found = claims(server.diagnostics(uri, 2))
    assert [(d["code"], d["range"]["start"]["line"]) for d in found] == [("MSC-CURE", 3), ("MSC-REGENERATION", 7)]
    assert found[0]["codeDescription"]["href"].startswith("file://") and "#L" in found[0]["codeDescription"]["href"]

    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": found[0]["range"]["start"]})
    text = hover["result"]["contents"]["value"]
    assert hover["result"]["contents"]["kind"] == "markdown"
    for expected in ("MSC-CURE", "not-supported", "asserted", "**Reasoning:**", "docs/evidence.md#cure",
                     "**Suggested wording:**"):
        assert expected in text
    nothing = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}})
    assert nothing["result"] is None

    # Fix the claim with the rule's wording: the diagnostic goes, the other stays.
    actions = server.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": found[0]["range"],
                                                         "context": {"diagnostics": [found[0]]}})["result"]
    titles = [a["title"] for a in actions]
    assert titles == ["Replace the sentence with MSC-CURE's suggested wording", "Waive MSC-CURE here (a reason is required)",
                      "Open the explanation of MSC-CURE"]
    fixed = apply_edit(edited, actions[0]["edit"])
    wording = fixed.split("\n")[3]  # the claim's whole sentence as read (the emoji's lead-in with it) replaced
    assert fixed == edited.replace(EMOJI + CLAIM, wording) and "it is not a cure" in wording
    server.change(uri, fixed, 3)
    [regrowth] = claims(server.diagnostics(uri, 3))
    assert regrowth["code"] == "MSC-REGENERATION" and regrowth["range"]["start"]["line"] == 7

    # Waive the other one: a directive in Markdown's comment syntax, with a reason to fill in. (A client that sends
    # no diagnostics gets the actions of every finding under the range.)
    remaining = server.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": regrowth["range"],
                                                           "context": {"diagnostics": []}})["result"]
    waiver = next(a for a in remaining if a["title"].startswith("Waive"))
    waived = apply_edit(fixed, waiver["edit"])
    assert "<!-- claimlint-disable-next-line MSC-REGENERATION -- TODO" in waived
    server.change(uri, waived, 4)
    assert claims(server.diagnostics(uri, 4)) == []

    # Typing fast: only the latest text counts; a result for an older version never arrives after a newer one.
    for version, words in ((5, "Stem cells cure"), (6, "Stem cells cure diabetes"), (7, "Stem cells regrow the pancreas")):
        server.change(uri, waived + f"\n{words}.\n", version)
    assert [d["code"] for d in claims(server.diagnostics(uri, 7))] == ["MSC-REGENERATION"]
    server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    versions = [m["params"]["version"] for m in server.log
                if m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri]
    fast = versions[versions.index(4) + 1:]
    assert fast == sorted(fast) and fast[-1] == 7

    # The rule's explanation opens in its pack, at the rule.
    explain = actions[2]["command"]
    assert server.request("workspace/executeCommand", {"command": explain["command"],
                                                        "arguments": explain["arguments"]}).get("error") is None
    shown = server.wait_for("window/showDocument")
    assert shown["uri"].endswith(".yaml") and shown["selection"]["start"]["line"] > 0
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert server.diagnostics(uri) == []


def configuration_follows_the_files(server, tmp_path):
    page = tmp_path / "site" / "page.md"
    page.parent.mkdir()
    uri = server.open(page, PAGE)
    assert [(d["code"], d["severity"]) for d in claims(server.diagnostics(uri, 1))] == [("MSC-CURE", 1)]

    # A pack of the project's own rewords the cure claim as a warning: the severity changes when the file does.
    (tmp_path / "our-pack.yaml").write_text(textwrap.dedent("""
        pack: {id: ours, title: Ours, version: "1.0.0", indication: diabetes}
        evidence:
          - {id: cure, tier: not-supported, reasoning: Reviewed by our compliance team., source: our-policy.md}
        lexicons:
          cure: {lemmas: [cure]}
        rules:
          - id: OURS-CURE
            title: Cure
            category: cure
            evidence: cure
            severity: warning
            match: {all: [cure]}
            message: Say what the treatment may do, not that it cures.
            suggestion: Describe the measured benefit.
            examples: {flag: [Stem cells cure diabetes.], pass: [Diet matters.]}
    """), encoding="utf-8")
    config = tmp_path / ".claimlint.yaml"
    config.write_text("rules: [our-pack.yaml]\n", encoding="utf-8")
    server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 1}]})
    assert [(d["code"], d["severity"]) for d in claims(server.diagnostics(uri, 1))] == [("OURS-CURE", 2)]

    # An unknown key: one diagnostic, on the configuration's line; the page shows nothing rather than a guess.
    config.write_text("rules: [our-pack.yaml]\nfail-on: error\nseverity-floor: info\n", encoding="utf-8")
    server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
    assert server.diagnostics(uri, 1) == []
    problem = server.diagnostics(config.as_uri())
    assert len(problem) == 1 and "unknown key 'severity-floor'" in problem[0]["message"]
    assert problem[0]["range"]["start"]["line"] == 2

    # Fixed: the page is linted again and the configuration's diagnostic is withdrawn.
    config.write_text("rules: [our-pack.yaml]\nfail-on: error\n", encoding="utf-8")
    server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
    assert server.diagnostics(config.as_uri()) == []
    [ours] = claims(server.diagnostics(uri, 1))
    assert ours["code"] == "OURS-CURE"

    # The baseline (`check --write-baseline`'s, written at the project's root): a known claim is not reported.
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"version": 1, "findings": [{"path": "site/page.md", "rule": "OURS-CURE",
                                                                "fingerprint": ours["data"]["fingerprint"]}]}))
    server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": baseline.as_uri(), "type": 2}]})
    assert claims(server.diagnostics(uri, 1)) == []
    config.unlink()
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


def bad_input_and_a_bug_leave_the_server_serving(server, tmp_path):
    # Not JSON: a parse error (id null). An unknown request: method not found. An unknown notification: ignored.
    # A request whose params do not fit: invalid params. None of them goes unanswered.
    server.send_raw(b"{this is not json")
    assert server.answer(None)["error"]["code"] == -32700
    assert server.request("claimlint/noSuchMethod", {})["error"]["code"] == -32601
    server.notify("claimlint/noSuchNotification", {})
    assert server.request("textDocument/hover", {"textDocument": 42})["error"]["code"] == -32602

    # A bug in one lint: the user is told in one line, and the next document is linted as usual.
    broken = server.open(tmp_path / "broken.txt", "TRIGGER-A-BUG\n" + CLAIM, language="plaintext")
    message = server.wait_for("window/showMessage")
    assert message["type"] == 1 and "internal error" in message["message"] and "\n" not in message["message"]
    assert server.diagnostics(broken) == []

    # Over the size limit: one informational diagnostic, no lint.
    huge = server.open(tmp_path / "huge.txt", (CLAIM + "\n") * 400_000, language="plaintext")
    [notice] = server.diagnostics(huge, 1)
    assert notice["severity"] == 3 and "over the 10 MB limit" in notice["message"]

    # Plain text takes its waiver after '#'; the claim is still found in an HTML page.
    text = server.open(tmp_path / "notes.txt", f"Intro.\n{CLAIM}\n", language="plaintext")
    [found] = claims(server.diagnostics(text, 1))
    waiver = next(a for a in server.request("textDocument/codeAction", {
        "textDocument": {"uri": text}, "range": found["range"], "context": {"diagnostics": [found]}})["result"]
        if a["title"].startswith("Waive"))
    assert apply_edit(f"Intro.\n{CLAIM}\n", waiver["edit"]).splitlines()[1].startswith("# claimlint-disable-next-line")
    html = server.open(tmp_path / "page.html", f"<html><body><p>{EMOJI}{CLAIM}</p></body></html>", language="html")
    assert [d["code"] for d in claims(server.diagnostics(html, 1))] == ["MSC-CURE"]
    assert server.process.poll() is None


# A page whose blocks read one another: lead-ins over lists, question headings and their answers, a table.
EDITED = [ROOT / "corpus" / "holdout" / "summit-science-blog.md", ROOT / "corpus" / "holdout5" / "06_clinic_faq_yes_no.md"]
OWN = ("## Can stem cells cure diabetes?\n\nYes, in most of our patients.\n\n## Our results\n\n| Test | Before | After |\n| --- | --- | --- |\n| HbA1c | 8.9% | 5.4% |\n\n"
       f"The complaint says the clinic:\n\n- regrows the pancreas\n- ends insulin for good\n\n{CLAIM}\n")
# Edits aimed at what context reads: (what, the text before, after). Each applies to the first occurrence.
AIMED = [
    ("inside a paragraph", "most guests are back at their hotel", "most guests are cured and back at their hotel"),
    ("a paragraph split", "like a magnet, and the pancreas", "like a magnet.\n\nAnd the pancreas"),
    ("the split joined", "like a magnet.\n\nAnd the pancreas", "like a magnet. And the pancreas"),
    ("a lead-in above a list", "point to the same conclusions:", "are what other clinics claim:"),
    ("a disclaiming lead-in", "We want to be clear about a few things:", "We promise a few things:"),
    ("a lead-in's reporter", "The complaint says the clinic:", "Our clinic:"),
    ("a question heading", "### Do the stem cells turn into beta cells?", "### Stem cells turn into beta cells"),
    ("a heading over a section", "## What stem cells won't do", "## What stem cells do"),
    ("the answer to a question", "Yes, in most of our patients.", "No, and we will not tell you otherwise."),
    ("a table cell", "| 5.4% |", "| 6.1% |"),
    ("a waiver", f"\n{CLAIM}", f"\n<!-- claimlint-disable-next-line MSC-CURE -- reviewed -->\n{CLAIM}"),
    ("the waiver's rule", "disable-next-line MSC-CURE", "disable-next-line MSC-REGENERATION"),
]
SNIPPETS = [CLAIM, "not", "?", "Yes.", "No.", "said the clinic", "may", "The complaint says the clinic:",
            "\n\n- regrows the pancreas\n\n", "\n\n## Results\n\n", "insulin-free for good", "\n\n"]


def random_edit(rng: random.Random, text: str) -> str:
    """Insert a snippet, delete a stretch, split a paragraph at a sentence's end or join two blocks."""
    kind = rng.choice(["insert", "insert", "delete", "split", "join"])
    found = [m.start() for m in re.finditer({"split": r"\. ", "join": "\n\n"}.get(kind, " "), text)]
    at = rng.choice(found)
    if kind == "insert":
        return f"{text[:at]} {rng.choice(SNIPPETS)}{text[at:]}"
    if kind == "delete":
        return text[:at] + text[at + rng.randint(1, 80):]
    return text[:at] + (".\n\n" if kind == "split" else " ") + text[at + 2:]


def test_partial_re_lints_give_a_full_lints_diagnostics(server, tmp_path):
    """The server re-lints an open document block by block (cache/blocks.py): after each edit, aimed at what context
    reads or random, and after bursts of random edits typed faster than the debounce, its diagnostics are those of
    the same text opened afresh."""
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in EDITED) + "\n\n" + OWN
    uri = server.open(tmp_path / "page.md", text)
    server.diagnostics(uri, 1)
    rng = random.Random(19)
    steps = [(what, [lambda t, a=a, b=b: t.replace(a, b, 1)]) for what, a, b in AIMED]
    steps += [("random", [lambda t: random_edit(rng, t)])] * 20 + [("a burst", [lambda t: random_edit(rng, t)] * 3)] * 3
    version = 1
    for what, edits in steps:
        for edit in edits:
            before, text, version = text, edit(text), version + 1
            assert what in ("random", "a burst") or text != before, what
            server.change(uri, text, version)
        fresh = server.open(tmp_path / f"fresh-{version}.md", text)
        expected = server.diagnostics(fresh, 1)
        server.notify("textDocument/didClose", {"textDocument": {"uri": fresh}})
        assert server.diagnostics(uri, version) == expected, what
