"""The issued ticket on the kiosk's ticket printer: `printing.ticket_printer` with the kiosk's
content (hall, theme, number, people ahead, wait, windows, QR code of the public status; the
slot of an appointment's ticket).

The ticket is already issued when this runs; printing is a copy on paper. A failure comes back
as a `PrintOutcome` with the job kept, so the screen keeps showing the number and offers 重新打印.
Qt-free: it runs on a worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.model.appointments import slot_text
from kiosk.model.hall_link import IssuedTicket
from printing.escpos_output import PrinterConfig
from printing.ticket_layout import TicketContent
from printing.ticket_printer import PrintJob, PrintOutcome, TicketPrinter

__all__ = ["KioskTicketPrinter", "ticket_content"]


@dataclass(frozen=True, slots=True)
class _KioskContent(TicketContent):
    """The kiosk's ticket: a wait the server did not estimate (no window open for the queue,
    say) is said so rather than made up; an appointment's ticket carries its slot
    (``预约 09:30–10:00``) on a line of its own above the wait."""

    estimated: bool = True
    slot: str = ""

    @property
    def wait_text(self) -> str:
        if self.people_ahead == 0:
            wait = "预计很快叫到您"
        elif self.estimated:
            wait = f"预计等候约 {max(self.wait_minutes, 1)} 分钟"
        else:
            wait = "等候时间请留意叫号屏"
        return f"{self.slot}\n{wait}" if self.slot else wait


def ticket_content(
    ticket: IssuedTicket, *, hall_name: str, theme_name: str, zone: dt.tzinfo | None = None
) -> TicketContent:
    """What the printed ticket shows; `zone` is the hall's time zone for an appointment's slot
    (the kiosk clock's)."""
    return _KioskContent(
        hall_name=hall_name,
        theme_name=theme_name,
        ticket_number=ticket.number,
        people_ahead=ticket.waiting_ahead,
        wait_minutes=ticket.wait_minutes or 0,
        windows=tuple(str(w) for w in ticket.windows),
        issued_at=ticket.taken_at,
        status_url=ticket.status_url,
        privacy_line=f"查询码 {ticket.secret} · 本票只记号码，不含姓名和证件号码",
        estimated=ticket.wait_minutes is not None,
        slot=slot_text(ticket.booking, zone) if ticket.booking is not None else "",
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
        self.clock = clock
        self.printer = printer or TicketPrinter(config, clock=clock)
        self.sent: list[bytes] = []  # the bytes that reached the printer (admin screen, tests)

    def prepare(self, ticket: IssuedTicket, theme_name: str) -> PrintJob:
        """Lay the ticket out and make its bytes (the benchmark times this)."""
        return self.printer.prepare(self._content(ticket, theme_name))

    def _content(self, ticket: IssuedTicket, theme_name: str) -> TicketContent:
        zone = self.clock().tzinfo
        return ticket_content(ticket, hall_name=self.hall_name, theme_name=theme_name, zone=zone)

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
        outcome = self.printer.print_ticket(self._content(ticket, theme_name))
        self._record(outcome)
        return outcome

    def reprint(self, job: PrintJob, attempt: int) -> PrintOutcome:
        outcome = self.printer.reprint(job, attempt)
        self._record(outcome)
        return outcome

    def _record(self, outcome: PrintOutcome) -> None:
        if outcome.ok and outcome.job is not None:
            self.sent.append(outcome.job.data)
