"""Confirming that one has read the guideline version in force: checked against the manifest's version, stored
once per person and version whatever the number of times it is sent, and who must confirm worked out from the
roster's roles the way a module's learners are (records.concerns). A new major version asks everyone again; a
minor one does not, so a confirmation counts for every version with its major number."""

from __future__ import annotations

import datetime as dt

import anyio.to_thread
from sqlalchemy import Engine

from . import db
from .attempts import CLOCK_SKEW, MAX_AGE, Refused
from .manifest import Manifest
from .records import concerns, local
from .schemas import (
    ConfirmationFound,
    ConfirmationIn,
    ConfirmationOut,
    ConfirmationRow,
    Confirmed,
    NotConfirmed,
    ReadConfirmation,
)


async def confirm(
    body: ConfirmationIn,
    employee: str | None,
    *,
    engine: Engine,
    manifest: Manifest,
    timezone: str,
    unit_from_roster: bool,
) -> tuple[ConfirmationOut, bool]:
    """Store the confirmation for the person the login vouches for (`employee`, proxy mode) or the one the body
    declares (form mode); return it and whether this call stored it, or raise Refused."""
    if manifest.guideline is None:
        raise Refused(
            409,
            "Nettstaden har inga retningslinje i kraft som kan stadfestast. Last sida på nytt; held det fram, sei frå til redaktørane.",
        )
    if body.version != manifest.guideline.version:
        raise Refused(
            409,
            f"Versjon {manifest.guideline.version} av retningslinja er i kraft no, ikkje {body.version}. "
            "Last sida på nytt, les den nye versjonen og stadfest han.",
        )
    if employee is not None:
        # As for an attempt: the login says who, the roster gives name and unit; a learner in the body is ignored.
        person = await anyio.to_thread.run_sync(db.roster_person, engine, employee) or {"name": "", "unit": ""}
        learner = {"employee": employee, "name": person["name"], "unit": person["unit"]}
    elif body.learner is None:
        raise Refused(422, "Tilsettnummer, namn og eining manglar (learner).")
    else:
        learner = body.learner.model_dump()
    confirmed_at = dt.datetime.fromisoformat(body.confirmed_at).astimezone(dt.UTC)
    now = dt.datetime.now(dt.UTC)
    if not now - MAX_AGE <= confirmed_at <= now + CLOCK_SKEW:
        raise Refused(
            422,
            "Tidspunktet for stadfestinga er fram i tid eller meir enn 90 dagar sidan. Sjå at klokka på maskina er rett, og stadfest på nytt.",
        )
    row = {
        "confirmation_id": body.confirmation_id,
        **learner,
        "version": body.version,
        "confirmed_at": confirmed_at,
        "recorded_at": now,
    }
    stored, created = await anyio.to_thread.run_sync(db.store_confirmation, engine, row, unit_from_roster)
    if stored is None:
        raise Refused(
            422,
            f"Eininga «{learner['unit']}» finst ikkje i personallista. Vel eininga di frå lista og stadfest på nytt.",
        )
    if stored["employee"] != row["employee"] or stored["version"] != row["version"]:
        raise Refused(409, "Denne id-en er alt brukt til ei anna stadfesting. Last sida på nytt og stadfest på nytt.")
    edition = (manifest.edition or {}).get("name")
    return ConfirmationOut(
        confirmation_id=stored["confirmation_id"],
        employee=stored["employee"],
        version=stored["version"],
        confirmed_at=local(stored["confirmed_at"], timezone),
        edition_name=edition,
    ), created


def found(rows: list[dict], timezone: str) -> list[ConfirmationFound]:
    return [
        ConfirmationFound(
            confirmation_id=r["confirmation_id"], version=r["version"], confirmed_at=local(r["confirmed_at"], timezone)
        )
        for r in rows
    ]


def state(
    engine: Engine, manifest: Manifest, employee: str, person: dict | None, timezone: str
) -> ReadConfirmation | None:
    """What «Mine kurs» shows: the version in force, whether this person must confirm it, and their confirmation."""
    guideline = manifest.guideline
    if guideline is None:
        return None
    mine = db.confirmations_of_major(engine, guideline.major, employee).get(employee)
    return ReadConfirmation(
        version_in_force=guideline.version,
        must_confirm=person is not None and concerns(person, guideline.read_confirmation_roles),
        confirmed=Confirmed(version=mine["version"], confirmed_at=local(mine["confirmed_at"], timezone))
        if mine
        else None,
    )


def report(
    manifest: Manifest, people: list[dict], confirmed: dict[str, dict], units: list[str] | None
) -> list[ConfirmationRow]:
    """Per unit with someone who must confirm: how many must, how many have (the version in force's major), and
    who has not, by name."""
    roles = manifest.guideline.read_confirmation_roles if manifest.guideline else []
    groups: dict[str, list[dict]] = {}
    for person in people:
        if (units is None or person["unit"] in units) and concerns(person, roles):
            groups.setdefault(person["unit"], []).append(person)
    return [
        ConfirmationRow(
            unit=unit,
            must_confirm=len(members),
            confirmed=sum(p["employee"] in confirmed for p in members),
            missing=[
                NotConfirmed(employee=p["employee"], name=p["name"])
                for p in sorted(members, key=lambda p: (p["name"], p["employee"]))
                if p["employee"] not in confirmed
            ],
        )
        for unit, members in sorted(groups.items())
    ]
