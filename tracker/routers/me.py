"""The learner's own record: who the tracker says they are, and their attempts with validity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from .. import db
from ..deps import EngineDep, ManifestDep, SettingsDep, proxy_user
from ..records import attempt_out
from ..schemas import Learner, Me

router = APIRouter(tags=["learner"])


@router.get("/me", response_model=Me)
def me(request: Request, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
       employee: Annotated[str | None, Query(max_length=32, description="Form mode only: the self-declared employee number")] = None) -> Me:
    """In proxy mode the proxy says who is asking; in form mode the page passes the employee number it was given."""
    if settings.identity == "proxy":
        if employee is not None:
            raise HTTPException(422, "employee is set by the intranet's login in proxy mode")
        employee = proxy_user(request, settings)
        person = db.roster_person(engine, employee)
        learner = Learner(employee=employee, name=(person or {}).get("name", ""), unit=(person or {}).get("unit", ""))
    elif not employee:
        return Me(mode=settings.identity, learner=None, attempts=[])
    else:
        learner = None
    rows = db.attempts_of(engine, employee)
    if learner is None and rows:
        learner = Learner(employee=employee, name=rows[-1]["name"], unit=rows[-1]["unit"])
    return Me(mode=settings.identity, learner=learner, attempts=[attempt_out(row, manifest, settings.timezone) for row in rows])
