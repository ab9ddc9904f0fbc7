"""The roster from HR: who works where and in which roles, and which units a leader leads. Read from CSV as
Norwegian Excel saves it (UTF-8 with or without BOM, or Windows-1252; semicolon or comma). A file with any
mistake is refused whole, naming the line and what to do, so that nobody silently drops out of the reports."""

from __future__ import annotations

import csv
import io
import re

from .schemas import _CONTROL

COLUMNS = {"tilsettnummer": "employee", "namn": "name", "eining": "unit", "roller": "roles"}
OPTIONAL = {"leiar_for": "leads"}
EMPTY = (
    "Fila har berre overskrifter og ingen personar. Ei tom personalliste ville ta bort alle, og med dei kven som er "
    "leiar for kva eining og kven som manglar opplæring; sjå om uttrekket frå HR vart tomt. Skal personallista "
    "tømmast med vilje, køyr «koord-tracker empty-roster --confirm» på tenaren."
)
LIMITS = {"employee": ("tilsettnummer", 32), "name": ("namn", 120), "unit": ("eining", 120)}


class RosterError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(f"Linje {line}: {message}" if line else message)
        self.line = line


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Excel's «CSV (semikolondelt)» writes Windows-1252; «CSV UTF-8» writes UTF-8 with BOM.
    Bytes that are not UTF-8 are read as Windows-1252, which is what such a file is in practice here."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise RosterError(
            None,
            "Fila er verken UTF-8 eller Windows-1252. Opne ho i Excel og vel «Lagre som» → «CSV UTF-8 (kommadelt)».",
        ) from None


def parse_roster(text: str, known_roles: set[str]) -> list[dict]:
    """Columns tilsettnummer, namn, eining, roller (role ids separated by spaces or commas) and optionally
    leiar_for (units separated by |). Every role must be one the site describes, and every unit in leiar_for
    must be a unit someone in the file works in."""
    text = text.removeprefix("\ufeff")
    try:
        people, lines = _parse(text, known_roles)
    except csv.Error:
        # The csv module's own words are English and technical; the fix is the same whatever it found.
        raise RosterError(
            None,
            "Fila er ikkje ei CSV-fil som kan lesast. Opne ho i Excel og lagre ho på nytt som «CSV UTF-8 (kommadelt)».",
        ) from None
    if not people:
        # An HR export that came out empty would otherwise remove everyone, every leiar_for and so every manager's
        # access: emptying the roster is a command of its own.
        raise RosterError(None, EMPTY)
    units = {p["unit"] for p in people}
    for person in people:
        unknown = [u for u in person["leads"].split("|") if u and u not in units]
        if unknown:
            raise RosterError(
                lines[person["employee"]],
                f"leiar_for nemner {', '.join(f'«{u}»' for u in unknown)}, men ingen i lista arbeider i den eininga. Sjå etter skrivefeil; einingane i fila er: {', '.join(sorted(units))}.",
            )
    return people


def _parse(text: str, known_roles: set[str]) -> tuple[list[dict], dict[str, int]]:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RosterError(
            1, "Fila er tom. Den første linja skal vere overskriftene tilsettnummer;namn;eining;roller;leiar_for."
        ) from None
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise RosterError(1, f"Kolonnen {', '.join(twice)} står meir enn éin gong. Ta bort den eine.")
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS and h not in OPTIONAL]
    if missing or unknown:
        what = "; ".join(
            filter(
                None,
                [f"manglar {', '.join(missing)}" if missing else "", f"ukjend {', '.join(unknown)}" if unknown else ""],
            )
        )
        raise RosterError(
            1, f"Overskriftene er feil ({what}). Bruk tilsettnummer, namn, eining, roller og eventuelt leiar_for."
        )
    roles_hint = ", ".join(sorted(known_roles))
    people: dict[str, dict] = {}
    lines: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise RosterError(
                line,
                f"{len(row)} felt, men overskrifta har {len(header)}. Sjå etter eit semikolon eller komma for mykje eller for lite.",
            )
        values = dict(zip(header, (cell.strip() for cell in row), strict=True))
        person = {key: values[column] for column, key in (COLUMNS | OPTIONAL).items() if column in values}
        person.setdefault("leads", "")
        for key, (column, limit) in LIMITS.items():
            if not person[key] or len(person[key]) > limit or _CONTROL.search(person[key]):
                raise RosterError(line, f"{column} må ha 1–{limit} teikn utan kontrollteikn.")
        roles = [r for r in re.split(r"[\s,]+", person["roles"]) if r]
        bad = [r for r in roles if r not in known_roles]
        if not roles or bad:
            got = f"«{', '.join(bad)}» er ikkje ei rolle på nettstaden. " if bad else "Ingen roller. "
            raise RosterError(line, f"{got}Bruk rolle-id-ane {roles_hint} (fleire med mellomrom).")
        person["roles"] = " ".join(roles)
        person["leads"] = "|".join(u.strip() for u in person["leads"].split("|") if u.strip())
        if person["employee"] in people:
            raise RosterError(
                line,
                f"Tilsettnummeret {person['employee']} står òg på linje {lines[person['employee']]}. Kvar person skal stå éin gong.",
            )
        people[person["employee"]] = person
        lines[person["employee"]] = line
    return list(people.values()), lines
