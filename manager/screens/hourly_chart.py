"""Arrivals (bars) and mean wait (line) by hour of the day, drawn with QPainter.

QtCharts would do, but it pulls in a large module for two series; this widget paints them in a
few lines and looks the same offscreen and on screen.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from manager.model.live import HourFigure

__all__ = ["HourlyChart"]

_BAR = QColor("#0A58A8")
_LINE = QColor("#B42318")
_AXIS = QColor("#46525F")
_GRID = QColor("#D5DCE5")
_SURFACE = QColor("#FFFFFF")


class HourlyChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("hourly_chart")
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.hours: list[HourFigure] = []

    def set_hours(self, hours: list[HourFigure]) -> None:
        if hours != self.hours:
            self.hours = list(hours)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), _SURFACE)
        font = QFont(self.font())
        font.setPointSizeF(9.5)
        painter.setFont(font)
        left, right, top, bottom = 48.0, 52.0, 30.0, 28.0
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        painter.setPen(_AXIS)
        painter.drawText(QRectF(left, 4, 240, 22), "■ 取号人数（左轴）", Qt.AlignmentFlag.AlignLeft)
        painter.setPen(_LINE)
        painter.drawText(
            QRectF(self.width() - right - 240, 4, 240, 22),
            "● 平均等待分钟（右轴）",
            Qt.AlignmentFlag.AlignRight,
        )
        if not self.hours or plot.width() <= 0 or plot.height() <= 0:
            return
        top_arrivals = max(1, max(h.arrivals for h in self.hours))
        waits = [h.mean_wait_seconds / 60 for h in self.hours if h.mean_wait_seconds is not None]
        top_wait = max(1.0, max(waits, default=1.0))
        painter.setPen(QPen(_GRID, 1))
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(_AXIS)
            painter.drawText(
                QRectF(0, y - 9, left - 6, 18),
                f"{top_arrivals * i / 4:.0f}",
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            )
            painter.setPen(_LINE)
            painter.drawText(
                QRectF(plot.right() + 6, y - 9, right - 6, 18),
                f"{top_wait * i / 4:.0f}",
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )
            painter.setPen(QPen(_GRID, 1))
        slot = plot.width() / len(self.hours)
        points: list[QPointF] = []
        for i, hour in enumerate(self.hours):
            x = plot.left() + slot * i
            height = plot.height() * hour.arrivals / top_arrivals
            painter.fillRect(
                QRectF(x + slot * 0.18, plot.bottom() - height, slot * 0.64, height), _BAR
            )
            painter.setPen(_AXIS)
            painter.drawText(
                QRectF(x, plot.bottom() + 4, slot, bottom - 4),
                f"{hour.hour}时",
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )
            if hour.mean_wait_seconds is not None:
                y = plot.bottom() - plot.height() * (hour.mean_wait_seconds / 60) / top_wait
                points.append(QPointF(x + slot / 2, y))
        painter.setPen(QPen(_LINE, 2))
        for a, b in itertools.pairwise(points):
            painter.drawLine(a, b)
        painter.setBrush(_LINE)
        for point in points:
            painter.drawEllipse(point, 3.5, 3.5)
        painter.end()
