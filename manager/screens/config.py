"""配置: windows ↔ queues with weights, the priority ratio, caps and the cut-off, opening hours,
holiday overrides, the targets and the 差评 deadline — edited here, checked by the form for
numbers, times and dates, then validated, audited and applied live by the server, whose Chinese
message is shown as it is when it refuses."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from manager.controller import DashboardController
from manager.model.config_form import ConfigForm, FormError
from manager.screens.common import Screen, fill_table, make_table, section

__all__ = ["ConfigScreen"]


class ConfigScreen(Screen):
    title = "配置"

    def __init__(self, controller: DashboardController, form: ConfigForm | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.form = form or ConfigForm()
        self._filling = False
        # Every load and save takes the next serial; an answer to an older request is dropped,
        # so a read that left before a save cannot put the replaced version back on screen.
        self._serial = 0
        self._seen_while_saving = 0
        self.weights = QTableWidget(0, 0)
        self.weights.setObjectName("config_weights")
        self.weights.cellChanged.connect(self._weight_edited)
        self.caps = QTableWidget(0, 2)
        self.caps.setObjectName("config_caps")
        self.caps.setHorizontalHeaderLabels(["上午上限", "下午上限"])
        self.caps.cellChanged.connect(self._cap_edited)
        self.ratio_normal = self._edit("ratio_normal")
        self.ratio_priority = self._edit("ratio_priority")
        self.cut_off = self._edit("cut_off")
        self.sessions = self._edit("sessions")
        self.target_wait = self._edit("target_wait")
        self.target_length = self._edit("target_length")
        self.target_service = self._edit("target_service")
        self.follow_up_days = QComboBox()
        self.follow_up_days.setObjectName("follow_up_days")
        self.follow_up_days.addItem("5 个工作日", 5)
        self.follow_up_days.addItem("15 个工作日", 15)
        self.holidays = make_table(("日期", "当天", "原因"), "config_holidays")
        self.holiday_day = self._edit("holiday_day", "2024-05-10")
        self.holiday_kind = QComboBox()
        self.holiday_kind.setObjectName("holiday_kind")
        self.holiday_kind.addItem("休息（不开门）", False)
        self.holiday_kind.addItem("上班（开门）", True)
        self.holiday_reason = self._edit("holiday_reason", "原因")
        add = QPushButton("添加调整")
        add.setObjectName("add_holiday")
        add.clicked.connect(self._add_holiday)
        remove = QPushButton("删除所选")
        remove.clicked.connect(self._remove_holiday)
        self.state = QLabel("正在读取配置…")
        self.state.setProperty("role", "muted")
        self.state.setObjectName("config_state")
        reload = QPushButton("重新读取")
        reload.clicked.connect(self.load)
        self.save_button = QPushButton("保存并生效")
        self.save_button.setProperty("role", "primary")
        self.save_button.setObjectName("save_config")
        self.save_button.clicked.connect(self.save)

        rules = QFormLayout()
        ratio = QHBoxLayout()
        ratio.addWidget(self.ratio_normal)
        ratio.addWidget(QLabel("个普通号 : "))
        ratio.addWidget(self.ratio_priority)
        ratio.addWidget(QLabel("个优先号"))
        rules.addRow("优先比例", ratio)
        rules.addRow("营业时间", self.sessions)
        rules.addRow("停止取号（闭厅前分钟）", self.cut_off)
        rules.addRow("最长等待目标（分钟）", self.target_wait)
        rules.addRow("排队人数目标", self.target_length)
        rules.addRow("办理时长目标（分钟）", self.target_service)
        rules.addRow("差评办结期限", self.follow_up_days)
        holiday_row = QHBoxLayout()
        for widget in (self.holiday_day, self.holiday_kind, self.holiday_reason, add, remove):
            holiday_row.addWidget(widget)
        grid = QGridLayout()
        grid.addWidget(section("窗口与队列（权重；空白=不办理，0=空闲时兼办）"), 0, 0)
        grid.addWidget(self.weights, 1, 0, 3, 1)
        grid.addWidget(section("规则与目标"), 0, 1)
        grid.addLayout(rules, 1, 1)
        grid.addWidget(section("取号上限（空白=不限）"), 2, 1)
        grid.addWidget(self.caps, 3, 1)
        grid.addWidget(section("节假日调整"), 4, 0)
        grid.addWidget(self.holidays, 5, 0)
        grid.addLayout(holiday_row, 6, 0)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(reload)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addLayout(buttons)
        self.listener.listen(self.form, "changed", self.refresh)
        controller.on_config_changed = self._changed_elsewhere

    @staticmethod
    def _edit(name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    # --- loading and showing ---------------------------------------------------------------

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def load(self) -> None:
        serial = self._next_serial()
        self.controller.run(
            self.controller.api.hall_config, lambda result: self._loaded(serial, result)
        )

    def _loaded(self, serial: int, result: tuple[dict[str, Any], str | None]) -> None:
        if serial != self._serial:
            return
        doc, version = result
        self.form.load(doc, version)
        self.state.setText(f"当前为第 {doc.get('version', '?')} 版")

    def _held_version(self) -> int | None:
        version = self.form.doc.get("version")
        return int(version) if version is not None else None

    def _changed_elsewhere(self, version: int | None) -> None:
        held = self._held_version()
        if version is not None and held is not None and version <= held:
            return  # the echo of our own save, or a version already on screen
        if not self.save_button.isEnabled():
            # A save is on its way: its answer says which version is in force.
            self._seen_while_saving = max(version or 0, self._seen_while_saving)
        elif not self.form.dirty:
            self.load()
        else:
            self.state.setText("配置已被他人修改；保存前请重新读取")

    def refresh(self) -> None:
        doc = self.form.doc
        if not doc:
            return
        self._filling = True
        try:
            queues = self.form.queue_codes
            names = [self.form.queue(q)["name_zh"] for q in queues]
            windows = [int(w["number"]) for w in doc["windows"]]
            self.weights.setColumnCount(len(queues))
            self.weights.setHorizontalHeaderLabels(names)
            self.weights.setRowCount(len(windows))
            self.weights.setVerticalHeaderLabels([w["name_zh"] for w in doc["windows"]])
            for r, number in enumerate(windows):
                for c, queue in enumerate(queues):
                    weight = self.form.weight(number, queue)
                    self.weights.setItem(
                        r, c, QTableWidgetItem("" if weight is None else str(weight))
                    )
            self.caps.setRowCount(len(queues))
            self.caps.setVerticalHeaderLabels(names)
            for r, queue in enumerate(queues):
                entry = self.form.queue(queue)
                for c, half in enumerate(("am", "pm")):
                    cap = entry.get(f"cap_{half}")
                    self.caps.setItem(r, c, QTableWidgetItem("" if cap is None else str(cap)))
            ratio = doc.get("priority_ratio") or {}
            self.ratio_normal.setText(str(ratio.get("normal", "")))
            self.ratio_priority.setText(str(ratio.get("priority", "")))
            self.cut_off.setText(str(doc.get("cut_off_minutes", "")))
            self.sessions.setText(self.form.sessions_text())
            targets = doc.get("targets") or {}
            self.target_wait.setText(str(targets.get("wait_minutes", "")))
            self.target_length.setText(str(targets.get("queue_length", "")))
            self.target_service.setText(str(targets.get("service_minutes", "")))
            self.follow_up_days.setCurrentIndex(
                0 if doc.get("follow_up_working_days", 5) == 5 else 1
            )
            fill_table(
                self.holidays,
                [
                    (str(h["day"]), "上班" if h["working"] else "休息", str(h["reason"]))
                    for h in doc.get("holidays", [])
                ],
            )
        finally:
            self._filling = False

    # --- editing ---------------------------------------------------------------------------

    def _weight_edited(self, row: int, column: int) -> None:
        if self._filling:
            return
        item = self.weights.item(row, column)
        window = int(self.form.doc["windows"][row]["number"])
        queue = self.form.queue_codes[column]
        self._try(lambda: self.form.set_weight(window, queue, item.text() if item else ""))

    def _cap_edited(self, row: int, column: int) -> None:
        if self._filling:
            return
        item = self.caps.item(row, column)
        queue = self.form.queue_codes[row]
        half = "am" if column == 0 else "pm"
        self._try(lambda: self.form.set_cap(queue, half, item.text() if item else ""))

    def _add_holiday(self) -> None:
        self._try(
            lambda: self.form.add_holiday(
                self.holiday_day.text(),
                bool(self.holiday_kind.currentData()),
                self.holiday_reason.text(),
            )
        )

    def _remove_holiday(self) -> None:
        row = self.holidays.currentRow()
        item = self.holidays.item(row, 0) if row >= 0 else None
        if item is not None:
            self.form.remove_holiday(item.text())

    def _try(self, change: Any) -> bool:
        try:
            change()
        except FormError as error:
            self.controller.error.emit(error.message_zh)
            self.refresh()  # put back what the form holds
            return False
        return True

    def _take_fields(self) -> bool:
        # Read every field first: each change redraws the form from the document.
        ratio = (self.ratio_normal.text(), self.ratio_priority.text())
        cut_off, sessions = self.cut_off.text(), self.sessions.text()
        targets = (self.target_wait.text(), self.target_length.text(), self.target_service.text())
        days = int(self.follow_up_days.currentData())
        form = self.form
        return (
            self._try(lambda: form.set_priority_ratio(*ratio))
            and self._try(lambda: form.set_cut_off(cut_off))
            and self._try(lambda: form.set_sessions(sessions))
            and self._try(lambda: form.set_targets(*targets))
            and self._try(lambda: form.set_follow_up_days(days))
        )

    def save(self) -> None:
        if not self.form.doc or not self._take_fields():
            return
        document, version = self.form.to_document(), self.form.version
        api = self.controller.api
        serial = self._next_serial()
        self._seen_while_saving = 0
        self.save_button.setEnabled(False)
        self.controller.run(
            lambda: api.put_hall_config(document, version),
            lambda result: self._saved(serial, result),
            lambda _error: self.save_button.setEnabled(True),
        )

    def _saved(self, serial: int, result: tuple[dict[str, Any], str | None]) -> None:
        self.save_button.setEnabled(True)
        if serial != self._serial:
            return
        doc, version = result
        self.form.load(doc, version)
        self.state.setText(f"已保存第 {doc.get('version', '?')} 版，已生效")
        held = self._held_version()
        if held is not None and self._seen_while_saving > held:
            self.state.setText(f"已保存第 {held} 版；之后配置又被他人修改，请重新读取")
