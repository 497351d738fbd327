"""The queue panel: waiting counts for the queues this window serves, the current ticket, and
the window actions on buttons and on function keys (F1…F12, printed on each button).

The keys are window-wide shortcuts, so the clerk works the queue from the keyboard while typing
in the case form; a disabled action ignores its key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.model.queue_panel import QueuePanelModel
from hallui.dialogs import DialogService
from hallui.qt_bridge import ModelListener
from hallui.widgets import clear_layout, label

__all__ = ["QueuePanel"]


class QueuePanel(QFrame):
    """Signals:

    ticket_called(dict): a ticket was called to this window (the case workspace opens for it).
    """

    ticket_called = Signal(dict)

    def __init__(
        self, model: QueuePanelModel, dialogs: DialogService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.dialogs = dialogs
        self.setProperty("role", "panel")
        self.setObjectName("queue_panel")
        self.setMinimumWidth(300)
        self.setMaximumWidth(340)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self.title = label(model.ctx.window_name, "title", wrap=False)
        layout.addWidget(self.title)
        self.window_state = label("", "muted")
        layout.addWidget(self.window_state)
        layout.addWidget(label("等候人数", "heading"))
        self.counts = QGridLayout()
        self.counts.setHorizontalSpacing(8)
        layout.addLayout(self.counts)
        layout.addWidget(label("当前号", "heading"))
        self.ticket = label("—", "ticket", wrap=False, name="current_ticket")
        layout.addWidget(self.ticket)
        self.ticket_detail = label("", "muted", name="ticket_detail")
        layout.addWidget(self.ticket_detail)
        row = QHBoxLayout()
        row.addWidget(label("转移到", "body", wrap=False))
        self.transfer_to = QComboBox()
        self.transfer_to.setObjectName("transfer_target")
        for code, text in model.transfer_targets():
            self.transfer_to.addItem(text, code)
        row.addWidget(self.transfer_to, 1)
        layout.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        for i, action in enumerate(model.actions()):
            button = QPushButton(f"{action.key}  {action.label}")
            button.setObjectName(f"queue_{action.name}")
            button.setProperty("role", "primary" if action.name == "call_next" else "secondary")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(self._handler(action.name))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[action.name] = button
            shortcut = QShortcut(QKeySequence(action.key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._key_handler(action.name))
        layout.addLayout(grid)
        self.message = label("", "message", name="queue_message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._listener.listen(model, "called", self._called)
        self._listener.listen(model, "message", self._message)
        self._show()

    # --- showing -------------------------------------------------------------------------

    def _show(self) -> None:
        m = self.model
        clear_layout(self.counts)
        for row, count in enumerate(m.counts):
            name = QLabel(f"{count.prefix}  {count.name_zh}")
            name.setProperty("role", "body")
            number = label(str(count.waiting), "count", wrap=False)
            number.setObjectName(f"count_{count.code}")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.addWidget(name, row, 0)
            self.counts.addWidget(number, row, 1)
            # shown now, not by the layout's queued show: a grab right after must have them
            name.show()
            number.show()
        state = m.window_state_zh or m.window_state
        if m.paused and m.pause_reason:
            state += f"（{m.pause_reason}）"
        parked = f"；挂起 {len(m.parked)} 个" if m.parked else ""
        self.window_state.setText(f"窗口状态：{state}{parked}")
        if m.calling:
            self.ticket.setText("叫号中…")
            self.ticket_detail.setText("")
        elif m.current is None:
            self.ticket.setText("—")
            self.ticket_detail.setText("按 F1 叫下一位")
        else:
            t = m.current
            self.ticket.setText(str(t["number"]))
            recalls = f"，已重呼 {t.get('recalls', 0)} 次" if t.get("recalls") else ""
            self.ticket_detail.setText(f"{t.get('state_zh', '')}{recalls}")
        for action in m.actions():
            button = self.buttons[action.name]
            button.setText(f"{action.key}  {action.label}")
            button.setEnabled(action.enabled)

    def _called(self, ticket: dict[str, object]) -> None:
        self.message.setVisible(False)
        self.ticket_called.emit(ticket)

    def _message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    # --- acting --------------------------------------------------------------------------

    def _key_handler(self, name: str) -> Callable[[], None]:
        def run() -> None:
            if self.buttons[name].isEnabled():
                self._act(name)

        return run

    def _handler(self, name: str) -> Callable[[], None]:
        return lambda: self._act(name)

    def _act(self, name: str) -> None:
        m = self.model
        self.message.setVisible(False)
        if name == "call_next":
            m.call_next()
        elif name == "recall":
            m.recall()
        elif name == "start":
            m.start()
        elif name == "no_show":
            reason = self.dialogs.ask_text("过号", "过号原因（可不填）：")
            if reason is not None:
                m.no_show(reason)
        elif name == "transfer":
            note = self.dialogs.ask_text(
                "转移", f"转移到“{self.transfer_to.currentText()}”，备注："
            )
            if note is not None:
                m.transfer(str(self.transfer_to.currentData() or ""), note)
        elif name == "park":
            reason = self.dialogs.ask_text("挂起", "挂起原因（如：回去取材料）：")
            if reason is not None:
                m.park(reason)
        elif name == "resume":
            numbers = ", ".join(t["number"] for t in m.parked)
            number = self.dialogs.ask_text("回呼挂起的号", f"挂起的号：{numbers}。回呼哪一个？")
            match = [t for t in m.parked if t["number"] == (number or "").strip().upper()]
            if match:
                m.resume(match[0]["ticket_id"])
            elif number is not None:
                self._message("没有这个挂起的号。")
        elif name == "finish":
            m.finish()
        elif name == "call_specific":
            self._call_specific()
        elif name == "pause":
            if m.paused:
                m.unpause()
            else:
                reason = self.dialogs.ask_text("暂停窗口", "暂停原因：")
                if reason is not None:
                    m.pause(reason)
        elif name == "refresh":
            m.refresh()

    def _call_specific(self) -> None:
        m = self.model
        if not m.ctx.user.may_call_specific:
            self._message("您没有“指定叫号”权限，请联系大厅管理员。")
            return
        number = self.dialogs.ask_text("指定叫号", "要叫的号（如 Y003）：")
        if number is None:
            return
        match = [t for t in m.waiting if t["number"] == number.strip().upper()]
        if not match:
            self._message(f"没有等候中的 {number.strip()} 号。")
            return
        reason = self.dialogs.ask_text("指定叫号", "指定叫号的理由（将记录在案）：")
        if reason is not None:
            m.call_specific(match[0]["ticket_id"], reason)
