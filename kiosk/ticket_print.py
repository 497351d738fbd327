"""The issued ticket on the kiosk's ticket printer: `printing.ticket_printer` with the kiosk's
content (hall, theme, number, people ahead, wait, windows, QR code of the public status).

The ticket is already issued when this runs; printing is a copy on paper. A failure comes back
as a `PrintOutcome` with the job kept, so the screen keeps showing the number and offers 重新打印.
Qt-free: it runs on a worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.model.hall_link import IssuedTicket
from printing.escpos_output import PrinterConfig
from printing.ticket_layout import TicketContent
from printing.ticket_printer import PrintJob, PrintOutcome, TicketPrinter

__all__ = ["KioskTicketPrinter", "ticket_content"]


class _NoEstimateContent(TicketContent):
    """A ticket whose wait the server did not estimate (no window open for the queue, say):
    it says so rather than print a made-up figure."""

    __slots__ = ()

    @property
    def wait_text(self) -> str:
        if self.people_ahead == 0:
            return "预计很快叫到您"
        return "等候时间请留意叫号屏"


def ticket_content(ticket: IssuedTicket, *, hall_name: str, theme_name: str) -> TicketContent:
    kind = TicketContent if ticket.wait_minutes is not None else _NoEstimateContent
    return kind(
        hall_name=hall_name,
        theme_name=theme_name,
        ticket_number=ticket.number,
        people_ahead=ticket.waiting_ahead,
        wait_minutes=ticket.wait_minutes or 0,
        windows=tuple(str(w) for w in ticket.windows),
        issued_at=ticket.taken_at,
        status_url=ticket.status_url,
        privacy_line=f"查询码 {ticket.secret} · 本票只记号码，不含姓名和证件号码",
    )


class KioskTicketPrinter:
    """Prints issued tickets; `last_job` is what 重新打印 sends again."""

    def __init__(
        self,
        config: PrinterConfig,
        *,
        hall_name: str,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        printer: TicketPrinter | None = None,
    ) -> None:
        self.config = config
        self.hall_name = hall_name
        self.printer = printer or TicketPrinter(config, clock=clock)
        self.sent: list[bytes] = []  # the bytes that reached the printer (admin screen, tests)

    def prepare(self, ticket: IssuedTicket, theme_name: str) -> PrintJob:
        """Lay the ticket out and make its bytes (the benchmark times this)."""
        return self.printer.prepare(
            ticket_content(ticket, hall_name=self.hall_name, theme_name=theme_name)
        )

    def warm_up(self) -> None:
        """Lay out and encode a sample ticket and throw it away: the first real ticket of the
        day then costs what every other one does (fonts, the QR encoder and python-escpos'
        tables are loaded here, on a worker thread at start, not after the person's tap)."""
        sample = IssuedTicket(
            ticket_id="warm-up",
            number="A000",
            queue="warm-up",
            theme=None,
            waiting_ahead=0,
            wait_minutes=5,
            secret="WARMUP",
            status_url="https://example.invalid/warm-up",
            windows=(1,),
            taken_at=dt.datetime.now(dt.UTC),
        )
        self.prepare(sample, "一件事")

    def print_ticket(self, ticket: IssuedTicket, theme_name: str) -> PrintOutcome:
        outcome = self.printer.print_ticket(
            ticket_content(ticket, hall_name=self.hall_name, theme_name=theme_name)
        )
        self._record(outcome)
        return outcome

    def reprint(self, job: PrintJob, attempt: int) -> PrintOutcome:
        outcome = self.printer.reprint(job, attempt)
        self._record(outcome)
        return outcome

    def _record(self, outcome: PrintOutcome) -> None:
        if outcome.ok and outcome.job is not None:
            self.sent.append(outcome.job.data)
