"""Creates the app: the API under /api/v1 and, in the embedded set-up, the built site at / (same origin, so no
CORS, and single sign-on in front of it just works)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.utils import is_body_allowed_for_status_code
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .db import Busy, GroupWriter
from .exportjobs import Jobs
from .manifest import load_manifest
from .refusals import VALIDATION_SCHEMA, norwegian, validation_body
from .routers import attempts, confirmations, feedback, health, me, reports, roster, stats
from .settings import ConfigError, Settings, where
from .startup import open_database

log = logging.getLogger("tracker")

# The site and the API under one policy. Scripts only from the site itself: Material's inline helpers are moved to
# files (overrides/partials/javascripts/). Styles allow inline style attributes, which Material's markup uses.
# deploy/nginx/koordinator-headers.conf sends the same headers when nginx serves the site (a test compares them).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse request bodies over the limit with 413, whether or not they say their length up front. The roster
    has a larger limit of its own (a hospital trust's roster is megabytes)."""

    def __init__(self, app: ASGIApp, limit: int, larger: dict[str, int]):
        self.app, self.limit, self.larger = app, limit, larger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return await _too_large(send, limit)
        seen = 0
        refused = False

        async def counted() -> Message:
            # Past the limit, answer 413 here and tell the app the client has gone, so that it stops reading;
            # whatever it answers after that is dropped.
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                refused = True
                await _too_large(send, limit)
                return {"type": "http.disconnect"}
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, unless_refused)
        except Exception:
            if not refused:
                raise


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"detail":"Førespurnaden er større enn {limit} byte."}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    # FastAPI's own handler echoes the input, which fails to encode for NaN or a lone surrogate (a 500), and speaks
    # English. Say where and what, in Norwegian, never the value.
    return JSONResponse(validation_body(exc.errors()), status_code=422)


async def _http(request: Request, exc: StarletteHTTPException) -> Response:
    # As FastAPI's own handler, with Starlette's English replaced: no body where the status allows none.
    if not is_body_allowed_for_status_code(exc.status_code):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse(
        {"detail": norwegian(exc.status_code, exc.detail)}, status_code=exc.status_code, headers=exc.headers
    )


async def _failed(request: Request, exc: Exception) -> JSONResponse:
    log.exception("uventa feil i %s %s", request.method, request.url.path)
    return JSONResponse(
        {"detail": "Noko gjekk gale i sporingstenesta. Prøv igjen om litt; held det fram, sei frå til IT."},
        status_code=500,
    )


async def _busy(request: Request, exc: Exception) -> JSONResponse:
    log.warning("databasen er oppteken: %s", type(exc).__name__)
    return JSONResponse(
        {"detail": "Databasen er oppteken akkurat no. Prøv igjen om litt; ingenting er lagra av denne førespurnaden."},
        status_code=503,
        headers={"Retry-After": "2"},
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app, or a ConfigError (one Norwegian line) when the manifest, the site, the data folder or the database
    cannot be used."""
    settings = settings or Settings()
    manifest = load_manifest(settings.manifest, settings.timezone, settings.edition)
    if settings.site_dir and not settings.site_dir.is_dir():
        raise ConfigError(
            f"Finn ikkje nettstaden i {settings.site_dir}. Byggjer han med «make site» i prosjektmappa, eller set "
            f"{where('site_dir')} til ingenting (tom) når webtenaren viser nettstaden."
        )
    engine = open_database(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Database calls run in worker threads so that the event loop never waits on the database.
        anyio.to_thread.current_default_thread_limiter().total_tokens = 8
        app.state.writer = GroupWriter(app.state.engine)
        # Managers' files are prepared in processes of their own, watched by tasks in this group.
        async with anyio.create_task_group() as tasks:
            app.state.exports = Jobs(tasks, settings.export_slots)
            yield
            tasks.cancel_scope.cancel()
        app.state.writer.close()
        app.state.engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Koordinatorordninga: sporing av opplæring",
        version="1",
        # The interactive docs load scripts from a CDN, which the intranet cannot reach; the OpenAPI document is enough.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        exception_handlers={
            RequestValidationError: _invalid,
            StarletteHTTPException: _http,
            Busy: _busy,
            OperationalError: _busy,
            PoolTimeout: _busy,
            Exception: _failed,
        },
    )
    app.state.settings = settings
    app.state.manifest = manifest
    app.state.engine = engine
    for router in (
        attempts.router,
        confirmations.router,
        feedback.router,
        me.router,
        reports.router,
        stats.router,
        roster.router,
        health.router,
    ):
        app.include_router(router, prefix="/api/v1")
    if settings.site_dir:
        app.mount("/", StaticFiles(directory=settings.site_dir, html=True), name="site")
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, larger={"/api/v1/roster": settings.max_roster_bytes})
    app.add_middleware(SecurityHeaders)
    _document_refusals(app)
    log.info(
        "sporingstenesta er klar: %d modular, %s-database, identitet %s",
        len(manifest.modules),
        engine.dialect.name,
        settings.identity,
    )
    return app


def _document_refusals(app: FastAPI) -> None:
    """The OpenAPI document describes a 422 as validation_body writes it, not as FastAPI's default."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            schemas = schema.get("components", {}).get("schemas", {})
            if "HTTPValidationError" in schemas:
                schemas["HTTPValidationError"] = VALIDATION_SCHEMA
                schemas.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
