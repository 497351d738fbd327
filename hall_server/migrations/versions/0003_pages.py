"""pages: content-addressed, resumable page uploads (pages, page_chunks) and the form values the
e-license look-up supplies (license_values)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hall_server.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pages",
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=True),
        sa.Column("content_enc", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", hall_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("completed_at", hall_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_pages_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint("hall_id", "sha256", name=op.f("pk_pages")),
    )
    op.create_table(
        "page_chunks",
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("content_enc", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id", "sha256"],
            ["pages.hall_id", "pages.sha256"],
            name=op.f("fk_page_chunks_hall_id_pages"),
        ),
        sa.PrimaryKeyConstraint("hall_id", "sha256", "start", name=op.f("pk_page_chunks")),
    )
    op.create_table(
        "license_values",
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("applicant_key", sa.String(length=32), nullable=False),
        sa.Column("material", sa.String(length=64), nullable=False),
        sa.Column("values_enc", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.hall_id"], name=op.f("fk_license_values_hall_id_halls")
        ),
        sa.PrimaryKeyConstraint(
            "hall_id", "applicant_key", "material", name=op.f("pk_license_values")
        ),
    )


def downgrade() -> None:
    op.drop_table("license_values")
    op.drop_table("page_chunks")
    op.drop_table("pages")
