"""Storage with SQLAlchemy Core: one code path for the embedded SQLite file and for PostgreSQL. The tables below
are the schema at the newest migration (tracker/migrations); a test holds the two together."""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.pool import QueuePool

metadata = MetaData()

attempts = Table(
    "attempts",
    metadata,
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
    # A hash of what the client sent, not the answers themselves: enough to tell a repeat from a clash.
    Column("payload_hash", String(64), nullable=False),
    # The statistics read one module version at a time, each person's attempts in order.
    Index("ix_attempts_module_version", "module_id", "module_version", "employee", "finished_at"),
)

# What an attempt answered, per question (each question of a case on its own): the options chosen, in id order
# and separated by spaces, and whether that was right. Nothing about the learner: the attempt holds that. Stored
# in the same transaction as the attempt; attempts from before migration 0002 have none.
attempt_items = Table(
    "attempt_items",
    metadata,
    Column(
        "attempt_id",
        String(36),
        ForeignKey("attempts.attempt_id", ondelete="CASCADE", name="fk_attempt_items_attempt"),
        nullable=False,
    ),
    Column("question_id", String(64), nullable=False),
    Column("chosen", Text, nullable=False),
    Column("is_right", Boolean, nullable=False),
    PrimaryKeyConstraint("attempt_id", "question_id", name="pk_attempt_items"),
)

roster = Table(
    "roster",
    metadata,
    Column("employee", String(32), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("unit", String(120), nullable=False, index=True),
    Column("roles", Text, nullable=False),  # role ids separated by spaces
    Column("leads", Text, nullable=False),  # units this person leads, separated by "|"
)

# Who confirmed having read which version of the guideline, and when (migration 0003). Once per person and
# version: a repeat, with the same id or not, finds the first.
read_confirmations = Table(
    "read_confirmations",
    metadata,
    Column("confirmation_id", String(36), primary_key=True),
    Column("employee", String(32), nullable=False),
    Column("name", String(120), nullable=False),
    Column("unit", String(120), nullable=False),
    Column("version", String(16), nullable=False),
    Column("confirmed_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("employee", "version", name="uq_read_confirmations_employee_version"),
)

# What readers tell the editors (migration 0003): the text as written, where it was written, and who sent it (the
# login's user, or in form mode the client's address: what the daily limit counts). Status and note are the
# editors'; each change they make is kept in feedback_changes.
feedback = Table(
    "feedback",
    metadata,
    Column("feedback_id", String(36), primary_key=True),
    Column("page", String(200), nullable=False),
    Column("section", String(100), nullable=True),
    Column("guideline_version", String(16), nullable=True),
    Column("text", Text, nullable=False),
    Column("reply_to", String(120), nullable=True),
    Column("sender", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Index("ix_feedback_sender_received_at", "sender", "received_at"),
    Index("ix_feedback_received_at", "received_at"),
)

feedback_changes = Table(
    "feedback_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "feedback_id",
        String(36),
        ForeignKey("feedback.feedback_id", ondelete="CASCADE", name="fk_feedback_changes_feedback"),
        nullable=False,
        index=True,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
)

export_log = Table(
    "export_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(64), nullable=False),
    Column("what", String(32), nullable=False),
    Column("filter", Text, nullable=False),
)


class Busy(Exception):
    """The database is locked by another writer (a backup, the CLI) or has no free connection: try again soon."""


def make_engine(url: str, busy_seconds: float = 1.0) -> Engine:
    if url.startswith("sqlite"):
        # Threads share the file; WAL lets readers work while one writer commits. A writer that finds the file
        # locked waits `busy_seconds` and then gives up (503), rather than holding a request for half a minute.
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": busy_seconds}, pool_timeout=busy_seconds
        )

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before the 201 goes out, so a power cut cannot take back an acknowledged
            # attempt (the browser deletes its copy on 201). NORMAL could lose the last commits in WAL mode.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA wal_autocheckpoint=20000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    else:
        # A database server that does not answer (a firewall dropping packets) fails the start within 10 s.
        engine = create_engine(
            url, pool_pre_ping=True, pool_timeout=busy_seconds * 5, connect_args={"connect_timeout": 10}
        )
    # The tables are the migrations' business (tracker/migrations; startup.open_database checks the revision).
    return engine


def utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; everything stored is UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


# SQLite has one writer at a time, and a writer that finds the file locked sleeps in growing steps. Taking turns
# on a lock in this process instead keeps the tail latency low; PostgreSQL needs no such help. The wait is bounded
# like SQLite's own, so a queue of writers behind a lock held elsewhere answers 503 instead of piling up.
_sqlite_writes = threading.Lock()


@contextmanager
def _writer_turn(engine: Engine):
    if engine.dialect.name != "sqlite":
        yield
        return
    assert isinstance(engine.pool, QueuePool), "a file database, with the pool_timeout it was made with"
    if not _sqlite_writes.acquire(timeout=engine.pool.timeout()):
        raise Busy
    try:
        yield
    finally:
        _sqlite_writes.release()


def _insert(conn, row: dict, unit_from_roster: bool) -> tuple[dict | None, bool]:
    """Store an attempt unless its id is already there; return the stored row and whether this call stored it.
    With `unit_from_roster`, a unit the roster does not have (when there is a roster) stores nothing: (None, False)."""
    # RETURNING tells a new row from a repeat on every database (rowcount is -1 on PostgreSQL for this statement).
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(attempts)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["attempt_id"])
        .returning(attempts.c.attempt_id)
    )
    if unit_from_roster and not _unit_allowed(conn, row["unit"]):
        return None, False
    if conn.execute(statement).first() is not None:
        return row, True
    return dict(
        conn.execute(select(attempts).where(attempts.c.attempt_id == row["attempt_id"])).mappings().one()
    ), False


