"""pygls' protocol, answering what it would leave unanswered: a request whose parameters do not fit its method gets
an 'invalid params' error (pygls would only log it, and the client would wait for ever), and a message that is not
JSON gets JSON-RPC's 'parse error' instead of a pop-up in the editor."""
from __future__ import annotations

import json
import logging
from typing import Any

from pygls.exceptions import JsonRpcException, JsonRpcParseError
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)

_ANSWERED = object()  # stands for a request already answered with an error


class Protocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "id" in data and "method" in data:  # a request: its sender waits for an answer
                self._send_response(data["id"], error=exc.to_response_error())
                return _ANSWERED
            raise

    def handle_message(self, message: Any) -> None:
        if message is not _ANSWERED:
            super().handle_message(message)


def answer_unparsable(protocol: LanguageServerProtocol, error: Exception) -> bool:
    """Answer a message that is not JSON with a parse error (id null, as JSON-RPC says); False for other errors."""
    if not isinstance(error, json.JSONDecodeError):
        return False
    log.warning("a message that is not JSON: %s", error)
    protocol._send_response(None, error=JsonRpcParseError(str(error)).to_response_error())
    return True
