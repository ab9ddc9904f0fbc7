"""Alembic's entry point, run by tracker.migrations.upgrade with the connection (in a transaction) it opened.

SQLite's ALTER TABLE cannot change a column or a constraint, so on SQLite every operation runs in batch mode
(a new table, the rows copied, the old one dropped), which Alembic does when render_as_batch is on."""

from alembic import context

from tracker.db import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "The tracker's migrations run through tracker.migrations.upgrade (koord-tracker upgrade), with its connection."
    )
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
