"""What the kiosk reaches outside itself, as interfaces with working offline implementations.

* `HelpDesk.request_help` — the one-tap 呼叫帮办. `LocalHelpDesk` records the request and logs
  it; the transport to staff (through server_sync's outbox) implements the same interface later.
* `ChecklistPrinter` — prints the personal checklist; slow (it waits for the printer), so it is
  called off the UI thread. `kiosk.checklist_print.EscposChecklistPrinter` is the real one.

The server-dependent parts of the kiosk (tickets, queue status, pre-scan, rating) plug in here as
further members of `KioskServices`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from hallcore.catalog import Resolution

__all__ = [
    "ChecklistPrinter",
    "HelpDesk",
    "HelpRequest",
    "KioskServices",
    "LocalHelpDesk",
    "PrintResult",
]

log = logging.getLogger("onewindow.kiosk")


@dataclass(frozen=True, slots=True)
class HelpRequest:
    """A call for a helper (帮办): which kiosk, when, on which screen and theme. No personal
    data: the helper walks over to the kiosk."""

    kiosk_id: str
    at: dt.datetime
    screen: str
    theme_code: str | None = None


class HelpDesk(Protocol):
    def request_help(self, request: HelpRequest) -> None: ...


class LocalHelpDesk:
    """Offline: keeps the requests (the staff transport comes with the server)."""

    def __init__(self) -> None:
        self.requests: list[HelpRequest] = []

    def request_help(self, request: HelpRequest) -> None:
        self.requests.append(request)
        log.info(
            "help requested at kiosk %s on %s (%s)",
            request.kiosk_id,
            request.screen,
            request.theme_code or "-",
        )


@dataclass(frozen=True, slots=True)
class PrintResult:
    ok: bool
    message_zh: str


class ChecklistPrinter(Protocol):
    def __call__(self, resolution: Resolution) -> PrintResult: ...


@dataclass
class KioskServices:
    help_desk: HelpDesk = field(default_factory=LocalHelpDesk)
    print_checklist: ChecklistPrinter | None = None  # None: the kiosk has no printer
    kiosk_id: str = "kiosk-1"
    hall_name: str = "政务服务中心"
    online: bool = False  # the hall server is reachable (always False until server_sync)
    clock: Callable[[], dt.datetime] = dt.datetime.now
