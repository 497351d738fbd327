"""The 好差评, configuration, reports and cases screens against a real server after a simulated
morning: what they show equals what the server's rows say, and what they send the server does."""

from __future__ import annotations

import csv
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.exceptions import TimeoutError as WaitTimedOut
from pytestqt.qtbot import QtBot

from manager.model.names import theme_name
from manager.screens.cases import CasesScreen
from manager.screens.config import ConfigScreen
from manager.screens.live import LiveScreen
from manager.screens.ratings import RatingsScreen
from manager.screens.reports import ReportsScreen
from manager.window import DashboardWindow
from tests.manager.dashboard_support import caught_up, make_dashboard, start_server, table_rows
from tests.manager.hall_day import ClockedServer, drive_morning, rate_and_call_for_help

__all__ = ["make_dashboard"]


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


WAIT_MS = 30_000


@pytest.fixture(scope="module")
def morning(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClockedServer]:
    server = start_server(tmp_path_factory.mktemp("morning"))
    try:
        drive_morning(server)
        rate_and_call_for_help(server)
        yield server
    finally:
        server.kill()


@pytest.fixture
def dashboard(
    qtbot: QtBot, morning: ClockedServer, make_dashboard: Callable[[ClockedServer], DashboardWindow]
) -> DashboardWindow:
    window = make_dashboard(morning)
    qtbot.waitUntil(caught_up(window, morning), timeout=WAIT_MS)
    return window


def test_ratings_by_window_and_the_bad_review_loop(
    qtbot: QtBot, morning: ClockedServer, dashboard: DashboardWindow
) -> None:
    screen = dashboard.show_screen("RatingsScreen")
    assert isinstance(screen, RatingsScreen)
    ratings = morning.call("admin", "GET", "/ratings?limit=1000")
    qtbot.waitUntil(lambda: screen.bad_table.rowCount() == sum(r["level"] <= 2 for r in ratings))
    by_window = Counter(r["window"] for r in ratings)
    bad_by_window = Counter(r["window"] for r in ratings if r["level"] <= 2)
    shown = {row[0]: (int(row[1]), int(row[3])) for row in table_rows(screen.tables["window"])}
    assert shown == {f"{w}号窗口": (n, bad_by_window[w]) for w, n in by_window.items()}

    # The help call and the open 差评 are alerts on the live screen.
    live = dashboard.screens["LiveScreen"]
    assert isinstance(live, LiveScreen)
    qtbot.waitUntil(lambda: any("1号自助终端 呼叫帮办" in a for a in live.alert_texts()))
    bad = [r for r in ratings if r["level"] <= 2]
    assert all(any(f"差评待跟进：{r['number']}号" in a for a in live.alert_texts()) for r in bad)

    # 指派: select the 差评, choose the step, name the assignee, write the note, record.
    target = bad[0]
    row = next(i for i, r in enumerate(table_rows(screen.bad_table)) if r[0] == target["number"])
    screen.bad_table.selectRow(row)
    assert screen.step.currentData() == "assign"
    screen.note.setText("请窗口负责人当天回访")
    screen.record.click()
    qtbot.waitUntil(lambda: "指派须填写承办人" in dashboard.error.text())
    screen.assignee.setText("李科长")
    screen.record.click()

    def assigned() -> None:
        rows = morning.call("admin", "GET", "/ratings?bad_only=true")
        loop = next(r for r in rows if r["id"] == target["id"])["loop"]
        assert (loop["state"], loop["assignee"]) == ("assigned", "李科长")
        shown = next(r for r in table_rows(screen.bad_table) if r[0] == target["number"])
        assert shown[4:6] == ["已指派", "李科长"]

    qtbot.waitUntil(assigned, timeout=WAIT_MS)


