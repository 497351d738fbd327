"""The kiosk application: ``python -m kiosk`` (and, later, ``onewindow kiosk``), offline.

`main(argv)` parses the options, starts Qt through `hallui.bootstrap`, loads the shipped catalog,
and shows the kiosk locked full screen. `build_kiosk(...)` assembles the window from its parts
and is what the tests and the screenshot script use.

Options (environment variables in brackets):

* ``--windowed`` — a normal window instead of the locked full screen (development);
* ``--lang zh_CN|en``; ``--hall NAME``; ``--kiosk-id ID``;
* ``--printer URI`` — the ticket printer for the checklist (``dummy:``,
  ``usb://0416:5011``, ``network://10.0.0.50``; see `printing.escpos_output.PrinterConfig`);
* ``--voice-engine NAME`` (``speechd``, ``sapi``, ``winrt``, ``mock``; ``none`` for silence);
* ``--idle-seconds N``; ``--log-dir DIR``; ``--quit-after-ms N`` (smoke tests, start-up benchmark);
* the admin PIN [``ONEWINDOW_KIOSK_PIN``], at least 4 digits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from hallcore.catalog import Catalog, load_catalog
from hallui.bootstrap import create_application
from hallui.crash import CrashHandler
from hallui.dialogs import DialogService, QtDialogService
from hallui.voice import VoiceGuide
from kiosk.model.admin import CornerTaps, PinCheck
from kiosk.model.services import KioskServices
from kiosk.model.session import KioskSession
from kiosk.window import KioskWindow

__all__ = ["build_kiosk", "main"]

log = logging.getLogger("onewindow.kiosk")

DEFAULT_PIN = "20240601"  # replaced on enrolment; a warning is logged while it is in use


def build_kiosk(
    catalog: Catalog,
    *,
    services: KioskServices | None = None,
    dialogs: DialogService | None = None,
    voice: VoiceGuide | None = None,
    admin_pin: str = DEFAULT_PIN,
    corner_taps: CornerTaps | None = None,
    idle_timeout_ms: int = 120_000,
    idle_warning_ms: int = 20_000,
) -> KioskWindow:
    """The kiosk window over a fresh session of `catalog` (nothing shown yet)."""
    session = KioskSession(catalog, services or KioskServices())
    qt_dialogs = QtDialogService()
    window = KioskWindow(
        session,
        dialogs=dialogs or qt_dialogs,
        voice=voice,
        admin_pin=PinCheck(admin_pin),
        corner_taps=corner_taps,
        idle_timeout_ms=idle_timeout_ms,
        idle_warning_ms=idle_warning_ms,
    )
    qt_dialogs.parent = window
    return window


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="一窗通 自助服务终端（离线）")
    parser.add_argument("--windowed", action="store_true", help="普通窗口，不锁定全屏（开发用）")
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--hall", default="政务服务中心", help="大厅名称")
    parser.add_argument("--kiosk-id", default="kiosk-1")
    parser.add_argument("--printer", default="", help="告知单打印机，如 usb://0416:5011、dummy:")
    parser.add_argument("--voice-engine", default="", help="speechd / sapi / winrt / mock / none")
    parser.add_argument("--idle-seconds", type=int, default=120)
    parser.add_argument("--log-dir", type=Path, default=None)
    parser.add_argument(
        "--quit-after-ms",
        type=int,
        default=0,
        help="显示首屏后若干毫秒退出（冒烟测试和启动基准用）",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the kiosk until the admin exit; returns the process exit code."""
    started = time.perf_counter()
    args = _parser().parse_args(argv)
    app = create_application("kiosk", language=args.lang, log_dir=args.log_dir)
    catalog = load_catalog()

    print_checklist = None
    if args.printer:
        # Imported only with a printer: the escpos stack is not needed to show the screens.
        from kiosk.checklist_print import EscposChecklistPrinter
        from printing.escpos_output import PrinterConfig

        print_checklist = EscposChecklistPrinter(
            PrinterConfig.from_uri(args.printer), hall_name=args.hall
        )
    services = KioskServices(
        print_checklist=print_checklist, kiosk_id=args.kiosk_id, hall_name=args.hall
    )
    voice = None
    if args.voice_engine != "none":
        voice = VoiceGuide(args.voice_engine or None)
    pin = os.environ.get("ONEWINDOW_KIOSK_PIN", "")
    if not pin:
        log.warning("ONEWINDOW_KIOSK_PIN is not set: the default admin PIN is in use")
        pin = DEFAULT_PIN
    window = build_kiosk(
        catalog,
        services=services,
        voice=voice,
        admin_pin=pin,
        idle_timeout_ms=args.idle_seconds * 1000,
        idle_warning_ms=min(20_000, args.idle_seconds * 500),
    )
    crash = CrashHandler(
        window.dialogs,
        recover=window.session.reset,
        fatal=lambda: app.exit(70),
        crash_dir=args.log_dir,
    )
    crash.install()
    window.exit_requested.connect(lambda: _quit(app, window))
    if args.windowed:
        window.locked = False
        window.resize(1080, 1920)
        window.show()
    else:
        window.setWindowFlags(
            window.windowFlags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        window.showFullScreen()
    window.start()
    QTimer.singleShot(
        0, lambda: log.info("first screen shown %.0f ms after start", _ms_since(started))
    )
    if args.quit_after_ms:
        window.locked = False
        QTimer.singleShot(args.quit_after_ms, lambda: _quit(app, window))
    try:
        return app.exec()
    finally:
        crash.uninstall()
        window.shutdown()


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _quit(app: QApplication, window: KioskWindow) -> None:
    window.close()
    app.quit()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
