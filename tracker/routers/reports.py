"""For managers: completions, the missing list and the read confirmations of the guideline as CSV or .xlsx,
compliance and read confirmations per unit as JSON, and what a manager may see. Every export is logged with who,
when and which filter, and nothing more, before it is prepared.

A file is prepared in a process of its own (exportjobs), into an anonymous temporary file, at the database's
pace, and only then sent at the client's pace: a slow or paused client holds a file, never a pooled database
connection. At most `export_slots` files are prepared at once; more wait their turn without blocking anything else.
Two ways to ask for one: GET answers with the file when it is ready (for scripts); POST answers at once with a job
that says how far it has come, and whose file is fetched when it is ready (for the managers' page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from .. import confirmations, db, exportjobs, exports
from ..csvout import media_type
from ..deps import Editor, EngineDep, Exports, ExportsDep, JobsDep, Manager, ManagerDep, ManifestDep, SettingsDep
from ..records import compliance
from ..schemas import ComplianceRow, ConfirmationRow, ModuleRef, Scope, Unlisted

router = APIRouter(prefix="/reports", tags=["reports"])

Unit = Annotated[str | None, Query(max_length=120, description="Only this unit")]
ModuleFilter = Annotated[str | None, Query(max_length=64, description="Only this module id")]
CsvFormat = Annotated[
    Literal["excel", "rfc4180"],
    Query(description="excel: UTF-8 with BOM, semicolons (default); rfc4180: commas, no BOM, ISO dates"),
]
JobId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="The id POST gave")]

# Dates far outside any real record would overflow in the time zone arithmetic (found by the OpenAPI fuzzing).
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2999, 12, 31)
Start = Annotated[dt.date | None, Query(alias="from", ge=EARLIEST, le=LATEST, description="From this date (local)")]
End = Annotated[
    dt.date | None, Query(alias="to", ge=EARLIEST, le=LATEST, description="To and including this date (local)")
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# FastAPI's `responses` for the OpenAPI schema, typed as it declares them.
_FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}, XLSX: {}}},
    404: {"description": "No unit or module with that name"},
    422: {"description": "More rows than an Excel sheet holds"},
    429: {"description": "This manager has as many files being prepared or waiting as one may"},
}
_JOB: dict[int | str, dict[str, Any]] = {404: _FILE[404], 429: _FILE[429]}
_TOO_MANY = (
    f"Du har alt {exportjobs.PER_MANAGER} filer som blir laga eller ventar på å bli henta. Hent dei, "
    f"eller vent til dei går ut ({exportjobs.KEEP // 60} minutt etter at dei er ferdige)."
)


class ExportJob(BaseModel):
    """A file being prepared: follow it at /reports/exports/{id}, and fetch it from /reports/exports/{id}/file
    when `state` is ready."""

    id: str
    state: Literal["waiting", "preparing", "ready", "failed"] = Field(
        description="waiting for a free slot, preparing, ready to fetch, or failed"
    )
    rows: int = Field(description="Rows written so far")
    filename: str = Field(description="The file's name, once known")
    detail: str | None = Field(None, description="Why it failed, in words for the manager")


def _checked(manager: Manager, engine, manifest, unit: str | None, module: str | None) -> list[str] | None:
    """The units a report may cover for this manager; a filter that matches nothing is 404."""
    units = manager.allowed(unit)
    try:
        exports.check_filters(engine, manifest, unit, module)
    except exports.FilterError as exc:
        raise HTTPException(404, str(exc)) from None
    return units


async def _start(app: Exports, person: Manager | Editor, export: exports.ExportRequest) -> exportjobs.Job:
    """The export's first half (exports.begin: a filter that matches nothing is 404; the export is logged), then
    its second, prepared in a process of its own. `person` is the manager or editor asking."""
    jobs = app.jobs
    units = person.allowed(export.unit)
    if jobs.full(person.who):
        raise HTTPException(429, _TOO_MANY, headers={"Retry-After": "60"})
    try:
        await run_in_threadpool(exports.begin, app.engine, app.manifest, person.who, export)
    except exports.FilterError as exc:
        raise HTTPException(404, str(exc)) from None
    job = jobs.start(
        person.who, export.report, export.fmt, exportjobs.request(app.settings, app.manifest, units, export)
    )
    if job is None:  # filled up while the audit was written
        raise HTTPException(429, _TOO_MANY, headers={"Retry-After": "60"})
    return job


def _send(jobs: exportjobs.Jobs, job: exportjobs.Job) -> StreamingResponse:
    """The prepared file, read at the client's pace; the job is done with once it is handed over."""
    if job.state != "ready":
        raise HTTPException(409, job.failure or "Fila er ikkje ferdig laga enno.")
    handle, job.file = job.file, None
    assert handle is not None, "a ready job holds its file until it is handed over"
    jobs.drop(job)
    size = handle.seek(0, 2)
    handle.seek(0)

    async def chunks() -> AsyncIterator[bytes]:
        try:
            while chunk := await run_in_threadpool(handle.read, 256 * 1024):
                yield chunk
        finally:
            handle.close()

    kind = XLSX if job.fmt == "xlsx" else media_type("rfc4180" if job.fmt == "rfc4180" else "excel")
    headers = {"Content-Disposition": f'attachment; filename="{job.filename}"', "Content-Length": str(size)}
    return StreamingResponse(chunks(), media_type=kind, headers=headers)


