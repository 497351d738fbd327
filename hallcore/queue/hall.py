"""The live queue of one hall for one business day: tickets, windows and the rules between them.

`HallQueue` applies the rules of DESIGN §3 around the pure pieces: it issues numbers (prefix +
daily sequence), refuses what the configuration forbids (closed hours, cut-off, half-day caps,
a second waiting ticket for the same person in a queue, green channel without staff), asks
`policy.choose_next` which ticket a window gets, moves tickets through `tickets`' state machine,
keeps each window's state, and reports every change to an optional event sink (the audit log:
a call out of order is never silent, it is an event with the actor, the reason and the tickets
passed over).

It is single-threaded and in memory: the hall server wraps the same operations in its
transactions (a call there is an atomic claim), the simulator and the tests drive it directly.
Time is always passed in; nothing here reads the clock.

Index: per queue and lane a heap of (order key, revision, ticket id), plus a heap of held
re-queues by (gate, key). Entries are never searched for: a ticket that leaves a lane gets a new
revision, which makes its entry stale, and stale entries are popped when they reach the top
(every mutation settles the heads it may have exposed). So the policy reads valid heads in O(1)
and a call costs O(log n).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from hallcore.queue import tickets as tk
from hallcore.queue.config import HalfDay, HallConfig, WindowConfig
from hallcore.queue.errors import ErrorCode, IllegalTransition, QueueError
from hallcore.queue.policy import (
    CallPolicy,
    Choice,
    Head,
    Lane,
    OrderKey,
    WindowMemory,
    choose_next,
    is_held,
    lane_of,
    order_key,
    remember,
)
from hallcore.queue.tickets import AppointmentSlot, Channel, Ticket, TicketState


class WindowState(StrEnum):
    IDLE = "idle"
    CALLING = "calling"
    SERVING = "serving"
    PAUSED = "paused"
    CLOSED = "closed"

    @property
    def label_zh(self) -> str:
        return _WINDOW_ZH[self]

    @property
    def is_open(self) -> bool:
        """Counts as an open window for the wait estimate (paused and closed ones do not)."""
        return self in (WindowState.IDLE, WindowState.CALLING, WindowState.SERVING)


_WINDOW_ZH = {
    WindowState.IDLE: "空闲",
    WindowState.CALLING: "叫号中",
    WindowState.SERVING: "办理中",
    WindowState.PAUSED: "暂停服务",
    WindowState.CLOSED: "未开放",
}


@dataclass(frozen=True, slots=True)
class WindowStatus:
    """A window now: its state, the pause reason, the ticket it is calling or serving, since."""

    number: int
    state: WindowState
    reason: str | None = None
    ticket_id: str | None = None
    since: datetime | None = None


class Permission(StrEnum):
    CALL_SPECIFIC = "queue.call_specific"
    GREEN_CHANNEL = "queue.green_channel"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks: a staff user id (opaque) and the permissions their role grants."""

    user_id: str
    permissions: frozenset[Permission] = frozenset()

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions


class EventKind(StrEnum):
    TAKE = "take"
    BOOK = "book"
    CHECK_IN = "check_in"
    CALL = "call"
    CALL_SPECIFIC = "call_specific"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    REQUEUE = "requeue"
    TRANSFER = "transfer"
    PARK = "park"
    RESUME = "resume"
    CANCEL = "cancel"
    EXPIRE = "expire"
    CARRY_OVER = "carry_over"
    WINDOW_OPEN = "window_open"
    WINDOW_PAUSE = "window_pause"
    WINDOW_RESUME = "window_resume"
    WINDOW_CLOSE = "window_close"


@dataclass(frozen=True, slots=True)
class QueueEvent:
    """One change, for the audit log and the event feed. Carries numbers, never identities."""

    kind: EventKind
    at: datetime
    ticket_id: str | None = None
    number: str | None = None
    window: int | None = None
    actor: str | None = None
    reason: str | None = None
    passed_over: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DayEnd:
    expired: tuple[Ticket, ...]
    carried: tuple[Ticket, ...]


