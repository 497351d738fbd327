"""`LiveHall` follows the event feed as hallcore's rules move tickets and windows: a morning in
the small hall (tests/manager/models/small_hall.py) driven through hallcore's real `HallQueue`,
its events fed to the model as the server writes them, and after each step what the model must
show, worked out by hand from the step (not by asking the model twice)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from hallcore.queue import AppointmentSlot, WindowState
from manager.model.live import (
    DEFAULT_SERVICE_SECONDS,
    Alert,
    HourFigure,
    LiveHall,
    QueueTarget,
    Targets,
    window_state_zh,
)
from tests.manager.models.small_hall import Hall, at, follow

S001, S002, Y001, YB001 = (f"20240506-{n}" for n in ("S001", "S002", "Y001", "YB001"))


def states(live: LiveHall) -> dict[str, str]:
    return {t.number: t.state for t in live.tickets.values()}


def windows(live: LiveHall) -> dict[int, tuple[str, str | None]]:
    return {n: (w.state, w.ticket_number) for n, w in live.windows.items()}


def waiting(live: LiveHall) -> dict[str, int]:
    return {f.code: f.waiting for f in live.queue_figures()}


def served(live: LiveHall) -> dict[int, int]:
    return {f.number: f.served_today for f in live.window_figures()}


def takes(hall: Hall) -> None:
    queue = hall.queue
    queue.take("social", at("09:00"))
    queue.take("social", at("09:02"))
    queue.take("one_thing", at("09:05"))
    queue.take("property", at("09:06"))


def call_s001(hall: Hall) -> None:
    called = hall.queue.call_next(2, at("09:10"))
    assert called is not None
    assert called.number == "S001"


def recall_s001(hall: Hall) -> None:
    hall.queue.recall(S001, at("09:11"))


def no_show_s001(hall: Hall) -> None:
    # The hall re-queues a first no-show (NoShowRule: once): `no_show`, then `requeue`.
    hall.queue.no_show(S001, at("09:13"))


def call_and_start_s002(hall: Hall) -> None:
    called = hall.queue.call_next(2, at("09:14"))
    assert called is not None
    assert called.number == "S002"
    hall.queue.start(S002, at("09:15"))


def call_and_start_y001(hall: Hall) -> None:
    called = hall.queue.call_next(1, at("09:20"))
    assert called is not None
    assert called.number == "Y001"
    hall.queue.start(Y001, at("09:21"))


def finish_s002(hall: Hall) -> None:
    hall.queue.finish(S002, at("09:25"))


def transfer_y001(hall: Hall) -> None:
    hall.queue.transfer(Y001, "property", at("09:26"))


@dataclass(frozen=True)
class Step:
    name: str
    act: Callable[[Hall], None]
    states: dict[str, str]
    windows: dict[int, tuple[str, str | None]]
    waiting: dict[str, int]
    served: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0})
    needs_reload: bool = False


IDLE = ("idle", None)
MORNING = (
    Step(
        "four tickets taken (YB001 by its longer prefix)",
        takes,
        {"S001": "waiting", "S002": "waiting", "Y001": "waiting", "YB001": "waiting"},
        {1: IDLE, 2: IDLE, 3: IDLE},
        {"social": 2, "one_thing": 1, "property": 1},
    ),
    Step(
        "a call",
        call_s001,
        {"S001": "calling", "S002": "waiting", "Y001": "waiting", "YB001": "waiting"},
        {1: IDLE, 2: ("calling", "S001"), 3: IDLE},
        {"social": 1, "one_thing": 1, "property": 1},
    ),
    Step(
        "a recall",
        recall_s001,
        {"S001": "calling", "S002": "waiting", "Y001": "waiting", "YB001": "waiting"},
        {1: IDLE, 2: ("calling", "S001"), 3: IDLE},
        {"social": 1, "one_thing": 1, "property": 1},
    ),
    Step(
        "a no-show re-queued",
        no_show_s001,
        {"S001": "waiting", "S002": "waiting", "Y001": "waiting", "YB001": "waiting"},
        {1: IDLE, 2: IDLE, 3: IDLE},
        {"social": 2, "one_thing": 1, "property": 1},
    ),
    Step(
        "the next call, started",
        call_and_start_s002,
        {"S001": "waiting", "S002": "serving", "Y001": "waiting", "YB001": "waiting"},
        {1: IDLE, 2: ("serving", "S002"), 3: IDLE},
        {"social": 1, "one_thing": 1, "property": 1},
    ),
    Step(
        "a call at the comprehensive window, started",
        call_and_start_y001,
        {"S001": "waiting", "S002": "serving", "Y001": "serving", "YB001": "waiting"},
        {1: ("serving", "Y001"), 2: ("serving", "S002"), 3: IDLE},
        {"social": 1, "one_thing": 0, "property": 1},
    ),
    Step(
        "a finish",
        finish_s002,
        {"S001": "waiting", "S002": "done", "Y001": "serving", "YB001": "waiting"},
        {1: ("serving", "Y001"), 2: IDLE, 3: IDLE},
        {"social": 1, "one_thing": 0, "property": 1},
        served={1: 0, 2: 1, 3: 0},
    ),
    Step(
        # The model frees the window at once and counts the ticket in the queue the event
        # names (不动产): no reload needed.
        "a transfer",
        transfer_y001,
        {"S001": "waiting", "S002": "done", "Y001": "waiting", "YB001": "waiting"},
        {1: IDLE, 2: IDLE, 3: IDLE},
        {"social": 1, "one_thing": 0, "property": 2},
        served={1: 0, 2: 1, 3: 0},
    ),
)


def morning(hall: Hall, upto: int = len(MORNING)) -> None:
    for step in MORNING[:upto]:
        step.act(hall)


def test_the_model_follows_each_event_of_a_morning() -> None:
    hall = Hall()
    live = hall.live()
    changes: list[None] = []
    live.subscribe("changed", lambda: changes.append(None))
    for step in MORNING:
        before = len(hall.events)
        step.act(hall)
        feed = hall.feed(before)
        follow(live, feed)
        assert states(live) == step.states, step.name
        assert windows(live) == step.windows, step.name
        assert waiting(live) == step.waiting, step.name
        assert served(live) == step.served, step.name
        assert live.needs_reload is step.needs_reload, step.name
        assert live.last_seq == feed[-1][0], step.name
    # Every event moved a ticket: one `changed` each (4 takes, call, recall, no-show and
    # re-queue, call and start twice, finish, transfer).
    assert len(changes) == len(hall.events) == 14
    assert live.served_today() == 1


def test_a_recall_keeps_the_call_time_and_a_requeued_ticket_keeps_its_first_call() -> None:
    hall = Hall()
    live = hall.live()
    morning(hall, upto=3)  # taken, called at 09:10, recalled at 09:11
    follow(live, hall.feed())
    s001 = live.tickets[S001]
    assert (s001.called_at, s001.first_called_at) == (at("09:10"), at("09:10"))
    assert live.windows[2].since == at("09:11")  # the window called again
    start = len(hall.events)
    morning_rest = MORNING[3:]
    for step in morning_rest:
        step.act(hall)
    follow(live, hall.feed(start))
    assert live.tickets[S001].first_called_at == at("09:10")
    assert live.tickets[S002].first_called_at == at("09:14")
    assert live.tickets[Y001].first_called_at == at("09:20")


# --- waits, estimates, hours ---------------------------------------------------------------


def test_waits_and_estimates_after_the_morning() -> None:
    hall = Hall()
    live = hall.live()
    morning(hall)
    follow(live, hall.feed())
    assert live.now() == at("09:26")  # the latest event's instant (the wall clock not followed)
    figures = {f.code: f for f in live.queue_figures()}
    # Longest waits at 09:26: S001 taken 09:00; Y001 taken 09:05, now waiting in 不动产 (the
    # transfer keeps its take time) with YB001 (09:06); nobody left in 一件事.
    assert {c: f.longest_wait_seconds for c, f in figures.items()} == {
        "social": 26 * 60,
        "one_thing": 0,
        "property": 21 * 60,
    }
    # 社保医保 learned one service, S002 called 09:14 and finished 09:25 (660 s); one waits
    # and windows 1 and 2 serve it: one round. The others learned nothing yet (the default);
    # 一件事 has nobody waiting (0); 不动产 has two for window 3 alone: two rounds.
    assert live.mean_service_seconds("social") == 660
    assert {c: f.estimated_wait_seconds for c, f in figures.items()} == {
        "social": 660,
        "one_thing": 0,
        "property": 2 * DEFAULT_SERVICE_SECONDS,
    }

    # Window 3, the only one for 不动产, pauses: no estimate, and no idle flag for it.
    start = len(hall.events)
    hall.queue.pause_window(3, at("09:30"), reason="午休")
    follow(live, hall.feed(start))
    assert live.windows[3].state == "paused"
    assert live.windows[3].reason == "午休"
    figures = {f.code: f for f in live.queue_figures()}
    assert figures["property"].estimated_wait_seconds is None
    flags = {f.number: f.idle_while_waiting for f in live.window_figures()}
    assert flags == {1: True, 2: True, 3: False}

    # The server's estimate, when it sends one, replaces the model's own.
    live.server_estimates = {"social": 300.0, "property": None}
    figures = {f.code: f for f in live.queue_figures()}
    assert figures["social"].estimated_wait_seconds == 300.0
    assert figures["property"].estimated_wait_seconds is None
    assert figures["one_thing"].estimated_wait_seconds == 0  # the model's own: nobody waits


def test_estimate_is_rounds_of_the_mean_service_over_open_windows() -> None:
    hall = Hall()
    live = hall.live()
    queue = hall.queue
    for minute in ("09:00", "09:01", "09:02"):
        queue.take("social", at(minute))
    follow(live, hall.feed())
    # Three waiting, two windows serving 社保医保: ceil(3 / 2) = 2 rounds of the default.
    figure = next(f for f in live.queue_figures() if f.code == "social")
    assert figure.estimated_wait_seconds == 2 * DEFAULT_SERVICE_SECONDS
    # Nobody waiting in 一件事: nothing to wait for.
    figure = next(f for f in live.queue_figures() if f.code == "one_thing")
    assert (figure.waiting, figure.estimated_wait_seconds) == (0, 0.0)


def expected_hours(nine: HourFigure) -> list[HourFigure]:
    """The day's hours 8–17 always, the ninth as given."""
    return [nine if h == 9 else HourFigure(h, 0, None) for h in range(8, 18)]


