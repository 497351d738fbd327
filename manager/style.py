"""The dashboard's stylesheet, filled with the shared theme's variables (resources/qss/themes.toml,
normal variant). A desk application: mouse and keyboard, denser than the kiosk. Widgets are
selected by their `role` property; every rule that sets `color` sets its `background-color` too.

The template is kept here rather than in a .qss file so that it ships with the package without
a package-data entry.
"""

from __future__ import annotations

import re
from functools import cache

from hallui.theme import Variant, load_theme

__all__ = ["ALERT_COLOURS", "stylesheet"]

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")

#: Row tints for the tables (background, text); text on them keeps a contrast over 4.5:1.
ALERT_COLOURS = {
    "critical": ("#FDE7E4", "#8A1A12"),
    "warning": ("#FFF1CC", "#4D3500"),
}


@cache
def stylesheet() -> str:
    theme = load_theme(Variant.NORMAL)
    return _PLACEHOLDER.sub(lambda m: theme.get(m.group(1)), _TEMPLATE)


_TEMPLATE = """
QWidget#DashboardWindow, QWidget[role="screen"] {
    background-color: {{ bg }};
    color: {{ text }};
    font-family: "{{ font_family }}";
    font-size: 11pt;
}
QFrame[role="header"] {
    background-color: {{ header_bg }};
    border: none;
}
QLabel[role="header_title"] {
    color: {{ header_text }};
    background-color: {{ header_bg }};
    font-size: 16pt;
    font-weight: bold;
}
QLabel[role="header_status"] {
    color: {{ header_text }};
    background-color: {{ header_bg }};
    font-size: 11pt;
}
QLabel[role="section"] {
    color: {{ text }};
    background-color: {{ bg }};
    font-size: 13pt;
    font-weight: bold;
}
QLabel[role="muted"] {
    color: {{ muted }};
    background-color: {{ bg }};
}
QLabel[role="error"] {
    color: {{ banner_text }};
    background-color: {{ banner_bg }};
    padding: 6px;
}
QFrame[role="card"] {
    background-color: {{ surface }};
    border: 1px solid {{ border }};
    border-radius: 8px;
}
QLabel[role="card_value"] {
    color: {{ primary }};
    background-color: {{ surface }};
    font-size: 22pt;
    font-weight: bold;
}
QLabel[role="card_label"] {
    color: {{ muted }};
    background-color: {{ surface }};
    font-size: 10pt;
}
QTableWidget, QListWidget {
    background-color: {{ surface }};
    color: {{ text }};
    gridline-color: {{ border }};
    border: 1px solid {{ border }};
    font-size: 11pt;
}
QHeaderView::section {
    background-color: {{ header_bg }};
    color: {{ header_text }};
    padding: 4px;
    border: none;
    font-weight: bold;
}
QTabBar::tab {
    background-color: {{ surface }};
    color: {{ text }};
    padding: 8px 18px;
    border: 1px solid {{ border }};
    font-size: 12pt;
}
QTabBar::tab:selected {
    background-color: {{ primary }};
    color: {{ on_primary }};
}
QPushButton {
    background-color: {{ surface }};
    color: {{ primary }};
    border: 1px solid {{ primary }};
    border-radius: 6px;
    padding: 6px 14px;
    min-height: 28px;
}
QPushButton[role="primary"] {
    background-color: {{ primary }};
    color: {{ on_primary }};
}
QPushButton:disabled {
    background-color: {{ bg }};
    color: {{ muted }};
    border-color: {{ border }};
}
QLineEdit, QSpinBox, QComboBox, QDateEdit, QTimeEdit, QPlainTextEdit {
    background-color: {{ surface }};
    color: {{ text }};
    border: 1px solid {{ border }};
    padding: 3px;
    min-height: 24px;
}
"""
