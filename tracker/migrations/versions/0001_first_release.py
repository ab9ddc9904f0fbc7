"""The schema as the release before migrations created it (metadata.create_all at d8eaa4a): attempts, roster and
the export log. A database from that release has these tables and no alembic_version; upgrade() marks it as this
revision and goes on from here, so this script runs only on a new database.

Revision ID: 0001
Revises:
Create Date: 2026-11-23"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("attempt_id", sa.String(36), primary_key=True),
        sa.Column("employee", sa.String(32), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("unit", sa.String(120), nullable=False),
        sa.Column("module_id", sa.String(64), nullable=False),
        sa.Column("module_version", sa.String(16), nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_attempts_unit", "attempts", ["unit"])
    op.create_index("ix_attempts_finished_at", "attempts", ["finished_at"])
    op.create_table(
        "roster",
        sa.Column("employee", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("unit", sa.String(120), nullable=False),
        sa.Column("roles", sa.Text, nullable=False),
        sa.Column("leads", sa.Text, nullable=False),
    )
    op.create_index("ix_roster_unit", "roster", ["unit"])
    op.create_table(
        "export_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(64), nullable=False),
        sa.Column("what", sa.String(32), nullable=False),
        sa.Column("filter", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("export_log")
    op.drop_table("roster")
    op.drop_table("attempts")