#: Four tickets taken in the nine o'clock hour; three called: S001 after 10 minutes (its
#: first call, before the no-show), S002 after 12, Y001 after 15 (before its transfer).
NINE = HourFigure(9, 4, (600 + 720 + 900) / 3)


def test_arrivals_and_waits_by_hour_follow_the_first_call() -> None:
    hall = Hall()
    live = hall.live()
    morning(hall)
    follow(live, hall.feed())
    assert live.hourly() == expected_hours(NINE)


def test_a_reload_takes_the_servers_rows_and_windows() -> None:
    hall = Hall()
    live = hall.live()
    morning(hall)
    follow(live, hall.feed())
    assert not live.needs_reload  # the transfer named its new queue
    live.tickets[Y001].queue = "one_thing"  # as an older server's event would have left it

    changes: list[None] = []
    live.subscribe("changed", lambda: changes.append(None))
    live.load(hall.ticket_rows(), hall.window_rows(), seq=14, server_now=at("09:30"))
    assert changes == [None]
    assert not live.needs_reload
    assert live.last_seq == 14
    assert live.now() == at("09:30")
    # The transferred Y001 is now where the server says: in 不动产.
    assert live.tickets[Y001].queue == "property"
    assert waiting(live) == {"social": 1, "one_thing": 0, "property": 2}
    assert states(live) == {
        "S001": "waiting",
        "S002": "done",
        "Y001": "waiting",
        "YB001": "waiting",
    }
    assert windows(live) == {1: IDLE, 2: IDLE, 3: IDLE}
    assert served(live) == {1: 0, 2: 1, 3: 0}  # the done row at window 2
    # The rows carry each ticket's first call, even after a re-queue or a transfer cleared the
    # current one: the waits by hour are those the events gave.
    assert live.hourly() == expected_hours(NINE)


