"""The situation questions (情形): each answer selects items and materials (hallcore's
resolver); questions that do not apply given earlier answers are hidden.

The questions are built once per theme and then only shown, hidden and checked in place: an
answer arrives inside its own button's signal, so deleting that button there would pull the
widget out from under Qt (the previous rebuild-on-every-answer aborted the process)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_client.model.case import CaseModel
from hallcore.catalog.model import Situation, conditions_hold
from hallui.qt_bridge import ModelListener
from hallui.widgets import clear_layout, label, scroll_page

__all__ = ["CaseAnswersPanel"]


class _Question:
    """One situation's widgets: its question, its option buttons (keyed by option code)."""

    def __init__(self, situation: Situation, question: QLabel, holder: QWidget) -> None:
        self.situation = situation
        self.question = question
        self.holder = holder
        self.buttons: dict[str, QAbstractButton] = {}

    def show(self, visible: bool, chosen: Sequence[str]) -> None:
        self.question.setVisible(visible)
        self.holder.setVisible(visible)
        for code, button in self.buttons.items():
            if button.isChecked() != (code in chosen):
                with QSignalBlocker(button):
                    button.setChecked(code in chosen)


class CaseAnswersPanel(QWidget):
    def __init__(self, model: CaseModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.content = QWidget()
        self.rows = QVBoxLayout(self.content)
        self.rows.setContentsMargins(8, 8, 8, 8)
        self.rows.setSpacing(4)
        outer.addWidget(scroll_page(self.content))
        self.items = label("", "muted", name="selected_items")
        outer.addWidget(self.items)
        self._theme = ""
        self._questions: list[_Question] = []
        self._groups: list[QButtonGroup] = []
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._show()

    def _show(self) -> None:
        d = self.model.draft
        if d is None:
            return
        theme = self.model.theme
        if theme.code != self._theme:
            self._theme = theme.code
            self._build(theme.situations)
        answers = {k: tuple(v) for k, v in d["answers"].items()}
        for q in self._questions:
            q.show(conditions_hold(q.situation.when, answers), answers.get(q.situation.code, ()))
        resolution = self.model.resolution
        names = "、".join(s.item.name for s in resolution.items)
        pending = len(resolution.pending)
        self.items.setText(
            f"办理事项：{names or '（待回答）'}"
            + (f"；尚有 {pending} 个问题未答" if pending else "")
        )

    def _build(self, situations: Sequence[Situation]) -> None:
        """Every question of the theme (a theme change happens from the theme box, not from
        one of these buttons, so deleting the old ones here is safe)."""
        clear_layout(self.rows)
        self._questions = []
        self._groups = []
        for s in situations:
            question = label(s.question, "body")
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(12, 0, 0, 6)
            entry = _Question(s, question, holder)
            group = None if s.multiple else QButtonGroup(holder)
            for o in s.options:
                button: QAbstractButton = (
                    QCheckBox(o.label) if s.multiple else QRadioButton(o.label)
                )
                button.setObjectName(f"answer_{s.code}_{o.code}")
                if group is not None:
                    group.addButton(button)
                    button.toggled.connect(
                        lambda on, sc=s.code, oc=o.code: self._single(on, sc, oc)
                    )
                else:
                    button.toggled.connect(lambda _on, e=entry: self._multi(e))
                entry.buttons[o.code] = button
                row.addWidget(button)
            if group is not None:
                self._groups.append(group)
            row.addStretch(1)
            self.rows.addWidget(question)
            self.rows.addWidget(holder)
            self._questions.append(entry)
        self.rows.addStretch(1)

    def _single(self, on: bool, situation: str, option: str) -> None:
        if on:
            self.model.set_answer(situation, [option])

    def _multi(self, entry: _Question) -> None:
        chosen = [code for code, b in entry.buttons.items() if b.isChecked()]
        self.model.set_answer(entry.situation.code, chosen)
