"""The kiosk against a real hall server process: its online services with a recording ticket
printer (python-escpos Dummy) and the kiosk's clock pinned to the server's day."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from escpos.printer import Dummy

from kiosk.app import OnlineParts, connect_services
from printing.escpos_output import PrinterConfig, build_transport
from tests.kiosk.conftest import Kiosk
from tests.live_server import ServerProcess

HALL_DAY = dt.datetime(2024, 5, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ELDER_ID = "11010519491231002X"  # a valid ID number (check digit right), born 1949


def pinned_clock() -> dt.datetime:
    return HALL_DAY


@dataclass
class RecordingPrinter:
    """A transport factory for `TicketPrinter`: a fresh Dummy per send, kept for decoding;
    `fail_next` sends fail as a printer out of paper would (the printer refuses to open)."""

    dummies: list[Dummy] = field(default_factory=list)
    fail_next: int = 0

    def __call__(self, config: PrinterConfig) -> Any:
        if self.fail_next:
            self.fail_next -= 1
            raise OSError("printer offline")
        printer = build_transport(config)
        self.dummies.append(printer)
        return printer

    @property
    def outputs(self) -> list[bytes]:
        return [bytes(d.output) for d in self.dummies]


def online_parts(
    server: ServerProcess, folder: Path, printer: RecordingPrinter | None = None, **options: Any
) -> OnlineParts:
    config = PrinterConfig.from_uri("dummy:")
    return connect_services(
        server.base_url,
        server.tokens["kiosk"],
        folder / "kiosk.sqlite3",
        printer=config,
        printer_transport=printer if printer is not None else RecordingPrinter(),
        clock=pinned_clock,
        timeout=(1.0, 5.0),
        **options,
    )


def online_kiosk(
    make_kiosk: Callable[..., Kiosk],
    server: ServerProcess,
    folder: Path,
    printer: RecordingPrinter | None = None,
    **options: Any,
) -> Kiosk:
    scanner = options.pop("scanner", None)
    parts = online_parts(server, folder, printer, scanner=scanner)
    kiosk = make_kiosk(services=parts.services, bridge=parts.bridge, **options)
    kiosk.qtbot.waitUntil(lambda: parts.services.online, timeout=20_000)
    return kiosk


def finish_at_window(server: ServerProcess, window: int = 1) -> dict[str, Any]:
    """A clerk calls the next ticket at `window`, serves it and finishes it."""

    def act(action: str, body: Any = None) -> Any:
        return server.admin("POST", f"/windows/{window}/{action}", body, key=uuid.uuid4().hex)

    called = act("call-next")["ticket"]
    act("start", {"ticket_id": called["ticket_id"]})
    act("finish", {"ticket_id": called["ticket_id"]})
    return dict(called)
