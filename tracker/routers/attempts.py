"""Recording an attempt: idempotent by the client's attempt id, scored here from the manifest's answer key."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import json

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import db, exports
from ..csvout import media_type
from ..deps import EngineDep, ManifestDep, SettingsDep, proxy_user
from ..manifest import AttemptRejected, feedback, score
from ..records import attempt_out
from ..schemas import AttemptIn, AttemptResult, Lookup, LookupIn

router = APIRouter(tags=["attempts"])
# An attempt may wait in a browser for a while before it reaches the tracker, but not for ever.
MAX_AGE = dt.timedelta(days=90)
CLOCK_SKEW = dt.timedelta(minutes=10)
_BUSY = {503: {"description": "The database is busy (locked by another writer): send the same attempt again after Retry-After seconds"}}


@router.post("/attempts", status_code=201, response_model=AttemptResult, responses={
    409: {"description": "The attempt id was used for a different attempt"}, 422: {"description": "The attempt does not fit the module"}, **_BUSY})
async def record_attempt(body: AttemptIn, request: Request, response: Response, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep) -> AttemptResult:
    """Record a finished attempt and answer with its score and the feedback per question (the page carries no
    answer key where the tracker scores). Sending the same attempt again, in any order or at the same time, stores
    it once and gets the same answer. A 201 means it is on disk."""
    if settings.identity == "proxy":
        # The login says who this is; a learner in the body is ignored, never refused: a page that could not reach
        # /me (a proxy set up wrong) falls back to the form, and a refusal would make it drop the attempt.
        employee = proxy_user(request, settings)
        # Name and unit come from the roster; someone not in it is stored without a unit and shown to the admin as
        # «ikkje i personallista». They are not part of what is compared for a repeat: a roster change between two
        # sends of the same attempt must not turn the repeat into a clash.
        person = await run_in_threadpool(db.roster_person, engine, employee) or {"name": "", "unit": ""}
        learner = {"employee": employee, "name": person["name"], "unit": person["unit"]}
        sent = {"employee": employee}
    elif body.learner is None:
        raise HTTPException(422, "Tilsettnummer, namn og eining manglar (learner).")
    else:
        learner = sent = body.learner.model_dump()

    module = manifest.module(body.module)
    if module is None:
        raise HTTPException(422, f"Modulen «{body.module}» finst ikkje lenger. Last sida på nytt og ta modulen igjen.")
    if module.version != body.version:
        raise HTTPException(422, f"Modulen «{module.title}» er no i versjon {module.version}, ikkje {body.version}. Last sida på nytt og ta modulen igjen.")
    finished_at = dt.datetime.fromisoformat(body.finished_at).astimezone(dt.UTC)
    now = dt.datetime.now(dt.UTC)
    if not now - MAX_AGE <= finished_at <= now + CLOCK_SKEW:
        raise HTTPException(422, "Tidspunktet for forsøket er fram i tid eller meir enn 90 dagar sidan. Sjå at klokka på maskina er rett, og ta modulen på nytt.")
    try:
        correct, total, passed = score(module, body.answers)
    except AttemptRejected as exc:
        raise HTTPException(422, f"Svara passar ikkje til modulen ({exc}). Last sida på nytt og ta modulen igjen.") from None

    canonical = {**body.model_dump(exclude={"learner", "finished_at"}), "finished_at": finished_at.isoformat(), "learner": sent}
    canonical["answers"] = {q: sorted(a) for q, a in sorted(body.answers.items())}
    row = {
        "attempt_id": body.attempt_id, **learner, "module_id": module.id, "module_version": module.version,
        "correct": correct, "total": total, "score": correct * 100 // total, "passed": passed,
        "finished_at": finished_at, "recorded_at": now,
        "payload_hash": hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
    }
    # In form mode the unit check goes with the insert, in the same transaction.
    stored, created = await asyncio.wrap_future(request.app.state.writer.submit(row, settings.identity == "form"))
    if stored is None:
        raise HTTPException(422, f"Eininga «{learner['unit']}» finst ikkje i personallista. Vel eininga di frå lista og lever på nytt.")
    if stored["payload_hash"] != row["payload_hash"]:
        raise HTTPException(409, "Denne forsøks-id-en er alt brukt til eit anna forsøk. Ta modulen på nytt.")
    if not created:
        response.headers["Idempotent-Replay"] = "true"
    # A repeat has the same answers (its payload hash matched), so the feedback is the same too.
    return AttemptResult(**attempt_out(stored, manifest, settings.timezone).model_dump(), feedback=feedback(module, body.answers, bool(stored["passed"])))


@router.post("/attempts/lookup", response_model=Lookup)
async def lookup(body: LookupIn, request: Request, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep) -> Lookup:
    """Which of these attempts the tracker holds, with validity worked out here (in the tracker's time zone). The
    ids are random and only the browser that made them knows them, so in form mode nobody can read another
    person's results; in proxy mode only the caller's own attempts are returned."""
    employee = proxy_user(request, settings) if settings.identity == "proxy" else None
    rows = await run_in_threadpool(db.attempts_by_id, engine, body.attempt_ids, employee)
    return Lookup(attempts=[attempt_out(row, manifest, settings.timezone) for row in rows])


@router.post("/attempts/completions.csv", response_class=Response, responses={
    200: {"content": {"text/csv": {}}, "description": "The learner's own file («Last ned resultata mine»)"},
    404: {"description": "None of these attempts is a recorded pass"}})
async def own_completions(body: LookupIn, request: Request, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep) -> Response:
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
    return Response(content, media_type=media_type("excel"), headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
