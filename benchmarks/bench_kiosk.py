"""The kiosk: cold start to the first screen, and a tap on 取号 to the ticket's bytes ready.

Cold start is a fresh `python -m kiosk` process (offscreen), timed from spawning it to the log
line the kiosk writes when its first screen is shown — interpreter, imports, Qt, fonts, catalog
and window included; offline, and online against a real hall server process. The 取号 figure is
in one process against a real server: from the tap (the 取号 screen's handler) to the printed
ticket's ESC/POS bytes written to a Dummy printer — the HTTP round trip with the ticket issue,
the layout, the QR code and the encoding. Its floor is the same server answering a no-op
(``GET /health``) from the same process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import goal, median, parse_args

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def cold_start_seconds(extra: list[str], log_dir: Path) -> float:
    """Seconds from spawning the kiosk to its "first screen shown" line."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ONEWINDOW_KIOSK_PIN="8642")
    args = [sys.executable, "-m", "kiosk", "--windowed", "--voice-engine", "none",
            "--quit-after-ms", "200", "--log-dir", str(log_dir), *extra]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert process.stderr is not None
    shown = None
    for line in process.stderr:
        if "first screen shown" in line and shown is None:
            shown = time.perf_counter() - started
    process.wait(timeout=60)
    if shown is None or process.returncode != 0:
        raise RuntimeError(f"the kiosk did not start (exit {process.returncode})")
    return shown


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    args = parse_args(__doc__ or "")
    starts = 3 if args.quick else 7
    taps = 40 if args.quick else 200

    import requests
    from PySide6.QtWidgets import QApplication

    from hallcore.catalog import load_catalog
    from hallui.dialogs import ScriptedDialogs
    from hallui.fonts import apply_app_font
    from kiosk.app import build_kiosk
    from kiosk.model.session import Route
    from kiosk.model.ticketing import TicketPrintState
    from kiosk.screens.take_ticket import TakeTicketScreen
    from tests.kiosk.online_support import RecordingPrinter, online_parts
    from tests.live_server import running_server

    ok = True
    with tempfile.TemporaryDirectory() as folder, running_server(Path(folder)) as server:
        offline = [cold_start_seconds([], Path(folder)) for _ in range(starts)]
        token = ["--server", server.base_url, "--token", server.tokens["kiosk"]]
        store = ["--store", str(Path(folder) / "bench-kiosk.sqlite3")]
        online = [cold_start_seconds(token + store, Path(folder)) for _ in range(starts)]
        print(f"cold start to first screen, offline: median {median(offline) * 1000:.0f} ms, "
              f"worst {max(offline) * 1000:.0f} ms ({starts} starts)")  # fmt: skip
        print(f"cold start to first screen, online:  median {median(online) * 1000:.0f} ms, "
              f"worst {max(online) * 1000:.0f} ms ({starts} starts)")  # fmt: skip

        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        apply_app_font(app)
        printer = RecordingPrinter()
        parts = online_parts(server, Path(folder), printer)
        window = build_kiosk(
            load_catalog(), services=parts.services, dialogs=ScriptedDialogs(), bridge=parts.bridge
        )
        window.resize(1080, 1920)
        window.show()
        window.start()
        deadline = time.monotonic() + 30
        while not parts.services.online and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        session = window.session
        screen = window.screens[Route.TAKE_TICKET]
        assert isinstance(screen, TakeTicketScreen)

        health = f"{server.base_url}/api/v1/health"
        with requests.Session() as http:
            noop = []
            for _ in range(taps):
                start = time.perf_counter()
                http.get(health, timeout=10).raise_for_status()
                noop.append(time.perf_counter() - start)

        figures = []
        for n in range(taps):
            session.open_theme("BIRTH")
            session.open_ticket()
            sent = len(printer.dummies)
            start = time.perf_counter()
            screen.take()
            while len(printer.dummies) == sent or session.ticket_form.print_state is not (
                TicketPrintState.PRINTED
            ):
                app.processEvents()
                if time.perf_counter() - start > 30:
                    raise RuntimeError(f"tap {n}: no ticket after 30 s")
            figures.append(time.perf_counter() - start)
            session.reset()
        # The two parts on their own, here on the main thread: stop the kiosk's own use of its
        # HTTP session first (the heartbeat), a session belongs to one thread at a time.
        window.probe_timer.stop()
        while window.net_runner.busy:
            app.processEvents()
        hall, ticket_printer = parts.services.hall, parts.services.ticket_printer
        assert hall is not None
        assert ticket_printer is not None
        issue, layout = [], []
        for _ in range(max(10, taps // 4)):
            start = time.perf_counter()
            ticket = hall.issue_ticket("BIRTH")
            issue.append(time.perf_counter() - start)
            start = time.perf_counter()
            ticket_printer.prepare(ticket, "新生儿出生“一件事”")
            layout.append(time.perf_counter() - start)
        window.locked = False
        window.close()
        window.shutdown()

    print("taps ms:", [round(f * 1000) for f in figures])
    p50, p99 = median(figures), percentile(figures, 0.99)
    floor = median(noop)
    worst = max(figures) * 1000
    print(f"tap on 取号 to ticket bytes at the printer: p50 {p50 * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms, worst {worst:.1f} ms ({taps} tickets)")  # fmt: skip
    print(f"  of which the issue request alone: p50 {median(issue) * 1000:.1f} ms; "
          f"layout + QR + ESC/POS alone: p50 {median(layout) * 1000:.1f} ms")  # fmt: skip
    print(f"floor, the same server answering a no-op: p50 {floor * 1000:.2f} ms; "
          f"取号 p50 is {p50 / floor:.0f}× the floor")  # fmt: skip
    ok &= goal("kiosk_cold_start_s", max(median(offline), median(online)), "<", 2.0)
    ok &= goal("kiosk_take_ticket_p99_ms", p99 * 1000, "<", 150)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
