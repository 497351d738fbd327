"""实时大厅: per queue the waiting count, the longest and the estimated wait; per window its state,
current ticket and tickets served today (a window idle while its people wait is flagged); the
alerts; arrivals and waits by hour. Redrawn on every change of the `LiveHall` and once a second
(the waits grow while nothing happens)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from manager.format import minutes_text
from manager.model.live import Alert, LiveHall, window_state_zh
from manager.screens.common import FigureCard, Screen, fill_table, make_table, section
from manager.screens.hourly_chart import HourlyChart
from manager.style import ALERT_COLOURS

__all__ = ["LiveScreen"]

_ALERT_ORDER = {"critical": 0, "warning": 1}
_KEY = Qt.ItemDataRole.UserRole


class LiveScreen(Screen):
    """Signals:
    redrawn(float): after each redraw, the `time.perf_counter()` at which it finished
        (the benchmark's "on screen").
    """

    title = "实时大厅"
    redrawn = Signal(float)

    def __init__(self, live: LiveHall, *, tick_ms: int = 1000) -> None:
        super().__init__()
        self.live = live
        self.cards = {
            "waiting": FigureCard("当前等候（人）", "card_waiting"),
            "served": FigureCard("今日已办结（件）", "card_served"),
            "longest": FigureCard("最长等待", "card_longest"),
            "alerts": FigureCard("告警", "card_alerts"),
        }
        self.queue_table = make_table(("队列", "等候人数", "最长等待", "预计等待"), "queue_table")
        self.window_table = make_table(
            ("窗口", "状态", "当前号", "今日已办", "提示"), "window_table"
        )
        self.alert_list = QListWidget()
        self.alert_list.setObjectName("alert_list")
        #: Answers a help call on the server (set by the app; None: the button does nothing).
        self.answer: Callable[[int], None] | None = None
        self.dismiss_button = QPushButton("应答所选呼叫")
        self.dismiss_button.setObjectName("dismiss_alert")
        self.dismiss_button.clicked.connect(self._dismiss_selected)
        self.chart = HourlyChart()

        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        grid = QGridLayout()
        grid.addWidget(section("队列"), 0, 0)
        grid.addWidget(self.queue_table, 1, 0)
        grid.addWidget(section("窗口"), 0, 1)
        grid.addWidget(self.window_table, 1, 1, 3, 1)
        grid.addWidget(section("告警"), 2, 0)
        alerts = QVBoxLayout()
        alerts.addWidget(self.alert_list)
        alerts.addWidget(self.dismiss_button)
        grid.addLayout(alerts, 3, 0)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(cards)
        layout.addLayout(grid, 1)
        layout.addWidget(section("分时段取号与等待"))
        self.chart.setMaximumHeight(210)
        layout.addWidget(self.chart)

        # A burst of events (a catch-up after reconnecting) is one redraw, not one per event.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(0)
        self._redraw.timeout.connect(self.refresh)
        self.listener.listen(live, "changed", self._redraw.start)
        self.listener.listen(live, "alerts_changed", self._show_alerts)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.refresh()

    def _tick(self) -> None:
        self.live.refresh_alerts()
        self.refresh()

    def refresh(self) -> None:
        live = self.live
        queues = live.queue_figures()
        # Every queue in view without scrolling (a hall has a handful); alerts take the rest.
        rows = self.queue_table.verticalHeader().defaultSectionSize() * len(queues)
        self.queue_table.setMinimumHeight(
            self.queue_table.horizontalHeader().sizeHint().height() + rows + 4
        )
        fill_table(
            self.queue_table,
            [
                (
                    q.name_zh,
                    str(q.waiting),
                    minutes_text(q.longest_wait_seconds if q.waiting else None),
                    "无窗口开放"
                    if q.estimated_wait_seconds is None
                    else minutes_text(q.estimated_wait_seconds),
                )
                for q in queues
            ],
            [
                "warning"
                if q.waiting
                and (
                    q.longest_wait_seconds > live.targets.longest_wait_minutes * 60
                    or q.waiting > live.targets.queue_length
                )
                else None
                for q in queues
            ],
        )
        windows = live.window_figures()
        fill_table(
            self.window_table,
            [
                (
                    w.name_zh,
                    window_state_zh(w.state),
                    w.ticket_number or "—",
                    str(w.served_today),
                    "空闲但有人等候" if w.idle_while_waiting else "",
                )
                for w in windows
            ],
            ["warning" if w.idle_while_waiting else None for w in windows],
        )
        self.cards["waiting"].set_value(str(sum(q.waiting for q in queues)))
        self.cards["served"].set_value(str(sum(w.served_today for w in windows)))
        longest = max((q.longest_wait_seconds for q in queues if q.waiting), default=None)
        self.cards["longest"].set_value(minutes_text(longest))
        self.chart.set_hours(live.hourly())
        self.redrawn.emit(time.perf_counter())

    def _show_alerts(self, alerts: list[Alert]) -> None:
        self.alert_list.clear()
        for alert in sorted(alerts, key=lambda a: (_ALERT_ORDER.get(a.severity, 2), a.key)):
            item = QListWidgetItem(alert.text_zh)
            item.setData(_KEY, alert.key)
            background, foreground = ALERT_COLOURS.get(alert.severity, ALERT_COLOURS["warning"])
            item.setBackground(QColor(background))
            item.setForeground(QColor(foreground))
            self.alert_list.addItem(item)
        if not alerts:
            self.alert_list.addItem(QListWidgetItem("暂无告警"))
        self.cards["alerts"].set_value(str(len(alerts)))

    def _dismiss_selected(self) -> None:
        """Answer the selected help call (the other alerts clear when their cause does)."""
        item = self.alert_list.currentItem()
        key = item.data(_KEY) if item is not None else None
        if isinstance(key, str) and key.startswith("help_call:") and self.answer is not None:
            self.answer(int(key.split(":", 1)[1]))

    def alert_texts(self) -> list[str]:
        return [
            self.alert_list.item(i).text()
            for i in range(self.alert_list.count())
            if isinstance(self.alert_list.item(i).data(_KEY), str)
        ]
