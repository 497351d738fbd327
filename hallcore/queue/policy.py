"""The calling policy: which ticket a window gets on "call next". A pure function.

`choose_next(config, window, view, memory, now)` reads the waiting tickets through a
`WaitingView` (the heads of each queue's lanes) and the window's `WindowMemory` (its ratio and
weight counters), and returns a `Choice` with the ticket and the window's next memory. It never
mutates anything and never reads the clock. `HallQueue` keeps an index so that the heads cost
O(1); `SnapshotView` builds the same heads from a plain list of tickets in one pass, which is the
reference the index is tested against.

Lanes. Every waiting ticket is in exactly one lane of its queue:
    GREEN        绿色通道 (a priority class marked green_channel);
    APPOINTMENT  an appointment that checked in within its late limit and was never called;
    PRIORITY     any other priority class (老年人, 残疾人, 军人, 孕妇 …);
    ORDINARY     everything else, including lapsed appointments and re-queued or transferred
                 tickets (an appointment is honoured once: after its first call it is ordinary).
A person with an appointment *and* a priority class is served at their slot (APPOINTMENT).

Order within a lane: `order_key`, ascending:
    band 0  transferred "to the front": by the transfer instant;
    band 1  appointment: by slot start;
    band 2  everything else: by `order_at` (the take time, kept across transfers and re-queues);
    then the original take time, then the daily sequence number, then the ticket id.
No compared field is ever missing (the band decides which instant is used; a ticket without an
appointment is never in band 1), and the ticket id makes the key total, so there are no ties.

Order for one window, among the queues it serves with weight > 0:
    1. GREEN: the lowest key across those queues. Outside the ratio (neither counts nor resets).
    2. The ratio decides the side, PRIORITY or NORMAL (= APPOINTMENT + ORDINARY): priority when a
       priority ticket waits and either no normal ticket is callable or no normal call is owed.
       `priority_run` counts priority calls since the last normal call; when it reaches the
       ratio's `priority` (b), `normal` (a) normal calls become owed. So while normal tickets
       wait, at most b priority calls come in a row, and while priority tickets wait at most a
       normal calls come in a row.
    3. PRIORITY side: the lowest key across the queues (weights do not apply: a priority person
       is not made to wait because their queue has a low weight).
       NORMAL side: the queue is picked by smooth weighted round robin over the queues that have
       a callable normal ticket (exact shares over time, no bursts; ties go to the lower key);
       within the queue: a to-the-front transfer, else the appointment head if callable (from
       `early` before its slot), else the ordinary head (FIFO).
    4. Nothing callable: the same among the window's weight-0 (fallback) queues.
    5. Still nothing: a re-queued no-show that is still held (its queue has not yet made N
       calls since) is called rather than leaving the window idle with someone waiting.
A re-queued no-show is held until its queue has made `requeue_after` calls after the no-show;
then it is released with its original take time, so it is next in its lane: "after N tickets".

Anti-skip: within the ordinary lane the order is strictly first come, first served, and the
only tickets that pass an ordinary one are those the rules above put first. A clerk calls out of
this order only through `HallQueue.call_specific` (permission + reason, logged with every ticket
passed over): never silently.

The policy is a strategy: `HallQueue` takes any `CallPolicy` (this `choose_next` by default), so
a hall with other rules plugs in its own function and keeps the index, the state machine and the
audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from hallcore.queue.config import HallConfig, PriorityRatio, Serve, WindowConfig
from hallcore.queue.tickets import Ticket, TicketState


class Lane(StrEnum):
    GREEN = "green"
    PRIORITY = "priority"
    APPOINTMENT = "appointment"
    ORDINARY = "ordinary"

    @property
    def is_normal(self) -> bool:
        """The ratio's normal side: appointments and ordinary tickets."""
        return self is Lane.APPOINTMENT or self is Lane.ORDINARY


#: (band, instant, take time, daily sequence, ticket id); see the module docstring.
OrderKey = tuple[int, datetime, datetime, int, str]
Head = tuple[OrderKey, Ticket]


def lane_of(config: HallConfig, ticket: Ticket) -> Lane:
    if ticket.priority is not None and config.is_green(ticket.priority):
        return Lane.GREEN
    if ticket.appointment is not None and not ticket.lapsed and ticket.first_called_at is None:
        return Lane.APPOINTMENT
    if ticket.priority is not None:
        return Lane.PRIORITY
    return Lane.ORDINARY


