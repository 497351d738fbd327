"""The queue over rows: hallcore's `HallQueue` rules in the server's write transaction.

Every operation (1) loads what the rules read — the day's counters, the windows, and the tickets
the operation can touch: all of today's active tickets for a window action (the call policy
needs every waiting one of the window's queues), only the applicant's own for an issue; (2)
rebuilds a `HallQueue` from them (`HallQueue.restore`); (3) runs the operation there, so the
policy, the recall limit, no-show re-queues, transfers, parking, caps, cut-off, call-specific
permission and reason all come from hallcore; (4) writes back every ticket whose revision
changed, the windows, the counters, and the events it emitted. The caller's unit of work holds
the hall's write lock (`Database.write`), which makes a call an atomic claim.

Ticket numbers: the counter row of (hall, queue, business date) is bumped first with
`INSERT … ON CONFLICT DO UPDATE … RETURNING`, and the restored queue continues from the value
before it, so the number the rules issue is the counter's; a refusal rolls both back (no gap).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Insert, Table, Update, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server.models import TicketCounter, TicketRow, WindowRow
from hall_server.vault import Vault
from hallcore.queue import (
    Actor,
    AppointmentSlot,
    Channel,
    HalfDay,
    HallConfig,
    HallQueue,
    QueueEvent,
    Ticket,
    TicketState,
    WindowMemory,
    WindowState,
    WindowStatus,
)

_NOT_FINAL = (
    TicketState.BOOKED,
    TicketState.WAITING,
    TicketState.CALLING,
    TicketState.SERVING,
    TicketState.PARKED,
)
_SECRET_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a ticket

# Statements of the issue path, built once (building a statement costs more than running it
# on SQLite) and run on the session's connection, outside the ORM's unit of work.
_TICKETS = cast(Table, TicketRow.__table__)
_COUNTERS = cast(Table, TicketCounter.__table__)
_INSERT_TICKET: Insert = insert(_TICKETS)
_SET_ISSUED: Update = (
    update(_COUNTERS)
    .where(
        _COUNTERS.c.hall_id == bindparam("hall_id"),
        _COUNTERS.c.queue == bindparam("queue"),
        _COUNTERS.c.business_date == bindparam("day"),
    )
    .values(issued_am=bindparam("am"), issued_pm=bindparam("pm"))
)


@functools.cache
def _bump_statement(dialect: str, half: HalfDay | None) -> Any:
    """INSERT … ON CONFLICT DO UPDATE … RETURNING for (hall, queue, day): the number, and the
    walk-in count of `half` (None: an appointment's check-in, not counted)."""
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    c = _COUNTERS.c
    set_: dict[str, Any] = {"last_seq": c.last_seq + 1}
    if half is HalfDay.AM:
        set_["issued_am"] = c.issued_am + 1
    elif half is HalfDay.PM:
        set_["issued_pm"] = c.issued_pm + 1
    return (
        dialect_insert(_COUNTERS)
        .values(
            hall_id=bindparam("hall_id"),
            queue=bindparam("queue"),
            business_date=bindparam("day"),
            last_seq=1,
            issued_am=int(half is HalfDay.AM),
            issued_pm=int(half is HalfDay.PM),
            calls=0,
        )
        .on_conflict_do_update(index_elements=["hall_id", "queue", "business_date"], set_=set_)
        .returning(c.last_seq, c.issued_am, c.issued_pm)
    )


@dataclass(frozen=True)
class Scope:
    """The tickets a window action reads (see `QueueService.act`)."""

    window: int | None = None
    queues: tuple[str, ...] = ()
    target: str | None = None
    ticket_id: str | None = None


@dataclass(frozen=True)
class Issued:
    ticket: Ticket
    secret: str


class QueueService:
    """One hall's queue in one write transaction (`session`); `now` is the request's instant."""

    def __init__(
        self,
        session: Session,
        config: HallConfig,
        vault: Vault,
        now: datetime,
        *,
        actor_id: str | None = None,
    ) -> None:
        self.session = session
        #: Who acts (opaque `user:N`), put on every event hallcore emits without one: the
        #: reports count services per clerk from the `finish` events.
        self.actor_id = actor_id
        self.config = config
        self.vault = vault
        self.now = now
        self.day = config.business_date(now)
        self.hall_id = config.hall_id
        self._events: list[QueueEvent] = []
        self._rows: dict[str, TicketRow] = {}
        self._revisions: dict[str, int] = {}
        self._windows: dict[int, WindowRow] = {}
        self._counters: dict[str, TicketCounter] = {}

    # --- issuing -------------------------------------------------------------------------

    def issue(
        self,
        *,
        queue: str | None,
        theme: str | None,
        channel: Channel,
        priority: str | None,
        applicant_id: str | None,
        appointment: AppointmentSlot | None,
        actor: Actor | None,
    ) -> Issued:
        code = queue if queue is not None else self.config.queue_for_theme(theme or "").code
        self.config.queue(code)
        # The walk-in's half-day is counted in the same upsert that allocates the number (one
        # statement, not two); the rules below get the counts as they were before it.
        session = self.config.session_at(self.now) if appointment is None else None
        half = session.half_day if session is not None else None
        seq, issued_am, issued_pm = self._bump(code, half)
        before_am = issued_am - (half is HalfDay.AM)
        before_pm = issued_pm - (half is HalfDay.PM)
        key = self.vault.lookup_key(applicant_id) if applicant_id else None
        mine = self._load(TicketRow.applicant_key == key) if key is not None else []
        # A take reads only the queue's number, its half-day counts and the person's tickets.
        hall = HallQueue.restore(
            self.config,
            self.day,
            tickets=mine,
            seq={code: seq - 1},
            issued={(code, HalfDay.AM): before_am, (code, HalfDay.PM): before_pm},
            sink=self._events.append,
        )
        ticket = hall.take(
            code,
            self.now,
            theme=theme,
            channel=channel,
            priority=priority,
            applicant_key=key,
            appointment=appointment,
            actor=actor,
        )
        if ticket.seq != seq:  # the rules and the counter disagree: never issue twice
            raise RuntimeError(f"sequence mismatch: {ticket.seq} != {seq}")
        counts = (hall.issued(code, HalfDay.AM), hall.issued(code, HalfDay.PM))
        if counts != (issued_am, issued_pm):  # the rules counted otherwise: theirs stands
            self._connection().execute(
                _SET_ISSUED,
                {
                    "hall_id": self.hall_id,
                    "queue": code,
                    "day": self.day,
                    "am": counts[0],
                    "pm": counts[1],
                },
            )
        secret = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(6))
        encrypted = (
            self.vault.encrypt(applicant_id, context="tickets.applicant_id")
            if applicant_id
            else None
        )
        # The new ticket goes in with one Core INSERT (no unit of work under the hall's lock);
        # the person's other tickets, should the rules have touched one, through the ORM.
        row = ticket_values(ticket)
        row.update(hall_id=self.hall_id, status_secret=secret, applicant_id_enc=encrypted)
        self._connection().execute(_INSERT_TICKET, row)
        self._revisions[ticket.ticket_id] = ticket.revision
        self._save(hall, queue_state=False)
        return Issued(ticket, secret)

    def _connection(self) -> Connection:
        return self.session.connection()

    def _bump(self, queue: str, half: HalfDay | None) -> tuple[int, int, int]:
        """The atomic counter upsert: the new last number of (hall, queue, day) and the
        half-day walk-in counts, `half`'s already counted for the ticket being issued."""
        dialect = self.session.get_bind().dialect.name
        params = {"hall_id": self.hall_id, "queue": queue, "day": self.day}
        row = self._connection().execute(_bump_statement(dialect, half), params).one()
        return int(row[0]), int(row[1]), int(row[2])

    # --- window actions ------------------------------------------------------------------

    def act(
        self, operation: Callable[[HallQueue], Ticket | WindowStatus | None], scope: Scope
    ) -> Ticket | WindowStatus | None:
        """Run a window action on today's queue restored from the rows, and write it back.

        `scope` says which tickets the action can read: a call reads the waiting tickets of
        the window's queues (and, for a specific call, of the target's queue); an action on
        one ticket reads it and the same person's other tickets (a transfer checks them);
        a window's pause reads none."""
        hall = self._restore(self._load_scope(scope))
        result = operation(hall)
        self._save(hall)
        return result

    def _load_scope(self, scope: Scope) -> list[Ticket]:
        if scope.ticket_id is None:
            queues = set(scope.queues)
            if scope.window is not None:
                queues.update(s.queue for s in self.config.window(scope.window).serves)
            if scope.target is not None:
                target = self.session.scalar(
                    select(TicketRow.queue).where(
                        TicketRow.hall_id == self.hall_id, TicketRow.ticket_id == scope.target
                    )
                )
                if target is not None:
                    queues.add(target)
            return self._load(TicketRow.queue.in_(sorted(queues))) if queues else []
        mine = self._load(TicketRow.ticket_id == scope.ticket_id)
        keys = {t.applicant_key for t in mine if t.applicant_key is not None}
        if not keys:
            return mine
        others = self._load(TicketRow.applicant_key.in_(sorted(keys)))
        return mine + [t for t in others if t.ticket_id != scope.ticket_id]

    def view(self) -> HallQueue:
        """Today's whole queue as the rules see it (every active ticket, the windows and the
        counters), for reading: the live figures and the wait estimate. Nothing is saved."""
        return self._restore(self._load())

    # --- loading and saving --------------------------------------------------------------

    def _load(self, *criteria: object) -> list[Ticket]:
        rows = self.session.scalars(
            select(TicketRow).where(
                TicketRow.hall_id == self.hall_id,
                TicketRow.business_date == self.day,
                TicketRow.state.in_([s.value for s in _NOT_FINAL]),
                *criteria,  # type: ignore[arg-type]
            )
        ).all()
        tickets = []
        for row in rows:
            self._rows[row.ticket_id] = row
            ticket = to_ticket(row)
            self._revisions[ticket.ticket_id] = ticket.revision
            tickets.append(ticket)
        return tickets

    def _counter(self, queue: str) -> TicketCounter:
        counter = self._counters.get(queue)
        if counter is None:
            counter = self.session.get(TicketCounter, (self.hall_id, queue, self.day))
            if counter is None:
                counter = TicketCounter(
                    hall_id=self.hall_id,
                    queue=queue,
                    business_date=self.day,
                    last_seq=0,
                    issued_am=0,
                    issued_pm=0,
                    calls=0,
                )
                self.session.add(counter)
            self._counters[queue] = counter
        return counter

    def _restore(
        self, tickets: Iterable[Ticket], *, seq: dict[str, int] | None = None
    ) -> HallQueue:
        counters = self.session.scalars(
            select(TicketCounter).where(
                TicketCounter.hall_id == self.hall_id, TicketCounter.business_date == self.day
            )
        ).all()
        for counter in counters:
            self._counters[counter.queue] = counter
        windows: list[WindowStatus] = []
        memory: dict[int, WindowMemory] = {}
        known = {w.number for w in self.config.windows}
        for row in self.session.scalars(select(WindowRow).where(WindowRow.hall_id == self.hall_id)):
            self._windows[row.number] = row
            if row.business_date != self.day or row.number not in known:
                continue
            windows.append(
                WindowStatus(
                    row.number, WindowState(row.state), row.reason, row.ticket_id, row.since
                )
            )
            credits = tuple(int(c) for c in row.credits.split(",") if c)
            memory[row.number] = WindowMemory(row.priority_run, row.normal_owed, credits)
        issued: dict[tuple[str, HalfDay], int] = {}
        for counter in counters:
            issued[(counter.queue, HalfDay.AM)] = counter.issued_am
            issued[(counter.queue, HalfDay.PM)] = counter.issued_pm
        return HallQueue.restore(
            self.config,
            self.day,
            tickets=tickets,
            windows=windows,
            memory=memory,
            seq=seq or {c.queue: c.last_seq for c in counters},
            calls={c.queue: c.calls for c in counters},
            issued=issued,
            sink=self._events.append,
        )

    def _save(
        self,
        hall: HallQueue,
        *,
        new_secret: str | None = None,
        new_identity: bytes | None = None,
        queue_state: bool = True,
    ) -> None:
        """Write back changed tickets, the events, and (`queue_state`) calls and windows."""
        for ticket in hall.all_tickets():
            before = self._revisions.get(ticket.ticket_id)
            if before == ticket.revision:
                continue
            row = self._rows.get(ticket.ticket_id)
            if row is None:
                row = TicketRow(
                    hall_id=self.hall_id,
                    ticket_id=ticket.ticket_id,
                    status_secret=new_secret or "",
                    applicant_id_enc=new_identity,
                )
                self.session.add(row)
                self._rows[ticket.ticket_id] = row
            write_ticket(row, ticket)
            self._revisions[ticket.ticket_id] = ticket.revision
        if queue_state:
            self._save_queue_state(hall)
        self.session.flush()
        queues = {t.ticket_id: t.queue for t in hall.all_tickets()}
        ev.append(
            self.session,
            self.hall_id,
            [event_of(e, self.actor_id, queues.get(e.ticket_id or "")) for e in self._events],
        )
        self._events.clear()

    def _save_queue_state(self, hall: HallQueue) -> None:
        for queue in self.config.queues:
            calls = hall.calls(queue.code)
            counter = self._counters.get(queue.code)
            if counter is None and calls == 0:
                continue
            counter = counter or self._counter(queue.code)
            counter.calls = calls
        memories = hall.memories()
        for status in hall.window_statuses():
            memory = memories[status.number]
            window = self._windows.get(status.number)
            if window is None:
                if status.state is WindowState.IDLE and memory == WindowMemory():
                    continue
                window = WindowRow(hall_id=self.hall_id, number=status.number)
                self.session.add(window)
                self._windows[status.number] = window
            window.business_date = self.day
            window.state = status.state.value
            window.reason = status.reason
            window.ticket_id = status.ticket_id
            window.since = status.since
            window.priority_run = memory.priority_run
            window.normal_owed = memory.normal_owed
            window.credits = ",".join(str(c) for c in memory.credits)


