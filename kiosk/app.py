"""The kiosk application: ``python -m kiosk`` and ``onewindow kiosk``.

`main(argv)` parses the options, starts Qt through `hallui.bootstrap`, loads the catalog, and
shows the kiosk locked full screen. `build_kiosk(...)` assembles the window from its parts and is
what the tests and the screenshot script use; `connect_services(...)` builds the online parts
(`ApiClient`, `Store`, `Sender`, `HallLink`, the ticket printer) and the `SyncBridge`.

Online (``--server URL`` with the enrolled device token): the catalog is the server's, by ETag —
the kiosk starts at once on its cached copy (the shipped one before the first sync) and refreshes
it in the background; a newer catalog is used from the next start. Without ``--server`` the
kiosk runs offline: guides and checklists only, and it says so.

Options (environment variables in brackets):

* ``--windowed`` — a normal window instead of the locked full screen (development);
* ``--lang zh_CN|en``; ``--hall NAME``; ``--kiosk-id ID``;
* ``--printer URI`` — the ticket printer for the checklist (``dummy:``,
  ``usb://0416:5011``, ``network://10.0.0.50``; see `printing.escpos_output.PrinterConfig`);
* ``--voice-engine NAME`` (``speechd``, ``sapi``, ``winrt``, ``mock``; ``none`` for silence);
* ``--idle-seconds N``; ``--log-dir DIR``; ``--quit-after-ms N`` (smoke tests, start-up benchmark);
* ``--server URL`` and ``--token TOKEN`` [``ONEWINDOW_KIOSK_TOKEN``] — the hall server and
  this kiosk's device token; ``--store PATH`` — the local store (default: in the user data
  folder, platformdirs); ``--scanner sane:DEVICE|file:PATH`` — for the optional pre-scan;
* the admin PIN [``ONEWINDOW_KIOSK_PIN``], at least 4 digits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from hallcore.catalog import Catalog, CatalogError, load_catalog
from hallui.bootstrap import create_application
from hallui.crash import CrashHandler
from hallui.dialogs import DialogService, QtDialogService
from hallui.voice import VoiceGuide
from kiosk.model.admin import CornerTaps, PinCheck
from kiosk.model.services import KioskServices
from kiosk.model.session import KioskSession
from kiosk.window import KioskWindow

if TYPE_CHECKING:
    from hallui.sync_bridge import SyncBridge
    from kiosk.model.prescan import PageScanner
    from printing.escpos_output import PrinterConfig
    from server_sync import Store

__all__ = ["OnlineParts", "build_kiosk", "catalog_from_body", "connect_services", "main"]

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
    bridge: SyncBridge | None = None,
    probe_ms: int = 15_000,
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
        bridge=bridge,
        probe_ms=probe_ms,
    )
    if bridge is not None:
        bridge.setParent(window)
    qt_dialogs.parent = window
    return window


@dataclass
class OnlineParts:
    services: KioskServices
    bridge: SyncBridge
    store: Store


def connect_services(
    server_url: str,
    token: str,
    store_path: Path,
    *,
    kiosk_id: str = "kiosk-1",
    hall_name: str = "政务服务中心",
    printer: PrinterConfig | None = None,
    printer_transport: Callable[[PrinterConfig], Any] | None = None,
    scanner: PageScanner | None = None,
    clock: Callable[[], dt.datetime] = dt.datetime.now,
    timeout: tuple[float, float] = (3.05, 10.0),
) -> OnlineParts:
    """The kiosk's online services over one hall server (nothing is started here)."""
    from hallui.sync_bridge import SyncBridge
    from kiosk.model.hall_link import HallLink
    from kiosk.model.services import OutboxHelpDesk
    from kiosk.ticket_print import KioskTicketPrinter
    from printing.ticket_printer import TicketPrinter
    from server_sync import ApiClient, Sender, Store, default_retry, make_session

    store_path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(store_path)
    # Two clients, two sessions: the outbox's thread and the kiosk's network worker.
    outbox = Sender(store, ApiClient(server_url, make_session(), token=token, timeout=timeout))
    # The kiosk's own requests have a person waiting at the screen: two quick connection
    # retries, then say so (the outbox, with nobody waiting, keeps the patient default).
    direct = make_session(default_retry(backoff_factor=0.1, total=2))
    hall = HallLink(ApiClient(server_url, direct, token=token, timeout=timeout), store, outbox)
    ticket_printer = None
    print_checklist = None
    if printer is not None:
        from kiosk.checklist_print import EscposChecklistPrinter

        engine = (
            TicketPrinter(printer, transport=printer_transport, clock=clock)
            if printer_transport is not None
            else None
        )
        ticket_printer = KioskTicketPrinter(
            printer, hall_name=hall_name, clock=clock, printer=engine
        )
        print_checklist = EscposChecklistPrinter(printer, hall_name=hall_name, clock=clock)
    services = KioskServices(
        help_desk=OutboxHelpDesk(outbox),
        print_checklist=print_checklist,
        kiosk_id=kiosk_id,
        hall_name=hall_name,
        clock=clock,
        hall=hall,
        ticket_printer=ticket_printer,
        outbox=outbox,
        store=store,
        scanner=scanner,
    )
    return OnlineParts(services, SyncBridge(sender=outbox), store)