def order_key(ticket: Ticket, lane: Lane) -> OrderKey:
    if ticket.front_at is not None:
        return (0, ticket.front_at, ticket.taken_at, ticket.seq, ticket.ticket_id)
    if lane is Lane.APPOINTMENT and ticket.appointment is not None:
        return (1, ticket.appointment.start, ticket.taken_at, ticket.seq, ticket.ticket_id)
    return (2, ticket.order_at, ticket.taken_at, ticket.seq, ticket.ticket_id)


def is_held(ticket: Ticket, calls: int) -> bool:
    """A re-queued no-show waits out its gate: held while its queue made fewer calls."""
    return ticket.requeue_gate is not None and calls < ticket.requeue_gate


@dataclass(frozen=True, slots=True)
class WindowMemory:
    """What a window remembers between calls: the ratio counters and the round-robin credits
    (one per entry of `WindowConfig.serves`, in that order; empty means all zero)."""

    priority_run: int = 0
    normal_owed: int = 0
    credits: tuple[int, ...] = ()


class WaitingView(Protocol):
    """The heads the policy needs: the lowest-keyed callable-or-not ticket per queue and lane
    (held re-queues excluded), and per queue the held ticket with the lowest (gate, key)."""

    def head(self, queue: str, lane: Lane) -> Head | None: ...

    def held_head(self, queue: str) -> Head | None: ...


@dataclass(frozen=True, slots=True)
class Choice:
    """The policy's answer: the ticket, its lane, the window's next memory, and how it was
    reached (`fallback`: from a weight-0 queue; `held`: a held re-queue as a last resort)."""

    ticket: Ticket
    lane: Lane
    memory: WindowMemory
    fallback: bool = False
    held: bool = False


#: The shape of a calling policy: (config, window, view, memory, now) -> choice or None.
CallPolicy = Callable[
    [HallConfig, WindowConfig, WaitingView, WindowMemory, datetime], Choice | None
]


def remember(memory: WindowMemory, lane: Lane, ratio: PriorityRatio) -> WindowMemory:
    """The window's memory after calling a ticket of `lane` (credits untouched)."""
    if lane is Lane.GREEN:
        return memory
    if lane is Lane.PRIORITY:
        run = memory.priority_run + 1
        if run >= ratio.priority:
            return WindowMemory(0, ratio.normal, memory.credits)
        return WindowMemory(run, memory.normal_owed, memory.credits)
    if memory.priority_run == 0 and memory.normal_owed == 0:
        return memory  # nothing to count: most calls in a hall without priority tickets
    return WindowMemory(0, max(0, memory.normal_owed - 1), memory.credits)


def choose_next(
    config: HallConfig,
    window: WindowConfig,
    view: WaitingView,
    memory: WindowMemory,
    now: datetime,
) -> Choice | None:
    """The ticket `window` gets on "call next" at `now`, or None when nothing is callable."""
    choice = _choose_among(config, window, window.main_serves, view, memory, now, weighted=True)
    if choice is not None:
        return choice
    if window.spare_serves:
        spare = window.spare_serves
        choice = _choose_among(config, window, spare, view, memory, now, weighted=False)
        if choice is not None:
            return Choice(choice.ticket, choice.lane, choice.memory, fallback=True)
    best: Head | None = None
    best_rank: tuple[int, OrderKey] | None = None
    for serve in window.serves:
        held = view.held_head(serve.queue)
        if held is None:
            continue
        rank = (held[1].requeue_gate or 0, held[0])
        if best_rank is None or rank < best_rank:
            best, best_rank = held, rank
    if best is None:
        return None
    lane = lane_of(config, best[1])
    return Choice(best[1], lane, remember(memory, lane, config.ratio_for(window)), held=True)


