"""The material checklist (材料清单) with each material's fulfil state, and scanning into the
selected material: from the scanner (SANE) or by importing files, on the worker thread; its
pages as thumbnails, reordered and deleted; the checks the clerk made on the paper (legible,
signed, sealed, original seen, not expired) and its expiry date.

Pages the kiosk's pre-scan brought are marked （预扫） and handled like scanned ones; those the
kiosk filed under no material of the theme wait in the row “其他（预扫待归入）”, from which the
clerk files each under a material (归入) or deletes it. A material record the current answers
no longer ask for stays listed (不在本件清单) while it holds pages: nothing is hidden."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_client.model.case import OTHER_SLOT, CaseModel
from desk_client.model.context import server_error
from desk_client.model.scan import ScannedPages, scan_pages, thumbnail
from hallui.qt_bridge import ModelListener
from hallui.widgets import label
from scanning import ScanSource

__all__ = ["CaseMaterialsPanel"]

TICKS = (
    ("legible", "清晰"),
    ("signed", "已签字"),
    ("sealed", "已盖章"),
    ("original_seen", "核验原件"),
    ("not_expired", "未过期"),
)
STATES = (("provided", "已收"), ("committed", "告知承诺"), ("tolerated", "容缺"), ("missing", "缺"))

#: Opens a scanner: (source, device name), e.g. SANE and ``test`` in the tests.
ScannerFactory = Callable[[], tuple[ScanSource, str]]
#: Asks which files to import (a file dialog; scripted in tests).
FilePicker = Callable[[], Sequence[Path]]


def sane_scanner() -> tuple[ScanSource, str]:
    from scanning.sane_source import SaneSource

    source = SaneSource()
    devices = source.devices()
    if not devices:
        raise RuntimeError("没有找到扫描仪")
    return source, devices[0].name


class CaseMaterialsPanel(QWidget):
    def __init__(
        self,
        model: CaseModel,
        *,
        scanner: ScannerFactory = sane_scanner,
        pick_files: FilePicker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.scanner = scanner
        self.pick_files = pick_files or self._file_dialog
        self._thumbs: dict[str, QPixmap] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.list = QTreeWidget()
        self.list.setObjectName("material_list")
        self.list.setHeaderLabels(["材料", "状态"])
        self.list.setColumnWidth(0, 300)
        self.list.setRootIsDecorated(False)
        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        layout.addWidget(self.list, 5)
        right = QVBoxLayout()
        self.title = label("选择左侧材料", "heading", name="material_title")
        right.addWidget(self.title)
        row = QHBoxLayout()
        self.state = QComboBox()
        self.state.setObjectName("material_state")
        self.state.addItem("（未收）", "")
        for code, text in STATES:
            self.state.addItem(text, code)
        self.state.activated.connect(self._state_chosen)
        row.addWidget(self.state)
        self.expires = QLineEdit()
        self.expires.setObjectName("material_expires")
        self.expires.setPlaceholderText("有效期至 YYYY-MM-DD")
        self.expires.editingFinished.connect(self._expiry_edited)
        row.addWidget(self.expires)
        right.addLayout(row)
        ticks = QHBoxLayout()
        self.ticks: dict[str, QCheckBox] = {}
        for code, text in TICKS:
            box = QCheckBox(text)
            box.setObjectName(f"tick_{code}")
            box.clicked.connect(self._ticks_changed)
            ticks.addWidget(box)
            self.ticks[code] = box
        right.addLayout(ticks)
        self.pages = QListWidget()
        self.pages.setObjectName("material_pages")
        self.pages.setViewMode(QListView.ViewMode.IconMode)
        self.pages.setIconSize(QSize(96, 120))
        self.pages.setMovement(QListView.Movement.Static)
        self.pages.setMinimumHeight(150)
        right.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        self.scan_button = self._button("扫描", "scan_page", self.scan, buttons)
        self.import_button = self._button("导入文件", "import_page", self.import_files, buttons)
        self._button("前移", "page_up", lambda: self._move(-1), buttons)
        self._button("后移", "page_down", lambda: self._move(1), buttons)
        self._button("删除页", "page_delete", self._delete, buttons)
        right.addLayout(buttons)
        assign = QHBoxLayout()
        self.assign_to = QComboBox()
        self.assign_to.setObjectName("assign_material")
        assign.addWidget(self.assign_to, 1)
        self.assign_button = self._button("归入所选材料", "page_assign", self._assign, assign)
        self.assign_row = QWidget()
        self.assign_row.setLayout(assign)
        self.assign_row.setVisible(False)
        right.addWidget(self.assign_row)
        self.status = label("", "muted", name="scan_status")
        right.addWidget(self.status)
        layout.addLayout(right, 6)
        self._listener = ModelListener(self)
        self._listener.listen(model, "changed", self._show)
        self._show()

    def _button(
        self, text: str, name: str, slot: Callable[[], None], row: QHBoxLayout
    ) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())  # not `checked` as an argument
        row.addWidget(button)
        return button

    @property
    def current_code(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def select(self, code: str) -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == code:
                self.list.setCurrentItem(item)

    # --- showing -------------------------------------------------------------------------

    def _show(self) -> None:
        d = self.model.draft
        if d is None:
            return
        current = self.current_code
        self.list.blockSignals(True)
        self.list.clear()
        for code, name, tip in self._rows(d):
            _state, words = self.model.material_state(code)
            item = QTreeWidgetItem([name, words])
            item.setData(0, Qt.ItemDataRole.UserRole, code)
            item.setToolTip(0, tip)
            self.list.addTopLevelItem(item)
            if code == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.assign_to.clear()
        for entry in self.model.resolution.checklist:
            self.assign_to.addItem(entry.material.name, entry.material.code)
        self._show_selected()

    def _rows(self, d: dict[str, Any]) -> list[tuple[str, str, str]]:
        """(code, name, tooltip): the checklist, then records it no longer asks for that hold
        pages, then the pre-scanned pages waiting to be filed."""
        checklist = self.model.resolution.checklist
        rows = [(e.material.code, e.material.name, e.way_note) for e in checklist]
        listed = {code for code, _, _ in rows}
        names = {m.code: m.name for m in self.model.theme.materials}
        for code, record in d["materials"].items():
            if code not in listed and record.get("pages"):
                name = f"{names.get(code, code)}（不在本件清单）"
                rows.append((code, name, "按当前情形不需要：可删除其页面"))
        if self.model.unassigned:
            tip = "自助终端预扫时未归入材料的页面：请归入或删除"
            rows.append((OTHER_SLOT, "其他（预扫待归入）", tip))
        return rows

    def _show_selected(self) -> None:
        code = self.current_code
        d = self.model.draft
        enabled = code is not None and d is not None
        other = code == OTHER_SLOT
        for w in (self.state, self.expires, self.scan_button, self.import_button):
            w.setEnabled(enabled and not other)
        for box in self.ticks.values():
            box.setEnabled(enabled and not other)
        self.pages.setEnabled(enabled)
        self.assign_row.setVisible(other)
        self.pages.clear()
        if not enabled or d is None or code is None:
            return
        if other:  # pages only: no state, checks or expiry until filed under a material
            self.title.setText("其他（自助终端预扫，待归入材料）")
            self.state.setCurrentIndex(0)
            self.expires.clear()
            for box in self.ticks.values():
                box.setChecked(False)
            self._show_pages(self.model.unassigned)
            return
        record = d["materials"].get(code, {})
        known = {m.code for m in self.model.theme.materials}
        self.title.setText(self.model.theme.material(code).name if code in known else code)
        self.state.setCurrentIndex(max(0, self.state.findData(record.get("state", ""))))
        if not self.expires.hasFocus():
            self.expires.setText(record.get("expires_on") or "")
        for c, box in self.ticks.items():
            box.setChecked(c in record.get("ticked", []))
        self._show_pages(record.get("pages", []))

    def _show_pages(self, digests: Sequence[str]) -> None:
        missing = []
        for i, digest in enumerate(digests):
            origin = "（预扫）" if self.model.kiosk_page(digest) else ""
            item = QListWidgetItem(f"第{i + 1}页{origin}")
            item.setToolTip(digest[:12])
            pixmap = self._thumbs.get(digest)
            if pixmap is None:
                missing.append(digest)
            else:
                item.setIcon(QIcon(pixmap))
            self.pages.addItem(item)
        if missing:
            self._load_thumbs(missing)

    def _load_thumbs(self, digests: list[str]) -> None:
        store = self.model.ctx.store

        def work() -> dict[str, bytes]:
            out = {}
            for digest in digests:
                content = store.page(digest)
                if content is not None:
                    out[digest] = thumbnail(content)
            return out

        def done(thumbs: dict[str, bytes]) -> None:
            for digest, png in thumbs.items():
                pixmap = QPixmap()
                pixmap.loadFromData(png, "PNG")
                self._thumbs[digest] = pixmap
            if thumbs:
                self._show_selected()

        self.model.ctx.run(work, done, lambda e: self.status.setText(server_error(e)))

    # --- editing -------------------------------------------------------------------------

    def _state_chosen(self) -> None:
        if (code := self.current_code) is not None:
            self.model.set_material_state(code, str(self.state.currentData()) or None)

    def _expiry_edited(self) -> None:
        code, d = self.current_code, self.model.draft
        if code is None or d is None:
            return
        text = self.expires.text().strip()
        record = d["materials"].get(code, {})
        if (record.get("expires_on") or "") != text:
            self.model.set_expiry(code, text)

    def _ticks_changed(self) -> None:
        if (code := self.current_code) is not None:
            self.model.set_ticks(code, [c for c, box in self.ticks.items() if box.isChecked()])

    def _move(self, step: int) -> None:
        code, row = self.current_code, self.pages.currentRow()
        if code is not None and row >= 0:
            if code == OTHER_SLOT:
                self.model.move_unassigned(row, row + step)
            else:
                self.model.move_page(code, row, row + step)
            self.pages.setCurrentRow(min(max(0, row + step), self.pages.count() - 1))

    def _delete(self) -> None:
        code, row = self.current_code, self.pages.currentRow()
        if code is not None and row >= 0:
            if code == OTHER_SLOT:
                self.model.delete_unassigned(row)
            else:
                self.model.delete_page(code, row)

    def _assign(self) -> None:
        """File the selected pre-scanned page under the material chosen beside the button."""
        row, target = self.pages.currentRow(), self.assign_to.currentData()
        if self.current_code == OTHER_SLOT and row >= 0 and target:
            self.model.assign_unassigned(row, str(target))

    # --- scanning ------------------------------------------------------------------------

    def scan(self) -> None:
        code = self.current_code
        if code is None:
            return
        store = self.model.ctx.store

        def work() -> ScannedPages:
            source, device = self.scanner()
            return scan_pages(store, source=source, device=device)

        self._run_scan(code, work, "正在扫描…")

    def import_files(self, paths: Sequence[Path] | None = None) -> None:
        code = self.current_code
        if code is None:
            return
        chosen = list(paths) if paths is not None else list(self.pick_files())
        if not chosen:
            return
        store = self.model.ctx.store
        self._run_scan(code, lambda: scan_pages(store, files=chosen), "正在导入…")

    def _run_scan(self, code: str, work: Callable[[], ScannedPages], note: str) -> None:
        self.status.setText(note)
        self.scan_button.setEnabled(False)
        self.import_button.setEnabled(False)

        def done(result: ScannedPages) -> None:
            if result.hashes:
                self.model.add_pages(code, result.hashes)
            words = f"收到 {len(result.hashes)} 页"
            if result.dropped_blank:
                words += f"，去掉空白页 {result.dropped_blank} 页"
            if result.error_zh:
                words += f"；{result.error_zh}"
            self.status.setText(words)
            self._show_selected()

        def failed(error: BaseException) -> None:
            self.status.setText(f"扫描失败：{error}")
            self._show_selected()

        self.model.ctx.run(work, done, failed)

    def _file_dialog(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self, "导入材料", "", "材料 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"
        )
        return [Path(n) for n in names]
