"""Read confirmations of the guideline (tracker/confirmations.py): recording one, and the browser's lookup of its
own. The managers' report on them is with the other reports."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import confirmations, db
from ..attempts import Refused
from ..deps import EngineDep, ManifestDep, SettingsDep, proxy_user
from ..schemas import ConfirmationFound, ConfirmationIn, ConfirmationLookupIn, ConfirmationOut

router = APIRouter(tags=["read confirmations"])


@router.post(
    "/read-confirmations",
    status_code=201,
    response_model=ConfirmationOut,
    responses={
        200: {"model": ConfirmationOut, "description": "Stored before: the same id, or the same person and version"},
        409: {"description": "Not the version in force, or the id was used for another confirmation"},
        422: {"description": "Who is missing (form mode), a unit not in the roster, or a time far off"},
    },
)
async def confirm(
    body: ConfirmationIn,
    request: Request,
    response: Response,
    settings: SettingsDep,
    engine: EngineDep,
    manifest: ManifestDep,
) -> ConfirmationOut:
    """Record that the person has read the guideline version in force. Sent again, with the same id or by the
    same person for the same version, it is stored once and answered 200 with the first."""
    employee = proxy_user(request, settings) if settings.identity == "proxy" else None
    try:
        stored, created = await confirmations.confirm(
            body,
            employee,
            engine=engine,
            manifest=manifest,
            timezone=settings.timezone,
            unit_from_roster=settings.identity == "form",
        )
    except Refused as exc:
        raise HTTPException(exc.status, exc.message) from None
    if not created:
        response.status_code = 200
    return stored


@router.post("/read-confirmations/lookup", response_model=list[ConfirmationFound])
async def lookup(
    body: ConfirmationLookupIn, request: Request, settings: SettingsDep, engine: EngineDep
) -> list[ConfirmationFound]:
    """Which of these confirmations the tracker holds: as /attempts/lookup, the ids only the browser that made
    them knows, and in proxy mode only the caller's own."""
    employee = proxy_user(request, settings) if settings.identity == "proxy" else None
    rows = await run_in_threadpool(db.confirmations_by_id, engine, body.confirmation_ids, employee)
    return confirmations.found(rows, settings.timezone)
