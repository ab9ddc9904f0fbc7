"""Backup and restore of the SQLite database with SQLite's online backup API: a consistent copy taken while the
tracker keeps recording attempts (in WAL mode readers never block the writer), and a restore into a data folder
that holds no database yet, so that nothing is ever written over. PostgreSQL has pg_dump and pg_restore."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from .settings import ConfigError, Settings, where
from .startup import writable_folder

TABLES = ("attempts", "roster", "export_log")


def _sqlite_only(settings: Settings) -> None:
    if settings.database_url:
        raise ConfigError(
            f"Databasen er ikkje SQLite ({where('database_url')}): ta tryggingskopi med pg_dump -Fc og les inn med pg_restore, "
            "som IT-sida viser."
        )


def counts(path: Path) -> dict[str, int]:
    """Rows per table of a tracker database, after SQLite's own integrity check; a ConfigError if it is not one."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError
            return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    except sqlite3.Error:
        raise ConfigError(
            f"{path} er ikkje ein heil database frå sporingstenesta. Vel ein annan tryggingskopi."
        ) from None


def summary(found: dict[str, int]) -> str:
    people, lines = found["roster"], found["export_log"]
    return (
        f"{found['attempts']} forsøk, {people} {'person' if people == 1 else 'personar'} i personallista, "
        f"{lines} {'linje' if lines == 1 else 'linjer'} i uttrekksloggen"
    )


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy into a new file beside `target` and rename it into place: a backup cut short leaves no file under the
    final name. The copy is one file (journal mode DELETE), so it can be moved and opened on its own."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".koord-", suffix=".sqlite3")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as copy:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")
        copy.close()
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def backup(settings: Settings, target: Path) -> dict[str, int]:
    """Write a copy of the running tracker's database to `target` (a new file); return its rows per table."""
    _sqlite_only(settings)
    database = settings.sqlite_file
    target = target.absolute()
    if not database.is_file():
        raise ConfigError(
            f"Finn ingen database i {settings.data_dir} ({where('data_dir')}). Sjå at datamappa er den same som tenesta bruker."
        )
    if target.exists():
        raise ConfigError(
            f"{target} finst alt. Vel eit nytt filnamn (til dømes med dagens dato), så blir ingen tryggingskopi skriven over."
        )
    if not target.parent.is_dir():
        raise ConfigError(
            f"Mappa {target.parent} finst ikkje. Lag henne først, eller vel ei anna mappe for tryggingskopien."
        )
    try:
        # Opened as the tracker opens it; it waits up to 30 s for a lock that a long write holds.
        with sqlite3.connect(database, timeout=30) as source:
            _copy(source, target)
        source.close()
    except PermissionError:
        raise ConfigError(
            f"Kan ikkje skrive i {target.parent}: brukaren har ikkje skriveløyve der. Gje brukaren løyve, eller vel ei anna mappe."
        ) from None
    except sqlite3.Error:
        raise ConfigError(
            f"Kunne ikkje lese databasen {database}. Sjå at brukaren som køyrer kommandoen, kan lese og skrive i {settings.data_dir}."
        ) from None
    return counts(target)


def restore(settings: Settings, source: Path) -> dict[str, int]:
    """Put a backup in place as the database of a data folder that has none; return its rows per table."""
    _sqlite_only(settings)
    source = source.absolute()
    database = settings.sqlite_file
    if not source.is_file():
        raise ConfigError(f"Finn ikkje tryggingskopien {source}.")
    found = counts(source)
    if any(Path(f"{database}{end}").exists() for end in ("", "-wal")):
        raise ConfigError(
            f"Datamappa {settings.data_dir} har alt ein database. Innlesing skriv aldri over ein database: stopp tenesta og "
            "flytt datamappa bort først, som IT-sida viser."
        )
    writable_folder(settings.data_dir, "data_dir")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as conn:
        _copy(conn, database)
    conn.close()
    return found
