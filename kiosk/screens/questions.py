"""The situation questions, one at a time: tap an answer and the next question comes.

A single-choice question moves on at the tap; a multiple-choice one toggles its options and
moves on at 确定; an optional question offers 都不需要. 上一步 (in the window's bottom bar) goes
back one question.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from hallui.widgets import Tile, clear_layout, label, push_button, scroll_page
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen

__all__ = ["QuestionsScreen"]


class QuestionsScreen(Screen):
    def __init__(self, session: KioskSession) -> None:
        super().__init__(session)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        self.progress = label("", "muted", name="progress")
        layout.addWidget(self.progress)
        self.question = label("", "title", name="question")
        layout.addWidget(self.question)
        self.help = label("", "muted", name="question_help")
        layout.addWidget(self.help)
        self.options_host = QWidget()
        self.options_host.setProperty("role", "screen")
        self.options_layout = QVBoxLayout(self.options_host)
        self.options_layout.setContentsMargins(0, 0, 8, 0)
        self.options_layout.setSpacing(14)
        layout.addWidget(scroll_page(self.options_host), 1)
        buttons = QHBoxLayout()
        self.skip = push_button(self.tr("都不需要，下一题"), "secondary", name="skip_question")
        self.skip.clicked.connect(session.skip)
        buttons.addWidget(self.skip, 1)
        self.confirm = push_button(self.tr("确定，下一题"), "primary", name="confirm_answer")
        self.confirm.clicked.connect(self._confirm_multiple)
        buttons.addWidget(self.confirm, 1)
        layout.addLayout(buttons)
        self.options: dict[str, Tile] = {}
        self.listener.listen(session, "answers", self.enter)

    def enter(self) -> None:
        flow = self.session.flow
        situation = flow.current if flow is not None else None
        clear_layout(self.options_layout)
        self.options = {}
        if flow is None or situation is None:
            return
        self.progress.setText(
            self.tr("{theme} · 第 {n} 题").format(theme=flow.theme.name, n=flow.number)
        )
        self.question.setText(situation.question)
        hint = situation.help
        if situation.multiple:
            hint = (hint + " " if hint else "") + self.tr("可以选多项，选好后按“确定”。")
        self.help.setText(hint)
        self.help.setVisible(bool(hint))
        for option in situation.options:
            tile = Tile(option.label, role="option", checkable=situation.multiple)
            tile.setObjectName(f"option_{option.code}")
            if situation.multiple:
                tile.clicked.connect(self._update_confirm)
            else:
                tile.clicked.connect(lambda code=option.code: self.session.answer(code))
            self.options[option.code] = tile
            self.options_layout.addWidget(tile)
        self.options_layout.addStretch(1)
        self.confirm.setVisible(situation.multiple)
        self.skip.setVisible(not situation.required)
        self._update_confirm()

    def voice_prompt(self) -> str:
        flow = self.session.flow
        situation = flow.current if flow is not None else None
        if flow is None or situation is None:
            return ""
        return self.tr("第{n}题。{question}").format(n=flow.number, question=situation.question)

    def _chosen(self) -> list[str]:
        return [code for code, tile in self.options.items() if tile.checked]

    def _update_confirm(self) -> None:
        self.confirm.setEnabled(bool(self._chosen()))

    def _confirm_multiple(self) -> None:
        chosen = self._chosen()
        if chosen:
            self.session.answer(chosen)
