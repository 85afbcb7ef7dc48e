"""The language server: documents in, diagnostics, hovers and code actions out (pygls over stdio or TCP).

The message loop only keeps documents and answers requests from the last lint of each; linting is the scheduler's
(scheduler.py), on its own thread. Configuration, waivers and the baseline are claimlint's own (settings.py,
linting.py): the editor shows what `claimlint check` would report for the file as it stands in the editor.
"""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..api import BlockMemo
from ..config import FILES
from ..errors import ClaimlintError, first_line
from .actions import SHOW_RULE, actions_for
from .diagnostics import config_diagnostic, diagnostics
from .hover import hover_markdown
from .linting import Outcome, Snapshot, kind_of, lint
from .positions import LineIndex
from .protocol import Protocol, answer_unparsable
from .scheduler import Scheduler
from .settings import Settings, document_path

# Files whose change may change every document's findings.
CONFIG_NAMES = (*FILES, "pyproject.toml")


class ClaimlintServer(LanguageServer):
    def __init__(self, baseline: Path | None = None, debounce: float = 0.25) -> None:
        # Whole-text sync: a page of copy is small, and the text is then exactly the client's (pygls applies
        # incremental edits by Python's splitlines, which breaks lines at characters LSP does not, such as U+2028).
        super().__init__("claimlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full,
                         protocol_cls=Protocol)
        self.settings = Settings(baseline)
        # Each open document's findings by block, read and written on the lint thread only (closing one drops its
        # memo there too, after any lint of it in progress): an edit re-lints the blocks it can change.
        self.memos: dict[str, BlockMemo] = {}
        self.scheduler = Scheduler(lambda snapshot: lint(snapshot, self.settings,
                                                         self.memos.setdefault(snapshot.uri, BlockMemo())),
                                   self._publish, self._failed, debounce)
        self.outcomes: dict[str, tuple[Outcome, LineIndex]] = {}  # uri -> its last lint, and the text's lines
        # Document uri -> the uri of the unusable file that stopped its lint (or, with no file to point at, the error).
        self.config_errors: dict[str, str] = {}

    def report_server_error(self, error: Exception, source: Any) -> None:
        if not answer_unparsable(self.protocol, error):
            super().report_server_error(error, source)

    # Documents

    def snapshot(self, uri: str) -> Snapshot | None:
        """The open document as it is now, or None when claimlint does not lint its kind."""
        document = self.workspace.get_text_document(uri)
        path = document_path(document.path)
        kind = kind_of(document.language_id, path)
        if kind is None:
            return None
        return Snapshot(uri, document.version, document.source, kind, path)

    def schedule(self, uri: str, delay: float | None = None) -> None:
        if (snapshot := self.snapshot(uri)) is not None:
            self.scheduler.request(snapshot, delay)

    def relint_all(self) -> None:
        """Configuration or baseline changed on disk: every open document again, at once."""
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    def closed(self, uri: str) -> None:
        self.scheduler.forget(uri)
        self.scheduler.submit(lambda: self.memos.pop(uri, None))
        self.outcomes.pop(uri, None)
        self._clear_config_error(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def index(self, text: str) -> LineIndex:
        return LineIndex(text, self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    # Results, on the message loop

    def _publish(self, outcome: Outcome) -> None:
        snapshot = outcome.snapshot
        index = self.index(snapshot.text)
        self.outcomes[snapshot.uri] = (outcome, index)
        if outcome.error is not None:
            self._show_config_error(snapshot.uri, outcome.error)
        else:
            self._clear_config_error(snapshot.uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=snapshot.uri, version=snapshot.version, diagnostics=diagnostics(outcome, index)))

    def _failed(self, snapshot: Snapshot, error: BaseException) -> None:
        """A bug met linting one document: said to the user once, with the details in the log; the server goes on."""
        self.outcomes.pop(snapshot.uri, None)
        name = Path(snapshot.path).name if snapshot.path else snapshot.uri
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=(
            f"claimlint: internal error, {name} not linted ({type(error).__name__}: {first_line(error)}); "
            "please report this with the file")))
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=details))
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=snapshot.uri, diagnostics=[]))

    def _show_config_error(self, uri: str, error: ClaimlintError) -> None:
        if error.path is None or not Path(error.path).is_file():  # nowhere to point: say it once
            if self.config_errors.get(uri) != str(error):
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"claimlint: {error}"))
            self.config_errors[uri] = str(error)
            return
        target = Path(error.path).resolve().as_uri()
        self._clear_config_error(uri)
        self.config_errors[uri] = target
        opened = self.workspace.text_documents.get(target)
        text = opened.source if opened is not None else Path(error.path).read_text(encoding="utf-8", errors="replace")
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=target, diagnostics=[config_diagnostic(error, self.index(text))]))

    def _clear_config_error(self, uri: str) -> None:
        target = self.config_errors.pop(uri, None)
        if target and target.startswith("file:") and target not in self.config_errors.values():
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=target, diagnostics=[]))

    # Requests

    def current(self, uri: str) -> tuple[Outcome, LineIndex] | None:
        """The document's last lint, if it is of the text the client has now (positions would not match otherwise)."""
        entry = self.outcomes.get(uri)
        if entry is None or entry[0].snapshot.text != self.workspace.get_text_document(uri).source:
            return None
        return entry

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        entry = self.current(params.text_document.uri)
        if entry is None:
            return None
        outcome, index = entry
        offset = index.offset(params.position)
        finding = next((f for f in outcome.findings if f.start <= offset <= f.end), None)
        if finding is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=hover_markdown(finding)),
                           range=index.range(finding.start, finding.end))

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        entry = self.current(params.text_document.uri)
        if entry is None:
            return []
        outcome, index = entry
        start, end = index.offset(params.range.start), index.offset(params.range.end)
        # The client names the diagnostics it wants fixed (those under the cursor); without any, every finding there.
        sent = {d.data["fingerprint"]: d for d in params.context.diagnostics
                if isinstance(d.data, dict) and d.data.get("fingerprint")}
        out = []
        for finding in outcome.findings:
            if (finding.fingerprint in sent) if sent else (finding.start <= end and start <= finding.end):
                rule = outcome.rules.get(finding.rule)
                # A page-level rule asks for a disclosure somewhere on the page: its suggestion replaces no sentence.
                rewordable = rule is not None and getattr(rule, "page", None) is None
                out += actions_for(finding, sent.get(finding.fingerprint), params.text_document.uri,
                                   outcome.snapshot.version, outcome.snapshot.kind, index, rewordable)
        return out

    async def show_rule(self, rule_id: str, uri: str) -> None:
        """Open the rule's entry in its pack; a client that cannot open documents is told where it is."""
        entry = self.outcomes.get(uri)
        rule = entry[0].rules.get(rule_id) if entry else None
        if rule is None or not rule.path:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning,
                                                             message=f"claimlint: no explanation of {rule_id} here"))
            return
        where = types.Position(max(rule.line - 1, 0), 0)
        window = self.client_capabilities.window
        if window is not None and window.show_document is not None and window.show_document.support:
            await self.window_show_document_async(types.ShowDocumentParams(
                uri=Path(rule.path).resolve().as_uri(), take_focus=True, selection=types.Range(where, where)))
            return
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=(
            f"{rule.id}: {rule.title}. {rule.evidence.reasoning} Source: {rule.evidence.source}. "
            f"See {rule.path}:{rule.line}")))


