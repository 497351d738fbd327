"""A discrete-event simulator of a service hall, for tests and benchmarks.

It drives the real pieces: tickets are issued by `HallQueue.take`, windows call with
`HallQueue.call_next` (so `policy.choose_next` decides), recall, no-show, start and finish
through the same methods a desk uses; the promised wait printed on each ticket comes from
`estimate.estimate_wait` with a `ServiceTimes` that learns from the day's finished calls and
`RecentArrivals` that follows the day's arrivals. For every ticket it records the wait promised
at take time and the wait it had (take to first call), and the naive figure's input (people
ahead of it in its queue).

The hall, in the model:
- arrivals per theme are a Poisson process whose rate is the theme's `per_hour` times the
  hour's factor in `profile` (thinning), during the issuing hours (each session, up to the
  cut-off); a share of arrivals has a priority class, a smaller one the green channel;
- a window that becomes free calls next at once; when a ticket arrives, the first idle window
  serving its queue calls (windows whose own queue it is before those that serve it as a
  fallback, then in configuration order); the applicant walks to the window (`walk_seconds`),
  then is served: lognormal per theme (mean and shape given), or exponential;
- a share of applicants is absent when first called: the window recalls every
  `recall_seconds` until the hall's recall limit makes it a no-show (re-queued per the rule);
  a re-queued applicant is back with probability `return_share` when called again;
- pauses (a window's break) start when the window is next free and end at their end time;
- windows keep serving after the last arrival until the queue is empty (the cut-off exists
  for that), then the day ends.
Random numbers come from one `random.Random(seed)`: the same scenario and seed give the same
day, whatever else runs.

`simulate_queue` is the lean path for comparisons with queueing theory (one queue, constant
Poisson arrivals, hundreds of thousands of customers): no hall around it, but every call still
decided by `policy.choose_next` over real tickets.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from hallcore.queue.config import HallConfig
from hallcore.queue.errors import QueueError
from hallcore.queue.estimate import (
    EstimatorSettings,
    RecentArrivals,
    ServiceTimes,
    estimate_wait,
    service_key,
)
from hallcore.queue.hall import Actor, HallQueue, Permission, WindowState
from hallcore.queue.policy import Head, Lane, WindowMemory, choose_next, lane_of, order_key
from hallcore.queue.tickets import Channel, Ticket, TicketState


class ServiceDist(StrEnum):
    LOGNORMAL = "lognormal"
    EXPONENTIAL = "exponential"


@dataclass(frozen=True, slots=True)
class ThemeLoad:
    """Arrivals and service of one theme. `service_sigma`: the lognormal's shape (σ of the log
    of the service time); the mean is `service_mean` seconds whatever the shape."""

    theme: str
    per_hour: float
    service_mean: float
    service_sigma: float = 0.6
    dist: ServiceDist = ServiceDist.LOGNORMAL


@dataclass(frozen=True, slots=True)
class PauseSpec:
    window: int
    start: time
    end: time
    reason: str = "休息"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One simulated day. `profile`: arrival-rate factor per local hour 0–23 (missing: 1.0)."""

    config: HallConfig
    day: date
    themes: tuple[ThemeLoad, ...]
    profile: Mapping[int, float] = field(default_factory=dict)
    pauses: tuple[PauseSpec, ...] = ()
    priority_share: float = 0.0
    priority_class: str = "elderly"
    green_share: float = 0.0
    green_class: str = "green"
    no_show_share: float = 0.0
    return_share: float = 0.5
    walk_seconds: float = 0.0
    recall_seconds: float = 60.0
    estimate: bool = True
    settings: EstimatorSettings = field(default_factory=EstimatorSettings)
    history: Mapping[str, float] = field(default_factory=dict)
    seed: int = 0


@dataclass(frozen=True, slots=True)
class TicketRecord:
    """One ticket's day. Times in seconds; `taken` from local midnight. `promised`: the
    estimate at take time (None when not estimated or no window was open); `actual`: take to
    first call (None if never called); `service`: start to end of service (None if not done)."""

    ticket_id: str
    number: str
    queue: str
    theme: str
    lane: Lane
    taken: float
    people_ahead: int
    promised: float | None
    actual: float | None
    service: float | None
    outcome: TicketState


@dataclass(frozen=True, slots=True)
class SimResult:
    records: tuple[TicketRecord, ...]
    turned_away: int
    hall: HallQueue

    def waits(self) -> list[float]:
        return [r.actual for r in self.records if r.actual is not None]

    def mean_wait(self) -> float:
        waits = self.waits()
        return sum(waits) / len(waits) if waits else 0.0


