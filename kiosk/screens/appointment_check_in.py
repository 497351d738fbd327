"""预约签到: the 8-digit code of the booking message, typed on the digit pad or read from the
message's QR / bar code by the reader, and the big 签到 button.

The check-in is a request to the hall server on the kiosk's network worker (never through the
outbox: a pretend ticket is worse than none). Offline the button is off and the screen says to
go to the 咨询台. The answer takes the ticket path (the window prints it and shows the ticket
screen); a refusal is said in plain Chinese with the code left in place for correcting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import label, push_button
from kiosk.model.appointments import OFFLINE_ZH, CheckInState
from kiosk.model.hall_link import IssuedTicket
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen
from kiosk.screens.cards import Card
from kiosk.screens.keypad import CODE_ROWS, KeyPad

__all__ = ["CheckInScreen"]

log = logging.getLogger("onewindow.kiosk")


class CheckInScreen(Screen):
    def __init__(
        self,
        session: KioskSession,
        runner: BackgroundRunner,
        on_checked_in: Callable[[IssuedTicket], None],
    ) -> None:
        super().__init__(session)
        self.form = session.check_in
        self.runner = runner
        self.on_checked_in = on_checked_in
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        layout.addWidget(label(self.tr("预约签到"), "title"))
        layout.addWidget(
            label(self.tr("已在网上或电话预约的，在这里签到取号，按预约时段优先叫号。"), "muted")
        )

        card = Card(self.tr("预约码（8位数字）"), name="card_code")
        card.add(
            self.tr("把预约短信里的二维码或条码对准扫码口，或用下面的按键输入8位预约码。"),
            "card_note",
        )
        self.code_shown = label("", "card_heading", name="code_shown", wrap=False)
        card._layout.addWidget(self.code_shown)
        self.error = label("", "banner", name="check_in_error")
        card._layout.addWidget(self.error)
        pad_row = QHBoxLayout()
        self.pad = KeyPad(CODE_ROWS, self.form.type_key, self.form.backspace, name="code_pad")
        pad_row.addWidget(self.pad, 2)
        self.clear_button = push_button(self.tr("清空"), "secondary", name="code_clear")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.form.clear_code)
        pad_row.addWidget(self.clear_button, 1, Qt.AlignmentFlag.AlignTop)
        card._layout.addLayout(pad_row)
        layout.addWidget(card)

        layout.addStretch(1)
        self.status = label("", "banner", name="check_in_status")
        self.status.hide()
        layout.addWidget(self.status)
        self.submit_button = push_button(self.tr("签到"), "primary", name="check_in_submit")
        self.submit_button.clicked.connect(self.submit)
        layout.addWidget(self.submit_button)
        self.listener.listen(self.form, "changed", self.refresh)
        self.listener.listen(session, "online", lambda _on: self.refresh())

    # --- view ---------------------------------------------------------------------------------
    def enter(self) -> None:
        self.refresh()

    def voice_prompt(self) -> str:
        return self.tr("预约签到。请扫描预约短信上的二维码，或输入8位预约码，然后按“签到”。")

    @property
    def online(self) -> bool:
        services = self.session.services
        return services.hall is not None and services.online

    def refresh(self) -> None:
        form = self.form
        self.code_shown.setText(form.shown_code)
        self.error.setText(form.error_zh)
        self.error.setVisible(bool(form.error_zh))
        checking = form.state is CheckInState.CHECKING
        self.submit_button.setEnabled(self.online and not checking)
        self.submit_button.setText(self.tr("正在签到……") if checking else self.tr("签到"))
        text = "" if self.online else self.tr("暂时连不上服务器，无法签到，请到咨询台。")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # --- user → model -------------------------------------------------------------------------
    def submit(self) -> None:
        """签到: the code to the server (on the network worker), if it is whole."""
        form, hall = self.form, self.session.services.hall
        if form.state is CheckInState.CHECKING:
            return  # a second tap while the server is asked
        problem = form.problem()
        if problem:
            form.refuse(problem)
            return
        if hall is None or not self.session.services.online:
            form.refuse(OFFLINE_ZH)
            return
        code = form.code
        form.checking()
        self.runner.run(lambda: hall.check_in(code), self._checked_in, self._failed)

    def _checked_in(self, ticket: IssuedTicket) -> None:
        if self.form.state is not CheckInState.CHECKING:
            # The visit was wiped meanwhile (idle timeout, 返回首页): the ticket is not shown to
            # whoever stands here now; the same code checks in again and reprints it.
            log.info("a check-in answered after its visit ended; not shown")
            return
        self.on_checked_in(ticket)

    def _failed(self, error: BaseException) -> None:
        if self.form.state is not CheckInState.CHECKING:
            return
        self.form.failed(error)
        self.session.say(self.form.error_zh)
