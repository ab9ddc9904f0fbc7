"""What a command checks before it starts, each mistake as one Norwegian line (a ConfigError): the data folder can
be written, the database answers, the port is free. The port is taken by binding it here, before anything is
printed, and the bound socket is what the server then listens on, so nothing can take it in between."""

from __future__ import annotations

import errno
import ipaddress
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from . import db
from .settings import ConfigError, Settings, where


def writable_folder(folder: Path, setting: str) -> None:
    """The folder exists (it is made if need be) and this user can create files in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except FileExistsError:
        raise ConfigError(
            f"{where(setting)} peikar på {folder}, som er ei fil og ikkje ei mappe. Vel ei mappe for dataa."
        ) from None
    except (PermissionError, NotADirectoryError, OSError) as exc:
        why = (
            "har ikkje skriveløyve der"
            if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
            else "kan ikkje lage filer der"
        )
        raise ConfigError(
            f"Kan ikkje skrive i datamappa {folder} ({where(setting)}): brukaren som køyrer tenesta {why}. "
            "Gje brukaren skriveløyve til mappa, eller vel ei anna."
        ) from None


def shown_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def open_database(settings: Settings) -> Engine:
    """The engine for the settings' database at the newest schema revision, or a ConfigError that says why not. A
    new database (none of the tracker's tables) is created at the newest revision; one that is behind is refused
    with the command that upgrades it (koord-tracker upgrade), since an upgrade is IT's decision, not a start's."""
    from . import migrations

    url = _checked_url(settings)
    with _reached(settings, url):
        engine = db.make_engine(settings.url, settings.busy_seconds)
    try:
        with _reached(settings, url):
            if migrations.check(engine, shown_url(settings.url)):
                migrations.upgrade(settings.url)
    except BaseException as exc:
        engine.dispose()
        if isinstance(exc, migrations.SchemaError):
            raise ConfigError(str(exc)) from None
        raise
    return engine


def upgrade_database(settings: Settings):
    """`koord-tracker upgrade`: the database brought to the newest revision (migrations.Upgraded), or a
    ConfigError."""
    from alembic.util import CommandError

    from . import migrations

    url = _checked_url(settings)
    try:
        with _reached(settings, url):
            return migrations.upgrade(settings.url)
    except migrations.SchemaError as exc:
        raise ConfigError(str(exc)) from None
    except CommandError as exc:
        # A revision this version does not know: the database was upgraded by a newer tracker.
        raise ConfigError(
            f"Databasen {shown_url(settings.url)} kan ikkje oppgraderast av denne versjonen av sporingstenesta ({exc}). "
            "Installer den nyaste versjonen, eller les inn ein tryggingskopi frå før oppgraderinga."
        ) from None


def _checked_url(settings: Settings):
    if settings.database_url is None:
        writable_folder(settings.data_dir, "data_dir")
    try:
        return make_url(settings.url)
    except ArgumentError:
        raise ConfigError(
            f"{where('database_url')} er ikkje ein database-URL. Skriv til dømes "
            "postgresql+psycopg://brukar:passord@vert/database, eller ta bort innstillinga for SQLite i datamappa."
        ) from None


@contextmanager
def _reached(settings: Settings, url):
    """Database errors on the way in, as one line for IT."""
    try:
        yield
    except NoSuchModuleError:
        raise ConfigError(
            f"{where('database_url')} bruker ein databasedrivar sporingstenesta ikkje har ({url.drivername}). "
            "Bruk postgresql+psycopg://… for PostgreSQL, eller ta bort innstillinga for SQLite."
        ) from None
    except (OperationalError, DBAPIError) as exc:
        raise ConfigError(
            f"Får ikkje kontakt med databasen {shown_url(settings.url)} ({where('database_url') if settings.database_url else where('data_dir')}): "
            f"{_why(exc, url)}"
        ) from None


def _why(exc: Exception, url) -> str:
    """The driver's reason, in words IT can act on (the driver's own text is English and long)."""
    text = str(getattr(exc, "orig", exc)).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if url.get_backend_name() == "sqlite":
        return "SQLite-fila kan ikkje opnast eller er ikkje ein database. Sjå at fila er frå sporingstenesta og at brukaren kan skrive i mappa."
    if code == "28P01" or "password authentication failed" in text or "authentication failed" in text:
        return "brukarnamnet eller passordet vart ikkje godteke. Sjå over brukar og passord i URL-en."
    if code == "3D000" or ("database" in text and "does not exist" in text):
        return f"databasen «{url.database}» finst ikkje på databasetenaren. Lag han, eller rett namnet i URL-en."
    if (
        "could not translate host name" in text
        or "name or service not known" in text
        or "nodename nor servname" in text
    ):
        return f"finn ikkje vertsnamnet «{url.host}». Sjå etter skrivefeil i URL-en."
    if "timeout" in text or "timed out" in text:
        return f"databasetenaren på {url.host}:{url.port or 5432} svarte ikkje i tide. Sjå at han køyrer og at brannmuren slepper sambandet gjennom."
    if "refused" in text:
        return f"ingen databasetenar svarar på {url.host}:{url.port or 5432}. Sjå at PostgreSQL køyrer, og at vert og port i URL-en stemmer."
    return "databasetenaren svarte ikkje som venta. Sjå at han køyrer, og at vert, port, brukar og passord i URL-en stemmer."


def bind(settings: Settings) -> socket.socket:
    """A socket bound to the settings' host and port, or a ConfigError that names the port and how to choose
    another. Set up as uvicorn does its own (address reuse, so a restart does not wait for old connections)."""
    host, port = settings.host, settings.port
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(_bind_refused(exc, host, port, settings)) from None
    # Listening from here on: a browser opened from the banner waits in the backlog until the server accepts.
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _bind_refused(exc: OSError, host: str, port: int, settings: Settings) -> str:
    other = 8001 if port != 8001 else 8002
    choose = f"Vel ein annan port: PORT={other} make serve, eller koord-tracker serve --port {other} ({where('port')})."
    if exc.errno == errno.EADDRINUSE:
        return f"Porten {port} på {host} er oppteken av eit anna program (kanskje ein annan «make serve»). {choose}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Porten {port} på {host} krev rettar denne brukaren ikkje har (portar under 1024 er for root). {choose}"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"Adressa {host} finst ikkje på denne maskina ({where('host')}). Bruk 127.0.0.1, eller ei adresse maskina har."
    return f"Kan ikkje lytte på {host}:{port} ({errno.errorcode.get(exc.errno or 0, 'ukjend feil')}). {choose}"


def base_url(settings: Settings, sock: socket.socket) -> str:
    """The address to open, with the port actually bound."""
    host, port = sock.getsockname()[:2]
    try:
        unspecified = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        unspecified = False
    shown = "127.0.0.1" if unspecified else settings.host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"
