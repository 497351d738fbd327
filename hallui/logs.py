"""Logging: named loggers under ``onewindow.*``, a rotating file, and Qt's messages routed in.

Loggers by subsystem: ``onewindow.kiosk``, ``onewindow.ui``, ``onewindow.voice``,
``onewindow.crash``, ``onewindow.qt`` (Qt's own messages). Logs carry ticket numbers and codes,
never names or ID numbers (DESIGN §3).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

__all__ = ["configure_logging", "install_qt_message_handler"]

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def configure_logging(log_dir: Path | None = None, level: int = logging.INFO) -> logging.Logger:
    """Log ``onewindow.*`` to stderr and, given `log_dir`, to a rotating ``onewindow.log``."""
    root = logging.getLogger("onewindow")
    root.setLevel(level)
    if not root.handlers:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(stream)
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            file = logging.handlers.RotatingFileHandler(
                log_dir / "onewindow.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
            file.setFormatter(logging.Formatter(FORMAT))
            root.addHandler(file)
    return root


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "default"
    logging.getLogger("onewindow.qt").log(
        _QT_LEVELS.get(mode, logging.WARNING), "[%s] %s", category, message
    )


def install_qt_message_handler() -> None:
    """Send Qt's warnings into Python logging (not in tests: pytest-qt captures them itself)."""
    qInstallMessageHandler(_qt_message)
