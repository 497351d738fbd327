"""The department view (部门审批): the cases dispatched to the department on the left; the open
case's merged form, material pages and the departments' decisions on the right; the opinion and
the two verdicts below. Keyboard: F5 refreshes, Ctrl+Enter approves.

The view only shows what `DepartmentModel` says and forwards what the user does; the model runs
every server call off the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_client.department.model import CaseDetail, CaseLine, DepartmentModel
from hallui.qt_bridge import ModelListener

__all__ = ["DepartmentView"]

THUMB = QSize(120, 160)
GRID = QSize(200, 240)  # room under a thumbnail for a material's name on two lines
_MATERIAL_STATES = {
    "provided": "已提交",
    "committed": "告知承诺",
    "tolerated": "容缺",
    "missing": "缺",
}


class DepartmentView(QWidget):
    """部门审批 over a `DepartmentModel`."""

    def __init__(self, model: DepartmentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("departmentView")
        self.model = model

        self.department = QComboBox()
        self.department.setObjectName("departmentPicker")
        for code, name in model.departments:
            self.department.addItem(name, code)
        self.department.setCurrentIndex(self.department.findData(model.department))
        self.refresh_button = QPushButton("刷新 (F5)")
        self.status = QLabel()
        self.status.setObjectName("departmentStatus")
        self.status.setWordWrap(True)

        self.cases = QListWidget()
        self.cases.setObjectName("departmentCases")
        self.cases.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cases.setAlternatingRowColors(True)
        self.cases.setSpacing(4)

        self.header = QLabel("请从左侧选择一个办件")
        self.header.setObjectName("caseHeader")
        self.header.setWordWrap(True)
        self.form = QTableWidget(0, 2)
        self.form.setObjectName("caseForm")
        self.form.setHorizontalHeaderLabels(["表单项", "填写内容"])
        self.form.verticalHeader().setVisible(False)
        self.form.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.form.horizontalHeader().setStretchLastSection(True)
        self.form.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pages = QListWidget()
        self.pages.setObjectName("casePages")
        self.pages.setViewMode(QListWidget.ViewMode.IconMode)
        self.pages.setIconSize(THUMB)
        self.pages.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.pages.setWordWrap(True)
        self.pages.setGridSize(GRID)
        self.pages.setMinimumWidth(GRID.width() + 30)
        self.decisions = QLabel()
        self.decisions.setObjectName("caseDecisions")
        self.decisions.setWordWrap(True)
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("opinion")
        self.opinion.setPlaceholderText("审批意见（不予通过时必填）")
        self.opinion.setMaximumHeight(90)
        self.approve_button = QPushButton("通过 (Ctrl+Enter)")
        self.approve_button.setObjectName("approve")
        self.reject_button = QPushButton("不予通过")
        self.reject_button.setObjectName("reject")
        for button in (self.approve_button, self.reject_button, self.refresh_button):
            button.setMinimumHeight(40)

        self._layout()
        self._page_items: dict[str, list[QListWidgetItem]] = {}

        self.department.currentIndexChanged.connect(self._department_picked)
        self.refresh_button.clicked.connect(model.refresh)
        self.cases.currentItemChanged.connect(self._case_picked)
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.reject_button.clicked.connect(lambda: self._decide(False))
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, model.refresh)
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self._decide(True))

        listener = ModelListener(self)
        listener.listen(model, "cases_changed", self._show_cases)
        listener.listen(model, "case_opened", self._show_case)
        listener.listen(model, "page_loaded", self._show_page)
        listener.listen(model, "message", self._show_message)
        listener.listen(model, "busy_changed", self._show_busy)
        listener.listen(model, "decided", lambda *_: self.opinion.clear())
        self._show_case(model.detail)
        self._show_cases(model.lines)
        model.refresh()  # the list is what the user came for: fetch it at once

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("审批部门："))
        top.addWidget(self.department, 1)
        top.addWidget(self.refresh_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("分办到本部门的办件"))
        left_layout.addWidget(self.cases)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        form_box = QGroupBox("一表申请")
        QVBoxLayout(form_box).addWidget(self.form)
        pages_box = QGroupBox("申请材料")
        QVBoxLayout(pages_box).addWidget(self.pages)
        contents = QSplitter()
        contents.addWidget(form_box)
        contents.addWidget(pages_box)
        contents.setStretchFactor(0, 3)
        contents.setStretchFactor(1, 2)
        right_layout.addWidget(contents, 1)
        right_layout.addWidget(self.decisions)
        right_layout.addWidget(self.opinion)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([320, 960])
        self.cases.setMinimumWidth(280)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    # --- from the user -----------------------------------------------------------------------

    def _department_picked(self, index: int) -> None:
        code = self.department.itemData(index)
        if code:
            self.model.set_department(str(code))

    def _case_picked(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.model.open_case(str(item.data(Qt.ItemDataRole.UserRole)))

    def _decide(self, approved: bool) -> None:
        self.model.decide(approved, self.opinion.toPlainText())

    # --- from the model ----------------------------------------------------------------------

    def _show_cases(self, lines: tuple[CaseLine, ...]) -> None:
        current = self.model.detail.line.case_id if self.model.detail else None
        self.cases.blockSignals(True)
        self.cases.clear()
        for line in lines:
            due = f"　限办 {line.promised_due}" if line.promised_due else ""
            text = f"{line.theme_name}\n{line.applicant_name}{due}\n{'、'.join(line.items)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, line.case_id)
            item.setToolTip(line.case_id)
            self.cases.addItem(item)
            if line.case_id == current:
                self.cases.setCurrentItem(item)
        if current is None:
            self.cases.setCurrentRow(-1)  # nothing open: picking the first line must open it
        self.cases.blockSignals(False)
        if not lines:
            self.cases.addItem(QListWidgetItem("暂无待审批的办件"))
            self.cases.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _show_case(self, detail: CaseDetail | None) -> None:
        self.form.setRowCount(0)
        self.pages.clear()
        self._page_items = {}
        enabled = detail is not None
        for widget in (self.approve_button, self.reject_button, self.opinion):
            widget.setEnabled(enabled)
        if detail is None:
            self.header.setText("请从左侧选择一个办件")
            self.decisions.clear()
            return
        line = detail.line
        self.header.setText(
            f"<b>{line.theme_name}</b>　申请人 {line.applicant_name}（{detail.applicant_id}）"
            f"<br>办件号 {line.case_id}　本部门事项：{'、'.join(line.items)}"
        )
        self.form.setRowCount(len(detail.form))
        for row, (label, value) in enumerate(detail.form):
            self.form.setItem(row, 0, QTableWidgetItem(label))
            self.form.setItem(row, 1, QTableWidgetItem(value))
        for material in detail.materials:
            state = _MATERIAL_STATES.get(material.state, material.state)
            if not material.pages:
                item = QListWidgetItem(f"{material.name}\n（{state}，无扫描页）")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.pages.addItem(item)
                continue
            for number, ref in enumerate(material.pages, start=1):
                item = QListWidgetItem(f"{material.name}\n第{number}页（载入中）")
                self.pages.addItem(item)
                self._page_items.setdefault(ref, []).append(item)
                self.model.load_page(ref)
        lines = []
        for d in detail.decisions:
            verdict = "待审批" if d.approved is None else ("通过" if d.approved else "不予通过")
            opinion = f"：{d.opinion}" if d.opinion else ""
            lines.append(f"{d.department_name} — {verdict}{opinion}")
        self.decisions.setText("各部门审批情况：\n" + "\n".join(lines))

    def _show_page(self, ref: str, data: bytes | None) -> None:
        for item in self._page_items.get(ref, []):
            label = item.text().split("（", 1)[0]
            pixmap = QPixmap()
            if data and pixmap.loadFromData(data):
                scaled = pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)  # fmt: skip
                item.setIcon(QIcon(scaled))
                item.setText(label)
            else:
                item.setText(f"{label}（页面未能载入）")

    def _show_message(self, text: str, is_error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if is_error else "")

    def _show_busy(self, busy: bool) -> None:
        self.refresh_button.setEnabled(not busy)
        self.approve_button.setEnabled(not busy and self.model.detail is not None)
        self.reject_button.setEnabled(not busy and self.model.detail is not None)
