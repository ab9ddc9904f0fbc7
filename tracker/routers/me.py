"""The learner's own record. Only in proxy mode does the tracker know who is asking; in form mode it says so and
shows nothing, since a self-declared employee number proves nothing (see /attempts/lookup)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from .. import confirmations, db
from ..deps import EngineDep, ManifestDep, SettingsDep, proxy_user
from ..records import attempt_out
from ..schemas import Learner, Me

router = APIRouter(tags=["learner"])


@router.get("/me", response_model=Me)
async def me(request: Request, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep) -> Me:
    """Who the intranet's login says is asking, their attempts with validity, and their read confirmation of the
    guideline version in force."""
    if settings.identity != "proxy":
        return Me(mode=settings.identity, learner=None, attempts=[])
    employee = proxy_user(request, settings)
    person = await run_in_threadpool(db.roster_person, engine, employee)
    rows = await run_in_threadpool(db.attempts_of, engine, employee)
    # Someone the roster does not know: their attempts are recorded all the same, and the page tells them to
    # have HR add them, rather than showing a blank name and unit.
    learner = Learner(
        employee=employee,
        name=(person or {}).get("name", ""),
        unit=(person or {}).get("unit", ""),
        listed=person is not None,
    )
    read = await run_in_threadpool(confirmations.state, engine, manifest, employee, person, settings.timezone)
    return Me(
        mode=settings.identity,
        learner=learner,
        attempts=[attempt_out(row, manifest, settings.timezone) for row in rows],
        read_confirmation=read,
    )
