"""The kiosk window: a header on every screen (长辈版, 呼叫帮办), the screens in a stack, and a
bottom bar (上一步, 返回首页). Locked full screen with a hidden admin exit; idle timeout; voice.

The window listens to the session: a new route shows its screen and speaks its prompt; elder
mode swaps the stylesheet variant; a help request shows a confirmation; a reset (idle timeout,
crash recovery) drops pending speech and shows home.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hallui.dialogs import DialogService
from hallui.idle import IdleWatcher
from hallui.qt_bridge import BackgroundRunner, ModelListener
from hallui.theme import Variant, load_theme, render_stylesheet
from hallui.voice import VoiceGuide
from hallui.widgets import label, push_button
from kiosk.model.admin import CornerTaps, PinCheck
from kiosk.model.services import HelpRequest
from kiosk.model.session import KioskSession, Route
from kiosk.screens.base import Screen
from kiosk.screens.checklist import ChecklistScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.questions import QuestionsScreen
from kiosk.screens.theme_page import ThemeScreen

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
        titles.addWidget(
            label(
                self.session.services.hall_name + self.tr(" · 自助服务"), "header_note", wrap=False
            )
        )
        row.addLayout(titles, 1)
        self.elder_button = push_button(self.tr("长辈版"), "elder", name="elder_toggle")
        self.elder_button.setCheckable(True)
        self.elder_button.clicked.connect(lambda on: self.session.set_elder_mode(bool(on)))
        row.addWidget(self.elder_button)
        self.help_button = push_button(self.tr("呼叫帮办"), "help", name="help")
        self.help_button.clicked.connect(self.session.request_help)
        row.addWidget(self.help_button)
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
        self.offline_note.setVisible(not self.session.services.online)
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

    def _help_requested(self, request: HelpRequest) -> None:
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
        # From the checklist or the questions 返回首页 ends this person's visit.
        if self.session.route in (Route.QUESTIONS, Route.CHECKLIST):
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

    # --- lock ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Begin watching for idleness (after the window is shown)."""
        self.idle.start()

    def shutdown(self) -> None:
        self.idle.stop()
        self.runner.shutdown()

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
