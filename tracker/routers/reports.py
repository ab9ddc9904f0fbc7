"""For managers: completions as CSV, and compliance per unit and module as JSON or CSV. Every export is
logged with who, when and which filter, and nothing more."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from .. import db
from ..csvout import Dialect, csv_lines, media_type
from ..deps import EngineDep, ManagerDep, ManifestDep, SettingsDep
from ..db import utc
from ..records import compliance, today
from ..validity import completion_status_for_day
from ..schemas import ComplianceRow

router = APIRouter(prefix="/reports", tags=["reports"])
log = logging.getLogger("tracker.exports")

Unit = Annotated[str | None, Query(max_length=120, description="Only this unit")]
ModuleFilter = Annotated[str | None, Query(max_length=64, description="Only this module id")]
Format = Annotated[Dialect, Query(description="excel: UTF-8 with BOM, semicolons (default); rfc4180: commas, no BOM")]

# Dates far outside any real record would overflow in the time zone arithmetic (found by the OpenAPI fuzzing).
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2999, 12, 31)

COMPLETION_COLUMNS = [
    "Tilsettnummer", "Namn", "Eining", "Modul-id", "Modul", "Versjon", "Resultat (%)", "Dato", "Tidspunkt (ISO 8601)",
    "Gyldig til", "Gyldig til (ISO 8601)", "Status",
]
COMPLIANCE_COLUMNS = ["Eining", "Modul-id", "Modul", "Tilsettnummer", "Namn", "Status", "Gyldig til", "Gyldig til (ISO 8601)"]


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date | None) -> str:
    """dd.mm.yyyy, as Norwegian Excel reads a date; cached, since an export has few distinct days."""
    return value.strftime("%d.%m.%Y") if value else ""


def _csv(filename: str, lines, dialect: Dialect) -> StreamingResponse:
    return StreamingResponse(lines, media_type=media_type(dialect), headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def completion_lines(settings, engine, manifest, units: list[str] | None, module: str | None,
                     start: dt.date | None, end: dt.date | None, dialect: Dialect):
    """The completions CSV in chunks; used by the API and the command line alike.

    This is the one loop that runs a million times in a large export, so it works on plain tuples and works
    out each (module, version, local day) only once."""
    zone = ZoneInfo(settings.timezone)
    # Stored times are UTC; compare in UTC so that SQLite, which keeps no time zone, filters the same as PostgreSQL.
    since = dt.datetime.combine(start, dt.time(), zone).astimezone(dt.UTC) if start else None
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC) if end else None
    titles = {m.id: m.title for m in manifest.modules}
    now = today(settings.timezone)

    @functools.cache
    def validity(module_id: str, version: str, day: dt.date) -> tuple[str, str, str]:
        valid_until, status = completion_status_for_day(day, version, manifest.module(module_id), now)
        return _date(valid_until), valid_until.isoformat() if valid_until else "", status

    def rows():
        for employee, name, unit, module_id, version, score, finished_at in db.stream_completions(engine, units, module, since, until):
            local = utc(finished_at).astimezone(zone)
            yield [employee, name, unit, module_id, titles.get(module_id, ""), version, score, _date(local.date()),
                   local.isoformat(timespec="seconds"), *validity(module_id, version, local.date())]

    return csv_lines(COMPLETION_COLUMNS, rows(), dialect)


def audit(engine, who: str, what: str, filters: dict) -> None:
    text = json.dumps({k: str(v) for k, v in filters.items() if v is not None}, ensure_ascii=False, sort_keys=True)
    db.log_export(engine, who, what, text)
    log.info("export %s by %s with filter %s", what, who, text)


@router.get("/completions.csv", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def completions_csv(manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep, unit: Unit = None,
                    module: ModuleFilter = None, start: Annotated[dt.date | None, Query(alias="from", ge=EARLIEST, le=LATEST, description="From this date (local)")] = None,
                    end: Annotated[dt.date | None, Query(alias="to", ge=EARLIEST, le=LATEST, description="To and including this date (local)")] = None,
                    format: Format = "excel") -> StreamingResponse:
    """Passed attempts with valid until and status, oldest first. Streams: memory stays flat however many rows."""
    units = manager.allowed(unit)
    audit(engine, manager.who, "completions", {"unit": unit, "module": module, "from": start, "to": end, "format": format})
    return _csv("gjennomforingar.csv", completion_lines(settings, engine, manifest, units, module, start, end, format), format)


def _compliance(manager, settings, engine, manifest, unit, module, what) -> list[ComplianceRow]:
    units = manager.allowed(unit)
    people = db.roster_people(engine)
    latest = db.latest_passes(engine, [p["employee"] for p in people if units is None or p["unit"] in units])
    audit(engine, manager.who, what, {"unit": unit, "module": module})
    return compliance(manifest, people, latest, settings.timezone, units, module)


@router.get("/compliance", response_model=list[ComplianceRow])
def compliance_json(manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
                    unit: Unit = None, module: ModuleFilter = None) -> list[ComplianceRow]:
    """Per unit and module: how many in the roster must complete it, how many hold a valid completion, who is missing."""
    return _compliance(manager, settings, engine, manifest, unit, module, "compliance")


@router.get("/compliance.csv", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def compliance_csv(manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
                   unit: Unit = None, module: ModuleFilter = None, format: Format = "excel") -> StreamingResponse:
    """One row per person who must complete a module and does not hold a valid completion (status utgått or manglar)."""
    rows = _compliance(manager, settings, engine, manifest, unit, module, "compliance.csv")
    lines = (
        [r.unit, r.module, r.module_title, m.employee, m.name, m.status, _date(m.valid_until), m.valid_until.isoformat() if m.valid_until else ""]
        for r in rows for m in r.missing
    )
    return _csv("manglar.csv", csv_lines(COMPLIANCE_COLUMNS, lines, format), format)
