"""The kiosk's pre-scan draft (预先扫描), kept on the server for the clerk who calls the ticket.

While waiting, the person scans the checklist's materials at the kiosk (`kiosk/model/prescan.py`);
the pages go up first through `PUT /pages/{sha256}`, then the kiosk stores the draft here: the
theme, the situation answers, each material's page hashes and a note. The clerk reads it when
the ticket is called and starts the case from it instead of scanning again.

A draft belongs to a ticket of today that is still open (not done, cancelled, expired or
finally no-show); it names only pages the hall holds completely, so the clerk never opens a
draft pointing at bytes that are not there. It is personal data (answers about a family, the
scans' hashes), so the whole body is sealed with the vault, bound to the hall and the ticket.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.errors import ApiError
from hall_server.models import KioskDraftRow, TicketRow
from hall_server.pages import PageStore
from hall_server.vault import Vault
from hallcore.queue import TicketState

#: A ticket in one of these states can still be served, so its draft can still be used.
_OPEN = frozenset(
    {
        TicketState.BOOKED.value,
        TicketState.WAITING.value,
        TicketState.CALLING.value,
        TicketState.SERVING.value,
        TicketState.PARKED.value,
    }
)


def _context(hall_id: str, ticket_id: str) -> str:
    return f"kiosk_drafts.body:{hall_id}:{ticket_id}"


@dataclass(frozen=True, slots=True)
class KioskDraft:
    ticket_id: str
    number: str
    body: dict[str, Any]  # theme, answers, materials, note
    updated_at: dt.datetime

    @property
    def page_count(self) -> int:
        return sum(len(pages) for pages in self.body["materials"].values())


class KioskDrafts:
    """One hall's kiosk drafts in the caller's transaction."""

    def __init__(self, session: Session, hall_id: str, vault: Vault) -> None:
        self.session = session
        self.hall_id = hall_id
        self.vault = vault

    def save(
        self, ticket_id: str, body: dict[str, Any], *, day: dt.date, device: str, now: dt.datetime
    ) -> KioskDraft:
        """Replace the ticket's draft wholesale. 404 `ticket_unknown`, 409 `ticket_closed` (not
        today's, or done/cancelled/expired), 422 `page_missing` (a page not completely
        uploaded, nothing stored)."""
        ticket = self._ticket(ticket_id)
        if ticket.business_date != day or ticket.state not in _OPEN:
            raise ApiError(
                409,
                "ticket_closed",
                f"{ticket.number}号已结束，不能再保存预扫描材料",
                f"ticket {ticket.number} is closed: no draft can be saved for it",
                detail={"ticket_id": ticket_id, "state": ticket.state},
            )
        self._check_pages(body["materials"])
        sealed = self.vault.encrypt(
            json.dumps(body, ensure_ascii=False, sort_keys=True),
            context=_context(self.hall_id, ticket_id),
        )
        row = self.session.get(KioskDraftRow, (self.hall_id, ticket_id))
        if row is None:
            row = KioskDraftRow(
                hall_id=self.hall_id,
                ticket_id=ticket_id,
                body_enc=sealed,
                device=device,
                created_at=now,
                updated_at=now,
            )
            self.session.add(row)
        else:
            row.body_enc, row.device, row.updated_at = sealed, device, now
        self.session.flush()
        return KioskDraft(ticket_id, ticket.number, body, now.astimezone(dt.UTC))  # as stored

    def load(self, ticket_id: str) -> KioskDraft:
        """The ticket's draft, opened; 404 `draft_missing` when the kiosk stored none."""
        row = self.session.get(KioskDraftRow, (self.hall_id, ticket_id))
        number = self.session.scalar(
            select(TicketRow.number).where(
                TicketRow.hall_id == self.hall_id, TicketRow.ticket_id == ticket_id
            )
        )
        if row is None or number is None:
            raise ApiError(
                404, "draft_missing", "该号没有预扫描材料", "no pre-scan draft for this ticket"
            )
        body = json.loads(
            self.vault.decrypt(row.body_enc, context=_context(self.hall_id, ticket_id))
        )
        return KioskDraft(ticket_id, number, body, row.updated_at)

    def _ticket(self, ticket_id: str) -> TicketRow:
        row = self.session.scalar(
            select(TicketRow).where(
                TicketRow.hall_id == self.hall_id, TicketRow.ticket_id == ticket_id
            )
        )
        if row is None:
            raise ApiError(
                404, "ticket_unknown", "没有找到该号票", "no such ticket in this hall",
                detail={"ticket_id": ticket_id},
            )  # fmt: skip
        return row

    def _check_pages(self, materials: dict[str, list[str]]) -> None:
        complete = PageStore(self.session, self.hall_id, self.vault).complete_pages(
            p for pages in materials.values() for p in pages
        )
        for material, pages in sorted(materials.items()):
            missing = [p for p in pages if p not in complete]
            if missing:
                raise ApiError(
                    422,
                    "page_missing",
                    f"材料“{material}”有{len(missing)}页尚未上传完整，请稍后再保存",
                    f"material {material}: {len(missing)} page(s) not uploaded completely",
                    detail={"material": material, "pages": missing},
                )
