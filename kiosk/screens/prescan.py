"""预先扫描: the materials of the checklist as tiles; tap one, put the pages on the scanner, and
they are scanned, cleaned up and stored for the clerk, linked to the ticket (optional)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import Tile, clear_layout, label, push_button, scroll_page
from kiosk.model.prescan import PrescanState, ScannedMaterial, scan_material
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen

__all__ = ["PrescanScreen"]


class PrescanScreen(Screen):
    def __init__(self, session: KioskSession, runner: BackgroundRunner) -> None:
        super().__init__(session)
        self.draft = session.prescan
        self.runner = runner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        layout.addWidget(label(self.tr("预先扫描材料（可选）"), "title"))
        layout.addWidget(
            label(
                self.tr(
                    "点一项材料，把它正面朝下放在扫描口，就会扫描并交给窗口。"
                    "不扫也可以，到窗口交纸质材料。"
                ),
                "muted",
            )
        )
        self.tile_host = QWidget()
        self.tile_host.setProperty("role", "screen")
        self.tiles_layout = QVBoxLayout(self.tile_host)
        self.tiles_layout.setContentsMargins(0, 0, 8, 0)
        self.tiles_layout.setSpacing(12)
        layout.addWidget(scroll_page(self.tile_host), 1)
        self.status = label("", "banner", name="prescan_status")
        layout.addWidget(self.status)
        self.done_button = push_button(
            self.tr("扫好了，回到我的号码"), "primary", name="prescan_done"
        )
        self.done_button.clicked.connect(session.show_ticket)
        layout.addWidget(self.done_button)
        self.tiles: dict[str, Tile] = {}
        self.listener.listen(self.draft, "changed", self.refresh)

    def enter(self) -> None:
        self.refresh()

    def voice_prompt(self) -> str:
        return self.tr("预先扫描材料。点一项材料，把它正面朝下放好，就开始扫描。")

    def refresh(self) -> None:
        draft = self.draft
        clear_layout(self.tiles_layout)
        self.tiles = {}
        scanning = draft.state is PrescanState.SCANNING
        for n, material in enumerate(draft.materials):
            count = len(draft.pages.get(material, ()))
            detail = (
                self.tr("已扫描 {n} 页，点一下再扫").format(n=count)
                if count
                else self.tr("点一下开始扫描")
            )
            tile = Tile(material, detail)
            tile.setObjectName(f"prescan_{n}")
            tile.setEnabled(not scanning)
            tile.clicked.connect(lambda m=material: self.scan(m))
            self.tiles[material] = tile
            self.tiles_layout.addWidget(tile)
        self.tiles_layout.addStretch(1)
        self.status.setText(draft.message_zh)
        self.status.setVisible(bool(draft.message_zh))
        self.done_button.setEnabled(not scanning)

    def scan(self, material: str) -> None:
        services, ticket = self.session.services, self.session.ticket_form.ticket
        scanner, store = services.scanner, services.store
        if scanner is None or store is None or ticket is None:
            return
        if self.draft.state is PrescanState.SCANNING:
            return
        self.draft.scanning(material)
        kiosk_id, clock = services.kiosk_id, services.clock
        self.runner.run(
            lambda: scan_material(scanner, store, ticket, material, kiosk_id=kiosk_id, clock=clock),
            self._scanned,
            self.draft.failed,
        )

    def _scanned(self, result: ScannedMaterial) -> None:
        self.draft.scanned(result)
        self.session.say(result.message_zh)
