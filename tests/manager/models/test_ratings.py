"""`RatingsBook`: 好差评 by window (counted from the ratings), by theme and clerk (the report's
groups), and the 差评 follow-up loop: which 差评 come first, their deadlines and the alerts they
raise. Rows are in the server's shape (`RatingWithLoopOut`); the deadlines are the server's
(N working days after the rating's business day), written out by hand here: rated on Monday
6 May 2024 with 5 working days → Monday 13 May."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hall_server.rating_loops import STATE_LABELS, STEP_LABELS, STEPS
from manager.model.live import Alert
from manager.model.ratings import NEXT_STEPS, STEP_ZH, GroupRow, RatingsBook

ZONE = ZoneInfo("Asia/Shanghai")


def loop(state: str, due_on: str, *, overdue: bool = False, assignee: str | None = None) -> Any:
    return {
        "rating_id": 0,
        "state": state,
        "state_zh": STATE_LABELS[state],
        "assignee": assignee,
        "due_on": due_on,
        "overdue": overdue,
        "opened_at": "2024-05-06T10:00:00+08:00",
        "closed_at": "2024-05-09T10:00:00+08:00" if state == "closed" else None,
    }


def rating(
    rating_id: int, number: str, window: int | None, level: int, *, loop_: Any = None
) -> dict[str, Any]:
    return {
        "id": rating_id,
        "ticket_id": f"20240506-{number}",
        "number": number,
        "window": window,
        "level": level,
        "label_zh": "",
        "bad": level <= 2,
        "reason": "等候太久" if level <= 2 else None,
        "created_at": f"2024-05-06T{9 + rating_id:02d}:00:00+08:00",
        "follow_ups": [],
        "loop": loop_,
    }


ROWS = [
    rating(1, "S001", 2, 5),
    rating(2, "S002", 2, 1, loop_=loop("open", "2024-05-13")),
    rating(3, "Y001", 1, 2, loop_=loop("assigned", "2024-05-10", overdue=True, assignee="李科长")),
    rating(4, "Q001", None, 4),
    rating(5, "Y002", 1, 2, loop_=loop("closed", "2024-05-08")),
    rating(6, "Y003", 1, 3),
    rating(7, "E001", None, 1, loop_=loop("verified", "2024-05-13", assignee="王")),
]


def book() -> RatingsBook:
    ratings = RatingsBook(time_zone=ZONE)
    ratings.load(ROWS)
    return ratings


def test_by_window_is_counted_from_the_ratings() -> None:
    # Window 1: levels 2, 2, 3 (two 差评); window 2: 5, 1 (one); no window: 4, 1 (one), last.
    assert book().by_window() == [
        GroupRow("1号窗口", 3, 7 / 3, 2),
        GroupRow("2号窗口", 2, 3.0, 1),
        GroupRow("未知窗口", 2, 2.5, 1),
    ]
    assert [round(g.bad_share, 3) for g in book().by_window()] == [0.667, 0.5, 0.5]
    assert GroupRow("空", 0, 0.0, 0).bad_share == 0.0


def test_level_counts() -> None:
    assert book().level_counts() == {5: 1, 4: 1, 3: 1, 2: 2, 1: 2}


def test_the_reports_groups_by_theme_and_clerk() -> None:
    ratings = RatingsBook(time_zone=ZONE)
    seen: list[None] = []
    ratings.subscribe("changed", lambda: seen.append(None))
    groups = {
        "by_window": [{"key": "1", "count": 3, "mean": 2.33, "bad": 2}],
        "by_theme": [
            {"key": "birth", "count": 2, "mean": 2.0, "bad": 2},
            {"key": "social_insurance", "count": 2, "mean": 3.0, "bad": 1},
        ],
        "by_clerk": [{"key": "张三", "count": 4, "mean": 2.5, "bad": 2}],
    }
    ratings.load(ROWS, groups)
    assert ratings.by_theme() == [
        GroupRow("birth", 2, 2.0, 2),
        GroupRow("social_insurance", 2, 3.0, 1),
    ]
    assert ratings.by_clerk() == [GroupRow("张三", 4, 2.5, 2)]
    # Ratings reloaded without a report (it failed): the groups stay as they were.
    ratings.load(ROWS[:1])
    assert ratings.by_clerk() == [GroupRow("张三", 4, 2.5, 2)]
    assert ratings.by_window() == [GroupRow("2号窗口", 1, 5.0, 0)]
    assert seen == [None, None]
    # A report without a part: that part is empty.
    ratings.load(ROWS, {"by_theme": None})
    assert (ratings.by_theme(), ratings.by_clerk()) == ([], [])


def test_bad_reviews_overdue_first_then_by_deadline_closed_last() -> None:
    reviews = book().bad_reviews()
    # Open: Y001 (overdue, due 10 May), then S002 and E001 (both due 13 May: by rating id);
    # closed last: Y002.
    assert [(r.number, r.state, r.due_on, r.overdue) for r in reviews] == [
        ("Y001", "assigned", date(2024, 5, 10), True),
        ("S002", "open", date(2024, 5, 13), False),
        ("E001", "verified", date(2024, 5, 13), False),
        ("Y002", "closed", date(2024, 5, 8), False),
    ]
    first = reviews[0]
    assert (first.rating_id, first.window, first.level, first.reason, first.assignee) == (
        3,
        1,
        2,
        "等候太久",
        "李科长",
    )
    assert first.rated_at == datetime(2024, 5, 6, 12, tzinfo=ZONE)
    assert [r.next_steps for r in reviews] == [
        ("call_back", "assign"),
        ("assign",),
        ("rectify", "close"),
        (),
    ]


def test_a_bad_rating_without_a_loop_is_not_a_review() -> None:
    """A 差评 the server gives no loop for (before the loop existed) is counted, not followed."""
    ratings = RatingsBook(time_zone=ZONE)
    ratings.load([rating(9, "S009", 2, 1)])
    assert ratings.bad_reviews() == []
    assert ratings.by_window() == [GroupRow("2号窗口", 1, 1.0, 1)]


def test_open_bad_reviews_are_alerts_critical_when_overdue() -> None:
    assert book().alerts() == [
        Alert(
            "bad_rating:3",
            "bad_rating",
            "critical",
            "差评待跟进：Y001号（1号窗口），已指派，已超期",
        ),
        Alert(
            "bad_rating:2",
            "bad_rating",
            "warning",
            "差评待跟进：S002号（2号窗口），待指派，05月13日前办结",
        ),
        Alert(
            "bad_rating:7",
            "bad_rating",
            "warning",
            "差评待跟进：E001号（窗口未知），已核实，05月13日前办结",
        ),
    ]


@pytest.mark.parametrize("state", list(NEXT_STEPS))
def test_the_next_steps_are_the_servers(state: str) -> None:
    """The steps the screen offers in each state are those the server takes (its `STEPS`)."""
    allowed = {step for step, (after, _) in STEPS.items() if state in after}
    assert set(NEXT_STEPS[state]) == allowed


def test_step_names_are_the_servers() -> None:
    assert STEP_ZH == STEP_LABELS
    assert set(NEXT_STEPS) == set(STATE_LABELS)
