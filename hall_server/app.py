"""`create_app(settings)`: the FastAPI application. Nothing happens at import: the database is
opened, migrated and seeded in `create_app`, the event hub runs in the lifespan."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import delete, select

from hall_server import auth, catalog, errors, integrations
from hall_server.db import Database
from hall_server.errors import Problem
from hall_server.events import EventHub
from hall_server.migrate import upgrade
from hall_server.models import Hall, IdempotencyRecord, User
from hall_server.routes import appointments as appointment_routes
from hall_server.routes import auth as auth_routes
from hall_server.routes import batch as batch_routes
from hall_server.routes import case_search as case_search_routes
from hall_server.routes import cases as case_routes
from hall_server.routes import catalog as catalog_routes
from hall_server.routes import config as config_routes
from hall_server.routes import department as department_routes
from hall_server.routes import events as event_routes
from hall_server.routes import figures as figure_routes
from hall_server.routes import help_calls as help_call_routes
from hall_server.routes import kiosk_drafts as kiosk_draft_routes
from hall_server.routes import pages as page_routes
from hall_server.routes import queue as queue_routes
from hall_server.routes import ratings as rating_routes
from hall_server.routes import system as system_routes
from hall_server.settings import Settings, SettingsError
from hall_server.state import ServerState, load_configs, system_clock
from hall_server.vault import Vault
from hallcore.case import Lifecycle
from hallcore.queue import HallConfig
from hallcore.workdays import WorkingCalendar

API = "/api/v1"
#: The API's routers, mounted under `API` (the role-matrix test walks their routes).
ROUTERS = (
    system_routes.router,
    auth_routes.router,
    catalog_routes.router,
    queue_routes.router,
    appointment_routes.router,
    kiosk_draft_routes.router,
    case_routes.router,
    case_search_routes.router,
    page_routes.router,
    department_routes.router,
    rating_routes.router,
    config_routes.router,
    help_call_routes.router,
    figure_routes.router,
    event_routes.router,
    batch_routes.router,
)
_PROBLEMS = {
    status: {"model": Problem, "description": text}
    for status, text in (
        (400, "请求格式有误 / malformed request"),
        (401, "未登录 / unauthenticated"),
        (403, "无权限 / forbidden"),
        (404, "不存在 / not found"),
        (409, "冲突 / conflict"),
        (422, "请求有误 / invalid request"),
    )
}


def load_halls(refs: tuple[str, ...]) -> dict[str, HallConfig]:
    halls: dict[str, HallConfig] = {}
    for ref in refs:
        module, _, name = ref.partition(":")
        try:
            factory: Callable[[], HallConfig] = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as exc:
            raise SettingsError(f"找不到大厅配置 {ref} / no hall configuration {ref}") from exc
        config = factory()
        halls[config.hall_id] = config
    return halls


def prepare(
    db: Database,
    settings: Settings,
    halls: dict[str, HallConfig],
    passwords: auth.Passwords,
    now: datetime,
) -> None:
    """Migrate, register the halls, create the first admin when a hall has no user, and expire
    idempotency keys older than the settings keep them."""
    upgrade(db.write_engine)
    with db.write() as session:
        cutoff = now - timedelta(days=settings.idempotency_days)
        session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff))
        for config in halls.values():
            hall = session.get(Hall, config.hall_id)
            if hall is None:
                session.add(
                    Hall(
                        hall_id=config.hall_id, name_zh=config.name_zh, event_seq=0, created_at=now
                    )
                )
                session.flush()
            has_user = session.scalar(select(User.id).where(User.hall_id == config.hall_id))
            password = settings.admin_password or ("admin" if settings.dev else None)
            if has_user is None and password is not None:
                session.add(
                    User(
                        hall_id=config.hall_id,
                        username="admin",
                        display_name="管理员",
                        password_hash=passwords.hash(password),
                        role=auth.Role.ADMIN.value,
                        permissions="",
                        active=True,
                        created_at=now,
                    )
                )


def create_app(settings: Settings, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    db = Database(settings.db_url)
    halls = load_halls(settings.halls)
    clock = clock or system_clock(settings.frozen_clock)
    passwords = auth.Passwords(settings.argon2_memory_kib)
    prepare(db, settings, halls, passwords, clock())
    hub = EventHub(db)
    vault = Vault(settings.key_bytes())
    if settings.dev:  # the demo's e-licenses (integrations.DEMO_LICENSES)
        for hall_id in halls:
            with db.write(hall_id) as session:
                integrations.seed_demo_licenses(session, hall_id, vault.lookup_key, vault)
    tokens = auth.TokenCache(settings.token_cache_seconds)
    published = catalog.publish()
    lifecycle = Lifecycle(WorkingCalendar(), published.catalog.fields)
    server = ServerState(
        settings, db, vault, halls, hub, clock, passwords, published, tokens, lifecycle
    )
    load_configs(server)  # the halls' stored configuration (seeded from `halls` on first start)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await hub.start()
        try:
            yield
        finally:
            await hub.stop()
            db.dispose()

    app = FastAPI(
        title="一窗通 大厅服务 OneWindow hall server",
        version="1",
        lifespan=lifespan,
        openapi_url=f"{API}/openapi.json",
        docs_url=f"{API}/docs",
        redoc_url=None,
    )
    app.state.server = server
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API, responses=_PROBLEMS)  # type: ignore[arg-type]
    return app
