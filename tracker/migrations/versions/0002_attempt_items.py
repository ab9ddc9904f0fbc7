"""Each attempt's answered items (issue 26): per question, the options chosen and whether that was right, stored
with the attempt in one transaction; and an index for the statistics, which read one module version at a time.
Attempts stored before this revision have no items and stay as they are.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempt_items",
        sa.Column(
            "attempt_id",
            sa.String(36),
            sa.ForeignKey("attempts.attempt_id", ondelete="CASCADE", name="fk_attempt_items_attempt"),
            nullable=False,
        ),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("chosen", sa.Text, nullable=False),
        sa.Column("is_right", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("attempt_id", "question_id", name="pk_attempt_items"),
    )
    op.create_index(
        "ix_attempts_module_version", "attempts", ["module_id", "module_version", "employee", "finished_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_attempts_module_version", "attempts")
    op.drop_table("attempt_items")
