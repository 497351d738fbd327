"""Alembic's environment for the hall server: the engine comes from `migrate.alembic_config`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

import hall_server.models  # noqa: F401 (registers the tables)
from hall_server.db import Base

engine: Engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
