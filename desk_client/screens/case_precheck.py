"""The pre-check (预审): every finding at once, grouped by how it weighs (需补正, 可当场更正,
可容缺, 需核实); warnings overridden with a reason; then the decision — on-the-spot correction,
supplement notice (补正), tolerance (容缺), not accepted (不予受理) or accept (受理) — each
printing its notice; and, after a supplement notice, receiving the supplement (补正收件)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desk_client.model.case import CaseModel
from hallui.dialogs import DialogService
from hallui.qt_bridge import ModelListener
from hallui.widgets import clear_layout, label, scroll_page

__all__ = ["CasePrecheckPanel"]


class CasePrecheckPanel(QWidget):
    def __init__(
        self, model: CaseModel, dialogs: DialogService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.dialogs = dialogs
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary = label(
            "尚未预审。填好申请人、情形、表单和材料后按“预审”。", "body", name="precheck_summary"
        )
        layout.addWidget(self.summary)
        self.content = QWidget()
        self.rows = QVBoxLayout(self.content)
        self.rows.setContentsMargins(2, 2, 2, 2)
        self.rows.setSpacing(3)
        layout.addWidget(scroll_page(self.content), 1)
        self.commitment = QCheckBox("申请人已签署容缺承诺书")
        self.commitment.setObjectName("commitment_signed")
        layout.addWidget(self.commitment)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text in (
            ("precheck", "预审"),
            ("correct", "当场更正"),
            ("supplement", "补正告知"),
            ("tolerance", "容缺受理"),
            ("not_accepted", "不予受理"),
            ("accept", "受理"),
            ("receive", "补正收件"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"case_{name}")
            button.setProperty("role", "primary" if name in ("precheck", "accept") else "secondary")
            button.clicked.connect(lambda _c=False, n=name: self._act(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        layout.addLayout(buttons)
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._show()

    def _show(self) -> None:
        d = self.model.draft
        if d is None:
            return
        state = d["server_state"]
        clear_layout(self.rows)
        groups = self.model.findings_by_group()
        for kind, title, findings in groups:
            self.rows.addWidget(label(f"{title}（{len(findings)}）", "heading"))
            for f in findings:
                text = f"· {f['message_zh']}"
                if f.get("standard"):
                    text += f"\n  标准：{f['standard']}"
                reason = d["overrides"].get(f["key"])
                if reason:
                    text += f"\n  已说明理由放行：{reason}"
                row = QHBoxLayout()
                item = label(text, f"finding_{kind}")
                row.addWidget(item, 1)
                if kind == "warning":
                    button = QPushButton("说明理由放行")
                    button.setObjectName(f"override_{f['key']}")
                    button.clicked.connect(lambda _c=False, k=f["key"]: self._override(k))
                    row.addWidget(button)
                holder = QWidget()
                holder.setLayout(row)
                self.rows.addWidget(holder)
        self.rows.addStretch(1)
        pending = "（正在同步…）" if self.model.busy else ""
        if d.get("supplement_received") and state == "supplement_notified":
            words = "已接收补正材料，可按“受理”；如仍有未解决的问题，服务器会拒绝并说明。"
        elif d["passed"] is None:
            words = "尚未预审。"
        elif d["passed"]:
            words = "预审通过：材料齐全、符合法定形式，可以受理。"
        else:
            count = sum(len(g[2]) for g in groups)
            words = f"预审发现 {count} 个问题（一次告知，全部列出）。"
        loose = len(self.model.unassigned)
        if loose:
            words += f" 另有 {loose} 页自助终端预扫页面未归入材料，不随办件提交。"
        self.summary.setText(f"{words} 办件状态：{d.get('state_zh') or state}{pending}")
        kinds = {g[0] for g in groups}
        prechecked = state == "prechecked"
        idle = not self.model.busy
        allowed = {
            "precheck": idle and state in ("draft", "received", "prechecked"),
            "correct": idle and prechecked and "correctable" in kinds and "blocking" not in kinds,
            "supplement": idle and prechecked and bool(kinds & {"blocking", "correctable"}),
            "tolerance": idle and prechecked and "tolerable" in kinds and "blocking" not in kinds,
            "not_accepted": idle and prechecked,
            # a blocking finding is never accepted past: supplement first (then 补正收件)
            "accept": idle
            and state in ("prechecked", "corrected", "supplement_notified")
            and "blocking" not in kinds,
            "receive": idle and state == "supplement_notified",
        }
        for name, button in self.buttons.items():
            button.setEnabled(allowed[name])

    def _override(self, key: str) -> None:
        reason = self.dialogs.ask_text("说明理由放行", "核实情况和放行理由（将记录在案）：")
        if reason is not None:
            self.model.set_override(key, reason)

    def _act(self, name: str) -> None:
        m = self.model
        if name == "precheck":
            m.precheck()
        elif name == "correct":
            m.correct_on_spot()
        elif name == "receive":
            m.receive_supplement()
        elif name == "tolerance":
            m.decide("tolerance", commitment_signed=self.commitment.isChecked())
        elif name == "not_accepted":
            reason = self.dialogs.ask_text("不予受理", "不予受理的理由：")
            if reason is None:
                return
            basis = self.dialogs.ask_text("不予受理", "法律依据：") or ""
            apply_to = self.dialogs.ask_text("不予受理", "应向哪个机关申请（可不填）：") or ""
            m.decide("not_accepted", reason=reason, legal_basis=basis, apply_to=apply_to)
        else:
            m.decide(name)
