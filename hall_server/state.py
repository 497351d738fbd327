"""What every request shares: settings, the database, the vault, the halls' queue configs, the
event hub and the clock. Built by `app.create_app`, reached through `deps`.

The halls' configs are loaded from the database at start (`hall_config.load_or_seed`) and
replaced whole when a manager stores a new version (`apply_config`): a request reads
`halls[hall_id]` once and keeps that object, so it never sees half of an update."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from hall_server import hall_config
from hall_server.attempts import AttemptLimiter
from hall_server.auth import Passwords, TokenCache
from hall_server.catalog import PublishedCatalog
from hall_server.db import Database
from hall_server.events import EventHub
from hall_server.hall_config import HallSettings
from hall_server.models import HallConfigRow
from hall_server.settings import Settings
from hall_server.vault import Vault
from hallcore.case import Lifecycle
from hallcore.queue import HallConfig


@dataclass
class ServerState:
    settings: Settings
    db: Database
    vault: Vault
    halls: dict[str, HallConfig]
    hub: EventHub
    clock: Callable[[], datetime]
    passwords: Passwords
    catalog: PublishedCatalog
    tokens: TokenCache
    lifecycle: Lifecycle
    #: Per hall: the stored configuration's version, targets, follow-up deadline and calendar
    #: (`hall_config`); `halls` holds the same version's queue config.
    hall_settings: dict[str, HallSettings] = field(default_factory=dict)
    #: Failed appointment codes per hall and device (the check-in's guessing defence).
    checkin_attempts: AttemptLimiter = field(default_factory=AttemptLimiter)

    def now(self) -> datetime:
        return self.clock()


def system_clock(frozen: datetime | None) -> Callable[[], datetime]:
    if frozen is not None:
        return lambda: frozen
    return lambda: datetime.now(UTC)


def load_configs(server: ServerState) -> None:
    """Replace the built-in halls by their stored configuration (seeding it on first start)."""
    with server.db.write() as session:
        for seed in list(server.halls.values()):
            config, settings = hall_config.load_or_seed(session, seed, server.now())
            apply_config(server, config, settings)


def apply_config(server: ServerState, config: HallConfig, settings: HallSettings) -> None:
    """Make a configuration live in this process: the next operation uses it."""
    server.halls[config.hall_id] = config
    server.hall_settings[config.hall_id] = settings
    server.lifecycle = hall_config.lifecycle_for(settings, server.lifecycle)


#: The version in force, read in the operation's own transaction (built once: it runs on every
#: queue operation, under the hall's lock).
_VERSION_IN_FORCE = select(func.max(HallConfigRow.version)).where(
    HallConfigRow.hall_id == bindparam("hall")
)


def in_force(server: ServerState, session: Session, hall_id: str) -> HallConfig:
    """The hall's configuration as stored now: another server process may have stored a new
    version since this one applied its own, and the queue must run on the version in force."""
    version = session.connection().execute(_VERSION_IN_FORCE, {"hall": hall_id}).scalar()
    running = server.hall_settings.get(hall_id)
    if version is not None and (running is None or version > running.version):
        doc = hall_config.current(session, hall_id)
        if doc is not None:
            config, settings = hall_config.build(doc)
            apply_config(server, config, settings)
    return server.halls[hall_id]
