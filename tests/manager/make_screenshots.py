"""Screenshots of every dashboard screen for docs/manager/, against a real server driven through a
simulated morning (with ratings, a 差评 in its follow-up loop and a help call):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.manager.make_screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QApplication

from hallui.bootstrap import create_application
from manager.app import build_dashboard, login
from manager.screens.config import ConfigScreen
from manager.screens.reports import ReportsScreen
from tests.live_server import HALL_ID
from tests.manager.dashboard_support import MANAGER, start_server
from tests.manager.hall_day import drive_morning, rate_and_call_for_help

OUT = Path(__file__).resolve().parents[2] / "docs" / "manager"


def pump(seconds: float, until: object = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if callable(until) and until():
            return
        time.sleep(0.02)


def main() -> int:
    app = create_application("manager-screenshots", base_point_size=11.0)
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder))
        try:
            drive_morning(server)
            made = rate_and_call_for_help(server)
            bad = next(r for r in made if r["level"] <= 2)
            step = {"step": "assign", "note": "请窗口负责人回访", "assignee": "李科长"}
            server.call("admin", "POST", f"/ratings/{bad['id']}/loop", step)
            client = login(server.base_url, HALL_ID, *MANAGER)
            state = Path(folder) / "state"
            state.mkdir()
            window = build_dashboard(client, state_dir=state, follow_wall_clock=False)
            window.resize(1440, 900)
            window.show()
            window.start()
            seq = server.call("admin", "GET", "/snapshot")["seq"]
            pump(30, lambda: window.controller.live.last_seq >= seq)
            pump(1.5)
            config = window.screens["ConfigScreen"]
            assert isinstance(config, ConfigScreen)
            config.load()
            reports = window.screens["ReportsScreen"]
            assert isinstance(reports, ReportsScreen)
            reports.first.setDate(QDate(2024, 5, 6))
            reports.last.setDate(QDate(2024, 5, 6))
            reports.load_report()
            pump(3)
            for index, name in enumerate(("live", "cases", "ratings", "config", "reports")):
                window.tabs.setCurrentIndex(index)
                pump(0.4)
                window.grab().save(str(OUT / f"{index + 1}_{name}.png"))
            window.close()
            window.shutdown()
        finally:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
