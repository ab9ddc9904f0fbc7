"""Recording an attempt, the tracker's first use case: checked against the module it claims to be for, scored here
from the manifest's answer key, stored once whatever the number of times it is sent, and answered with its result
and the feedback per question. The HTTP route only says who is asking."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import anyio.to_thread
from sqlalchemy import Engine

from . import db
from .db import GroupWriter
from .manifest import AttemptRejected, Manifest, feedback, is_right, score
from .records import attempt_out
from .schemas import AttemptIn, AttemptResult

# An attempt may wait in a browser for a while before it reaches the tracker, but not for ever.
MAX_AGE = dt.timedelta(days=90)
CLOCK_SKEW = dt.timedelta(minutes=10)


class Refused(Exception):
    """An attempt (or a read confirmation, or a reader's message) that cannot be stored: its HTTP status (409, 422,
    429) and why, in Norwegian for the person who sent it."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Recorded:
    result: AttemptResult
    created: bool  # False: the same attempt was stored before (a repeat gets the same answer)


async def record(
    body: AttemptIn,
    employee: str | None,
    *,
    engine: Engine,
    manifest: Manifest,
    writer: GroupWriter,
    timezone: str,
    unit_from_roster: bool,
) -> Recorded:
    """Store `body` for the learner the login vouches for (`employee`, proxy mode) or the one it declares (form
    mode, `employee` None); raise Refused. A 201 for it means it is on disk."""
    if employee is not None:
        # The login says who this is; a learner in the body is ignored, never refused: a page that could not reach
        # /me (a proxy set up wrong) falls back to the form, and a refusal would make it drop the attempt.
        # Name and unit come from the roster; someone not in it is stored without a unit and shown to the admin as
        # «ikkje i personallista». They are not part of what is compared for a repeat: a roster change between two
        # sends of the same attempt must not turn the repeat into a clash.
        person = await anyio.to_thread.run_sync(db.roster_person, engine, employee) or {"name": "", "unit": ""}
        learner = {"employee": employee, "name": person["name"], "unit": person["unit"]}
        sent = {"employee": employee}
    elif body.learner is None:
        raise Refused(422, "Tilsettnummer, namn og eining manglar (learner).")
    else:
        learner = sent = body.learner.model_dump()

    module = manifest.module(body.module)
    if module is None:
        raise Refused(422, f"Modulen «{body.module}» finst ikkje lenger. Last sida på nytt og ta modulen igjen.")
    if module.version != body.version:
        raise Refused(
            422,
            f"Modulen «{module.title}» er no i versjon {module.version}, ikkje {body.version}. Last sida på nytt og ta modulen igjen.",
        )
    finished_at = dt.datetime.fromisoformat(body.finished_at).astimezone(dt.UTC)
    now = dt.datetime.now(dt.UTC)
    if not now - MAX_AGE <= finished_at <= now + CLOCK_SKEW:
        raise Refused(
            422,
            "Tidspunktet for forsøket er fram i tid eller meir enn 90 dagar sidan. Sjå at klokka på maskina er rett, og ta modulen på nytt.",
        )
    try:
        correct, total, passed = score(module, body.answers)
    except AttemptRejected as exc:
        raise Refused(422, f"Svara passar ikkje til modulen ({exc}). Last sida på nytt og ta modulen igjen.") from None

    canonical = {
        **body.model_dump(exclude={"learner", "finished_at"}),
        "finished_at": finished_at.isoformat(),
        "learner": sent,
    }
    canonical["answers"] = {q: sorted(a) for q, a in sorted(body.answers.items())}
    row = {
        "attempt_id": body.attempt_id,
        **learner,
        "module_id": module.id,
        "module_version": module.version,
        "correct": correct,
        "total": total,
        "score": correct * 100 // total,
        "passed": passed,
        "finished_at": finished_at,
        "recorded_at": now,
        # A hash of what the client sent, not the answers themselves: enough to tell a repeat from a clash.
        "payload_hash": hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
    }
    # What was answered, for the item statistics: per question, not per learner (the attempt says who).
    items = [
        {"question_id": q, "chosen": " ".join(sorted(chosen)), "is_right": is_right(module.questions[q], chosen)}
        for q, chosen in sorted(body.answers.items())
    ]
    # In form mode the unit check goes with the insert, in the same transaction; so do the items.
    stored, created = await asyncio.wrap_future(writer.submit(row, unit_from_roster, items))
    if stored is None:
        raise Refused(
            422, f"Eininga «{learner['unit']}» finst ikkje i personallista. Vel eininga di frå lista og lever på nytt."
        )
    if stored["payload_hash"] != row["payload_hash"]:
        raise Refused(409, "Denne forsøks-id-en er alt brukt til eit anna forsøk. Ta modulen på nytt.")
    # A repeat has the same answers (its payload hash matched), so the feedback is the same too.
    result = AttemptResult.model_validate(
        {
            **attempt_out(stored, manifest, timezone).model_dump(),
            "feedback": feedback(module, body.answers, bool(stored["passed"])),
        }
    )
    return Recorded(result, created)
