"""The call board's one screen (叫号屏), for a hall TV at 1920×1080 or 1280×720.

    ┌ hall name ─────────────────────────────── online badge · date · clock ┐
    │ ┌ banner: 请 A012 号到 3号窗口 办理 (the newest call, lit for a while) ┐ ┌ 最近叫号 ┐ │
    │ ┌ tile ┐ ┌ tile ┐ ┌ tile ┐ ┌ tile ┐   one per window:                  │ 10 calls │ │
    │ │3号窗口│ …                              name, number, what it is doing │ 等候人数 │ │
    │ │ A012 │                                                                 │ per queue│ │

The window takes its `BoardModel` and listens to it (`hallui.qt_bridge.ModelListener`); it never
talks to the network. A new call lights its tile and the banner for `highlight_ms`; what is
spoken is the `board.announcer.Announcer`'s business, not the view's. Sizes follow the screen:
the stylesheet is re-rendered for the window's size (`board.style`). Only numbers, windows and
queue names are ever put on screen: the model holds nothing else.
"""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from board.model import BoardModel, Call, WindowInfo, WindowShows
from board.style import BoardTheme, render_board_stylesheet
from hallui.qt_bridge import ModelListener
from hallui.sync_indicator import SyncIndicator
from hallui.widgets import clear_layout, label, repolish
from server_sync import SyncStatus

__all__ = ["BoardWindow", "WindowTile"]

_STATUS_ZH: dict[WindowShows, str] = {
    WindowShows.CALLING: str(QT_TRANSLATE_NOOP("BoardWindow", "正在叫号")),
    WindowShows.SERVING: str(QT_TRANSLATE_NOOP("BoardWindow", "正在办理")),
    WindowShows.IDLE: str(QT_TRANSLATE_NOOP("BoardWindow", "等候叫号")),
    WindowShows.PAUSED: str(QT_TRANSLATE_NOOP("BoardWindow", "暂停服务")),
    WindowShows.CLOSED: str(QT_TRANSLATE_NOOP("BoardWindow", "暂未开放")),
}
_WEEKDAYS_ZH = "一二三四五六日"


# Chinese is the source language; other languages come from Qt Linguist (hallui.i18n), in the
# context "BoardWindow".
#: Rows of tiles that fit at full size; more rows shrink the tiles' text.
_FULL_SIZE_ROWS = 3


def _text(
    text: str, role: str, *, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter
) -> QLabel:
    widget = label(text, role, wrap=False)
    widget.setAlignment(align)
    return widget


class WindowTile(QFrame):
    """One window: its name, the number called to it, and what it is doing."""

    def __init__(self, info: WindowInfo) -> None:
        super().__init__()
        self.setProperty("role", "tile")
        self.setObjectName(f"tile_{info.number}")
        self.number = info.number
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(0)
        self.name = _text("", "tile_name")
        self.ticket = _text("", "tile_number")
        self.status = _text("", "tile_status")
        layout.addWidget(self.name)
        layout.addWidget(self.ticket, 1)
        layout.addWidget(self.status)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.show_info(info, hot=False)

    def show_info(self, info: WindowInfo, *, hot: bool) -> None:
        self.name.setText(info.name_zh)
        self.ticket.setText(info.ticket_number or "—")
        self.status.setText(QCoreApplication.translate("BoardWindow", _STATUS_ZH[info.shows]))
        changed = self.property("shows") != info.shows.value or self.property("hot") != hot
        self.setProperty("shows", info.shows.value)
        self.setProperty("hot", hot)
        if changed:
            repolish(self)


