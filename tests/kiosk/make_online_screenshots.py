"""Screenshots of the kiosk's online screens (取号, the ticket, printer trouble, offline, 排队进度,
好差评, 预先扫描, 预约签到), normal and elder mode, into docs/kiosk/ — against a real hall server
process.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.kiosk.make_online_screenshots``
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from hallcore.catalog import load_catalog
from hallcore.queue.config import DEFAULT_PRIORITY_CLASSES
from hallui.dialogs import ScriptedDialogs
from hallui.fonts import apply_app_font
from kiosk.app import build_kiosk, connect_services
from kiosk.model.appointments import CheckInState
from kiosk.model.prescan import DraftDelivery, PageScanner, PrescanState
from kiosk.model.ticketing import TicketPrintState
from kiosk.window import KioskWindow
from printing.escpos_output import PrinterConfig
from scanning import FileSource
from scanning.synthetic import PageSpec, make_page
from tests.kiosk.online_support import ELDER_ID, RecordingPrinter, pinned_clock
from tests.live_server import ServerProcess, free_port, running_server

DOCS = Path(__file__).parents[2] / "docs" / "kiosk"
SIZE = (1080, 1920)
ELDERLY = next(c for c in DEFAULT_PRIORITY_CLASSES if c.code == "elderly")


def wait_for(app: QApplication, condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def take(app: QApplication, window: KioskWindow) -> None:
    session = window.session
    session.open_theme("BIRTH")
    session.open_ticket()
    window.screens[session.route].take()  # type: ignore[attr-defined]
    wait_for(
        app,
        lambda: (
            session.ticket_form.print_state in (TicketPrintState.PRINTED, TicketPrintState.FAILED)
        ),
    )


def book(server: ServerProcess, start: str, end: str) -> str:
    """An appointment for 新生儿出生 on the hall's day; its check-in code."""
    body = {"theme": "BIRTH", "start": f"2024-05-06T{start}:00+08:00",
            "end": f"2024-05-06T{end}:00+08:00"}  # fmt: skip
    return str(server.admin("POST", "/appointments", body, key=uuid.uuid4().hex)["code"])


