"""The kiosk online, against a real hall server process: 取号 through the screens (printed on a
Dummy printer and found on the server), offline without pretend tickets, printer failure and
reprint, "how many ahead", 好差评, 呼叫帮办 through the outbox, the sync indicator, idle wipe."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.model.lookup import LookupState
from kiosk.model.session import Route
from kiosk.model.ticketing import IssueState, TicketPrintState
from kiosk.screens.take_ticket import TakeTicketScreen
from kiosk.screens.ticket_issued import TicketScreen
from kiosk.ticket_print import ticket_content
from printing.ticket_layout import render_ticket
from tests.kiosk.conftest import Kiosk
from tests.kiosk.online_support import (
    ELDER_ID,
    RecordingPrinter,
    finish_at_window,
    online_kiosk,
)
from tests.kiosk.test_screens import tap
from tests.live_server import ServerProcess, server_fixture
from tests.printing.escpos_decode import decode, stitch

server = pytest.fixture(server_fixture)

MakeKiosk = Callable[..., Kiosk]


def take_screen(kiosk: Kiosk) -> TakeTicketScreen:
    screen = kiosk.window.screens[Route.TAKE_TICKET]
    assert isinstance(screen, TakeTicketScreen)
    return screen


def open_take_ticket(kiosk: Kiosk, theme: str = "BIRTH") -> TakeTicketScreen:
    """Home → the theme's tile → 直接取号, by taps."""
    window = kiosk.window
    tap(kiosk, window.screens[Route.HOME].tiles[theme])  # type: ignore[attr-defined]
    assert window.session.route is Route.THEME
    tap(kiosk, window.screens[Route.THEME].ticket_button)  # type: ignore[attr-defined]
    assert window.session.route is Route.TAKE_TICKET
    return take_screen(kiosk)


def type_id(kiosk: Kiosk, screen: TakeTicketScreen, number: str) -> None:
    for key in number:
        tap(kiosk, screen.pad.keys[key])


def test_take_a_ticket_through_the_screens_printed_and_on_the_server(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    printer = RecordingPrinter()
    kiosk = online_kiosk(make_kiosk, server, tmp_path, printer)
    window, form = kiosk.window, kiosk.window.session.ticket_form
    assert window.sync_indicator.words.state == "online" or window.session.services.online
    screen = open_take_ticket(kiosk)
    type_id(kiosk, screen, ELDER_ID)
    assert screen.id_shown.text() == "110105**********2X"  # masked: the person behind can't read it
    assert form.check_id().ok
    tap(kiosk, screen.priority_buttons["elderly"])
    assert "老年人优待证" in screen.proof.text()
    tap(kiosk, screen.take_button)
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.PRINTED, timeout=20_000)

    ticket = form.ticket
    assert ticket is not None
    assert window.session.route is Route.TICKET
    issued = window.current_screen
    assert isinstance(issued, TicketScreen)
    assert issued.number.text() == ticket.number
    assert "前面" in issued.ahead.text()
    assert form.id_text == ""  # the ID number is not kept once the server has it
    # On the server: the ticket, for the theme's queue, from the kiosk, with the priority class.
    on_server = {t["number"]: t for t in server.tickets()}
    assert on_server[ticket.number]["channel"] == "kiosk"
    assert on_server[ticket.number]["priority"] == "elderly"
    assert on_server[ticket.number]["queue"] == "one_thing"
    # Printed: the Dummy's bytes decode to the raster of exactly this ticket (QR code included).
    assert len(printer.outputs) == 1
    printed = stitch(decode(printer.outputs[0]))
    expected = render_ticket(
        ticket_content(ticket, hall_name="政务服务中心", theme_name=form.theme_name), width=576
    )
    assert printed.size == expected.size
    assert printed.tobytes() == expected.tobytes()
    # The QR code holds the public status of this ticket, and that URL answers.
    assert ticket.secret in ticket.status_url
    assert ticket.number in ticket.status_url
    status = requests.get(ticket.status_url, timeout=10).json()
    assert status["number"] == ticket.number
    assert status["waiting_ahead"] == ticket.waiting_ahead
    # The voice says the number (the ticket prints first, so the speech may still be on its way).
    kiosk.qtbot.waitUntil(
        lambda: any(
            ticket.number in text or " ".join(ticket.number) in text for text in kiosk.spoken
        ),
        timeout=10_000,
    )


