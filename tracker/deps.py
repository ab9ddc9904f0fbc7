"""Who is asking: the learner (from the proxy header, or self-declared in form mode) and manager access
(the admin token, or the manager group in proxy mode). Shared by the routers as Annotated dependencies."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine

from . import db
from .manifest import Manifest
from .settings import Settings


# These are async only because FastAPI runs a plain function dependency in its thread pool, a hop that
# costs more than the lookup itself.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_engine(request: Request) -> Engine:
    return request.app.state.engine


async def get_manifest(request: Request) -> Manifest:
    return request.app.state.manifest


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ManifestDep = Annotated[Manifest, Depends(get_manifest)]


def proxy_user(request: Request, settings: Settings) -> str | None:
    """The user the reverse proxy vouches for. A header that did not come through the proxy is refused,
    so that nobody can claim to be someone else by setting it themselves."""
    value = request.headers.get(settings.user_header)
    if not settings.is_proxy(request.client.host if request.client else None):
        raise HTTPException(403, "requests must come through the intranet's reverse proxy")
    if not value or not value.strip() or len(value) > 32:
        raise HTTPException(401, f"not logged in: the {settings.user_header} header is missing")
    return value.strip()


@dataclass(frozen=True)
class Manager:
    who: str
    units: frozenset[str] | None  # None: every unit

    def allowed(self, unit: str | None) -> list[str] | None:
        """The units a query may cover; a unit outside this manager's is refused."""
        if self.units is None:
            return [unit] if unit else None
        if unit:
            if unit not in self.units:
                raise HTTPException(403, "you do not lead this unit")
            return [unit]
        return sorted(self.units)


def get_manager(request: Request, settings: SettingsDep, engine: EngineDep) -> Manager:
    authorization = request.headers.get("authorization", "")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        expected = settings.admin_token.get_secret_value() if settings.admin_token else None
        if scheme.lower() != "bearer" or not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            raise HTTPException(401, "invalid token", headers={"WWW-Authenticate": "Bearer"})
        return Manager("admin-token", None)
    if settings.identity == "proxy":
        user = proxy_user(request, settings)
        groups = {g.strip() for g in request.headers.get(settings.group_header, "").replace(";", ",").split(",")}
        if settings.manager_group not in groups:
            raise HTTPException(403, "this needs the manager group")
        person = db.roster_person(engine, user)
        leads = frozenset(u for u in (person or {}).get("leads", "").split("|") if u)
        return Manager(user, leads or None)
    raise HTTPException(401, "manager access needs a token", headers={"WWW-Authenticate": "Bearer"})


ManagerDep = Annotated[Manager, Depends(get_manager)]
