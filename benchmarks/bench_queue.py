"""Benchmark of issue 4: the wait estimate on a simulated busy day, and the call-next decision.

1. Wait estimate. The simulator (hallcore.queue.simulator) runs a busy day of the sample hall
   (hallcore.queue.scenarios.busy_day: 8 themes, 6 queues, 12 windows, about 3,000 tickets,
   breaks, no-shows, 8% priority and 1% green channel). Every ticket is promised a wait at take
   time by our estimator (learning service times during the day, starting from the configured
   fallback, no history), and the day records the wait it had. The floor is the naive figure
   kiosks print: people ahead × fixed minutes, the minutes being what an administrator would
   configure (the queue's configured service time ÷ the windows that serve the queue). We also
   print, for context, the best fixed minutes per queue in hindsight (least squares on the day
   itself), which no kiosk could know in the morning. Goal: our mean absolute error ≤ 0.5 × the
   naive one.

2. Call-next decision. 2,000 tickets wait in the sample hall (all six queues, with priority,
   green channel, appointments and held re-queues); we time `HallQueue.peek_next` (the policy's
   whole decision through the hall's index) over all twelve windows. For comparison, the same
   decision by the reference form (`choose_next_among`, one linear pass over every ticket), and
   a complete call (call, start, finish, and one new ticket to keep 2,000 waiting). Goal: the
   decision under 1 ms.

Run: python benchmarks/bench_queue.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
import time as clock
from collections import defaultdict
from datetime import date, time, timedelta
from itertools import cycle

from benchlib import goal, median, parse_args, time_per_call

from hallcore.queue import (
    Actor,
    AppointmentSlot,
    HallConfig,
    HallQueue,
    Permission,
    TicketRecord,
    choose_next_among,
    simulate,
)
from hallcore.queue.scenarios import busy_day, busy_hall

DAY = date(2024, 5, 6)


def naive_minutes(config: HallConfig) -> dict[str, float]:
    """Seconds per person ahead an administrator would configure for each queue."""
    return {
        q.code: q.fallback_service_seconds
        / sum(1 for w in config.windows_serving(q.code) if w.weight(q.code))
        for q in config.queues
    }


def hindsight_minutes(records: list[TicketRecord]) -> dict[str, float]:
    """The best fixed seconds per person ahead for each queue, fitted on the day itself."""
    by_queue: dict[str, list[TicketRecord]] = defaultdict(list)
    for record in records:
        by_queue[record.queue].append(record)
    fitted = {}
    for queue, rows in by_queue.items():
        ahead_sq = sum(r.people_ahead**2 for r in rows)
        ahead_wait = sum(r.people_ahead * (r.actual or 0.0) for r in rows)
        fitted[queue] = ahead_wait / ahead_sq if ahead_sq else 0.0
    return fitted


def wait_estimate(days: int) -> float:
    print(f"Wait estimate on {days} simulated busy day(s) of the sample hall")
    ours_errors: list[float] = []
    naive_errors: list[float] = []
    hindsight_errors: list[float] = []
    for seed in range(1, days + 1):
        started = clock.perf_counter()
        result = simulate(busy_day(seed))
        elapsed = clock.perf_counter() - started
        config = result.hall.config
        rows = [r for r in result.records if r.actual is not None and r.promised is not None]
        minutes = naive_minutes(config)
        fitted = hindsight_minutes(rows)
        ours = [abs((r.promised or 0.0) - (r.actual or 0.0)) / 60 for r in rows]
        naive = [abs(r.people_ahead * minutes[r.queue] - (r.actual or 0.0)) / 60 for r in rows]
        best = [abs(r.people_ahead * fitted[r.queue] - (r.actual or 0.0)) / 60 for r in rows]
        waits = [(r.actual or 0.0) / 60 for r in rows]
        print(
            f"  day {seed}: {len(result.records)} tickets ({result.turned_away} turned away), "
            f"mean wait {statistics.mean(waits):.1f} min, longest {max(waits):.0f} min; "
            f"mean absolute error: ours {statistics.mean(ours):.2f} min, "
            f"naive {statistics.mean(naive):.2f} min, "
            f"best fixed minutes in hindsight {statistics.mean(best):.2f} min "
            f"(simulated in {elapsed:.1f} s)"
        )
        ours_errors += ours
        naive_errors += naive
        hindsight_errors += best
    ours_mae = statistics.mean(ours_errors)
    naive_mae = statistics.mean(naive_errors)
    hindsight_mae = statistics.mean(hindsight_errors)
    print(
        f"  all days, {len(ours_errors)} tickets: ours {ours_mae:.2f} min, naive (people "
        f"ahead × fixed minutes) {naive_mae:.2f} min, ratio {ours_mae / naive_mae:.3f}"
    )
    print(
        f"  against the best fixed minutes in hindsight ({hindsight_mae:.2f} min): "
        f"ratio {ours_mae / hindsight_mae:.3f}"
    )
    return ours_mae / naive_mae


def loaded_hall(waiting: int) -> HallQueue:
    """The sample hall with `waiting` tickets waiting, every lane and a few held re-queues."""
    config = busy_hall()
    hall = HallQueue(config, DAY)
    staff = Actor("guide", frozenset({Permission.GREEN_CHANNEL}))
    themes = [(t, config.queue_for_theme(t).code) for q in config.queues for t in q.themes]
    first = config.at_local(DAY, time(8, 30))
    step = timedelta(seconds=(3 * 3600 - 60) / (waiting + 40))
    kinds = cycle(["", "", "", "elderly", "", "", "", "", "", "appointment", "", "disabled"])
    at = first
    for index in range(waiting + 40):
        theme, queue = themes[index % len(themes)]
        kind = next(kinds)
        priority = kind if kind in ("elderly", "disabled") else None
        if index % 97 == 0:
            priority = "green"
        slot = None
        if kind == "appointment":
            start = first + timedelta(minutes=15 * (index % 20))
            slot = AppointmentSlot(start, start + timedelta(minutes=30))
        hall.take(queue, at, theme=theme, priority=priority, appointment=slot, actor=staff)
        at += step
    # forty calls, half of them no-shows: re-queued and held behind the next three calls
    for index, window in zip(range(40), cycle(w.number for w in config.windows), strict=False):
        ticket = hall.call_next(window, at)
        assert ticket is not None
        if index % 2:
            hall.no_show(ticket.ticket_id, at)
        else:
            hall.start(ticket.ticket_id, at)
            hall.finish(ticket.ticket_id, at)
    assert hall.waiting_count() >= waiting
    return hall


def decision_time(quick: bool) -> float:
    waiting = 2000
    hall = loaded_hall(waiting)
    config = hall.config
    now = config.at_local(DAY, time(11, 29))
    windows = cycle([w.number for w in config.windows])
    repeat, number = (5, 1200) if quick else (9, 6000)
    print(f"Call-next decision with {hall.waiting_count()} tickets waiting, 12 windows")
    decision = median(
        time_per_call(lambda: hall.peek_next(next(windows), now), repeat=repeat, number=number)
    )
    print(f"  decision through the hall's index (peek_next): {decision * 1e6:.1f} µs")
    tickets = list(hall.all_tickets())
    calls = {q.code: hall.calls(q.code) for q in config.queues}
    memories = {w.number: hall.memory(w.number) for w in config.windows}

    def reference() -> None:
        window = next(windows)
        choose_next_among(config, window, tickets, memory=memories[window], calls=calls, now=now)

    scan = median(time_per_call(reference, repeat=3, number=20 if quick else 100))
    print(
        f"  the same decision by one linear pass over all tickets (reference): "
        f"{scan * 1e6:.0f} µs ({scan / decision:.0f}× the index)"
    )
    themes = cycle([(t, q.code) for q in config.queues for t in q.themes])
    state = {"at": now}

    def full_call() -> None:
        window = next(windows)
        ticket = hall.call_next(window, state["at"])
        if ticket is not None:
            hall.start(ticket.ticket_id, state["at"])
            hall.finish(ticket.ticket_id, state["at"])
        theme, queue = next(themes)
        hall.take(queue, state["at"], theme=theme)

    state["at"] = config.at_local(DAY, time(9))
    cycle_time = median(time_per_call(full_call, repeat=3, number=300 if quick else 1500))
    print(
        f"  a whole call (call, start, finish, one new ticket): {cycle_time * 1e6:.1f} µs, "
        f"{hall.waiting_count()} still waiting"
    )
    return decision * 1e3


def main() -> int:
    args = parse_args(__doc__ or "")
    started = clock.perf_counter()
    ratio = wait_estimate(1 if args.quick else 5)
    decision_ms = decision_time(args.quick)
    print(f"(ran in {clock.perf_counter() - started:.1f} s)")
    met = goal("queue_wait_mae_ratio_vs_naive", ratio, "<=", 0.5)
    met &= goal("queue_call_next_decision_ms", decision_ms, "<", 1.0)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