def catalog_from_body(body: Any) -> Catalog:
    """The catalog the server publishes (``{version, files: {name: YAML}}``), checked on load."""
    files = body.get("files") if isinstance(body, dict) else None
    if not isinstance(files, dict) or not files:
        raise ValueError("服务器的目录为空 / the server's catalog is empty")
    with tempfile.TemporaryDirectory(prefix="onewindow-catalog-") as folder:
        for name, text in files.items():
            if "/" in name or "\\" in name or not name.endswith(".yaml"):
                raise ValueError(f"目录文件名无效 / bad catalog file name {name!r}")
            (Path(folder) / name).write_text(str(text), encoding="utf-8")
        return load_catalog(Path(folder))


def _scanner(spec: str) -> PageScanner:
    from kiosk.model.prescan import PageScanner

    kind, _, target = spec.partition(":")
    if kind == "sane":
        from scanning.sane_source import SaneSource

        return PageScanner(SaneSource(), target or "test")
    if kind == "file":
        from scanning import FileSource

        return PageScanner(FileSource([Path(target)]), target)
    raise SystemExit(f"--scanner: sane:DEVICE 或 file:PATH / unknown scanner {spec!r}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="一窗通 自助服务终端（离线）")
    parser.add_argument("--windowed", action="store_true", help="普通窗口，不锁定全屏（开发用）")
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--hall", default="政务服务中心", help="大厅名称")
    parser.add_argument("--kiosk-id", default="kiosk-1")
    parser.add_argument("--printer", default="", help="告知单打印机，如 usb://0416:5011、dummy:")
    parser.add_argument("--voice-engine", default="", help="speechd / sapi / winrt / mock / none")
    parser.add_argument("--server", default="", help="大厅服务器地址，如 http://10.0.0.2:8080")
    parser.add_argument("--token", default="", help="本机的设备令牌（或 ONEWINDOW_KIOSK_TOKEN）")
    parser.add_argument("--store", type=Path, default=None, help="本机数据文件（默认在用户目录）")
    parser.add_argument("--scanner", default="", help="预先扫描用：sane:设备名 或 file:文件")
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
    token = args.token or os.environ.get("ONEWINDOW_KIOSK_TOKEN", "")
    if args.server and not token:
        raise SystemExit("--server 需要设备令牌：--token 或 ONEWINDOW_KIOSK_TOKEN")

    printer = None
    if args.printer:
        # Imported only with a printer: the escpos stack is not needed to show the screens.
        from printing.escpos_output import PrinterConfig

        printer = PrinterConfig.from_uri(args.printer)
    bridge = None
    if args.server:
        online = connect_services(
            args.server,
            token,
            args.store or _default_store(args.kiosk_id),
            kiosk_id=args.kiosk_id,
            hall_name=args.hall,
            printer=printer,
            scanner=_scanner(args.scanner) if args.scanner else None,
        )
        services, bridge = online.services, online.bridge
        catalog = _cached_catalog(online.store)
    else:
        print_checklist = None
        if printer is not None:
            from kiosk.checklist_print import EscposChecklistPrinter

            print_checklist = EscposChecklistPrinter(printer, hall_name=args.hall)
        services = KioskServices(
            print_checklist=print_checklist, kiosk_id=args.kiosk_id, hall_name=args.hall
        )
        catalog = load_catalog()
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
        bridge=bridge,
    )
    if services.hall is not None and services.store is not None:
        _refresh_catalog_later(window, services.store)
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


def _default_store(kiosk_id: str) -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("onewindow", "OneWindow")) / f"kiosk-{kiosk_id}.sqlite3"


def _cached_catalog(store: Store) -> Catalog:
    """The last catalog the server sent, or the shipped one (first start, or a bad copy)."""
    from server_sync import cached_catalog

    copy = cached_catalog(store)
    if copy.body is not None:
        try:
            return catalog_from_body(copy.body)
        except (CatalogError, ValueError, OSError):
            log.exception("the cached catalog does not load; using the shipped one")
    return load_catalog()


def _refresh_catalog_later(window: KioskWindow, store: Store) -> None:
    """Ask the server for a newer catalog (ETag) on the network worker; used from next start."""
    from server_sync import refresh_catalog

    hall = window.session.services.hall
    assert hall is not None
    client = hall.client

    def done(copy: Any) -> None:
        if copy.error is not None:
            log.info("catalog not refreshed (%s); the cached copy stays", copy.error.code)
        elif not copy.not_modified:
            log.info("a newer catalog arrived; it is used from the next start")

    window.net_runner.run(
        lambda: refresh_catalog(store, client),
        done,
        lambda error: log.error("catalog refresh failed: %r", error),
    )


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _quit(app: QApplication, window: KioskWindow) -> None:
    window.close()
    app.quit()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
