"""The kiosk window: a header on every screen (长辈版, 呼叫帮办, the sync indicator), the screens
in a stack, and a bottom bar (上一步, 返回首页). Locked full screen with a hidden admin exit; idle
timeout; voice.

Online, the window probes the hall server every `probe_ms` on its network worker (kiosks do not
follow the event feed; ``GET /hall`` is the heartbeat) and takes the sync status from the
`SyncBridge`; both set the session's online state, which the ticket, status and rating screens
and the offline note follow.

Readers (keyboard-wedge bursts) are routed by screen: an ID number on 取号, an appointment code
on 预约签到, a ticket's QR code elsewhere (排队进度), and an appointment code anywhere opens
预约签到 and checks in.

The window listens to the session: a new route shows its screen and speaks its prompt; elder
mode swaps the stylesheet variant; a help request shows a confirmation; a reset (idle timeout,
crash recovery) drops pending speech and shows home.
"""

from __future__ import annotations

import logging
import time
from functools import cache

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hallui.dialogs import DialogService
from hallui.idle import IdleWatcher
from hallui.qt_bridge import BackgroundRunner, ModelListener
from hallui.sync_bridge import SyncBridge
from hallui.sync_indicator import SyncIndicator
from hallui.theme import Variant, load_theme, render_stylesheet
from hallui.voice import VoiceGuide
from hallui.widgets import label, push_button
from kiosk.model.admin import CornerTaps, PinCheck
from kiosk.model.appointments import parse_appointment_code
from kiosk.model.hall_link import HallError, HallInfo, IssuedTicket, parse_status_code
from kiosk.model.services import HelpRequest
from kiosk.model.session import VISIT_ROUTES, KioskSession, Route
from kiosk.model.wedge import WedgeBuffer
from kiosk.screens.appointment_check_in import CheckInScreen
from kiosk.screens.base import Screen
from kiosk.screens.checklist import ChecklistScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.prescan import PrescanScreen
from kiosk.screens.questions import QuestionsScreen
from kiosk.screens.queue_status import StatusScreen
from kiosk.screens.rating import RatingScreen
from kiosk.screens.take_ticket import TakeTicketScreen
from kiosk.screens.theme_page import ThemeScreen
from kiosk.screens.ticket_issued import TicketScreen

__all__ = ["AdminCorner", "KioskWindow"]

log = logging.getLogger("onewindow.kiosk")


@cache
def stylesheet(variant: Variant) -> str:
    return render_stylesheet("kiosk", load_theme(variant))


class AdminCorner(QWidget):
    """An unmarked square in the header's corner; a quick tap sequence on it asks for the PIN.

    Signals:
        tapped(): one tap.
    """

    tapped = Signal()

    def __init__(self, side: int = 96) -> None:
        super().__init__()
        self.setProperty("role", "admin_corner")
        self.setObjectName("admin_corner")
        self.setFixedSize(side, side)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.tapped.emit()
        event.accept()


