"""The schema: migrations build it, and the models agree with them on both stores."""

from __future__ import annotations

from sqlalchemy import inspect

from hall_server.db import Base, Database
from hall_server.migrate import pending_changes, upgrade


def test_migrations_and_models_agree(db_url: str) -> None:
    db = Database(db_url)
    try:
        upgrade(db.write_engine)
        assert pending_changes(db.write_engine) == []
        upgrade(db.write_engine)  # a second start is a no-op
    finally:
        db.dispose()


def test_every_table_carries_the_hall_id(db_url: str) -> None:
    db = Database(db_url)
    try:
        upgrade(db.write_engine)
        inspector = inspect(db.write_engine)
        tables = set(inspector.get_table_names()) - {"alembic_version"}
        assert tables == set(Base.metadata.tables)
        for table in tables:
            columns = {c["name"] for c in inspector.get_columns(table)}
            assert "hall_id" in columns, table
    finally:
        db.dispose()
