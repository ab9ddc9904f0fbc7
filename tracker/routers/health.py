"""Liveness for IT's monitoring: the manifest is loaded and the database answers."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from ..deps import EngineDep, ManifestDep
from ..schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(engine: EngineDep, manifest: ManifestDep) -> Health:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return Health(status="ok", modules=len(manifest.modules), database=engine.dialect.name)
