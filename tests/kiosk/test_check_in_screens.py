"""预约签到 on the screens with the hall server out of reach (a kiosk configured for a server
that does not answer): the ways in, the pad, the reader, the offline refusal with the code kept,
elder sizes, and the idle wipe. The check-in against a real server is in test_online_check_in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.app import connect_services
from kiosk.model.appointments import OFFLINE_ZH, CheckInState
from kiosk.model.session import Route
from kiosk.screens.appointment_check_in import CheckInScreen
from tests.kiosk.conftest import Kiosk
from tests.kiosk.online_support import pinned_clock
from tests.kiosk.test_kiosk_behaviour import check_elder_sizes
from tests.kiosk.test_screens import tap
from tests.live_server import free_port

MakeKiosk = Callable[..., Kiosk]


def unreachable_kiosk(make_kiosk: MakeKiosk, folder: Path, **options: object) -> Kiosk:
    """A kiosk set up for a hall server that is not there (nothing listens on the port)."""
    parts = connect_services(
        f"http://127.0.0.1:{free_port()}",
        "no-token-needed",
        folder / "kiosk.sqlite3",
        clock=pinned_clock,
        timeout=(0.3, 1.0),
    )
    kiosk = make_kiosk(services=parts.services, bridge=parts.bridge, **options)
    kiosk.qtbot.waitUntil(lambda: kiosk.window.offline_note.isVisible(), timeout=10_000)
    return kiosk


def check_in_screen(kiosk: Kiosk) -> CheckInScreen:
    screen = kiosk.window.current_screen
    assert isinstance(screen, CheckInScreen)
    return screen


def test_check_in_is_reached_from_home_and_from_take_ticket(
    make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = unreachable_kiosk(make_kiosk, tmp_path)
    window, session = kiosk.window, kiosk.window.session
    tap(kiosk, window.screens[Route.HOME].check_in_button)  # type: ignore[attr-defined]
    assert session.route is Route.CHECK_IN
    tap(kiosk, window.back_button)
    assert session.route is Route.HOME

    session.open_theme("BIRTH")
    session.open_ticket()
    tap(kiosk, window.screens[Route.TAKE_TICKET].check_in_button)  # type: ignore[attr-defined]
    assert session.route is Route.CHECK_IN
    tap(kiosk, window.back_button)
    assert session.route is Route.TAKE_TICKET  # back where the person came from


def test_offline_the_check_in_is_refused_plainly_and_the_code_kept(
    make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = unreachable_kiosk(make_kiosk, tmp_path)
    session = kiosk.window.session
    session.open_check_in()
    screen = check_in_screen(kiosk)
    for key in "2024050":
        tap(kiosk, screen.pad.keys[key])
    assert screen.code_shown.text() == "2024 050＿"
    tap(kiosk, screen.pad.keys["⌫"])
    tap(kiosk, screen.pad.keys["0"])
    tap(kiosk, screen.pad.keys["6"])
    assert session.check_in.code == "20240506"
    # No server: no check-in — the button is off and the screen says where to go.
    assert not screen.submit_button.isEnabled()
    assert screen.status.isVisible()
    assert "无法签到，请到咨询台" in screen.status.text()
    screen.submit()  # the reader's path, which does not go through the button
    assert session.check_in.state is CheckInState.FAILED
    assert screen.error.text() == OFFLINE_ZH
    assert session.check_in.code == "20240506"
    assert session.ticket_form.ticket is None
    tap(kiosk, screen.clear_button)
    assert screen.code_shown.text() == "＿＿＿＿ ＿＿＿＿"


def test_a_reader_burst_on_home_opens_the_check_in(make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = unreachable_kiosk(make_kiosk, tmp_path)
    session = kiosk.window.session
    kiosk.qtbot.keyClicks(kiosk.window, "87654321")  # a keyboard-wedge reader: a fast burst
    kiosk.qtbot.keyClick(kiosk.window, Qt.Key.Key_Return)
    assert session.route is Route.CHECK_IN
    assert session.check_in.code == "87654321"
    assert session.check_in.error_zh == OFFLINE_ZH
    # On 取号, eight digits are an appointment code too, never an ID number.
    session.reset()
    session.open_theme("BIRTH")
    session.open_ticket()
    kiosk.qtbot.keyClicks(kiosk.window, "11223344")
    kiosk.qtbot.keyClick(kiosk.window, Qt.Key.Key_Return)
    assert session.route is Route.CHECK_IN
    assert session.check_in.code == "11223344"
    assert session.ticket_form.id_text == ""


def test_the_check_in_screen_meets_the_elder_sizes(make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = unreachable_kiosk(make_kiosk, tmp_path)
    session = kiosk.window.session
    tap(kiosk, kiosk.window.elder_button)
    session.open_check_in()
    for key in "1234":
        session.check_in.type_key(key)
    screen = check_in_screen(kiosk)
    screen.submit()  # the refusal banner is on screen too
    assert screen.error.isVisible()
    assert check_elder_sizes(kiosk) > 15
    assert all(key.width() >= 60 and key.height() >= 60 for key in screen.pad.keys.values())


def test_idle_timeout_wipes_the_entered_code(make_kiosk: MakeKiosk, tmp_path: Path) -> None:
    kiosk = unreachable_kiosk(make_kiosk, tmp_path, idle_timeout_ms=400, idle_warning_ms=100)
    session = kiosk.window.session
    session.open_check_in()
    screen = check_in_screen(kiosk)
    for key in "1357":
        tap(kiosk, screen.pad.keys[key])
    assert not kiosk.window.pristine
    with kiosk.qtbot.waitSignal(kiosk.window.idle.timed_out, timeout=5000):
        pass
    assert session.route is Route.HOME
    assert session.check_in.code == ""
    assert screen.code_shown.text() == "＿＿＿＿ ＿＿＿＿"
