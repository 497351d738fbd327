"""Optional pre-scan (预先扫描): while waiting, the person scans the materials of the checklist on
the kiosk's scanner, and the clerk who calls the ticket finds them in the ticket's draft on the
hall server (``GET /tickets/{ticket_id}/draft``).

Scanning runs through `scanning` (a `ScanWorker` over any `ScanSource`: SANE, file import, the
document camera), each page is processed (deskew, crop, blank-page drop, compression) and stored
in the terminal's server_sync store by its SHA-256. Materials are keyed by the catalog's
material **code** (the name is for the screen); pages that fit none go under `OTHER`.

After each material the whole draft — the theme, the answers the person gave to this theme's
questions, material code → page hashes — is saved locally under ``kiosk-prescan/<ticket_id>``
and, in the same transaction, ``PUT /tickets/{ticket_id}/draft`` is queued in the outbox with an
Idempotency-Key of its own for this version. The command names its pages, so the outbox's
sender uploads them first (`server_sync.PageUploader`: resumable, a dropped connection resumes
where the server is) and only then sends the draft. Nothing waits for the network here: with
the server away the draft waits on disk and goes when it is back; each version replaces the
last one whole, in order, so the newest arrives last.

`scan_material` blocks: the UI runs it on a worker thread. `PrescanDraft.sync(store)` reads
back from the store what is uploaded and whether the draft reached the server (cheap reads,
no network). Qt-free.

Events of `PrescanDraft`: ``changed()``.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

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
from server_sync import Command, EntryState, Store

if TYPE_CHECKING:
    from server_sync import Sender

__all__ = [
    "OTHER_MATERIAL",
    "DraftDelivery",
    "DraftTarget",
    "MaterialChoice",
    "PageScanner",
    "PrescanDraft",
    "PrescanState",
    "ScannedMaterial",
    "draft_command",
    "draft_id_for",
    "record_material",
    "scan_material",
]

log = logging.getLogger("onewindow.kiosk")

SCAN_TIMEOUT_S = 120.0
DRAFT_KIND = "kiosk_draft"


@dataclass(frozen=True, slots=True)
class MaterialChoice:
    """A material the person may scan: the catalog's code (what the server keys by) and the
    name the tile shows."""

    code: str
    name: str


#: Pages that fit none of the listed materials.
OTHER_MATERIAL = MaterialChoice("OTHER", "其他材料")


@dataclass(frozen=True, slots=True)
class PageScanner:
    """The kiosk's scanner: a source, the device on it, the settings."""

    source: ScanSource
    device: str
    settings: ScanSettings = field(default_factory=ScanSettings)


@dataclass(frozen=True, slots=True)
class DraftTarget:
    """Whose draft the pages go into: the ticket, its catalog theme, and the answers the person
    gave to that theme's questions at this kiosk (empty when none)."""

    ticket: IssuedTicket
    theme: str | None
    answers: Mapping[str, Sequence[str]] = field(default_factory=dict)
    kiosk_id: str = "kiosk-1"


@dataclass(frozen=True, slots=True)
class ScannedMaterial:
    material: MaterialChoice
    pages: tuple[str, ...]  # SHA-256 of each stored page
    message_zh: str  # how the batch went (the scanner's own words on trouble)
    draft_key: str | None = None  # the Idempotency-Key of the draft version queued, if any


def draft_id_for(ticket: IssuedTicket) -> str:
    return f"kiosk-prescan/{ticket.ticket_id}"


def draft_path(ticket_id: str) -> str:
    return f"/tickets/{quote(ticket_id, safe='')}/draft"


def draft_command(
    ticket_id: str,
    *,
    theme: str | None,
    answers: Mapping[str, Sequence[str]],
    materials: Mapping[str, Sequence[str]],
    note: str = "",
) -> Command:
    """``PUT /tickets/{ticket_id}/draft`` with the whole draft. It names every page, so the
    outbox uploads them (resumably) before it sends the command."""
    body = {
        "theme": theme,
        "answers": {code: list(values) for code, values in answers.items()},
        "materials": {code: list(pages) for code, pages in materials.items() if pages},
        "note": note,
    }
    pages = tuple(dict.fromkeys(p for ps in materials.values() for p in ps))
    return Command(DRAFT_KIND, "PUT", draft_path(ticket_id), body, pages)


def record_material(
    store: Store,
    target: DraftTarget,
    material: MaterialChoice,
    hashes: Sequence[str],
    *,
    clock: Callable[[], dt.datetime],
    outbox: Sender | None = None,
) -> str | None:
    """Add `hashes` (pages already in the store) to the ticket's draft and, with an outbox,
    queue the new version for the server in the same local transaction. Returns the version's
    Idempotency-Key (None when nothing was queued)."""
    ticket = target.ticket
    draft_id = draft_id_for(ticket)
    key: str | None = None
    with store.transaction() as tx:
        body: dict[str, Any] = store.draft(draft_id) or {
            "kind": "kiosk_prescan",
            "ticket_id": ticket.ticket_id,
            "ticket_number": ticket.number,
            "kiosk": target.kiosk_id,
            "materials": {},
            "names": {},
            "version": 0,
        }
        pages = body["materials"].setdefault(material.code, [])
        added = [h for h in dict.fromkeys(hashes) if h not in pages]
        pages.extend(added)
        body.setdefault("names", {})[material.code] = material.name
        body["theme"] = target.theme
        body["answers"] = {code: list(values) for code, values in target.answers.items()}
        body["updated_at"] = clock().isoformat()
        if added:
            body["version"] = int(body.get("version", 0)) + 1
        if outbox is not None and added:
            # One key per version, fixed now: every retry of this version is recognised, and a
            # later version (a different body) never collides with it.
            key = f"kiosk-draft-{ticket.ticket_id}-v{body['version']}-{uuid.uuid4().hex[:12]}"
            body["draft_key"] = key
            command = draft_command(
                ticket.ticket_id,
                theme=target.theme,
                answers=target.answers,
                materials=body["materials"],
            )
            store.enqueue(command, key=key, tx=tx)
        store.save_draft(draft_id, body, tx=tx)
    if key is not None and outbox is not None:
        outbox.wake()
    return key


