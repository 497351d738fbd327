"""What every request shares: settings, the database, the vault, the halls' queue configs, the
event hub and the clock. Built by `app.create_app`, reached through `deps`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from hall_server.auth import Passwords, TokenCache
from hall_server.catalog import PublishedCatalog
from hall_server.db import Database
from hall_server.events import EventHub
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

    def now(self) -> datetime:
        return self.clock()


def system_clock(frozen: datetime | None) -> Callable[[], datetime]:
    if frozen is not None:
        return lambda: frozen
    return lambda: datetime.now(UTC)
