"""Printing a queue ticket without ever losing it: a print job and the outcome of each attempt.

The queue has already issued the ticket when it is printed; printing is only a copy on paper. So
`TicketPrinter.print_ticket` never raises for printer trouble: it returns a `PrintOutcome` that
holds the `PrintJob` — the preview raster to show on screen and the exact bytes to send again —
and, when the printer failed, a message in Chinese for the kiosk screen saying the number is
still valid. `reprint(job)` sends the same bytes again (after paper is loaded, say).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from printing.escpos_output import (
    PrinterConfig,
    PrinterProblem,
    SendResult,
    build_transport,
    render_bytes,
    send_bytes,
)
from printing.ticket_layout import TicketContent, TicketContentError

__all__ = ["PrintJob", "PrintOutcome", "TicketPrinter"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PrintJob:
    """One ticket made ready to print: the preview raster and the bytes for the printer."""

    job_id: str
    content: TicketContent
    preview: Image.Image = field(repr=False, compare=False)
    data: bytes = field(repr=False)
    created_at: dt.datetime

    @property
    def ticket_number(self) -> str:
        return self.content.ticket_number


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """How printing a job went. `job` is None only when the ticket content could not be laid out
    at all (a bug upstream); the ticket itself stays issued either way."""

    ok: bool
    ticket_number: str
    job: PrintJob | None
    problem: PrinterProblem | None = None
    paper_low: bool = False
    attempt: int = 1
    detail: str = ""

    @property
    def reprintable(self) -> bool:
        return self.job is not None

    @property
    def message_zh(self) -> str:
        """What the kiosk screen says."""
        if self.ok:
            note = "（打印机纸将用完，请通知工作人员）" if self.paper_low else ""
            return f"请取走您的排队票，号码 {self.ticket_number}。{note}"
        if self.problem is None:
            return f"排队票无法生成，您的号码是 {self.ticket_number}，请联系工作人员。"
        return (
            f"{self.problem.message_zh}。您的号码 {self.ticket_number} 已取号成功、仍然有效，"
            "请记下屏幕上的号码，或请工作人员补打。"
        )

    @property
    def message_en(self) -> str:
        if self.ok:
            return f"ticket {self.ticket_number} printed" + (
                " (paper low)" if self.paper_low else ""
            )
        reason = "ticket could not be laid out" if self.problem is None else self.problem.message_en
        return f"{reason}; ticket {self.ticket_number} stays issued and can be reprinted"


class TicketPrinter:
    """Prints tickets to one configured printer. Call from a worker thread: a send waits up to
    the configured timeout (the kiosk screen shows the number meanwhile)."""

    def __init__(
        self,
        config: PrinterConfig,
        *,
        transport: Callable[[PrinterConfig], Any] = build_transport,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.config = config
        self._transport = transport
        self._clock = clock

    def prepare(self, content: TicketContent) -> PrintJob:
        """Lay the ticket out and make its bytes; raises `TicketContentError` for bad content."""
        preview, data = render_bytes(content, self.config)
        return PrintJob(uuid.uuid4().hex, content, preview, data, self._clock())

    def print_ticket(self, content: TicketContent) -> PrintOutcome:
        """Print a newly issued ticket; never raises for printer trouble or bad content."""
        try:
            job = self.prepare(content)
        except TicketContentError as exc:
            log.error("ticket %s could not be laid out: %s", content.ticket_number, exc)
            return PrintOutcome(False, content.ticket_number, None, detail=str(exc))
        return self.send(job)

    def reprint(self, job: PrintJob, attempt: int = 2) -> PrintOutcome:
        """Send the same bytes again (补打)."""
        return self.send(job, attempt)

    def send(self, job: PrintJob, attempt: int = 1) -> PrintOutcome:
        result: SendResult = send_bytes(self.config, job.data, factory=self._transport)
        if result.ok:
            log.info("ticket %s printed (attempt %d)", job.ticket_number, attempt)
        else:
            assert result.problem is not None
            log.warning(
                "ticket %s not printed (attempt %d): %s",
                job.ticket_number,
                attempt,
                result.problem.value,
            )
        return PrintOutcome(
            result.ok,
            job.ticket_number,
            job,
            result.problem,
            result.paper_low,
            attempt,
            result.detail,
        )
