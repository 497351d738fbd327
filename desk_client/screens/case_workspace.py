"""The case workspace: a header (the current ticket, case, state, pending syncs), the note of
where the case's contents came from (the kiosk's pre-scan, another window), the finder for a
returning applicant (case number, the QR code on a notice, ID number — in this desk's store and
on the server) and a walk-in, and one tab per step: parties, situations, form, materials,
pre-check, outcome."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_client.model.case import CaseModel, open_drafts
from desk_client.model.context import ServerRefused, server_error
from desk_client.screens.case_answers import CaseAnswersPanel
from desk_client.screens.case_form import CaseFormPanel
from desk_client.screens.case_materials import CaseMaterialsPanel
from desk_client.screens.case_outcome import CaseOutcomePanel
from desk_client.screens.case_parties import CasePartiesPanel
from desk_client.screens.case_precheck import CasePrecheckPanel
from hallui.dialogs import DialogService
from hallui.qt_bridge import ModelListener
from hallui.widgets import label
from server_sync import case_commands as cc

__all__ = ["CaseWorkspace"]

_CASE_ID = re.compile(r"(\d{8}-[0-9a-f]{10})")
_ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")
#: Case states after which a returning applicant has nothing more to do at the window.
_FINISHED = frozenset({"delivered", "withdrawn", "not_accepted", "terminated"})


class CaseWorkspace(QWidget):
    def __init__(
        self,
        model: CaseModel,
        dialogs: DialogService,
        parent: QWidget | None = None,
        **materials_options: Any,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.dialogs = dialogs
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        self.header = label(
            "没有打开的办件。叫号后自动新建，或办理无号来访。", "title", name="case_header"
        )
        top.addWidget(self.header, 1)
        self.theme = QComboBox()
        self.theme.setObjectName("case_theme")
        for t in model.ctx.catalog.themes:
            self.theme.addItem(t.name, t.code)
        self.theme.activated.connect(lambda _i: self._theme_chosen())
        top.addWidget(self.theme)
        layout.addLayout(top)
        find_row = QHBoxLayout()
        self.finder = QLineEdit()
        self.finder.setObjectName("case_find")
        self.finder.setPlaceholderText("回访：办件号、扫描告知书二维码或身份证号")
        self.finder.returnPressed.connect(self._find)
        find_row.addWidget(self.finder, 1)
        for text, name, slot in (
            ("查找", "case_find_button", self._find),
            ("无号来访", "case_walk_in", self._walk_in),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            find_row.addWidget(button)
        layout.addLayout(find_row)
        self.message = label("", "message", name="case_message")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.source = label("", "source", name="case_source")
        self.source.setVisible(False)
        layout.addWidget(self.source)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.parties = CasePartiesPanel(model)
        self.answers = CaseAnswersPanel(model)
        self.form = CaseFormPanel(model)
        self.materials = CaseMaterialsPanel(model, **materials_options)
        self.precheck = CasePrecheckPanel(model, dialogs)
        self.outcome = CaseOutcomePanel(model)
        for widget, title in (
            (self.parties, "1 申请人"),
            (self.answers, "2 情形"),
            (self.form, "3 一表申请"),
            (self.materials, "4 材料"),
            (self.precheck, "5 预审与受理"),
            (self.outcome, "6 分办与出件"),
        ):
            self.tabs.addTab(widget, title)
        layout.addWidget(self.tabs, 1)
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._listener.listen(model, "message", self._message)
        self._listener.listen(model, "notice_printed", self._printed)
        self._show()

    def _show(self) -> None:
        d = self.model.draft
        self.tabs.setEnabled(d is not None)
        self.theme.setEnabled(d is not None and not d.get("case_id"))
        if d is None:
            self.header.setText("没有打开的办件。叫号后自动新建，或办理无号来访。")
            self.source.setVisible(False)
            return
        ticket = (d.get("ticket") or {}).get("number", "无号")
        case = d.get("case_id") or "未收件"
        pending = f"　待同步 {len(d['pending'])} 步" if d.get("pending") else ""
        loading = "　正在读取…" if self.model.loading else ""
        self.header.setText(f"{ticket}　{self.model.theme.name}　{case}{pending}{loading}")
        self.theme.setCurrentIndex(max(0, self.theme.findData(d["theme"])))
        source = source_note(d)
        self.source.setText(source)
        self.source.setVisible(bool(source))

    def _message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def _printed(self, printed: Any) -> None:
        queued = "，已送打印机" if printed.queued else ""
        self._message(f"已生成《{printed.title}》{printed.number}{queued}。")

    def _theme_chosen(self) -> None:
        if self.model.draft is not None:
            self.model.set_theme(str(self.theme.currentData()))

    def _walk_in(self) -> None:
        if self.model.draft is not None and not self.dialogs.confirm(
            "无号来访", "当前办件将保存在本机，稍后可通过办件号找回。新建无号来访办件？"
        ):
            return
        self.message.setVisible(False)
        self.model.start(None, str(self.theme.currentData() or ""))

    def _find(self) -> None:
        """A returning applicant: the case number (typed or scanned from a notice's QR code)
        or the ID number, looked up in this desk's store and on the server."""
        text = self.finder.text().strip()
        if not text:
            return
        match = _CASE_ID.search(text)
        number = match.group(1) if match else None
        id_number = text.upper() if _ID_NUMBER.fullmatch(text) else None
        if number is None and id_number is None:
            self._message(
                "请输入办件号（如 20240506-1a2b3c4d5e）、扫描告知书二维码或输入身份证号。"
            )
            return
        ctx = self.model.ctx

        def work() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            everything = [ctx.store.draft(i) for i in ctx.store.draft_ids()]
            drafts = [d for d in everything if isinstance(d, dict) and "applicant" in d]
            if number is not None:
                local = [d for d in drafts if d.get("case_id") == number]
                query = {"number": number}
            else:
                local = [
                    d for d in drafts if d["applicant"].get("id_number", "").upper() == id_number
                ]
                query = {"applicant_id": str(id_number)}
            try:
                found = ctx.get(cc.SEARCH_PATH, **query)
            except ServerRefused as error:
                if local:  # offline: this desk's own cases still open
                    return local, []
                raise error
            return local, [c for c in found if isinstance(c, dict)]

        ctx.run(work, self._found, lambda e: self._message(server_error(e)))

    def _found(self, answer: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
        local, found = answer
        open_cases = [c for c in found if c.get("state") not in _FINISHED] or found
        if open_cases or [d for d in local if not d.get("case_id")]:
            self.finder.clear()  # an ID number typed in does not stay on the screen
        if open_cases:
            wanted = open_cases[0]  # the newest still open
            mine = [d for d in local if d.get("case_id") == wanted["case_id"]]
            self.message.setVisible(False)
            if mine:
                self.model.find_resume(mine[-1])
            else:
                self.model.open_remote(wanted)
            return
        unsent = [d for d in local if not d.get("case_id")]
        if unsent:  # entered here, never received: carry on with it
            self.message.setVisible(False)
            self.model.find_resume(unsent[-1])
            return
        self._message("没有找到这个办件（办件号、二维码或身份证号）。")

    def offer_open_drafts(self) -> None:
        """On start: reopen the case the desk was working on (nothing lost)."""
        ctx = self.model.ctx

        def done(drafts: list[dict[str, Any]]) -> None:
            if not drafts or self.model.draft is not None:
                return
            d = drafts[-1]
            ticket = (d.get("ticket") or {}).get("number", "无号")
            if self.dialogs.confirm(
                "未完成的办件",
                f"上次未完成的办件（{ticket}，{d.get('case_id') or '未收件'}），是否继续办理？",
            ):
                self.model.resume(d)

        ctx.run(lambda: open_drafts(ctx), done, lambda e: self._message(str(e)))


def source_note(draft: dict[str, Any]) -> str:
    """Where the case's contents came from, when not (only) from this window."""
    parts = []
    prescan = draft.get("prescan")
    if isinstance(prescan, dict) and prescan.get("pages"):
        words = f"自助终端预扫：{prescan['materials']} 份材料 {prescan['pages']} 页"
        if prescan.get("unassigned"):
            words += f"（其中 {prescan['unassigned']} 页待归入材料，见“4 材料”中的“其他”）"
        if prescan.get("note"):
            words += f"；申请人备注：{prescan['note']}"
        parts.append(words + "。页面可在“4 材料”中删除或调整顺序。")
    if draft.get("remote"):
        if draft.get("replayable"):
            parts.append(
                "本件由其他窗口收件：申请人、情形、表单、材料和部门意见已从服务器读取，可继续办理。"
            )
        elif draft.get("contents_read"):
            parts.append(
                "本件由其他窗口收件：内容已从服务器读取；其办理记录无法在本窗口重建，"
                "打印告知书的步骤请到收件窗口办理。"
            )
        else:
            parts.append("本件由其他窗口收件：本窗口可查看进度、分办和待出件。")
    return "\n".join(parts)
