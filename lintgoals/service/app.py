"""The routes of `lintgoals serve`.

    GET  /                    the page (Chinese; ?lang=en)
    POST /api/v1/check        tables in, the report out (json, sarif, junit, html, xlsx, text)
    GET  /api/v1/rules[/CODE] the active rules with their explanations
    GET  /healthz             the service is up
    GET  /docs, /openapi.json the API, described

A request chooses only among shipped pack names and a language, never a path of
the server's. Its tables go to a private folder that is removed when the request
ends, however it ends. Every response forbids anything external (CSP) and
content sniffing; CORS only for the origins the service was started with.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lintgoals import __version__
from lintgoals.api import make_linter
from lintgoals.config import Config
from lintgoals.reporters.html_assets import SCRIPT, STYLE
from lintgoals.rule_examples import describe
from lintgoals.rules import Rule, shipped_pack_names
from lintgoals.service.checking import SUFFIXES, Job
from lintgoals.service.page import asset, language, page
from lintgoals.service.pool import Busy, Pool

FORMATS = tuple(SUFFIXES)  # json, sarif, junit, html, text, xlsx
MAX_FILES = 50
RETRY_AFTER_SECONDS = 5


@dataclass(slots=True, frozen=True)
class Settings:
    """What whoever starts the service fixes: its config and its limits."""

    config: Config = field(default_factory=Config)
    workers: int = 2
    max_upload_mb: int = 20
    timeout: float = 60.0  # a request's check, in seconds
    queue: int = 32  # requests waiting for a worker, past which 503
    cors_origins: tuple[str, ...] = ()


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# Nothing external, ever: the page's own script and style; the HTML report's inline
# ones by their hashes; the API's responses nothing at all.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
REPORT_POLICY = (
    f"default-src 'none'; script-src {digest(SCRIPT)}; style-src {digest(STYLE)}; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


class BodyLimit:
    """Refuses a request whose body is larger than the limit (413), by its
    Content-Length at once, or while it arrives when it has none."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await too_large(self.limit)(scope, receive, send)
            return
        received = 0
        started = False

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except TooLarge:
            if not started:
                await too_large(self.limit)(scope, receive, send)


class TooLarge(Exception):
    pass


def too_large(limit: int) -> Response:
    return JSONResponse(
        {"detail": f"the upload is larger than the limit of {limit // 1024 // 1024} MB"}, status_code=413
    )


class SecurityHeaders:
    """Every response: a Content-Security-Policy for what it is, no sniffing, no framing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (key, value)
                    for key, value in message.get("headers", [])
                    if key.lower() != b"content-security-policy"
                ]
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                policy = dict(message.get("headers", [])).get(b"content-security-policy")
                if policy is None:
                    policy = (PAGE_POLICY if kind.startswith(b"text/html") else API_POLICY).encode()
                headers += [
                    (b"content-security-policy", policy),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def upload_name(name: str | None, taken: set[str]) -> str:
    """A file's name as uploaded, made safe to lie in a folder: no folders of its own,
    no control characters; a second file of one name becomes "name (2).xlsx"."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".") or "upload"
    base = base[-120:]
    stem, dot, suffix = base.rpartition(".")
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}).{suffix}" if dot else f"{base} ({number})"
    taken.add(candidate.casefold())
    return candidate


def save_uploads(uploads: list[UploadFile], folder: str) -> tuple[str, ...]:
    """The uploads written into the request's folder, under their (safe) names."""
    taken: set[str] = set()
    names = []
    for upload in uploads:
        name = upload_name(upload.filename, taken)
        with open(os.path.join(folder, name), "wb") as stream:
            shutil.copyfileobj(upload.file, stream)
        names.append(name)
    return tuple(names)


def rule_entry(rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "title": rule.display_title(lang),
        "severity": rule.severity.value if rule.severity else "off",
        "pack": rule.pack,
        "target": rule.target,
        "summary": rule.summary(lang),
        "explanation": rule.explanation(lang),
        "message": rule.text(rule.message, lang),
        "examples": {
            kind: [describe(example, lang) for example in rule.examples.get(kind) or []] for kind in ("fires", "quiet")
        },
    }


