"""App start-up shared by every OneWindow app: the QApplication with its name, the bundled font,
the translation, logging with Qt's messages routed in.

Each app then builds its window, its dialog service and its `hallui.crash.CrashHandler` (which
needs to know how that app recovers).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from hallui.fonts import apply_app_font
from hallui.i18n import install_translator
from hallui.logs import configure_logging, install_qt_message_handler

__all__ = ["GEOMETRY_VARIABLE", "create_application", "parse_geometry"]

log = logging.getLogger("onewindow.ui")


def create_application(
    app_name: str,
    *,
    argv: Sequence[str] | None = None,
    language: str = "zh_CN",
    log_dir: Path | None = None,
    base_point_size: float = 14.0,
) -> QApplication:
    """The QApplication (the existing one if there is one), set up for OneWindow."""
    configure_logging(log_dir)
    install_qt_message_handler()
    QCoreApplication.setOrganizationName("OneWindow")
    QCoreApplication.setApplicationName(app_name)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setAttribute(Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
    apply_app_font(app, base_point_size)
    install_translator(app, language)
    geometry = parse_geometry(os.environ.get(GEOMETRY_VARIABLE, ""))
    if geometry is not None:
        app.installEventFilter(_FirstWindowPlacer(app, geometry))
    log.info("%s started (language %s, platform %s)", app_name, language, app.platformName())
    return app


#: "x,y,width,height": where the app's first window goes. `onewindow demo` tiles the kiosk, the
#: board, the desk and the dashboard on one screen this way, with or without a window manager.
GEOMETRY_VARIABLE = "ONEWINDOW_WINDOW_GEOMETRY"


def parse_geometry(text: str) -> QRect | None:
    """`"0,0,960,540"` → a QRect; anything else (empty, malformed, non-positive size) → None."""
    parts = text.split(",")
    if len(parts) != 4:
        return None
    try:
        x, y, width, height = (int(p.strip()) for p in parts)
    except ValueError:
        log.warning("%s ignored: %r is not x,y,width,height", GEOMETRY_VARIABLE, text)
        return None
    if width <= 0 or height <= 0:
        return None
    return QRect(x, y, width, height)


class _FirstWindowPlacer(QObject):
    """Puts the first top-level window shown where `geometry` says, then steps aside."""

    def __init__(self, app: QApplication, geometry: QRect) -> None:
        super().__init__(app)
        self._app = app
        self._geometry = geometry

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() in (Qt.WindowType.Window, Qt.WindowType.Widget)
        ):
            self._app.removeEventFilter(self)
            watched.setGeometry(self._geometry)
        return False
