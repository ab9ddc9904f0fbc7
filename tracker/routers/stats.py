"""For editors and KE: item statistics per module (tracker/itemstats.py), as JSON for the editors' page and as
CSV or .xlsx made the same way as the managers' files (a process of its own, the same writers and dialect). Behind
the editors' group (proxy mode) or the admin token; every request is logged with who, when and which filter."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse

from .. import exports, itemstats
from ..deps import EditorDep, EngineDep, ExportsDep, ManifestDep
from ..manifest import Manifest, ModuleKey
from ..schemas import ItemStats, StatsModule, StatsScope, StatsThresholds
from .reports import _FILE, CsvFormat, _download

router = APIRouter(prefix="/stats", tags=["statistics"])

ModuleId = Annotated[str, Query(max_length=64, description="The module's id")]
Rule = Annotated[
    Literal["first", "all"],
    Query(description="first: each person's first attempt at a version (default); all: every attempt"),
]


def _module(manifest: Manifest, module_id: str) -> ModuleKey:
    module = manifest.module(module_id)
    if module is None:
        known = ", ".join(m.id for m in manifest.modules)
        raise HTTPException(404, f"Ingen modul med id-en «{module_id}». Modulane er: {known}.")
    return module


@router.get("/modules", response_model=StatsScope)
def modules(editor: EditorDep, manifest: ManifestDep) -> StatsScope:
    """Who the tracker takes the editor to be, and the modules there are statistics for (the editors' page asks
    this first, as the managers' page asks /reports/scope)."""
    return StatsScope(
        who=editor.who,
        admin=editor.who == "admin-token",
        modules=[StatsModule(id=m.id, title=m.title, version=m.version) for m in manifest.modules],
    )


@router.get("/items", response_model=ItemStats, responses={404: {"description": "No module with that id"}})
def items(
    editor: EditorDep, engine: EngineDep, manifest: ManifestDep, module: ModuleId, attempts: Rule = "first"
) -> ItemStats:
    """Per version: attempts counted, pass rate, mean score, Cronbach's alpha (KR-20). Per question of the current
    version: times drawn, facility, discrimination, each option's share, and flags with their reason. Per cited
    guideline section: the share right, lowest first. No names; no figure below the minimum number of attempts."""
    key = _module(manifest, module)
    exports.audit(engine, editor.who, "items", {"module": module, "attempts": attempts, "format": "json"})
    report = itemstats.compute(engine, key, attempts)
    thresholds = StatsThresholds(
        minimum=itemstats.MIN_ATTEMPTS, too_easy=itemstats.TOO_EASY, too_hard=itemstats.TOO_HARD, weak=itemstats.WEAK
    )
    return ItemStats.model_validate(
        {
            "module": key.id,
            "title": key.title,
            "attempts": attempts,
            "thresholds": thresholds,
            "versions": [vars(v) for v in report.versions],
            "questions": [
                {**vars(q), "options": [vars(o) for o in q.options], "flags": [vars(f) for f in q.flags]}
                for q in report.questions
            ],
            "sections": [vars(s) for s in report.sections],
        }
    )


@router.get("/items.csv", response_class=StreamingResponse, responses=_FILE)
async def items_csv(
    app: ExportsDep,
    editor: EditorDep,
    module: ModuleId,
    attempts: Rule = "first",
    format: CsvFormat = "excel",
) -> StreamingResponse:
    """The statistics as one table: a row per version, per question and per cited section."""
    return await _download(app, editor, exports.ExportRequest("items", format, module=module, attempts=attempts))


@router.get("/items.xlsx", response_class=StreamingResponse, responses=_FILE)
async def items_xlsx(
    app: ExportsDep,
    editor: EditorDep,
    module: ModuleId,
    attempts: Rule = "first",
) -> StreamingResponse:
    """The statistics as an Excel workbook with typed columns."""
    return await _download(app, editor, exports.ExportRequest("items", "xlsx", module=module, attempts=attempts))
