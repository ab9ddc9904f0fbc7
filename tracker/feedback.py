"""Readers' messages to the editors: what is wrong or unclear on a page of the guideline, a patient page or a
module. Stored once whatever the number of times the browser sends one, at most PER_DAY new ones a local day from
one sender, and never with an identity number in them (the schema refuses those, naming the field and never the
value, before anything here runs). The text is kept as the reader wrote it; whoever shows it escapes it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import anyio.to_thread
from sqlalchemy import Engine

from . import db
from .attempts import Refused
from .records import local
from .schemas import FeedbackChange, FeedbackIn, FeedbackItem, FeedbackReceived

PER_DAY = 20
NEW = "ny"
# What makes a message the same message: sent again, it must say the same.
_SAME = ("page", "section", "guideline_version", "text", "reply_to")


def start_of_day(now: dt.datetime, timezone: str) -> dt.datetime:
    """Midnight of today in the tracker's time zone, in UTC."""
    zone = ZoneInfo(timezone)
    return dt.datetime.combine(now.astimezone(zone).date(), dt.time(), zone).astimezone(dt.UTC)


async def receive(body: FeedbackIn, sender: str, *, engine: Engine, timezone: str) -> tuple[FeedbackReceived, bool]:
    """Store the message from `sender` (the login's user, or in form mode the client's address); return when it
    was received and whether this call stored it, or raise Refused (409 a different message with the same id,
    429 the daily limit)."""
    now = dt.datetime.now(dt.UTC)
    row = {
        **body.model_dump(include=set(_SAME) | {"feedback_id"}),
        "sender": sender,
        "received_at": now,
        "status": NEW,
        "note": "",
    }
    stored, created = await anyio.to_thread.run_sync(
        db.store_feedback, engine, row, PER_DAY, start_of_day(now, timezone)
    )
    if stored is None:
        raise Refused(
            429,
            f"Du har sendt {PER_DAY} meldingar i dag, som er det meste ein kan sende på ein dag. Send fleire i morgon, "
            "eller ta kontakt med redaktørane på anna vis.",
        )
    if any(stored[key] != row[key] for key in _SAME):
        raise Refused(409, "Denne id-en er alt brukt til ei anna melding. Last sida på nytt og send meldinga på nytt.")
    return FeedbackReceived(
        feedback_id=stored["feedback_id"], received_at=local(stored["received_at"], timezone)
    ), created


def item(row: dict, timezone: str) -> FeedbackItem:
    changes = [
        FeedbackChange(status=c["status"], note=c["note"], by=c["who"], at=local(c["at"], timezone))
        for c in row["changes"]
    ]
    return FeedbackItem(
        **{k: v for k, v in row.items() if k != "changes"} | {"received_at": local(row["received_at"], timezone)},
        changes=changes,
    )


def listed(engine: Engine, timezone: str) -> list[FeedbackItem]:
    return [item(row, timezone) for row in db.all_feedback(engine)]