_ARRIVE, _CALL, _START, _FINISH, _RECALL, _PAUSE, _UNPAUSE = range(7)


class _Day:
    """The event loop of one scenario. Times are float seconds from local midnight."""

    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.config = scenario.config
        self.rng = random.Random(scenario.seed)
        self.hall = HallQueue(self.config, scenario.day)
        self.midnight = self.config.at_local(scenario.day, time(0))
        self.times = ServiceTimes(self.config, scenario.settings, dict(scenario.history))
        self.arrivals = RecentArrivals(self.config)
        self.events: list[tuple[float, int, int, int, str]] = []
        self.counter = 0
        self.staff = Actor("simulator", frozenset({Permission.GREEN_CHANNEL}))
        self.queue_of = {
            t.theme: self.config.queue_for_theme(t.theme).code for t in scenario.themes
        }
        self.load = {t.theme: t for t in scenario.themes}
        self.pause_due: dict[int, float] = {}
        self.ahead: dict[str, int] = {}
        self.promised: dict[str, float | None] = {}
        self.turned_away = 0
        # An idle window whose own queue this is answers before one that serves it as a
        # fallback; otherwise configuration order.
        self.wake_order = {
            q.code: [
                w.number
                for w in sorted(
                    self.config.windows_serving(q.code), key=lambda w: w.weight(q.code) == 0
                )
            ]
            for q in self.config.queues
        }

    def push(self, at: float, kind: int, window: int = 0, ticket_id: str = "") -> None:
        self.counter += 1
        heapq.heappush(self.events, (at, self.counter, kind, window, ticket_id))

    def instant(self, at: float) -> datetime:
        return self.midnight + timedelta(seconds=at)

    def run(self) -> SimResult:
        for theme in self.s.themes:
            self._arrivals(theme)
        for pause in self.s.pauses:
            self.push(_seconds(pause.start), _PAUSE, pause.window)
            self.push(_seconds(pause.end), _UNPAUSE, pause.window)
        last = 0.0
        while self.events:
            at, _, kind, window, ticket_id = heapq.heappop(self.events)
            last = at
            if kind == _ARRIVE:
                self._arrive(at, ticket_id)
            elif kind == _CALL:
                self._try_call(at, window)
            elif kind == _START:
                self._start(at, window, ticket_id)
            elif kind == _FINISH:
                self._finish(at, window, ticket_id)
            elif kind == _RECALL:
                self._recall(at, window, ticket_id)
            elif kind == _PAUSE:
                self._pause(at, window)
            else:
                self._unpause(at, window)
        self.hall.end_of_day(self.instant(last))
        return SimResult(self._records(), self.turned_away, self.hall)

    # --- arrivals ------------------------------------------------------------------------

    def _arrivals(self, theme: ThemeLoad) -> None:
        """Poisson arrivals with an hourly rate profile, by thinning a process at the peak rate."""
        cut = self.config.cut_off.total_seconds()
        for session in self.config.sessions:
            begin, end = _seconds(session.start), _seconds(session.end) - cut
            hours = range(int(begin // 3600), math.ceil(end / 3600))
            peak = max((self.s.profile.get(h, 1.0) for h in hours), default=1.0)
            rate = theme.per_hour * peak / 3600.0
            if rate <= 0.0:
                continue
            at = begin
            while True:
                at += self.rng.expovariate(rate)
                if at >= end:
                    break
                factor = self.s.profile.get(int(at // 3600), 1.0)
                if self.rng.random() * peak < factor:
                    self.push(at, _ARRIVE, 0, theme.theme)

    def _arrive(self, at: float, theme: str) -> None:
        queue = self.queue_of[theme]
        draw = self.rng.random()
        priority: str | None = None
        if draw < self.s.green_share:
            priority = self.s.green_class
        elif draw < self.s.green_share + self.s.priority_share:
            priority = self.s.priority_class
        people_ahead = self.hall.waiting_count(queue)
        now = self.instant(at)
        try:
            ticket = self.hall.take(
                queue, now, theme=theme, priority=priority, actor=self.staff if priority else None
            )
        except QueueError:
            self.turned_away += 1
            return
        self.ahead[ticket.ticket_id] = people_ahead
        if self.s.estimate:
            self.arrivals = self.arrivals.observe(ticket)
            estimate = estimate_wait(
                self.config, self.hall, self.times, ticket.ticket_id, now, arrivals=self.arrivals
            )
            self.promised[ticket.ticket_id] = estimate.seconds
        for window in self.wake_order[queue]:
            if self.hall.window_status(window).state is WindowState.IDLE:
                self._try_call(at, window)
                break

    # --- windows -------------------------------------------------------------------------

    def _try_call(self, at: float, window: int) -> None:
        if self.hall.window_status(window).state is not WindowState.IDLE:
            return
        if window in self.pause_due:
            self._begin_pause(at, window)
            return
        ticket = self.hall.call_next(window, self.instant(at))
        if ticket is None:
            return
        if ticket.requeues == 0:
            present = self.rng.random() >= self.s.no_show_share
        else:
            present = self.rng.random() < self.s.return_share
        if present:
            self.push(at + self.s.walk_seconds, _START, window, ticket.ticket_id)
        else:
            self.push(at + self.s.recall_seconds, _RECALL, window, ticket.ticket_id)

    def _recall(self, at: float, window: int, ticket_id: str) -> None:
        called = self.hall.ticket(ticket_id)
        ticket = self.hall.recall(ticket_id, self.instant(at), window=window)
        if ticket.state is TicketState.CALLING:
            self.push(at + self.s.recall_seconds, _RECALL, window, ticket_id)
            return
        if self.s.estimate and called.called_at is not None:
            # A no-show occupies the window too: learn it as the time of that call.
            occupied = (self.instant(at) - called.called_at).total_seconds()
            self.times = self.times.observe(service_key(called), called.queue, occupied)
        self._try_call(at, window)

    def _start(self, at: float, window: int, ticket_id: str) -> None:
        theme = self.hall.ticket(ticket_id).theme or ""
        self.hall.start(ticket_id, self.instant(at), window=window)
        self.push(at + self._service(self.load[theme]), _FINISH, window, ticket_id)

    def _finish(self, at: float, window: int, ticket_id: str) -> None:
        done = self.hall.finish(ticket_id, self.instant(at), window=window)
        if self.s.estimate:
            self.times = self.times.observe_ticket(done)
        self._try_call(at, window)

    def _service(self, theme: ThemeLoad) -> float:
        if theme.dist is ServiceDist.EXPONENTIAL:
            return self.rng.expovariate(1.0 / theme.service_mean)
        sigma = theme.service_sigma
        mu = math.log(theme.service_mean) - sigma * sigma / 2.0
        return self.rng.lognormvariate(mu, sigma)

    def _pause(self, at: float, window: int) -> None:
        self.pause_due[window] = at
        if self.hall.window_status(window).state is WindowState.IDLE:
            self._begin_pause(at, window)

    def _begin_pause(self, at: float, window: int) -> None:
        self.pause_due.pop(window, None)
        reason = next((p.reason for p in self.s.pauses if p.window == window), "休息")
        self.hall.pause_window(window, self.instant(at), reason=reason)

    def _unpause(self, at: float, window: int) -> None:
        self.pause_due.pop(window, None)
        if self.hall.window_status(window).state is WindowState.PAUSED:
            self.hall.resume_window(window, self.instant(at))
            self._try_call(at, window)

    # --- results -------------------------------------------------------------------------

    def _records(self) -> tuple[TicketRecord, ...]:
        records = []
        midnight = self.midnight
        for ticket in self.hall.all_tickets():
            taken = (ticket.taken_at - midnight).total_seconds()
            actual = None
            if ticket.first_called_at is not None:
                actual = (ticket.first_called_at - ticket.taken_at).total_seconds()
            service = None
            if ticket.started_at is not None and ticket.ended_at is not None:
                service = (ticket.ended_at - ticket.started_at).total_seconds()
            lane = Lane.ORDINARY
            if ticket.priority is not None:
                green = self.config.is_green(ticket.priority)
                lane = Lane.GREEN if green else Lane.PRIORITY
            records.append(
                TicketRecord(
                    ticket.ticket_id,
                    ticket.number,
                    ticket.queue,
                    ticket.theme or "",
                    lane,
                    taken,
                    self.ahead.get(ticket.ticket_id, 0),
                    self.promised.get(ticket.ticket_id),
                    actual,
                    service,
                    ticket.state,
                )
            )
        records.sort(key=lambda r: (r.taken, r.ticket_id))
        return tuple(records)


def _seconds(clock: time) -> float:
    return clock.hour * 3600.0 + clock.minute * 60.0 + clock.second


def simulate(scenario: Scenario) -> SimResult:
    """Run one simulated day of `scenario`."""
    return _Day(scenario).run()


# --- the lean path: one queue against queueing theory ----------------------------------------


@dataclass(frozen=True, slots=True)
class QueueRun:
    """The outcome of `simulate_queue`: mean wait (take to call) and the realised load."""

    customers: int
    mean_wait: float
    mean_service: float
    mean_interarrival: float

    @property
    def offered_load(self) -> float:
        """The realised offered load in erlangs (mean service ÷ mean interarrival time)."""
        return self.mean_service / self.mean_interarrival


class _LeanView:
    """A `WaitingView` over one heap per (queue, lane), for `simulate_queue`."""

    def __init__(self) -> None:
        self.heaps: dict[tuple[str, Lane], list[Head]] = {}

    def head(self, queue: str, lane: Lane) -> Head | None:
        heap = self.heaps.get((queue, lane))
        return heap[0] if heap else None

    def held_head(self, queue: str) -> Head | None:
        return None

    def push(self, config: HallConfig, ticket: Ticket) -> None:
        lane = lane_of(config, ticket)
        heapq.heappush(
            self.heaps.setdefault((ticket.queue, lane), []), (order_key(ticket, lane), ticket)
        )

    def take(self, ticket: Ticket, lane: Lane) -> None:
        heap = self.heaps[(ticket.queue, lane)]
        if heap[0][1] is not ticket:
            raise AssertionError("the policy chose a ticket that is not the head of its lane")
        heapq.heappop(heap)


def simulate_queue(
    config: HallConfig,
    queue: str,
    *,
    per_hour: float,
    service_mean: float,
    customers: int,
    seed: int,
    day: date,
    dist: ServiceDist = ServiceDist.EXPONENTIAL,
    service_sigma: float = 0.6,
) -> QueueRun:
    """One queue served by all its windows, Poisson arrivals at a constant rate, for as long as
    it takes `customers` calls: the lean path for comparisons with queueing theory.

    Lean because such comparisons need hundreds of thousands of customers at high load: no
    opening hours, pauses, no-shows or estimates, and no event log. What is not lean is the
    decision: every call is `policy.choose_next` over real `Ticket`s with their real order keys,
    with each window's memory, exactly as `HallQueue.call_next` asks it. A window that frees
    calls at once when someone waits; an arrival finding a window free is called at once.
    """
    rng = random.Random(seed)
    rate = per_hour / 3600.0
    prefix = config.queue(queue).prefix
    windows = {w.number: w for w in config.windows_serving(queue)}
    memory = {number: WindowMemory() for number in windows}
    free = [(0.0, number) for number in windows]
    heapq.heapify(free)
    view = _LeanView()
    midnight = config.at_local(day, time(0))
    taken: dict[str, float] = {}
    clock = 0.0
    next_arrival = rng.expovariate(rate)
    waiting = issued = called = 0
    total_wait = total_service = 0.0
    while called < customers:
        if waiting and free[0][0] <= next_arrival:
            freed, number = heapq.heappop(free)
            clock = max(clock, freed)
            now = midnight + timedelta(seconds=clock)
            choice = choose_next(config, windows[number], view, memory[number], now)
            if choice is None:
                raise AssertionError("a window found nothing to call while tickets wait")
            memory[number] = choice.memory
            view.take(choice.ticket, choice.lane)
            waiting -= 1
            called += 1
            total_wait += clock - taken.pop(choice.ticket.ticket_id)
            if dist is ServiceDist.EXPONENTIAL:
                service = rng.expovariate(1.0 / service_mean)
            else:
                mu = math.log(service_mean) - service_sigma * service_sigma / 2.0
                service = rng.lognormvariate(mu, service_sigma)
            total_service += service
            heapq.heappush(free, (clock + service, number))
        else:
            clock = next_arrival
            issued += 1
            at = midnight + timedelta(seconds=clock)
            ticket = Ticket(
                ticket_id=str(issued),
                number=f"{prefix}{issued:03d}",
                queue=queue,
                seq=issued,
                business_date=day,
                channel=Channel.KIOSK,
                taken_at=at,
                order_at=at,
            )
            taken[ticket.ticket_id] = clock
            view.push(config, ticket)
            waiting += 1
            next_arrival = clock + rng.expovariate(rate)
    return QueueRun(called, total_wait / called, total_service / called, clock / issued)