def test_a_bad_id_number_is_refused_in_chinese_and_nothing_is_sent(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    kiosk = online_kiosk(make_kiosk, server, tmp_path)
    screen = open_take_ticket(kiosk)
    type_id(kiosk, screen, "110105194912310021")  # the check digit is wrong
    assert screen.id_message.isVisible()
    assert "身份证号有误" in screen.id_message.text()
    tap(kiosk, screen.take_button)
    QApplication.processEvents()
    assert kiosk.window.session.ticket_form.state is IssueState.EDITING
    assert server.tickets() == []


def test_offline_no_ticket_is_issued_and_the_kiosk_says_so(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    kiosk = online_kiosk(make_kiosk, server, tmp_path, probe_ms=200)
    form = kiosk.window.session.ticket_form
    screen = open_take_ticket(kiosk)
    server.kill()
    # Tapped before the kiosk noticed: the request fails, and no number is made up.
    tap(kiosk, screen.take_button)
    kiosk.qtbot.waitUntil(lambda: form.state is IssueState.FAILED, timeout=30_000)
    assert form.ticket is None
    assert "不会发放无效的号" in screen.status.text()
    # The probe notices: 取号 is off, the plain offline note and the indicator say so.
    kiosk.qtbot.waitUntil(lambda: not kiosk.window.session.services.online, timeout=30_000)
    QApplication.processEvents()
    assert not screen.take_button.isEnabled()
    assert "本机现在不能取号" in screen.status.text()
    assert kiosk.window.offline_note.isVisible()
    kiosk.qtbot.waitUntil(
        lambda: kiosk.window.sync_indicator.words.state == "offline", timeout=30_000
    )
    # The checklist still works (from the catalog the kiosk holds).
    session = kiosk.window.session
    session.go_home()
    session.open_theme("BIRTH")
    session.start_questions()
    assert session.flow is not None
    server.start()
    assert server.tickets() == []


def test_a_print_failure_keeps_the_ticket_and_reprint_sends_the_same_bytes(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    printer = RecordingPrinter(fail_next=1)
    kiosk = online_kiosk(make_kiosk, server, tmp_path, printer)
    form = kiosk.window.session.ticket_form
    screen = open_take_ticket(kiosk)
    tap(kiosk, screen.take_button)
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.FAILED, timeout=20_000)
    ticket = form.ticket
    assert ticket is not None
    issued = kiosk.window.current_screen
    assert isinstance(issued, TicketScreen)
    assert issued.number.text() == ticket.number
    assert "仍然有效" in issued.print_status.text()
    assert issued.reprint_button.isEnabled()
    tap(kiosk, issued.reprint_button)
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.PRINTED, timeout=20_000)
    assert issued.last_outcome is not None
    assert issued.last_outcome.job is not None
    assert printer.outputs == [issued.last_outcome.job.data]
    assert [t["number"] for t in server.tickets()] == [ticket.number]


def test_how_many_ahead_by_number_and_code_and_by_scanning_the_qr(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    for _ in range(2):
        server.admin("POST", "/tickets", {"theme": "birth"}, key=uuid.uuid4().hex)
    kiosk = online_kiosk(make_kiosk, server, tmp_path)
    session = kiosk.window.session
    session.open_theme("BIRTH")
    session.open_ticket()
    tap(kiosk, take_screen(kiosk).take_button)
    kiosk.qtbot.waitUntil(lambda: session.ticket_form.ticket is not None, timeout=20_000)
    ticket = session.ticket_form.ticket
    assert ticket is not None
    assert ticket.waiting_ahead == 2
    session.reset()

    tap(kiosk, kiosk.window.screens[Route.HOME].status_button)  # type: ignore[attr-defined]
    screen = kiosk.window.current_screen
    lookup = session.status_lookup
    key_card = screen.key_card  # type: ignore[attr-defined]
    for key in ticket.number:
        tap(kiosk, key_card.pad.keys[key])
    tap(kiosk, key_card.secret_field)
    for key in ticket.secret:
        tap(kiosk, key_card.pad.keys[key])
    tap(kiosk, screen.ask_button)  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(lambda: lookup.state is LookupState.DONE, timeout=20_000)
    assert "前面还有 2 人" in screen.answer.text()  # type: ignore[attr-defined]

    # A keyboard-wedge QR reader types the URL and presses Enter.
    lookup.clear()
    kiosk.qtbot.keyClicks(kiosk.window, ticket.status_url)
    kiosk.qtbot.keyClick(kiosk.window, Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: lookup.state is LookupState.DONE, timeout=20_000)
    assert lookup.key.number == ticket.number
    assert lookup.result is not None
    assert lookup.result.waiting_ahead == 2

    lookup.clear()
    lookup.key.number, lookup.key.secret = ticket.number, "ZZZZZZ"
    screen.ask()  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(lambda: lookup.state is LookupState.FAILED, timeout=20_000)
    assert "没有找到这个号" in lookup.error_zh


def test_rating_needs_a_reason_for_a_bad_one_and_reaches_the_server(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    issued = server.admin("POST", "/tickets", {"theme": "birth"}, key=uuid.uuid4().hex)
    finish_at_window(server)
    kiosk = online_kiosk(make_kiosk, server, tmp_path)
    session = kiosk.window.session
    tap(kiosk, kiosk.window.screens[Route.HOME].rating_button)  # type: ignore[attr-defined]
    screen = kiosk.window.current_screen
    form = session.rating_form
    form.key.number = issued["ticket"]["number"]
    form.key.secret = issued["status_secret"]
    tap(kiosk, screen.level_buttons[1])  # type: ignore[attr-defined]
    assert screen.reasons_card.isVisible()  # type: ignore[attr-defined]
    tap(kiosk, screen.send_button)  # type: ignore[attr-defined]
    assert form.state is LookupState.FAILED
    assert "差评请至少选择一个原因" in screen.answer.text()  # type: ignore[attr-defined]
    tap(kiosk, screen.reason_buttons["等候时间太长"])  # type: ignore[attr-defined]
    tap(kiosk, screen.send_button)  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(lambda: form.state is LookupState.DONE, timeout=20_000)
    ratings = server.admin("GET", "/ratings")
    assert [(r["number"], r["level"], r["reason"]) for r in ratings] == [
        (issued["ticket"]["number"], 1, "等候时间太长")
    ]
    # The same service cannot be rated twice; the server's words are shown.
    form.state = LookupState.EDITING
    screen.send()  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(lambda: form.state is LookupState.FAILED, timeout=20_000)
    assert "已评价" in form.error_zh


def test_help_call_goes_through_the_outbox_and_reaches_the_staff(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    kiosk = online_kiosk(make_kiosk, server, tmp_path)
    tap(kiosk, kiosk.window.help_button)
    assert kiosk.window.help_banner.isVisible()

    def calls() -> list[dict[str, object]]:
        result: list[dict[str, object]] = server.admin("GET", "/help-calls?open=true")
        return result

    kiosk.qtbot.waitUntil(lambda: len(calls()) == 1, timeout=20_000)
    assert calls()[0]["kiosk"] == "kiosk-1"


def test_idle_timeout_wipes_the_typed_id_number(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    kiosk = online_kiosk(make_kiosk, server, tmp_path, idle_timeout_ms=400, idle_warning_ms=100)
    form = kiosk.window.session.ticket_form
    screen = open_take_ticket(kiosk)
    type_id(kiosk, screen, ELDER_ID[:10])
    assert form.id_text == ELDER_ID[:10]
    with kiosk.qtbot.waitSignal(kiosk.window.idle.timed_out, timeout=5000):
        pass
    assert form.id_text == ""
    assert form.theme_code is None
    assert kiosk.window.session.route is Route.HOME
    assert take_screen(kiosk).id_shown.text() in ("", "（未填写）")
