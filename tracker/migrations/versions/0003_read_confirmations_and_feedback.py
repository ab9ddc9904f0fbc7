"""Read confirmations of the guideline and feedback from readers to the editors (issue 27): who confirmed which
version when (once per person and version), and each message with its page, section and guideline version, its
status and note, and every change the editors made to them. Nothing that was there before is changed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "read_confirmations",
        sa.Column("confirmation_id", sa.String(36), primary_key=True),
        sa.Column("employee", sa.String(32), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("unit", sa.String(120), nullable=False),
        sa.Column("version", sa.String(16), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("employee", "version", name="uq_read_confirmations_employee_version"),
    )
    op.create_table(
        "feedback",
        sa.Column("feedback_id", sa.String(36), primary_key=True),
        sa.Column("page", sa.String(200), nullable=False),
        sa.Column("section", sa.String(100), nullable=True),
        sa.Column("guideline_version", sa.String(16), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reply_to", sa.String(120), nullable=True),
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_feedback_sender_received_at", "feedback", ["sender", "received_at"])
    op.create_index("ix_feedback_received_at", "feedback", ["received_at"])
    op.create_table(
        "feedback_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "feedback_id",
            sa.String(36),
            sa.ForeignKey("feedback.feedback_id", ondelete="CASCADE", name="fk_feedback_changes_feedback"),
            nullable=False,
            index=True,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feedback_changes")
    op.drop_index("ix_feedback_received_at", "feedback")
    op.drop_index("ix_feedback_sender_received_at", "feedback")
    op.drop_table("feedback")
    op.drop_table("read_confirmations")
