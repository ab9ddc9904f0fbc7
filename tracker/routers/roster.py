"""Importing the roster from HR, and the list of units the learner form offers. Replacing the roster never
touches completions."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from .. import db
from ..deps import EngineDep, ManagerDep, ManifestDep
from ..roster import RosterError, decode, parse_roster
from ..schemas import Units

router = APIRouter(tags=["roster"])


@router.put(
    "/roster",
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}},
)
async def import_roster(request: Request, manager: ManagerDep, engine: EngineDep, manifest: ManifestDep) -> dict:
    """CSV with tilsettnummer, namn, eining, roller and optionally leiar_for, UTF-8 or Windows-1252. A file with any
    mistake is refused whole, with its line, and the old roster stays. Only the admin token may do this."""
    if not manager.admin:
        raise HTTPException(403, "Berre den som har admin-token, kan lese inn personallista.")
    try:
        text, encoding = decode(await request.body())
        people = parse_roster(text, manifest.role_ids)
    except RosterError as exc:
        raise HTTPException(422, f"Personallista er ikkje lesen inn, og den gamle gjeld framleis. {exc}") from None
    await run_in_threadpool(db.replace_roster, engine, people)
    return {"imported": len(people), "encoding": encoding}


@router.get("/units", response_model=Units)
async def units(engine: EngineDep) -> Units:
    """The units in the roster, for the learner form to choose from (empty without a roster)."""
    return Units(units=await run_in_threadpool(db.roster_units, engine))