class GroupWriter:
    """The one way attempts are stored: group commit. One thread takes every attempt waiting to be stored and
    commits them in one transaction, so that one fsync (SQLite synchronous=FULL, PostgreSQL's commit) serves many
    requests. Each request learns its result only after the commit has returned, so a 201 still means on disk. A
    batch that fails (a lock held elsewhere past the busy timeout) fails every request in it, and they answer 503;
    nothing in it was stored."""

    def __init__(self, engine: Engine, batch: int = 256):
        self.engine, self.batch = engine, batch
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="sqlite-writer", daemon=True)
        self.thread.start()

    def submit(self, row: dict, unit_from_roster: bool, items: Sequence[dict] = ()) -> Future:
        """Store `row` (an attempt) and, when it is new, its `items` (question_id, chosen, is_right) with it."""
        future: Future = Future()
        self.queue.put((row, unit_from_roster, items, future))
        return future

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(10)

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            batch = [item]
            while len(batch) < self.batch:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self.queue.put(None)  # stop after this batch
                    break
                batch.append(item)
            try:
                with _writer_turn(self.engine), self.engine.begin() as conn:
                    results = [_insert(conn, row, check) for row, check, _, _ in batch]
                    # A repeat (stored before, or earlier in this batch) stores no items: they are the first's.
                    answered = [
                        {**item, "attempt_id": row["attempt_id"]}
                        for (row, _, items, _), (_, created) in zip(batch, results, strict=True)
                        if created
                        for item in items
                    ]
                    if answered:
                        conn.execute(insert(attempt_items), answered)
            except Exception as exc:  # noqa: BLE001 - handed to every waiting request
                for *_, future in batch:
                    future.set_exception(exc)
            else:
                for (*_, future), result in zip(batch, results, strict=True):
                    future.set_result(result)


def _unit_allowed(conn, unit: str) -> bool:
    """No roster yet, or the roster has this unit (two indexed lookups)."""
    has_roster = conn.execute(select(roster.c.employee).limit(1)).first() is not None
    return not has_roster or _has(conn, roster, unit)


