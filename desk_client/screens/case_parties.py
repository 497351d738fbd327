"""The case's applicant and agent (申请人、代理人). Once the case is received by the server the
parties are shown masked (张*, 1101**********002X): the clerk has the papers in hand."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desk_client.model.case import CaseModel
from hallcore.masking import mask_id_number, mask_name, mask_phone
from hallui.qt_bridge import ModelListener
from hallui.widgets import label

__all__ = ["CasePartiesPanel"]

FIELDS = (("name", "姓名"), ("id_number", "证件号码"), ("phone", "联系电话"), ("address", "住址"))


class CasePartiesPanel(QWidget):
    def __init__(self, model: CaseModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.edits: dict[tuple[str, str], QLineEdit] = {}
        for role, title in (("applicant", "申请人"), ("agent", "代理人（委托代办时填写）")):
            layout.addWidget(label(title, "heading"))
            if role == "agent":
                self.has_agent = QCheckBox("由代理人代为办理")
                self.has_agent.setObjectName("has_agent")
                self.has_agent.toggled.connect(self._agent_toggled)
                layout.addWidget(self.has_agent)
            form = QFormLayout()
            for key, text in FIELDS:
                edit = QLineEdit()
                edit.setObjectName(f"{role}_{key}")
                edit.editingFinished.connect(
                    lambda r=role, k=key, e=edit: self._edited(r, k, e.text())
                )
                form.addRow(text, edit)
                self.edits[(role, key)] = edit
            layout.addLayout(form)
        self.note = label("", "muted")
        layout.addWidget(self.note)
        layout.addStretch(1)
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._show()

    def _edited(self, role: str, key: str, text: str) -> None:
        d = self.model.draft
        if d is None or d.get("case_id"):
            return
        party = d.get(role) or {}
        if party.get(key, "") != text.strip():
            self.model.set_party(role, key, text)

    def _agent_toggled(self, on: bool) -> None:
        d = self.model.draft
        if d is None or d.get("case_id"):
            return
        if not on and d.get("agent"):
            self.model.remove_agent()
        for key, _ in FIELDS:
            self.edits[("agent", key)].setEnabled(on)

    def _show(self) -> None:
        d = self.model.draft
        if d is None:
            return
        saved = bool(d.get("case_id"))
        self.has_agent.setChecked(bool(d.get("agent")) or self.has_agent.isChecked())
        for (role, key), edit in self.edits.items():
            value = (d.get(role) or {}).get(key, "")
            if saved:  # received: personal values are masked on screen from now on
                value = mask_name(value) if key == "name" and value else value
                value = mask_id_number(value) if key == "id_number" and value else value
                value = mask_phone(value) if key == "phone" and value else value
                value = "（已记录）" if key == "address" and value else value
            if not edit.hasFocus() or saved:
                edit.setText(value)
            edit.setReadOnly(saved)
            edit.setEnabled(role == "applicant" or self.has_agent.isChecked())
        self.note.setText("已收件：个人信息已遮蔽显示。" if saved else "填写后按 Tab 保存到本机。")