def test_a_reload_names_the_ticket_at_each_window() -> None:
    hall = Hall()
    live = hall.live()
    morning(hall, upto=5)  # S002 serving at window 2 since 09:15
    hall.queue.pause_window(3, at("09:16"), reason="系统故障")
    live.load(hall.ticket_rows(), hall.window_rows(), seq=len(hall.events))
    view = live.windows[2]
    assert (view.state, view.ticket_number, view.ticket_id, view.since) == (
        "serving",
        "S002",
        S002,
        at("09:15"),
    )
    assert (live.windows[3].state, live.windows[3].reason) == ("paused", "系统故障")
    # No server time given: the latest instant the rows and windows show (the pause).
    assert live.now() == at("09:16")


# --- events a ticket has already made --------------------------------------------------------


def test_a_finish_delivered_twice_counts_once() -> None:
    hall = Hall()
    live = hall.live()
    morning(hall, upto=7)  # … S002 finished at window 2 at 09:25
    feed = hall.feed()
    follow(live, feed)
    finish = next(e for e in feed if e[1] == "finish")
    changes: list[None] = []
    live.subscribe("changed", lambda: changes.append(None))
    live.apply(finish[0] + 100, finish[1], finish[2])
    assert changes == []
    assert served(live) == {1: 0, 2: 1, 3: 0}
    assert live.mean_service_seconds("social") == 660


