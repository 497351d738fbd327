"""The wait estimate: learned service times, effective windows, the list schedule, display."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hallcore.queue import (
    EstimatorSettings,
    HallQueue,
    ServiceTimes,
    WaitEstimate,
    effective_windows,
    estimate_new,
    estimate_wait,
)
from hallcore.queue.estimate import RecentArrivals, window_shares
from tests.hallcore.queue.halls import DAY, at, hall

S = 300.0  # the test halls' fallback service time


def open_hall(windows: dict[int, str], **options: object) -> HallQueue:
    return HallQueue(hall(windows, **options), DAY)  # type: ignore[arg-type]


def test_service_times_start_from_history_else_the_configured_fallback() -> None:
    config = hall()
    times = ServiceTimes(
        config,
        EstimatorSettings(theme_fallback={"theme_c": 90.0}),
        history={"theme_a": 120.0},
    )
    assert times.expected("theme_a", "A") == 120.0
    assert times.expected("theme_b", "B") == S
    assert times.expected("theme_c", "C") == 90.0


def test_learning_is_a_running_mean_at_first_then_exponentially_weighted() -> None:
    times = ServiceTimes(hall())
    once = times.observe("theme_a", "A", 100.0)
    # the fallback is worth 2 observations: the first real one moves the mean by 1/3
    assert once.expected("theme_a", "A") == pytest.approx(S + (100.0 - S) / 3)
    many = times
    for _ in range(60):
        many = many.observe("theme_a", "A", 100.0)
    assert many.expected("theme_a", "A") == pytest.approx(100.0, abs=0.5)
    # history is trusted more, worth 10 observations: the step is max(alpha, 1/11) = alpha
    trusted = ServiceTimes(hall(), history={"theme_a": S}).observe("theme_a", "A", 100.0)
    assert trusted.expected("theme_a", "A") == pytest.approx(S + (100.0 - S) * 0.1)
    assert times.expected("theme_a", "A") == S  # immutable: the old model is unchanged


def test_one_very_long_case_is_clipped() -> None:
    times = ServiceTimes(hall()).observe("theme_a", "A", 10 * 3600.0)
    assert times.expected("theme_a", "A") == pytest.approx(S + (4 * S - S) / 3)


def test_the_model_is_learned_from_todays_finished_tickets() -> None:
    queue = open_hall({1: "A:1"})
    t = at(queue.config, "09:00")
    for minutes in (4, 6, 8):
        ticket = queue.take("A", t, theme="theme_a")
        queue.call_next(1, t)
        queue.start(ticket.ticket_id, t)
        t += timedelta(minutes=minutes)
        queue.finish(ticket.ticket_id, t)
    learned = ServiceTimes.learn(queue.config, queue.all_tickets())
    by_hand = ServiceTimes(queue.config)
    for seconds in (240.0, 360.0, 480.0):
        by_hand = by_hand.observe("theme_a", "A", seconds)
    assert learned.expected("theme_a", "A") == pytest.approx(by_hand.expected("theme_a", "A"))


def test_an_idle_window_means_now_but_never_zero() -> None:
    queue = open_hall({1: "A:1"})
    now = at(queue.config, "09:00")
    ticket = queue.take("A", now)
    estimate = estimate_wait(queue.config, queue, ServiceTimes(queue.config), ticket.ticket_id, now)
    assert estimate.seconds == 60.0
    assert estimate.display_minutes == 5
    assert estimate.text_zh == "预计等待5分钟以内"


def test_with_no_open_window_the_estimate_says_so() -> None:
    queue = open_hall({1: "A:1"})
    now = at(queue.config, "09:00")
    queue.pause_window(1, now, reason="系统维护")
    ticket = queue.take("A", now)
    estimate = estimate_wait(queue.config, queue, ServiceTimes(queue.config), ticket.ticket_id, now)
    assert estimate.seconds is None
    assert estimate.display_minutes is None
    assert "暂无办理窗口" in estimate.text_zh
    assert "no window" in estimate.text_en


def test_tickets_ahead_are_placed_on_the_busy_windows() -> None:
    queue = open_hall({1: "A:1", 2: "A:1"})
    start = at(queue.config, "09:00")
    for _ in range(2):
        queue.take("A", start)
    queue.call_next(1, start)
    queue.call_next(2, start)
    for _ in range(4):
        queue.take("A", start)
    last = queue.take("A", start)
    times = ServiceTimes(queue.config)
    # both windows free after their current case (300 s), then 4 tickets of 300 s over 2
    assert estimate_wait(queue.config, queue, times, last.ticket_id, start).seconds == 900.0
    later = start + timedelta(seconds=200)
    assert estimate_wait(queue.config, queue, times, last.ticket_id, later).seconds == 700.0
    # overdue cases still take a fifth of a service: a window never frees "already"
    overdue = start + timedelta(seconds=400)
    assert estimate_wait(queue.config, queue, times, last.ticket_id, overdue).seconds == 660.0


def test_paused_windows_are_not_counted_and_shared_windows_are_weighted() -> None:
    queue = open_hall({1: "A:2 B:1", 2: "A:1"})
    now = at(queue.config, "09:00")
    queue.take("A", now)
    assert effective_windows(queue.config, queue, "A") == 2.0  # B has nobody: all of window 1
    queue.take("B", now)
    assert effective_windows(queue.config, queue, "A") == pytest.approx(1 + 2 / 3)
    assert effective_windows(queue.config, queue, "B") == pytest.approx(1 / 3)
    queue.pause_window(2, now, reason="休息")
    assert effective_windows(queue.config, queue, "A") == pytest.approx(2 / 3)


def test_a_fallback_queue_gets_what_the_windows_own_queues_leave() -> None:
    queue = open_hall({1: "A:1 C:0"})
    now = at(queue.config, "09:00")
    queue.take("C", now)
    assert effective_windows(queue.config, queue, "C") == 1.0
    queue.take("A", now)
    assert effective_windows(queue.config, queue, "C") == pytest.approx(0.1)
    busy = {"A": 0.5, "B": 0.0, "C": 1.0}
    [(_, share)] = window_shares(queue.config, queue, "C", busy)
    assert share == pytest.approx(0.5)


def test_the_ratio_decides_how_many_of_the_other_side_come_first() -> None:
    queue = open_hall({1: "A:1"}, ratio="2:1")
    now = at(queue.config, "09:00")
    times = ServiceTimes(queue.config)
    for _ in range(4):
        queue.take("A", now)
    # a new priority ticket: first in its lane, nothing of the normal side before it
    assert estimate_new(queue.config, queue, times, "A", now, priority="elderly").ahead == 0
    queue.take("A", now, priority="elderly")
    queue.take("A", now, priority="elderly")
    # a new ordinary ticket: 4 ordinary ahead, and b·(⌊4/2⌋+1) = 3 priority at most (2 wait)
    assert estimate_new(queue.config, queue, times, "A", now).ahead == 6


def test_a_kiosk_preview_matches_the_estimate_of_the_ticket_taken() -> None:
    queue = open_hall({1: "A:1 B:1", 2: "A:1"})
    now = at(queue.config, "09:00")
    times = ServiceTimes(queue.config)
    for queue_code in ("A", "A", "B", "A"):
        queue.take(queue_code, now)
    queue.call_next(1, now)
    preview = estimate_new(queue.config, queue, times, "A", now)
    ticket = queue.take("A", now)
    taken = estimate_wait(queue.config, queue, times, ticket.ticket_id, now)
    assert (preview.seconds, preview.ahead) == (taken.seconds, taken.ahead)


def test_an_appointment_callable_before_my_turn_counts_ahead() -> None:
    from hallcore.queue import AppointmentSlot

    queue = open_hall({1: "A:1"})
    now = at(queue.config, "09:00")
    times = ServiceTimes(queue.config)
    soon = at(queue.config, "09:30")
    queue.take("A", now, appointment=AppointmentSlot(soon, soon + timedelta(minutes=30)))
    for _ in range(5):
        queue.take("A", now)
    # five ordinary ahead = 25 minutes; the 09:30 appointment is callable from 09:15
    assert estimate_new(queue.config, queue, times, "A", now).ahead == 6
    late = at(queue.config, "11:00")
    queue.take("A", now, appointment=AppointmentSlot(late, late + timedelta(minutes=30)))
    assert estimate_new(queue.config, queue, times, "A", now).ahead == 6


def test_priority_arrivals_stretch_ordinary_waits_until_the_cut_off() -> None:
    queue = open_hall({1: "A:1", 2: "A:1"}, ratio="1:1")
    config = queue.config
    times = ServiceTimes(config)
    arrivals = RecentArrivals(config)
    start = at(config, "09:00")
    for minute in range(0, 60, 5):  # twelve priority tickets an hour
        ticket = queue.take("A", start + timedelta(minutes=minute), priority="elderly")
        arrivals = arrivals.observe(ticket)
        queue.cancel(ticket.ticket_id, start + timedelta(minutes=minute))
    for _ in range(10):
        arrivals = arrivals.observe(queue.take("A", start + timedelta(minutes=59)))
    now = start + timedelta(minutes=60)
    plain = estimate_new(config, queue, times, "A", now)
    stretched = estimate_new(config, queue, times, "A", now, arrivals=arrivals)
    assert plain.seconds is not None
    assert stretched.seconds is not None
    assert stretched.seconds > plain.seconds
    priority = estimate_new(config, queue, times, "A", now, priority="elderly", arrivals=arrivals)
    assert (
        priority.seconds == estimate_new(config, queue, times, "A", now, priority="elderly").seconds
    )
    after_cut_off = at(config, "11:31")
    assert estimate_new(config, queue, times, "A", after_cut_off, arrivals=arrivals).seconds == (
        estimate_new(config, queue, times, "A", after_cut_off).seconds
    )


@pytest.mark.parametrize(
    ("seconds", "minutes", "text"),
    [
        (60.0, 5, "预计等待5分钟以内"),
        (299.0, 5, "预计等待5分钟以内"),
        (7.4 * 60, 5, "预计等待约5分钟"),
        (8 * 60, 10, "预计等待约10分钟"),
        (58 * 60, 60, "预计等待约60分钟"),
        (66 * 60, 70, "预计等待约70分钟"),
        (None, None, "暂无办理窗口开放，请咨询导引台"),
    ],
)
def test_display_is_rounded(seconds: float | None, minutes: int | None, text: str) -> None:
    estimate = WaitEstimate(seconds, 3, 1.0)
    assert estimate.display_minutes == minutes
    assert estimate.text_zh == text
    assert estimate.text_en