def scenes(app: QApplication, server: ServerProcess) -> dict[str, Callable[[KioskWindow], None]]:
    issued = server.admin("POST", "/tickets", {"theme": "birth"}, key=uuid.uuid4().hex)
    codes = iter([book(server, "09:30", "10:00") for _ in range(2)])

    def take_ticket(w: KioskWindow) -> None:
        w.session.open_theme("BIRTH")
        w.session.open_ticket()
        for key in ELDER_ID:
            w.session.ticket_form.type_key(key)
        w.session.ticket_form.set_priority(ELDERLY)

    def bad_id(w: KioskWindow) -> None:
        w.session.open_theme("BIRTH")
        w.session.open_ticket()
        for key in "110105194912310021":
            w.session.ticket_form.type_key(key)

    def status(w: KioskWindow) -> None:
        w.session.open_status()
        w.session.status_lookup.key.read_code(
            w.session.services.hall.status_url(  # type: ignore[union-attr]
                "busy-hall", issued["ticket"]["number"], issued["status_secret"]
            )
        )
        w.screens[w.session.route].ask()  # type: ignore[attr-defined]
        wait_for(app, lambda: w.session.status_lookup.result is not None)

    def rating(w: KioskWindow) -> None:
        w.session.open_rating()
        form = w.session.rating_form
        form.key.number = "Y001"
        form.key.secret = "ABC234"
        form.set_level(2)
        w.screens[w.session.route].send()  # type: ignore[attr-defined]

    def prescan(w: KioskWindow) -> None:
        take(app, w)
        w.session.open_prescan()
        w.screens[w.session.route].scan(w.session.prescan.materials[0])  # type: ignore[attr-defined]
        wait_for(app, lambda: w.session.prescan.delivery is DraftDelivery.DELIVERED, 60)

    def check_in_typed(w: KioskWindow) -> None:
        w.session.open_check_in()
        for key in "2024050":
            w.session.check_in.type_key(key)

    def check_in_unknown(w: KioskWindow) -> None:
        w.session.open_check_in()
        for key in "00000000":
            w.session.check_in.type_key(key)
        w.screens[w.session.route].submit()  # type: ignore[attr-defined]
        wait_for(app, lambda: w.session.check_in.state is CheckInState.FAILED)

    def checked_in(w: KioskWindow) -> None:
        w.session.open_check_in()
        w.session.check_in.read_code(next(codes))
        w.screens[w.session.route].submit()  # type: ignore[attr-defined]
        wait_for(
            app,
            lambda: (
                w.session.ticket_form.print_state
                in (TicketPrintState.PRINTED, TicketPrintState.FAILED)
            ),
        )

    def prescan_offline(w: KioskWindow) -> None:
        take(app, w)
        server.kill()  # the network drops while the person scans
        try:
            w.session.open_prescan()
            screen = w.screens[w.session.route]
            for material in w.session.prescan.materials[:2]:
                screen.scan(material)  # type: ignore[attr-defined]
                wait_for(app, lambda: w.session.prescan.state is PrescanState.READY, 60)
            wait_for(app, lambda: not w.session.services.online, 30)
        finally:
            server.start()

    def offline(w: KioskWindow) -> None:
        w.session.open_theme("BIRTH")
        w.session.open_ticket()

    return {
        "10_take_ticket": take_ticket,
        "11_take_ticket_bad_id": bad_id,
        "12_ticket_issued": lambda w: take(app, w),
        "13_ticket_print_failed": lambda w: take(app, w),
        "14_offline_take_ticket": lambda w: (
            w.session.open_theme("BIRTH"),
            w.session.open_ticket(),
        ),
        "15_queue_status": status,
        "16_rating_bad_needs_reason": rating,
        "17_prescan": prescan,
        "18_home_online": lambda w: None,
        "19_check_in": check_in_typed,
        "20_check_in_unknown_code": check_in_unknown,
        "21_check_in_ticket": checked_in,
        "22_check_in_offline": check_in_typed,
        "23_prescan_offline": prescan_offline,
    }


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_app_font(app)
    catalog = load_catalog()
    DOCS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, running_server(Path(folder)) as server:
        page = Path(folder) / "page.png"
        make_page(PageSpec(dpi=100, seed=3, lines=20)).save(page, dpi=(100, 100))
        for name, scene in scenes(app, server).items():
            for elder in (False, True):
                store = Path(folder) / f"{name}-{elder}.sqlite3"
                offline = name.startswith(("14", "22"))
                url = f"http://127.0.0.1:{free_port()}" if offline else server.base_url
                printer = RecordingPrinter(fail_next=1 if name.startswith("13") else 0)
                parts = connect_services(
                    url,
                    server.tokens["kiosk"],
                    store,
                    hall_name="句容市政务服务中心",
                    printer=PrinterConfig.from_uri("dummy:"),
                    printer_transport=printer,
                    scanner=PageScanner(FileSource([page]), str(page)),
                    clock=pinned_clock,
                    timeout=(0.5, 5.0),
                )
                window = build_kiosk(
                    catalog,
                    services=parts.services,
                    dialogs=ScriptedDialogs(),
                    bridge=parts.bridge,
                    probe_ms=500,
                )
                window.resize(*SIZE)
                window.show()
                window.start()
                wait_for(app, lambda w=window: w.sync_indicator.words.state != "unknown")
                window.session.set_elder_mode(elder)
                scene(window)
                for _ in range(5):
                    app.processEvents()
                    time.sleep(0.05)
                suffix = "elder" if elder else "normal"
                window.grab().save(str(DOCS / f"{name}_{suffix}.png"))
                window.locked = False
                window.close()
                window.shutdown()
                window.deleteLater()
                app.processEvents()


if __name__ == "__main__":
    main()