def event_of(
    event: QueueEvent, default_actor: str | None = None, queue: str | None = None
) -> ev.NewEvent:
    data: dict[str, object] = {
        "ticket_id": event.ticket_id,
        "number": event.number,
        "window": event.window,
    }
    if queue is not None:
        data["queue"] = queue  # the board counts waiting tickets by queue, transfers included
    actor = event.actor if event.actor is not None else default_actor
    if actor is not None:
        data["actor"] = actor
    if event.reason is not None:
        data["reason"] = event.reason
    if event.passed_over:
        data["passed_over"] = list(event.passed_over)
    return ev.NewEvent(event.kind.value, event.at, data)


def to_ticket(row: TicketRow) -> Ticket:
    slot = (
        AppointmentSlot(row.appointment_start, row.appointment_end)
        if row.appointment_start is not None and row.appointment_end is not None
        else None
    )
    return Ticket(
        ticket_id=row.ticket_id,
        number=row.number,
        queue=row.queue,
        seq=row.seq,
        business_date=row.business_date,
        channel=Channel(row.channel),
        taken_at=row.taken_at,
        order_at=row.order_at,
        state=TicketState(row.state),
        theme=row.theme,
        priority=row.priority,
        applicant_key=row.applicant_key,
        appointment=slot,
        lapsed=row.lapsed,
        front_at=row.front_at,
        window=row.window,
        called_at=row.called_at,
        first_called_at=row.first_called_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
        recalls=row.recalls,
        requeues=row.requeues,
        requeue_gate=row.requeue_gate,
        transfers=row.transfers,
        transferred_from=row.transferred_from,
        revision=row.revision,
    )


