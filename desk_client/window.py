"""The desk window: the login screen, then — for a clerk — the queue panel beside the case
workspace, or — for a department user — the department view; the sync state in the status bar.

Logging in, reading the hall and every later server call run on the worker (`BackgroundRunner`,
one thread: the store's writes and the calls keep the clerk's order); the live feed and the
outbox run on their own threads behind `SyncBridge`, whose signals arrive on the UI thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QWidget

from desk_client.model.case import CaseModel
from desk_client.model.context import DeskContext, StaffUser, server_error
from desk_client.model.queue_panel import QueuePanelModel
from desk_client.screens.case_workspace import CaseWorkspace
from desk_client.screens.login import LoginScreen
from desk_client.screens.queue_panel import QueuePanel
from desk_client.style import DESK_QSS
from hallcore.catalog import Catalog
from hallui.dialogs import DialogService
from hallui.qt_bridge import BackgroundRunner
from hallui.sync_bridge import SyncBridge
from hallui.sync_indicator import SyncIndicator
from hallui.widgets import label
from server_sync import ApiClient, EventFeed, LoginError, Sender, Store, endpoints, make_session

__all__ = ["DeskOptions", "DeskWindow"]

log = logging.getLogger("onewindow.desk")

#: How long closing waits for queued store writes and server calls before cancelling them.
SHUTDOWN_DRAIN_SECONDS = 5.0


@dataclass
class DeskOptions:
    server: str
    store_path: Path
    hall_id: str = "busy-hall"
    notice_dir: Path | None = None
    notice_printer: str = ""
    materials: dict[str, Any] = field(default_factory=dict)  # scanner / file picker for tests


@dataclass
class _LoggedIn:
    client: ApiClient
    me: dict[str, Any]
    hall: dict[str, Any]


class DeskWindow(QMainWindow):
    def __init__(
        self,
        options: DeskOptions,
        catalog: Catalog,
        dialogs: DialogService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.options = options
        self.catalog = catalog
        self.dialogs = dialogs
        self.setWindowTitle("一窗通 综合窗口")
        self.setStyleSheet(DESK_QSS)
        self.runner = BackgroundRunner(self)
        self.store = Store(options.store_path)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.login_screen = LoginScreen(options.server)
        self.login_screen.login_requested.connect(self.login)
        self.stack.addWidget(self.login_screen)
        self.indicator = SyncIndicator(headline_role="sync_state", detail_role="sync_detail")
        self.statusBar().addPermanentWidget(self.indicator)
        self.bridge: SyncBridge | None = None
        self.ctx: DeskContext | None = None
        self.queue: QueuePanelModel | None = None
        self.case: CaseModel | None = None
        self.queue_panel: QueuePanel | None = None
        self.workspace: CaseWorkspace | None = None
        self.department_view: QWidget | None = None
        self.department_model: Any = None  # the department view's model, for a dept user
        self._closed = False

    # --- login ---------------------------------------------------------------------------

    def login(self, username: str, password: str, window: int) -> None:
        opts = self.options

        def work() -> _LoggedIn:
            client = ApiClient(opts.server, make_session())
            client.login(opts.hall_id, username, password)
            return _LoggedIn(client, _get(client, endpoints.ME), _get(client, endpoints.HALL))

        def failed(error: BaseException) -> None:
            if isinstance(error, LoginError):
                self.login_screen.show_error(f"登录失败：{error.error.message_zh}")
            else:
                self.login_screen.show_error(f"登录失败：{server_error(error)}")

        self.runner.run(work, lambda done: self._logged_in(done, username, window), failed)

    def _logged_in(self, done: _LoggedIn, username: str, window: int) -> None:
        me = done.me
        user = StaffUser(
            username,
            me["role"],
            me["actor"],
            frozenset(me.get("permissions", [])),
            display_name=str(me.get("display_name") or ""),
            department=str(me.get("department") or ""),
        )
        numbers = [w["number"] for w in done.hall.get("windows", [])]
        if user.role == "clerk" and window not in numbers:
            self.login_screen.show_error(f"本大厅没有 {window} 号窗口。")
            return
        sender_client = ApiClient(self.options.server, make_session(), token=done.client.token)
        feed_client = ApiClient(self.options.server, make_session(), token=done.client.token)
        sender = Sender(self.store, sender_client)
        feed = EventFeed(Store(self.options.store_path), feed_client)
        self.ctx = DeskContext(
            store=self.store,
            client=done.client,
            sender=sender,
            run=self._run,
            catalog=self.catalog,
            user=user,
            hall=done.hall,
            window=window,
            notice_dir=self.options.notice_dir,
            notice_printer=self.options.notice_printer,
        )
        self.bridge = SyncBridge(feed=feed, sender=sender, parent=self)
        self.bridge.status_changed.connect(self.indicator.show_status)
        if user.role == "dept":
            self._show_department(done)
        else:
            self._show_desk()
        self.bridge.start()

    def _show_desk(self) -> None:
        ctx, bridge = self.ctx, self.bridge
        assert ctx is not None
        assert bridge is not None
        self.queue = QueuePanelModel(ctx)
        self.case = CaseModel(ctx)
        queue = self.queue
        self.case.current_ticket = lambda: queue.current
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(4, 4, 4, 4)
        self.queue_panel = QueuePanel(self.queue, self.dialogs)
        self.workspace = CaseWorkspace(self.case, self.dialogs, **self.options.materials)
        row.addWidget(self.queue_panel)
        row.addWidget(self.workspace, 1)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.queue_panel.ticket_called.connect(self._ticket_called)
        bridge.event_received.connect(self.queue.apply_event)
        bridge.event_received.connect(self.case.apply_event)
        bridge.snapshot_replaced.connect(self._snapshot_replaced)
        bridge.command_sent.connect(self.case.on_command_done)
        bridge.command_rejected.connect(self.case.on_command_done)
        bridge.command_rejected.connect(self._rejected)
        self.statusBar().showMessage(f"{ctx.user.signature} 已登录 {ctx.window_name}")
        self.queue.refresh()
        self.workspace.offer_open_drafts()

    def _show_department(self, done: _LoggedIn) -> None:
        ctx = self.ctx
        assert ctx is not None
        try:
            from desk_client.department.model import DepartmentModel
            from desk_client.department.view import DepartmentView
        except ImportError:  # the department view is built separately
            self.stack.addWidget(label("部门视图尚未安装。", "title"))
            return
        own = ctx.user.department
        if own:  # the department the hall gave this user (GET /me)
            name = self.catalog.departments[own].name if own in self.catalog.departments else own
            departments = [(own, name)]
        else:  # a department user created before departments were recorded: every one
            departments = [(code, d.name) for code, d in self.catalog.departments.items()]
        model = DepartmentModel(done.client, self.runner.run, departments, own or None)
        self.department_model = model
        self.department_view = DepartmentView(model)
        self.stack.addWidget(self.department_view)
        self.stack.setCurrentWidget(self.department_view)

    def _snapshot_replaced(self, _snapshot: object) -> None:
        if self.queue is not None:
            self.queue.refresh()

    def _ticket_called(self, ticket: dict[str, Any]) -> None:
        """A new case for the called ticket; or — the clerk says the applicant is back for the
        open case — that case goes on under the new ticket (shown, and linked on the server)."""
        if self.case is None:
            return
        open_case = self.case.draft is not None and not self.case.draft.get("closed")
        if open_case and not self.dialogs.confirm(
            "新叫号",
            f"已叫 {ticket['number']} 号。当前办件保存在本机，是否为新号新建办件？"
            "（选“否”：继续当前办件，并关联到新号）",
        ):
            self.case.attach_ticket(ticket)
            return
        self.case.start(ticket)

    def _rejected(self, entry: Any) -> None:
        self.statusBar().showMessage(f"服务器拒绝：{entry.error_zh or entry.kind}", 15000)

    def _run(self, work: Any, on_done: Any, on_error: Any = None) -> Any:
        if self._closed:  # late feed events after closing: nothing more to do
            return None
        return self.runner.run(work, on_done, on_error)

    # --- closing -------------------------------------------------------------------------

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.bridge is not None:
            self.bridge.stop()
        # Let the queued work finish (the last draft saves are among it: nothing lost), for a
        # bounded time; what is still queued after that is cancelled.
        deadline = time.monotonic() + SHUTDOWN_DRAIN_SECONDS
        while self.runner.busy and time.monotonic() < deadline:
            time.sleep(0.02)
        self.runner.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _get(client: ApiClient, path: str) -> Any:
    from server_sync import Ok

    outcome = client.get(path)
    if isinstance(outcome, Ok):
        return outcome.body
    raise LoginError(outcome.error)
