"""A theme's 办事指南: what it covers, who handles it, how long it takes, what it may need.

A complete theme ends in the button that starts the situation questions; an outline theme (only
its departments are known) says plainly to ask at the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from hallcore.catalog import Material, Theme
from hallui.widgets import clear_layout, label, push_button, scroll_page
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen
from kiosk.screens.cards import Card

__all__ = ["ThemeScreen"]


class ThemeScreen(Screen):
    def __init__(self, session: KioskSession) -> None:
        super().__init__(session)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        self.title = label("", "title", name="theme_title")
        layout.addWidget(self.title)
        self.content = QWidget()
        self.content.setProperty("role", "screen")
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 0, 8, 0)
        self.body.setSpacing(14)
        layout.addWidget(scroll_page(self.content), 1)
        self.start_button = push_button(
            self.tr("回答几个问题，生成我的材料清单"), "primary", name="start_questions"
        )
        self.start_button.clicked.connect(session.start_questions)
        layout.addWidget(self.start_button)
        self.ticket_button = push_button(self.tr("直接取号"), "secondary", name="theme_take_ticket")
        self.ticket_button.clicked.connect(session.open_ticket)
        layout.addWidget(self.ticket_button)
        self.cards: dict[str, Card] = {}

    def enter(self) -> None:
        theme = self.session.theme
        if theme is None:
            return
        self.title.setText(theme.name)
        clear_layout(self.body)
        self.cards = {}
        if theme.summary:
            self.body.addWidget(label(theme.summary, "body"))
        self._add(self._time_card(theme), "time")
        self._add(self._departments_card(theme), "departments")
        if theme.items:
            self._add(self._items_card(theme), "items")
        if theme.materials:
            self._add(self._materials_card(theme), "materials")
        if not theme.complete:
            self.body.addWidget(
                label(
                    self.tr(
                        "这件事的自助清单还在完善中。请到综合窗口咨询，或按“呼叫帮办”请工作人员帮您。"
                    ),
                    "banner",
                    name="outline_note",
                )
            )
        self.body.addStretch(1)
        self.start_button.setVisible(theme.complete and bool(theme.situations))
        self.ticket_button.setVisible(self.session.services.connected)

    def voice_prompt(self) -> str:
        theme = self.session.theme
        if theme is None:
            return ""
        if theme.complete:
            return self.tr("{name}。这里是办事指南。回答几个问题，就能生成您的材料清单。").format(
                name=theme.name
            )
        return self.tr("{name}。请到综合窗口咨询。").format(name=theme.name)

    def _add(self, card: Card, key: str) -> None:
        card.setObjectName(f"card_{key}")
        self.cards[key] = card
        self.body.addWidget(card)

    def _time_card(self, theme: Theme) -> Card:
        card = Card(self.tr("办理时限"))
        if theme.promised_working_days is not None:
            card.add(self.tr("承诺办结时限：{n}个工作日").format(n=theme.promised_working_days))
        else:
            card.add(self.tr("办理时限请到窗口咨询"))
        if theme.delivery:
            card.add(
                self.tr("取件方式：{ways}").format(ways="、".join(d.label for d in theme.delivery)),
                "card_note",
            )
        return card

    def _departments_card(self, theme: Theme) -> Card:
        catalog = self.session.catalog
        card = Card(self.tr("办理部门"))
        card.add(
            self.tr("牵头部门：{name}").format(name=catalog.department(theme.lead_department).name)
        )
        if theme.cooperating_departments:
            names = "、".join(catalog.department(c).name for c in theme.cooperating_departments)
            card.add(self.tr("协同部门：{names}").format(names=names), "card_note")
        return card

    def _items_card(self, theme: Theme) -> Card:
        catalog = self.session.catalog
        card = Card(self.tr("包含的事项（{n}项）").format(n=len(theme.items)))
        for n, item in enumerate(theme.items, 1):
            card.add(f"{n}. {item.name}", space_before=4 if n > 1 else 0)
            parts = [catalog.department(item.department).short_name]
            if item.promised_working_days == 0:
                parts.append(self.tr("即办"))
            elif item.promised_working_days is not None:
                parts.append(self.tr("承诺{n}个工作日").format(n=item.promised_working_days))
            if not item.mandatory:
                parts.append(self.tr("视情形办理"))
            card.add(" · ".join(parts), "card_note")
        return card

    def _materials_card(self, theme: Theme) -> Card:
        card = Card(self.tr("可能需要的材料（{n}项）").format(n=len(theme.materials)))
        card.add(self.tr("回答问题后，会告诉您哪些要带、哪些免提交。"), "card_note")
        for n, material in enumerate(theme.materials, 1):
            card.add(f"{n}. {material.name}", space_before=4)
            card.add(
                self._material_note(material), "card_exempt" if material.exempt else "card_note"
            )
        return card

    def _material_note(self, material: Material) -> str:
        if material.exempt:
            return self.tr("免提交：{way}").format(way=material.preferred_way.label)
        note = self.tr("{form}{copies}份").format(form=material.form.label, copies=material.copies)
        if material.when or material.for_items:
            note += self.tr("（视情形需要）")
        return note
