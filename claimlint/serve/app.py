"""The desk's routes (Starlette). Linting runs on a worker thread, one copy at a time (checking.py).

    GET  /                  the desk page
    POST /api/check         {"text", "filename"} -> exactly what `check --format json` prints for that copy
    POST /api/desk          {"text", "filename"} -> the copy rendered with the report's renderer, for the page
    POST /api/upload        a form with a file (.txt .md .html .docx .pdf) -> {"text", "filename"}
    POST /api/fetch         {"url"} -> {"text", "filename"}
    POST /api/review        a decision on a finding (fixed, waived, disputed, or undo) -> the review file
    POST /api/missed        a claim the rules missed, marked by selecting its words -> the review file
    POST /report            a form: the signed-off HTML report, as a download
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import ClaimlintError
from ..formats.html import format_html
from ..readers.sources import kind_for
from ..suppress.review import DECISIONS
from .checking import Checker, copy_of, fetched_copy
from .desk import DeskPage, rendered, waiver_text
from .reviews import ReviewStore
from .security import Guard, SecurityMiddleware, csrf_ok

MAX_BYTES = 10 * 1024 * 1024 + 64 * 1024  # the readers' file limit, and room for a form's own fields
MAX_NAME = 255


@dataclass
class Settings:
    checker: Checker
    reviews: Path
    token: str | None = None
    loopback: bool = True  # bound to a loopback address: URLs to private addresses may be fetched (one user)
    max_bytes: int = MAX_BYTES
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _filename(value: object) -> str:
    name = value if isinstance(value, str) and value.strip() else "copy.txt"
    if len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise Refused(400, "the file name must be one line of at most 255 characters")
    return name.strip()


def _text(value: object, field_name: str = "text") -> str:
    if not isinstance(value, str):
        raise Refused(400, f"'{field_name}' must be a string")
    return value


def create_app(settings: Settings) -> SecurityMiddleware:
    """The desk for one configuration (``settings.checker``), writing review files under ``settings.reviews``: an
    ASGI app, the routes behind the security middleware."""
    checker, store, page = settings.checker, ReviewStore(settings.reviews), DeskPage()
    # Nothing submitted touches the disk: an upload (already held whole and within the limit by the middleware)
    # stays in memory instead of spilling into a temporary file past Starlette's 1 MB default.
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, settings.max_bytes)

    async def body(request: Request, changes_review: bool = False) -> dict:
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise Refused(415, "send JSON (Content-Type: application/json)")
        if changes_review and not csrf_ok(request.headers.get("x-csrf-token"), settings.csrf):
            raise Refused(403, "refused: missing or wrong CSRF token")
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise Refused(400, "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise Refused(400, "send a JSON object")
        return data

    async def form(request: Request):
        data = await request.form(max_files=1, max_fields=16, max_part_size=settings.max_bytes)
        if not csrf_ok(data.get("csrf") if isinstance(data.get("csrf"), str) else None, settings.csrf):
            raise Refused(403, "refused: missing or wrong CSRF token (a form from another site?)")
        return data

    async def home(request: Request) -> Response:
        html = page.render(settings.csrf, checker.categories(), settings.max_bytes)
        return HTMLResponse(html, headers={"content-security-policy": page.header_csp,
                                        # same-origin, not no-referrer: with no-referrer a browser sends its own
                                        # form posts as 'Origin: null', which the CSRF check refuses.
                                        "referrer-policy": "same-origin"})

    async def api_check(request: Request) -> Response:
        data = await body(request)
        text, filename = _text(data.get("text")), _filename(data.get("filename"))
        answer = await run_in_threadpool(checker.json_answer, text, filename)
        return Response(answer, media_type="application/json")

    async def api_desk(request: Request) -> Response:
        data = await body(request)
        text, filename = _text(data.get("text")), _filename(data.get("filename"))
        review = store.load(filename)
        result = await run_in_threadpool(checker.lint, text, filename, review)
        view = rendered(result, text, filename, review)
        view["review_file"] = str(store.path_for(filename)) if review else None
        return JSONResponse(view)

    async def api_upload(request: Request) -> Response:
        data = await form(request)
        upload = data.get("file")
        if upload is None or isinstance(upload, str):
            raise Refused(400, "choose a file to upload")
        name = _filename(PurePosixPath((upload.filename or "upload.txt").replace("\\", "/")).name)
        raw = await upload.read()
        text, filename = await run_in_threadpool(copy_of, name, raw)
        return JSONResponse({"text": text, "filename": filename})

    async def api_fetch(request: Request) -> Response:
        data = await body(request)
        url = _text(data.get("url"), "url").strip()
        text, filename = await run_in_threadpool(fetched_copy, url, settings.loopback and settings.token is None)
        return JSONResponse({"text": text, "filename": filename, "url": url})

    async def api_review(request: Request) -> Response:
        data = await body(request, changes_review=True)
        text, filename = _text(data.get("text")), _filename(data.get("filename"))
        fingerprint, decision = _text(data.get("fingerprint"), "fingerprint"), data.get("decision")
        reviewer = _text(data.get("reviewer") or "", "reviewer").strip()
        kind = kind_for(filename)
        if decision == "undo":
            store.undo(filename, kind, text, fingerprint)
            return JSONResponse({"review_file": str(store.path_for(filename)), "waiver": None})
        if decision not in DECISIONS:
            raise Refused(400, f"'decision' is one of {', '.join(DECISIONS)} or undo")
        reason = _text(data.get("reason") or "", "reason").strip()
        note = _text(data.get("note") or "", "note").strip()
        if decision == "waived" and not reason:
            raise Refused(400, "a waiver needs a reason (it is the audit trail)")
        rule = _text(data.get("rule") or "", "rule")
        waiver = waiver_text(kind, rule, reason) if decision == "waived" else None
        review = store.decide(filename, kind, text, fingerprint, decision, rule=rule,
                              text=_text(data.get("claim") or "", "claim"), reason=reason, note=note,
                              replacement=_text(data.get("replacement") or "", "replacement"),
                              waiver=(waiver or "").strip(), reviewer=reviewer)
        return JSONResponse({"review_file": str(store.path_for(filename)), "waiver": waiver,
                             "decisions": len(review["decisions"])})

    async def api_missed(request: Request) -> Response:
        data = await body(request, changes_review=True)
        text, filename = _text(data.get("text")), _filename(data.get("filename"))
        quote = " ".join(_text(data.get("quote"), "quote").split())
        category = _text(data.get("category") or "", "category").strip()
        if not quote or not category:
            raise Refused(400, "select the words of the missed claim and choose its category")
        if quote not in " ".join(text.split()):
            raise Refused(400, "the selected words are not in the copy")
        store.miss(filename, kind_for(filename), text, quote, category,
                   note=_text(data.get("note") or "", "note").strip(),
                   reviewer=_text(data.get("reviewer") or "", "reviewer").strip())
        return JSONResponse({"review_file": str(store.path_for(filename))})

    async def report(request: Request) -> Response:
        data = await form(request)
        text, filename = _text(data.get("text")), _filename(data.get("filename"))
        reviewer = _text(data.get("reviewer") or "", "reviewer").strip()
        if not reviewer:
            raise Refused(400, "a sign-off needs the reviewer's name")
        review = store.sign(filename, kind_for(filename), text, reviewer)
        result = await run_in_threadpool(checker.lint, text, filename, review)
        html = format_html(result, review=review, generated=datetime.now(timezone.utc))
        stem = PurePosixPath(filename).stem or "copy"
        safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in stem)
        return HTMLResponse(html, headers={"content-disposition": f'attachment; filename="{safe}-signed-off.html"'})

    def guarded(endpoint):
        async def run(request: Request) -> Response:
            try:
                return await endpoint(request)
            except Refused as exc:
                return _error(exc.status, exc.message)
            except ClaimlintError as exc:  # an unreadable upload, a URL refused or failing: one line, as on the command
                return _error(422, str(exc))
        return run

    routes = [Route("/", guarded(home), methods=["GET"]),
              Route("/api/check", guarded(api_check), methods=["POST"]),
              Route("/api/desk", guarded(api_desk), methods=["POST"]),
              Route("/api/upload", guarded(api_upload), methods=["POST"]),
              Route("/api/fetch", guarded(api_fetch), methods=["POST"]),
              Route("/api/review", guarded(api_review), methods=["POST"]),
              Route("/api/missed", guarded(api_missed), methods=["POST"]),
              Route("/report", guarded(report), methods=["POST"])]
    app = Starlette(routes=routes)
    app.state.settings = settings
    return SecurityMiddleware(app, Guard(settings.token, settings.loopback, settings.max_bytes))
