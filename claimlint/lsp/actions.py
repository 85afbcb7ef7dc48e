"""Code actions on a flagged claim: reword it as the rule suggests, waive it with a directive, read the rule.

A rule's suggested wording is a whole sentence ("MSCs act mainly through signals ..."), so it replaces the claim's
sentence, where that sentence stands in the file as the pipeline read it (markup inside it, such as **bold**, means
there is no clean sentence to replace, and no such action). The waiver is the directive `check` honours
(suppress/syntax.py), in the comment syntax of the file type, on its own line above the claim, with a reason to
fill in: the reason is the audit trail.
"""
from __future__ import annotations

import re

from lsprotocol import types

from ..findings import Finding
from .positions import LineIndex

SHOW_RULE = "claimlint.showRule"
REASON_PLACEHOLDER = "TODO: why this claim may stand, who approved it, when"


def waiver_line(kind: str, rule: str) -> str:
    directive = f"claimlint-disable-next-line {rule} -- {REASON_PLACEHOLDER}"
    # Markdown and HTML take an HTML comment; plain text a line of its own after '#'.
    return f"<!-- {directive} -->" if kind in ("markdown", "html") else f"# {directive}"


def suggested_wording(finding: Finding) -> str | None:
    """The suggestion as copy: without the quotes packs write it in, its folded lines joined."""
    text = " ".join(finding.suggestion.split()).strip("\"“” ")
    return text or None


def sentence_span(finding: Finding, text: str) -> tuple[int, int] | None:
    """Where the claim's sentence stands in ``text`` around the claim, if it is there as read."""
    sentence = finding.sentence.strip()
    if not sentence:
        return None
    start = text.rfind(sentence, 0, finding.start + len(sentence))  # the nearest that starts at or before the claim
    return (start, start + len(sentence)) if start != -1 and start + len(sentence) >= finding.end else None


def _edit(uri: str, version: int | None, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])


def actions_for(finding: Finding, diagnostic: types.Diagnostic | None, uri: str, version: int | None, kind: str,
                index: LineIndex, rewordable: bool = True) -> list[types.CodeAction]:
    """The actions on one finding; ``diagnostic`` is the one the client sent for it (the action resolves it);
    ``rewordable`` False leaves out the suggested wording."""
    text = index.text
    fixes = [diagnostic] if diagnostic else None
    out = []
    wording, span = suggested_wording(finding), sentence_span(finding, text)
    if rewordable and wording and span:
        out.append(types.CodeAction(
            title=f"Replace the sentence with {finding.rule}'s suggested wording",
            kind=types.CodeActionKind.QuickFix, diagnostics=fixes, is_preferred=True,
            edit=_edit(uri, version, [types.TextEdit(range=index.range(*span), new_text=wording)])))
    line_start = index.starts[index.position(finding.start).line]
    indent = re.match(r"[ \t]*", text[line_start:]).group(0)
    newline = m.group(0) if (m := re.search(r"\r\n|\r|\n", text)) else "\n"
    at_line_start = index.range(line_start, line_start)
    out.append(types.CodeAction(
        title=f"Waive {finding.rule} here (a reason is required)", kind=types.CodeActionKind.QuickFix,
        diagnostics=fixes,
        edit=_edit(uri, version, [types.TextEdit(range=at_line_start,
                                                 new_text=indent + waiver_line(kind, finding.rule) + newline)])))
    out.append(types.CodeAction(
        title=f"Open the explanation of {finding.rule}", kind=types.CodeActionKind.Empty,
        command=types.Command(title=f"Open the explanation of {finding.rule}", command=SHOW_RULE,
                              arguments=[finding.rule, uri])))
    return out