def test_configuration_edited_saved_and_applied_live(
    qtbot: QtBot, morning: ClockedServer, dashboard: DashboardWindow
) -> None:
    screen = dashboard.show_screen("ConfigScreen")
    assert isinstance(screen, ConfigScreen)
    screen.load()
    qtbot.waitUntil(lambda: screen.weights.rowCount() == 12, timeout=WAIT_MS)
    before = morning.call("admin", "GET", "/hall/config/audit")

    # A form error is refused in Chinese, and the form keeps its value.
    column = screen.form.queue_codes.index("one_thing")
    cell(screen.weights, 0, column).setText("很多")
    assert "1号窗口的“one_thing”权重须为 0–100 的整数" in dashboard.error.text()
    assert cell(screen.weights, 0, column).text() == "2"

    # Window 1 weighs 一件事 3 instead of 2; 8:30–12:00 becomes 8:00–12:00.
    cell(screen.weights, 0, column).setText("3")
    screen.sessions.setText("08:00-12:00，13:00-17:30")
    screen.save_button.click()
    try:
        # A bound, not a timing: the dashboard's worker may first finish the figures it polls.
        qtbot.waitUntil(lambda: "已保存" in screen.state.text(), timeout=2 * WAIT_MS)
    except WaitTimedOut as exc:
        raise AssertionError(
            f"not saved: state {screen.state.text()!r}, error {dashboard.error.text()!r}"
        ) from exc
    hall = morning.call("admin", "GET", "/hall")
    assert hall["windows"][0]["serves"]["one_thing"] == 3
    assert hall["sessions"][0] == "08:00-12:00"
    after = morning.call("admin", "GET", "/hall/config/audit")
    assert len(after) == len(before) + 1

    # A rule only the server knows: a window serving nothing. Its message is shown as it is.
    screen.load()
    qtbot.waitUntil(lambda: not screen.form.dirty and screen.weights.rowCount() == 12)
    row = 11  # 12号咨询窗口 serves 咨询 (1) and 取件 (0)
    for queue in ("consult", "pickup"):
        cell(screen.weights, row, screen.form.queue_codes.index(queue)).setText("")
    document = screen.form.to_document()
    version = screen.form.version
    direct = requests.put(
        f"{morning.base_url}/api/v1/hall/config",
        json=document,
        headers={
            "Authorization": f"Bearer {morning.tokens['admin']}",
            "Idempotency-Key": "direct-check",
            "If-Match": version or "",
        },
        timeout=10,
    )
    assert direct.status_code in (400, 422)
    message = direct.json()["message_zh"]
    screen.save_button.click()
    qtbot.waitUntil(lambda: dashboard.error.text() == message, timeout=WAIT_MS)
    assert dashboard.error.isVisible()


def test_report_for_the_day_and_its_exports(
    qtbot: QtBot, morning: ClockedServer, dashboard: DashboardWindow, tmp_path: Path
) -> None:
    screen = dashboard.show_screen("ReportsScreen")
    assert isinstance(screen, ReportsScreen)
    screen.first.setDate(QDate(2024, 5, 6))
    screen.last.setDate(QDate(2024, 5, 6))
    screen.make.click()
    qtbot.waitUntil(lambda: screen.report is not None, timeout=WAIT_MS)
    report = screen.report
    assert report is not None
    tickets = morning.call("admin", "GET", "/tickets?limit=5000")
    summary = {row[0]: row[1] for row in report.table("总体").rows}
    assert summary["取号总数"] == str(len(tickets))
    assert summary["已办结"] == str(sum(t["state"] == "done" for t in tickets))
    by_theme = {name: int(count) for name, count, _share in report.table("按主题取号").rows}
    assert by_theme == {theme_name(t): n for t, n in Counter(t["theme"] for t in tickets).items()}

    screen.folder.setText(str(tmp_path))
    for kind in ("csv", "xlsx", "pdf"):
        screen.buttons[kind].click()
        suffix = f".{kind}"
        qtbot.waitUntil(lambda: screen.result.text().endswith(suffix), timeout=WAIT_MS)  # noqa: B023
    stem = tmp_path / "大厅报表_20240506-20240506"
    raw = (stem.with_suffix(".csv")).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ["取号总数", str(len(tickets))] in rows
    sheet = load_workbook(stem.with_suffix(".xlsx")).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["取号总数", len(tickets)] in [v[:2] for v in values]
    text = subprocess.run(
        ["pdftotext", "-layout", str(stem.with_suffix(".pdf")), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "示例县政务服务中心 运行报表" in text
    assert f"取号总数 {len(tickets)}" in " ".join(text.split())


def test_cases_screen_shows_the_servers_case_figures(
    qtbot: QtBot, morning: ClockedServer, dashboard: DashboardWindow
) -> None:
    screen = dashboard.show_screen("CasesScreen")
    assert isinstance(screen, CasesScreen)
    cases = screen.cases
    qtbot.waitUntil(lambda: cases.available, timeout=WAIT_MS)
    figures = morning.call("admin", "GET", "/figures/live")["cases"]
    risks = ("overdue", "due_soon", "deemed_risk")
    assert len(cases.at_risk) == sum(len(figures[k]) for k in risks)
    assert screen.risk_table.rowCount() == len(cases.at_risk)
    assert "数据来自服务器" in screen.note.text()
