"""The tracker's schema, versioned with Alembic: the scripts in versions/ ship inside the package, and
`koord-tracker upgrade` runs them. A new database is created at the newest revision; a database that is behind
is refused at start with one line that names the command.

A database made by the release before migrations (metadata.create_all) has the three tables of revision 0001 and
no alembic_version table: the upgrade marks it as 0001 and goes on from there.

Every upgrade runs in one transaction, so that a failure leaves the database as it was: PostgreSQL has
transactional DDL, and on SQLite the driver's own transaction handling (which leaves DDL outside any transaction)
is turned off and the transaction begun here, as BEGIN IMMEDIATE, which also keeps a second upgrade out until
this one has finished. SQLite's foreign keys are off while it runs: batch mode drops and recreates a table, and a
DROP TABLE with them on would delete the rows that refer to it (ON DELETE CASCADE); they are checked at the end.
Rows of every table the database holds are counted before and after, and an upgrade that would lose one is rolled
back.

A new revision, for developers: alembic.command.revision(tracker.migrations.config(), "what it adds")."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

# Alembic's progress lines (and its plugins' at import): the command says what happened in one line of its own.
logging.getLogger("alembic").setLevel(logging.WARNING)

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.runtime.migration import MigrationContext  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402
from sqlalchemy import Connection, Engine, NullPool, create_engine, event, func, inspect, select, table  # noqa: E402

from tracker.db import metadata  # noqa: E402

FIRST = "0001"
# The tables the release before migrations made, and so what a database from that release holds.
PREVIOUS_RELEASE = ("attempts", "roster", "export_log")
# A constant of our own for PostgreSQL's advisory lock: one upgrade at a time.
_LOCK = 0x6B6F6F7264


class SchemaError(Exception):
    """The database cannot be used or upgraded as it is: one Norwegian line for IT."""


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent))
    return cfg


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    current = _script().get_current_head()
    assert current is not None, "the tracker ships its revisions"
    return current


def described(revision: str | None) -> str:
    return "før migreringar" if revision is None else revision


@dataclass(frozen=True)
class Found:
    """What a database holds: nothing of the tracker's (new), or the revision it is at (None: the release before
    migrations)."""

    new: bool
    revision: str | None


def found(conn: Connection) -> Found:
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" in tables:
        return Found(False, MigrationContext.configure(conn).get_current_revision())
    ours = [name for name in PREVIOUS_RELEASE if name in tables]
    if not ours:
        return Found(True, None)
    if len(ours) < len(PREVIOUS_RELEASE):
        missing = ", ".join(name for name in PREVIOUS_RELEASE if name not in tables)
        raise SchemaError(
            f"Databasen har nokre av tabellane til sporingstenesta, men ikkje {missing}, og ingen versjonstabell (alembic_version). "
            "Han er ikkje laga av sporingstenesta; vel ein annan database, eller les inn ein tryggingskopi."
        )
    return Found(False, None)


def check(engine: Engine, url_shown: str) -> bool:
    """True when the database is new (it has none of the tracker's tables), False when it is at the newest
    revision; raise SchemaError when it is behind or ahead of this version of the tracker."""
    with engine.connect() as conn:
        state = found(conn)
    if state.new:
        return True
    newest = head()
    if state.revision == newest:
        return False
    known = {script.revision for script in _script().walk_revisions()}
    if state.revision is None or state.revision in known:
        raise SchemaError(
            f"Databasen {url_shown} er ikkje oppgradert til denne versjonen av sporingstenesta (han er på revisjon "
            f"{described(state.revision)}, tenesta treng {newest}). Køyr «koord-tracker upgrade» med dei same innstillingane "
            "først; han tek vare på alle rader."
        )
    raise SchemaError(
        f"Databasen {url_shown} er oppgradert av ein nyare versjon av sporingstenesta (revisjon {state.revision}), som denne "
        "versjonen ikkje kjenner. Installer den nyaste versjonen av sporingstenesta, eller les inn ein tryggingskopi frå før oppgraderinga."
    )


def migration_engine(url: str, busy_seconds: float = 30.0) -> Engine:
    """An engine for upgrading: one transaction for everything, DDL included, on SQLite too (see above)."""
    if not url.startswith("sqlite"):
        return create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 10})
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": busy_seconds})

    @event.listens_for(engine, "connect")
    def _connect(connection, _record) -> None:
        connection.isolation_level = None  # no implicit transactions: _begin below begins them, DDL included
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=OFF")  # can only be changed outside a transaction
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass(frozen=True)
class Upgraded:
    before: str | None  # None: the release before migrations
    after: str
    new: bool  # the database had none of the tracker's tables
    rows: dict[str, int]  # rows per table the database held, the same before and after


def _counts(conn: Connection, names) -> dict[str, int]:
    return {name: conn.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}


def upgrade(url: str) -> Upgraded:
    """Bring the database at `url` to the newest revision in one transaction (a new one is created there)."""
    engine = migration_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK})")
            state = found(conn)  # read inside the transaction: another upgrade may have finished meanwhile
            # Every table of the tracker's the database holds, not only the first release's: an upgrade from a
            # later revision keeps the rows of the tables that revision added too.
            present = set(inspect(conn).get_table_names())
            kept = [] if state.new else [name for name in metadata.tables if name in present]
            before = _counts(conn, kept)
            cfg = config()
            cfg.attributes["connection"] = conn
            if not state.new and state.revision is None:
                command.stamp(cfg, FIRST)
            command.upgrade(cfg, "head")
            after = _counts(conn, kept)
            if after != before:
                raise SchemaError(
                    f"Oppgraderinga ville ha endra talet på rader ({before} før, {after} etter), og er difor ikkje gjord. Sei frå til utviklarane."
                )
            if conn.dialect.name == "sqlite" and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise SchemaError(
                    "Etter oppgraderinga viser databasen rader som peikar på forsøk som ikkje finst, så ho er ikkje gjord. Sei frå til utviklarane."
                )
            reached = MigrationContext.configure(conn).get_current_revision()
            assert reached is not None, "upgraded to head just above"
            return Upgraded(state.revision if not state.new else None, reached, state.new, before)
    finally:
        engine.dispose()