def test_events_replayed_onto_rows_that_already_hold_them_are_ignored() -> None:
    """The controller reads the snapshot, then the rows: events between the two are applied
    again on rows that already show them. A ticket the rows show done must not be taken,
    called and finished a second time (the served count would double)."""
    hall = Hall()
    morning(hall)
    live = hall.live()
    live.load(hall.ticket_rows(), hall.window_rows(), seq=0)
    follow(live, hall.feed())
    assert states(live) == {
        "S001": "waiting",
        "S002": "done",
        "Y001": "waiting",
        "YB001": "waiting",
    }
    assert served(live) == {1: 0, 2: 1, 3: 0}
    assert windows(live) == {1: IDLE, 2: IDLE, 3: IDLE}
    assert live.tickets[Y001].queue == "property"
    assert waiting(live) == {"social": 1, "one_thing": 0, "property": 2}


def test_a_booking_waits_from_its_check_in_and_a_replayed_check_in_is_ignored() -> None:
    hall = Hall()
    live = hall.live()
    slot = AppointmentSlot(at("10:00"), at("10:30"))
    booked = hall.queue.book("social", slot, at("09:00"))
    follow(live, hall.feed())
    assert states(live) == {"S001": "booked"}
    assert waiting(live)["social"] == 0
    start = len(hall.events)
    hall.queue.check_in(booked.ticket_id, at("09:55"))
    hall.queue.call_next(2, at("10:00"))
    feed = hall.feed(start)
    assert [kind for _, kind, _ in feed] == ["check_in", "call"]
    follow(live, feed[:1])
    assert states(live) == {"S001": "waiting"}
    assert waiting(live)["social"] == 1
    follow(live, feed[1:])
    live.apply(feed[0][0] + 10, feed[0][1], feed[0][2])  # the check-in again, after the call
    assert states(live) == {"S001": "calling"}
    assert windows(live)[2] == ("calling", "S001")