def create_app(settings: Settings) -> FastAPI:
    """The service; ConfigError when its config or packs cannot be used (it does not start)."""
    linter = make_linter(settings.config)  # a config error shows now, not at the first request
    ruleset = linter.ruleset
    pool = Pool(settings.config, settings.workers, settings.queue, settings.timeout)
    packs = tuple(shipped_pack_names())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    app = FastAPI(
        title="lintgoals",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        description="Check budget performance target tables (绩效目标表).",
    )

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(part) for part in item['loc'][1:])}: {item['msg']}" for item in error.errors()]
        return JSONResponse({"detail": "; ".join(problems) or "invalid request"}, status_code=422)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(lang: str | None = None) -> HTMLResponse:
        return HTMLResponse(page(language(lang), __version__, settings.max_upload_mb))

    @app.get("/assets/{name}", include_in_schema=False)
    async def assets(name: str) -> Response:
        media = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}
        if name not in media:
            raise HTTPException(404, "no such asset")
        return Response(asset(name), media_type=media[name], headers={"Cache-Control": "no-cache"})

    @app.post(
        "/api/v1/check",
        summary="Check tables",
        responses={
            200: {"description": "The report; X-Lintgoals-Exit has the command line's exit code"},
            413: {"description": "Larger than the upload limit"},
            422: {"description": "A bad request: no file, an unknown format, language or pack"},
            503: {"description": "Every worker busy and the queue full; Retry-After says when"},
        },
    )
    async def check(
        file: Annotated[list[UploadFile], File(description="One or more tables")],
        format: Annotated[str, Form(description=f"one of {', '.join(FORMATS)}")] = "json",
        lang: Annotated[str, Form(description="zh or en")] = "zh",
        rules: Annotated[list[str] | None, Form(description="shipped pack names (core, mof-2021)")] = None,
    ) -> Response:
        if format not in FORMATS:
            raise HTTPException(422, f"unknown format '{format}' (known: {', '.join(FORMATS)})")
        if lang not in ("zh", "en"):
            raise HTTPException(422, f"unknown language '{lang}' (zh or en)")
        chosen = tuple(name.strip() for entry in rules or [] for name in entry.split(",") if name.strip())
        unknown = [name for name in chosen if name not in packs]
        if unknown:
            raise HTTPException(422, f"unknown pack '{unknown[0]}' (shipped packs: {', '.join(packs)})")
        if len(file) > MAX_FILES:
            raise HTTPException(422, f"at most {MAX_FILES} files in one request")
        folder = tempfile.mkdtemp(prefix="lintgoals-")  # private: 0700
        try:
            names = await asyncio.to_thread(save_uploads, file, folder)
            try:
                outcome = await pool.run(Job(folder, names, format, lang, chosen))
            except Busy:
                return JSONResponse(
                    {"detail": "every worker is busy; try again shortly"},
                    status_code=503,
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            for upload in file:
                await upload.close()
        headers = {"X-Lintgoals-Exit": str(outcome.exit_code)}
        if format == "xlsx":
            headers["Content-Disposition"] = 'attachment; filename="lintgoals-report.xlsx"'
        if format == "html":
            headers["Content-Security-Policy"] = REPORT_POLICY
        return Response(outcome.body, media_type=outcome.media_type, headers=headers)

    @app.get("/api/v1/rules", summary="The active rules")
    async def list_rules(lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh") -> list[dict[str, Any]]:
        return [rule_entry(rule, lang) for rule in ruleset.rules]

    @app.get("/api/v1/rules/{code}", summary="One rule, explained")
    async def one_rule(code: str, lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh") -> dict[str, Any]:
        rule = ruleset.by_code(code.upper())
        if rule is None:
            raise HTTPException(404, f"unknown rule '{code}'")
        return rule_entry(rule, lang)

    @app.get("/healthz", summary="The service is up")
    async def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "workers": settings.workers,
            "busy": pool.busy,
            "waiting": pool.waiting,
        }

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(api_page(app.openapi()))

    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            expose_headers=["X-Lintgoals-Exit"],
        )
    app.add_middleware(BodyLimit, limit=settings.max_upload_mb * 1024 * 1024)
    return app


def api_page(schema: dict[str, Any]) -> str:
    """/docs: the OpenAPI document as a page, made here (no script or style from a CDN)."""
    from html import escape

    rows = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            fields = [
                name
                for content in body.values()
                for name in resolve(schema, content.get("schema", {})).get("properties", {})
            ]
            params = [parameter["name"] for parameter in operation.get("parameters", [])]
            responses = ", ".join(
                f"{status} {answer.get('description', '')}" for status, answer in operation.get("responses", {}).items()
            )
            rows.append(
                f"<tr><td><code>{escape(method.upper())} {escape(path)}</code></td>"
                f"<td>{escape(operation.get('summary', ''))}</td>"
                f"<td>{escape(', '.join(params + fields))}</td><td>{escape(responses)}</td></tr>"
            )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>lintgoals API</title>"
        "<link rel='stylesheet' href='assets/page.css'></head><body><main><h1>lintgoals API</h1>"
        "<p>The machine-readable description: <a href='openapi.json'>openapi.json</a>.</p>"
        "<table><thead><tr><th>endpoint</th><th>what</th><th>parameters</th><th>answers</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></main></body></html>"
    )


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref", "")
    if reference.startswith("#/components/schemas/"):
        resolved: dict[str, Any] = schema.get("components", {}).get("schemas", {}).get(reference.rsplit("/", 1)[-1], {})
        return resolved
    return node


def run(settings: Settings, host: str, port: int) -> None:
    """Serve until stopped (Ctrl+C, SIGTERM)."""
    import uvicorn

    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="warning", server_header=False, timeout_keep_alive=5
    )


__all__ = ["Settings", "create_app", "run"]
