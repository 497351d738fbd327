"""The window desk (`desk_client.window.DeskWindow`) driven by the scripted day, offscreen: built
as `onewindow desk` builds it, logged in through its login screen, worked through its function
keys and buttons as a clerk would, its screens grabbed at the moments worth showing.

The desk does its server work on its own worker, outbox and feed threads and hands the answers
back through Qt signals, so every step here presses something and then pumps the event loop
until the desk shows the result — each wait bounded (`WAIT_SECONDS`), a timeout raising
`DemoStepError` with what the desk last said to the clerk. Chinese text goes into a field as an
input method commits it (`insert`): QTest types ASCII only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QRadioButton, QWidget

from desk_client.model.case import CaseModel
from desk_client.model.queue_panel import QueuePanelModel
from desk_client.screens.case_workspace import CaseWorkspace
from desk_client.window import DeskOptions, DeskWindow
from hallcore.catalog import Catalog
from hallui.dialogs import ScriptedDialogs
from onewindow.demo.hall_api import DemoStepError

__all__ = ["WAIT_SECONDS", "DeskDriver", "pump"]

#: The longest any one desk step may take (a server round trip through the outbox is ~0.1 s).
WAIT_SECONDS = 30.0
SIZE = (1366, 768)


def pump(rounds: int = 1) -> None:
    for _ in range(rounds):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


class DeskDriver:
    """One desk, logged in as `username` at `window_number`, its notices saved in `notice_dir`,
    its local store under `state_dir`."""

    def __init__(
        self,
        base_url: str,
        hall_id: str,
        catalog: Catalog,
        *,
        state_dir: Path,
        notice_dir: Path,
        shots_dir: Path,
    ) -> None:
        self.dialogs = ScriptedDialogs()
        self.picked: list[Path] = []  # what the import button's file picker "chooses"
        self.shots_dir = shots_dir
        self.window = DeskWindow(
            DeskOptions(
                server=base_url,
                store_path=state_dir / "desk.sqlite3",
                hall_id=hall_id,
                notice_dir=notice_dir,
                materials={"pick_files": lambda: list(self.picked)},
            ),
            catalog,
            self.dialogs,
        )
        self.window.resize(*SIZE)
        self.window.show()
        self.window.activateWindow()
        pump(5)

    # --- the desk's parts ----------------------------------------------------------------

    @property
    def queue(self) -> QueuePanelModel:
        assert self.window.queue is not None, "not logged in as a clerk"
        return self.window.queue

    @property
    def case(self) -> CaseModel:
        assert self.window.case is not None, "not logged in as a clerk"
        return self.window.case

    @property
    def workspace(self) -> CaseWorkspace:
        assert self.window.workspace is not None, "not logged in as a clerk"
        return self.window.workspace

    @property
    def draft(self) -> dict[str, Any]:
        draft = self.case.draft
        if draft is None:
            raise DemoStepError("综合窗口没有打开的办件 / the desk has no open case")
        return draft

    # --- waiting -------------------------------------------------------------------------

    def said(self) -> str:
        """What the desk last showed the clerk (its messages), for an error report."""
        shown = []
        if self.window.login_screen.error.isVisible():
            shown.append(self.window.login_screen.error.text())
        for part in (self.window.queue_panel, self.window.workspace):
            if part is not None and part.message.isVisible():
                shown.append(part.message.text())
        return "；".join(shown) or "（无提示）"

    def wait(self, done: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while not done():
            if time.monotonic() > deadline:
                raise DemoStepError(
                    f"综合窗口等待超时：{what}；窗口提示：{self.said()} / "
                    f"the desk did not get there in {seconds:.0f} s: {what}"
                )
            pump()
            time.sleep(0.01)

    def synced(self) -> bool:
        """Nothing on the desk's worker (which records the steps in the outbox), nothing left
        in the outbox, and no case step on its way."""
        case_busy = self.window.case is not None and self.window.case.busy
        if self.window.runner.busy or case_busy:
            return False
        return self.window.store.summary().count == 0

    def settle(self, what: str) -> None:
        self.wait(self.synced, f"{what}（同步到服务器）")

    # --- acting --------------------------------------------------------------------------

    def login(self, username: str, password: str, window_number: int) -> None:
        screen = self.window.login_screen
        screen.username.clear()
        QTest.keyClicks(screen.username, username)
        screen.password.setText(password)  # not typed: it is the demo's random password
        screen.window_number.setValue(window_number)
        QTest.keyClick(screen.password, Qt.Key.Key_Return)
        self.wait(
            lambda: self.window.queue is not None and self.window.queue.refreshes > 0,
            f"{username} 登录 {window_number} 号窗口",
        )

    def key(self, key: Qt.Key) -> None:
        """A function key on the desk window. The queue panel's keys are window-wide shortcuts,
        live only while the desk is the active window (another screen shown since, such as the
        department view's picture, may have taken that)."""
        if QApplication.activeWindow() is not self.window:
            self.window.activateWindow()
            self.wait(lambda: QApplication.activeWindow() is self.window, "综合窗口成为活动窗口")
        QTest.keyClick(self.window, key)
        pump()

    def click(self, name: str) -> None:
        button = self.window.findChild(QPushButton, name)
        if button is None:
            raise DemoStepError(f"综合窗口没有按钮 {name} / no such button")
        self.wait(button.isEnabled, f"按钮 {button.text()} 可用")
        button.click()
        pump()

    def type_into(self, edit: QLineEdit, text: str) -> None:
        edit.setFocus()
        edit.selectAll()
        if text.isascii():
            QTest.keyClicks(edit, text)
        else:
            edit.insert(text)
        QTest.keyClick(edit, Qt.Key.Key_Return)
        edit.clearFocus()  # commits (editingFinished) and lets the panel show the draft again
        pump()

    def choose(self, combo: QComboBox, code: str) -> None:
        index = combo.findData(code)
        if index < 0:
            raise DemoStepError(f"选项 {code} 不在 {combo.objectName()} 中 / no such choice")
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        pump()

    def tab(self, page: QWidget) -> None:
        self.workspace.tabs.setCurrentWidget(page)
        pump(3)

    # --- the case, as the clerk enters it ------------------------------------------------

    def enter_applicant(self, applicant: dict[str, str]) -> None:
        ws = self.workspace
        self.tab(ws.parties)
        for field in ("name", "id_number", "phone"):
            self.type_into(ws.parties.edits[("applicant", field)], applicant[field])

    def enter_answers(self, answers: dict[str, list[str]]) -> None:
        ws = self.workspace
        self.tab(ws.answers)
        # Each answer may bring more questions: click them in the order they appear.
        for situation, options in answers.items():
            for option in options:
                name = f"answer_{situation}_{option}"

                def shown(n: str = name) -> bool:
                    return ws.answers.content.findChild(QRadioButton, n) is not None

                self.wait(shown, f"情形 {situation}")
                button = ws.answers.content.findChild(QRadioButton, name)
                assert button is not None
                if not button.isChecked():
                    button.click()
                    pump()
        if not self.case.resolution.complete:
            raise DemoStepError("情形未答完 / situations left unanswered")

    def enter_form(self, form: dict[str, str]) -> None:
        ws = self.workspace
        self.tab(ws.form)
        for key, value in form.items():
            widget = ws.form.inputs.get(key)
            if widget is None:
                continue  # a field this case's form does not ask
            if isinstance(widget, QComboBox):
                self.choose(widget, value)
            else:
                self.type_into(widget, value)

    def import_pages(self, code: str, files: Sequence[Path], ticks: Sequence[str]) -> None:
        """Into material `code`: the files through the import button (the desk's scan model:
        processed, stored by SHA-256, thumbnailed), then the checks ticked on the paper."""
        ws = self.workspace
        self.tab(ws.materials)
        ws.materials.select(code)
        pump()
        before = len(self.draft["materials"].get(code, {}).get("pages", []))
        self.picked[:] = list(files)
        self.click("import_page")
        self.wait(
            lambda: (
                len(self.draft["materials"].get(code, {}).get("pages", [])) >= before + len(files)
            ),
            f"导入 {code} 的扫描页",
        )
        for tick in ticks:
            box = ws.materials.ticks[tick]
            if not box.isChecked():
                box.click()
                pump()
        self.wait(
            lambda: all(
                not ws.materials.pages.item(i).icon().isNull()
                for i in range(ws.materials.pages.count())
            ),
            f"{code} 的缩略图",
        )

    # --- pictures ------------------------------------------------------------------------

    def shoot(self, name: str) -> str:
        """The desk window as the clerk sees it, saved as `name` in the shots folder."""
        pump(5)
        image = self.window.grab()
        path = self.shots_dir / name
        if not image.save(str(path)):
            raise DemoStepError(f"截图保存失败 / could not save {path}")
        return name

    def close(self) -> None:
        """Close the desk (its feed and outbox threads joined), then deliver what they queued
        while this object still holds the window."""
        self.window.close()
        pump(3)
        self.window.deleteLater()
        pump(3)
