"""What every desk model reaches outside itself, Qt-free: the hall server (a direct `ApiClient`
for reads and for the few calls whose answer the clerk must see at once), the outbox (`Sender`)
for everything else, the local `Store`, and a runner that moves work off the UI thread.

`Run` is `hallui.qt_bridge.BackgroundRunner.run` in the app (one worker: the store's writes and
the server calls stay in the order the clerk made them) and a plain synchronous call in the
models' unit tests. `ApiClient` sessions are not thread-safe, so `client` is only ever used on
the runner's one worker thread; the sender has its own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from hallcore.catalog import Catalog
from server_sync import ApiClient, Ok, Sender, Store, SyncError

__all__ = ["DeskContext", "Run", "StaffUser", "run_inline", "server_error"]

log = logging.getLogger("onewindow.desk")

T = TypeVar("T")


class Run(Protocol):
    def __call__(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Any: ...


def run_inline(
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """A `Run` for tools and model tests: the work runs now, on the caller's thread."""
    try:
        result = work()
    except Exception as error:
        if on_error is None:
            raise
        on_error(error)
        return
    on_done(result)


@dataclass(frozen=True, slots=True)
class StaffUser:
    """Who is logged in (`GET /me` plus the name typed at login)."""

    username: str
    role: str
    actor: str
    permissions: frozenset[str] = frozenset()
    display_name: str = ""  # printed as 承办人 on notices
    department: str = ""  # a department user's catalog department

    @property
    def signature(self) -> str:
        """The name on a notice: the display name the hall gave the user."""
        return self.display_name or self.username

    @property
    def may_call_specific(self) -> bool:
        return "queue.call_specific" in self.permissions


@dataclass
class DeskContext:
    """The logged-in desk: server, outbox, store, catalog, the window it serves."""

    store: Store
    client: ApiClient
    sender: Sender
    run: Run
    catalog: Catalog
    user: StaffUser
    hall: dict[str, Any]
    window: int | None = None
    notice_dir: Any = None  # pathlib.Path where notices are saved (and printed from)
    notice_printer: str = ""  # lp destination; empty: saved only
    handler_phone: str = "12345"
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def hall_name(self) -> str:
        return str(self.hall.get("name_zh", ""))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(str(self.hall.get("time_zone", "Asia/Shanghai")))

    def business_date(self, at: str | dt.datetime) -> dt.date:
        """The hall's business date of a server timestamp."""
        moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
        return moment.astimezone(self.zone).date()

    @property
    def window_name(self) -> str:
        for w in self.hall.get("windows", []):
            if w.get("number") == self.window:
                return str(w.get("name_zh", ""))
        return f"{self.window}号窗口"

    @property
    def served_queues(self) -> list[dict[str, Any]]:
        """The queues this window serves (weight > 0 first, as the hall lists them)."""
        serves: dict[str, int] = {}
        for w in self.hall.get("windows", []):
            if w.get("number") == self.window:
                serves = dict(w.get("serves", {}))
        queues = [q for q in self.hall.get("queues", []) if q.get("code") in serves]
        return sorted(queues, key=lambda q: -int(serves.get(q["code"], 0)))

    def get(self, path: str, **params: Any) -> Any:
        """A read on the worker thread; raises `ServerRefused` with the server's message."""
        outcome = self.client.get(path, params=params or None)
        if isinstance(outcome, Ok):
            return outcome.body
        raise ServerRefused(outcome.error)


class ServerRefused(Exception):
    """A read or a direct call the server refused or could not answer (message in Chinese)."""

    def __init__(self, error: SyncError) -> None:
        super().__init__(error.message_zh)
        self.error = error


def server_error(error: BaseException) -> str:
    """The Chinese message a clerk sees for a failure of background work."""
    if isinstance(error, ServerRefused):
        return error.error.message_zh
    log.error("desk background work failed: %s", type(error).__name__)
    return f"操作失败：{type(error).__name__}"
