"""Tickets and their state machine.

    booked   ─check_in→ waiting
    waiting  ─call→ calling ─start→ serving ─finish→ done
    calling  ─recall→ calling            (past the recall limit: no-show by itself)
    calling  ─no_show→ waiting           (re-queued, at most K times) or no_show (final)
    calling, serving ─transfer→ waiting  (another queue, same number and take time)
    serving  ─park→ parked ─resume→ calling
    booked, waiting, calling, parked ─cancel→ cancelled, ─expire→ expired (end of day)
    waiting, calling, parked ─carry_over→ waiting (the hall keeps its queue overnight)

Every transition is a pure function `Ticket -> Ticket`; an action the state does not allow
raises `IllegalTransition` naming the state and the action. "transferred" is not a state of its
own: a transferred ticket is waiting again, in another queue, with its number, its take time and
`transferred_from` set (DESIGN §3 lists it as a state; one identity per ticket is simpler for the
board and the reports, and the event log keeps the hop).

Personal data: a ticket may carry `applicant_key`, an opaque keyed hash of the applicant's ID
(see `identity_key`), only so that one person cannot hold two waiting tickets in one queue. It
and the priority class are left out of `repr`, and `public()` is what boards and tickets show.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum

from hallcore.queue.errors import IllegalTransition


class TicketState(StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"
    CALLING = "calling"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    PARKED = "parked"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def label_zh(self) -> str:
        return _STATE_ZH[self]


_STATE_ZH = {
    TicketState.BOOKED: "已预约",
    TicketState.WAITING: "等待中",
    TicketState.CALLING: "叫号中",
    TicketState.SERVING: "办理中",
    TicketState.DONE: "已办结",
    TicketState.NO_SHOW: "已过号",
    TicketState.PARKED: "暂离（补材料）",
    TicketState.CANCELLED: "已取消",
    TicketState.EXPIRED: "已作废",
}

#: States in which the ticket still holds a place: one of these per person per queue.
ACTIVE_STATES = frozenset(
    {TicketState.BOOKED, TicketState.WAITING, TicketState.CALLING, TicketState.PARKED}
)
FINAL_STATES = frozenset(
    {TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED, TicketState.EXPIRED}
)


class Action(StrEnum):
    CHECK_IN = "check_in"
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    PARK = "park"
    RESUME = "resume"
    CANCEL = "cancel"
    EXPIRE = "expire"
    CARRY_OVER = "carry_over"

    @property
    def label_zh(self) -> str:
        return _ACTION_ZH[self]


_ACTION_ZH = {
    Action.CHECK_IN: "签到",
    Action.CALL: "叫号",
    Action.RECALL: "重呼",
    Action.START: "开始办理",
    Action.FINISH: "办结",
    Action.NO_SHOW: "过号",
    Action.TRANSFER: "转移",
    Action.PARK: "暂离挂起",
    Action.RESUME: "回呼",
    Action.CANCEL: "取消",
    Action.EXPIRE: "日终作废",
    Action.CARRY_OVER: "留号过夜",
}

ALLOWED: dict[TicketState, frozenset[Action]] = {
    TicketState.BOOKED: frozenset({Action.CHECK_IN, Action.CANCEL, Action.EXPIRE}),
    TicketState.WAITING: frozenset({Action.CALL, Action.CANCEL, Action.EXPIRE, Action.CARRY_OVER}),
    TicketState.CALLING: frozenset(
        {
            Action.RECALL,
            Action.START,
            Action.NO_SHOW,
            Action.TRANSFER,
            Action.CANCEL,
            Action.EXPIRE,
            Action.CARRY_OVER,
        }
    ),
    TicketState.SERVING: frozenset({Action.FINISH, Action.TRANSFER, Action.PARK}),
    TicketState.PARKED: frozenset({Action.RESUME, Action.CANCEL, Action.EXPIRE, Action.CARRY_OVER}),
    TicketState.DONE: frozenset(),
    TicketState.NO_SHOW: frozenset(),
    TicketState.CANCELLED: frozenset(),
    TicketState.EXPIRED: frozenset(),
}


class Channel(StrEnum):
    KIOSK = "kiosk"
    APPOINTMENT = "appointment"
    WINDOW = "window"
    MOBILE = "mobile"


@dataclass(frozen=True, slots=True)
class AppointmentSlot:
    """A booked slot [start, end), timezone-aware."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class PublicTicket:
    """What a board, a printed ticket or a voice call may show: no class, no identity."""

    number: str
    state: TicketState
    window: int | None


