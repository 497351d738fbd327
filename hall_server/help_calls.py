"""呼叫帮办: a kiosk calls a hall assistant (帮办代办员); staff answer. The events carry the
call's id and the kiosk's name only — never anything about the person at the kiosk."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server.errors import ApiError
from hall_server.models import HelpCall


class HelpCallIn(BaseModel):
    model_config = {"extra": "forbid"}

    kiosk: str = Field(min_length=1, max_length=100)
    reason: str | None = Field(default=None, max_length=200)


class HelpCallOut(BaseModel):
    id: int
    kiosk: str
    reason: str | None
    created_at: datetime
    answered_at: datetime | None
    answered_by: str | None
    open: bool


def out(call: HelpCall) -> HelpCallOut:
    return HelpCallOut(
        id=call.id,
        kiosk=call.kiosk,
        reason=call.reason,
        created_at=call.created_at,
        answered_at=call.answered_at,
        answered_by=call.answered_by,
        open=call.answered_at is None,
    )


def create(session: Session, hall_id: str, body: HelpCallIn, actor: str, now: datetime) -> HelpCall:
    call = HelpCall(
        hall_id=hall_id,
        kiosk=body.kiosk.strip() or body.kiosk,
        reason=(body.reason or "").strip() or None,
        actor=actor,
        created_at=now,
    )
    session.add(call)
    session.flush()
    data = {"help_call_id": call.id, "kiosk": call.kiosk}
    ev.append(session, hall_id, [ev.NewEvent("help_call", now, data)])
    return call


def answer(session: Session, hall_id: str, call_id: int, actor: str, now: datetime) -> HelpCall:
    call = session.get(HelpCall, call_id)
    if call is None or call.hall_id != hall_id:
        raise ApiError(404, "unknown_help_call", "没有这个帮办呼叫", "no such help call")
    if call.answered_at is not None:
        raise ApiError(409, "already_answered", "该呼叫已有人响应", "this call is already answered")
    call.answered_at = now
    call.answered_by = actor
    session.flush()
    data = {"help_call_id": call.id, "kiosk": call.kiosk, "actor": actor}
    ev.append(session, hall_id, [ev.NewEvent("help_call_answered", now, data)])
    return call


def listing(session: Session, hall_id: str, *, only_open: bool, limit: int) -> list[HelpCall]:
    query = select(HelpCall).where(HelpCall.hall_id == hall_id)
    if only_open:
        query = query.where(HelpCall.answered_at.is_(None))
    return list(session.scalars(query.order_by(HelpCall.id.desc()).limit(limit)))
