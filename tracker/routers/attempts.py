"""The attempts routes: recording one (tracker/attempts.py), the browser's lookup of its own, and the learner's own file."""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import attempts, db, exports
from ..csvout import media_type
from ..deps import EngineDep, ManifestDep, SettingsDep, WriterDep, proxy_user
from ..records import attempt_out
from ..schemas import AttemptIn, AttemptResult, Lookup, LookupIn

router = APIRouter(tags=["attempts"])
_BUSY: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "The database is busy (locked by another writer): send the same attempt again after Retry-After seconds"
    }
}


@router.post(
    "/attempts",
    status_code=201,
    response_model=AttemptResult,
    responses={
        409: {"description": "The attempt id was used for a different attempt"},
        422: {"description": "The attempt does not fit the module"},
        **_BUSY,
    },
)
async def record_attempt(
    body: AttemptIn,
    request: Request,
    response: Response,
    settings: SettingsDep,
    engine: EngineDep,
    manifest: ManifestDep,
    writer: WriterDep,
) -> AttemptResult:
    """Record a finished attempt and answer with its score and the feedback per question (the page carries no
    answer key where the tracker scores). Sending the same attempt again, in any order or at the same time, stores
    it once and gets the same answer. A 201 means it is on disk."""
    employee = proxy_user(request, settings) if settings.identity == "proxy" else None
    try:
        recorded = await attempts.record(
            body,
            employee,
            engine=engine,
            manifest=manifest,
            writer=writer,
            timezone=settings.timezone,
            unit_from_roster=settings.identity == "form",
        )
    except attempts.Refused as exc:
        raise HTTPException(exc.status, exc.message) from None
    if not recorded.created:
        response.headers["Idempotent-Replay"] = "true"
    return recorded.result


@router.post("/attempts/lookup", response_model=Lookup)
async def lookup(
    body: LookupIn, request: Request, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep
) -> Lookup:
    """Which of these attempts the tracker holds, with validity worked out here (in the tracker's time zone). The
    ids are random and only the browser that made them knows them, so in form mode nobody can read another
    person's results; in proxy mode only the caller's own attempts are returned."""
    employee = proxy_user(request, settings) if settings.identity == "proxy" else None
    rows = await run_in_threadpool(db.attempts_by_id, engine, body.attempt_ids, employee)
    return Lookup(attempts=[attempt_out(row, manifest, settings.timezone) for row in rows])


@router.post(
    "/attempts/completions.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The learner's own file («Last ned resultata mine»)"},
        404: {"description": "None of these attempts is a recorded pass"},
    },
)
async def own_completions(
    body: LookupIn, request: Request, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep
) -> Response:
    """The passed attempts among these ids as the managers' completions CSV (same writer, columns and dialect), for
    the learner's own «Last ned resultata mine». The same rule as /attempts/lookup: in form mode the ids, which
    only the browser that made them knows; in proxy mode only the caller's own."""
    employee = proxy_user(request, settings) if settings.identity == "proxy" else None

    def prepare() -> tuple[bytes, str, int]:
        table = exports.own_completions(settings, engine, manifest, body.attempt_ids, employee)
        out = io.BytesIO()
        count = exports.write(table, "excel", out)
        return out.getvalue(), table.name, count

    content, name, count = await run_in_threadpool(prepare)
    if not count:
        raise HTTPException(404, "Sporingstenesta har ikkje registrert nokon bestått modul for deg enno.")
    return Response(
        content, media_type=media_type("excel"), headers={"Content-Disposition": f'attachment; filename="{name}.csv"'}
    )
