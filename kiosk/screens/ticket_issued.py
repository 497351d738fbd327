"""The issued ticket: the number, the people ahead and the wait (from the server's answer), the
windows, how printing went, and the ticket itself — the very raster the printer prints, so the
screen shows the number and the QR code even when the paper did not come out. A printer failure
never loses the ticket: 重新打印 sends the same bytes again. A ticket from 预约签到 says so, with
its slot (and, for a late arrival, that it now queues as a walk-in)."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import label, push_button
from kiosk.model.appointments import slot_times
from kiosk.model.session import KioskSession
from kiosk.model.ticketing import TicketPrintState
from kiosk.screens.base import Screen
from kiosk.screens.cards import Card
from printing.ticket_printer import PrintOutcome

__all__ = ["TicketScreen"]


class TicketScreen(Screen):
    def __init__(self, session: KioskSession, runner: BackgroundRunner) -> None:
        super().__init__(session)
        self.form = session.ticket_form
        self.runner = runner
        self._attempts = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        number_row = QHBoxLayout()
        self.heading = label(self.tr("取号成功，您的号码是"), "heading", wrap=False)
        number_row.addWidget(self.heading)
        self.number = label("", "title", name="ticket_number", wrap=False)
        number_row.addWidget(self.number, 1)
        layout.addLayout(number_row)
        self.card = Card(self.tr("排队情况"), name="card_ticket")
        self.slot = label("", "card_heading", name="ticket_slot")
        self.card._layout.addWidget(self.slot)
        self.lapsed = label("", "card_exempt", name="ticket_lapsed")
        self.card._layout.addWidget(self.lapsed)
        self.ahead = label("", "card_heading", name="ticket_ahead")
        self.card._layout.addWidget(self.ahead)
        self.wait = label("", "card_body", name="ticket_wait")
        self.card._layout.addWidget(self.wait)
        self.windows = label("", "card_body", name="ticket_windows")
        self.card._layout.addWidget(self.windows)
        self.theme = label("", "card_note", name="ticket_theme")
        self.card._layout.addWidget(self.theme)
        self.secret = label("", "card_note", name="ticket_secret")
        self.card._layout.addWidget(self.secret)
        self.proof = label("", "card_note", name="ticket_proof")
        self.card._layout.addWidget(self.proof)
        layout.addWidget(self.card)
        self.print_status = label("", "banner", name="ticket_print_status")
        layout.addWidget(self.print_status)
        self.preview = label("", "body", name="ticket_preview", wrap=False)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        self.reprint_button = push_button(self.tr("重新打印"), "secondary", name="reprint")
        self.reprint_button.clicked.connect(self.reprint)
        buttons.addWidget(self.reprint_button, 1)
        self.prescan_button = push_button(
            self.tr("先扫描材料（可选）"), "secondary", name="open_prescan"
        )
        self.prescan_button.clicked.connect(session.open_prescan)
        buttons.addWidget(self.prescan_button, 1)
        self.done_button = push_button(self.tr("完成"), "primary", name="ticket_done")
        self.done_button.clicked.connect(session.reset)
        buttons.addWidget(self.done_button, 1)
        layout.addLayout(buttons)
        self.listener.listen(self.form, "changed", self.refresh)
        self.last_outcome: PrintOutcome | None = None

    def enter(self) -> None:
        self.refresh()

    def voice_prompt(self) -> str:
        ticket = self.form.ticket
        if ticket is None:
            return ""
        spoken = " ".join(ticket.number)
        if ticket.waiting_ahead == 0:
            ahead = self.tr("前面没有人等候")
        else:
            ahead = self.tr("前面还有{n}人").format(n=ticket.waiting_ahead)
        if ticket.booking is not None:
            said = self.tr("签到成功，您的号码是 {number}，{ahead}。请留意叫号。").format(
                number=spoken, ahead=ahead
            )
            return said + (
                self.tr("您的预约时段已过，这张号按现场取号排队。") if ticket.booking.lapsed else ""
            )
        return self.tr("取号成功，您的号码是 {number}，{ahead}。请留意叫号。").format(
            number=spoken, ahead=ahead
        )

    def refresh(self) -> None:
        ticket = self.form.ticket
        if ticket is None:
            self.preview.clear()
            return
        self.number.setText(ticket.number)
        booking = ticket.booking
        self.heading.setText(
            self.tr("签到成功，您的号码是")
            if booking is not None
            else self.tr("取号成功，您的号码是")
        )
        zone = self.session.services.clock().tzinfo
        if booking is not None:
            start, end = slot_times(booking, zone)
            self.slot.setText(self.tr("预约 {start}–{end}").format(start=start, end=end))
        self.slot.setVisible(booking is not None)
        self.lapsed.setText(
            self.tr("您的预约时段已过，这张号按现场取号排队，请留意叫号。")
            if booking is not None and booking.lapsed
            else ""
        )
        self.lapsed.setVisible(booking is not None and booking.lapsed)
        if ticket.waiting_ahead == 0:
            self.ahead.setText(self.tr("前面没有人等候，请留意叫号"))
        else:
            self.ahead.setText(self.tr("前面还有 {n} 人等候").format(n=ticket.waiting_ahead))
        if ticket.waiting_ahead == 0:
            wait = self.tr("预计很快叫到您")
        elif ticket.wait_minutes is not None:
            wait = self.tr("预计等候约 {m} 分钟").format(m=max(1, ticket.wait_minutes))
        else:
            wait = self.tr("等候时间请留意叫号屏")
        self.wait.setText(wait)
        windows = "、".join(str(w) for w in ticket.windows)
        self.windows.setText(
            self.tr("办理窗口：{w}号窗口").format(w=windows)
            if windows
            else self.tr("办理窗口：请留意叫号屏")
        )
        self.theme.setText(self.form.theme_name)
        self.secret.setText(
            self.tr("查询码 {code}：凭号码和查询码可在本机查进度、评价服务").format(
                code=ticket.secret
            )
        )
        priority = self.form.priority
        self.proof.setText(
            self.tr("优先办理：请向窗口出示{proof}").format(proof=priority.proof_zh)
            if priority is not None
            else ""
        )
        self.proof.setVisible(priority is not None)
        state = self.form.print_state
        printer = self.session.services.ticket_printer
        text = {
            TicketPrintState.NONE: self.tr("本机未连接打印机，请记下您的号码和查询码。")
            if printer is None
            else "",
            TicketPrintState.PRINTING: self.tr("正在打印排队票……"),
            TicketPrintState.PRINTED: self.form.print_message,
            TicketPrintState.FAILED: self.form.print_message,
        }[state]
        self.print_status.setText(text)
        self.print_status.setVisible(bool(text))
        self.reprint_button.setVisible(printer is not None)
        self.reprint_button.setEnabled(
            state is not TicketPrintState.PRINTING
            and self.last_outcome is not None
            and self.last_outcome.reprintable
        )
        self.prescan_button.setVisible(self.session.services.scanner is not None)

    # --- printing -----------------------------------------------------------------------------
    def print_issued(self) -> None:
        """Print the ticket just issued (called by the window when the server answered)."""
        printer, ticket = self.session.services.ticket_printer, self.form.ticket
        if printer is None or ticket is None:
            return
        self._attempts = 1
        self.last_outcome = None
        theme = self.form.theme_name
        self.form.set_print(TicketPrintState.PRINTING)
        self.runner.run(lambda: printer.print_ticket(ticket, theme), self._printed, self._crashed)

    def reprint(self) -> None:
        printer, outcome = self.session.services.ticket_printer, self.last_outcome
        if printer is None or outcome is None or outcome.job is None:
            return
        self._attempts += 1
        job, attempt = outcome.job, self._attempts
        self.form.set_print(TicketPrintState.PRINTING)
        self.runner.run(lambda: printer.reprint(job, attempt), self._printed, self._crashed)

    def _printed(self, outcome: PrintOutcome) -> None:
        if outcome.job is not None or self.last_outcome is None:
            self.last_outcome = outcome
        if outcome.job is not None:
            self._show_preview(outcome.job.preview)
        state = TicketPrintState.PRINTED if outcome.ok else TicketPrintState.FAILED
        self.form.set_print(state, outcome.message_zh)

    def _show_preview(self, raster: Image.Image) -> None:
        """The printed ticket on screen, scaled to fit the space left (never enlarged)."""
        grey = raster.convert("L")
        image = QImage(
            grey.tobytes(), grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8
        ).copy()  # own the pixels: the bytes object goes away
        room = max(200, self.preview.height() - 8) if self.preview.height() > 0 else 700
        pixmap = QPixmap.fromImage(image)
        if pixmap.height() > room:
            pixmap = pixmap.scaledToHeight(room, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def _crashed(self, error: BaseException) -> None:
        number = self.form.ticket.number if self.form.ticket else ""
        self.form.set_print(
            TicketPrintState.FAILED,
            self.tr("排队票没有打印出来。您的号码 {n} 已取号成功、仍然有效，请记下号码。").format(
                n=number
            ),
        )
