"""Recording an attempt: idempotent by the client's attempt id, scored here from the manifest's answer key."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from fastapi import APIRouter, HTTPException, Request, Response

from .. import db
from ..deps import EngineDep, ManifestDep, SettingsDep, proxy_user
from ..manifest import AttemptRejected, score
from ..records import attempt_out
from ..schemas import AttemptIn, AttemptOut

router = APIRouter(tags=["attempts"])
# An attempt may wait in a browser for a while before it reaches the tracker, but not for ever.
MAX_AGE = dt.timedelta(days=90)
CLOCK_SKEW = dt.timedelta(minutes=10)


@router.post("/attempts", status_code=201, response_model=AttemptOut, responses={409: {"description": "The attempt id was used for a different attempt"}, 422: {"description": "The attempt does not fit the module"}})
async def record_attempt(body: AttemptIn, request: Request, response: Response, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep) -> AttemptOut:
    """Record a finished attempt. Sending the same attempt again, in any order or at the same time, stores it
    once and gets the same answer."""
    if settings.identity == "proxy":
        if body.learner is not None:
            raise HTTPException(422, "learner is set by the intranet's login in proxy mode; do not send it")
        employee = proxy_user(request, settings)
        person = await db.run(engine, db.roster_person, engine, employee) or {"name": "", "unit": ""}
        learner = {"employee": employee, "name": person["name"], "unit": person["unit"]}
    elif body.learner is None:
        raise HTTPException(422, "learner (employee, name, unit) is required")
    else:
        learner = body.learner.model_dump()

    module = manifest.module(body.module)
    if module is None:
        raise HTTPException(422, f"unknown module «{body.module}»")
    if module.version != body.version:
        raise HTTPException(422, f"module «{module.id}» is at version {module.version}, not {body.version}: reload the page and take it again")
    finished_at = dt.datetime.fromisoformat(body.finished_at).astimezone(dt.UTC)
    now = dt.datetime.now(dt.UTC)
    if not now - MAX_AGE <= finished_at <= now + CLOCK_SKEW:
        raise HTTPException(422, "finished_at is in the future or more than 90 days ago")
    try:
        correct, total, passed = score(module, body.answers)
    except AttemptRejected as exc:
        raise HTTPException(422, str(exc)) from None

    canonical = {**body.model_dump(exclude={"learner", "finished_at"}), "finished_at": finished_at.isoformat(), "learner": learner}
    canonical["answers"] = {q: sorted(a) for q, a in sorted(body.answers.items())}
    row = {
        "attempt_id": body.attempt_id, **learner, "module_id": module.id, "module_version": module.version,
        "correct": correct, "total": total, "score": correct * 100 // total, "passed": passed,
        "finished_at": finished_at, "recorded_at": now,
        "payload_hash": hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
    }
    stored, created = await db.run(engine, db.insert_attempt_once, engine, row)
    if stored["payload_hash"] != row["payload_hash"]:
        raise HTTPException(409, "this attempt_id was already used for a different attempt; make a new id")
    if not created:
        response.headers["Idempotent-Replay"] = "true"
    return attempt_out(stored, manifest, settings.timezone)
