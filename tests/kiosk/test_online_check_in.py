"""预约签到 against a real hall server process: the code typed on the pad or read by the reader,
the appointment's ticket printed with its slot and found on the server, the same ticket again on
a second check-in, the refusals in plain Chinese with the code kept, a late arrival told it now
queues as a walk-in, and no ticket while the server is away."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.model.appointments import OFFLINE_ZH, CheckInState
from kiosk.model.session import Route
from kiosk.model.ticketing import TicketPrintState
from kiosk.screens.appointment_check_in import CheckInScreen
from kiosk.screens.ticket_issued import TicketScreen
from kiosk.ticket_print import ticket_content
from printing.ticket_layout import render_ticket
from tests import live_server
from tests.kiosk.conftest import Kiosk
from tests.kiosk.online_support import HALL_DAY, RecordingPrinter, online_kiosk
from tests.kiosk.test_kiosk_behaviour import check_elder_sizes
from tests.kiosk.test_screens import tap
from tests.live_server import ServerProcess, server_fixture
from tests.printing.escpos_decode import decode, stitch

server = pytest.fixture(server_fixture)

MakeKiosk = Callable[..., Kiosk]
WAIT_MS = 20_000


def book(
    server: ServerProcess, start: str = "09:30", end: str = "10:00", day: str = "2024-05-06"
) -> dict[str, Any]:
    """An appointment for 新生儿出生, booked by the hall's admin (as the booking platform would)."""
    body = {"theme": "BIRTH", "start": f"{day}T{start}:00+08:00", "end": f"{day}T{end}:00+08:00"}
    booked: dict[str, Any] = server.admin("POST", "/appointments", body, key=uuid.uuid4().hex)
    assert len(booked["code"]) == 8
    assert booked["code"].isdigit()
    return booked


def open_check_in(kiosk: Kiosk) -> CheckInScreen:
    tap(kiosk, kiosk.window.screens[Route.HOME].check_in_button)  # type: ignore[attr-defined]
    screen = kiosk.window.current_screen
    assert isinstance(screen, CheckInScreen)
    return screen


def type_code(kiosk: Kiosk, screen: CheckInScreen, code: str) -> None:
    for key in code:
        tap(kiosk, screen.pad.keys[key])


def wedge(kiosk: Kiosk, text: str) -> None:
    """A keyboard-wedge reader: the characters in a fast burst, then Enter."""
    kiosk.qtbot.keyClicks(kiosk.window, text)
    kiosk.qtbot.keyClick(kiosk.window, Qt.Key.Key_Return)


