"""报表: a day or a range read from the server, shown as tables and exported to CSV (Excel opens
it as UTF-8), XLSX and a printable PDF. The request and the writing run in the background."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hallui.widgets import clear_layout
from manager.controller import DashboardController
from manager.export import write_csv, write_pdf, write_xlsx
from manager.model.report import Report, report_from_json
from manager.screens.common import Screen, fill_table, make_table, section

__all__ = ["ReportsScreen"]

_WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ReportsScreen(Screen):
    title = "报表"

    def __init__(self, controller: DashboardController, *, export_dir: Path | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.report: Report | None = None
        today = controller.live.now().astimezone(controller.live.layout.time_zone).date()
        self.first = QDateEdit(_qdate(today))
        self.last = QDateEdit(_qdate(today))
        for edit, name in ((self.first, "report_from"), (self.last, "report_to")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setObjectName(name)
        self.make = QPushButton("生成报表")
        self.make.setProperty("role", "primary")
        self.make.setObjectName("make_report")
        self.make.clicked.connect(self.load_report)
        self.folder = QLineEdit(str(export_dir or Path.home()))
        self.folder.setObjectName("export_folder")
        self.buttons = {}
        for kind, text in (("csv", "导出 CSV"), ("xlsx", "导出 Excel"), ("pdf", "导出 PDF")):
            button = QPushButton(text)
            button.setObjectName(f"export_{kind}")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, k=kind: self.export(k))
            self.buttons[kind] = button
        self.result = QLabel("")
        self.result.setProperty("role", "muted")
        self.result.setObjectName("export_result")

        pick = QHBoxLayout()
        pick.addWidget(QLabel("从"))
        pick.addWidget(self.first)
        pick.addWidget(QLabel("到"))
        pick.addWidget(self.last)
        pick.addWidget(self.make)
        pick.addStretch(1)
        out = QHBoxLayout()
        out.addWidget(QLabel("导出到文件夹"))
        out.addWidget(self.folder, 1)
        for button in self.buttons.values():
            out.addWidget(button)
        self.body = QVBoxLayout()
        content = QWidget()
        content.setProperty("role", "screen")
        content.setLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addLayout(out)
        layout.addWidget(self.result)
        layout.addWidget(scroll, 1)

    def load_report(self) -> None:
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        if last < first:
            self.controller.error.emit("结束日期不能早于开始日期")
            return
        api = self.controller.api
        hall = self.controller.live.layout.name_zh
        self.make.setEnabled(False)
        self.controller.run(
            lambda: report_from_json(api.report(first, last), hall),
            self.show_report,
            lambda _error: self.make.setEnabled(True),
        )

    def show_report(self, report: Report) -> None:
        self.make.setEnabled(True)
        self.report = report
        clear_layout(self.body)
        self.body.addWidget(section(report.title))
        for i, table in enumerate(report.tables):
            self.body.addWidget(section(table.title))
            widget = make_table(table.headers, f"report_table_{i}")
            fill_table(widget, table.rows)
            # Tall enough for every row: the page scrolls, not each table.
            rows_height = sum(widget.rowHeight(r) for r in range(widget.rowCount()))
            widget.setFixedHeight(widget.horizontalHeader().sizeHint().height() + rows_height + 6)
            self.body.addWidget(widget)
        self.body.addStretch(1)
        for button in self.buttons.values():
            button.setEnabled(True)

    def export(self, kind: str) -> None:
        report = self.report
        if report is None:
            return
        folder = Path(self.folder.text().strip() or ".")
        if not folder.is_dir():
            self.controller.error.emit(f"文件夹不存在：{folder}")
            return
        stem = f"大厅报表_{report.first:%Y%m%d}-{report.last:%Y%m%d}"
        path = folder / f"{stem}.{kind}"
        writer = _WRITERS[kind]
        self.controller.run(
            lambda: writer(report, path), lambda p: self.result.setText(f"已导出：{p}")
        )