async def _download(app: Exports, person: Manager | Editor, export: exports.ExportRequest) -> StreamingResponse:
    job = await _start(app, person, export)
    await job.finished.wait()
    if job.state == "failed":
        app.jobs.drop(job)
        raise HTTPException(422 if job.refused else 500, job.failure)
    return _send(app.jobs, job)


def _accepted(response: Response, job: exportjobs.Job) -> ExportJob:
    # Relative, so that it holds behind a proxy that serves the API under another prefix or scheme.
    response.headers["Location"] = f"exports/{job.id}"
    return _described(job)


def _described(job: exportjobs.Job) -> ExportJob:
    return ExportJob(id=job.id, state=job.state, rows=job.rows, filename=job.filename, detail=job.failure or None)


@router.get("/completions.csv", response_class=StreamingResponse, responses=_FILE)
async def completions_csv(
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
    start: Start = None,
    end: End = None,
    format: CsvFormat = "excel",
) -> StreamingResponse:
    """Passed attempts with valid until and status, oldest first."""
    return await _download(app, manager, exports.ExportRequest("completions", format, unit, module, start, end))


@router.get("/completions.xlsx", response_class=StreamingResponse, responses=_FILE)
async def completions_xlsx(
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
    start: Start = None,
    end: End = None,
) -> StreamingResponse:
    """The completions as an Excel workbook with typed columns."""
    return await _download(app, manager, exports.ExportRequest("completions", "xlsx", unit, module, start, end))


@router.get("/compliance.csv", response_class=StreamingResponse, responses=_FILE)
async def missing_csv(
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
    format: CsvFormat = "excel",
) -> StreamingResponse:
    """The missing list: one row per person who must complete a module and holds no valid completion, with the
    unit's counts on every row."""
    return await _download(app, manager, exports.ExportRequest("missing", format, unit, module))


@router.get("/compliance.xlsx", response_class=StreamingResponse, responses=_FILE)
async def missing_xlsx(
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
) -> StreamingResponse:
    """The missing list as an Excel workbook with typed columns."""
    return await _download(app, manager, exports.ExportRequest("missing", "xlsx", unit, module))


@router.post("/completions.csv", status_code=202, response_model=ExportJob, responses=_JOB)
async def prepare_completions_csv(
    response: Response,
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
    start: Start = None,
    end: End = None,
    format: CsvFormat = "excel",
) -> ExportJob:
    """Begin preparing the completions as CSV; the answer says where to follow it."""
    return _accepted(
        response,
        await _start(app, manager, exports.ExportRequest("completions", format, unit, module, start, end)),
    )


@router.post("/completions.xlsx", status_code=202, response_model=ExportJob, responses=_JOB)
async def prepare_completions_xlsx(
    response: Response,
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
    start: Start = None,
    end: End = None,
) -> ExportJob:
    """Begin preparing the completions as an Excel workbook."""
    return _accepted(
        response,
        await _start(app, manager, exports.ExportRequest("completions", "xlsx", unit, module, start, end)),
    )


@router.post("/compliance.csv", status_code=202, response_model=ExportJob, responses=_JOB)
async def prepare_missing_csv(
    response: Response,
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
    format: CsvFormat = "excel",
) -> ExportJob:
    """Begin preparing the missing list as CSV."""
    return _accepted(
        response,
        await _start(app, manager, exports.ExportRequest("missing", format, unit, module)),
    )


@router.post("/compliance.xlsx", status_code=202, response_model=ExportJob, responses=_JOB)
async def prepare_missing_xlsx(
    response: Response,
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    module: ModuleFilter = None,
) -> ExportJob:
    """Begin preparing the missing list as an Excel workbook."""
    return _accepted(
        response,
        await _start(app, manager, exports.ExportRequest("missing", "xlsx", unit, module)),
    )


