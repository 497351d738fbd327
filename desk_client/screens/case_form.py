"""The one merged form (一表申请): every field the selected items need, asked once, prefilled
from the party, the e-license look-up and the kiosk draft. Each value is saved on leaving it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desk_client.model.case import CaseModel
from hallcore.catalog import FieldType
from hallui.qt_bridge import ModelListener
from hallui.widgets import clear_layout, label, scroll_page

__all__ = ["CaseFormPanel"]


class CaseFormPanel(QWidget):
    def __init__(self, model: CaseModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(label("带 * 的为必填项；证件号码、电话在预审时校验。", "muted"))
        self.content = QWidget()
        self.form = QFormLayout(self.content)
        self.form.setContentsMargins(8, 8, 8, 8)
        self.form.setVerticalSpacing(4)
        outer.addWidget(scroll_page(self.content))
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self._keys: tuple[str, ...] = ()
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._show()

    def _show(self) -> None:
        d = self.model.draft
        if d is None:
            return
        entries = self.model.resolution.form
        keys = tuple(e.field.key for e in entries)
        if keys != self._keys:
            self._keys = keys
            clear_layout(self.form)
            self.inputs = {}
            for e in entries:
                f = e.field
                widget: QLineEdit | QComboBox
                if f.type is FieldType.CHOICE and f.choices:
                    widget = QComboBox()
                    widget.addItem("（请选择）", "")
                    for c in f.choices:
                        widget.addItem(c.label, c.code)
                    widget.activated.connect(
                        lambda _i, k=f.key, w=widget: self.model.set_form(k, str(w.currentData()))
                    )
                else:
                    widget = QLineEdit()
                    if f.type is FieldType.DATE:
                        widget.setPlaceholderText("YYYY-MM-DD")
                    widget.editingFinished.connect(
                        lambda k=f.key, w=widget: self._edited(k, w.text())
                    )
                widget.setObjectName(f"form_{f.key}")
                self.form.addRow(f"{f.label}{' *' if e.required else ''}", widget)
                self.inputs[f.key] = widget
        for key, widget in self.inputs.items():
            value = d["form"].get(key, "")
            if isinstance(widget, QComboBox):
                index = widget.findData(value)
                widget.setCurrentIndex(max(0, index))
            elif not widget.hasFocus():
                widget.setText(value)

    def _edited(self, key: str, text: str) -> None:
        d = self.model.draft
        if d is not None and d["form"].get(key, "") != text.strip():
            self.model.set_form(key, text)