def scan_material(
    scanner: PageScanner,
    store: Store,
    target: DraftTarget,
    material: MaterialChoice,
    *,
    clock: Callable[[], dt.datetime],
    outbox: Sender | None = None,
) -> ScannedMaterial:
    """Scan one material, store its pages, add them to the ticket's draft and queue the draft
    for the server (on a worker thread)."""
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
    key = record_material(store, target, material, hashes, clock=clock, outbox=outbox)
    if error is not None:
        message = f"已保存 {len(hashes)} 页；{error.message_zh}"
    elif not hashes:
        message = "没有扫到内容（空白页已去掉），请把材料正面朝下放好再扫。"
    else:
        message = f"“{material.name}”已扫描 {len(hashes)} 页。"
        if blank:
            message += f"（去掉空白页 {blank} 页）"
    log.info("pre-scan for ticket %s: %d page(s)", target.ticket.number, len(hashes))
    return ScannedMaterial(material, tuple(hashes), message, key)


class PrescanState(StrEnum):
    READY = "ready"
    SCANNING = "scanning"
    FAILED = "failed"


class DraftDelivery(StrEnum):
    """Where the newest version of the draft is."""

    NONE = "none"  # nothing scanned yet (or no server configured)
    WAITING = "waiting"  # in the outbox: pages uploading, or the server away
    DELIVERED = "delivered"  # the server has it: the window sees it
    REFUSED = "refused"  # the server said no (the ticket is closed, say): `refusal_zh`


class PrescanDraft(Observable):
    """What the pre-scan screen shows: the materials to scan, the pages so far, which pages the
    server has, and whether the draft reached it."""

    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.materials: tuple[MaterialChoice, ...] = ()
        self.pages: dict[str, tuple[str, ...]] = {}
        self.uploaded: frozenset[str] = frozenset()
        self.delivery = DraftDelivery.NONE
        self.refusal_zh = ""
        self.draft_key: str | None = None
        self.state = PrescanState.READY
        self.message_zh = ""

    def start(self, materials: Sequence[MaterialChoice]) -> None:
        unique = {m.code: m for m in [*materials, OTHER_MATERIAL]}
        self.materials = tuple(unique.values())
        self.pages, self.uploaded = {}, frozenset()
        self.delivery, self.refusal_zh, self.draft_key = DraftDelivery.NONE, "", None
        self.state, self.message_zh = PrescanState.READY, ""
        self._emit("changed")

    def scanning(self, material: MaterialChoice) -> None:
        self.state = PrescanState.SCANNING
        self.message_zh = f"正在扫描“{material.name}”，请稍候……"
        self._emit("changed")

    def scanned(self, result: ScannedMaterial) -> None:
        code = result.material.code
        known = self.pages.get(code, ())
        self.pages[code] = known + tuple(h for h in result.pages if h not in known)
        if result.draft_key is not None:
            self.draft_key, self.delivery, self.refusal_zh = (
                result.draft_key,
                DraftDelivery.WAITING,
                "",
            )
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

    # --- what reached the server ------------------------------------------------------------
    def sync(self, store: Store) -> bool:
        """Read back from the local store which pages are uploaded and where the draft is;
        emits ``changed`` (and returns True) when that moved."""
        hashes = {h for pages in self.pages.values() for h in pages}
        uploaded = frozenset(
            h for h in hashes if (info := store.page_info(h)) is not None and info.uploaded_at
        )
        delivery, refusal = self.delivery, self.refusal_zh
        if self.draft_key is not None:
            entry = store.entry_by_key(self.draft_key)
            if entry is None:
                delivery = DraftDelivery.WAITING
            elif entry.state is EntryState.SENT:
                delivery = DraftDelivery.DELIVERED
            elif entry.state is EntryState.PENDING:
                delivery = DraftDelivery.WAITING
            else:
                delivery, refusal = DraftDelivery.REFUSED, entry.error_zh or ""
        if (uploaded, delivery, refusal) == (self.uploaded, self.delivery, self.refusal_zh):
            return False
        self.uploaded, self.delivery, self.refusal_zh = uploaded, delivery, refusal
        self._emit("changed")
        return True

    def page_count_of(self, code: str) -> int:
        return len(self.pages.get(code, ()))

    def all_uploaded(self, code: str) -> bool:
        pages = self.pages.get(code, ())
        return bool(pages) and all(h in self.uploaded for h in pages)

    @property
    def page_count(self) -> int:
        return sum(len(p) for p in self.pages.values())

    def clear(self) -> None:
        self.materials, self.pages, self.uploaded = (), {}, frozenset()
        self.delivery, self.refusal_zh, self.draft_key = DraftDelivery.NONE, "", None
        self.state, self.message_zh = PrescanState.READY, ""
        self._emit("changed")