@pytest.mark.parametrize(
    ("final", "end"),
    [
        (lambda h: h.queue.cancel(S001, at("09:12")), "cancelled"),
        (lambda h: h.queue.end_of_day(at("17:30")), "expired"),
    ],
    ids=["cancelled", "expired"],
)
def test_a_final_ticket_ignores_a_replayed_call(final: Callable[[Hall], None], end: str) -> None:
    hall = Hall()
    live = hall.live()
    morning(hall, upto=2)  # S001 calling at window 2
    call = hall.feed()[4]
    assert call[1] == "call"
    final(hall)
    follow(live, hall.feed())
    assert live.tickets[S001].state == end
    assert live.windows[2].state == "idle"  # a call ended by the cancel frees the window
    live.apply(len(hall.events) + 1, call[1], call[2])
    assert live.tickets[S001].state == end
    assert live.windows[2].state == "idle"


def test_events_the_model_cannot_follow_ask_for_a_reload() -> None:
    hall = Hall()
    live = hall.live()
    # A ticket number of no known queue, then an event about a ticket never seen.
    live.apply(1, "take", {"ticket_id": "x-Q001", "number": "Q001", "at": at("09:00").isoformat()})
    assert live.needs_reload
    assert live.tickets == {}
    live.needs_reload = False
    live.apply(2, "call", {"ticket_id": S001, "number": "S001", "window": 2})
    assert live.needs_reload
    assert live.windows[2].state == "idle"
    # Other kinds (ratings, configuration) are for other models: nothing changes here.
    live.needs_reload = False
    changes: list[None] = []
    live.subscribe("changed", lambda: changes.append(None))
    live.apply(3, "hall_config_changed", {"version": 2})
    live.apply(4, "rating", {"rating_id": 1, "number": "S001", "window": 2, "level": 5})
    assert (changes, live.needs_reload, live.last_seq) == ([], False, 4)


# --- the idle-while-waiting flag --------------------------------------------------------------


def only_one_thing(hall: Hall) -> None:
    hall.queue.take("one_thing", at("09:00"))


def only_social(hall: Hall) -> None:
    hall.queue.take("social", at("09:00"))


def social_with_window_2_paused(hall: Hall) -> None:
    hall.queue.take("social", at("09:00"))
    hall.queue.pause_window(2, at("09:01"), reason="午休")


def social_called(hall: Hall) -> None:
    hall.queue.take("social", at("09:00"))
    hall.queue.call_next(2, at("09:01"))


def nobody(hall: Hall) -> None:
    pass


