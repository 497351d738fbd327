"""The on-screen pads: digits with X (an ID number), digits alone (an appointment code), and
letters with digits (a ticket number and its 查询码). Big keys that take no focus, so a
keyboard-wedge reader's typing still reaches the screen's input."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from hallui.widgets import push_button

__all__ = ["CODE_ROWS", "DIGIT_ROWS", "TICKET_ROWS", "KeyPad"]

DIGIT_ROWS = ("123", "456", "789", "X0⌫")
CODE_ROWS = ("123", "456", "789", " 0⌫")  # a space leaves its cell empty
TICKET_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM⌫")
BACKSPACE = "⌫"


class KeyPad(QWidget):
    """A grid of keys; `on_key(key)` for a character, `on_backspace()` for 删除."""

    def __init__(
        self,
        rows: Sequence[str],
        on_key: Callable[[str], None],
        on_backspace: Callable[[], None],
        *,
        name: str,
    ) -> None:
        super().__init__()
        self.setProperty("role", "screen")
        self.setObjectName(name)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.keys: dict[str, QPushButton] = {}
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                if key == " ":
                    continue
                if key == BACKSPACE:
                    button = push_button(self.tr("删除"), "key", name=f"{name}_delete")
                    button.clicked.connect(on_backspace)
                else:
                    button = push_button(key, "key", name=f"{name}_{key}")
                    button.clicked.connect(lambda _=False, k=key: on_key(k))
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                self.keys[key] = button
                grid.addWidget(button, r, c)
