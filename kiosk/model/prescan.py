"""Optional pre-scan (预先扫描): while waiting, the person scans the materials of the checklist on
the kiosk's scanner, so the clerk finds them ready in a case draft linked to the ticket.

Scanning runs through `scanning` (a `ScanWorker` over any `ScanSource`: SANE, file import, the
document camera), each page is processed (deskew, crop, blank-page drop, compression) and stored
in the terminal's server_sync store by its SHA-256; the draft (ticket, material → page hashes)
is saved in the same store under ``kiosk-prescan/<ticket_id>``. `scan_material` blocks: the UI
runs it on a worker thread. Qt-free.

Events of `PrescanDraft`: ``changed()``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hallui.observable import Observable
from kiosk.model.hall_link import IssuedTicket
from scanning import (
    BatchDone,
    PageScanned,
    ScanError,
    ScanSettings,
    ScanSource,
    ScanWorker,
    process_page,
)
from server_sync import Store

__all__ = ["PageScanner", "PrescanDraft", "PrescanState", "ScannedMaterial", "scan_material"]

log = logging.getLogger("onewindow.kiosk")

OTHER_MATERIAL = "其他材料"
SCAN_TIMEOUT_S = 120.0


@dataclass(frozen=True, slots=True)
class PageScanner:
    """The kiosk's scanner: a source, the device on it, the settings."""

    source: ScanSource
    device: str
    settings: ScanSettings = field(default_factory=ScanSettings)


@dataclass(frozen=True, slots=True)
class ScannedMaterial:
    material: str
    pages: tuple[str, ...]  # SHA-256 of each stored page
    message_zh: str  # how the batch went (the scanner's own words on trouble)


def draft_id_for(ticket: IssuedTicket) -> str:
    return f"kiosk-prescan/{ticket.ticket_id}"


def scan_material(
    scanner: PageScanner,
    store: Store,
    ticket: IssuedTicket,
    material: str,
    *,
    kiosk_id: str,
    clock: Callable[[], dt.datetime],
) -> ScannedMaterial:
    """Scan one material, store its pages and add them to the ticket's draft (on a worker)."""
    worker = ScanWorker(scanner.source, scanner.device, scanner.settings, clock=clock).start()
    hashes: list[str] = []
    blank = 0
    error: ScanError | None = None
    for event in worker.events(timeout=SCAN_TIMEOUT_S):
        if isinstance(event, PageScanned):
            page = process_page(event.page.page.image, event.page.page.dpi)
            if page.blank:
                blank += 1
                continue
            hashes.append(store.add_page(page.data, page.mime))
        elif isinstance(event, BatchDone):
            error = event.result.error
    draft_id = draft_id_for(ticket)
    with store.transaction() as tx:
        body: dict[str, Any] = store.draft(draft_id) or {
            "kind": "kiosk_prescan",
            "ticket_id": ticket.ticket_id,
            "ticket_number": ticket.number,
            "theme": ticket.theme,
            "kiosk": kiosk_id,
            "materials": {},
        }
        pages = body["materials"].setdefault(material, [])
        pages.extend(h for h in hashes if h not in pages)
        body["updated_at"] = clock().isoformat()
        store.save_draft(draft_id, body, tx=tx)
    if error is not None:
        message = f"已保存 {len(hashes)} 页；{error.message_zh}"
    elif not hashes:
        message = "没有扫到内容（空白页已去掉），请把材料正面朝下放好再扫。"
    else:
        message = f"“{material}”已扫描 {len(hashes)} 页。"
        if blank:
            message += f"（去掉空白页 {blank} 页）"
    log.info("pre-scan for ticket %s: %d page(s)", ticket.number, len(hashes))
    return ScannedMaterial(material, tuple(hashes), message)


class PrescanState(StrEnum):
    READY = "ready"
    SCANNING = "scanning"
    FAILED = "failed"


class PrescanDraft(Observable):
    """What the pre-scan screen shows: the materials to scan and the pages so far."""

    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.materials: tuple[str, ...] = ()
        self.pages: dict[str, tuple[str, ...]] = {}
        self.state = PrescanState.READY
        self.message_zh = ""

    def start(self, materials: Sequence[str]) -> None:
        self.materials = tuple(dict.fromkeys([*materials, OTHER_MATERIAL]))
        self.pages, self.state, self.message_zh = {}, PrescanState.READY, ""
        self._emit("changed")

    def scanning(self, material: str) -> None:
        self.state = PrescanState.SCANNING
        self.message_zh = f"正在扫描“{material}”，请稍候……"
        self._emit("changed")

    def scanned(self, result: ScannedMaterial) -> None:
        known = self.pages.get(result.material, ())
        self.pages[result.material] = known + tuple(h for h in result.pages if h not in known)
        self.state, self.message_zh = PrescanState.READY, result.message_zh
        self._emit("changed")

    def failed(self, error: BaseException) -> None:
        if isinstance(error, ScanError):
            self.message_zh = f"扫描出了问题：{error.message_zh}"
        else:
            log.error("pre-scan failed: %r", error)
            self.message_zh = "扫描出了问题，已扫的页都保留着。可以再试，或到窗口交纸质材料。"
        self.state = PrescanState.FAILED
        self._emit("changed")

    @property
    def page_count(self) -> int:
        return sum(len(p) for p in self.pages.values())

    def clear(self) -> None:
        self.materials, self.pages = (), {}
        self.state, self.message_zh = PrescanState.READY, ""
        self._emit("changed")
