"""The manager dashboard application: ``onewindow manager --server URL``.

`main(argv)` logs in as a manager (the password from ``ONEWINDOW_MANAGER_PASSWORD`` or asked on
the terminal, before any window exists), reads the hall's layout, and shows the dashboard.
`build_dashboard(...)` assembles the window from a logged-in `ApiClient`; the tests, the
screenshots and the benchmark use it.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer

from hallui.bootstrap import create_application
from hallui.sync_bridge import SyncBridge
from manager.api import ManagerApi
from manager.controller import DashboardController
from manager.model.figures import CasesBoard
from manager.model.layout import HallLayout
from manager.model.live import LiveHall
from manager.model.ratings import RatingsBook
from manager.screens.cases import CasesScreen
from manager.screens.config import ConfigScreen
from manager.screens.live import LiveScreen
from manager.screens.ratings import RatingsScreen
from manager.screens.reports import ReportsScreen
from manager.window import DashboardWindow
from server_sync import ApiClient, EventFeed, LoginError, Ok, Store, SyncError, make_session
from server_sync.endpoints import ME

__all__ = ["build_dashboard", "main"]

log = logging.getLogger("onewindow.manager")

MANAGER_ROLES = frozenset({"manager", "admin"})


def build_dashboard(
    client: ApiClient,
    *,
    state_dir: Path,
    follow_wall_clock: bool = True,
    figures_interval_ms: int = 2000,
) -> DashboardWindow:
    """The dashboard over `client` (logged in); the feed keeps its cursor in `state_dir`.
    Nothing runs until `window.start()`."""
    api = ManagerApi(client)
    layout = HallLayout.from_json(api.hall())
    live = LiveHall(layout, follow_wall_clock=follow_wall_clock)
    ratings = RatingsBook(time_zone=layout.time_zone)
    cases = CasesBoard()
    # The feed has its own HTTP session: requests' Session is not shared across threads.
    feed_client = ApiClient(client.base_url, make_session(), token=client.token)
    feed = EventFeed(Store(state_dir / "manager-feed.sqlite3"), feed_client)
    bridge = SyncBridge(feed=feed)
    controller = DashboardController(
        api, live, ratings, bridge, cases=cases, figures_interval_ms=figures_interval_ms
    )
    live_screen = LiveScreen(live)
    live_screen.answer = lambda call_id: controller.run(
        lambda: api.answer_help_call(call_id), lambda _body: None
    )
    screens = [
        live_screen,
        CasesScreen(cases),
        RatingsScreen(ratings, controller),
        ConfigScreen(controller),
        ReportsScreen(controller),
    ]
    window = DashboardWindow(controller, screens)
    bridge.setParent(window)
    return window


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="onewindow manager", description="一窗通 大厅管理")
    parser.add_argument("--server", required=True, help="大厅服务器地址，如 http://10.0.0.2:8000")
    parser.add_argument("--hall", default="busy-hall", help="大厅编号")
    parser.add_argument("--user", default="manager", help="管理员用户名")
    parser.add_argument("--log-dir", type=Path, default=None)
    parser.add_argument("--quit-after-ms", type=int, default=0, help="若干毫秒后退出（冒烟测试用）")
    return parser


def login(server: str, hall: str, user: str, password: str) -> ApiClient:
    """A logged-in client, or `LoginError` with the server's message (also for a clerk)."""
    client = ApiClient(server)
    client.login(hall, user, password)
    me = client.get(ME)
    role = me.body.get("role") if isinstance(me, Ok) and isinstance(me.body, dict) else None
    if role not in MANAGER_ROLES:
        raise LoginError(
            SyncError("not_manager", "该账号不是大厅管理员", "this account is not a manager")
        )
    return client


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    password = os.environ.get("ONEWINDOW_MANAGER_PASSWORD") or getpass.getpass("密码：")
    try:
        client = login(args.server, args.hall, args.user, password)
    except LoginError as exc:
        print(f"登录失败：{exc.error.message_zh}", file=sys.stderr)  # noqa: T201 - the CLI's answer
        return 1
    app = create_application("manager", log_dir=args.log_dir, base_point_size=11.0)
    state_dir = Path(tempfile.mkdtemp(prefix="onewindow-manager-"))
    window = build_dashboard(client, state_dir=state_dir)
    window.resize(1440, 900)
    window.show()
    window.start()
    if args.quit_after_ms:
        QTimer.singleShot(args.quit_after_ms, window.close)
    try:
        return app.exec()
    finally:
        window.shutdown()
        shutil.rmtree(state_dir, ignore_errors=True)
