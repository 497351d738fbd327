"""Hypothesis properties of the calling policy, on random halls and random days.

- no ticket is called twice: a call only ever takes a waiting ticket no window holds, and a
  ticket is called again only after it came back (re-queued no-show, transfer);
- with a ratio a : b, while ordinary tickets wait, at most b priority tickets in a row (and,
  the other way round, at most a normal calls in a row while priority tickets wait);
- every waiting ticket is eventually called when a window serves its queue;
- the hall's index decides exactly as the plain reference (`choose_next_among` over all tickets).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallcore.queue import (
    Actor,
    AppointmentSlot,
    ErrorCode,
    EventKind,
    HallConfig,
    HallQueue,
    Lane,
    Permission,
    QueueError,
    QueueEvent,
    SnapshotView,
    TicketState,
    choose_next_among,
)
from tests.hallcore.queue.halls import DAY, at, hall

QUEUES = ("A", "B", "C")
STAFF = Actor("guide", frozenset({Permission.GREEN_CHANNEL}))
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def halls(draw: st.DrawFn, *, every_queue_served: bool = False) -> HallConfig:
    count = draw(st.integers(1, 3))
    windows: dict[int, str] = {}
    for number in range(1, count + 1):
        served = draw(st.lists(st.sampled_from(QUEUES), min_size=1, max_size=3, unique=True))
        weights = [draw(st.integers(0, 3)) for _ in served]
        weights[0] = max(weights[0], 1)
        windows[number] = " ".join(f"{q}:{w}" for q, w in zip(served, weights, strict=True))
    if every_queue_served:
        missing = [q for q in QUEUES if not any(f"{q}:" in s for s in windows.values())]
        if missing:
            windows[count + 1] = " ".join(f"{q}:1" for q in missing)
    normal = draw(st.integers(0, 3))
    priority = draw(st.integers(1, 3))
    return hall(
        windows,
        ratio=f"{normal}:{priority}",
        recall_limit=draw(st.integers(0, 2)),
        requeue=f"{draw(st.integers(0, 3))}/{draw(st.integers(0, 2))}",
        to_front=draw(st.booleans()),
    )


KINDS = ("ordinary", "ordinary", "ordinary", "elderly", "disabled", "green", "appointment")

take = st.tuples(
    st.just("take"), st.sampled_from(QUEUES), st.sampled_from(KINDS), st.integers(-60, 90)
)
call = st.tuples(st.just("call"), st.integers(1, 4))
tick = st.tuples(st.just("tick"), st.integers(1, 20))
#: A queue first (calls on an empty hall prove little), then a day of everything.
prelude = st.lists(take, min_size=3, max_size=25)
day_ops = st.lists(
    st.one_of(
        take,
        call,
        call,
        call,
        tick,
        st.tuples(st.just("done"), st.integers(1, 4)),
        st.tuples(st.just("noshow"), st.integers(1, 4)),
        st.tuples(st.just("noshow"), st.integers(1, 4)),
        st.tuples(st.just("transfer"), st.integers(1, 4), st.sampled_from(QUEUES)),
        st.tuples(st.just("park"), st.integers(1, 4)),
        st.tuples(st.just("resume"), st.integers(1, 4)),
    ),
    max_size=80,
)
#: For the ratio: mostly priority and ordinary tickets, mostly calls.
ratio_take = st.tuples(
    st.just("take"),
    st.sampled_from(QUEUES),
    st.sampled_from(("ordinary", "elderly", "ordinary", "pregnant", "green", "appointment")),
    st.integers(-30, 30),
)
ratio_ops = st.lists(st.one_of(ratio_take, call, call, call, tick), max_size=80)


@dataclass
class Day:
    """A hall driven by random operations, checking the properties at every call."""

    config: HallConfig
    now: datetime = field(init=False)
    queue: HallQueue = field(init=False)
    events: list[QueueEvent] = field(default_factory=list)
    parked: list[str] = field(default_factory=list)
    runs: Counter[tuple[int, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.now = at(self.config, "09:00")
        self.queue = HallQueue(self.config, DAY, sink=self.events.append)

    def apply(self, op: tuple[object, ...]) -> None:
        verb = op[0]
        if verb == "take":
            self.take(str(op[1]), str(op[2]), int(op[3]))  # type: ignore[call-overload]
        elif verb == "tick":
            self.now += timedelta(minutes=int(op[1]))  # type: ignore[call-overload]
        else:
            number = int(op[1])  # type: ignore[call-overload]
            if number not in {w.number for w in self.config.windows}:
                return
            getattr(self, str(verb))(number, *op[2:])

    def take(self, queue: str, kind: str, offset: int) -> None:
        slot = None
        priority = None
        if kind == "appointment":
            start = self.now + timedelta(minutes=offset)
            slot = AppointmentSlot(start, start + timedelta(minutes=30))
        elif kind != "ordinary":
            priority = kind
        if self.config.business_date(self.now) != DAY:  # ticked past midnight
            with pytest.raises(QueueError) as refusal:
                self.queue.take(queue, self.now, priority=priority, appointment=slot, actor=STAFF)
            assert refusal.value.code is ErrorCode.WRONG_DAY
            return
        if slot is None and self.past_issuing():
            with pytest.raises(QueueError) as refusal:  # the day ran past the cut-off
                self.queue.take(queue, self.now, priority=priority, actor=STAFF)
            assert refusal.value.code in (ErrorCode.CUT_OFF, ErrorCode.HALL_CLOSED)
            return
        self.queue.take(queue, self.now, priority=priority, appointment=slot, actor=STAFF)

    def past_issuing(self) -> bool:
        try:
            self.config.check_issuing(self.now)
        except QueueError:
            return True
        return False

    def current(self, window: int) -> str | None:
        return self.queue.window_status(window).ticket_id

    def call(self, window: int) -> None:
        if self.current(window) is not None:
            self.done(window)
        if self.queue.window_status(window).state.value != "idle":
            return
        tickets = list(self.queue.all_tickets())
        calls = {q: self.queue.calls(q) for q in QUEUES}
        memory = self.queue.memory(window)
        reference = choose_next_among(
            self.config, window, tickets, memory=memory, calls=calls, now=self.now
        )
        choice = self.queue.peek_next(window, self.now)
        # the index and the plain reference agree, ticket and memory
        assert (choice is None) == (reference is None)
        if choice is None or reference is None:
            assert self.queue.call_next(window, self.now) is None
            return
        assert choice.ticket.ticket_id == reference.ticket.ticket_id
        assert choice.memory == reference.memory
        before = self.queue.ticket(choice.ticket.ticket_id)
        holders = {s.ticket_id for s in self.queue.window_statuses()}
        # no double call: only a waiting ticket that no window holds
        assert before.state is TicketState.WAITING
        assert before.ticket_id not in holders
        view = SnapshotView(self.config, tickets, calls)
        self.count_runs(window, choice.lane, choice.fallback or choice.held, view)
        called = self.queue.call_next(window, self.now)
        assert called is not None
        assert called.ticket_id == choice.ticket.ticket_id

    def count_runs(self, window: int, lane: Lane, aside: bool, view: SnapshotView) -> None:
        """Consecutive priority calls while a normal ticket was callable, and the converse."""
        config_window = self.config.window(window)
        ratio = self.config.ratio_for(config_window)
        early = self.config.appointments.early
        normal_waits = priority_waits = False
        for _, serve in config_window.main_serves:
            priority_waits |= view.head(serve.queue, Lane.PRIORITY) is not None
            normal_waits |= view.head(serve.queue, Lane.ORDINARY) is not None
            appointment = view.head(serve.queue, Lane.APPOINTMENT)
            slot = appointment[1].appointment if appointment else None
            normal_waits |= slot is not None and slot.start - early <= self.now
        if aside or lane is Lane.GREEN:
            return
        if lane is Lane.PRIORITY:
            self.runs[(window, "normal")] = 0
            # 0 : b is strict priority, not a ratio: the bound is for a : b with a >= 1
            if normal_waits and ratio.normal > 0:
                self.runs[(window, "priority")] += 1
                assert self.runs[(window, "priority")] <= ratio.priority
        else:
            self.runs[(window, "priority")] = 0
            if priority_waits:
                self.runs[(window, "normal")] += 1
                assert self.runs[(window, "normal")] <= ratio.normal

    def done(self, window: int) -> None:
        ticket_id = self.current(window)
        if ticket_id is None:
            return
        if self.queue.ticket(ticket_id).state is TicketState.CALLING:
            self.queue.start(ticket_id, self.now)
        self.queue.finish(ticket_id, self.now)

    def noshow(self, window: int) -> None:
        ticket_id = self.current(window)
        if ticket_id and self.queue.ticket(ticket_id).state is TicketState.CALLING:
            self.queue.no_show(ticket_id, self.now)

    def transfer(self, window: int, to_queue: str) -> None:
        ticket_id = self.current(window)
        if ticket_id:
            self.queue.transfer(ticket_id, to_queue, self.now)

    def park(self, window: int) -> None:
        ticket_id = self.current(window)
        if ticket_id is None:
            return
        if self.queue.ticket(ticket_id).state is TicketState.CALLING:
            self.queue.start(ticket_id, self.now)
        self.queue.park(ticket_id, self.now, reason="取材料")
        self.parked.append(ticket_id)

    def resume(self, window: int) -> None:
        if self.parked and self.current(window) is None:
            status = self.queue.window_status(window).state.value
            if status == "idle":
                self.queue.resume(self.parked.pop(0), window, self.now)

    def check_calls_once(self) -> None:
        calls = Counter(
            e.ticket_id for e in self.events if e.kind in (EventKind.CALL, EventKind.CALL_SPECIFIC)
        )
        for ticket in self.queue.all_tickets():
            comebacks = ticket.requeues + ticket.transfers
            assert calls[ticket.ticket_id] <= 1 + comebacks, ticket.number


@PROPERTY
@given(config=halls(), first=prelude, script=day_ops)
def test_no_ticket_is_called_twice_and_the_index_matches_the_reference(
    config: HallConfig, first: list[tuple[object, ...]], script: list[tuple[object, ...]]
) -> None:
    day = Day(config)
    for op in first + script:
        day.apply(op)
    day.check_calls_once()


@PROPERTY
@given(config=halls(), first=st.lists(ratio_take, min_size=3, max_size=30), script=ratio_ops)
def test_ratio_bounds_consecutive_priority_and_normal_calls(
    config: HallConfig, first: list[tuple[object, ...]], script: list[tuple[object, ...]]
) -> None:
    day = Day(config)
    for op in first + script:
        day.apply(op)  # the bounds are asserted at every call


@PROPERTY
@given(
    config=halls(every_queue_served=True),
    takes=st.lists(take, min_size=1, max_size=40),
    absent=st.sets(st.integers(0, 60), max_size=10),
)
def test_every_waiting_ticket_is_eventually_called(
    config: HallConfig, takes: list[tuple[object, ...]], absent: set[int]
) -> None:
    day = Day(config)
    for op in takes:
        day.apply(op)
    waiting = {t.ticket_id for t in day.queue.all_tickets()}
    numbers = [w.number for w in config.windows]
    calls = 0
    for _ in range(20 * len(takes) + 100):
        if day.queue.waiting_count() == 0:
            break
        for window in numbers:
            day.done(window)
            called = day.queue.call_next(window, day.now)
            if called is not None:
                calls += 1
                if calls in absent:
                    day.queue.no_show(called.ticket_id, day.now)
        day.now += timedelta(minutes=1)
    assert day.queue.waiting_count() == 0
    for ticket_id in waiting:
        assert day.queue.ticket(ticket_id).first_called_at is not None
    day.check_calls_once()
