"""The dashboard window: a header (the hall, the feed's state, the last error) over one tab per
screen. It owns the controller (feed + background work) and stops it when closed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from manager.controller import DashboardController
from manager.screens.common import Screen
from manager.style import stylesheet
from server_sync import SyncStatus

__all__ = ["DashboardWindow"]


class DashboardWindow(QWidget):
    def __init__(self, controller: DashboardController, screens: list[Screen]) -> None:
        super().__init__()
        self.setObjectName("DashboardWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(stylesheet())
        self.controller = controller
        controller.setParent(self)
        self.screens = {type(s).__name__: s for s in screens}

        header = QFrame()
        header.setProperty("role", "header")
        title = QLabel(f"{controller.live.layout.name_zh} · 大厅管理")
        title.setProperty("role", "header_title")
        self.status = QLabel("正在连接服务器…")
        self.status.setProperty("role", "header_status")
        self.status.setObjectName("sync_status")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(title, 1)
        row.addWidget(self.status)

        self.error = QLabel("")
        self.error.setProperty("role", "error")
        self.error.setObjectName("error_banner")
        self.error.setWordWrap(True)
        self.error.hide()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        for screen in screens:
            self.tabs.addTab(screen, screen.title)
        self.tabs.currentChanged.connect(lambda _i: self._current().refresh())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self.error)
        body = QVBoxLayout()
        body.setContentsMargins(10, 6, 10, 10)
        body.addWidget(self.tabs)
        layout.addLayout(body, 1)

        controller.bridge.status_changed.connect(self._show_status)
        controller.error.connect(self.show_error)
        controller.loaded.connect(self.error.hide)

    def _current(self) -> Screen:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def show_screen(self, name: str) -> Screen:
        screen = self.screens[name]
        self.tabs.setCurrentWidget(screen)
        return screen

    def _show_status(self, status: SyncStatus) -> None:
        if status.online:
            self.status.setText("● 实时连接正常")
        elif status.online is None:
            self.status.setText("正在连接服务器…")
        else:
            error = status.last_error.message_zh if status.last_error else "连接中断"
            self.status.setText(f"○ 离线：{error}")

    def show_error(self, message_zh: str) -> None:
        self.error.setText(message_zh)
        self.error.show()

    def start(self) -> None:
        self.controller.start()

    def shutdown(self) -> None:
        self.controller.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
