"""Alembic, run from code: the server migrates its database on start (`upgrade`), and the tests
compare the models with the migrations (`pending_changes`, empty when they agree)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from hall_server.db import Base

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def pending_changes(engine: Engine) -> list[Any]:
    """What autogenerate would put in a new migration: [] when models and migrations agree."""
    import hall_server.models  # noqa: F401 (registers the tables on Base.metadata)

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, Base.metadata))
