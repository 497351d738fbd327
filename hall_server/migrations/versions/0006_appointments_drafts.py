"""appointments with a check-in code, the kiosk's pre-scan drafts, and the tickets a case was
served on

Tables: appointments (预约: slot, 8-digit check-in code unique per hall, sealed applicant id,
state, the ticket of the check-in), kiosk_drafts (one sealed draft per ticket), case_tickets
(case ↔ ticket links, in link order).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hall_server.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("appointment_id", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("queue", sa.String(length=32), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=True),
        sa.Column("slot_start", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("slot_end", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("applicant_key", sa.String(length=32), nullable=True),
        sa.Column("applicant_id_enc", sa.LargeBinary(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("created_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ticket_id", sa.String(length=40), nullable=True),
        sa.Column("checked_in_at", hall_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", hall_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_appointments_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
        sa.UniqueConstraint(
            "hall_id", "appointment_id", name=op.f("uq_appointments_hall_id_appointment_id")
        ),
        sa.UniqueConstraint("hall_id", "code", name=op.f("uq_appointments_hall_id_code")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_appointments_hall_day", ["hall_id", "business_date"], unique=False
        )

    op.create_table(
        "case_tickets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("ticket_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("linked_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_case_tickets_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_tickets")),
        sa.UniqueConstraint(
            "hall_id",
            "case_id",
            "ticket_id",
            name=op.f("uq_case_tickets_hall_id_case_id_ticket_id"),
        ),
    )
    op.create_table(
        "kiosk_drafts",
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("ticket_id", sa.String(length=40), nullable=False),
        sa.Column("body_enc", sa.LargeBinary(), nullable=False),
        sa.Column("device", sa.String(length=100), nullable=False),
        sa.Column("created_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_kiosk_drafts_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("hall_id", "ticket_id", name=op.f("pk_kiosk_drafts")),
    )


def downgrade() -> None:
    op.drop_table("kiosk_drafts")
    op.drop_table("case_tickets")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_hall_day")

    op.drop_table("appointments")