class DuplicateTicket(QueueError):
    """The person already holds an active ticket in this queue; `existing` is it (to reprint)."""

    def __init__(self, existing: Ticket) -> None:
        super().__init__(
            ErrorCode.DUPLICATE_TICKET,
            f"您已在当前队列取号（{existing.number}号）并在等待中，请勿重复取号！",
            f"you already hold ticket {existing.number} in this queue",
        )
        self.existing = existing


EventSink = Callable[[QueueEvent], None]

_LaneEntry = tuple[OrderKey, int, str]
_HeldEntry = tuple[int, OrderKey, int, str]


class _Lanes:
    """One queue's index: a heap per lane, the held re-queues, and its waiting tickets."""

    __slots__ = ("heaps", "held", "waiting")

    def __init__(self) -> None:
        self.heaps: dict[Lane, list[_LaneEntry]] = {lane: [] for lane in Lane}
        self.held: list[_HeldEntry] = []
        self.waiting: dict[str, None] = {}  # an insertion-ordered set of ticket ids


class HallQueue:
    """The queue of one hall on one business date. See the module docstring."""

    def __init__(
        self,
        config: HallConfig,
        business_date: date,
        *,
        windows_open: bool = True,
        carried: Iterable[Ticket] = (),
        sink: EventSink | None = None,
        policy: CallPolicy = choose_next,
    ) -> None:
        self._config = config
        self._policy = policy
        self._date = business_date
        self._sink = sink
        self._tickets: dict[str, Ticket] = {}
        self._by_number: dict[str, str] = {}
        self._seq = {q.code: 0 for q in config.queues}
        self._issued: dict[tuple[str, HalfDay], int] = {}
        self._calls = {q.code: 0 for q in config.queues}
        self._lanes = {q.code: _Lanes() for q in config.queues}
        self._holders: dict[tuple[str, str], str] = {}
        first = WindowState.IDLE if windows_open else WindowState.CLOSED
        self._windows = {w.number: WindowStatus(w.number, first) for w in config.windows}
        self._memory = {w.number: WindowMemory() for w in config.windows}
        self._carried: tuple[Ticket, ...] = ()
        for ticket in carried:
            self._adopt(ticket)

    @classmethod
    def restore(
        cls,
        config: HallConfig,
        business_date: date,
        *,
        tickets: Iterable[Ticket] = (),
        windows: Iterable[WindowStatus] = (),
        memory: Mapping[int, WindowMemory] | None = None,
        seq: Mapping[str, int] | None = None,
        calls: Mapping[str, int] | None = None,
        issued: Mapping[tuple[str, HalfDay], int] | None = None,
        sink: EventSink | None = None,
        policy: CallPolicy = choose_next,
    ) -> HallQueue:
        """The queue rebuilt from stored state, so that a store (the hall server's database)
        applies these rules in its own transaction: load the rows an operation needs, restore,
        run the operation, write back what changed (a ticket changed when its `revision` did).

        `tickets` may be in any state and of any queue; a subset is fine as long as it holds
        every ticket the operation reads (all waiting ones of the window's queues for a call,
        the person's active tickets for a take). Windows and memories not given start idle and
        empty; `seq`, `calls` and `issued` not given start at 0."""
        hall = cls(config, business_date, sink=sink, policy=policy)
        hall._seq.update(seq or {})
        hall._calls.update(calls or {})
        hall._issued.update(issued or {})
        hall._memory.update(memory or {})
        for status in windows:
            config.window(status.number)
            hall._windows[status.number] = status
        for ticket in tickets:
            hall._store(ticket)
            if ticket.state not in tk.FINAL_STATES:
                hall._hold(ticket)
            if ticket.state is TicketState.WAITING:
                hall._enqueue(ticket)
        return hall

    def memories(self) -> dict[int, WindowMemory]:
        """Every window's memory (what a store writes back after a call)."""
        return dict(self._memory)

    def _adopt(self, ticket: Ticket) -> None:
        """Take in a ticket carried over from an earlier day: it keeps its number, so today's
        sequence of its prefix starts after it (two A012s on one board would be a disaster)."""
        if ticket.state is not TicketState.WAITING:
            raise QueueError(
                ErrorCode.ILLEGAL_TRANSITION,
                f"{ticket.number}号不是等待中的号，不能留到次日",
                f"ticket {ticket.number} is {ticket.state}; only waiting tickets carry over",
            )
        self._config.queue(ticket.queue)
        issued_in = self._config.queue_for_prefix(ticket.prefix)
        if issued_in is not None:
            self._seq[issued_in.code] = max(self._seq[issued_in.code], ticket.seq)
        self._store(ticket)
        self._enqueue(ticket)
        self._hold(ticket)

    # --- read side (also the policy's WaitingView and the estimator's HallView) ----------

    @property
    def config(self) -> HallConfig:
        return self._config

    @property
    def business_date(self) -> date:
        return self._date

    def ticket(self, ticket_id: str) -> Ticket:
        try:
            return self._tickets[ticket_id]
        except KeyError:
            raise QueueError(
                ErrorCode.UNKNOWN_TICKET, f"没有这个号：{ticket_id}", f"no ticket {ticket_id}"
            ) from None

    def find(self, number: str) -> Ticket:
        """The ticket with this number (numbers are unique within the hall's day)."""
        try:
            return self._tickets[self._by_number[number]]
        except KeyError:
            raise QueueError(
                ErrorCode.UNKNOWN_TICKET, f"没有{number}号", f"no ticket {number}"
            ) from None

    def all_tickets(self) -> Iterator[Ticket]:
        return iter(self._tickets.values())

    def waiting(self, queue: str) -> list[Ticket]:
        """The waiting tickets of `queue` (held re-queues included), in no particular order."""
        return [self._tickets[i] for i in self._lanes[queue].waiting]

    def waiting_count(self, queue: str | None = None) -> int:
        if queue is not None:
            return len(self._lanes[queue].waiting)
        return sum(len(lanes.waiting) for lanes in self._lanes.values())

    def window_status(self, number: int) -> WindowStatus:
        self._config.window(number)
        return self._windows[number]

    def window_statuses(self) -> tuple[WindowStatus, ...]:
        return tuple(self._windows.values())

    def memory(self, window: int) -> WindowMemory:
        return self._memory[window]

    def calls(self, queue: str) -> int:
        """Calls made from `queue` today (call next and call specific; not recalls)."""
        return self._calls[queue]

    def issued(self, queue: str, half_day: HalfDay) -> int:
        """Walk-in tickets issued in `queue` in that half-day (what the cap counts)."""
        return self._issued.get((queue, half_day), 0)

    def head(self, queue: str, lane: Lane) -> Head | None:
        heap = self._lanes[queue].heaps[lane]
        if not heap:
            return None
        key, _, ticket_id = heap[0]
        return key, self._tickets[ticket_id]

    def held_head(self, queue: str) -> Head | None:
        held = self._lanes[queue].held
        if not held:
            return None
        _, key, _, ticket_id = held[0]
        return key, self._tickets[ticket_id]

    def peek_next(self, window: int, at: datetime) -> Choice | None:
        """What "call next" would give `window` at `at`, without calling it."""
        return self._policy(
            self._config, self._config.window(window), self, self._memory[window], at
        )

    # --- issuing -------------------------------------------------------------------------

    def take(
        self,
        queue: str,
        at: datetime,
        *,
        theme: str | None = None,
        channel: Channel = Channel.KIOSK,
        priority: str | None = None,
        applicant_key: str | None = None,
        appointment: AppointmentSlot | None = None,
        actor: Actor | None = None,
    ) -> Ticket:
        """Issue a ticket, waiting from `at`. With `appointment`, this is the check-in of a
        booking made elsewhere: no opening-hours check, no cap, its own lane if on time."""
        ticket = self._issue(
            queue,
            at,
            theme=theme,
            channel=Channel.APPOINTMENT if appointment is not None else channel,
            priority=priority,
            applicant_key=applicant_key,
            appointment=appointment,
            actor=actor,
            state=TicketState.WAITING,
        )
        self._enqueue(ticket)
        self._emit(EventKind.TAKE, at, ticket)
        return ticket

    def book(
        self,
        queue: str,
        slot: AppointmentSlot,
        at: datetime,
        *,
        theme: str | None = None,
        priority: str | None = None,
        applicant_key: str | None = None,
        actor: Actor | None = None,
    ) -> Ticket:
        """A same-day booking: the number is issued now, the ticket waits from check-in."""
        ticket = self._issue(
            queue,
            at,
            theme=theme,
            channel=Channel.APPOINTMENT,
            priority=priority,
            applicant_key=applicant_key,
            appointment=slot,
            actor=actor,
            state=TicketState.BOOKED,
        )
        self._emit(EventKind.BOOK, at, ticket)
        return ticket

    def check_in(self, ticket_id: str, at: datetime) -> Ticket:
        old = self.ticket(ticket_id)
        self._same_day(at)
        slot = old.appointment
        lapsed = slot is not None and at > slot.start + self._config.appointments.late
        new = tk.check_in(old, at, lapsed=lapsed)
        self._store(new)
        self._enqueue(new)
        self._emit(EventKind.CHECK_IN, at, new, reason="lapsed" if lapsed else None)
        return new

    def _issue(
        self,
        queue: str,
        at: datetime,
        *,
        theme: str | None,
        channel: Channel,
        priority: str | None,
        applicant_key: str | None,
        appointment: AppointmentSlot | None,
        actor: Actor | None,
        state: TicketState,
    ) -> Ticket:
        config = self._config
        queue_config = config.queue(queue)
        self._same_day(at)
        half: HalfDay | None = None
        if appointment is None:
            half = config.check_issuing(at).half_day
            cap = queue_config.cap_am if half is HalfDay.AM else queue_config.cap_pm
            if cap is not None and self._issued.get((queue, half), 0) >= cap:
                word = "上午" if half is HalfDay.AM else "下午"
                raise QueueError(
                    ErrorCode.CAP_REACHED,
                    f"{queue_config.name_zh}{word}号源已取完，请改日或预约办理",
                    f"all tickets of {queue_config.name_en or queue} for this half-day are taken",
                )
        if priority is not None:
            klass = config.priority_class(priority)
            if klass.needs_staff and (actor is None or not actor.may(Permission.GREEN_CHANNEL)):
                raise QueueError(
                    ErrorCode.PERMISSION_REQUIRED,
                    f"「{klass.name_zh}」须由大厅工作人员开通",
                    f"{klass.name_en} is granted by hall staff only",
                )
        if applicant_key is not None:
            self._check_single(queue, applicant_key)
        if appointment is not None:
            config.local(appointment.start)
        seq = self._seq[queue] + 1
        self._seq[queue] = seq
        number = f"{queue_config.prefix}{seq:03d}"
        ticket = Ticket(
            ticket_id=f"{self._date:%Y%m%d}-{number}",
            number=number,
            queue=queue,
            seq=seq,
            business_date=self._date,
            channel=channel,
            taken_at=at,
            order_at=at,
            state=state,
            theme=theme,
            priority=priority,
            applicant_key=applicant_key,
            appointment=appointment,
            lapsed=(
                appointment is not None
                and state is TicketState.WAITING
                and at > appointment.start + config.appointments.late
            ),
        )
        if half is not None:
            self._issued[(queue, half)] = self._issued.get((queue, half), 0) + 1
        self._store(ticket)
        self._hold(ticket)
        return ticket

    def _check_single(self, queue: str, applicant_key: str) -> None:
        holder = self._holders.get((queue, applicant_key))
        if holder is not None and self._tickets[holder].is_active:
            raise DuplicateTicket(self._tickets[holder])

    # --- calling -------------------------------------------------------------------------

    def call_next(self, window: int, at: datetime) -> Ticket | None:
        """The policy's next ticket for `window`, now calling there; None if nothing waits."""
        window_config = self._ready_window(window, tk.Action.CALL)
        choice = self._policy(self._config, window_config, self, self._memory[window], at)
        if choice is None:
            return None
        self._memory[window] = choice.memory
        ticket = self._call(choice.ticket, window, at)
        self._emit(EventKind.CALL, at, ticket)
        return ticket

    def call_specific(
        self, window: int, ticket_id: str, at: datetime, *, actor: Actor, reason: str
    ) -> Ticket:
        """特呼: call one ticket out of the policy's order. Free when it is the policy's own next
        ticket; otherwise it needs the permission and a reason, and the event names every
        ticket passed over. Without the permission: "此号之前还有等待中的号，不能跳号"."""
        window_config = self._ready_window(window, tk.Action.CALL)
        target = self.ticket(ticket_id)
        if target.state in (TicketState.CALLING, TicketState.SERVING):
            raise QueueError(
                ErrorCode.CALLED_ELSEWHERE,
                f"{target.number}号已在{target.window}号窗口叫号办理中",
                f"ticket {target.number} is already called at window {target.window}",
            )
        if target.state is not TicketState.WAITING:
            tk.call(target, window, at)  # raises the refusal that names the state
        choice = self._policy(self._config, window_config, self, self._memory[window], at)
        if choice is not None and choice.ticket.ticket_id == ticket_id:
            self._memory[window] = choice.memory
            ticket = self._call(target, window, at)
            self._emit(EventKind.CALL, at, ticket, actor=actor.user_id)
            return ticket
        passed = self._passed_over(target, choice)
        if not actor.may(Permission.CALL_SPECIFIC):
            if passed:
                raise QueueError(
                    ErrorCode.SKIP_REFUSED,
                    "此号之前还有等待中的号，不能跳号",
                    "earlier tickets are still waiting; a ticket cannot be skipped",
                )
            raise QueueError(
                ErrorCode.PERMISSION_REQUIRED,
                "指定叫号需要「特呼」权限",
                "calling a specific ticket needs the call-specific permission",
            )
        if not reason.strip():
            raise QueueError(
                ErrorCode.REASON_REQUIRED,
                "指定叫号须填写原因",
                "a reason is required to call a specific ticket",
            )
        lane = lane_of(self._config, target)
        ratio = self._config.ratio_for(window_config)
        self._memory[window] = remember(self._memory[window], lane, ratio)
        ticket = self._call(target, window, at)
        self._emit(
            EventKind.CALL_SPECIFIC,
            at,
            ticket,
            actor=actor.user_id,
            reason=reason.strip(),
            passed_over=passed,
        )
        return ticket

    def _passed_over(self, target: Ticket, choice: Choice | None) -> tuple[str, ...]:
        """The waiting tickets a specific call jumps: the policy's own choice, and every
        ordinary ticket of the target's queue with a lower key (released, not held)."""
        target_key = order_key(target, lane_of(self._config, target))
        calls = self._calls[target.queue]
        jumped: list[tuple[OrderKey, str]] = []
        for ticket in self.waiting(target.queue):
            if ticket.ticket_id == target.ticket_id or is_held(ticket, calls):
                continue
            lane = lane_of(self._config, ticket)
            key = order_key(ticket, lane)
            if lane is Lane.ORDINARY and key < target_key:
                jumped.append((key, ticket.number))
        numbers = [number for _, number in sorted(jumped)]
        if choice is not None and choice.ticket.number not in numbers:
            numbers.insert(0, choice.ticket.number)
        return tuple(numbers)

    def _call(self, ticket: Ticket, window: int, at: datetime) -> Ticket:
        new = tk.call(ticket, window, at)
        self._store(new)
        lanes = self._lanes[new.queue]
        del lanes.waiting[new.ticket_id]
        calls = self._calls[new.queue] + 1
        self._calls[new.queue] = calls
        held = lanes.held
        while held and held[0][0] <= calls:
            _, key, revision, ticket_id = heapq.heappop(held)
            waiting = self._tickets[ticket_id]
            if waiting.revision == revision and waiting.state is TicketState.WAITING:
                lane = lane_of(self._config, waiting)
                heapq.heappush(lanes.heaps[lane], (key, revision, ticket_id))
        self._settle(new.queue)
        self._windows[window] = WindowStatus(window, WindowState.CALLING, None, new.ticket_id, at)
        return new

    def recall(self, ticket_id: str, at: datetime, *, window: int | None = None) -> Ticket:
        """重呼. Past the hall's recall limit this is the automatic no-show."""
        old = self._at_window(ticket_id, window)
        rule = self._config.no_show
        new = tk.recall(
            old,
            at,
            limit=self._config.recall_limit,
            requeue_after=rule.requeue_after,
            max_requeues=rule.max_requeues,
            calls=self._calls[old.queue],
        )
        if new.state is TicketState.CALLING:
            self._store(new)
            self._emit(EventKind.RECALL, at, new)
            return new
        return self._after_no_show(old, new, at, "recall_limit")

    def no_show(
        self, ticket_id: str, at: datetime, *, window: int | None = None, reason: str | None = None
    ) -> Ticket:
        """过号: re-queued after N calls (at most K times), else final."""
        old = self._at_window(ticket_id, window)
        rule = self._config.no_show
        new = tk.no_show(
            old,
            at,
            requeue_after=rule.requeue_after,
            max_requeues=rule.max_requeues,
            calls=self._calls[old.queue],
        )
        return self._after_no_show(old, new, at, reason)

    def _after_no_show(self, old: Ticket, new: Ticket, at: datetime, reason: str | None) -> Ticket:
        self._store(new)
        self._free_window(old, at)
        self._emit(EventKind.NO_SHOW, at, new, window=old.window, reason=reason)
        if new.state is TicketState.WAITING:
            self._enqueue(new)
            self._emit(EventKind.REQUEUE, at, new)
        else:
            self._release_holder(new)
        return new

    def start(self, ticket_id: str, at: datetime, *, window: int | None = None) -> Ticket:
        old = self._at_window(ticket_id, window)
        new = tk.start(old, at)
        self._store(new)
        if new.window is not None:
            status = WindowStatus(new.window, WindowState.SERVING, None, new.ticket_id, at)
            self._windows[new.window] = status
        self._emit(EventKind.START, at, new)
        return new

    def finish(self, ticket_id: str, at: datetime, *, window: int | None = None) -> Ticket:
        old = self._at_window(ticket_id, window)
        new = tk.finish(old, at)
        self._store(new)
        self._free_window(old, at)
        self._release_holder(new)
        self._emit(EventKind.FINISH, at, new)
        return new

    def transfer(
        self,
        ticket_id: str,
        to_queue: str,
        at: datetime,
        *,
        to_front: bool | None = None,
        window: int | None = None,
        reason: str | None = None,
    ) -> Ticket:
        """转移 to `to_queue`, keeping the number and the take time; `to_front` (default: the
        hall's setting) puts it ahead of its lane there."""
        old = self._at_window(ticket_id, window)
        self._config.queue(to_queue)
        if old.applicant_key is not None and to_queue != old.queue:
            self._check_single(to_queue, old.applicant_key)
        front = self._config.transfer_to_front if to_front is None else to_front
        new = tk.transfer(old, to_queue, at, to_front=front)
        self._store(new)
        self._free_window(old, at)
        self._release_holder(old)
        self._hold(new)
        self._enqueue(new)
        self._emit(EventKind.TRANSFER, at, new, window=old.window, reason=reason)
        return new

    def park(
        self, ticket_id: str, at: datetime, *, reason: str, window: int | None = None
    ) -> Ticket:
        """暂离: the window is free for others while the applicant fetches a material."""
        old = self._at_window(ticket_id, window)
        new = tk.park(old, at)
        self._store(new)
        self._free_window(old, at)
        self._emit(EventKind.PARK, at, new, window=old.window, reason=reason)
        return new

    def resume(self, ticket_id: str, window: int, at: datetime) -> Ticket:
        """回呼 a parked ticket at `window` (it is continuing its service, not jumping the
        queue, so no permission is needed)."""
        self._ready_window(window, tk.Action.RESUME)
        new = tk.resume(self.ticket(ticket_id), window, at)
        self._store(new)
        self._windows[window] = WindowStatus(window, WindowState.CALLING, None, new.ticket_id, at)
        self._emit(EventKind.RESUME, at, new)
        return new

    def cancel(self, ticket_id: str, at: datetime, *, reason: str | None = None) -> Ticket:
        """弃号 / the applicant leaves: from booked, waiting, calling or parked."""
        old = self.ticket(ticket_id)
        new = tk.cancel(old, at)
        self._store(new)
        if old.state is TicketState.WAITING:
            self._dequeue(old)
        elif old.state is TicketState.CALLING:
            self._free_window(old, at)
        self._release_holder(new)
        self._emit(EventKind.CANCEL, at, new, reason=reason)
        return new

    # --- windows -------------------------------------------------------------------------

    def open_window(self, number: int, at: datetime) -> WindowStatus:
        return self._window_move(number, at, WindowState.CLOSED, WindowState.IDLE, "开启窗口")

    def pause_window(self, number: int, at: datetime, *, reason: str) -> WindowStatus:
        """暂停 with a reason (required: a paused window with people waiting is the first
        thing a manager asks about)."""
        if not reason.strip():
            raise QueueError(
                ErrorCode.REASON_REQUIRED, "暂停服务须填写原因", "a pause needs a reason"
            )
        return self._window_move(
            number, at, WindowState.IDLE, WindowState.PAUSED, "暂停服务", reason.strip()
        )

    def resume_window(self, number: int, at: datetime) -> WindowStatus:
        return self._window_move(number, at, WindowState.PAUSED, WindowState.IDLE, "恢复服务")

    def close_window(self, number: int, at: datetime) -> WindowStatus:
        status = self.window_status(number)
        if status.state is WindowState.PAUSED:
            return self._window_move(number, at, WindowState.PAUSED, WindowState.CLOSED, "关闭")
        return self._window_move(number, at, WindowState.IDLE, WindowState.CLOSED, "关闭")

    def _window_move(
        self,
        number: int,
        at: datetime,
        source: WindowState,
        target: WindowState,
        action_zh: str,
        reason: str | None = None,
    ) -> WindowStatus:
        status = self.window_status(number)
        if status.state is not source:
            raise IllegalTransition(
                subject_zh=f"{number}号窗口",
                subject_en=f"window {number}",
                state=status.state.value,
                state_zh=status.state.label_zh,
                action=f"become {target.value}",
                action_zh=action_zh,
                code=ErrorCode.WINDOW_STATE,
            )
        new = WindowStatus(number, target, reason, None, at)
        self._windows[number] = new
        kind = {
            WindowState.IDLE: (
                EventKind.WINDOW_OPEN if source is WindowState.CLOSED else EventKind.WINDOW_RESUME
            ),
            WindowState.PAUSED: EventKind.WINDOW_PAUSE,
            WindowState.CLOSED: EventKind.WINDOW_CLOSE,
        }[target]
        if self._sink is not None:
            self._sink(QueueEvent(kind, at, window=number, reason=reason))
        return new

    def _ready_window(self, number: int, action: tk.Action) -> WindowConfig:
        """The window must be idle to call: one active ticket per window (Novo SGA #213)."""
        window_config = self._config.window(number)
        status = self._windows[number]
        if status.state is not WindowState.IDLE:
            code = (
                ErrorCode.WINDOW_BUSY
                if status.state in (WindowState.CALLING, WindowState.SERVING)
                else ErrorCode.WINDOW_NOT_OPEN
            )
            raise IllegalTransition(
                subject_zh=f"{number}号窗口",
                subject_en=f"window {number}",
                state=status.state.value,
                state_zh=status.state.label_zh,
                action=action.value,
                action_zh=action.label_zh,
                code=code,
            )
        return window_config

    # --- the day -------------------------------------------------------------------------

    def end_of_day(self, at: datetime) -> DayEnd:
        """日终. Every booked, waiting, calling or parked ticket expires, unless the hall keeps
        its queue overnight: then waiting, calling and parked ones are carried (waiting again,
        same number and take time) to `next_day`. Serving tickets are left to their clerks.
        Windows close."""
        expired: list[Ticket] = []
        carried: list[Ticket] = []
        keep = self._config.keep_overnight
        for old in list(self._tickets.values()):
            if old.state is TicketState.SERVING or old.state in tk.FINAL_STATES:
                continue
            if keep and old.state is not TicketState.BOOKED:
                new = tk.carry_over(old)
                carried.append(new)
                kind = EventKind.CARRY_OVER
            else:
                new = tk.expire(old, at)
                expired.append(new)
                kind = EventKind.EXPIRE
            self._store(new)
            if old.state is TicketState.WAITING:
                self._dequeue(old)
            if kind is EventKind.EXPIRE:
                self._release_holder(new)
            self._emit(kind, at, new, window=old.window)
        for number, status in self._windows.items():
            if status.state is not WindowState.SERVING:
                self._windows[number] = WindowStatus(number, WindowState.CLOSED, None, None, at)
        self._carried = tuple(carried)
        return DayEnd(tuple(expired), tuple(carried))

    def next_day(self, business_date: date, *, windows_open: bool = True) -> HallQueue:
        """Tomorrow's queue: empty, or with today's carried tickets (after `end_of_day`)."""
        return HallQueue(
            self._config,
            business_date,
            windows_open=windows_open,
            carried=self._carried,
            sink=self._sink,
            policy=self._policy,
        )

    # --- internals -----------------------------------------------------------------------

    def _same_day(self, at: datetime) -> None:
        day = self._config.business_date(at)
        if day != self._date:
            raise QueueError(
                ErrorCode.WRONG_DAY,
                f"时间 {day} 不属于本营业日 {self._date}",
                f"{day} is not this queue's business date {self._date}",
            )

    def _at_window(self, ticket_id: str, window: int | None) -> Ticket:
        ticket = self.ticket(ticket_id)
        if window is not None and ticket.window is not None and ticket.window != window:
            raise QueueError(
                ErrorCode.NOT_AT_THIS_WINDOW,
                f"{ticket.number}号不在本窗口（在{ticket.window}号窗口）",
                f"ticket {ticket.number} is at window {ticket.window}, not {window}",
            )
        return ticket

    def _store(self, ticket: Ticket) -> None:
        self._tickets[ticket.ticket_id] = ticket
        self._by_number[ticket.number] = ticket.ticket_id

    def _hold(self, ticket: Ticket) -> None:
        if ticket.applicant_key is not None:
            self._holders[(ticket.queue, ticket.applicant_key)] = ticket.ticket_id

    def _release_holder(self, ticket: Ticket) -> None:
        if ticket.applicant_key is None:
            return
        slot = (ticket.queue, ticket.applicant_key)
        if self._holders.get(slot) == ticket.ticket_id:
            del self._holders[slot]

    def _enqueue(self, ticket: Ticket) -> None:
        lanes = self._lanes[ticket.queue]
        lanes.waiting[ticket.ticket_id] = None
        lane = lane_of(self._config, ticket)
        key = order_key(ticket, lane)
        if is_held(ticket, self._calls[ticket.queue]):
            gate = ticket.requeue_gate or 0
            heapq.heappush(lanes.held, (gate, key, ticket.revision, ticket.ticket_id))
        else:
            heapq.heappush(lanes.heaps[lane], (key, ticket.revision, ticket.ticket_id))

    def _dequeue(self, ticket: Ticket) -> None:
        """Forget a ticket that left waiting (its entries are stale by its new revision)."""
        self._lanes[ticket.queue].waiting.pop(ticket.ticket_id, None)
        self._settle(ticket.queue)

    def _settle(self, queue: str) -> None:
        """Pop stale entries off every head of `queue`, so the heads the policy reads are live."""
        lanes = self._lanes[queue]
        tickets = self._tickets
        for heap in lanes.heaps.values():
            while heap:
                entry = heap[0]
                live = tickets[entry[2]]
                if live.revision == entry[1] and live.state is TicketState.WAITING:
                    break
                heapq.heappop(heap)
        held = lanes.held
        while held:
            held_entry = held[0]
            live = tickets[held_entry[3]]
            if live.revision == held_entry[2] and live.state is TicketState.WAITING:
                break
            heapq.heappop(held)

    def _free_window(self, ticket: Ticket, at: datetime) -> None:
        number = ticket.window
        if number is None:
            return
        status = self._windows.get(number)
        if status is not None and status.ticket_id == ticket.ticket_id:
            self._windows[number] = WindowStatus(number, WindowState.IDLE, None, None, at)

    def _emit(
        self,
        kind: EventKind,
        at: datetime,
        ticket: Ticket,
        *,
        window: int | None = None,
        actor: str | None = None,
        reason: str | None = None,
        passed_over: tuple[str, ...] = (),
    ) -> None:
        if self._sink is None:
            return
        self._sink(
            QueueEvent(
                kind,
                at,
                ticket.ticket_id,
                ticket.number,
                window if window is not None else ticket.window,
                actor,
                reason,
                passed_over,
            )
        )
