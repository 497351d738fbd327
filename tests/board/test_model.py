"""The board model, without Qt: snapshot, events, privacy, freshness, and the spoken text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from board.model import (
    RECENT_CALLS,
    BoardModel,
    Call,
    WindowInfo,
    WindowShows,
    announcement_text,
    clean_record,
    spoken_cardinal,
    spoken_digits,
    spoken_text,
)

CST = timezone(timedelta(hours=8))
NINE = datetime(2024, 5, 6, 9, 0, tzinfo=CST)

HALL = {
    "hall_id": "busy-hall",
    "name_zh": "示例县政务服务中心",
    "queues": [
        {"code": "one_thing", "prefix": "Y", "name_zh": "一件事"},
        {"code": "social", "prefix": "S", "name_zh": "社保医保"},
        {"code": "pickup", "prefix": "Q", "name_zh": "取件"},
    ],
    "windows": [
        {"number": 1, "name_zh": "1号综合窗口"},
        {"number": 2, "name_zh": "2号综合窗口"},
        {"number": 3, "name_zh": "3号综合窗口"},
    ],
}


class Ticking:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def event(
    kind: str, number: str | None = None, window: int | None = None, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": kind, "at": extra.pop("at", NINE).isoformat()}
    data.update(ticket_id=f"20240506-{number}" if number else None, number=number, window=window)
    data.update(extra)
    return data


def win(model: BoardModel, number: int) -> WindowInfo:
    window = model.window(number)
    assert window is not None
    return window


def model_with_hall(**options: Any) -> tuple[BoardModel, list[tuple[str, tuple[Any, ...]]]]:
    model = BoardModel(**options)
    seen: list[tuple[str, tuple[Any, ...]]] = []
    for name in BoardModel.EVENTS:
        model.subscribe(name, lambda *args, name=name: seen.append((name, args)))
    model.set_hall(HALL)
    model.replace({"seq": 0, "windows": [], "tickets": []})
    return model, seen


def test_a_ticket_waits_is_called_served_and_finished() -> None:
    model, seen = model_with_hall()
    model.apply("take", event("take", "Y001"), 1)
    model.apply("take", event("take", "S001"), 2)
    model.apply("take", event("take", "Y002"), 3)
    assert {q.code: n for q, n in model.waiting_counts()} == {
        "one_thing": 2,
        "social": 1,
        "pickup": 0,
    }
    call = model.apply("call", event("call", "Y001", 3), 4)
    assert call == Call("Y001", 3, NINE, recall=False, fresh=True, seq=4)
    assert ("called", (call,)) in seen
    window = win(model, 3)
    assert window is not None
    assert (window.shows, window.ticket_number, window.name_zh) == (
        WindowShows.CALLING,
        "Y001",
        "3号综合窗口",
    )
    assert model.waiting_total == 2
    model.apply("start", event("start", "Y001", 3), 5)
    assert win(model, 3).shows is WindowShows.SERVING
    model.apply("finish", event("finish", "Y001", 3), 6)
    assert win(model, 3).shows is WindowShows.IDLE
    assert win(model, 3).ticket_number is None
    assert [c.number for c in model.recent] == ["Y001"]  # the list keeps it
    assert model.seq == 6


def test_recall_moves_the_number_to_the_top_and_is_a_call_again() -> None:
    model, seen = model_with_hall()
    for i, number in enumerate(["Y001", "Y002", "S001"], start=1):
        model.apply("take", event("take", number), i)
    model.apply("call", event("call", "Y001", 1), 4)
    model.apply("call", event("call", "Y002", 2), 5)
    recall = model.apply("recall", event("recall", "Y001", 1), 6)
    assert recall is not None
    assert recall.recall
    assert [c.number for c in model.recent] == ["Y001", "Y002"]
    assert [args[0].number for name, args in seen if name == "called"] == ["Y001", "Y002", "Y001"]


def test_no_show_requeue_transfer_park_resume_and_windows() -> None:
    model, _ = model_with_hall()
    model.apply("take", event("take", "Y001"), 1)
    model.apply("call", event("call", "Y001", 1), 2)
    model.apply("no_show", event("no_show", "Y001", 1, reason="没来"), 3)
    assert win(model, 1).shows is WindowShows.IDLE
    assert model.waiting_total == 0
    model.apply("requeue", event("requeue", "Y001"), 4)
    assert model.waiting_total == 1
    model.apply("call_specific", event("call_specific", "Y001", 2, actor="u-1", reason="x"), 5)
    model.apply("transfer", event("transfer", "Y001", 2), 6)
    assert win(model, 2).shows is WindowShows.IDLE
    assert model.waiting_total == 1
    model.apply("call", event("call", "Y001", 2), 7)
    model.apply("park", event("park", "Y001", 2, reason="取材料"), 8)
    assert model.waiting_total == 0
    assert win(model, 2).ticket_number is None
    resumed = model.apply("resume", event("resume", "Y001", 3), 9)
    assert resumed is not None
    assert resumed.window == 3
    model.apply("window_pause", event("window_pause", None, 1, reason="休息"), 10)
    assert win(model, 1).shows is WindowShows.PAUSED
    model.apply("window_resume", event("window_resume", None, 1), 11)
    assert win(model, 1).shows is WindowShows.IDLE
    model.apply("cancel", event("cancel", "Y001", 3), 12)
    assert win(model, 3).shows is WindowShows.IDLE


def test_snapshot_replaces_everything_and_announces_nothing() -> None:
    model, seen = model_with_hall()
    model.apply("take", event("take", "Y009"), 1)
    model.apply("call", event("call", "Y009", 2), 2)
    seen.clear()
    snapshot = {
        "seq": 40,
        "windows": [
            {"number": 1, "name_zh": "1号综合窗口", "state": "calling", "ticket_number": "S003",
             "since": "2024-05-06T09:10:00+08:00", "reason": None},
            {"number": 2, "name_zh": "2号综合窗口", "state": "serving", "ticket_number": "Y004",
             "since": "2024-05-06T09:05:00+08:00"},
            {"number": 3, "name_zh": "3号综合窗口", "state": "paused", "ticket_number": None,
             "reason": "张三请假", "since": None},
        ],
        "tickets": [
            {"number": "Y005", "state": "waiting", "window": None},
            {"number": "Y006", "state": "waiting", "window": None},
            {"number": "S004", "state": "waiting", "window": None},
            {"number": "S003", "state": "calling", "window": 1},
        ],
    }  # fmt: skip
    model.replace(snapshot)
    assert [name for name, _ in seen] == ["replaced"]
    assert model.seq == 40
    assert [c.number for c in model.recent] == ["S003", "Y004"]  # newest first
    assert all(not c.fresh for c in model.recent)
    assert {q.code: n for q, n in model.waiting_counts()}["one_thing"] == 2
    assert win(model, 3).shows is WindowShows.PAUSED
    assert "Y009" not in [c.number for c in model.recent]


def test_recent_keeps_ten_newest_first() -> None:
    model, _ = model_with_hall()
    for i in range(1, 15):
        model.apply("call", event("call", f"Q{i:03d}", 1 + i % 3), i)
    assert len(model.recent) == RECENT_CALLS
    assert model.recent[0].number == "Q014"
    assert model.recent[-1].number == "Q005"


def test_only_numbers_windows_and_queues_get_in() -> None:
    dirty = {
        "ticket_id": "20240506-Y001",
        "number": "Y001",
        "window": 3,
        "actor": "zhangsan",
        "reason": "张三 身份证 11010519491231002X",
        "name": "张三",
        "passed_over": ["Y000"],
        "queue": "one_thing",
        "at": NINE.isoformat(),
        "seq": 7,
    }
    assert set(clean_record(dirty)) == {"number", "window", "queue", "at", "seq"}
    # Anything that is not a ticket number is refused, wherever it comes from.
    for bad in ("张三", "11010519491231002X", "Y001; drop", "", None, 12, "Y"):
        assert "number" not in clean_record({"number": bad})
    for bad_window in (0, 1000, "3", True, None):
        assert "window" not in clean_record({"window": bad_window})
    model, _ = model_with_hall()
    model.apply("call", {"number": "王五", "window": 1, "at": NINE.isoformat()}, 1)
    assert model.recent == []
    assert win(model, 1).ticket_number is None


def test_a_catch_up_call_older_than_the_limit_is_not_fresh() -> None:
    ticking = Ticking()
    model, _ = model_with_hall(max_age_seconds=60, monotonic=ticking)
    first = model.apply("call", event("call", "Y001", 1, at=NINE), 1)
    assert first is not None
    assert first.fresh
    ticking.now += 300  # five minutes offline; the catch-up brings calls made meanwhile
    old = model.apply("call", event("call", "Y002", 2, at=NINE + timedelta(seconds=30)), 2)
    recent = model.apply("call", event("call", "Y003", 3, at=NINE + timedelta(seconds=280)), 3)
    assert old is not None
    assert not old.fresh
    assert recent is not None
    assert recent.fresh
    assert win(model, 2).ticket_number == "Y002"  # shown all the same


def test_the_server_time_estimate_ignores_the_board_wall_clock() -> None:
    """The server's clock may be years off the board's (the tests pin it): only the times
    the server sent count."""
    ticking = Ticking()
    model, _ = model_with_hall(max_age_seconds=5, monotonic=ticking)
    long_ago = datetime(2001, 1, 1, tzinfo=UTC)

    def fresh(kind: str, seq: int) -> bool:
        call = model.apply(kind, event(kind, "Y001", 1, at=long_ago), seq)
        assert call is not None
        return call.fresh

    assert fresh("call", 1)
    ticking.now += 2
    assert fresh("recall", 2)
    ticking.now += 10
    assert not fresh("recall", 3)


@pytest.mark.parametrize(
    ("number", "spoken"),
    [("A012", "A零一二"), ("Y001", "Y零零一"), ("S100", "S一零零"), ("Q0", "Q零")],
)
def test_numbers_are_read_digit_by_digit(number: str, spoken: str) -> None:
    assert spoken_digits(number) == spoken


@pytest.mark.parametrize(
    ("window", "spoken"),
    [(1, "一"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"),
     (110, "一百一十"), (999, "九百九十九")],
)  # fmt: skip
def test_windows_are_read_as_numbers(window: int, spoken: str) -> None:
    assert spoken_cardinal(window) == spoken


def test_the_announcement_text() -> None:
    call = Call("A012", 3, NINE)
    assert announcement_text(call) == "请A012号到3号窗口办理"
    assert spoken_text(call) == "请A零一二号到三号窗口办理。请A零一二号到三号窗口办理。"
    assert spoken_text(call, repeats=1) == "请A零一二号到三号窗口办理。"
