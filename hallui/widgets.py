"""Small widgets shared by the touch screens: a wrapping tile button, labelled text, a scroll page.

Styling is by the ``role`` property and the app's QSS (`hallui.theme`), never inline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

__all__ = ["Tile", "clear_layout", "label", "push_button", "repolish", "scroll_page"]


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a property the selectors read has changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QWidget):
        style.unpolish(child)
        style.polish(child)


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of `layout` (a screen rebuilding its content)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def label(text: str, role: str = "body", *, wrap: bool = True, name: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if name:
        widget.setObjectName(name)
    return widget


def push_button(text: str, role: str = "secondary", *, name: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", role)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    if name:
        button.setObjectName(name)
    return button


def scroll_page(content: QWidget) -> QScrollArea:
    """`content` in a scroll area that a finger can drag (kinetic scrolling)."""
    area = QScrollArea()
    area.setProperty("role", "page")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area


class Tile(QFrame):
    """A large touch target with a title and an optional line under it, both wrapping.

    A QPushButton cannot wrap its text; a theme name such as 二手房转移登记及水电气联动过户“一件事”
    must. Clicks, Enter and Space activate it; `checkable` tiles toggle (multiple-choice answers).

    Signals:
        clicked(): the tile was activated.
    """

    clicked = Signal()

    def __init__(
        self, title: str, detail: str = "", *, role: str = "tile", checkable: bool = False
    ) -> None:
        super().__init__()
        self.setProperty("role", role)
        self.setProperty("checked", False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.checkable = checkable
        self.title = label(title, f"{role}_title")
        self.title.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        self.detail = label(detail, f"{role}_detail")
        self.detail.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.detail.setVisible(bool(detail))
        layout.addWidget(self.detail)
        self.setAccessibleName(title)

    @property
    def checked(self) -> bool:
        return bool(self.property("checked"))

    def set_checked(self, on: bool) -> None:
        if on != self.checked:
            self.setProperty("checked", on)
            repolish(self)

    def _activate(self) -> None:
        if self.checkable:
            self.set_checked(not self.checked)
        self.clicked.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self._activate()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._activate()
            return
        super().keyPressEvent(event)