def build_server(baseline: Path | None = None, debounce: float = 0.25) -> ClaimlintServer:
    """The server with its features registered; ``debounce`` seconds after the last change a document is linted."""
    server = ClaimlintServer(baseline, debounce)

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        root = document_path(server.workspace.root_path)
        # The model loads while the editor starts up; its errors are left for the first lint to report.
        server.scheduler.submit(lambda: server.settings.for_document(root).run.linter.component)
        watch = server.client_capabilities.workspace
        if watch and watch.did_change_watched_files and watch.did_change_watched_files.dynamic_registration:
            globs = [f"**/{name}" for name in CONFIG_NAMES] + ([str(baseline)] if baseline else [])
            server.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="claimlint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = document_path(server.workspace.get_text_document(uri).path)
        # The configuration, the baseline, or the file a configuration error points at (a pack being fixed).
        if path is not None and (path.name in CONFIG_NAMES or path == server.settings.baseline
                                 or uri in server.config_errors.values()):
            server.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        server.relint_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        return server.hover(params)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Empty]))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        return server.code_actions(params)

    @server.command(SHOW_RULE)
    async def show_rule(*arguments: Any) -> None:
        await server.show_rule(*(str(a) for a in arguments[:2]))

    @server.feature(types.SHUTDOWN)
    def shutdown(params: Any) -> None:
        server.scheduler.shutdown()

    return server


def serve(tcp_port: int | None = None, baseline: Path | None = None, debounce: float = 0.25) -> None:
    """Serve one client over stdio, or on 127.0.0.1:``tcp_port`` (for debugging a client)."""
    server = build_server(baseline, debounce)
    if tcp_port is not None:
        server.start_tcp("127.0.0.1", tcp_port)
    else:
        server.start_io()
