"""The idle-timeout watcher: no touch, click or key for a while, and the session is wiped.

`IdleWatcher` filters the application's input events; each one restarts the countdown. Shortly
before the end it emits `warning` (the kiosk may ask "还在吗？"), at the end `timed_out`. The
timeouts are injected, so tests use milliseconds and no sleeps.

Signals:
    warning(): `warn_ms` before the timeout.
    timed_out(): the timeout has passed with no input.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

__all__ = ["IdleWatcher"]

_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    warning = Signal()
    timed_out = Signal()

    def __init__(self, timeout_ms: int, warn_ms: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if timeout_ms <= 0 or not 0 <= warn_ms < timeout_ms:
            raise ValueError("need 0 <= warn_ms < timeout_ms")
        self.timeout_ms = timeout_ms
        self.warn_ms = warn_ms
        self._timeout = QTimer(self, singleShot=True, interval=timeout_ms)
        self._timeout.timeout.connect(self.timed_out)
        self._warn = QTimer(self, singleShot=True, interval=timeout_ms - warn_ms)
        self._warn.timeout.connect(self.warning)
        self._installed = False

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.poke()

    def stop(self) -> None:
        self._timeout.stop()
        self._warn.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def active(self) -> bool:
        return self._timeout.isActive()

    def poke(self) -> None:
        """Restart the countdown (any input does this)."""
        self._timeout.start()
        if self.warn_ms:
            self._warn.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.poke()
        return False