def test_check_in_by_the_pad_prints_the_slot_and_a_second_check_in_the_same_ticket(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    booked = book(server)
    printer = RecordingPrinter()
    kiosk = online_kiosk(make_kiosk, server, tmp_path, printer)
    session, form = kiosk.window.session, kiosk.window.session.ticket_form
    screen = open_check_in(kiosk)
    type_code(kiosk, screen, booked["code"])
    assert screen.code_shown.text() == f"{booked['code'][:4]} {booked['code'][4:]}"
    tap(kiosk, screen.submit_button)
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.PRINTED, timeout=WAIT_MS)

    ticket = form.ticket
    assert ticket is not None
    assert ticket.booking is not None
    assert ticket.booking.appointment_id == booked["appointment_id"]
    assert not ticket.booking.lapsed
    assert session.route is Route.TICKET
    issued = kiosk.window.current_screen
    assert isinstance(issued, TicketScreen)
    assert issued.heading.text() == "签到成功，您的号码是"
    assert issued.number.text() == ticket.number
    assert issued.slot.text() == "预约 09:30–10:00"
    assert not issued.lapsed.isVisible()
    assert form.theme_name == session.catalog.theme("BIRTH").name
    assert session.check_in.code == ""  # done with: not left on the screen
    # On the server: the appointment's ticket, checked in at the kiosk.
    on_server = {t["number"]: t for t in server.tickets()}
    assert on_server[ticket.number]["channel"] == "appointment"
    assert on_server[ticket.number]["ticket_id"] == ticket.ticket_id
    [listed] = server.admin("GET", "/appointments?day=2024-05-06")
    assert listed["ticket_id"] == ticket.ticket_id
    # Printed: exactly this ticket, with the slot on it.
    content = ticket_content(
        ticket, hall_name="政务服务中心", theme_name=form.theme_name, zone=HALL_DAY.tzinfo
    )
    assert "预约 09:30–10:00" in content.printed_text()
    printed = stitch(decode(printer.outputs[0]))
    assert printed.tobytes() == render_ticket(content, width=576).tobytes()
    kiosk.qtbot.waitUntil(
        lambda: any(text.startswith("签到成功") for text in kiosk.spoken), timeout=10_000
    )

    # The person comes back (lost the paper): the same code reprints the same ticket.
    tap(kiosk, issued.done_button)
    assert session.route is Route.HOME
    wedge(kiosk, booked["code"])  # the booking message's QR code, read on the home screen
    kiosk.qtbot.waitUntil(lambda: len(printer.outputs) == 2, timeout=WAIT_MS)
    again = form.ticket
    assert again is not None
    assert (again.ticket_id, again.number, again.secret) == (
        ticket.ticket_id,
        ticket.number,
        ticket.secret,
    )
    assert [t["number"] for t in server.tickets()] == [ticket.number]


