"""A learner's printed receipt checked against the tracker's record: a manager types what the paper says, and the
tracker says whether it matches the attempt with that id. A receipt made or changed in a browser does not match."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from . import db
from .validity import local_date

# The receipt's fields as the paper names them.
NAMES = {
    "employee": "tilsettnummer",
    "module": "modul-id",
    "version": "versjon",
    "score": "resultat (%)",
    "date": "dato",
}


def check(engine: Engine, timezone: str, attempt_id: str, claimed: dict[str, str]) -> list[str]:
    """What differs between the receipt (`claimed`: employee, module, version, score, date) and the record, in words;
    empty when it matches. An unknown id is one difference."""
    with engine.connect() as connection:
        row = connection.execute(select(db.attempts).where(db.attempts.c.attempt_id == attempt_id)).mappings().first()
    if row is None:
        return [f"ingen registrering har id-en {attempt_id}"]
    if not row["passed"]:
        return ["forsøket med denne id-en er ikkje bestått"]
    record = {
        "employee": row["employee"],
        "module": row["module_id"],
        "version": row["module_version"],
        "score": str(row["score"]),
        "date": local_date(db.utc(row["finished_at"]), timezone).isoformat(),
    }
    return [
        f"{NAMES[key]}: kvitteringa seier «{value}», registreringa «{record[key]}»"
        for key, value in claimed.items()
        if value is not None and value.strip() != record[key]
    ]


def parse_date(text: str) -> str:
    """A receipt's date as printed (dd.mm.åååå) or as ISO 8601, as ISO 8601."""
    for form in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), form).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"«{text}» er ikkje ein dato: skriv dd.mm.åååå som på kvitteringa")