class BoardWindow(QWidget):
    def __init__(
        self,
        model: BoardModel,
        *,
        theme: BoardTheme = BoardTheme.DARK,
        highlight_ms: int = 8000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.theme = theme
        self.highlight_ms = highlight_ms
        self.setObjectName("board")
        self.setWindowTitle(QCoreApplication.translate("BoardWindow", "叫号屏 · 一窗通"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._tiles: dict[int, WindowTile] = {}
        self._grid_built = False
        self._hot: Call | None = None
        self._rows = 1
        self._stylesheet = ""

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header())
        body = QWidget()
        body.setProperty("role", "board_body")
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(20, 16, 20, 20)
        body_layout.setSpacing(18)
        main = QVBoxLayout()
        main.setSpacing(16)
        main.addWidget(self._build_banner())
        self._grid_host = QWidget()
        self._grid_host.setProperty("role", "board_body")
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(14)
        main.addWidget(self._grid_host, 1)
        body_layout.addLayout(main, 64)
        side = QVBoxLayout()
        side.setSpacing(16)
        side.addWidget(self._build_recent(), 11)
        side.addWidget(self._build_waiting(), 9)
        body_layout.addLayout(side, 36)
        root.addWidget(body, 1)

        self._unhighlight = QTimer(self)
        self._unhighlight.setSingleShot(True)
        self._unhighlight.timeout.connect(self._cool_down)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._tick()

        self._listener = ModelListener(self)
        self._listener.listen(model, "replaced", self.refresh)
        self._listener.listen(model, "changed", self.refresh)
        self._listener.listen(model, "called", self._called)
        self._listener.listen(model, "online", self._show_online)
        self._show_online(model.online)
        self.refresh()
        self._restyle()

    # --- building ------------------------------------------------------------------------

    def _build_header(self) -> QFrame:
        header = QFrame()
        header.setProperty("role", "header")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(28, 10, 28, 10)
        layout.setSpacing(24)
        self.hall_label = _text("", "hall_name", align=Qt.AlignmentFlag.AlignLeft)
        self.hall_label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        # The indicator every app shows (hallui), fed from the model: the board sends nothing,
        # so only "reachable or not" is news here.
        self.indicator = SyncIndicator(
            headline_role="badge", detail_role="badge_detail", show_detail=False
        )
        self.badge = self.indicator.headline
        self.date_label = _text("", "date")
        self.clock_label = _text("", "clock")
        layout.addWidget(self.hall_label, 1)
        layout.addWidget(self.indicator)
        layout.addWidget(self.date_label)
        layout.addWidget(self.clock_label)
        return header

    def _build_banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setProperty("role", "banner")
        self.banner.setObjectName("banner")
        layout = QHBoxLayout(self.banner)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.setSpacing(6)
        self.banner_before = _text("", "banner_text")
        self.banner_number = _text("", "banner_number")
        self.banner_after = _text("", "banner_text")
        layout.addStretch(1)
        for widget in (self.banner_before, self.banner_number, self.banner_after):
            layout.addWidget(widget)
        layout.addStretch(1)
        return self.banner

    def _build_recent(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(
            _text(
                QCoreApplication.translate("BoardWindow", "最近叫号"),
                "heading",
                align=Qt.AlignmentFlag.AlignLeft,
            )
        )
        self._recent = QGridLayout()
        self._recent.setHorizontalSpacing(18)
        self._recent.setVerticalSpacing(4)
        layout.addLayout(self._recent)
        layout.addStretch(1)
        return panel

    def _build_waiting(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 14, 20, 14)
        self.waiting_heading = _text(
            QCoreApplication.translate("BoardWindow", "等候人数"),
            "heading",
            align=Qt.AlignmentFlag.AlignLeft,
        )
        layout.addWidget(self.waiting_heading)
        self._waiting = QGridLayout()
        self._waiting.setHorizontalSpacing(18)
        self._waiting.setVerticalSpacing(2)
        layout.addLayout(self._waiting)
        layout.addStretch(1)
        return panel

    # --- showing the model ---------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        self.hall_label.setText(
            self.model.hall_name or QCoreApplication.translate("BoardWindow", "政务服务中心")
        )
        self._show_tiles()
        self._show_banner()
        self._show_recent()
        self._show_waiting()

    def _show_tiles(self) -> None:
        windows = self.model.windows
        if not self._grid_built or [w.number for w in windows] != list(self._tiles):
            self._grid_built = True
            clear_layout(self._grid)
            self._tiles = {}
            if not windows:
                self._grid.addWidget(
                    _text(QCoreApplication.translate("BoardWindow", "正在载入窗口…"), "empty"),
                    0,
                    0,
                )
            columns = 4 if len(windows) > 6 else 3 if len(windows) > 4 else max(1, len(windows))
            self._rows = max(1, math.ceil(len(windows) / columns))
            for i, info in enumerate(windows):
                tile = WindowTile(info)
                self._tiles[info.number] = tile
                self._grid.addWidget(tile, i // columns, i % columns)
            self._restyle()
        hot = self._hot.window if self._hot is not None else None
        for info in windows:
            self._tiles[info.number].show_info(info, hot=info.number == hot)

    def _show_banner(self) -> None:
        call = self._hot or self.model.newest
        if call is None:
            self.banner_before.setText(
                QCoreApplication.translate("BoardWindow", "欢迎光临，请留意叫号")
            )
            self.banner_number.setText("")
            self.banner_number.hide()
            self.banner_after.setText("")
            self.banner_after.hide()
        else:
            self.banner_before.setText(QCoreApplication.translate("BoardWindow", "请"))
            self.banner_number.setText(call.number)
            self.banner_number.show()
            self.banner_after.setText(
                QCoreApplication.translate("BoardWindow", "号到{window}号窗口办理").format(
                    window=call.window
                )
            )
            self.banner_after.show()
        hot = self._hot is not None
        if self.banner.property("hot") != hot:
            self.banner.setProperty("hot", hot)
            repolish(self.banner)

    def _show_recent(self) -> None:
        clear_layout(self._recent)
        calls = self.model.recent
        if not calls:
            self._recent.addWidget(
                _text(
                    QCoreApplication.translate("BoardWindow", "暂无叫号"),
                    "empty",
                    align=Qt.AlignmentFlag.AlignLeft,
                ),
                0,
                0,
            )
            return
        per_column = 5
        for i, call in enumerate(calls):
            row, column = i % per_column, (i // per_column) * 2
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            self._recent.addWidget(_text(call.number, "row_number", align=left), row, column)
            self._recent.addWidget(
                _text(
                    QCoreApplication.translate("BoardWindow", "{window}号窗口").format(
                        window=call.window
                    ),
                    "row_window",
                    align=left,
                ),
                row,
                column + 1,
            )

    def _show_waiting(self) -> None:
        clear_layout(self._waiting)
        counts = self.model.waiting_counts()
        self.waiting_heading.setText(
            QCoreApplication.translate("BoardWindow", "等候人数（共{count}人）").format(
                count=self.model.waiting_total
            )
        )
        if not counts:
            self._waiting.addWidget(_text("—", "empty", align=Qt.AlignmentFlag.AlignLeft), 0, 0)
            return
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, (queue, count) in enumerate(counts):
            # The letter first, in the numbers' colour: it is what the ticket in the hand shows.
            self._waiting.addWidget(_text(queue.prefix, "queue_prefix", align=left), row, 0)
            self._waiting.addWidget(_text(queue.name_zh, "queue_name", align=left), row, 1)
            self._waiting.addWidget(
                _text(
                    QCoreApplication.translate("BoardWindow", "{count}人").format(count=count),
                    "queue_count",
                    align=right,
                ),
                row,
                2,
            )
        self._waiting.setColumnStretch(1, 1)

    @Slot(object)
    def _called(self, call: Call) -> None:
        self._hot = call
        self._unhighlight.start(self.highlight_ms)
        self.refresh()

    @Slot()
    def _cool_down(self) -> None:
        self._hot = None
        self.refresh()

    @property
    def highlighted(self) -> Call | None:
        return self._hot

    @Slot(object)
    def _show_online(self, online: bool | None) -> None:
        self.indicator.show_status(
            SyncStatus(online, pending=0, oldest_pending_age=None, rejected=0, last_error=None,
                       last_success_at=None)
        )  # fmt: skip

    @Slot()
    def _tick(self) -> None:
        now = datetime.now().astimezone()
        self.clock_label.setText(f"{now:%H:%M:%S}")
        self.date_label.setText(
            f"{now.year}年{now.month}月{now.day}日 星期{_WEEKDAYS_ZH[now.weekday()]}"
        )

    # --- sizing --------------------------------------------------------------------------

    def set_theme(self, theme: BoardTheme) -> None:
        self.theme = theme
        self._restyle()

    def _restyle(self) -> None:
        width, height = max(1, self.width()), max(1, self.height())
        scale = round(min(width / 1920, height / 1080), 2)
        scale = min(2.0, max(0.4, scale))
        density = round(min(1.0, _FULL_SIZE_ROWS / self._rows), 2)
        sheet = render_board_stylesheet(self.theme, scale, density)
        if sheet != self._stylesheet:
            self._stylesheet = sheet
            self.setStyleSheet(sheet)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def stop(self) -> None:
        self._clock.stop()
        self._unhighlight.stop()
        self._listener.close()