@dataclass(frozen=True)
class Ticket:
    """A queue ticket. Immutable; every transition returns a new one with `revision` + 1.

    Times: `taken_at` is when the number was issued and never changes (transfers and re-queues
    keep it); `order_at` is the instant FIFO orders by: the take time, or the check-in time of an
    appointment that checked in too late to keep its slot. `front_at` is set by a transfer "to
    the front" and cleared by the next call. `first_called_at` is the first call ever (the wait
    the ticket had); `called_at` the current call. `requeue_gate`: after a no-show, the ticket is
    held until its queue has made this many calls (see `policy`).
    """

    ticket_id: str
    number: str
    queue: str
    seq: int
    business_date: date
    channel: Channel
    taken_at: datetime
    order_at: datetime
    state: TicketState = TicketState.WAITING
    theme: str | None = None
    priority: str | None = field(default=None, repr=False)
    applicant_key: str | None = field(default=None, repr=False)
    appointment: AppointmentSlot | None = None
    lapsed: bool = False
    front_at: datetime | None = None
    window: int | None = None
    called_at: datetime | None = None
    first_called_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    recalls: int = 0
    requeues: int = 0
    requeue_gate: int | None = None
    transfers: int = 0
    transferred_from: str | None = None
    revision: int = 0

    def public(self) -> PublicTicket:
        return PublicTicket(self.number, self.state, self.window)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def prefix(self) -> str:
        """The prefix in the number: the queue it was issued in (a transfer keeps it)."""
        return self.number.rstrip("0123456789")


def identity_key(raw_identity: str, *, secret: bytes) -> str:
    """An opaque key for an applicant's identity (ID card number, phone …).

    HMAC-SHA256 with the hall's secret, not a bare hash: an 18-digit ID number has so little
    entropy that an unkeyed hash is reversed by enumeration. Only the key is stored on tickets.
    """
    normalised = raw_identity.strip().upper().encode()
    return hmac.new(secret, normalised, hashlib.sha256).hexdigest()[:32]


# --- transitions -------------------------------------------------------------------------


_FIELDS = frozenset(f.name for f in fields(Ticket))


def _evolve(ticket: Ticket, **changes: object) -> Ticket:
    """`dataclasses.replace` without its per-field overhead: a copy of the instance dict with
    the changes, and the revision bumped (the hall's index tells stale entries by it).

    Why: a simulated day or an Erlang C check moves hundreds of thousands of tickets, and
    `replace` re-runs the frozen `__init__` field by field (about 7 µs a transition, against
    under 2 µs here). No validation is skipped: `Ticket` has no `__post_init__`."""
    if not _FIELDS.issuperset(changes):
        raise TypeError(f"not Ticket fields: {sorted(set(changes) - _FIELDS)}")
    new = object.__new__(Ticket)
    state = new.__dict__
    state.update(ticket.__dict__)
    state.update(changes)
    state["revision"] = ticket.revision + 1
    return new


def _guard(ticket: Ticket, action: Action) -> None:
    if action not in ALLOWED[ticket.state]:
        raise IllegalTransition(
            subject_zh=f"{ticket.number}号",
            subject_en=f"ticket {ticket.number}",
            state=ticket.state.value,
            state_zh=ticket.state.label_zh,
            action=action.value,
            action_zh=action.label_zh,
        )


def check_in(ticket: Ticket, at: datetime, *, lapsed: bool) -> Ticket:
    """A booked ticket arrives. `lapsed`: too late for its slot; it queues as a walk-in from now."""
    _guard(ticket, Action.CHECK_IN)
    return _evolve(
        ticket, state=TicketState.WAITING, lapsed=lapsed, order_at=at if lapsed else ticket.order_at
    )


