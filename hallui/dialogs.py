"""Every modal prompt goes through one dialog service that tests can answer.

`DialogService` is the interface screens use: `inform`, `confirm` and `ask_text` (the admin PIN).
`QtDialogService` shows real Qt dialogs, large enough for a touch screen; `ScriptedDialogs`
answers from a script and records what was asked, for tests and for a headless run; it never
blocks (aesthetics_anchors.md §3 Picard's `user_dialog_service.py`, §1 qutebrowser's msgbox).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

__all__ = ["Asked", "DialogService", "QtDialogService", "ScriptedDialogs"]

log = logging.getLogger("onewindow.ui.dialogs")


class DialogService(Protocol):
    def inform(self, title: str, text: str) -> None: ...

    def confirm(self, title: str, text: str) -> bool: ...

    def ask_text(self, title: str, prompt: str, *, secret: bool = False) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Asked:
    kind: str  # inform | confirm | ask_text
    title: str
    text: str


class ScriptedDialogs:
    """Answers prompts from a script: `answers` are consumed in order (a bool for `confirm`, a
    str or None for `ask_text`); with no scripted answer `confirm` says no and `ask_text`
    cancels. Every prompt is recorded in `asked` and logged."""

    def __init__(self, *answers: bool | str | None) -> None:
        self.answers: deque[bool | str | None] = deque(answers)
        self.asked: list[Asked] = []

    def inform(self, title: str, text: str) -> None:
        self.asked.append(Asked("inform", title, text))
        log.info("dialog %s: %s", title, text)

    def confirm(self, title: str, text: str) -> bool:
        self.asked.append(Asked("confirm", title, text))
        answer = self.answers.popleft() if self.answers else False
        return bool(answer)

    def ask_text(self, title: str, prompt: str, *, secret: bool = False) -> str | None:
        self.asked.append(Asked("ask_text", title, prompt))
        answer = self.answers.popleft() if self.answers else None
        return answer if isinstance(answer, str) else None


class QtDialogService:
    """Real dialogs, parented to `parent` so that they take its stylesheet (and elder mode)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def inform(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self.parent)
        box.setProperty("role", "dialog")
        box.addButton(
            QCoreApplication.translate("Dialogs", "知道了"), QMessageBox.ButtonRole.AcceptRole
        )
        box.exec()

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        box.setProperty("role", "dialog")
        yes = box.addButton(
            QCoreApplication.translate("Dialogs", "确定"), QMessageBox.ButtonRole.YesRole
        )
        box.addButton(QCoreApplication.translate("Dialogs", "取消"), QMessageBox.ButtonRole.NoRole)
        box.exec()
        return box.clickedButton() is yes

    def ask_text(self, title: str, prompt: str, *, secret: bool = False) -> str | None:
        mode = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
        text, ok = QInputDialog.getText(self.parent, title, prompt, mode)
        return text if ok else None
