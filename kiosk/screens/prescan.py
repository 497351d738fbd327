"""预先扫描: the materials of the checklist as tiles; tap one, put the pages on the scanner, and
they are scanned, cleaned up, stored and sent to the hall server as the ticket's draft, which
the clerk sees on calling the number (optional).

Each tile says how many pages are scanned and whether the server has them yet; a line under
the tiles says the window will see them, and whether the draft has reached the server. While
the screen is shown it reads that back from the local store once a second (the outbox's
sender uploads and sends on its own thread; the store is where it records what it did).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from hallui.qt_bridge import BackgroundRunner
from hallui.widgets import Tile, clear_layout, label, push_button, scroll_page
from kiosk.model.prescan import (
    DraftDelivery,
    MaterialChoice,
    PrescanState,
    ScannedMaterial,
    scan_material,
)
from kiosk.model.session import KioskSession
from kiosk.screens.base import Screen

__all__ = ["PrescanScreen"]


class PrescanScreen(Screen):
    def __init__(
        self, session: KioskSession, runner: BackgroundRunner, *, sync_ms: int = 1000
    ) -> None:
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
        self.window_note = label("", "body", name="prescan_window_note")
        layout.addWidget(self.window_note)
        self.status = label("", "banner", name="prescan_status")
        layout.addWidget(self.status)
        self.done_button = push_button(
            self.tr("扫好了，回到我的号码"), "primary", name="prescan_done"
        )
        self.done_button.clicked.connect(session.show_ticket)
        layout.addWidget(self.done_button)
        self.tiles: dict[str, Tile] = {}
        self.listener.listen(self.draft, "changed", self.refresh)
        self.listener.listen(session, "online", lambda _on: self.refresh())
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(sync_ms)
        self.sync_timer.timeout.connect(self.sync)

    def enter(self) -> None:
        self.sync()
        self.refresh()
        if self.session.services.store is not None:
            self.sync_timer.start()

    def leave(self) -> None:
        self.sync_timer.stop()

    def voice_prompt(self) -> str:
        return self.tr("预先扫描材料。点一项材料，把它正面朝下放好，就开始扫描。")

    def sync(self) -> None:
        """What the outbox has done since: pages uploaded, the draft on the server."""
        store = self.session.services.store
        if store is not None and self.draft.pages:
            self.draft.sync(store)

    def refresh(self) -> None:
        draft = self.draft
        clear_layout(self.tiles_layout)
        self.tiles = {}
        scanning = draft.state is PrescanState.SCANNING
        for n, material in enumerate(draft.materials):
            tile = Tile(material.name, self._detail(material))
            tile.setObjectName(f"prescan_{n}")
            tile.setEnabled(not scanning)
            tile.clicked.connect(lambda m=material: self.scan(m))
            self.tiles[material.code] = tile
            self.tiles_layout.addWidget(tile)
        self.tiles_layout.addStretch(1)
        self.window_note.setText(self._window_note())
        self.status.setText(draft.message_zh)
        self.status.setVisible(bool(draft.message_zh))
        self.done_button.setEnabled(not scanning)

    def _detail(self, material: MaterialChoice) -> str:
        count = self.draft.page_count_of(material.code)
        if not count:
            return self.tr("点一下开始扫描")
        if self.draft.all_uploaded(material.code):
            return self.tr("已扫 {n} 页 · 已上传（点一下再扫）").format(n=count)
        return self.tr("已扫 {n} 页 · 等待上传（点一下再扫）").format(n=count)

    def _window_note(self) -> str:
        draft = self.draft
        if draft.delivery is DraftDelivery.DELIVERED:
            return self.tr("已交给窗口：叫到您的号时，窗口工作人员就能看到您扫好的材料。")
        if draft.delivery is DraftDelivery.WAITING:
            if not self.session.services.online:
                return self.tr(
                    "扫好的材料已存在本机，连上大厅服务器后自动上传，窗口叫到您的号时就能看到。"
                )
            return self.tr("正在上传，窗口叫到您的号时就能看到您扫好的材料。")
        if draft.delivery is DraftDelivery.REFUSED:
            return self.tr("这些材料没能交给窗口：{reason}。请到窗口交纸质材料。").format(
                reason=draft.refusal_zh.rstrip("。") or self.tr("服务器不接收")
            )
        return self.tr("扫好的材料会交给窗口：叫到您的号时，窗口工作人员就能看到。")

    def scan(self, material: MaterialChoice) -> None:
        services = self.session.services
        scanner, store = services.scanner, services.store
        target = self.session.draft_target()
        if scanner is None or store is None or target is None:
            return
        if self.draft.state is PrescanState.SCANNING:
            return
        self.draft.scanning(material)
        outbox, clock = services.outbox, services.clock
        self.runner.run(
            lambda: scan_material(scanner, store, target, material, clock=clock, outbox=outbox),
            self._scanned,
            self.draft.failed,
        )

    def _scanned(self, result: ScannedMaterial) -> None:
        self.draft.scanned(result)
        self.sync()
        self.session.say(result.message_zh)
