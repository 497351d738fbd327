"""The kiosk's pre-scan draft of a ticket (`hall_server.kiosk_drafts`): the kiosk stores it
(`PUT`, idempotent by key, an event `kiosk_draft_saved` with counts only), window staff read it
when they call the ticket (`GET`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server import idempotency
from hall_server.auth import Allow, Principal, Role
from hall_server.deps import IdempotencyKey, Server, WindowClerk
from hall_server.kiosk_drafts import KioskDraft, KioskDrafts
from hall_server.models import Device
from hall_server.schemas import KioskDraftIn, KioskDraftOut

router = APIRouter(tags=["kiosk drafts"])
TicketId = Annotated[str, Path(min_length=1, max_length=40)]
#: Only the kiosk pre-scans; the window scans into the case itself.
Kiosk = Annotated[Principal, Depends(Allow(Role.KIOSK))]


def draft_out(draft: KioskDraft) -> KioskDraftOut:
    body = draft.body
    return KioskDraftOut(
        ticket_id=draft.ticket_id,
        number=draft.number,
        theme=body.get("theme"),
        answers=body.get("answers", {}),
        materials=body.get("materials", {}),
        note=body.get("note", ""),
        updated_at=draft.updated_at,
    )


@router.put("/tickets/{ticket_id}/draft", response_model=KioskDraftOut)
def put_draft(
    ticket_id: TicketId, body: KioskDraftIn, principal: Kiosk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """预先扫描: store (replace) the ticket's pre-scan draft. The pages must be uploaded first
    (`PUT /pages/{sha256}`): a page not complete is a 422 `page_missing` and nothing is stored;
    a ticket of another day or already finished is a 409 `ticket_closed`."""
    payload = body.model_dump(mode="json")

    def operation(session: Session) -> tuple[int, BaseModel]:
        now = server.now()
        device = session.get(Device, principal.device_id) if principal.device_id else None
        draft = KioskDrafts(session, principal.hall_id, server.vault).save(
            ticket_id,
            payload,
            day=server.halls[principal.hall_id].business_date(now),
            device=device.name if device is not None else principal.actor_id,
            now=now,
        )
        data = {
            "ticket_id": ticket_id,
            "number": draft.number,
            "materials": len(payload["materials"]),
            "pages": draft.page_count,
        }
        ev.append(session, principal.hall_id, [ev.NewEvent("kiosk_draft_saved", now, data)])
        return 200, draft_out(draft)

    request_hash = idempotency.fingerprint("PUT", f"/tickets/{ticket_id}/draft", principal, payload)
    return idempotency.run(server, principal, key, request_hash, operation)


@router.get("/tickets/{ticket_id}/draft", response_model=KioskDraftOut)
def get_draft(ticket_id: TicketId, principal: WindowClerk, server: Server) -> KioskDraftOut:
    """The ticket's pre-scan draft, opened (404 `draft_missing` when the kiosk stored none)."""
    with server.db.read() as session:
        return draft_out(KioskDrafts(session, principal.hall_id, server.vault).load(ticket_id))