@pytest.mark.parametrize(
    ("arrange", "flags"),
    [
        # Window 2 takes 一件事 only as a fallback: idle then is not "idle while waiting".
        (only_one_thing, {1: True, 2: False, 3: False}),
        (only_social, {1: True, 2: True, 3: False}),
        (social_with_window_2_paused, {1: True, 2: False, 3: False}),
        (social_called, {1: False, 2: False, 3: False}),
        (nobody, {1: False, 2: False, 3: False}),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_idle_while_waiting(arrange: Callable[[Hall], None], flags: dict[int, bool]) -> None:
    hall = Hall()
    arrange(hall)
    live = hall.live()
    live.load(hall.ticket_rows(), hall.window_rows(), seq=len(hall.events))
    assert {f.number: f.idle_while_waiting for f in live.window_figures()} == flags


# --- alerts -------------------------------------------------------------------------------


def alert_morning() -> LiveHall:
    """社保医保: S001, S002, S003 taken 09:00, 09:10, 09:20; S001 called at window 2 at 09:30
    and started at 09:31. At 09:41 two wait (the longest 31 minutes) and window 2 has served
    S001 for 10 minutes."""
    hall = Hall()
    for minute in ("09:00", "09:10", "09:20"):
        hall.queue.take("social", at(minute))
    hall.queue.call_next(2, at("09:30"))
    hall.queue.start(S001, at("09:31"))
    live = hall.live()
    live.load(hall.ticket_rows(), hall.window_rows(), seq=len(hall.events), server_now=at("09:41"))
    return live


WAIT_CRITICAL = Alert(
    "longest_wait:social",
    "longest_wait",
    "critical",
    "社保医保：最长等待 31 分钟，超过目标 15 分钟",
)
WAIT_WARNING = Alert(
    "longest_wait:social", "longest_wait", "warning", "社保医保：最长等待 31 分钟，超过目标 20 分钟"
)
LENGTH = Alert(
    "queue_length:social", "queue_length", "warning", "社保医保：2 人等待，超过目标 1 人"
)
SERVICE = Alert(
    "service_time:2",
    "service_time",
    "warning",
    "2号社保窗口：S001号已办理 10 分钟，超过目标 5 分钟",
)


@pytest.mark.parametrize(
    ("targets", "alerts"),
    [
        # 31 > 2 × 15: critical; 2 > 1 waiting; 10 > 5 minutes at the window.
        (Targets(15, 1, 5), [WAIT_CRITICAL, LENGTH, SERVICE]),
        # 31 > 20 but not twice; 2 is not over 2; 10 is not over 10.
        (Targets(20, 2, 10), [WAIT_WARNING]),
        # A queue's own targets replace the hall's.
        (Targets(15, 1, 30, {"social": QueueTarget(60, 5)}), []),
    ],
    ids=["all-broken", "warning-only", "queue-own-targets"],
)
def test_alerts_against_the_targets(targets: Targets, alerts: list[Alert]) -> None:
    live = alert_morning()
    live.set_targets(targets)
    assert live.alerts == alerts


def test_alerts_changed_fires_only_when_the_set_changes() -> None:
    live = alert_morning()
    seen: list[list[Alert]] = []
    live.subscribe("alerts_changed", seen.append)
    live.set_targets(Targets(20, 2, 10))
    assert seen == [[WAIT_WARNING]]
    live.set_targets(Targets(20, 2, 10))
    live.refresh_alerts()
    assert len(seen) == 1

    help_call = Alert("help_call:7", "help_call", "critical", "1号自助终端 呼叫帮办：不会操作")
    live.add_help_call(7, "1号自助终端", "不会操作")
    assert seen[-1] == [WAIT_WARNING, help_call]
    bad = Alert("bad_rating:3", "bad_rating", "warning", "差评待跟进：S001号（2号窗口），待指派")
    live.set_external_alerts("bad_rating", [bad])
    assert live.alerts == [WAIT_WARNING, help_call, bad]
    # The server's list of open help calls replaces those shown, not the other kinds.
    live.set_help_calls([(8, "2号自助终端", None)])
    help_8 = Alert("help_call:8", "help_call", "critical", "2号自助终端 呼叫帮办")
    assert live.alerts == [WAIT_WARNING, bad, help_8]
    count = len(seen)
    live.answer_help_call(7)  # already gone: nothing to tell
    assert len(seen) == count
    live.answer_help_call(8)
    live.set_external_alerts("bad_rating", [])
    assert live.alerts == [WAIT_WARNING] == seen[-1]


@pytest.mark.parametrize("state", list(WindowState))
def test_window_states_read_in_hallcores_words(state: WindowState) -> None:
    assert window_state_zh(state.value) == state.label_zh


def test_an_unknown_window_state_is_shown_as_it_is() -> None:
    assert window_state_zh("on_fire") == "on_fire"


def test_times_are_the_servers() -> None:
    hall = Hall()
    live = hall.live()
    hall.queue.take("social", at("09:05"))
    follow(live, hall.feed())
    assert live.now() == at("09:05")
    # An event with an earlier instant (another process's clock) does not move time back.
    live.note_time(at("09:01"))
    assert live.now() == at("09:05")
    ticking = LiveHall(hall.layout(), follow_wall_clock=True)
    ticking.note_time(at("09:05"))
    assert ticking.now() >= at("09:05")
    assert isinstance(ticking.now(), datetime)
