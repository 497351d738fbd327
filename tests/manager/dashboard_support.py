"""The dashboard under test against a real server, and the figures the tests compute on their own
from the server's rows (`GET /tickets`, `/snapshot`, `/hall`, `/ratings`) to compare with it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from manager.app import build_dashboard, login
from manager.window import DashboardWindow
from tests.live_server import HALL_ID, free_port
from tests.manager.hall_day import ClockedServer

MANAGER = ("leader", "manager-pass-1")
ZONE = ZoneInfo("Asia/Shanghai")


def start_server(folder: Path) -> ClockedServer:
    server = ClockedServer(folder / "hall.sqlite3", free_port(), folder / "server.log")
    server.start()
    server.enrol()
    server.admin(
        "POST",
        "/users",
        {"username": MANAGER[0], "display_name": "王主任", "password": MANAGER[1],
         "role": "manager"},
        key="make-manager",
    )  # fmt: skip
    return server


@pytest.fixture
def make_dashboard(
    qtbot: QtBot, tmp_path: Path
) -> Iterator[Callable[[ClockedServer], DashboardWindow]]:
    built: list[DashboardWindow] = []

    def make(server: ClockedServer) -> DashboardWindow:
        client = login(server.base_url, HALL_ID, *MANAGER)
        state = tmp_path / f"dashboard-{len(built)}"
        state.mkdir()
        window = build_dashboard(
            client, state_dir=state, follow_wall_clock=False, figures_interval_ms=200
        )
        qtbot.addWidget(window)
        window.resize(1440, 900)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        built.append(window)
        return window

    yield make
    for window in built:
        window.shutdown()


def caught_up(window: DashboardWindow, server: ClockedServer) -> Callable[[], None]:
    """For `qtbot.waitUntil`: the dashboard has applied every event the server has."""
    seq = server.call("admin", "GET", "/snapshot")["seq"]

    def check() -> None:
        assert window.controller.live.last_seq >= seq
        assert not window.controller._loading

    return check


# --- figures computed from the server's rows ----------------------------------------------


def minutes_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes}分钟" if minutes < 60 else f"{minutes // 60}小时{minutes % 60:02d}分"


def table_rows(table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def expected_queues(server: ClockedServer, now: datetime) -> dict[str, tuple[int, str]]:
    """Per queue name: (waiting, longest wait text) from today's ticket rows."""
    hall = server.call("admin", "GET", "/hall")
    tickets = server.call("admin", "GET", "/tickets?limit=5000")
    result = {}
    for queue in hall["queues"]:
        waiting = [t for t in tickets if t["queue"] == queue["code"] and t["state"] == "waiting"]
        longest = (
            max((now - datetime.fromisoformat(t["taken_at"])).total_seconds() for t in waiting)
            if waiting
            else None
        )
        result[queue["name_zh"]] = (len(waiting), "—" if longest is None else minutes_text(longest))
    return result


def expected_windows(server: ClockedServer) -> dict[str, tuple[str, str, str, str]]:
    """Per window name: (state, current ticket, served today, idle-while-waiting note)."""
    hall = server.call("admin", "GET", "/hall")
    snapshot = server.call("admin", "GET", "/snapshot")
    tickets = server.call("admin", "GET", "/tickets?limit=5000")
    served = Counter(t["window"] for t in tickets if t["state"] == "done")
    waiting = Counter(t["queue"] for t in tickets if t["state"] == "waiting")
    serves = {w["number"]: w["serves"] for w in hall["windows"]}
    result = {}
    for window in snapshot["windows"]:
        idle_flag = window["state"] == "idle" and any(
            weight > 0 and waiting[q] for q, weight in serves[window["number"]].items()
        )
        result[window["name_zh"]] = (
            window["state_zh"],
            window["ticket_number"] or "—",
            str(served[window["number"]]),
            "空闲但有人等候" if idle_flag else "",
        )
    return result


def expected_hours(server: ClockedServer) -> dict[int, tuple[int, float | None]]:
    """Per local hour of the take: arrivals, and the mean wait (take → current call) of those
    called (a re-queued no-show has no call on its row any more)."""
    tickets = server.call("admin", "GET", "/tickets?limit=5000")
    arrivals: Counter[int] = Counter()
    waits: dict[int, list[float]] = {}
    for t in tickets:
        taken = datetime.fromisoformat(t["taken_at"])
        hour = taken.astimezone(ZONE).hour
        arrivals[hour] += 1
        if t["called_at"] is not None:
            waits.setdefault(hour, []).append(
                (datetime.fromisoformat(t["called_at"]) - taken).total_seconds()
            )
    return {
        h: (arrivals[h], sum(waits[h]) / len(waits[h]) if h in waits else None) for h in arrivals
    }
