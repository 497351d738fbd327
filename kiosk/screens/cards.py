"""A card: a heading and rows of text on a surface, the building block of the guide and the
checklist screens."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from hallui.widgets import label

__all__ = ["Card"]


class Card(QFrame):
    def __init__(self, heading: str, *, name: str = "") -> None:
        super().__init__()
        self.setProperty("role", "card")
        if name:
            self.setObjectName(name)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(20, 16, 20, 16)
        self._layout.setSpacing(6)
        self.heading = label(heading, "card_heading")
        self._layout.addWidget(self.heading)

    def add(self, text: str, role: str = "card_body", *, space_before: int = 0) -> None:
        if space_before:
            self._layout.addSpacing(space_before)
        self._layout.addWidget(label(text, role))

    def texts(self) -> list[str]:
        return [w.text() for w in self.findChildren(QLabel)]
