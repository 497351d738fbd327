"""好差评: five levels for a finished service, found by its ticket number and 查询码. A 差评 (1 or
2) needs at least one reason, said plainly before anything is sent; the rating goes to the
server on a worker thread (``POST /ratings``) and the answer is shown."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import label, push_button
from kiosk.model.hall_link import HallError, HallLink, PublicStatus
from kiosk.model.lookup import RATING_LABELS, LookupState, ticket_id_for
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen
from kiosk.screens.cards import Card
from kiosk.screens.ticket_key import TicketKeyCard
from server_sync import SyncError

__all__ = ["BAD_REASONS", "RatingScreen"]

#: Reasons to tap (a kiosk has no keyboard for Chinese); the manager's follow-up starts here.
BAD_REASONS = (
    "等候时间太长",
    "工作人员态度不好",
    "材料要求没讲清楚",
    "要求多次跑腿",
    "系统或设备故障",
    "办理结果不满意",
)


class RatingScreen(Screen):
    def __init__(self, session: KioskSession, runner: BackgroundRunner) -> None:
        super().__init__(session)
        self.form = session.rating_form
        self.runner = runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        layout.addWidget(label(self.tr("评价服务（好差评）"), "title"))
        self.key_card = TicketKeyCard(self.form.key, name="rating_key")
        layout.addWidget(self.key_card)

        levels = Card(self.tr("您对这次办事满意吗？"), name="card_levels")
        row = QHBoxLayout()
        self.level_buttons: dict[int, QPushButton] = {}
        for level in sorted(RATING_LABELS, reverse=True):
            button = push_button(RATING_LABELS[level], "chip", name=f"level_{level}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, n=level: self.form.set_level(n))
            self.level_buttons[level] = button
            row.addWidget(button, 1)
        levels._layout.addLayout(row)
        layout.addWidget(levels)

        self.reasons_card = Card(self.tr("请选择不满意的原因（至少一项）"), name="card_reasons")
        self.reason_grid = QGridLayout()
        self.reason_grid.setSpacing(8)
        self.reason_buttons: dict[str, QPushButton] = {}
        for n, reason in enumerate(BAD_REASONS):
            button = push_button(reason, "chip", name=f"reason_{n}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, r=reason: self.form.toggle_reason(r))
            self.reason_buttons[reason] = button
            self.reason_grid.addWidget(button, n // 2, n % 2)
        self.reasons_card._layout.addLayout(self.reason_grid)
        layout.addWidget(self.reasons_card)

        self.answer = label("", "banner", name="rating_answer")
        layout.addWidget(self.answer)
        layout.addStretch(1)
        self.send_button = push_button(self.tr("提交评价"), "primary", name="rating_send")
        self.send_button.clicked.connect(self.send)
        layout.addWidget(self.send_button)
        self.listener.listen(self.form, "changed", self.refresh)
        self.listener.listen(session, "online", lambda _on: self.refresh())

    def enter(self) -> None:
        self.refresh()

    def voice_prompt(self) -> str:
        return self.tr("评价服务。请扫描排队票上的二维码，或输入号码和查询码，再选择满意程度。")

    def refresh(self) -> None:
        form = self.form
        for level, button in self.level_buttons.items():
            button.setChecked(level == form.level)
        self.reasons_card.setVisible(form.needs_reason)
        for reason, button in self.reason_buttons.items():
            button.setChecked(reason in form.reasons)
        online = self.session.services.hall is not None and self.session.services.online
        busy = form.state is LookupState.BUSY
        self.send_button.setEnabled(online and not busy and form.state is not LookupState.DONE)
        self.send_button.setText(self.tr("正在提交……") if busy else self.tr("提交评价"))
        if not online:
            text = self.tr("暂时连不上大厅服务器，现在不能评价，请稍后再试。")
        elif form.state is LookupState.DONE:
            text = self.tr("谢谢您的评价！")
            if form.needs_reason:
                text += self.tr("我们会尽快回访，并把整改结果告诉您。")
        elif form.state is LookupState.FAILED:
            text = form.error_zh
        else:
            text = ""
        self.answer.setText(text)
        self.answer.setVisible(bool(text))

    def send(self) -> None:
        form, hall = self.form, self.session.services.hall
        problem = form.problem()
        if problem:
            form.refuse(problem)
            self.session.say(problem)
            return
        if hall is None or form.level is None or form.state is LookupState.BUSY:
            return
        number, secret = form.key.number, form.key.secret
        level, reason = form.level, form.reason_text
        today = self.session.services.clock().date()
        form.busy()
        self.runner.run(
            lambda: _rate(hall, number, secret, level, reason, today), self._sent, form.failed
        )

    def _sent(self, _answer: object) -> None:
        self.form.sent()
        self.session.say(self.tr("谢谢您的评价！"))


def _rate(
    hall: HallLink, number: str, secret: str, level: int, reason: str | None, today: dt.date
) -> PublicStatus:
    """On the worker: the 查询码 proves the ticket is the person's own, then the rating."""
    status = hall.public_status(number, secret)
    if status.state != "done":
        raise HallError(
            SyncError("not_finished", "办结后才能评价", "only a finished service can be rated"),
            rejected=True,
        )
    hall.rate(ticket_id_for(today, status.number), level, reason)
    return status
