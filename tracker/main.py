"""Creates the app: the API under /api/v1 and, in the embedded set-up, the built site at / (same origin, so no
CORS, and single sign-on in front of it just works)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .db import make_engine
from .manifest import load_manifest
from .routers import attempts, health, me, reports, roster
from .settings import Settings

log = logging.getLogger("tracker")


class BodyLimit:
    """Refuse request bodies over the limit with 413, whether or not they say their length up front."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(send, self.limit)
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"detail":"request body larger than {limit} bytes"}}'.encode()
    await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    if not settings.manifest.is_file():
        raise SystemExit(f"The build manifest {settings.manifest} is missing: build the site first (mkdocs build).")
    settings.data_dir.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Few threads: the work is short and mostly holds the GIL, and SQLite writes one at a time anyway.
        anyio.to_thread.current_default_thread_limiter().total_tokens = 4
        yield
        app.state.engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Koordinatorordninga: sporing av opplæring",
        version="1",
        # The interactive docs load scripts from a CDN, which the intranet cannot reach; the OpenAPI document is enough.
        docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.manifest = load_manifest(settings.manifest)
    app.state.engine = make_engine(settings.url)
    for router in (attempts.router, me.router, reports.router, roster.router, health.router):
        app.include_router(router, prefix="/api/v1")
    if settings.site_dir:
        if not settings.site_dir.is_dir():
            raise SystemExit(f"The site folder {settings.site_dir} is missing: build the site first (mkdocs build).")
        app.mount("/", StaticFiles(directory=settings.site_dir, html=True), name="site")
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    log.info("tracker ready: %d modules, %s database, identity %s", len(app.state.manifest.modules), app.state.engine.dialect.name, settings.identity)
    return app