@router.get(
    "/read-confirmations",
    response_model=list[ConfirmationRow],
    responses={404: {"description": "No unit with that name"}},
)
def read_confirmations_json(
    manager: ManagerDep, engine: EngineDep, manifest: ManifestDep, unit: Unit = None
) -> list[ConfirmationRow]:
    """Per unit: how many in the roster must confirm having read the guideline version in force (their roles are
    among its read_confirmation_roles), how many have (a confirmation of the same major version), and who has not."""
    units = _checked(manager, engine, manifest, unit, None)
    guideline = manifest.guideline
    confirmed = db.confirmations_of_major(engine, guideline.major) if guideline else {}
    exports.audit(engine, manager.who, "read-confirmations", {"unit": unit, "format": "json"})
    return confirmations.report(manifest, db.roster_people(engine), confirmed, units)


@router.get("/read-confirmations.csv", response_class=StreamingResponse, responses=_FILE)
async def read_confirmations_csv(
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    format: CsvFormat = "excel",
) -> StreamingResponse:
    """One row per person who must confirm: whether they have, and when, with the unit's counts on every row."""
    return await _download(app, manager, exports.ExportRequest("read-confirmations", format, unit))


@router.get("/read-confirmations.xlsx", response_class=StreamingResponse, responses=_FILE)
async def read_confirmations_xlsx(
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
) -> StreamingResponse:
    """The read confirmations as an Excel workbook with typed columns."""
    return await _download(app, manager, exports.ExportRequest("read-confirmations", "xlsx", unit))


@router.post("/read-confirmations.csv", status_code=202, response_model=ExportJob, responses=_JOB)
async def prepare_read_confirmations_csv(
    response: Response,
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
    format: CsvFormat = "excel",
) -> ExportJob:
    """Begin preparing the read confirmations as CSV."""
    return _accepted(
        response,
        await _start(app, manager, exports.ExportRequest("read-confirmations", format, unit)),
    )


@router.post("/read-confirmations.xlsx", status_code=202, response_model=ExportJob, responses=_JOB)
async def prepare_read_confirmations_xlsx(
    response: Response,
    app: ExportsDep,
    manager: ManagerDep,
    unit: Unit = None,
) -> ExportJob:
    """Begin preparing the read confirmations as an Excel workbook."""
    return _accepted(
        response,
        await _start(app, manager, exports.ExportRequest("read-confirmations", "xlsx", unit)),
    )


@router.get(
    "/exports/{job_id}",
    response_model=ExportJob,
    responses={404: {"description": "No such file being prepared for you"}},
)
def export_job(jobs: JobsDep, manager: ManagerDep, job_id: JobId) -> ExportJob:
    """How far a file asked for with POST has come."""
    return _described(_job(jobs, manager, job_id))


@router.get(
    "/exports/{job_id}/file",
    response_class=StreamingResponse,
    responses={**_FILE, 409: {"description": "Not ready yet, or failed"}},
)
def export_file(jobs: JobsDep, manager: ManagerDep, job_id: JobId) -> StreamingResponse:
    """The prepared file, once; after that the job is gone."""
    return _send(jobs, _job(jobs, manager, job_id))


def _job(jobs: exportjobs.Jobs, manager: Manager, job_id: str) -> exportjobs.Job:
    job = jobs.get(job_id, manager.who)
    if job is None:
        raise HTTPException(
            404, "Inga fil med den id-en blir laga for deg. Ho kan vere henta alt, eller ha gått ut etter ti minutt."
        )
    return job


@router.get(
    "/compliance",
    response_model=list[ComplianceRow],
    responses={404: {"description": "No unit or module with that name"}},
)
def compliance_json(
    manager: ManagerDep,
    settings: SettingsDep,
    engine: EngineDep,
    manifest: ManifestDep,
    unit: Unit = None,
    module: ModuleFilter = None,
) -> list[ComplianceRow]:
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
    units = db.roster_units(engine) if manager.units is None else sorted(manager.units)
    return Scope(
        who=manager.who,
        admin=manager.admin,
        units=units,
        modules=[ModuleRef(id=m.id, title=m.title) for m in manifest.modules],
    )


@router.get("/unlisted", response_model=list[Unlisted])
def unlisted(manager: ManagerDep, engine: EngineDep) -> list[Unlisted]:
    """Admin only: people with recorded attempts who are not in the roster («ikkje i personallista»), so that no
    unit-scoped manager would see them."""
    if not manager.admin:
        raise HTTPException(403, "Berre den som har admin-token, kan sjå kven som manglar i personallista.")
    return [Unlisted(**row) for row in db.unlisted(engine)]
