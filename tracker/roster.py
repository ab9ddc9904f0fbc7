"""The roster from HR: who works where and in which roles, and which units a leader leads. Read from CSV
(semicolon or comma, with or without BOM); a malformed file is refused whole, naming the line."""

from __future__ import annotations

import csv
import io
import re

from .schemas import _CONTROL

COLUMNS = {"tilsettnummer": "employee", "namn": "name", "eining": "unit", "roller": "roles"}
OPTIONAL = {"leiar_for": "leads"}
_ROLE = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


class RosterError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


def parse_roster(text: str) -> list[dict]:
    """Columns tilsettnummer, namn, eining, roller (role ids separated by spaces or commas) and optionally
    leiar_for (units separated by |)."""
    text = text.removeprefix("\ufeff")
    try:
        return _parse(text)
    except csv.Error as exc:
        raise RosterError(None, f"not a readable CSV file ({exc})") from None


def _parse(text: str) -> list[dict]:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RosterError(1, "the file is empty") from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RosterError(1, f"missing column(s): {', '.join(missing)}; expected tilsettnummer, namn, eining, roller and optionally leiar_for")
    people: dict[str, dict] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise RosterError(line, f"{len(row)} fields, the header has {len(header)}")
        values = dict(zip(header, (cell.strip() for cell in row)))
        person = {key: values[column] for column, key in (COLUMNS | OPTIONAL).items() if column in values}
        person.setdefault("leads", "")
        for key, limit in (("employee", 32), ("name", 120), ("unit", 120)):
            if not person[key] or len(person[key]) > limit or _CONTROL.search(person[key]):
                raise RosterError(line, f"{key} must be 1–{limit} characters without control characters")
        roles = [r for r in re.split(r"[\s,]+", person["roles"]) if r]
        bad = [r for r in roles if not _ROLE.match(r)]
        if not roles or bad:
            raise RosterError(line, f"roller must list role ids such as koordinator or helsepersonell{'; not ' + ', '.join(bad) if bad else ''}")
        person["roles"] = " ".join(roles)
        person["leads"] = "|".join(u.strip() for u in person["leads"].split("|") if u.strip())
        if person["employee"] in people:
            raise RosterError(line, f"tilsettnummer {person['employee']} appears twice")
        people[person["employee"]] = person
    return list(people.values())
