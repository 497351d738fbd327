"""排队进度: "how many ahead of me", by the ticket number and its 查询码 or by scanning the
ticket's QR code; the answer comes from the public status endpoint on a worker thread."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import label, push_button
from kiosk.model.hall_link import PublicStatus
from kiosk.model.lookup import LookupState
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen
from kiosk.screens.ticket_key import TicketKeyCard

__all__ = ["StatusScreen"]


class StatusScreen(Screen):
    def __init__(self, session: KioskSession, runner: BackgroundRunner) -> None:
        super().__init__(session)
        self.lookup = session.status_lookup
        self.runner = runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        layout.addWidget(label(self.tr("查排队进度"), "title"))
        self.key_card = TicketKeyCard(self.lookup.key, name="status_key")
        layout.addWidget(self.key_card)
        self.answer = label("", "banner", name="status_answer")
        layout.addWidget(self.answer)
        layout.addStretch(1)
        self.ask_button = push_button(self.tr("查询"), "primary", name="status_ask")
        self.ask_button.clicked.connect(self.ask)
        layout.addWidget(self.ask_button)
        self.listener.listen(self.lookup, "changed", self.refresh)
        self.listener.listen(session, "online", lambda _on: self.refresh())

    def enter(self) -> None:
        self.refresh()

    def voice_prompt(self) -> str:
        return self.tr("查排队进度。请扫描排队票上的二维码，或输入号码和查询码。")

    def refresh(self) -> None:
        lookup = self.lookup
        online = self.session.services.hall is not None and self.session.services.online
        busy = lookup.state is LookupState.BUSY
        self.ask_button.setEnabled(online and not busy)
        self.ask_button.setText(self.tr("正在查询……") if busy else self.tr("查询"))
        if not online:
            text = self.tr("暂时连不上大厅服务器，现在查不了进度。请留意叫号屏，或稍后再试。")
        elif lookup.state is LookupState.DONE:
            text = lookup.summary()
        elif lookup.state is LookupState.FAILED:
            text = lookup.error_zh
        else:
            text = ""
        self.answer.setText(text)
        self.answer.setVisible(bool(text))

    def ask(self) -> None:
        lookup, hall = self.lookup, self.session.services.hall
        problem = lookup.key.problem()
        if problem:
            lookup.refuse(problem)
            return
        if hall is None or lookup.state is LookupState.BUSY:
            return
        number, secret = lookup.key.number, lookup.key.secret
        lookup.busy()
        self.runner.run(lambda: hall.public_status(number, secret), self._found, lookup.failed)

    def _found(self, status: PublicStatus) -> None:
        self.lookup.found(status)
        self.session.say(self.lookup.summary())