class KioskWindow(QWidget):
    """Signals:
    exit_requested(): the admin exit was granted (the app quits).
    """

    exit_requested = Signal()

    def __init__(
        self,
        session: KioskSession,
        *,
        dialogs: DialogService,
        voice: VoiceGuide | None = None,
        admin_pin: PinCheck,
        corner_taps: CornerTaps | None = None,
        idle_timeout_ms: int = 120_000,
        idle_warning_ms: int = 20_000,
        runner: BackgroundRunner | None = None,
        bridge: SyncBridge | None = None,
        probe_ms: int = 15_000,
    ) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(self.tr("一窗通 自助服务终端"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.session = session
        self.dialogs = dialogs
        self.voice = voice
        self.admin_pin = admin_pin
        self.corner_taps = corner_taps or CornerTaps()
        self.runner = runner or BackgroundRunner(self)
        # Requests to the hall server: one worker, so one thread owns the HTTP session, and a
        # slow printer never holds up 取号 at the next person's turn.
        self.net_runner = BackgroundRunner(self)
        self.bridge = bridge
        self.locked = True
        self.listener = ModelListener(self)

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._header())
        self.offline_note = label(
            self.tr("暂时连不上大厅服务器：可以查看办事指南、生成材料清单；取号请到服务台。"),
            "offline",
            name="offline_note",
        )
        root.addWidget(self.offline_note)
        self.help_banner = label("", "banner", name="help_banner")
        self.help_banner.hide()
        banner_box = QHBoxLayout()
        banner_box.setContentsMargins(24, 12, 24, 0)
        banner_box.addWidget(self.help_banner)
        root.addLayout(banner_box)

        self.stack = QStackedWidget()
        self.screens: dict[Route, Screen] = {
            Route.HOME: HomeScreen(session),
            Route.THEME: ThemeScreen(session),
            Route.QUESTIONS: QuestionsScreen(session),
            Route.CHECKLIST: ChecklistScreen(session, self.runner),
            Route.TAKE_TICKET: TakeTicketScreen(session, self.net_runner, self._ticket_issued),
            Route.TICKET: TicketScreen(session, self.runner),
            Route.STATUS: StatusScreen(session, self.net_runner),
            Route.RATING: RatingScreen(session, self.net_runner),
            Route.PRESCAN: PrescanScreen(session, self.runner),
            Route.CHECK_IN: CheckInScreen(session, self.net_runner, self._checked_in),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        root.addWidget(self.stack, 1)
        self.footer = self._footer()
        root.addWidget(self.footer)

        self.idle = IdleWatcher(idle_timeout_ms, idle_warning_ms, self)
        self.idle.timed_out.connect(self._idle_timeout)
        self.idle.warning.connect(self._idle_warning)

        self.listener.listen(session, "route", self._show_route)
        self.listener.listen(session, "elder_mode", self._apply_elder_mode)
        self.listener.listen(session, "help", self._help_requested)
        self.listener.listen(session, "reset", self._wiped)
        self.listener.listen(session, "online", lambda _on: self._show_offline_note())
        self.listener.listen(session, "say", self._say)
        # ID-card and QR readers type into whatever has focus: watch every key press.
        self.wedge = WedgeBuffer()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(probe_ms)
        self.probe_timer.timeout.connect(self.probe)
        self._probing = False
        if bridge is not None:
            bridge.status_changed.connect(self.sync_indicator.show_status)
            bridge.status_changed.connect(self._sync_status)
        self.sync_indicator.setVisible(session.services.connected)
        self._apply_elder_mode(session.elder_mode, announce=False)
        self._show_route(session.route)

    # --- building -----------------------------------------------------------------------------
    def _header(self) -> QFrame:
        header = QFrame()
        header.setProperty("role", "header")
        row = QHBoxLayout(header)
        row.setContentsMargins(0, 10, 24, 10)
        row.setSpacing(16)
        self.admin_corner = AdminCorner()
        self.admin_corner.tapped.connect(self._corner_tapped)
        row.addWidget(self.admin_corner)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(label(self.tr("一件事 一次办"), "header_title", wrap=False))
        # The hall's name may wrap: the header must fit the screen's width in elder mode with
        # the sync indicator's longest words (offline, with the last problem).
        titles.addWidget(
            label(self.session.services.hall_name + self.tr(" · 自助服务"), "header_note")
        )
        row.addLayout(titles, 1)
        self.sync_indicator = SyncIndicator(headline_role="header_note", detail_role="header_note")
        row.addWidget(self.sync_indicator)
        self.elder_button = push_button(self.tr("长辈版"), "elder", name="elder_toggle")
        self.elder_button.setCheckable(True)
        self.elder_button.clicked.connect(lambda on: self.session.set_elder_mode(bool(on)))
        self.help_button = push_button(self.tr("呼叫帮办"), "help", name="help")
        self.help_button.clicked.connect(self.session.request_help)
        for button in (self.elder_button, self.help_button):
            # Never narrower than their words: the text around them wraps instead.
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            row.addWidget(button)
        return header

    def _footer(self) -> QWidget:
        footer = QWidget()
        footer.setProperty("role", "screen")
        row = QHBoxLayout(footer)
        row.setContentsMargins(24, 8, 24, 16)
        row.setSpacing(16)
        self.back_button = push_button(self.tr("上一步"), "secondary", name="back")
        self.back_button.clicked.connect(self.session.back)
        row.addWidget(self.back_button, 1)
        self.home_button = push_button(self.tr("返回首页"), "secondary", name="home")
        self.home_button.clicked.connect(self._go_home)
        row.addWidget(self.home_button, 1)
        return footer

    # --- model → view -------------------------------------------------------------------------
    @property
    def current_screen(self) -> Screen:
        screen = self.stack.currentWidget()
        assert isinstance(screen, Screen)
        return screen

    def _show_route(self, route: Route) -> None:
        previous = self.stack.currentWidget()
        screen = self.screens[route]
        if isinstance(previous, Screen) and previous is not screen:
            previous.leave()
        screen.enter()
        self.stack.setCurrentWidget(screen)
        self.footer.setVisible(route is not Route.HOME)
        self.back_button.setVisible(route is not Route.TICKET)
        self._show_offline_note()
        self._say(screen.voice_prompt())

    def _apply_elder_mode(self, on: bool, *, announce: bool = True) -> None:
        self.elder_button.setChecked(on)
        self.setStyleSheet(stylesheet(Variant.ELDER if on else Variant.NORMAL))
        if self.voice is not None:
            self.voice.set_rate(-0.2 if on else 0.0)
        if announce:
            self._say(
                self.tr("已切换到长辈版，字更大，按钮更大。") if on else self.tr("已切换到标准版。")
            )

    def _show_offline_note(self) -> None:
        self.offline_note.setVisible(not self.session.services.online)

    def _help_requested(self, request: HelpRequest) -> None:
        services = self.session.services
        if services.outbox is not None and not services.online:
            text = self.tr(
                "暂时连不上大厅服务器：呼叫已记下，连上后马上通知工作人员。"
                "您也可以直接到服务台找工作人员。"
            )
        else:
            text = self.tr("已通知工作人员，请在原地稍候，工作人员马上过来帮您。")
        self.help_banner.setText(text)
        self.help_banner.show()
        self._say(text)

    def _wiped(self) -> None:
        if self.voice is not None:
            self.voice.clear_pending()
        self.help_banner.hide()

    def _say(self, text: str) -> None:
        if self.voice is not None and text:
            self.voice.say(text)

    # --- user → model -------------------------------------------------------------------------
    def _go_home(self) -> None:
        # From the questions on (checklist, 取号, ticket, look-ups) 返回首页 ends the visit.
        if self.session.route in VISIT_ROUTES:
            self.session.reset()
        else:
            self.session.go_home()

    @property
    def pristine(self) -> bool:
        s = self.session
        return (
            s.route is Route.HOME
            and not s.browser.query
            and s.browser.stage is None
            and not s.elder_mode
            and s.help_requested is None
            and not s.ticket_form.id_text
            and not s.check_in.code
        )

    def _idle_warning(self) -> None:
        if not self.pristine:
            self._say(self.tr("您还在吗？如需继续，请触摸屏幕。"))

    def _idle_timeout(self) -> None:
        if not self.pristine:
            log.info("idle timeout: wiping the session")
            self.session.reset()
        self.idle.poke()

    def _corner_tapped(self) -> None:
        if not self.corner_taps.tap():
            return
        if self.admin_pin.locked:
            self.dialogs.inform(self.tr("管理员退出"), self.tr("密码错误次数过多，请稍后再试。"))
            return
        pin = self.dialogs.ask_text(self.tr("管理员退出"), self.tr("请输入管理员密码"), secret=True)
        if pin is None:
            return
        if self.admin_pin.check(pin):
            log.warning("admin exit granted")
            self.locked = False
            self.exit_requested.emit()
        else:
            log.warning("admin exit: wrong PIN")
            self.dialogs.inform(self.tr("管理员退出"), self.tr("密码不正确。"))

    # --- readers ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # One event reaches several objects on its way (the widget, its parents): count it
        # once, at the widget it was sent to.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and (watched is QApplication.focusWidget() or watched is self)
        ):
            self._reader_key(event)
        return False

    def _reader_key(self, event: QKeyEvent) -> None:
        now = time.monotonic()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = self.wedge.enter(now)
            if burst is not None:
                self.read(burst)
        elif event.text() and event.text().isprintable():
            self.wedge.key(event.text(), now)

    def read(self, text: str) -> None:
        """What a reader read: an ID number on the 取号 screen, an appointment code (the booking
        message's QR or bar code) on 预约签到 — or anywhere else, where a ticket's QR code
        opens 排队进度 and an appointment code opens 预约签到."""
        self.idle.poke()
        session = self.session
        if session.route is Route.CHECK_IN:
            if session.check_in.read_code(text):
                self._check_in_screen().submit()
            return
        appointment = parse_appointment_code(text) if session.services.connected else None
        if session.route is Route.TAKE_TICKET:
            # Eight digits alone are an appointment code, never an ID number (18 characters).
            if appointment is not None and text.strip() == appointment:
                self._check_in_read(appointment)
            else:
                session.ticket_form.read_id(text)
            return
        if session.route is Route.RATING:
            session.rating_form.key.read_code(text)
            return
        if appointment is not None and parse_status_code(text) is None:
            self._check_in_read(appointment)
            return
        if session.route is not Route.STATUS:
            session.open_status()
        if session.status_lookup.key.read_code(text):
            screen = self.screens[Route.STATUS]
            assert isinstance(screen, StatusScreen)
            screen.ask()

    def _check_in_screen(self) -> CheckInScreen:
        screen = self.screens[Route.CHECK_IN]
        assert isinstance(screen, CheckInScreen)
        return screen

    def _check_in_read(self, code: str) -> None:
        self.session.open_check_in()
        if self.session.check_in.read_code(code):
            self._check_in_screen().submit()

    # --- the hall server ----------------------------------------------------------------------
    def probe(self) -> None:
        """Ask the hall server for the hall, off the UI thread (skipped while one is running)."""
        hall = self.session.services.hall
        if hall is None or self._probing:
            return
        self._probing = True
        self.net_runner.run(hall.probe, self._probed, self._probe_failed)

    def _probed(self, _hall: HallInfo) -> None:
        self._probing = False
        self.session.set_online(True)
        if self.bridge is not None:
            self.bridge.refresh_status()

    def _probe_failed(self, error: BaseException) -> None:
        self._probing = False
        if not isinstance(error, HallError):
            log.error("probing the hall server failed: %r", error)
        elif not error.rejected:
            self.session.set_online(False)
        if self.bridge is not None:
            self.bridge.refresh_status()

    def _sync_status(self, status: object) -> None:
        online = getattr(status, "online", None)
        if online is not None:
            self.session.set_online(bool(online))

    def _checked_in(self, ticket: IssuedTicket) -> None:
        # The appointment's ticket, on the 取号 path: the form shows it, the printer prints it.
        self.session.checked_in(ticket)
        self._ticket_issued(ticket)

    def _ticket_issued(self, ticket: IssuedTicket) -> None:
        screen = self.screens[Route.TICKET]
        assert isinstance(screen, TicketScreen)
        # Printing first: the bytes are made on a worker thread while this thread builds the
        # ticket screen, so the person's ticket comes out as soon as the server has answered.
        screen.print_issued()
        self.session.show_ticket()

    # --- lock ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Begin watching for idleness (after the window is shown) and, online, the server."""
        self.idle.start()
        if self.session.services.hall is not None:
            self.probe()
            self.probe_timer.start()
        if self.bridge is not None:
            self.bridge.start()
        printer = self.session.services.ticket_printer
        if printer is not None:
            ticket_screen = self.screens[Route.TICKET]
            assert isinstance(ticket_screen, TicketScreen)
            ticket_screen.runner.run(printer.warm_up, lambda _: None, _warm_up_failed)

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle.stop()
        self.probe_timer.stop()
        if self.bridge is not None:
            self.bridge.stop()
        self.net_runner.shutdown()
        self.runner.shutdown()
        self.session.services.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked:
            event.ignore()  # Alt+F4 and the like: only the admin exit closes the kiosk
            return
        self.shutdown()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # no way out by keyboard
            return
        super().keyPressEvent(event)


def _warm_up_failed(error: BaseException) -> None:
    # Only a head start: the first real ticket is laid out the same way and reports trouble.
    log.warning("ticket printer warm-up failed: %s", type(error).__name__)