def _choose_among(
    config: HallConfig,
    window: WindowConfig,
    serves: tuple[tuple[int, Serve], ...],
    view: WaitingView,
    memory: WindowMemory,
    now: datetime,
    *,
    weighted: bool,
) -> Choice | None:
    early = config.appointments.early
    green: Head | None = None
    prio: Head | None = None
    normals: list[tuple[int, int, Head, Lane]] = []  # (serve index, weight, head, lane)
    for index, serve in serves:
        queue = serve.queue
        head = view.head(queue, Lane.GREEN)
        if head is not None and (green is None or head[0] < green[0]):
            green = head
        head = view.head(queue, Lane.PRIORITY)
        if head is not None and (prio is None or head[0] < prio[0]):
            prio = head
        ordinary = view.head(queue, Lane.ORDINARY)
        appointment = view.head(queue, Lane.APPOINTMENT)
        if appointment is not None:
            slot = appointment[1].appointment
            # Appointment heads are the earliest slot of the queue: if it is not callable yet,
            # no appointment of the queue is.
            if slot is not None and slot.start - early > now:
                appointment = None
        if appointment is not None and (ordinary is None or appointment[0] < ordinary[0]):
            normals.append((index, serve.weight, appointment, Lane.APPOINTMENT))
        elif ordinary is not None:
            normals.append((index, serve.weight, ordinary, Lane.ORDINARY))
    if green is not None:
        return Choice(green[1], Lane.GREEN, memory)
    ratio = config.ratio_for(window)
    if prio is not None and (not normals or memory.normal_owed == 0):
        return Choice(prio[1], Lane.PRIORITY, remember(memory, Lane.PRIORITY, ratio))
    if not normals:
        return None
    if weighted and len(normals) > 1:
        pick, credits = _round_robin(window, memory, normals)
        after = remember(memory, pick[3], ratio)
        memory = WindowMemory(after.priority_run, after.normal_owed, credits)
        return Choice(pick[2][1], pick[3], memory)
    pick = min(normals, key=lambda n: n[2][0])
    return Choice(pick[2][1], pick[3], remember(memory, pick[3], ratio))


def _round_robin(
    window: WindowConfig, memory: WindowMemory, normals: list[tuple[int, int, Head, Lane]]
) -> tuple[tuple[int, int, Head, Lane], tuple[int, ...]]:
    """Smooth weighted round robin (as nginx balances upstreams): every eligible queue earns its
    weight, the richest is served and pays the total. Over any stretch where the same queues
    wait, each gets its weight's share of calls, interleaved rather than in bursts."""
    credits = list(memory.credits) if memory.credits else [0] * len(window.serves)
    total = 0
    for index, weight, _, _ in normals:
        credits[index] += weight
        total += weight
    pick = normals[0]
    for candidate in normals[1:]:
        better = credits[candidate[0]] > credits[pick[0]]
        tie = credits[candidate[0]] == credits[pick[0]] and candidate[2][0] < pick[2][0]
        if better or tie:
            pick = candidate
    credits[pick[0]] -= total
    return pick, tuple(credits)


class SnapshotView:
    """A `WaitingView` over a plain collection of tickets, built in one linear pass.

    `calls`: per queue, the calls made today (to tell held re-queues from released ones).
    This is the policy's reference: simple enough to trust, O(n) per decision.
    """

    def __init__(
        self, config: HallConfig, tickets: Iterable[Ticket], calls: Mapping[str, int]
    ) -> None:
        heads: dict[tuple[str, Lane], Head] = {}
        held: dict[str, tuple[tuple[int, OrderKey], Head]] = {}
        for ticket in tickets:
            if ticket.state is not TicketState.WAITING:
                continue
            lane = lane_of(config, ticket)
            key = order_key(ticket, lane)
            if is_held(ticket, calls.get(ticket.queue, 0)):
                rank = (ticket.requeue_gate or 0, key)
                current = held.get(ticket.queue)
                if current is None or rank < current[0]:
                    held[ticket.queue] = (rank, (key, ticket))
                continue
            slot = (ticket.queue, lane)
            head = heads.get(slot)
            if head is None or key < head[0]:
                heads[slot] = (key, ticket)
        self._heads = heads
        self._held = {queue: entry[1] for queue, entry in held.items()}

    def head(self, queue: str, lane: Lane) -> Head | None:
        return self._heads.get((queue, lane))

    def held_head(self, queue: str) -> Head | None:
        return self._held.get(queue)


def choose_next_among(
    config: HallConfig,
    window: int,
    tickets: Iterable[Ticket],
    *,
    memory: WindowMemory,
    calls: Mapping[str, int],
    now: datetime,
) -> Choice | None:
    """`choose_next` over a plain collection of tickets (the pure reference form)."""
    return choose_next(
        config, config.window(window), SnapshotView(config, tickets, calls), memory, now
    )
