"""Who is asking: the learner (from the proxy header, or self-declared in form mode), manager access (the admin
token, or the manager group in proxy mode) and editor access (the admin token, or the editors' group). Shared by the routers as Annotated dependencies."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from . import db
from .db import GroupWriter
from .exportjobs import Jobs
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


async def get_writer(request: Request) -> GroupWriter:
    return request.app.state.writer


async def get_exports(request: Request) -> Jobs:
    return request.app.state.exports


SettingsDep = Annotated[Settings, Depends(get_settings)]
WriterDep = Annotated[GroupWriter, Depends(get_writer)]
JobsDep = Annotated[Jobs, Depends(get_exports)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ManifestDep = Annotated[Manifest, Depends(get_manifest)]


@dataclass(frozen=True)
class Exports:
    """What preparing an export file needs of the app, as one dependency for the routes that offer one."""

    jobs: Jobs
    settings: Settings
    engine: Engine
    manifest: Manifest


async def get_exports_context(
    jobs: JobsDep, settings: SettingsDep, engine: EngineDep, manifest: ManifestDep
) -> Exports:
    return Exports(jobs, settings, engine, manifest)


ExportsDep = Annotated[Exports, Depends(get_exports_context)]


# A user name the intranet's login may hand on: printable, no spaces or control characters, at most 32 characters.
_USER = re.compile(r"^[^\x00-\x20\x7f-\x9f]{1,32}$")


def proxy_user(request: Request, settings: Settings) -> str:
    """The user the reverse proxy vouches for. The proxy is recognised by the address that connects (never by a
    forwarded header), so that nobody can claim to be someone else by setting the header themselves."""
    if not settings.is_proxy(request.client.host if request.client else None):
        raise HTTPException(
            403,
            "Sporingstenesta tek berre imot førespurnader gjennom innlogginga på intranettet (den omvende proxyen). Opne sida via intranettadressa, eller be IT sjå over KOORD_TRACKER_PROXY_ADDRESSES.",
        )
    raw = request.headers.get(settings.user_header)
    if not raw:
        raise HTTPException(
            401,
            f"Ikkje innlogga: innlogginga på intranettet sende ikkje {settings.user_header}. Logg inn på nytt, eller be IT sjå over oppsettet av webtenaren.",
        )
    try:
        # Header bytes arrive as Latin-1 text; the login sends UTF-8.
        value = raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        value = ""
    if not _USER.match(value):
        raise HTTPException(
            400,
            f"Brukarnamnet i {settings.user_header} er ikkje gyldig (1–32 teikn, utan mellomrom og kontrollteikn). Be IT sjå over innlogginga på webtenaren.",
        )
    return value


@dataclass(frozen=True)
class Manager:
    who: str
    units: frozenset[str] | None  # None: every unit (the admin token)

    @property
    def admin(self) -> bool:
        return self.units is None

    def allowed(self, unit: str | None) -> list[str] | None:
        """The units a query may cover; a unit outside this manager's is refused."""
        if self.units is None:
            return [unit] if unit else None
        if unit:
            if unit not in self.units:
                raise HTTPException(
                    403,
                    f"Du er ikkje registrert som leiar for «{unit}» i personallista. Be HR rette leiar_for om det er feil.",
                )
            return [unit]
        return sorted(self.units)


_bearer = HTTPBearer(
    auto_error=False, description="The admin token (KOORD_TRACKER_ADMIN_TOKEN): every unit, and the roster"
)


def get_manager(
    request: Request,
    settings: SettingsDep,
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Manager:
    """The admin token, or in proxy mode a member of the manager group, limited to the units the roster says they
    lead. Only a Bearer token is read: the intranet's own login (Basic, Negotiate) may send Authorization too. The
    token is taken only from the addresses in admin_addresses (by default this machine), like the proxy's headers."""
    if credentials is not None:
        _admin_token(request, settings, credentials)
        return Manager("admin-token", None)
    if settings.identity == "proxy":
        user = proxy_user(request, settings)
        if settings.manager_group not in _groups(request, settings):
            raise HTTPException(
                403,
                f"Denne sida er for leiarar. Du er ikkje med i gruppa «{settings.manager_group}» på intranettet; be leiaren din eller IT om tilgang.",
            )
        person = db.roster_person(engine, user)
        leads = frozenset(u for u in (person or {}).get("leads", "").split("|") if u)
        if not leads:
            # Fails closed: a manager the roster does not tie to a unit sees nothing, rather than everything.
            why = (
                "står ikkje i personallista" if person is None else "har ingen einingar under leiar_for i personallista"
            )
            raise HTTPException(
                403,
                f"Du {why}, så du får ikkje sjå nokon eining. Be HR føre deg opp som leiar for einingane dine (kolonnen leiar_for).",
            )
        return Manager(user, leads)
    raise HTTPException(
        401, "Leiaroversikta krev tilgangsnøkkelen (admin-token) frå IT.", headers={"WWW-Authenticate": "Bearer"}
    )


ManagerDep = Annotated[Manager, Depends(get_manager)]


def _admin_token(request: Request, settings: Settings, credentials: HTTPAuthorizationCredentials) -> None:
    """The admin token, accepted only from the addresses in admin_addresses; else 403 or 401."""
    # Checked before the token itself: from elsewhere the answer is the same whether the token is right or not.
    address = request.client.host if request.client else None
    if not settings.is_admin_address(address):
        raise HTTPException(
            403,
            f"Tilgangsnøkkelen (admin-token) blir berre godteken frå adressene IT har sett opp i "
            f"KOORD_TRACKER_ADMIN_ADDRESSES, og denne førespurnaden kom frå {address or 'ei ukjend adresse'}. "
            "Bruk nøkkelen på tenaren sjølv, eller be IT leggje til adressa.",
        )
    expected = settings.admin_token.get_secret_value() if settings.admin_token else None
    if not expected or not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(
            401,
            "Feil tilgangsnøkkel (admin-token). Skriv han inn på nytt, eller spør IT.",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _groups(request: Request, settings: Settings) -> set[str]:
    """The groups the proxy says the user is in; never the empty name, so that an empty setting matches nobody."""
    return {g.strip() for g in request.headers.get(settings.group_header, "").replace(";", ",").split(",")} - {""}


@dataclass(frozen=True)
class Editor:
    who: str

    def allowed(self, unit: str | None) -> None:
        """The statistics and the messages are not per unit: no unit filter, and no unit in them."""
        return None


def get_editor(
    request: Request,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Editor:
    """The item statistics and the readers' messages: the admin token, or in proxy mode a member of the editors'
    group. Fails closed like the managers' reports: a learner, and a manager who is not in the editors' group, get
    403; an empty group setting lets nobody in."""
    if credentials is not None:
        _admin_token(request, settings, credentials)
        return Editor("admin-token")
    if settings.identity == "proxy":
        user = proxy_user(request, settings)
        if not settings.editor_group or settings.editor_group not in _groups(request, settings):
            raise HTTPException(
                403,
                f"Statistikken og meldingane frå lesarane er for redaktørane av retningslinja og opplæringa. Du er ikkje med i gruppa "
                f"«{settings.editor_group}» på intranettet; be IT om tilgang om du skal ha det.",
            )
        return Editor(user)
    raise HTTPException(
        401,
        "Sidene for redaktørane krev tilgangsnøkkelen (admin-token) frå IT.",
        headers={"WWW-Authenticate": "Bearer"},
    )


EditorDep = Annotated[Editor, Depends(get_editor)]