def _has(conn, table: Table, unit: str) -> bool:
    return conn.execute(select(table.c.unit).where(table.c.unit == unit).limit(1)).first() is not None


def unit_known(engine: Engine, unit: str) -> bool:
    """Someone in the roster works in this unit, or some attempt was recorded for it (both columns indexed)."""
    with engine.connect() as conn:
        return _has(conn, roster, unit) or _has(conn, attempts, unit)


def attempts_by_id(engine: Engine, ids: list[str], employee: str | None) -> list[dict]:
    """Stored attempts among these ids (the ids are random UUIDs only the browser that made them knows)."""
    query = select(attempts).where(attempts.c.attempt_id.in_(ids))
    if employee is not None:
        query = query.where(attempts.c.employee == employee)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query.order_by(attempts.c.finished_at)).mappings()]


def attempts_of(engine: Engine, employee: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(attempts).where(attempts.c.employee == employee).order_by(attempts.c.finished_at))
        return [dict(row) for row in rows.mappings()]


def stream_completions(
    engine: Engine, units: list[str] | None, module: str | None, start: dt.datetime | None, end: dt.datetime | None
) -> Iterator[tuple]:
    """Passed attempts as (employee, name, unit, module id, version, score, finished at), oldest first, fetched in
    batches so that memory does not grow with the number of rows."""
    c = attempts.c
    query = select(c.employee, c.name, c.unit, c.module_id, c.module_version, c.score, c.finished_at).where(
        c.passed.is_(True)
    )
    if units is not None:
        query = query.where(attempts.c.unit.in_(units))
    if module:
        query = query.where(attempts.c.module_id == module)
    if start:
        query = query.where(attempts.c.finished_at >= start)
    if end:
        query = query.where(attempts.c.finished_at < end)
    with engine.connect().execution_options(stream_results=True, yield_per=2000) as conn:
        yield from conn.execute(query.order_by(c.finished_at, c.attempt_id))


def latest_passes(engine: Engine, employees: list[str]) -> dict[tuple[str, str], dict]:
    """The newest passed attempt per (employee, module) for these employees."""
    latest: dict[tuple[str, str], dict] = {}
    with engine.connect() as conn:
        for start in range(0, len(employees), 500):
            batch = employees[start : start + 500]
            query = (
                select(attempts)
                .where(attempts.c.passed.is_(True), attempts.c.employee.in_(batch))
                .order_by(attempts.c.finished_at)
            )
            for row in conn.execute(query).mappings():
                latest[(row["employee"], row["module_id"])] = dict(row)
    return latest


def replace_roster(engine: Engine, people: list[dict]) -> None:
    """Swap the whole roster in one transaction; attempts are not touched."""
    with _writer_turn(engine), engine.begin() as conn:
        conn.execute(delete(roster))
        for start in range(0, len(people), 5000):
            conn.execute(insert(roster), people[start : start + 5000])


def empty_roster(engine: Engine, who: str) -> int:
    """Remove every person from the roster on purpose, and log it with the exports (who, when, how many), in one
    transaction; attempts are not touched. Returns how many were removed."""
    import json

    with _writer_turn(engine), engine.begin() as conn:
        count = conn.execute(select(func.count()).select_from(roster)).scalar_one()
        conn.execute(delete(roster))
        conn.execute(
            insert(export_log).values(
                at=dt.datetime.now(dt.UTC), who=who, what="empty-roster", filter=json.dumps({"removed": count})
            )
        )
    return count


def roster_units(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(roster.c.unit).distinct().order_by(roster.c.unit)).scalars())


def unlisted(engine: Engine) -> list[dict]:
    """People with recorded attempts who are not in the roster: (employee, name, attempts, last finished)."""
    c = attempts.c
    query = (
        select(
            c.employee,
            func.max(c.name).label("name"),
            func.count().label("attempts"),
            func.max(c.finished_at).label("last"),
        )
        .where(c.employee.not_in(select(roster.c.employee)))
        .group_by(c.employee)
        .order_by(c.employee)
    )
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def roster_people(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(select(roster).order_by(roster.c.unit, roster.c.employee)).mappings()]