def ticket_values(ticket: Ticket) -> dict[str, Any]:
    """A new ticket's columns (as `write_ticket` sets them), for a Core INSERT."""
    return {
        "ticket_id": ticket.ticket_id,
        "number": ticket.number,
        "queue": ticket.queue,
        "seq": ticket.seq,
        "business_date": ticket.business_date,
        "channel": ticket.channel.value,
        "state": ticket.state.value,
        "taken_at": ticket.taken_at,
        "order_at": ticket.order_at,
        "theme": ticket.theme,
        "priority": ticket.priority,
        "applicant_key": ticket.applicant_key,
        "appointment_start": ticket.appointment.start if ticket.appointment else None,
        "appointment_end": ticket.appointment.end if ticket.appointment else None,
        "lapsed": ticket.lapsed,
        "front_at": ticket.front_at,
        "window": ticket.window,
        "called_at": ticket.called_at,
        "first_called_at": ticket.first_called_at,
        "started_at": ticket.started_at,
        "ended_at": ticket.ended_at,
        "recalls": ticket.recalls,
        "requeues": ticket.requeues,
        "requeue_gate": ticket.requeue_gate,
        "transfers": ticket.transfers,
        "transferred_from": ticket.transferred_from,
        "revision": ticket.revision,
    }


def write_ticket(row: TicketRow, ticket: Ticket) -> None:
    row.number = ticket.number
    row.queue = ticket.queue
    row.seq = ticket.seq
    row.business_date = ticket.business_date
    row.channel = ticket.channel.value
    row.state = ticket.state.value
    row.taken_at = ticket.taken_at
    row.order_at = ticket.order_at
    row.theme = ticket.theme
    row.priority = ticket.priority
    row.applicant_key = ticket.applicant_key
    row.appointment_start = ticket.appointment.start if ticket.appointment else None
    row.appointment_end = ticket.appointment.end if ticket.appointment else None
    row.lapsed = ticket.lapsed
    row.front_at = ticket.front_at
    row.window = ticket.window
    row.called_at = ticket.called_at
    row.first_called_at = ticket.first_called_at
    row.started_at = ticket.started_at
    row.ended_at = ticket.ended_at
    row.recalls = ticket.recalls
    row.requeues = ticket.requeues
    row.requeue_gate = ticket.requeue_gate
    row.transfers = ticket.transfers
    row.transferred_from = ticket.transferred_from
    row.revision = ticket.revision


def business_day(config: HallConfig, now: datetime) -> date:
    return config.business_date(now)
