"""hall operations: hall configuration in the database (audited), 呼叫帮办, follow-up deadlines

Tables: hall_configs (versioned configuration documents), config_audit, help_calls,
rating_loops (the 差评 follow-up loop with its deadline).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hall_server.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "config_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_config_audit_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_config_audit")),
    )
    with op.batch_alter_table("config_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_config_audit_hall_id"), ["hall_id"], unique=False)

    op.create_table(
        "hall_configs",
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("created_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_hall_configs_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("hall_id", "version", name=op.f("pk_hall_configs")),
    )
    op.create_table(
        "help_calls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("kiosk", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("created_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", hall_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_help_calls_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_calls")),
    )
    with op.batch_alter_table("help_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_calls_hall_id"), ["hall_id"], unique=False)

    op.create_table(
        "rating_loops",
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("assignee", sa.String(length=100), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("opened_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", hall_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_rating_loops_hall_id_halls")
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["ratings.id"], name=op.f("fk_rating_loops_rating_id_ratings")
        ),
        sa.PrimaryKeyConstraint("rating_id", name=op.f("pk_rating_loops")),
    )
    with op.batch_alter_table("rating_loops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_loops_hall_id"), ["hall_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rating_loops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_loops_hall_id"))
    op.drop_table("rating_loops")
    with op.batch_alter_table("help_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_calls_hall_id"))
    op.drop_table("help_calls")
    op.drop_table("hall_configs")
    with op.batch_alter_table("config_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_config_audit_hall_id"))
    op.drop_table("config_audit")
