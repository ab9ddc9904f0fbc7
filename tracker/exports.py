"""The files managers download, completions, the missing list and the read confirmations, and the files editors
download, the item statistics and the readers' messages, built once for the API and the command line. Each is a
header, a kind per column and a stream of rows; csvout and xlsxout turn that into a file."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from . import db
from .csvout import write_csv
from .manifest import Manifest
from .records import compliance, concerns, today
from .settings import Settings
from .validity import completion_status_for_day
from .xlsxout import write_xlsx

log = logging.getLogger("tracker.exports")
Format = Literal["excel", "rfc4180", "xlsx"]
# Attempts by people the roster does not know (proxy mode) carry no unit; the files say so in its place.
UNLISTED = "(ikkje i personallista)"
QUARTER = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Table:
    name: str  # file and sheet name
    header: list[str]
    kinds: list[str]  # per column: id (text a spreadsheet would misread), text, int, date
    rows: Iterator[tuple]


Report = Literal["completions", "missing", "items", "feedback", "read-confirmations"]


@dataclass(frozen=True)
class ExportRequest:
    """What a manager (through the API) or IT (through the command line) asks for: which file, in which format, for
    which unit, module and dates (the dates for completions only)."""

    report: Report
    fmt: Format
    unit: str | None = None
    module: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    attempts: Literal["first", "all"] = "first"  # for the item statistics: each person's first attempt, or all

    def filters(self) -> dict:
        """As the export log records them."""
        if self.report == "items":
            return {"module": self.module, "attempts": self.attempts, "format": self.fmt}
        if self.report == "feedback":
            return {"format": self.fmt}
        if self.report == "read-confirmations":
            return {"unit": self.unit, "format": self.fmt}
        dates = {"from": self.start, "to": self.end} if self.report == "completions" else {}
        return {"unit": self.unit, "module": self.module, "format": self.fmt} | dates


class FilterError(LookupError):
    """A unit or module filter that matches nothing: said plainly, never answered with an empty file."""


def check_filters(engine: Engine, manifest: Manifest, unit: str | None, module: str | None) -> None:
    if module and manifest.module(module) is None:
        known = ", ".join(m.id for m in manifest.modules)
        raise FilterError(f"Ingen modul med id-en «{module}». Modulane er: {known}.")
    if unit and not db.unit_known(engine, unit):
        raise FilterError(
            f"Ingen eining med det namnet: «{unit}». Vel ei eining frå lista, eller sjå etter skrivefeil."
        )


def begin(engine: Engine, manifest: Manifest, who: str, request: ExportRequest) -> None:
    """The first half of every export, for the API and the command line alike: a filter that matches nothing is
    refused (FilterError), and the export is logged before anything is prepared."""
    check_filters(engine, manifest, request.unit, request.module)
    audit(engine, who, request.report, request.filters())


def table(
    settings: Settings, engine: Engine, manifest: Manifest, units: list[str] | None, request: ExportRequest
) -> Table:
    """The second half: the file's table, for the units the caller may see (None: every unit)."""
    if request.report == "completions":
        return completions(settings, engine, manifest, units, request.module, request.start, request.end)
    if request.report == "items":
        return items(engine, manifest, request.module, request.attempts)
    if request.report == "feedback":
        return feedback_messages(settings, engine)
    if request.report == "read-confirmations":
        return read_confirmations(settings, engine, manifest, units)
    return missing(settings, engine, manifest, units, request.module)


def audit(engine: Engine, who: str, what: str, filters: dict) -> None:
    text = json.dumps({k: str(v) for k, v in filters.items() if v is not None}, ensure_ascii=False, sort_keys=True)
    db.log_export(engine, who, what, text)
    log.info("export %s by %s with filter %s", what, who, text)


# The completions file's columns: the managers' file and the learner's own («Last ned resultata mine») alike.
COMPLETIONS = [
    "Namn",
    "Tilsettnummer",
    "Eining",
    "Modul-id",
    "Modul",
    "Versjon",
    "Resultat (%)",
    "Dato",
    "Tidspunkt (ISO 8601)",
    "Gyldig til",
    "Status",
]
COMPLETION_KINDS = ["text", "id", "text", "text", "text", "id", "int", "date", "text", "date", "text"]


def completions(
    settings: Settings,
    engine: Engine,
    manifest: Manifest,
    units: list[str] | None,
    module: str | None,
    start: dt.date | None,
    end: dt.date | None,
) -> Table:
    """Passed attempts with valid until and status, oldest first."""
    zone = ZoneInfo(settings.timezone)
    # Stored times are UTC; compare in UTC so that SQLite, which keeps no time zone, filters the same as PostgreSQL.
    since = dt.datetime.combine(start, dt.time(), zone).astimezone(dt.UTC) if start else None
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC) if end else None
    return _completions(
        "gjennomforingar", settings, manifest, db.stream_completions(engine, units, module, since, until)
    )


