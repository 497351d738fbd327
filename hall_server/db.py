"""The declarative base, the engine and the unit of work.

Writes go through `Database.write(hall_id)`, which opens one transaction that holds the hall's
write lock until it commits, so everything an operation reads it may rely on, and commit order is
the order of the hall's event sequence (a reader that has seen event N has seen every event < N):

- SQLite: the write engine sends `BEGIN IMMEDIATE` (a deferred `BEGIN` that later writes fails
  with "database is locked" under contention, ecosystem.md §7.2), in WAL mode with
  `synchronous=NORMAL` and a 30 s busy timeout; reads use a second engine with a plain `BEGIN`;
- PostgreSQL: `SELECT … FOR UPDATE` on the hall's row in `halls` (one lock per hall, so two halls
  of a province never wait for each other).

Services receive the `Session` and never commit; the unit of work does.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware instant, stored in UTC (SQLite keeps no zone, so we never let one in)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("naive datetime refused")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 (SQLAlchemy's class attribute)


class Database:
    """The engines of one database and its units of work."""

    def __init__(self, url: str, *, pool_size: int = 16) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.write_engine = _sqlite_engine(url, "BEGIN IMMEDIATE", pool_size)
            self.read_engine = _sqlite_engine(url, "BEGIN", pool_size)
        else:
            self.write_engine = create_engine(
                url, pool_size=pool_size, max_overflow=pool_size * 2, pool_pre_ping=True
            )
            self.read_engine = self.write_engine
        # SQLite has one writer at a time; its busy handler makes waiting writers sleep and poll
        # (up to 100 ms a nap), so this process's writers queue on a lock instead and only
        # other processes meet the busy timeout.
        self._write_lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self, hall_id: str | None = None) -> Iterator[Session]:
        """One write transaction holding the hall's lock; commits on success."""
        with self._write_lock or contextlib.nullcontext(), self._writer.begin() as session:
            if hall_id is not None and not self.is_sqlite:
                from hall_server.models import Hall  # the models import this module

                session.execute(
                    select(Hall.hall_id).where(Hall.hall_id == hall_id).with_for_update()
                )
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


def _sqlite_engine(url: str, begin: str, pool_size: int) -> Engine:
    engine = create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False},
        pool_size=pool_size,
        max_overflow=pool_size * 2,
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy (the begin hook below) own the transaction, not the legacy driver mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine
