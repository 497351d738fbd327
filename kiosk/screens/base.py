"""What every kiosk screen has: the session it shows, a listener for it, and a small lifecycle.

`enter()` runs when the screen is shown (it refreshes from the session), `leave()` when another
screen replaces it; `voice_prompt()` is what the voice guide says on arrival.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hallui.qt_bridge import ModelListener
from kiosk.model.session import KioskSession

__all__ = ["Screen"]


class Screen(QWidget):
    def __init__(self, session: KioskSession) -> None:
        super().__init__()
        self.session = session
        self.setProperty("role", "screen")
        self.listener = ModelListener(self)

    def enter(self) -> None:
        """Show the session's current state."""

    def leave(self) -> None:
        """Another screen takes over."""

    def voice_prompt(self) -> str:
        return ""
