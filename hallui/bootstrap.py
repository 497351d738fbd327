"""App start-up shared by every OneWindow app: the QApplication with its name, the bundled font,
the translation, logging with Qt's messages routed in.

Each app then builds its window, its dialog service and its `hallui.crash.CrashHandler` (which
needs to know how that app recovers).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from hallui.fonts import apply_app_font
from hallui.i18n import install_translator
from hallui.logs import configure_logging, install_qt_message_handler

__all__ = ["create_application"]

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
    log.info("%s started (language %s, platform %s)", app_name, language, app.platformName())
    return app