def test_refusals_are_said_plainly_and_the_code_is_kept_for_correcting(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    tomorrow = book(server, day="2024-05-07")
    cancelled = book(server, "10:00", "10:30")
    server.admin(
        "POST", f"/appointments/{cancelled['appointment_id']}/cancel", key=uuid.uuid4().hex
    )
    kiosk = online_kiosk(make_kiosk, server, tmp_path)
    form = kiosk.window.session.check_in
    screen = open_check_in(kiosk)

    def check_in(code: str) -> str:
        tap(kiosk, screen.clear_button)
        type_code(kiosk, screen, code)
        tap(kiosk, screen.submit_button)
        kiosk.qtbot.waitUntil(lambda: form.state is CheckInState.FAILED, timeout=WAIT_MS)
        assert form.code == code  # kept: one wrong digit is corrected, not all typed again
        assert screen.error.isVisible()
        assert kiosk.window.session.route is Route.CHECK_IN
        return screen.error.text()

    unknown = next(
        c for c in ("00000000", "00000001") if c not in (tomorrow["code"], cancelled["code"])
    )
    assert "没有找到这个预约码" in check_in(unknown)
    other_day = check_in(tomorrow["code"])
    assert "5月7日" in other_day  # the server's words name the day
    assert "请在预约的那天来签到" in other_day
    assert "这个预约已经取消" in check_in(cancelled["code"])
    assert kiosk.window.session.ticket_form.ticket is None
    # Guessing: the server stops a kiosk after a few wrong codes, and the kiosk says so.
    words = ""
    for n in range(10):
        words = check_in(f"{90000000 + n}")
        if "输错的次数太多" in words:
            break
    assert "输错的次数太多" in words
    assert server.tickets() == []


def test_a_late_arrival_is_told_it_now_queues_as_a_walk_in(
    make_kiosk: MakeKiosk,
    server: ServerProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    booked = book(server, "09:00", "09:30")
    # The hall's clock moves on to 10:15 (the same database, a server started later that day).
    server.kill()
    later = live_server.child_env()
    later["ONEWINDOW_FROZEN_CLOCK"] = "2024-05-06T10:15:00+08:00"
    monkeypatch.setattr(live_server, "child_env", lambda: later)
    server.start()
    kiosk = online_kiosk(make_kiosk, server, tmp_path)
    form = kiosk.window.session.ticket_form
    screen = open_check_in(kiosk)
    type_code(kiosk, screen, booked["code"])
    tap(kiosk, screen.submit_button)
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.PRINTED, timeout=WAIT_MS)
    ticket = form.ticket
    assert ticket is not None
    assert ticket.booking is not None
    assert ticket.booking.lapsed
    issued = kiosk.window.current_screen
    assert isinstance(issued, TicketScreen)
    assert issued.lapsed.isVisible()
    assert "按现场取号排队" in issued.lapsed.text()
    assert "按现场取号排队" in issued.voice_prompt()


def test_offline_there_is_no_check_in_and_the_kiosk_sends_the_person_to_the_desk(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    booked = book(server)
    kiosk = online_kiosk(make_kiosk, server, tmp_path, probe_ms=200)
    form = kiosk.window.session.check_in
    screen = open_check_in(kiosk)
    type_code(kiosk, screen, booked["code"])
    server.kill()
    # Tapped before the kiosk noticed: the request fails, and no ticket is made up.
    tap(kiosk, screen.submit_button)
    kiosk.qtbot.waitUntil(lambda: form.state is CheckInState.FAILED, timeout=30_000)
    assert screen.error.text() == OFFLINE_ZH
    assert form.code == booked["code"]
    assert kiosk.window.session.ticket_form.ticket is None
    kiosk.qtbot.waitUntil(lambda: not kiosk.window.session.services.online, timeout=30_000)
    assert not screen.submit_button.isEnabled()
    assert "无法签到，请到咨询台" in screen.status.text()
    server.start()
    # Back online: the same code, still on the screen, checks in.
    kiosk.qtbot.waitUntil(lambda: screen.submit_button.isEnabled(), timeout=30_000)
    tap(kiosk, screen.submit_button)
    ticket_form = kiosk.window.session.ticket_form
    kiosk.qtbot.waitUntil(lambda: ticket_form.ticket is not None, timeout=WAIT_MS)
    assert [t["channel"] for t in server.tickets()] == ["appointment"]


def test_the_checked_in_ticket_meets_the_elder_sizes(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    booked = book(server)
    kiosk = online_kiosk(make_kiosk, server, tmp_path)
    tap(kiosk, kiosk.window.elder_button)
    screen = open_check_in(kiosk)
    type_code(kiosk, screen, booked["code"])
    measured = check_elder_sizes(kiosk)
    tap(kiosk, screen.submit_button)
    form = kiosk.window.session.ticket_form
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.PRINTED, timeout=WAIT_MS)
    issued = kiosk.window.current_screen
    assert isinstance(issued, TicketScreen)
    assert issued.slot.isVisible()
    assert issued.slot.font().pointSizeF() >= 18
    assert measured > 15
    assert check_elder_sizes(kiosk) > 10


def test_an_answer_after_the_visit_was_wiped_is_not_shown_to_the_next_person(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    booked = book(server)
    printer = RecordingPrinter()
    kiosk = online_kiosk(make_kiosk, server, tmp_path, printer)
    window, session = kiosk.window, kiosk.window.session
    screen = open_check_in(kiosk)
    type_code(kiosk, screen, booked["code"])
    screen.submit()
    session.reset()  # the person walked off (返回首页, or the idle timeout) before the answer
    kiosk.qtbot.waitUntil(lambda: len(server.tickets()) == 1, timeout=WAIT_MS)
    kiosk.qtbot.waitUntil(lambda: not window.net_runner.busy, timeout=WAIT_MS)
    QApplication.processEvents()
    assert session.route is Route.HOME
    assert session.ticket_form.ticket is None
    assert printer.outputs == []
    # The same code later: the same ticket, shown and printed now.
    screen = open_check_in(kiosk)
    type_code(kiosk, screen, booked["code"])
    tap(kiosk, screen.submit_button)
    form = session.ticket_form
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.PRINTED, timeout=WAIT_MS)
    assert form.ticket is not None
    assert [form.ticket.number] == [t["number"] for t in server.tickets()]