def roster_person(engine: Engine, employee: str) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(select(roster).where(roster.c.employee == employee)).mappings().first()
        return dict(row) if row else None


def log_export(engine: Engine, who: str, what: str, filter_text: str) -> None:
    with _writer_turn(engine), engine.begin() as conn:
        conn.execute(insert(export_log).values(at=dt.datetime.now(dt.UTC), who=who, what=what, filter=filter_text))


def delete_attempts_before(
    engine: Engine, cutoff: dt.datetime, dry_run: bool, module_id: str | None = None, not_in: list[str] | None = None
) -> int:
    """Delete attempts finished before `cutoff`: of one module, or of every module not in `not_in`."""
    condition = attempts.c.finished_at < cutoff
    if module_id is not None:
        condition = condition & (attempts.c.module_id == module_id)
    if not_in is not None:
        condition = condition & attempts.c.module_id.not_in(not_in)
    with engine.begin() as conn:
        count = conn.execute(select(func.count()).select_from(attempts).where(condition)).scalar_one()
        if not dry_run:
            # Their items first, said here rather than left to ON DELETE CASCADE, which SQLite applies only with
            # its foreign keys on.
            conn.execute(
                delete(attempt_items).where(
                    attempt_items.c.attempt_id.in_(select(attempts.c.attempt_id).where(condition))
                )
            )
            conn.execute(delete(attempts).where(condition))
    return count


def store_confirmation(engine: Engine, row: dict, unit_from_roster: bool) -> tuple[dict | None, bool]:
    """Store a read confirmation unless this id, or this person's confirmation of this version, is there already;
    return the stored row (the earlier one for a repeat) and whether this call stored it. With `unit_from_roster`,
    a unit the roster does not have (when there is a roster) stores nothing: (None, False)."""
    c = read_confirmations.c
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    # No conflict target: a repeat of either key (the id, or the person and version) stores nothing.
    statement = dialect.insert(read_confirmations).values(**row).on_conflict_do_nothing().returning(c.confirmation_id)
    with _writer_turn(engine), engine.begin() as conn:
        if unit_from_roster and not _unit_allowed(conn, row["unit"]):
            return None, False
        if conn.execute(statement).first() is not None:
            return row, True
        found = (
            conn.execute(select(read_confirmations).where(c.confirmation_id == row["confirmation_id"]))
            .mappings()
            .first()
        )
        if found is None:
            found = (
                conn.execute(
                    select(read_confirmations).where(c.employee == row["employee"], c.version == row["version"])
                )
                .mappings()
                .one()
            )
        return dict(found), False


def confirmations_by_id(engine: Engine, ids: list[str], employee: str | None) -> list[dict]:
    """Stored confirmations among these ids (random UUIDs only the browser that made them knows)."""
    query = select(read_confirmations).where(read_confirmations.c.confirmation_id.in_(ids))
    if employee is not None:
        query = query.where(read_confirmations.c.employee == employee)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query.order_by(read_confirmations.c.confirmed_at)).mappings()]


def confirmations_of_major(engine: Engine, major: int, employee: str | None = None) -> dict[str, dict]:
    """Per employee, the newest confirmation of a version with this major number (2 covers 2.0, 2.1 …)."""
    c = read_confirmations.c
    query = select(read_confirmations).where(c.version.like(f"{major}.%"))
    if employee is not None:
        query = query.where(c.employee == employee)
    with engine.connect() as conn:
        return {row["employee"]: dict(row) for row in conn.execute(query.order_by(c.confirmed_at)).mappings()}


