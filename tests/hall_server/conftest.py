"""Fixtures for the hall server: a fresh store per test (a SQLite file, or a PostgreSQL schema
in a throwaway database per xdist worker), the app in-process, and staff and device tokens.

PostgreSQL is the machine's server at 127.0.0.1:5432 (database `test`, user `postgres`, trust).
When it cannot be reached the PostgreSQL cases are skipped with the reason, or fail under CI=true.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from fastapi import FastAPI

from hall_server.app import create_app
from hall_server.settings import Settings

with warnings.catch_warnings():  # starlette 1.x nudges toward httpx2; httpx is what we ship
    warnings.filterwarnings("ignore", message=".*httpx2", category=UserWarning)
    from fastapi.testclient import TestClient

__all__ = ["MONDAY_9AM", "Hall", "TestClient", "enrol_everyone", "settings_for"]

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
#: A Monday morning in the hall (09:00 Shanghai): inside busy_hall's opening hours.
MONDAY_9AM = datetime(2024, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
STORES = ["sqlite", "postgresql"]


def _postgres_unavailable() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN):
            return None
    except psycopg.OperationalError as error:
        return f"PostgreSQL at 127.0.0.1:5432 unreachable: {str(error).strip()[:200]}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway database for this worker, dropped at the end."""
    reason = _postgres_unavailable()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: PostgreSQL is required)")
        pytest.skip(reason)
    name = f"ow_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=STORES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, or a new schema in the worker's PG database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hall.sqlite3'}"
        return
    database = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={database}", autocommit=True) as c:
        c.execute(f'CREATE SCHEMA "{schema}"')
    yield (
        f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}?options=-csearch_path%3D{schema}"
    )


def settings_for(db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"frozen_clock": MONDAY_9AM, "argon2_memory_kib": 1024}
    return Settings(db_url=db_url, dev=True, **{**values, **overrides})


@dataclass
class Hall:
    """The app under test and a token per role."""

    app: FastAPI
    client: Any
    tokens: dict[str, str]

    def headers(self, role: str, *, key: bool = True) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        if key:
            headers["Idempotency-Key"] = f"test-{uuid.uuid4().hex}"
        return headers

    def post(self, role: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.client.post(f"/api/v1{path}", json=body, headers=self.headers(role), **kwargs)

    def get(self, role: str, path: str, **kwargs: Any) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers(role, key=False), **kwargs)


def enrol_everyone(client: Any) -> dict[str, str]:
    """Log in the dev admin, create a user per staff role and a device per device role."""
    response = client.post(
        "/api/v1/auth/login",
        json={"hall_id": "busy-hall", "username": "admin", "password": "admin"},
    )
    assert response.status_code == 200, response.text
    tokens = {"admin": response.json()["token"]}
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    for role in ("clerk", "dept", "manager"):
        response = client.post(
            "/api/v1/users",
            json={
                "username": role,
                "display_name": f"{role} 用户",
                "password": f"{role}-password",
                "role": role,
            },
            headers={**admin, "Idempotency-Key": f"user-{role}"},
        )
        assert response.status_code == 201, response.text
        response = client.post(
            "/api/v1/auth/login",
            json={"hall_id": "busy-hall", "username": role, "password": f"{role}-password"},
        )
        tokens[role] = response.json()["token"]
    for role in ("kiosk", "board"):
        response = client.post(
            "/api/v1/devices", json={"name": f"{role}-1", "role": role}, headers=admin
        )
        assert response.status_code == 201, response.text
        tokens[role] = response.json()["token"]
    return tokens


@pytest.fixture
def app_factory(db_url: str) -> Callable[..., FastAPI]:
    def make(**overrides: Any) -> FastAPI:
        return create_app(settings_for(db_url, **overrides))

    return make


@pytest.fixture
def hall(app_factory: Callable[..., FastAPI]) -> Iterator[Hall]:
    app = app_factory()
    with TestClient(app) as client:
        yield Hall(app, client, enrol_everyone(client))
