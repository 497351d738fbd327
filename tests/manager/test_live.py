"""The live hall screen against a real server that a simulated morning drives (three clock steps,
the server restarted between them): the figures on screen equal those computed here from the
server's own rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from manager.screens.live import LiveScreen
from manager.window import DashboardWindow
from tests.manager.dashboard_support import (
    caught_up,
    expected_hours,
    expected_queues,
    expected_windows,
    make_dashboard,
    start_server,
    table_rows,
)
from tests.manager.hall_day import ClockedServer, at, drive_morning

__all__ = ["make_dashboard"]

WAIT_MS = 90_000  # a restart of the server, then the feed's back-off


def test_live_screen_follows_a_simulated_morning(
    qtbot: QtBot, tmp_path: Path, make_dashboard: Callable[[ClockedServer], DashboardWindow]
) -> None:
    server = start_server(tmp_path)
    try:
        window = make_dashboard(server)
        live = window.screens["LiveScreen"]
        assert isinstance(live, LiveScreen)
        drive_morning(server, lambda: qtbot.waitUntil(caught_up(window, server), timeout=WAIT_MS))
        qtbot.waitUntil(
            lambda: live.live.now() == datetime.fromisoformat(at("10:20")), timeout=5000
        )
        live.refresh()

        now = datetime.fromisoformat(at("10:20"))
        queues = expected_queues(server, now)
        shown = {row[0]: (int(row[1]), row[2]) for row in table_rows(live.queue_table)}
        assert shown == queues
        assert sum(w for w, _ in queues.values()) > 0

        windows = expected_windows(server)
        shown_windows = {row[0]: tuple(row[1:]) for row in table_rows(live.window_table)}
        assert shown_windows == windows
        assert any(flag for *_, flag in windows.values()), "the morning leaves an idle window"
        assert windows["9号不动产窗口"][0] == "暂停服务"

        # Arrivals by hour from the rows; the wait by hour (take → first call, which the rows do
        # not carry once a no-show is re-queued) from the server's own figures.
        hours = expected_hours(server)
        chart = {h.hour: (h.arrivals, h.mean_wait_seconds) for h in live.chart.hours if h.arrivals}
        assert {h: a for h, (a, _) in chart.items()} == {h: a for h, (a, _) in hours.items()}
        figures = server.call("admin", "GET", "/figures/live")["hours"]
        for hour in figures:
            if hour["arrivals"]:
                wait = hour["mean_wait_seconds"]
                mine = chart[hour["hour"]][1]
                assert (mine is None) if wait is None else abs(mine - wait) < 1e-6

        total_waiting = sum(w for w, _ in queues.values())
        assert live.cards["waiting"].value.text() == str(total_waiting)
        served = sum(int(v[2]) for v in windows.values())
        assert live.cards["served"].value.text() == str(served)

        # Targets broken: waits over 30 minutes, and window 7 serving for 40 minutes (> 20).
        alerts = live.alert_texts()
        over = [name for name, (n, text) in queues.items() if (n and "小时" in text)
                or (n and text != "—" and int(text.removesuffix("分钟") or 0) > 30)]  # fmt: skip
        for name in over:
            assert any(a.startswith(f"{name}：最长等待") for a in alerts), (name, alerts)
        assert any(a.startswith("7号企业窗口：") and "已办理 40 分钟" in a for a in alerts), alerts
    finally:
        server.kill()