def store_feedback(engine: Engine, row: dict, limit: int, since: dt.datetime) -> tuple[dict | None, bool]:
    """Store a reader's message unless its id is there already; return the stored row (the earlier one for a
    repeat) and whether this call stored it. A new message from a sender who has sent `limit` since `since`
    stores nothing: (None, False). The count and the insert are one transaction that no other message from the
    same sender can come between (SQLite has one writer; on PostgreSQL a lock per sender)."""
    c = feedback.c
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(feedback)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["feedback_id"])
        .returning(c.feedback_id)
    )
    with _writer_turn(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(row["sender"]))))
        found = conn.execute(select(feedback).where(c.feedback_id == row["feedback_id"])).mappings().first()
        if found is not None:
            return dict(found), False
        sent = conn.execute(
            select(func.count()).select_from(feedback).where(c.sender == row["sender"], c.received_at >= since)
        ).scalar_one()
        if sent >= limit:
            return None, False
        if conn.execute(statement).first() is not None:
            return row, True
        return dict(conn.execute(select(feedback).where(c.feedback_id == row["feedback_id"])).mappings().one()), False


def all_feedback(engine: Engine) -> list[dict]:
    """Every message, newest first, each with its changes (oldest first) under "changes"."""
    with engine.connect() as conn:
        rows = [
            dict(row) | {"changes": []}
            for row in conn.execute(
                select(feedback).order_by(feedback.c.received_at.desc(), feedback.c.feedback_id)
            ).mappings()
        ]
        by_id = {row["feedback_id"]: row for row in rows}
        for change in conn.execute(select(feedback_changes).order_by(feedback_changes.c.id)).mappings():
            if change["feedback_id"] in by_id:
                by_id[change["feedback_id"]]["changes"].append(dict(change))
    return rows


def change_feedback(engine: Engine, feedback_id: str, status: str, note: str, who: str) -> bool:
    """Set a message's status and note and record the change with who and when, in one transaction; False when
    there is no such message."""
    with _writer_turn(engine), engine.begin() as conn:
        updated = conn.execute(
            feedback.update().where(feedback.c.feedback_id == feedback_id).values(status=status, note=note)
        )
        if updated.rowcount == 0:
            return False
        conn.execute(
            insert(feedback_changes).values(
                feedback_id=feedback_id, at=dt.datetime.now(dt.UTC), who=who, status=status, note=note
            )
        )
    return True


def delete_confirmations_before(engine: Engine, cutoff: dt.datetime, dry_run: bool, keep_major: int | None) -> int:
    """Delete read confirmations made before `cutoff`, except those of the major version in force (`keep_major`),
    which say who has read the guideline that holds now."""
    c = read_confirmations.c
    condition = c.confirmed_at < cutoff
    if keep_major is not None:
        condition = condition & c.version.not_like(f"{keep_major}.%")
    with engine.begin() as conn:
        count = conn.execute(select(func.count()).select_from(read_confirmations).where(condition)).scalar_one()
        if not dry_run:
            conn.execute(delete(read_confirmations).where(condition))
    return count


def delete_feedback_before(engine: Engine, cutoff: dt.datetime, dry_run: bool) -> int:
    """Delete readers' messages that came before `cutoff`, have been handled or rejected, and were not changed
    since, with their changes. A new one (ny) stays until an editor has dealt with it."""
    c = feedback.c
    changed_since = (
        select(feedback_changes.c.id)
        .where(feedback_changes.c.feedback_id == c.feedback_id, feedback_changes.c.at >= cutoff)
        .exists()
    )
    condition = (c.received_at < cutoff) & (c.status != "ny") & ~changed_since
    with engine.begin() as conn:
        count = conn.execute(select(func.count()).select_from(feedback).where(condition)).scalar_one()
        if not dry_run:
            # The changes first, said here rather than left to ON DELETE CASCADE, which SQLite applies only with its
            # foreign keys on.
            conn.execute(
                delete(feedback_changes).where(
                    feedback_changes.c.feedback_id.in_(select(c.feedback_id).where(condition))
                )
            )
            conn.execute(delete(feedback).where(condition))
    return count
