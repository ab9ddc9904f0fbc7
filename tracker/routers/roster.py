"""Importing the roster from HR. Replaces the whole roster; completions are never touched."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from .. import db
from ..deps import EngineDep, ManagerDep
from ..roster import RosterError, parse_roster

router = APIRouter(tags=["roster"])


@router.put("/roster", openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}})
async def import_roster(request: Request, manager: ManagerDep, engine: EngineDep) -> dict:
    """CSV with tilsettnummer, namn, eining, roller and optionally leiar_for. A malformed file is refused whole,
    with its line, and the old roster stays. Only the admin token may do this."""
    if manager.who != "admin-token":
        raise HTTPException(403, "only the admin token may replace the roster")
    try:
        people = parse_roster((await request.body()).decode("utf-8"))
    except UnicodeDecodeError:
        raise HTTPException(422, "the roster must be UTF-8") from None
    except RosterError as exc:
        raise HTTPException(422, f"roster not imported: {exc}") from None
    db.replace_roster(engine, people)
    return {"imported": len(people)}
