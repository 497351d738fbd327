"""The crash handler: an unexpected exception is logged, written to a crash file, and the person
at the screen sees a calm message while the app returns to a clean start.

`CrashHandler.install()` replaces `sys.excepthook` (PySide6 reports exceptions raised in slots
through it) and `threading.excepthook`. Each crash calls `recover` (the kiosk wipes the session
and goes home). Crashes that repeat quickly — `max_crashes` within `window_s` — call `fatal`
instead, so a supervisor can restart the process (aesthetics_anchors.md §1, qutebrowser's
`crashsignal.py`).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, Slot

from hallui.dialogs import DialogService

__all__ = ["CrashHandler"]

log = logging.getLogger("onewindow.crash")


class CrashHandler(QObject):
    def __init__(
        self,
        dialogs: DialogService,
        *,
        recover: Callable[[], None],
        fatal: Callable[[], None],
        crash_dir: Path | None = None,
        max_crashes: int = 3,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.dialogs = dialogs
        self.recover = recover
        self.fatal = fatal
        self.crash_dir = crash_dir
        self.max_crashes = max_crashes
        self.window_s = window_s
        self.clock = clock
        self.crashes: list[float] = []
        self._handling = False
        self._previous: tuple[object, object] | None = None

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self._record(args.exc_type, args.exc_value, args.exc_traceback)
        # The message and the recovery belong to the UI thread.
        QMetaObject.invokeMethod(self, "_recover_on_ui", Qt.ConnectionType.QueuedConnection)

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.fatal()
            return
        self._record(exc_type, exc, tb)
        self._recover_on_ui()

    def _record(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        self.crashes.append(self.clock())
        if self.crash_dir is not None:
            try:
                self.crash_dir.mkdir(parents=True, exist_ok=True)
                name = f"crash-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.txt"
                text = "".join(traceback.format_exception(exc_type, exc, tb))
                (self.crash_dir / name).write_text(text, encoding="utf-8")
            except OSError:
                log.exception("could not write the crash file")

    @Slot()
    def _recover_on_ui(self) -> None:
        if self._handling:  # a crash while showing the message: do not loop
            return
        self._handling = True
        try:
            now = self.clock()
            recent = [t for t in self.crashes if now - t <= self.window_s]
            if len(recent) >= self.max_crashes:
                log.critical("%d crashes within %.0f s: giving up", len(recent), self.window_s)
                self.fatal()
                return
            self.dialogs.inform(
                QCoreApplication.translate("CrashHandler", "温馨提示"),
                QCoreApplication.translate(
                    "CrashHandler",
                    "抱歉，系统刚才遇到一点问题，已经为您重新开始。如需帮助，请按“呼叫帮办”。",
                ),
            )
            self.recover()
        finally:
            self._handling = False
