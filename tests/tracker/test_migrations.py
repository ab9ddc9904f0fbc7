"""The schema's versions (Alembic): a database made by the release before migrations, with attempts, roster and
export log in it, is refused at start until `koord-tracker upgrade` has brought it up, and the upgrade keeps every
row, on SQLite and PostgreSQL; a new database is created at the newest revision; the migrations end in exactly the
schema tracker/db.py describes."""

import datetime as dt
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    func,
    insert,
    inspect,
    select,
    text,
)

from tests.tracker.conftest import LOCAL, admin, attempt
from tracker import db, migrations
from tracker.cli import main
from tracker.main import create_app
from tracker.settings import ConfigError

# The tables exactly as the release before migrations defined them (tracker/db.py at d8eaa4a), made with its
# create_all. Written out here, not imported: tracker/db.py now describes the newest revision.
previous = MetaData()
old_attempts = Table(
    "attempts",
    previous,
    Column("attempt_id", String(36), primary_key=True),
    Column("employee", String(32), nullable=False),
    Column("name", String(120), nullable=False),
    Column("unit", String(120), nullable=False, index=True),
    Column("module_id", String(64), nullable=False),
    Column("module_version", String(16), nullable=False),
    Column("correct", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("score", Integer, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False, index=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("payload_hash", String(64), nullable=False),
)
old_roster = Table(
    "roster",
    previous,
    Column("employee", String(32), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("unit", String(120), nullable=False, index=True),
    Column("roles", Text, nullable=False),
    Column("leads", Text, nullable=False),
)
old_export_log = Table(
    "export_log",
    previous,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(64), nullable=False),
    Column("what", String(32), nullable=False),
    Column("filter", Text, nullable=False),
)


@pytest.fixture
def env(settings, monkeypatch):
    """The CLI reads its settings from the environment, as IT (and the systemd unit) would set them."""
    monkeypatch.setenv("KOORD_TRACKER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("KOORD_TRACKER_MANIFEST", str(settings.manifest))
    monkeypatch.setenv("KOORD_TRACKER_ADMIN_TOKEN", settings.admin_token.get_secret_value())
    if settings.database_url:
        monkeypatch.setenv("KOORD_TRACKER_DATABASE_URL", settings.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def _previous_release(url: str) -> dict[str, list[tuple]]:
    """A database as the previous release left it, with rows in every table (some with the characters and the
    values at the edges a real one holds); returns every row per table."""
    engine = create_engine(url)
    moment = dt.datetime(2026, 3, 29, 0, 59, 59, 999000, tzinfo=dt.UTC)  # the night summer time begins in Oslo
    try:
        previous.create_all(engine)
        with engine.begin() as conn:
            conn.execute(
                insert(old_attempts),
                [
                    {
                        "attempt_id": str(uuid.UUID(int=n)),
                        "employee": f"{10000 + n % 7:05d}",
                        "name": ["Kari Nordmann", "Åse Øvrebø", 'O\'Brien; "Jr"'][n % 3],
                        "unit": "Medisinsk avdeling" if n % 2 else "Kirurgisk poliklinikk",
                        "module_id": "test-modul",
                        "module_version": ["1.1", "1.2"][n % 2],
                        "correct": n % 5,
                        "total": 4,
                        "score": (n % 5) * 25,
                        "passed": n % 5 >= 2,
                        "finished_at": moment - dt.timedelta(hours=n),
                        "recorded_at": moment - dt.timedelta(hours=n, seconds=-3),
                        "payload_hash": f"{n:064x}",
                    }
                    for n in range(40)
                ],
            )
            conn.execute(
                insert(old_roster),
                [
                    {
                        "employee": "10001",
                        "name": "Kari Nordmann",
                        "unit": "Medisinsk avdeling",
                        "roles": "koordinator",
                        "leads": "",
                    },
                    {
                        "employee": "00105",
                        "name": "Åse Øvrebø",
                        "unit": "Kirurgisk poliklinikk",
                        "roles": "koordinator einingsleiar",
                        "leads": "Kirurgisk poliklinikk|Medisinsk avdeling",
                    },
                ],
            )
            conn.execute(
                insert(old_export_log),
                [
                    {
                        "at": moment,
                        "who": "admin-token",
                        "what": "completions",
                        "filter": '{"format": "xlsx", "unit": "Medisinsk avdeling"}',
                    },
                    {"at": moment, "who": "cli", "what": "empty-roster", "filter": '{"removed": 5}'},
                ],
            )
        return _rows(engine)
    finally:
        engine.dispose()


def _rows(engine) -> dict[str, list[tuple]]:
    """Every row of the previous release's tables, in key order, with times as UTC (SQLite gives them back naive)."""
    found = {}
    with engine.connect() as conn:
        for old in (old_attempts, old_roster, old_export_log):
            rows = conn.execute(select(*old.columns).order_by(*old.primary_key.columns)).all()
            found[old.name] = [tuple(db.utc(v) if isinstance(v, dt.datetime) else v for v in row) for row in rows]
    return found


def test_an_upgrade_from_the_previous_release_keeps_every_row(env, capsys):
    before = _previous_release(env.url)
    assert len(before["attempts"]) == 40 and len(before["roster"]) == 2 and len(before["export_log"]) == 2

    # The tracker refuses to start on it, and says which command brings it up.
    with pytest.raises(ConfigError) as refused:
        create_app(env)
    assert "Køyr «koord-tracker upgrade»" in str(refused.value)
    assert "revisjon før migreringar" in str(refused.value) and "\n" not in str(refused.value)
    assert main(["export", "--out", str(env.data_dir / "ut.csv")]) == 2
    assert "koord-tracker upgrade" in capsys.readouterr().err

    assert main(["upgrade"]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and err == ""
    assert f"er oppgradert frå revisjon før migreringar til {migrations.head()}" in out
    assert "40 forsøk, 2 personar i personallista, 2 linjer i uttrekksloggen" in out

    engine = db.make_engine(env.url)
    try:
        assert _rows(engine) == before, "every row of every table, unchanged"
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == migrations.head()
            assert conn.execute(select(db.attempt_items)).all() == [], "earlier attempts have no items"
    finally:
        engine.dispose()

    # Now the tracker starts, serves the earlier attempts, and stores a new attempt's items with it.
    with TestClient(create_app(env), client=LOCAL) as client:
        assert client.post("/api/v1/attempts", json=attempt()).status_code == 201
        csv = client.get("/api/v1/reports/completions.csv", headers=admin()).content.decode("utf-8-sig")
        assert 'O\'Brien; ""Jr""' in csv and "Åse Øvrebø" in csv
    assert main(["upgrade"]) == 0
    assert "ingenting er endra" in capsys.readouterr().out


def test_the_migrations_end_in_the_schema_the_tracker_describes(env, capsys):
    """Upgraded from the previous release and created new alike: no difference from tracker/db.py's tables,
    columns, types, indexes and keys (Alembic's own comparison)."""
    _previous_release(env.url)
    assert main(["upgrade"]) == 0
    engine = db.make_engine(env.url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
            keys = inspect(conn).get_foreign_keys("attempt_items")
            assert [(k["referred_table"], k["options"].get("ondelete")) for k in keys] == [("attempts", "CASCADE")]
    finally:
        engine.dispose()


def test_a_new_database_is_created_at_the_newest_revision(settings):
    with TestClient(create_app(settings), client=LOCAL) as client:
        assert client.post("/api/v1/attempts", json=attempt()).status_code == 201
    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == migrations.head()
            assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
    finally:
        engine.dispose()


def test_a_database_from_a_newer_tracker_or_not_from_a_tracker_is_refused_in_one_line(env, capsys):
    assert main(["upgrade"]) == 0
    assert "er oppretta, på revisjon" in capsys.readouterr().out
    engine = db.make_engine(env.url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(ConfigError) as refused:
        create_app(env)
    assert "nyare versjon av sporingstenesta (revisjon 9999)" in str(refused.value)
    assert main(["upgrade"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("koord-tracker upgrade: ") and "Traceback" not in err


def test_a_database_with_only_some_of_the_tables_is_not_taken_for_one(env, capsys):
    engine = create_engine(env.url)
    old_roster.create(engine)
    engine.dispose()
    assert main(["upgrade"]) == 2
    err = capsys.readouterr().err
    assert "ikkje attempts, export_log" in err and err.count("\n") == 1
    with pytest.raises(ConfigError):
        create_app(env)


def test_an_upgrade_that_fails_changes_nothing(env, capsys, monkeypatch):
    """All in one transaction, on SQLite too: a migration that fails halfway leaves the previous release's
    database as it was, and says so in one line."""
    before = _previous_release(env.url)
    from alembic.operations import Operations

    real = Operations.create_index

    def fail_on_the_index(self, name, *args, **kwargs):
        if name == "ix_attempts_module_version":
            raise migrations.SchemaError("Prøvefeil midt i oppgraderinga.")
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_index", fail_on_the_index)
    assert main(["upgrade"]) == 2
    assert capsys.readouterr().err == "koord-tracker upgrade: Prøvefeil midt i oppgraderinga.\n"
    engine = db.make_engine(env.url)
    try:
        assert _rows(engine) == before
        names = set(inspect(engine).get_table_names())
        assert "attempt_items" not in names and "alembic_version" not in names, (
            "the new table and the stamp are rolled back"
        )
    finally:
        engine.dispose()


def _at_0002(url: str) -> dict[str, list[tuple]]:
    """A database at revision 0002 (the release with the item statistics), with rows in every table, attempt items
    included; returns every row per table."""
    from alembic import command

    engine = migrations.migration_engine(url)
    try:
        with engine.begin() as conn:
            cfg = migrations.config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
    finally:
        engine.dispose()
    rows = _previous_release_rows()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for name, values in rows.items():
                conn.execute(insert(db.metadata.tables[name]), values)
        return _rows_of(engine, rows)
    finally:
        engine.dispose()


def _previous_release_rows() -> dict[str, list[dict]]:
    moment = dt.datetime(2026, 10, 25, 0, 59, 59, 999000, tzinfo=dt.UTC)  # the night summer time ends in Oslo
    attempts = [
        {
            "attempt_id": str(uuid.UUID(int=n)),
            "employee": f"{10000 + n % 7:05d}",
            "name": ["Kari Nordmann", "Åse Øvrebø", 'O\'Brien; "Jr"'][n % 3],
            "unit": "Medisinsk avdeling",
            "module_id": "test-modul",
            "module_version": "1.2",
            "correct": n % 5,
            "total": 4,
            "score": (n % 5) * 25,
            "passed": n % 5 >= 2,
            "finished_at": moment - dt.timedelta(hours=n),
            "recorded_at": moment,
            "payload_hash": f"{n:064x}",
        }
        for n in range(12)
    ]
    items = [
        {"attempt_id": a["attempt_id"], "question_id": q, "chosen": "a b", "is_right": q == "q1"}
        for a in attempts
        for q in ("q1", "q2")
    ]
    return {
        "attempts": attempts,
        "attempt_items": items,
        "roster": [
            {
                "employee": "10001",
                "name": "Kari Nordmann",
                "unit": "Medisinsk avdeling",
                "roles": "koordinator",
                "leads": "",
            }
        ],
        "export_log": [{"at": moment, "who": "admin-token", "what": "items", "filter": '{"module": "test-modul"}'}],
    }


def _rows_of(engine, names) -> dict[str, list[tuple]]:
    found = {}
    with engine.connect() as conn:
        for name in names:
            table = db.metadata.tables[name]
            rows = conn.execute(select(*table.columns).order_by(*table.primary_key.columns)).all()
            found[name] = [tuple(db.utc(v) if isinstance(v, dt.datetime) else v for v in row) for row in rows]
    return found


def test_an_upgrade_from_0002_keeps_every_row_and_adds_confirmations_and_feedback(env, capsys):
    before = _at_0002(env.url)
    assert len(before["attempt_items"]) == 24
    with pytest.raises(ConfigError) as refused:
        create_app(env)
    assert "revisjon 0002" in str(refused.value)

    assert main(["upgrade"]) == 0
    assert f"er oppgradert frå revisjon 0002 til {migrations.head()}" in capsys.readouterr().out
    engine = db.make_engine(env.url)
    try:
        assert _rows_of(engine, before) == before, "every row of every table, attempt items included"
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == migrations.head() == "0003"
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata) == []
            for name in ("read_confirmations", "feedback", "feedback_changes"):
                assert conn.execute(select(func.count()).select_from(db.metadata.tables[name])).scalar_one() == 0
            keys = inspect(conn).get_foreign_keys("feedback_changes")
            assert [(k["referred_table"], k["options"].get("ondelete")) for k in keys] == [("feedback", "CASCADE")]
    finally:
        engine.dispose()
