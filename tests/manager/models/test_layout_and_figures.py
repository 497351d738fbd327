"""`HallLayout` (read from `GET /hall`, here the server's response model for a hallcore
`HallConfig`) and the server's live figures folded into the models (`apply_live_figures`,
`CasesBoard`)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest

from manager.model.figures import CaseClockRow, CasesBoard, apply_live_figures
from manager.model.layout import HallLayout, QueueInfo, WindowInfo
from manager.model.live import Alert, QueueTarget, Targets
from tests.manager.models.small_hall import Hall, hall_json, small_hall


def test_the_layout_of_the_hall() -> None:
    layout = HallLayout.from_json(hall_json(small_hall()))
    assert (layout.hall_id, layout.name_zh, layout.time_zone) == (
        "small-hall",
        "小厅",
        ZoneInfo("Asia/Shanghai"),
    )
    assert layout.queues == (
        QueueInfo("social", "S", "社保医保"),
        QueueInfo("one_thing", "Y", "一件事"),
        QueueInfo("property", "YB", "不动产"),
    )
    assert layout.windows == (
        WindowInfo(1, "1号综合窗口", {"one_thing": 2, "social": 1}),
        WindowInfo(2, "2号社保窗口", {"social": 1, "one_thing": 0}),
        WindowInfo(3, "3号不动产窗口", {"property": 1}),
    )


@pytest.mark.parametrize(
    ("number", "queue"),
    [("S001", "social"), ("Y012", "one_thing"), ("YB003", "property"), ("Q001", None)],
)
def test_a_ticket_number_belongs_to_the_queue_of_its_longest_prefix(
    number: str, queue: str | None
) -> None:
    assert HallLayout.from_json(hall_json(small_hall())).queue_of_number(number) == queue


def test_names_and_windows_serving() -> None:
    layout = HallLayout.from_json(hall_json(small_hall()))
    assert layout.queue_name("property") == "不动产"
    assert layout.queue_name("gone") == "gone"
    assert layout.window_name(2) == "2号社保窗口"
    assert layout.window_name(9) == "9号窗口"
    # Window 2 takes 一件事 only as a fallback: not one of the windows that serve it.
    assert [w.number for w in layout.windows_serving("one_thing")] == [1]
    assert [w.number for w in layout.windows_serving("social")] == [1, 2]


def figures_body() -> dict[str, Any]:
    """`GET /figures/live`, the parts the dashboard reads."""
    clock = {"received_on": "2024-04-26", "due_on": "2024-05-06"}
    return {
        "queues": [
            {"code": "social", "estimated_wait_seconds": 540.0, "target_wait_seconds": 900,
             "target_length": 3},
            {"code": "one_thing", "estimated_wait_seconds": None, "target_wait_seconds": 1800,
             "target_length": 20},
        ],
        "alerts": [
            {"kind": "case_overdue", "message_zh": "办件 C-1 已超期 1 个工作日", "ref": "C-1"},
            {"kind": "longest_wait", "message_zh": "社保医保最长等候40分钟，超过目标15分钟"},
        ],
        "help_calls": [
            {"id": 4, "kiosk": "1号自助终端", "reason": "打印失败", "open": True},
            {"id": 5, "kiosk": "2号自助终端", "reason": None, "open": False},
        ],
        "cases": {
            "in_progress": [
                {"theme": "BIRTH", "state": "accepted", "state_zh": "已受理", "count": 2},
                {"theme": "BIRTH", "state": "received", "state_zh": "", "count": 1},
                {"theme": "STARTUP", "state": "dispatched", "state_zh": "已分办", "count": 4},
            ],
            "overdue": [{"case_id": "C-1", "theme": "BIRTH", "state": "accepted",
                         "working_days_left": -1, **clock}],
            "due_soon": [{"case_id": "C-2", "theme": "STARTUP", "state": "dispatched",
                          "working_days_left": 2, **clock}],
            "deemed_risk": [{"case_id": "C-3", "theme": "RETIRE", "state": "received",
                             "working_days_left": 1, **clock}],
            "due_soon_working_days": 2,
        },
    }  # fmt: skip


def test_the_servers_figures_replace_estimates_and_per_queue_targets() -> None:
    live = Hall().live()
    live.set_targets(Targets(25, 15, 12))
    cases = CasesBoard()
    apply_live_figures(live, figures_body(), cases)
    assert live.server_estimates == {"social": 540.0, "one_thing": None}
    # Per queue: the server's targets, in minutes; the hall's own stay as they were.
    assert live.targets == Targets(
        25, 15, 12, {"social": QueueTarget(15, 3), "one_thing": QueueTarget(30, 20)}
    )
    # An overdue case and the open help call are alerts; the server's own queue alerts are not
    # (the dashboard computes those), nor is the answered help call.
    assert live.alerts == [
        Alert("overdue_case:C-1", "overdue_case", "critical", "办件 C-1 已超期 1 个工作日"),
        Alert("help_call:4", "help_call", "critical", "1号自助终端 呼叫帮办：打印失败"),
    ]
    # The next figures without the case: its alert goes.
    body = figures_body()
    body["alerts"] = []
    apply_live_figures(live, body, cases)
    assert [a.key for a in live.alerts] == ["help_call:4"]


def test_the_cases_board() -> None:
    cases = CasesBoard()
    assert (cases.available, cases.due_soon_working_days) == (False, 3)
    changes: list[None] = []
    cases.subscribe("changed", lambda: changes.append(None))
    apply_live_figures(Hall().live(), figures_body(), cases)
    assert changes == [None]
    assert cases.available
    assert cases.due_soon_working_days == 2
    # By theme (the catalog's names) and state (its Chinese label, else the code).
    assert cases.in_progress == {
        "新生儿出生“一件事”": {"已受理": 2, "received": 1},
        "企业开办“一件事”": {"已分办": 4},
    }
    # Overdue first, then close to the legal deadline, then at risk of deemed acceptance.
    assert cases.at_risk == [
        CaseClockRow("C-1", "新生儿出生“一件事”", "accepted", "2024-04-26", "2024-05-06", -1,
                     "overdue"),
        CaseClockRow("C-2", "企业开办“一件事”", "dispatched", "2024-04-26", "2024-05-06", 2,
                     "due_soon"),
        CaseClockRow("C-3", "企业职工退休“一件事”", "received", "2024-04-26", "2024-05-06", 1,
                     "deemed_risk"),
    ]  # fmt: skip


def test_figures_without_cases_leave_the_board_alone() -> None:
    cases = CasesBoard()
    body = figures_body()
    del body["cases"]
    apply_live_figures(Hall().live(), body, cases)
    assert not cases.available
    assert cases.at_risk == []
    # An older server's figures: nothing but the queues.
    live = Hall().live()
    apply_live_figures(live, {"queues": [{"code": "social"}]})
    assert live.server_estimates == {"social": None}
    assert live.targets == Targets()
    assert live.alerts == []
