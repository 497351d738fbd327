"""The kiosk's direct line to the hall server, for what cannot wait in the outbox.

A ticket must never be pretend-issued while offline, so 取号 is a synchronous request (with its
own Idempotency-Key, so urllib3's connection retries cannot issue two tickets); so are the
public status look-up ("how many ahead of me") and the rating (the person waits for the answer).
Every call here blocks: the UI runs them on a worker thread (`hallui.qt_bridge.BackgroundRunner`),
always the same one, because a `requests.Session` is not shared between threads.

预约签到 (`check_in`) is direct for the same reason: the person with an appointment gets the
server's ticket or a plain refusal, never a ticket made up offline.

`probe()` asks for the hall (``GET /hall``) — it is the kiosk's heartbeat (kiosks may not follow
the event feed) and tells the outbox whether the server is reachable, so the sync indicator and
the offline note are right even when nothing is pending. The hall's answer (queues, windows,
priority classes) is cached in the local store, so the kiosk knows its hall after a restart.

Qt-free; never logs a body, an ID number or a status secret.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from hallcore.queue.config import DEFAULT_PRIORITY_CLASSES, PriorityClass
from server_sync import ApiClient, Ok, Rejected, Sender, Store, SyncError, endpoints
from server_sync.transport import BAD_RESPONSE

__all__ = [
    "Booking",
    "HallError",
    "HallInfo",
    "HallLink",
    "IssuedTicket",
    "PublicStatus",
    "QueueInfo",
    "parse_status_code",
]

log = logging.getLogger("onewindow.kiosk.hall")

HALL_DOCUMENT = "hall"
RATINGS = "/ratings"
HELP_CALLS = "/help-calls"
CHECK_IN = "/appointments/check-in"


class HallError(Exception):
    """The server refused (`rejected`) or could not be reached; `error` has the Chinese text."""

    def __init__(self, error: SyncError, *, rejected: bool = False, status: int | None = None):
        super().__init__(str(error))
        self.error = error
        self.rejected = rejected
        self.status = status

    @property
    def message_zh(self) -> str:
        return self.error.message_zh


@dataclass(frozen=True, slots=True)
class QueueInfo:
    code: str
    prefix: str
    name_zh: str
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HallInfo:
    """The hall as ``GET /hall`` describes it, with the priority classes a person may declare
    at a kiosk (those granted by staff, such as 绿色通道, are left out)."""

    hall_id: str
    name_zh: str
    queues: tuple[QueueInfo, ...]
    windows_by_queue: Mapping[str, tuple[int, ...]]
    priority_classes: tuple[PriorityClass, ...]

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> HallInfo:
        queues = tuple(
            QueueInfo(q["code"], q["prefix"], q["name_zh"], tuple(q.get("themes", ())))
            for q in body["queues"]
        )
        windows: dict[str, list[int]] = {}
        for window in body.get("windows", ()):
            for queue, weight in window.get("serves", {}).items():
                if weight > 0:  # a fallback window (weight 0) is not where the ticket goes
                    windows.setdefault(queue, []).append(int(window["number"]))
        known = {c.code: c for c in DEFAULT_PRIORITY_CLASSES}
        classes = tuple(
            known[code]
            for code in body.get("priority_classes", ())
            if code in known and not known[code].needs_staff
        )
        return cls(
            str(body["hall_id"]),
            str(body["name_zh"]),
            queues,
            {q: tuple(sorted(ns)) for q, ns in windows.items()},
            classes,
        )

    def queue_for_theme(self, theme_code: str) -> QueueInfo | None:
        """The queue that takes a catalog theme: its code listed exactly, else ignoring case
        (the hall's configuration may spell catalog codes in lower case)."""
        for queue in self.queues:
            if theme_code in queue.themes:
                return queue
        folded = theme_code.casefold()
        for queue in self.queues:
            if any(t.casefold() == folded for t in queue.themes):
                return queue
        return None

    def theme_as_configured(self, queue: QueueInfo, theme_code: str) -> str:
        folded = theme_code.casefold()
        return next((t for t in queue.themes if t.casefold() == folded), theme_code)


@dataclass(frozen=True, slots=True)
class Booking:
    """The appointment a checked-in ticket was booked as: its slot, and whether the person came
    after it (`lapsed`: the ticket then queues as a walk-in)."""

    appointment_id: str
    start: dt.datetime
    end: dt.datetime
    lapsed: bool = False


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    """A ticket the server issued: what the screen and the printed ticket show. `booking` is
    set when it came from 预约签到."""

    ticket_id: str
    number: str
    queue: str
    theme: str | None
    waiting_ahead: int
    wait_minutes: int | None  # None: the server gave no estimate
    secret: str
    status_url: str
    windows: tuple[int, ...]
    taken_at: dt.datetime
    appointment: bool = False
    booking: Booking | None = None


@dataclass(frozen=True, slots=True)
class PublicStatus:
    number: str
    state: str
    state_zh: str
    window: int | None
    waiting_ahead: int
    wait_minutes: int | None = None


def status_path(hall_id: str, number: str) -> str:
    return f"/public/halls/{quote(hall_id, safe='')}/tickets/{quote(number, safe='')}"


def parse_status_code(text: str) -> tuple[str, str] | None:
    """(number, secret) from what a QR reader typed: the status URL printed on the ticket."""
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    secrets = parse_qs(parts.query).get("secret", [])
    if len(segments) >= 2 and segments[-2] == "tickets" and secrets:
        return segments[-1].upper(), secrets[0].strip().upper()
    return None


def _minutes(body: Mapping[str, Any]) -> int | None:
    for key in ("wait_minutes", "estimated_wait_minutes"):
        value = body.get(key)
        if isinstance(value, int | float):
            return max(0, round(value))
    return None


class HallLink:
    def __init__(self, client: ApiClient, store: Store, outbox: Sender | None = None) -> None:
        self.client = client
        self.store = store
        self.outbox = outbox
        cached = store.document(HALL_DOCUMENT)
        self.hall: HallInfo | None = None
        if cached is not None:
            try:
                self.hall = HallInfo.from_body(cached.body)
            except (KeyError, TypeError, ValueError):
                log.warning("the cached hall description is unreadable; waiting for the server")

    def _note(self, online: bool, error: SyncError | None = None) -> None:
        if self.outbox is not None:
            self.outbox.note_online(online, error)

    def _call(
        self, method: str, path: str, body: Any = None, *, idem: bool = False, **params: Any
    ) -> Any:
        outcome = self.client.request(
            method,
            path,
            body,
            idem_key=uuid.uuid4().hex if idem else None,
            params=params or None,
        )
        if isinstance(outcome, Ok):
            self._note(True)
            return outcome.body
        if isinstance(outcome, Rejected):
            self._note(True)
            raise HallError(outcome.error, rejected=True, status=outcome.status)
        if outcome.error.code in ("network", "timeout"):
            self._note(False, outcome.error)
        raise HallError(outcome.error, status=outcome.status)

    # --- the hall -------------------------------------------------------------------------
    def probe(self) -> HallInfo:
        """Fetch the hall (and so learn whether the server is reachable); raises HallError."""
        body = self._call("GET", endpoints.HALL)
        try:
            hall = HallInfo.from_body(body)
        except (KeyError, TypeError, ValueError) as exc:
            raise HallError(BAD_RESPONSE) from exc
        if self.hall != hall:
            self.store.put_document(HALL_DOCUMENT, body, None)
        self.hall = hall
        return hall

    def _hall(self) -> HallInfo:
        return self.hall if self.hall is not None else self.probe()

    # --- tickets --------------------------------------------------------------------------
    def issue_ticket(
        self,
        theme_code: str,
        *,
        priority: str | None = None,
        applicant_id: str | None = None,
        appointment: tuple[dt.datetime, dt.datetime] | None = None,
    ) -> IssuedTicket:
        hall = self._hall()
        queue = hall.queue_for_theme(theme_code)
        if queue is None:
            raise HallError(
                SyncError(
                    "no_queue_for_theme",
                    "这件事本机不能取号，请到服务台取号",
                    "this kiosk cannot issue a ticket for this theme; ask at the help desk",
                ),
                rejected=True,
            )
        body: dict[str, Any] = {
            "theme": hall.theme_as_configured(queue, theme_code),
            "channel": "kiosk",
        }
        if priority:
            body["priority"] = priority
        if applicant_id:
            body["applicant_id"] = applicant_id
        if appointment is not None:
            body["appointment"] = {
                "start": appointment[0].isoformat(),
                "end": appointment[1].isoformat(),
            }
        answer = self._call("POST", endpoints.TICKETS, body, idem=True)
        return self._issued(hall, answer)

    def check_in(self, code: str) -> IssuedTicket:
        """预约签到 with the 8-digit code: the appointment's ticket (the same one again on a second
        check-in). Raises HallError with the server's code (``appointment_unknown``,
        ``appointment_other_day``, ``appointment_cancelled``, ``too_many_attempts``)."""
        hall = self._hall()
        answer = self._call("POST", CHECK_IN, {"code": code}, idem=True)
        ticket = self._issued(hall, answer)
        try:
            booked = answer["appointment"]
            booking = Booking(
                appointment_id=str(booked["appointment_id"]),
                start=dt.datetime.fromisoformat(str(booked["start"])),
                end=dt.datetime.fromisoformat(str(booked["end"])),
                lapsed=bool(booked.get("lapsed", False)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            log.error("unreadable answer to an appointment check-in")
            raise HallError(BAD_RESPONSE) from exc
        return replace(ticket, appointment=True, booking=booking)

    def _issued(self, hall: HallInfo, answer: Any) -> IssuedTicket:
        """The `IssuedOut` answer of 取号 or 签到, read."""
        try:
            ticket = answer["ticket"]
            number = str(ticket["number"])
            secret = str(answer["status_secret"])
            return IssuedTicket(
                ticket_id=str(ticket["ticket_id"]),
                number=number,
                queue=str(ticket["queue"]),
                theme=ticket.get("theme"),
                waiting_ahead=int(answer["waiting_ahead"]),
                wait_minutes=_minutes(answer),
                secret=secret,
                status_url=self.status_url(hall.hall_id, number, secret),
                windows=hall.windows_by_queue.get(str(ticket["queue"]), ()),
                taken_at=dt.datetime.fromisoformat(str(ticket["taken_at"])),
                appointment=ticket.get("channel") == "appointment",
            )
        except (KeyError, TypeError, ValueError) as exc:
            # Issued on the server, but the answer is unreadable: say so, do not guess a number.
            log.error("unreadable answer to a ticket issue")
            raise HallError(BAD_RESPONSE) from exc

    def status_url(self, hall_id: str, number: str, secret: str) -> str:
        """What the ticket's QR code holds: the public status of this ticket, with its secret."""
        return f"{self.client.url(status_path(hall_id, number))}?secret={quote(secret)}"

    def public_status(self, number: str, secret: str) -> PublicStatus:
        hall = self._hall()
        body = self._call("GET", status_path(hall.hall_id, number.strip().upper()), secret=secret)
        try:
            return PublicStatus(
                number=str(body["number"]),
                state=str(body["state"]),
                state_zh=str(body["state_zh"]),
                window=body.get("window"),
                waiting_ahead=int(body["waiting_ahead"]),
                wait_minutes=_minutes(body),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise HallError(BAD_RESPONSE) from exc

    # --- ratings --------------------------------------------------------------------------
    def rate(self, ticket_id: str, level: int, reason: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"ticket_id": ticket_id, "level": level}
        if reason:
            body["reason"] = reason
        answer = self._call("POST", RATINGS, body, idem=True)
        return dict(answer) if isinstance(answer, dict) else {}

    def close(self) -> None:
        self.client.session.close()
