"""The desk's stylesheet: dense but legible clerk screens (keyboard first, 1366×768 must fit).

The desk is a staff tool on an ordinary monitor, not a touch kiosk: 11–12 pt text, buttons one
line high with their function key printed on them. Widgets are styled through their ``role``
property, as in the kiosk's QSS.
"""

from __future__ import annotations

__all__ = ["DESK_QSS"]

DESK_QSS = """
QWidget { font-size: 11pt; color: #17202B; background-color: #EEF2F7; }
QLineEdit, QComboBox, QPlainTextEdit, QListWidget, QTreeWidget, QTableWidget, QDateEdit {
    background-color: #FFFFFF; color: #17202B; border: 1px solid #A9B6C5; border-radius: 3px;
    padding: 2px 4px; min-height: 22px;
}
QTabWidget::pane { border: 1px solid #A9B6C5; background-color: #FFFFFF; }
QTabBar::tab { background-color: #DCE3EC; color: #17202B; padding: 5px 12px; }
QTabBar::tab:selected { background-color: #FFFFFF; color: #0A58A8; font-weight: bold; }
QPushButton { background-color: #FFFFFF; color: #17202B; border: 1px solid #7D8B9B;
    border-radius: 3px; padding: 4px 10px; min-height: 24px; }
QPushButton:focus { border: 2px solid #0A58A8; }
QPushButton:disabled { background-color: #E4E8EE; color: #6B7684; border-color: #C3CCD6; }
QPushButton[role="primary"] { background-color: #0A58A8; color: #FFFFFF; border-color: #073F7A; }
QPushButton[role="primary"]:disabled { background-color: #9DB6D2; color: #F4F7FB; }
QPushButton[role="danger"] { background-color: #FFFFFF; color: #A3201B; border-color: #A3201B; }
QLabel[role="title"] { font-size: 15pt; font-weight: bold; background-color: transparent; }
QLabel[role="heading"] { font-size: 12pt; font-weight: bold; color: #0A3F78;
    background-color: transparent; }
QLabel[role="body"], QLabel[role="muted"], QLabel[role="sync_state"], QLabel[role="sync_detail"]
    { background-color: transparent; }
QLabel[role="muted"], QLabel[role="sync_detail"] { color: #46525F; font-size: 10pt; }
QLabel[role="ticket"] { font-size: 30pt; font-weight: bold; color: #0A58A8;
    background-color: transparent; }
QLabel[role="count"] { font-size: 18pt; font-weight: bold; color: #17202B;
    background-color: transparent; }
QLabel[role="message"] { background-color: #FFF4D6; color: #5C3B00; padding: 4px;
    border: 1px solid #E0B44C; }
QLabel[role="source"] { background-color: #EAF2FB; color: #0A3F78; padding: 4px;
    border: 1px solid #9DB6D2; }
QLabel[role="finding_blocking"] { background-color: #FDECEA; color: #7A1712; padding: 3px; }
QLabel[role="finding_correctable"] { background-color: #EAF2FB; color: #0A3F78; padding: 3px; }
QLabel[role="finding_tolerable"] { background-color: #FFF4D6; color: #5C3B00; padding: 3px; }
QLabel[role="finding_warning"] { background-color: #F3EAFB; color: #4A1C6B; padding: 3px; }
QFrame[role="panel"] { background-color: #FFFFFF; border: 1px solid #A9B6C5; }
QFrame[role="panel"] QLabel { background-color: #FFFFFF; }
QStatusBar { background-color: #DCE3EC; color: #17202B; }
"""
