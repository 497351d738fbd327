"""The hall simulator: it drives the real queue and estimator, and records every ticket."""

from __future__ import annotations

import statistics
from datetime import time, timedelta

import pytest

from hallcore.queue import (
    Lane,
    PauseSpec,
    Scenario,
    ServiceDist,
    ThemeLoad,
    TicketState,
    simulate,
)
from hallcore.queue.scenarios import busy_day
from tests.hallcore.queue.halls import DAY, hall


def small_day(seed: int = 1, **changes: object) -> Scenario:
    fields: dict[str, object] = {
        "config": hall({1: "A:2 B:1", 2: "A:1", 3: "B:1 C:0"}),
        "day": DAY,
        "themes": (
            ThemeLoad("theme_a", 20.0, 240.0),
            ThemeLoad("theme_b", 12.0, 300.0),
            ThemeLoad("theme_c", 4.0, 180.0, dist=ServiceDist.EXPONENTIAL),
        ),
        "seed": seed,
    }
    fields.update(changes)
    return Scenario(**fields)  # type: ignore[arg-type]


def test_the_same_seed_gives_the_same_day() -> None:
    first = simulate(small_day(7, no_show_share=0.1, priority_share=0.1))
    again = simulate(small_day(7, no_show_share=0.1, priority_share=0.1))
    other = simulate(small_day(8, no_show_share=0.1, priority_share=0.1))
    assert first.records == again.records
    assert first.records != other.records


def test_every_ticket_is_recorded_with_its_promise_and_its_wait() -> None:
    result = simulate(small_day(2))
    assert len(result.records) > 100
    for record in result.records:
        assert record.outcome is TicketState.DONE
        assert record.promised is not None
        assert record.promised >= 60.0
        assert record.actual is not None
        assert record.actual >= 0.0
        assert record.service is not None
        assert record.service > 0.0
    assert result.hall.waiting_count() == 0


def test_arrivals_come_only_in_issuing_hours_and_follow_the_profile() -> None:
    result = simulate(small_day(3, profile={9: 2.0, 10: 0.0, 14: 1.0}))
    hours = [int(r.taken // 3600) for r in result.records]
    assert 10 not in hours
    assert all(
        9 * 3600 <= r.taken < 11.5 * 3600 or 13.5 * 3600 <= r.taken < 16.5 * 3600
        for r in result.records
    )
    assert hours.count(9) > hours.count(14)


def test_no_shows_are_recalled_then_re_queued_by_the_hall_rule() -> None:
    result = simulate(small_day(4, no_show_share=0.3, return_share=0.0))
    outcomes = {r.outcome for r in result.records}
    assert TicketState.NO_SHOW in outcomes
    assert TicketState.DONE in outcomes
    for ticket in result.hall.all_tickets():
        if ticket.state is TicketState.NO_SHOW:
            assert ticket.requeues == result.hall.config.no_show.max_requeues


def test_priority_tickets_wait_less_and_pauses_are_honoured() -> None:
    scenario = small_day(
        5,
        priority_share=0.15,
        pauses=(PauseSpec(2, time(10), time(10, 30), "休息"),),
    )
    result = simulate(scenario)
    waits = {
        lane: statistics.mean(r.actual for r in result.records if r.lane is lane and r.actual)
        for lane in (Lane.PRIORITY, Lane.ORDINARY)
    }
    assert waits[Lane.PRIORITY] < waits[Lane.ORDINARY]
    called_at_2 = [
        t.first_called_at
        for t in result.hall.all_tickets()
        if t.window == 2 and t.first_called_at is not None
    ]
    config = scenario.config
    pause_from, pause_to = config.at_local(DAY, time(10)), config.at_local(DAY, time(10, 30))
    assert not [c for c in called_at_2 if pause_from + timedelta(minutes=15) < c < pause_to]


@pytest.mark.parametrize("seed", [11])
def test_on_a_busy_day_the_estimate_beats_people_ahead_times_minutes(seed: int) -> None:
    """A regression guard for the benchmark's goal (which runs several days)."""
    result = simulate(busy_day(seed))
    config = result.hall.config
    records = [r for r in result.records if r.actual is not None and r.promised is not None]
    assert 2700 <= len(records) <= 3300
    minutes = {
        q.code: q.fallback_service_seconds
        / sum(1 for w in config.windows_serving(q.code) if w.weight(q.code))
        for q in config.queues
    }
    ours = statistics.mean(abs((r.promised or 0.0) - (r.actual or 0.0)) for r in records)
    naive = statistics.mean(
        abs(r.people_ahead * minutes[r.queue] - (r.actual or 0.0)) for r in records
    )
    assert ours < 0.6 * naive


def test_re_queued_no_shows_are_called_again() -> None:
    result = simulate(small_day(6, no_show_share=0.2, return_share=1.0))
    requeued = [t for t in result.hall.all_tickets() if t.requeues]
    assert requeued
    for ticket in requeued:
        assert ticket.state is TicketState.DONE
        assert ticket.called_at is not None
        assert ticket.first_called_at is not None
        assert ticket.called_at > ticket.first_called_at
