"""After acceptance: one dispatch to the departments (一次分办), their decisions as they come
back, ready (待出件) once every department has decided, delivery (window pick-up or courier
with an address) with the 出件通知, then the rating request (好差评) — and the notices printed
for this case."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_client.model.case import CaseModel
from hallui.qt_bridge import ModelListener
from hallui.widgets import label

__all__ = ["CaseOutcomePanel"]


class CaseOutcomePanel(QWidget):
    def __init__(self, model: CaseModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.state = label("", "body", name="outcome_state")
        layout.addWidget(self.state)
        layout.addWidget(label("部门办理情况", "heading"))
        self.departments = QTreeWidget()
        self.departments.setObjectName("departments")
        self.departments.setHeaderLabels(["部门", "结果", "意见"])
        self.departments.setColumnWidth(0, 260)
        self.departments.setColumnWidth(1, 80)
        self.departments.setRootIsDecorated(False)
        self.departments.setMaximumHeight(170)
        layout.addWidget(self.departments)
        row = QHBoxLayout()
        self.dispatch = self._button("一次分办", "case_dispatch", model.dispatch, row)
        self.ready = self._button("待出件", "case_ready", model.ready, row)
        self.refresh = self._button("刷新部门结果", "case_refresh", model.refresh_server, row)
        layout.addLayout(row)
        layout.addWidget(label("出件", "heading"))
        row = QHBoxLayout()
        self.method = QComboBox()
        self.method.setObjectName("delivery_method")
        self.method.addItem("窗口领取", "window")
        self.method.addItem("邮寄送达", "post")
        row.addWidget(self.method)
        self.address = QLineEdit()
        self.address.setObjectName("delivery_address")
        self.address.setPlaceholderText("邮寄地址（邮寄时必填）")
        row.addWidget(self.address, 1)
        self.deliver = self._button("出件并打印出件通知", "case_deliver", self._deliver, row)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.rating = self._button("请申请人评价", "case_rating", model.request_rating, row)
        self.close_case = self._button("本件结束", "case_close", model.close, row)
        layout.addLayout(row)
        layout.addWidget(label("已打印的告知书", "heading"))
        self.notices = label("", "muted", name="printed_notices")
        self.notices.setTextInteractionFlags(self.notices.textInteractionFlags())
        layout.addWidget(self.notices)
        layout.addStretch(1)
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._show()

    def _button(self, text: str, name: str, slot: object, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _c=False: slot())  # type: ignore[operator]
        row.addWidget(button)
        return button

    def _deliver(self) -> None:
        self.model.deliver(str(self.method.currentData()), self.address.text())

    def _show(self) -> None:
        d = self.model.draft
        if d is None:
            return
        state = d["server_state"]
        busy = self.model.busy
        self.state.setText(
            f"办件号：{d.get('case_id') or '（未收件）'}　状态：{d.get('state_zh') or state}"
            + ("（正在同步…）" if busy else "")
        )
        self.departments.clear()
        if state in ("dispatched", "decided", "ready", "delivered"):
            for name, verdict, opinion in self.model.decisions():
                self.departments.addTopLevelItem(QTreeWidgetItem([name, verdict, opinion]))
        self.dispatch.setEnabled(not busy and state in ("accepted", "tolerance_accepted"))
        self.ready.setEnabled(not busy and state == "decided")
        self.refresh.setEnabled(state == "dispatched")
        self.deliver.setEnabled(not busy and state == "ready")
        self.rating.setEnabled(state == "delivered" and not d.get("rating_requested"))
        self.rating.setText("已请申请人评价" if d.get("rating_requested") else "请申请人评价")
        self.close_case.setEnabled(not busy)
        self.notices.setText(
            "\n".join(f"{n['number']}　{Path(n['path']).name}" for n in d.get("notices", []))
            or "（无）"
        )
