"""Pieces every dashboard screen uses: a screen base with its model listener, a figure card, and
read-only tables filled from rows of text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallui.qt_bridge import ModelListener
from manager.style import ALERT_COLOURS

__all__ = ["FigureCard", "Screen", "fill_table", "make_table", "section"]


class Screen(QWidget):
    """A page of the dashboard: `title` is its tab's text; `refresh()` redraws from the models."""

    title = ""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.listener = ModelListener(self)

    def refresh(self) -> None:
        """Redraw from the models."""


def section(text: str) -> QLabel:
    widget = QLabel(text)
    widget.setProperty("role", "section")
    return widget


class FigureCard(QFrame):
    """One headline figure: a big value over a short label."""

    def __init__(self, label: str, name: str) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        self.value = QLabel("—")
        self.value.setProperty("role", "card_value")
        self.value.setObjectName(f"{name}_value")
        caption = QLabel(label)
        caption.setProperty("role", "card_label")
        layout.addWidget(self.value)
        layout.addWidget(caption)

    def set_value(self, text: str) -> None:
        self.value.setText(text)


def make_table(headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    return table


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    tints: Sequence[str | None] | None = None,
) -> None:
    """Replace the table's rows; `tints[i]` (`warning`, `critical`) colours row i."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        tint = tints[r] if tints is not None else None
        for c, text in enumerate(row):
            item = table.item(r, c)
            if item is None:
                item = QTableWidgetItem()
                table.setItem(r, c, item)
            if item.text() != text:
                item.setText(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if tint is not None:
                background, foreground = ALERT_COLOURS[tint]
                item.setBackground(QColor(background))
                item.setForeground(QColor(foreground))
            else:
                item.setData(Qt.ItemDataRole.BackgroundRole, None)
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
