"""For managers: completions and the missing list as CSV or .xlsx, compliance per unit and module as JSON, and
what a manager may see. Every export is logged with who, when and which filter, and nothing more.

A download is written to an anonymous temporary file first, at the database's pace, and only then sent at the
client's pace: a slow or paused client holds a file, never a pooled database connection. At most
`export_slots` files are prepared at once; more wait their turn without blocking anything else."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import AsyncIterator
from typing import IO, Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from .. import db, exports
from ..csvout import media_type
from ..deps import EngineDep, Manager, ManagerDep, ManifestDep, SettingsDep
from ..records import compliance
from ..schemas import ComplianceRow, ModuleRef, Scope, Unlisted

router = APIRouter(prefix="/reports", tags=["reports"])

Unit = Annotated[str | None, Query(max_length=120, description="Only this unit")]
ModuleFilter = Annotated[str | None, Query(max_length=64, description="Only this module id")]
CsvFormat = Annotated[Literal["excel", "rfc4180"], Query(description="excel: UTF-8 with BOM, semicolons (default); rfc4180: commas, no BOM, ISO dates")]

# Dates far outside any real record would overflow in the time zone arithmetic (found by the OpenAPI fuzzing).
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2999, 12, 31)
Start = Annotated[dt.date | None, Query(alias="from", ge=EARLIEST, le=LATEST, description="From this date (local)")]
End = Annotated[dt.date | None, Query(alias="to", ge=EARLIEST, le=LATEST, description="To and including this date (local)")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FILE = {200: {"content": {"text/csv": {}, XLSX: {}}}, 404: {"description": "No unit or module with that name"}}


def _checked(manager: Manager, engine, manifest, unit: str | None, module: str | None) -> list[str] | None:
    units = manager.allowed(unit)
    try:
        exports.check_filters(engine, manifest, unit, module)
    except exports.FilterError as exc:
        raise HTTPException(404, str(exc)) from None
    return units


async def _download(request: Request, make_table, fmt: exports.Format) -> StreamingResponse:
    def prepare() -> tuple[IO[bytes], str]:
        table = make_table()
        handle = tempfile.TemporaryFile()  # anonymous: gone when closed, even after a crash
        try:
            exports.write(table, fmt, handle)
        except BaseException:
            handle.close()
            raise
        handle.seek(0)
        return handle, table.name

    async with request.app.state.export_slots:
        handle, name = await run_in_threadpool(prepare)
    size = handle.seek(0, 2)
    handle.seek(0)

    async def chunks() -> AsyncIterator[bytes]:
        try:
            while chunk := await run_in_threadpool(handle.read, 256 * 1024):
                yield chunk
        finally:
            handle.close()

    kind = XLSX if fmt == "xlsx" else media_type(fmt)
    headers = {"Content-Disposition": f'attachment; filename="{name}{exports.suffix(fmt)}"', "Content-Length": str(size)}
    return StreamingResponse(chunks(), media_type=kind, headers=headers)


async def _completions(request: Request, manager: Manager, settings, engine, manifest, unit, module, start, end, fmt: exports.Format):
    units = await run_in_threadpool(_checked, manager, engine, manifest, unit, module)
    await run_in_threadpool(exports.audit, engine, manager.who, "completions", {"unit": unit, "module": module, "from": start, "to": end, "format": fmt})
    return await _download(request, lambda: exports.completions(settings, engine, manifest, units, module, start, end), fmt)


@router.get("/completions.csv", response_class=StreamingResponse, responses=_FILE)
async def completions_csv(request: Request, manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
                          unit: Unit = None, module: ModuleFilter = None, start: Start = None, end: End = None, format: CsvFormat = "excel") -> StreamingResponse:
    """Passed attempts with valid until and status, oldest first."""
    return await _completions(request, manager, settings, engine, manifest, unit, module, start, end, format)


@router.get("/completions.xlsx", response_class=StreamingResponse, responses=_FILE)
async def completions_xlsx(request: Request, manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
                           unit: Unit = None, module: ModuleFilter = None, start: Start = None, end: End = None) -> StreamingResponse:
    """The completions as an Excel workbook with typed columns."""
    return await _completions(request, manager, settings, engine, manifest, unit, module, start, end, "xlsx")


async def _missing(request: Request, manager: Manager, settings, engine, manifest, unit, module, fmt: exports.Format):
    units = await run_in_threadpool(_checked, manager, engine, manifest, unit, module)
    await run_in_threadpool(exports.audit, engine, manager.who, "missing", {"unit": unit, "module": module, "format": fmt})
    return await _download(request, lambda: exports.missing(settings, engine, manifest, units, module), fmt)


@router.get("/compliance.csv", response_class=StreamingResponse, responses=_FILE)
async def missing_csv(request: Request, manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
                      unit: Unit = None, module: ModuleFilter = None, format: CsvFormat = "excel") -> StreamingResponse:
    """The missing list: one row per person who must complete a module and holds no valid completion, with the
    unit's counts on every row."""
    return await _missing(request, manager, settings, engine, manifest, unit, module, format)


@router.get("/compliance.xlsx", response_class=StreamingResponse, responses=_FILE)
async def missing_xlsx(request: Request, manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
                       unit: Unit = None, module: ModuleFilter = None) -> StreamingResponse:
    """The missing list as an Excel workbook with typed columns."""
    return await _missing(request, manager, settings, engine, manifest, unit, module, "xlsx")


@router.get("/compliance", response_model=list[ComplianceRow], responses={404: {"description": "No unit or module with that name"}})
def compliance_json(manager: ManagerDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep,
                    unit: Unit = None, module: ModuleFilter = None) -> list[ComplianceRow]:
    """Per unit and module: how many in the roster must complete it, how many hold a valid completion, whose
    completion ends within 60 days, and who is missing."""
    units = _checked(manager, engine, manifest, unit, module)
    people = db.roster_people(engine)
    latest = db.latest_passes(engine, [p["employee"] for p in people if units is None or p["unit"] in units])
    exports.audit(engine, manager.who, "compliance", {"unit": unit, "module": module})
    return compliance(manifest, people, latest, settings.timezone, units, module)


@router.get("/scope", response_model=Scope)
def scope(manager: ManagerDep, engine: EngineDep, manifest: ManifestDep) -> Scope:
    """Who the tracker takes the manager to be, and the units and modules they may filter on."""
    units = db.roster_units(engine) if manager.admin else sorted(manager.units)
    return Scope(who=manager.who, admin=manager.admin, units=units, modules=[ModuleRef(id=m.id, title=m.title) for m in manifest.modules])


@router.get("/unlisted", response_model=list[Unlisted])
def unlisted(manager: ManagerDep, engine: EngineDep) -> list[Unlisted]:
    """Admin only: people with recorded attempts who are not in the roster («ikkje i personallista»), so that no
    unit-scoped manager would see them."""
    if not manager.admin:
        raise HTTPException(403, "Berre den som har admin-token, kan sjå kven som manglar i personallista.")
    return [Unlisted(**row) for row in db.unlisted(engine)]