def own_completions(
    settings: Settings, engine: Engine, manifest: Manifest, attempt_ids: list[str], employee: str | None
) -> Table:
    """The learner's own file: the passed attempts among these ids (of this employee only, when the login says who
    it is), in the managers' columns and dialect."""
    rows = [r for r in db.attempts_by_id(engine, attempt_ids, employee) if r["passed"]]
    rows.sort(key=lambda r: (db.utc(r["finished_at"]), r["attempt_id"]))
    people = {r["employee"] for r in rows}
    name = f"opplaering-{file_safe(people.pop())}" if len(people) == 1 else "opplaering"
    stored = (
        (r["employee"], r["name"], r["unit"], r["module_id"], r["module_version"], r["score"], r["finished_at"])
        for r in rows
    )
    return _completions(name, settings, manifest, stored)


def file_safe(text: str) -> str:
    """A file name part from an employee number (which a proxy's login may fill with any printable character);
    the page names its own file the same way."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)


def _completions(name: str, settings: Settings, manifest: Manifest, stored) -> Table:
    """(employee, name, unit, module id, version, score, finished at) as the completions table.

    This is the one loop that runs a million times in a large export, so it works on plain tuples, works out each
    (module, version, local day) only once, and finds the local time without a time zone lookup per row: see
    `_quarter`."""
    zone = ZoneInfo(settings.timezone)
    titles = {m.id: m.title for m in manifest.modules}
    now = today(settings.timezone)

    @functools.cache
    def validity(module_id: str, version: str, day: dt.date) -> tuple[dt.date | None, str]:
        return completion_status_for_day(day, version, manifest.module(module_id), now)

    def rows():
        first = last = dt.datetime.max  # the quarter hour the offset below holds for; none yet
        shift, offset = dt.timedelta(), ""
        for employee, person, unit, module_id, version, score, finished_at in stored:
            if finished_at.tzinfo is not None:  # PostgreSQL; SQLite gives naive UTC
                finished_at = finished_at.astimezone(dt.UTC).replace(tzinfo=None)
            if not first <= finished_at < last:
                first, last, shift, offset = _quarter(finished_at, zone)
            local = finished_at + shift  # naive local time
            day = local.date()
            valid_until, status = validity(module_id, version, day)
            yield (
                person,
                employee,
                unit or UNLISTED,
                module_id,
                titles.get(module_id, ""),
                version,
                score,
                day,
                local.isoformat()[:19] + offset,
                valid_until,
                status,
            )

    # Not the employee number first: see csvout on the first column.
    return Table(name, COMPLETIONS, COMPLETION_KINDS, rows())


def _quarter(moment: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime, dt.timedelta, str]:
    """The quarter hour (naive UTC) that holds `moment`, the zone's offset from UTC during it, and that offset as
    ISO 8601 writes it ("+01:00").

    Every zone's offset has changed only on a quarter hour of UTC time since the 1970s, so it is the same for every
    moment in a quarter hour. Adding it to naive UTC and writing the naive time's isoformat costs half of what
    astimezone() and an aware isoformat() do per row."""
    first = moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)
    local = first.replace(tzinfo=dt.UTC).astimezone(zone)
    offset = local.utcoffset()
    assert offset is not None, "a ZoneInfo always has an offset"
    return first, first + QUARTER, offset, local.isoformat()[19:]


def missing(
    settings: Settings, engine: Engine, manifest: Manifest, units: list[str] | None, module: str | None
) -> Table:
    """One row per person who must complete a module and holds no valid completion (utgått or manglar)."""
    people = db.roster_people(engine)
    latest = db.latest_passes(engine, [p["employee"] for p in people if units is None or p["unit"] in units])
    groups = compliance(manifest, people, latest, settings.timezone, units, module)
    rows = (
        (
            g.unit,
            g.module,
            g.module_title,
            m.employee,
            m.name,
            m.status,
            m.valid_until,
            g.required,
            g.valid,
            len(g.missing),
        )
        for g in groups
        for m in g.missing
    )
    return Table(
        "manglar",
        [
            "Eining",
            "Modul-id",
            "Modul",
            "Tilsettnummer",
            "Namn",
            "Status",
            "Gyldig til",
            "Skal ta modulen (eininga)",
            "Gyldig (eininga)",
            "Manglar eller utgått (eininga)",
        ],
        ["text", "text", "text", "id", "text", "text", "date", "int", "int", "int"],
        rows,
    )


ITEMS = [
    "Nivå",
    "Modul-id",
    "Versjon",
    "Id",
    "Tittel",
    "Forsøk (svar for ein bolk)",
    "Bestått (%)",
    "Snittskåre (%)",
    "Del rett (%)",
    "Diskriminering",
    "Cronbachs alfa (KR-20)",
    "Alternativ (del som vel det)",
    "Flagg",
]
ITEM_KINDS = ["text", "text", "id", "text", "text", "int", "int", "int", "int", "decimal", "decimal", "text", "text"]


def items(engine: Engine, manifest: Manifest, module_id: str | None, rule: Literal["first", "all"]) -> Table:
    """The item statistics of one module as one table: a row per version (the module's figures), then per question
    and per cited section of the current version (itemstats). No name, no employee number, no unit; an empty cell
    where there are too few attempts for a figure."""
    from . import itemstats

    module = manifest.module(module_id or "")
    assert module is not None, "the route and the command line check the module before they ask"
    report = itemstats.compute(engine, module, rule)
    pct = lambda share: None if share is None else round(share * 100)  # noqa: E731
    labels = {s.id: s.label for s in report.sections}

    def rows():
        for v in report.versions:
            yield (
                "modul",
                module.id,
                v.version,
                "",
                module.title,
                v.attempts,
                pct(v.pass_rate),
                None if v.mean_score is None else round(v.mean_score),
                None,
                None,
                v.alpha,
                "",
                "",
            )
        for q in report.questions:
            shares = "; ".join(
                f"{o.id}{' (rett)' if o.right else ''}: {round(o.share * 100)} %"
                for o in q.options
                if o.share is not None
            )
            yield (
                "spørsmål",
                module.id,
                module.version,
                q.id,
                "; ".join(labels.get(ref, ref) for ref in q.refs),
                q.drawn,
                None,
                None,
                pct(q.facility),
                q.discrimination,
                None,
                shares,
                " ".join(f.reason for f in q.flags),
            )
        for s in report.sections:
            yield (
                "bolk",
                module.id,
                module.version,
                s.id,
                s.label,
                s.answers,
                None,
                None,
                pct(s.share_right),
                None,
                None,
                "",
                "",
            )

    return Table(f"statistikk-{file_safe(module.id)}", ITEMS, ITEM_KINDS, rows())


FEEDBACK = [
    "Dato",
    "Tidspunkt (ISO 8601)",
    "Side",
    "Bolk",
    "Versjon av retningslinja",
    "Tekst",
    "Svar til",
    "Avsendar",
    "Status",
    "Notat",
    "Sist endra av",
    "Sist endra (ISO 8601)",
]
FEEDBACK_KINDS = ["date", "text", "text", "text", "id", "text", "text", "id", "text", "text", "text", "text"]


def feedback_messages(settings: Settings, engine: Engine) -> Table:
    """The readers' messages, newest first, the text as written (the CSV writer guards what could start a formula)."""
    zone = ZoneInfo(settings.timezone)

    def rows():
        for row in db.all_feedback(engine):
            received = db.utc(row["received_at"]).astimezone(zone)
            last = row["changes"][-1] if row["changes"] else None
            yield (
                received.date(),
                received.isoformat(timespec="seconds"),
                row["page"],
                row["section"] or "",
                row["guideline_version"] or "",
                row["text"],
                row["reply_to"] or "",
                row["sender"],
                row["status"],
                row["note"],
                last["who"] if last else "",
                db.utc(last["at"]).astimezone(zone).isoformat(timespec="seconds") if last else "",
            )

    return Table("meldingar", FEEDBACK, FEEDBACK_KINDS, rows())


def read_confirmations(settings: Settings, engine: Engine, manifest: Manifest, units: list[str] | None) -> Table:
    """One row per person who must confirm the guideline version in force, with whether they have and the unit's
    counts on every row, as the missing list has them."""
    from .confirmations import report

    zone = ZoneInfo(settings.timezone)
    guideline = manifest.guideline
    people = db.roster_people(engine)
    confirmed = db.confirmations_of_major(engine, guideline.major) if guideline else {}
    counts = {group.unit: group for group in report(manifest, people, confirmed, units)}
    roles = guideline.read_confirmation_roles if guideline else []

    def rows():
        # Per unit, those who have not confirmed first, then by name.
        for person in sorted(people, key=lambda p: (p["unit"], p["employee"] in confirmed, p["name"], p["employee"])):
            group = counts.get(person["unit"])
            if group is None or not concerns(person, roles):
                continue
            done = confirmed.get(person["employee"])
            when = db.utc(done["confirmed_at"]).astimezone(zone).date() if done else None
            yield (
                group.unit,
                person["employee"],
                person["name"],
                "stadfesta" if done else "manglar",
                guideline.version,
                done["version"] if done else "",
                when,
                group.must_confirm,
                group.confirmed,
                len(group.missing),
            )

    return Table(
        "lesestadfesting",
        [
            "Eining",
            "Tilsettnummer",
            "Namn",
            "Status",
            "Versjon i kraft",
            "Stadfesta versjon",
            "Stadfesta dato",
            "Skal stadfeste (eininga)",
            "Har stadfesta (eininga)",
            "Manglar (eininga)",
        ],
        ["text", "id", "text", "text", "id", "id", "date", "int", "int", "int"],
        rows(),
    )


def write(table: Table, fmt: Format, out: IO[bytes]) -> int:
    """Write the table to a binary file; return the number of rows."""
    if fmt == "xlsx":
        return write_xlsx(out, table.name, table.header, table.kinds, table.rows)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        return write_csv(text, table.header, table.rows, table.kinds, fmt)
    finally:
        text.flush()
        text.detach()


def suffix(fmt: Format) -> str:
    return ".xlsx" if fmt == "xlsx" else ".csv"
