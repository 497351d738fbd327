"""Elder mode measured on the widgets, the idle timeout, 呼叫帮办, voice guidance, printing the
checklist off the UI thread, and the locked window with its hidden admin exit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from hallcore.catalog import Resolution
from hallui.widgets import Tile
from kiosk.model.services import KioskServices, LocalHelpDesk, PrintResult
from kiosk.model.session import PrintStatus, Route
from tests.kiosk.conftest import Kiosk
from tests.kiosk.test_models import BIRTH_ANSWERS
from tests.kiosk.test_screens import answer_by_taps, home, tap

ELDER_MIN_PT = 18.0
ELDER_MIN_TARGET = 60


def visible(window: QWidget, kind: type[QWidget]) -> list[QWidget]:
    QApplication.processEvents()
    return [w for w in window.findChildren(kind) if w.isVisibleTo(window) and w.isVisible()]


def check_elder_sizes(kiosk: Kiosk) -> int:
    """Every visible text ≥ 18 pt and every visible target ≥ 60×60; returns how many were
    measured."""
    window = kiosk.window
    labels = [w for w in visible(window, QLabel) if w.text()]
    assert labels
    small = [(w.text()[:12], w.font().pointSizeF()) for w in labels if w.font().pointSizeF() < 18]
    assert not small, f"text under {ELDER_MIN_PT} pt: {small}"
    targets = visible(window, QAbstractButton) + visible(window, Tile)
    cramped = [
        (w.objectName(), w.width(), w.height())
        for w in targets
        if w.width() < ELDER_MIN_TARGET or w.height() < ELDER_MIN_TARGET
    ]
    assert not cramped, f"targets under 60×60: {cramped}"
    return len(labels) + len(targets)


def test_elder_mode_is_one_tap_away_on_every_screen(kiosk: Kiosk) -> None:
    session = kiosk.window.session
    steps: list[Callable[[], None]] = [
        lambda: None,
        lambda: session.open_theme("BIRTH"),
        session.start_questions,
        lambda: [session.answer(BIRTH_ANSWERS[c]) for c in list(BIRTH_ANSWERS)],
    ]
    routes = []
    for step in steps:
        step()
        routes.append(session.route)
        button = kiosk.window.elder_button
        tap(kiosk, button)
        assert session.elder_mode
        assert button.isChecked()
        assert check_elder_sizes(kiosk) > 10
        tap(kiosk, button)
        assert not session.elder_mode
    assert routes == [Route.HOME, Route.THEME, Route.QUESTIONS, Route.CHECKLIST]
    assert "已切换到长辈版，字更大，按钮更大。" in kiosk.voice.history + list(kiosk.voice.pending)


def test_normal_mode_is_smaller_than_elder_mode(kiosk: Kiosk) -> None:
    title = home(kiosk).findChildren(QLabel)[0]
    normal = title.font().pointSizeF()
    kiosk.window.session.set_elder_mode(True)
    assert title.font().pointSizeF() > normal
    key = home(kiosk).keys["A"]
    QApplication.processEvents()
    assert key.width() >= 84
    assert key.height() >= 84


def test_idle_timeout_wipes_the_session_and_returns_home(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk(idle_timeout_ms=2000, idle_warning_ms=500)
    session = kiosk.window.session
    # Record the signals from the start: under load the short countdown may run out while the
    # taps below are still being made, before a waitSignal would be listening.
    warned: list[list[str]] = []  # what the voice had said or queued when the warning came
    timed_out: list[bool] = []

    def on_warning(*_: object) -> None:
        # Queued connection order: the window's own slot (which speaks) was connected first.
        warned.append(kiosk.voice.history + list(kiosk.voice.pending))

    kiosk.window.idle.warning.connect(on_warning)
    kiosk.window.idle.timed_out.connect(lambda *_: timed_out.append(True))
    screen = home(kiosk)
    tap(kiosk, screen.keys["T"])
    tap(kiosk, kiosk.window.elder_button)
    session.open_theme("RETIRE")
    session.start_questions()
    session.answer("employer")
    tap(kiosk, kiosk.window.help_button)
    assert kiosk.window.help_banner.isVisible()
    assert session.elder_mode  # nothing was wiped while the taps were made
    warned.clear()
    timed_out.clear()
    kiosk.window.idle.poke()

    kiosk.qtbot.waitUntil(lambda: bool(timed_out), timeout=10_000)
    assert warned
    assert "您还在吗？如需继续，请触摸屏幕。" in warned[0]
    assert session.route is Route.HOME
    assert session.flow is None
    assert session.theme is None
    assert screen.search.text() == ""
    assert session.browser.query == ""
    assert not session.elder_mode
    assert not kiosk.window.elder_button.isChecked()
    assert not kiosk.window.help_banner.isVisible()


def test_input_keeps_the_session_alive(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk(idle_timeout_ms=60_000, idle_warning_ms=0)
    idle = kiosk.window.idle
    # Stop the countdown, as if it had nearly run out; a tap must start it again. (No wall-clock
    # comparison: under load a timer's remaining time says nothing reliable.)
    idle._timeout.stop()
    assert not idle.active
    tap(kiosk, home(kiosk).keys["A"])
    assert idle.active
    assert idle._timeout.interval() == 60_000


def test_help_request_reaches_the_help_desk_and_is_confirmed(kiosk: Kiosk) -> None:
    kiosk.window.session.open_theme("BIRTH")
    tap(kiosk, kiosk.window.help_button)
    [request] = kiosk.help_desk.requests
    assert (request.screen, request.theme_code, request.kiosk_id) == ("theme", "BIRTH", "kiosk-1")
    banner = kiosk.window.help_banner
    assert banner.isVisible()
    assert "已通知工作人员" in banner.text()
    kiosk.qtbot.waitUntil(lambda: any("已通知工作人员" in t for t in kiosk.voice.history))


def test_voice_prompts_queue_in_order_without_overlap(kiosk: Kiosk) -> None:
    voice = kiosk.voice
    events: list[tuple[str, str]] = []
    voice.started.connect(lambda t: events.append(("start", t)))
    voice.finished.connect(lambda t: events.append(("end", t)))
    session = kiosk.window.session
    session.open_theme("BIRTH")
    session.start_questions()
    kiosk.window.help_button.click()
    with kiosk.qtbot.waitSignal(voice.idle, timeout=10_000):
        pass
    started = [t for kind, t in events if kind == "start"]
    assert started[-3].startswith("新生儿出生“一件事”。这里是办事指南")
    assert started[-2].startswith("第1题。新生儿是否已领取")
    assert started[-1].startswith("已通知工作人员")
    # Never two at once: every start follows the end of the one before.
    speaking = 0
    first = next(i for i, (kind, _) in enumerate(events) if kind == "start")
    for kind, _ in events[first:]:
        speaking += 1 if kind == "start" else -1
        assert speaking in (0, 1)


class FakePrinter:
    def __init__(self, result: PrintResult) -> None:
        self.result = result
        self.printed: list[Resolution] = []
        self.threads: list[bool] = []

    def __call__(self, resolution: Resolution) -> PrintResult:
        import threading

        self.threads.append(threading.current_thread() is threading.main_thread())
        self.printed.append(resolution)
        return self.result


@pytest.mark.parametrize(
    ("result", "shown"),
    [
        (PrintResult(True, ""), "告知单已打印，请从出票口取走。"),
        (PrintResult(False, "打印机缺纸，请更换纸卷"), "打印机缺纸，请更换纸卷"),
    ],
)
def test_printing_the_checklist_runs_off_the_ui_thread(
    make_kiosk: Callable[..., Kiosk], result: PrintResult, shown: str
) -> None:
    printer = FakePrinter(result)
    kiosk = make_kiosk(services=KioskServices(help_desk=LocalHelpDesk(), print_checklist=printer))
    session = kiosk.window.session
    session.open_theme("BIRTH")
    session.start_questions()
    answer_by_taps(kiosk, BIRTH_ANSWERS)
    screen = kiosk.window.current_screen
    tap(kiosk, screen.print_button)  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(lambda: session.print_status is not PrintStatus.PRINTING)
    assert printer.threads == [False]
    assert printer.printed[0].checklist == session.flow.resolution.checklist  # type: ignore[union-attr]
    assert shown in screen.print_status.text()  # type: ignore[attr-defined]


def test_the_window_stays_locked_without_the_admin_pin(kiosk: Kiosk) -> None:
    window = kiosk.window
    close = QCloseEvent()
    QApplication.sendEvent(window, close)
    assert not close.isAccepted()
    assert window.isVisible()
    escape = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, escape)
    assert window.isVisible()

    kiosk.dialogs.answers.extend(["0000"])
    for _ in range(5):
        tap(kiosk, window.admin_corner)
    assert [a.kind for a in kiosk.dialogs.asked] == ["ask_text", "inform"]
    assert window.locked


def test_the_hidden_corner_and_the_pin_open_the_admin_exit(kiosk: Kiosk) -> None:
    window = kiosk.window
    kiosk.dialogs.answers.extend(["20240601"])
    for _ in range(4):
        tap(kiosk, window.admin_corner)
    assert kiosk.dialogs.asked == []  # four taps do nothing visible
    with kiosk.qtbot.waitSignal(window.exit_requested, timeout=1000):
        tap(kiosk, window.admin_corner)
    assert not window.locked
