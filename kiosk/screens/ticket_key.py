"""The ticket number and its 查询码, entered on the letter/digit pad or read from the ticket's QR
code — shared by the 排队进度 and the 好差评 screens (a widget, not a screen)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from hallui.qt_bridge import ModelListener
from hallui.widgets import label, push_button
from kiosk.model.lookup import TicketKey
from kiosk.screens.cards import Card
from kiosk.screens.keypad import TICKET_ROWS, KeyPad

__all__ = ["TicketKeyCard"]


class TicketKeyCard(Card):
    def __init__(self, key: TicketKey, *, name: str) -> None:
        super().__init__(self.tr("排队票上的号码和查询码"), name=name)
        self.key = key
        self.add(
            self.tr("把排队票下方的二维码对准扫码口，或点下面的格子再用按键输入。"), "card_note"
        )
        fields = QHBoxLayout()
        self.number_field = push_button("", "chip", name=f"{name}_number")
        self.number_field.setCheckable(True)
        self.number_field.clicked.connect(lambda: key.focus("number"))
        fields.addWidget(self.number_field, 1)
        self.secret_field = push_button("", "chip", name=f"{name}_secret")
        self.secret_field.setCheckable(True)
        self.secret_field.clicked.connect(lambda: key.focus("secret"))
        fields.addWidget(self.secret_field, 1)
        self._layout.addLayout(fields)
        self.pad = KeyPad(TICKET_ROWS, key.type_key, key.backspace, name=f"{name}_pad")
        self._layout.addWidget(self.pad)
        self.error = label("", "card_exempt", name=f"{name}_error")
        self._layout.addWidget(self.error)
        self.listener = ModelListener(self)
        self.listener.listen(key, "changed", self.refresh)
        self.refresh()

    def refresh(self) -> None:
        key = self.key
        self.number_field.setText(self.tr("号码：{v}").format(v=key.number or "＿＿＿＿"))
        self.secret_field.setText(self.tr("查询码：{v}").format(v=key.secret or "＿＿＿＿＿＿"))
        fields: dict[str, QPushButton] = {"number": self.number_field, "secret": self.secret_field}
        for field, button in fields.items():
            button.setChecked(field == key.field)
        self.error.setText(key.error_zh)
        self.error.setVisible(bool(key.error_zh))
