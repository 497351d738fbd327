"""取号: the optional ID number (digit pad with X, or an ID-card reader), a priority class with
the proof to show at the window, and the big 取号 button — with 我有预约 beside it for a person
who booked (预约签到).

取号 is a request to the hall server on a worker thread (never through the outbox: a ticket must
not be pretend-issued while offline). Offline, the button is disabled and the screen says why;
a failed request leaves everything entered in place and says what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from hallcore.queue.config import PriorityClass
from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import clear_layout, label, push_button
from kiosk.model.hall_link import IssuedTicket
from kiosk.model.session import KioskSession
from kiosk.model.ticketing import IssueState
from kiosk.screens.base import Screen
from kiosk.screens.cards import Card
from kiosk.screens.keypad import DIGIT_ROWS, KeyPad

__all__ = ["TakeTicketScreen"]


class TakeTicketScreen(Screen):
    def __init__(
        self,
        session: KioskSession,
        runner: BackgroundRunner,
        on_issued: Callable[[IssuedTicket], None],
    ) -> None:
        super().__init__(session)
        self.form = session.ticket_form
        self.runner = runner
        self.on_issued = on_issued
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        self.title = label("", "title", name="take_title")
        layout.addWidget(self.title)

        id_card = Card(self.tr("身份证号（可以不填）"), name="card_id")
        id_card.add(
            self.tr("填了身份证号，窗口可以直接调出您的信息；也可以把身份证放在读卡区自动读取。"),
            "card_note",
        )
        self.id_shown = label("", "card_heading", name="id_shown")
        id_card._layout.addWidget(self.id_shown)
        self.id_message = label("", "banner", name="id_message")
        id_card._layout.addWidget(self.id_message)
        pad_row = QHBoxLayout()
        self.pad = KeyPad(DIGIT_ROWS, self.form.type_key, self.form.backspace, name="id_pad")
        pad_row.addWidget(self.pad, 2)
        self.clear_id = push_button(self.tr("清空"), "secondary", name="id_clear")
        self.clear_id.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_id.clicked.connect(self.form.clear_id)
        pad_row.addWidget(self.clear_id, 1, Qt.AlignmentFlag.AlignTop)
        id_card._layout.addLayout(pad_row)
        layout.addWidget(id_card)

        priority_card = Card(self.tr("优先办理（符合条件才选）"), name="card_priority")
        self.priority_grid = QGridLayout()
        self.priority_grid.setSpacing(8)
        priority_card._layout.addLayout(self.priority_grid)
        self.proof = label("", "card_note", name="priority_proof")
        priority_card._layout.addWidget(self.proof)
        layout.addWidget(priority_card)
        self.priority_card = priority_card
        self.priority_group = QButtonGroup(self)
        self.priority_buttons: dict[str, QPushButton] = {}

        layout.addStretch(1)
        self.status = label("", "banner", name="take_status")
        self.status.hide()
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        # A person with an appointment checks in instead: the appointment's ticket, its slot.
        self.check_in_button = push_button(self.tr("我有预约"), "secondary", name="take_check_in")
        self.check_in_button.clicked.connect(session.open_check_in)
        buttons.addWidget(self.check_in_button, 1)
        self.take_button = push_button(self.tr("取号"), "primary", name="take_ticket")
        self.take_button.clicked.connect(self.take)
        buttons.addWidget(self.take_button, 2)
        layout.addLayout(buttons)
        self.listener.listen(self.form, "changed", self.refresh)
        self.listener.listen(session, "elder_mode", lambda _on: self._fill_priorities())
        self.listener.listen(session, "online", lambda _on: self.enter())

    # --- view ---------------------------------------------------------------------------------
    def enter(self) -> None:
        self._fill_priorities()
        self.refresh()

    def voice_prompt(self) -> str:
        return self.tr(
            "取号。身份证号可以不填。符合老年人、残疾人等优先条件的，请选择优先办理，然后按“取号”。"
        )

    def _classes(self) -> tuple[PriorityClass, ...]:
        hall = self.session.services.hall
        return hall.hall.priority_classes if hall is not None and hall.hall is not None else ()

    def _fill_priorities(self) -> None:
        clear_layout(self.priority_grid)
        for button in self.priority_group.buttons():
            self.priority_group.removeButton(button)
        self.priority_buttons = {}
        classes = self._classes()
        # Not known yet (never reached the server): no choice to offer rather than a lone 不需要.
        self.priority_card.setVisible(bool(classes))
        options: list[tuple[str, PriorityClass | None]] = [(self.tr("不需要"), None)]
        options += [(c.name_zh, c) for c in classes]
        per_row = 2 if self.session.elder_mode else 3
        for n, (text, priority) in enumerate(options):
            code = priority.code if priority is not None else "none"
            button = push_button(text, "chip", name=f"priority_{code}")
            button.setCheckable(True)
            button.setChecked(self.form.priority == priority)
            button.clicked.connect(lambda _=False, p=priority: self.form.set_priority(p))
            self.priority_group.addButton(button)
            self.priority_buttons[code] = button
            self.priority_grid.addWidget(button, n // per_row, n % per_row)

    def refresh(self) -> None:
        form = self.form
        self.title.setText(self.tr("取号 · {theme}").format(theme=form.theme_name))
        self.id_shown.setText(form.masked_id or self.tr("（未填写）"))
        self.id_message.setText(form.id_message)
        self.id_message.setVisible(bool(form.id_message))
        code = form.priority.code if form.priority is not None else "none"
        if code in self.priority_buttons:
            self.priority_buttons[code].setChecked(True)
        if form.priority is not None:
            self.proof.setText(
                self.tr("请向窗口出示：{proof}").format(proof=form.priority.proof_zh)
            )
        else:
            self.proof.setText(self.tr("没有优先条件的，按取号顺序办理。"))
        services = self.session.services
        online = services.hall is not None and services.online
        issuing = form.state is IssueState.ISSUING
        self.take_button.setEnabled(online and not issuing)
        self.take_button.setText(self.tr("正在取号……") if issuing else self.tr("取号"))
        text = ""
        if not online:
            text = self.tr(
                "暂时连不上大厅服务器，本机现在不能取号（不会发放无效的号）。"
                "请到服务台取号，或稍后再试。"
            )
        elif form.state is IssueState.FAILED:
            text = form.error_zh
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # --- user → model -------------------------------------------------------------------------
    def take(self) -> None:
        form, hall = self.form, self.session.services.hall
        verdict = form.can_issue()
        if not verdict.ok:
            form.refuse(verdict.message_zh)
            return
        if hall is None or form.theme_code is None:
            return
        theme, priority = form.theme_code, form.priority.code if form.priority else None
        applicant_id = form.id_text or None
        form.issuing()
        self.runner.run(
            lambda: hall.issue_ticket(theme, priority=priority, applicant_id=applicant_id),
            self._issued,
            form.failed,
        )

    def _issued(self, ticket: IssuedTicket) -> None:
        self.form.issued(ticket)
        self.on_issued(ticket)
