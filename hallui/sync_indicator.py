"""The sync status indicator every app shows: is the hall server reachable, and what is not yet
sent — in plain Chinese, for a citizen at a kiosk as much as for a clerk.

    indicator = SyncIndicator()
    bridge.status_changed.connect(indicator.show_status)

`describe(status)` is the wording, Qt-free and tested on its own. The widget carries the state
as a property (``sync_state``: ``online``, ``offline``, ``unknown``) so each app's stylesheet
colours it; the labels' roles are parameters because each app's stylesheet names its own roles
(the kiosk puts the indicator in its header and uses ``header_note``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from hallui.widgets import label, repolish
from server_sync import SyncStatus

__all__ = ["SyncIndicator", "SyncWords", "describe", "format_age"]


@dataclass(frozen=True, slots=True)
class SyncWords:
    """What the indicator says: `state` (online/offline/unknown), the headline, the detail."""

    state: str
    headline: str
    detail: str


def format_age(seconds: float) -> str:
    """An age in whole, plain units: 刚刚, 45 秒, 3 分钟, 2 小时 5 分钟."""
    seconds = max(0, int(seconds))
    if seconds < 5:
        return "刚刚"
    if seconds < 60:
        return f"{seconds} 秒"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} 分钟"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时" + (f" {minutes} 分钟" if minutes else "")


def describe(status: SyncStatus | None) -> SyncWords:
    if status is None or status.online is None:
        state, headline = "unknown", "正在连接大厅服务器…"
    elif status.online:
        state, headline = "online", "已连接大厅服务器"
    else:
        state, headline = "offline", "未连接大厅服务器（离线）"
    parts: list[str] = []
    if status is not None:
        if status.pending:
            waiting = f"待发送 {status.pending} 条"
            if status.oldest_pending_age is not None:
                waiting += f"，最早一条已等 {format_age(status.oldest_pending_age)}"
            parts.append(waiting)
        elif status.online:
            parts.append("全部已发送")
        if status.rejected:
            parts.append(f"{status.rejected} 条被服务器拒收")
        troubled = status.pending or status.rejected or not status.online
        if status.last_error is not None and troubled:
            parts.append(f"最近问题：{status.last_error.message_zh}")
    return SyncWords(state, headline, "；".join(parts))


class SyncIndicator(QFrame):
    """Two lines: the headline (online or not) and the detail (pending, age, last problem)."""

    def __init__(
        self,
        *,
        headline_role: str = "sync_state",
        detail_role: str = "sync_detail",
        alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignRight,
        show_detail: bool = True,
    ) -> None:
        """`show_detail=False` for a terminal that sends nothing (the board): only online or
        not, never "全部已发送", which would puzzle the people in the hall."""
        super().__init__()
        self._show_detail = show_detail
        self.setObjectName("sync_indicator")
        self.setProperty("role", "sync_indicator")
        self.setProperty("sync_state", "unknown")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.headline: QLabel = label("", headline_role, wrap=False, name="sync_headline")
        self.detail: QLabel = label("", detail_role, wrap=True, name="sync_detail")
        for widget in (self.headline, self.detail):
            widget.setAlignment(alignment | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(widget)
        self.words = describe(None)
        self._show(self.words)

    @Slot(object)
    def show_status(self, status: SyncStatus | None) -> None:
        words = describe(status)
        if words != self.words:
            self.words = words
            self._show(words)

    def _show(self, words: SyncWords) -> None:
        marker = {"online": "●", "offline": "○", "unknown": "○"}[words.state]
        self.headline.setText(f"{marker} {words.headline}")
        self.detail.setText(words.detail)
        self.detail.setVisible(self._show_detail and bool(words.detail))
        self.setAccessibleName(f"{words.headline} {words.detail}".strip())
        if self.property("sync_state") != words.state:
            self.setProperty("sync_state", words.state)
            repolish(self)
