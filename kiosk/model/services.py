"""What the kiosk reaches outside itself, as interfaces with working offline implementations.

* `HelpDesk.request_help` — the one-tap 呼叫帮办. `LocalHelpDesk` records the request and logs
  it (a kiosk without a server); `OutboxHelpDesk` writes ``POST /help-calls`` to the outbox,
  where it waits while the server is away and is sent once it is back.
* `ChecklistPrinter` — prints the personal checklist; slow (it waits for the printer), so it is
  called off the UI thread. `kiosk.checklist_print.EscposChecklistPrinter` is the real one.

The server-dependent parts (tickets, queue status, rating) go through `hall`
(`kiosk.model.hall_link.HallLink`), the ticket printer is `ticket_printer`, the pre-scan uses
`scanner` and `store`. All None on a kiosk without a server: it then says it is offline.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from hallcore.catalog import Resolution

if TYPE_CHECKING:  # the offline kiosk starts without importing the sync and printing stacks
    from kiosk.model.hall_link import HallLink
    from kiosk.model.prescan import PageScanner
    from kiosk.ticket_print import KioskTicketPrinter
    from server_sync import Sender, Store

__all__ = [
    "ChecklistPrinter",
    "HelpDesk",
    "HelpRequest",
    "KioskServices",
    "LocalHelpDesk",
    "OutboxHelpDesk",
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


class OutboxHelpDesk:
    """呼叫帮办 through the outbox (``POST /help-calls``): recorded on disk at once, sent when the
    server is reachable. The reason names the screen and theme, never the person."""

    def __init__(self, outbox: Sender) -> None:
        self.outbox = outbox
        self.requests: list[HelpRequest] = []

    def request_help(self, request: HelpRequest) -> None:
        from server_sync import Command

        reason = f"screen={request.screen}"
        if request.theme_code:
            reason += f" theme={request.theme_code}"
        body = {"kiosk": request.kiosk_id, "reason": reason}
        self.outbox.submit(Command("help_call", "POST", "/help-calls", body))
        self.requests.append(request)
        log.info("help requested at kiosk %s (queued for the staff)", request.kiosk_id)


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
    online: bool = False  # the hall server answered the last request (kept by the window)
    clock: Callable[[], dt.datetime] = dt.datetime.now
    hall: HallLink | None = None
    ticket_printer: KioskTicketPrinter | None = None
    outbox: Sender | None = None
    store: Store | None = None
    scanner: PageScanner | None = None

    def close(self) -> None:
        """Close the HTTP sessions and the store (after the workers using them have stopped)."""
        if self.hall is not None:
            self.hall.close()
        if self.outbox is not None:
            self.outbox.client.session.close()
        if self.store is not None:
            self.store.close()

    @property
    def connected(self) -> bool:
        """The kiosk has a hall server configured (it may still be unreachable)."""
        return self.hall is not None
