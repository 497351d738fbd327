"""The personal checklist (一次告知单): what to bring, with how and why; what is exempt; the
items that will be handled. Printable on the kiosk's ticket printer, off the UI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from hallcore.catalog import Resolution
from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import clear_layout, label, push_button, scroll_page
from kiosk.model.session import KioskSession, PrintStatus
from kiosk.screens.base import Screen
from kiosk.screens.cards import Card

__all__ = ["ChecklistScreen"]


class ChecklistScreen(Screen):
    def __init__(self, session: KioskSession, runner: BackgroundRunner) -> None:
        super().__init__(session)
        self.runner = runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        layout.addWidget(label(self.tr("您的材料清单"), "title"))
        self.subtitle = label("", "muted", name="checklist_subtitle")
        layout.addWidget(self.subtitle)
        self.content = QWidget()
        self.content.setProperty("role", "screen")
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 0, 8, 0)
        self.body.setSpacing(14)
        layout.addWidget(scroll_page(self.content), 1)
        self.print_status = label("", "banner", name="print_status")
        self.print_status.hide()
        layout.addWidget(self.print_status)
        buttons = QHBoxLayout()
        self.again_button = push_button(self.tr("重新回答"), "secondary", name="answer_again")
        self.again_button.clicked.connect(session.start_questions)
        buttons.addWidget(self.again_button)
        self.print_button = push_button(self.tr("打印告知单"), "primary", name="print_checklist")
        self.print_button.clicked.connect(self._print)
        buttons.addWidget(self.print_button, 1)
        self.ticket_button = push_button(self.tr("取号"), "primary", name="checklist_take_ticket")
        self.ticket_button.clicked.connect(session.open_ticket)
        buttons.addWidget(self.ticket_button, 1)
        layout.addLayout(buttons)
        self.cards: dict[str, Card] = {}
        self.listener.listen(session, "print", lambda _status: self._show_print())

    @property
    def resolution(self) -> Resolution | None:
        flow = self.session.flow
        return flow.resolution if flow is not None and flow.done else None

    def enter(self) -> None:
        clear_layout(self.body)
        self.cards = {}
        resolution = self.resolution
        if resolution is None:
            return
        theme = resolution.theme
        subtitle = theme.name
        if theme.promised_working_days is not None:
            subtitle += self.tr(" · 承诺办结时限 {n} 个工作日").format(
                n=theme.promised_working_days
            )
        self.subtitle.setText(subtitle)

        bring = Card(self.tr("需要您带来的材料（{n}项）").format(n=len(resolution.to_hand_in)))
        for n, entry in enumerate(resolution.to_hand_in, 1):
            bring.add(f"{n}. {entry.material.name}", space_before=6 if n > 1 else 0)
            bring.add(entry.way_note, "card_note")
            bring.add(
                self.tr("为什么要：{reasons}").format(reasons="；".join(entry.reasons)), "card_note"
            )
        if not resolution.to_hand_in:
            bring.add(self.tr("不需要提交纸质材料。"))
        self._add(bring, "bring")

        if resolution.signed_at_window:
            signed = Card(
                self.tr("窗口打印、您当场签字（{n}项）").format(n=len(resolution.signed_at_window))
            )
            for entry in resolution.signed_at_window:
                signed.add(entry.material.name, space_before=4)
                signed.add(entry.way_note, "card_exempt")
            self._add(signed, "signed_at_window")

        if resolution.exempt:
            exempt = Card(self.tr("免提交的材料（{n}项）").format(n=len(resolution.exempt)))
            for entry in resolution.exempt:
                exempt.add(entry.material.name, space_before=4)
                exempt.add(entry.way_note, "card_exempt")
            self._add(exempt, "exempt")

        items = Card(self.tr("将为您办理的事项（{n}项）").format(n=len(resolution.items)))
        catalog = self.session.catalog
        for n, selected in enumerate(resolution.items, 1):
            department = catalog.department(selected.item.department).short_name
            items.add(f"{n}. {selected.item.name}（{department}）")
        self._add(items, "items")
        self.body.addStretch(1)
        self._show_print()
        self.ticket_button.setVisible(self.session.services.connected)

    def voice_prompt(self) -> str:
        resolution = self.resolution
        if resolution is None:
            return ""
        return self.tr(
            "清单好了。您需要带 {bring} 项材料，另有 {exempt} 项免提交。可以按“打印告知单”。"
        ).format(bring=len(resolution.to_hand_in), exempt=len(resolution.exempt))

    def _add(self, card: Card, key: str) -> None:
        card.setObjectName(f"card_{key}")
        self.cards[key] = card
        self.body.addWidget(card)

    def _print(self) -> None:
        resolution = self.resolution
        printer = self.session.services.print_checklist
        if resolution is None or printer is None or not self.session.can_print:
            return
        self.session.print_started()
        self.runner.run(
            lambda: printer(resolution), self.session.print_finished, self.session.print_failed
        )

    def _show_print(self) -> None:
        status = self.session.print_status
        has_printer = self.session.services.print_checklist is not None
        self.print_button.setEnabled(has_printer and status is not PrintStatus.PRINTING)
        if not has_printer:
            self.print_button.setText(self.tr("本机未连接打印机"))
        text = {
            PrintStatus.IDLE: "",
            PrintStatus.PRINTING: self.tr("正在打印告知单，请稍候……"),
            PrintStatus.DONE: self.tr("告知单已打印，请从出票口取走。"),
            PrintStatus.FAILED: self.tr("告知单没有打印出来。请拍下屏幕上的清单，或按“呼叫帮办”。"),
        }[status]
        if status is PrintStatus.FAILED and self.session.print_message:
            text = self.session.print_message + "\n" + text
        self.print_status.setText(text)
        self.print_status.setVisible(bool(text))