def call(ticket: Ticket, window: int, at: datetime) -> Ticket:
    _guard(ticket, Action.CALL)
    return _evolve(
        ticket,
        state=TicketState.CALLING,
        window=window,
        called_at=at,
        first_called_at=ticket.first_called_at or at,
        front_at=None,
        requeue_gate=None,
        recalls=0,
    )


def recall(
    ticket: Ticket, at: datetime, *, limit: int, requeue_after: int, max_requeues: int, calls: int
) -> Ticket:
    """Call again. Past `limit` recalls the ticket is a no-show by itself (QSystem's rule), so
    a clerk cannot keep one absent applicant's number on the board all morning."""
    _guard(ticket, Action.RECALL)
    if ticket.recalls >= limit:
        return no_show(
            ticket, at, requeue_after=requeue_after, max_requeues=max_requeues, calls=calls
        )
    return _evolve(ticket, recalls=ticket.recalls + 1)


def start(ticket: Ticket, at: datetime) -> Ticket:
    _guard(ticket, Action.START)
    return _evolve(ticket, state=TicketState.SERVING, started_at=at)


def finish(ticket: Ticket, at: datetime) -> Ticket:
    _guard(ticket, Action.FINISH)
    return _evolve(ticket, state=TicketState.DONE, ended_at=at)


def no_show(
    ticket: Ticket, at: datetime, *, requeue_after: int, max_requeues: int, calls: int
) -> Ticket:
    """过号. Re-queued (waiting, held until its queue has made `requeue_after` more calls than
    `calls`, the count now) while it has re-queues left; otherwise final."""
    _guard(ticket, Action.NO_SHOW)
    if ticket.requeues < max_requeues:
        return _evolve(
            ticket,
            state=TicketState.WAITING,
            window=None,
            called_at=None,
            started_at=None,
            recalls=0,
            requeues=ticket.requeues + 1,
            requeue_gate=calls + requeue_after,
        )
    return _evolve(ticket, state=TicketState.NO_SHOW, ended_at=at, recalls=0)


def transfer(ticket: Ticket, to_queue: str, at: datetime, *, to_front: bool) -> Ticket:
    """转移: waiting again in `to_queue`, keeping the number and the original take time; with
    `to_front`, ahead of every ticket of its lane that was not itself moved to the front."""
    _guard(ticket, Action.TRANSFER)
    return _evolve(
        ticket,
        state=TicketState.WAITING,
        queue=to_queue,
        window=None,
        called_at=None,
        started_at=None,
        recalls=0,
        front_at=at if to_front else None,
        transfers=ticket.transfers + 1,
        transferred_from=ticket.queue,
    )


def park(ticket: Ticket, at: datetime) -> Ticket:
    """暂离: the applicant goes to fetch a material; the ticket stays with its window."""
    _guard(ticket, Action.PARK)
    return _evolve(ticket, state=TicketState.PARKED)


def resume(ticket: Ticket, window: int, at: datetime) -> Ticket:
    """回呼: call a parked ticket back (announced again, then started as usual)."""
    _guard(ticket, Action.RESUME)
    return _evolve(
        ticket, state=TicketState.CALLING, window=window, called_at=at, started_at=None, recalls=0
    )


def cancel(ticket: Ticket, at: datetime) -> Ticket:
    _guard(ticket, Action.CANCEL)
    return _evolve(ticket, state=TicketState.CANCELLED, ended_at=at)


def expire(ticket: Ticket, at: datetime) -> Ticket:
    _guard(ticket, Action.EXPIRE)
    return _evolve(ticket, state=TicketState.EXPIRED, ended_at=at)


def carry_over(ticket: Ticket) -> Ticket:
    """Keep a ticket for the next business day (the hall keeps its queue overnight): it waits
    again with its number and take time; a call that was not answered is simply undone."""
    _guard(ticket, Action.CARRY_OVER)
    return _evolve(
        ticket,
        state=TicketState.WAITING,
        window=None,
        called_at=None,
        started_at=None,
        recalls=0,
        requeue_gate=None,
    )
