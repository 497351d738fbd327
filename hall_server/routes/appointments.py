"""Appointments (预约签到): book ahead, list a day, cancel, and check in at the kiosk with the
8-digit code, which issues the booking's ticket through the queue's issue path
(`routes.queue.issue_in`) and answers like `POST /tickets`, plus the slot.

The code is a bearer secret: it is in the booking's answer and the day's list (staff tell it to
a caller), never in an event or a log line. Against guessing at a kiosk, 5 unknown codes from
one device (or user) within 10 minutes make it wait (429 `too_many_attempts`): counted in memory
by this process (`hall_server.attempts`), which is enough for a keypad and an 8-digit space.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server import idempotency
from hall_server.appointments import (
    Appointments,
    AppointmentState,
    check_slot,
    checked_identifier,
    other_day,
    unknown_code,
)
from hall_server.auth import Allow, Principal, Role
from hall_server.deps import IdempotencyKey, Managers, Server, Staff
from hall_server.errors import ApiError, Problem, problem_response
from hall_server.models import AppointmentRow, TicketRow
from hall_server.routes.queue import hall_of, issue_in, issued_again
from hall_server.schemas import (
    AppointmentIn,
    AppointmentOut,
    CheckInIn,
    CheckInOut,
    CheckInSlotOut,
)
from hall_server.state import ServerState, in_force
from hall_server.wait_estimates import estimated_wait_minutes
from hallcore.queue import AppointmentSlot, Channel, HallConfig, TicketState

router = APIRouter(tags=["appointments"])
AppointmentId = Annotated[str, Path(min_length=1, max_length=40)]
#: Who checks a booking in: the kiosk (the person types or scans the code) and the window.
CheckInDesk = Annotated[Principal, Depends(Allow(Role.KIOSK, Role.CLERK))]


def appointment_out(
    config: HallConfig, row: AppointmentRow, masked_applicant_id: str | None
) -> AppointmentOut:
    return AppointmentOut(
        appointment_id=row.appointment_id,
        code=row.code,
        queue=row.queue,
        theme=row.theme,
        start=config.local(row.slot_start),
        end=config.local(row.slot_end),
        state=AppointmentState(row.state).value,
        applicant_id=masked_applicant_id,
        ticket_id=row.ticket_id,
    )


def _event(
    session: Session, hall_id: str, kind: str, at: dt.datetime, data: dict[str, Any]
) -> None:
    ev.append(session, hall_id, [ev.NewEvent(kind, at, data)])


@router.post("/appointments", response_model=AppointmentOut, status_code=201)
def book(
    body: AppointmentIn, principal: Managers, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """预约: book a slot (the online platform's integration account, or a manager at the
    hall). The answer carries the 8-digit check-in `code`."""
    hall_of(server, principal.hall_id)
    if (body.queue is None) == (body.theme is None):
        raise ApiError(
            422,
            "queue_or_theme",
            "请指定队列或主题（二选一）",
            "give exactly one of queue and theme",
        )

    def operation(session: Session) -> tuple[int, BaseModel]:
        now = server.now()
        config = in_force(server, session, principal.hall_id)
        calendar = server.hall_settings[principal.hall_id].calendar
        day = check_slot(config, calendar, body.start, body.end, now)
        queue = config.queue(body.queue) if body.queue else config.queue_for_theme(body.theme or "")
        applicant_id = (
            checked_identifier(body.applicant_id, config.business_date(now))
            if body.applicant_id
            else None
        )
        book = Appointments(session, principal.hall_id, server.vault)
        row = book.book(
            queue=queue.code,
            theme=body.theme,
            start=body.start,
            end=body.end,
            day=day,
            applicant_id=applicant_id,
            channel=body.channel,
            actor=principal.actor_id,
            now=now,
        )
        data = {
            "appointment_id": row.appointment_id,
            "queue": row.queue,
            "theme": row.theme,
            "start": body.start.isoformat(),
            "end": body.end.isoformat(),
            "business_date": day.isoformat(),
            "actor": principal.actor_id,
        }
        _event(session, principal.hall_id, "appointment_booked", now, data)
        return 201, appointment_out(config, row, book.masked_applicant_id(row))

    request_hash = idempotency.fingerprint(
        "POST", "/appointments", principal, body.model_dump(mode="json")
    )
    return idempotency.run(server, principal, key, request_hash, operation)


@router.get("/appointments", response_model=list[AppointmentOut])
def day_list(
    principal: Staff,
    server: Server,
    day: Annotated[dt.date | None, Query(description="YYYY-MM-DD；默认今天")] = None,
) -> list[AppointmentOut]:
    """A day's appointments (today by default), by slot; the applicant masked."""
    config = hall_of(server, principal.hall_id)
    day = day or config.business_date(server.now())
    with server.db.read() as session:
        book = Appointments(session, principal.hall_id, server.vault)
        return [
            appointment_out(config, row, book.masked_applicant_id(row)) for row in book.on_day(day)
        ]


@router.post("/appointments/{appointment_id}/cancel", response_model=AppointmentOut)
def cancel(
    appointment_id: AppointmentId, principal: Managers, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """取消预约 (a booking already checked in is a 409 `appointment_checked_in`)."""
    hall_of(server, principal.hall_id)

    def operation(session: Session) -> tuple[int, BaseModel]:
        now = server.now()
        book = Appointments(session, principal.hall_id, server.vault)
        row, changed = book.cancel(appointment_id, now)
        if changed:
            data = {"appointment_id": row.appointment_id, "actor": principal.actor_id}
            _event(session, principal.hall_id, "appointment_cancelled", now, data)
        config = server.halls[principal.hall_id]
        return 200, appointment_out(config, row, book.masked_applicant_id(row))

    request_hash = idempotency.fingerprint(
        "POST", f"/appointments/{appointment_id}/cancel", principal, None
    )
    return idempotency.run(server, principal, key, request_hash, operation)


@router.post(
    "/appointments/check-in",
    response_model=CheckInOut,
    status_code=201,
    responses={
        200: {"model": CheckInOut, "description": "已签到过：同一张号（重打）/ checked in before"},
        429: {"model": Problem, "description": "输错次数过多 / too many unknown codes"},
    },
)
def check_in(
    body: CheckInIn, principal: CheckInDesk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """预约签到: the code's booking gets its ticket, on the slot's day (201); checking in
    again answers the same ticket (200: a jammed printer reprints). A late arrival is queued as
    a walk-in (`appointment.lapsed`). Unknown code 404 `appointment_unknown`, another day 422
    `appointment_other_day`, cancelled 409 `appointment_cancelled`; after 5 unknown codes from
    one device within 10 minutes, 429 `too_many_attempts` (with `Retry-After`)."""
    hall_of(server, principal.hall_id)
    who = (principal.hall_id, principal.actor_id)
    wait = server.checkin_attempts.retry_after(who, server.now())
    if wait is not None:
        error = ApiError(
            429,
            "too_many_attempts",
            "输错次数过多，请稍后再试或到咨询台",
            "too many unknown codes: try again later or ask at the help desk",
            detail={"retry_after": wait},
        )
        return problem_response(error, {"Retry-After": str(wait)})
    code = "".join(body.code.split())

    def operation(session: Session) -> tuple[int, BaseModel]:
        return _check_in(session, server, principal, code)

    # The fingerprint holds the code only hashed, like every request body.
    request_hash = idempotency.fingerprint("POST", "/appointments/check-in", principal, code)
    response = idempotency.run(server, principal, key, request_hash, operation)
    replayed = response.headers.get("Idempotent-Replayed") == "true"
    if response.status_code == 404 and not replayed:
        server.checkin_attempts.failed(who, server.now())
    return _with_ticket_estimate(server, principal.hall_id, response)


def _check_in(
    session: Session, server: ServerState, principal: Principal, code: str
) -> tuple[int, BaseModel]:
    now = server.now()
    config = in_force(server, session, principal.hall_id)
    book = Appointments(session, principal.hall_id, server.vault)
    row = book.by_code(code) if code.isdigit() else None
    if row is None:
        raise unknown_code()
    if row.state == AppointmentState.CANCELLED.value:
        raise ApiError(
            409,
            "appointment_cancelled",
            "该预约已取消，请重新预约或直接取号",
            "this appointment was cancelled; book again or take a ticket",
        )
    if row.business_date != config.business_date(now):
        raise other_day(row)
    if row.state == AppointmentState.CHECKED_IN.value and row.ticket_id is not None:
        ticket = session.scalar(
            select(TicketRow).where(
                TicketRow.hall_id == principal.hall_id, TicketRow.ticket_id == row.ticket_id
            )
        )
        assert ticket is not None  # tickets are never deleted
        again = issued_again(session, principal.hall_id, ticket)
        return 200, CheckInOut(**again.model_dump(), appointment=_slot(config, row, ticket.lapsed))
    issued, answer = issue_in(
        session,
        server,
        principal,
        queue=None if row.theme else row.queue,  # a theme finds its queue as configured now
        theme=row.theme,
        channel=Channel.APPOINTMENT,
        priority=None,
        applicant_id=book.applicant_id(row),
        appointment=AppointmentSlot(row.slot_start, row.slot_end),
    )
    book.checked_in(row, issued.ticket_id, now)
    data = {
        "appointment_id": row.appointment_id,
        "ticket_id": issued.ticket_id,
        "number": issued.number,
        "lapsed": issued.lapsed,
        "actor": principal.actor_id,
    }
    _event(session, principal.hall_id, "appointment_checked_in", now, data)
    return 201, CheckInOut(**answer.model_dump(), appointment=_slot(config, row, issued.lapsed))


def _slot(config: HallConfig, row: AppointmentRow, lapsed: bool) -> CheckInSlotOut:
    return CheckInSlotOut(
        appointment_id=row.appointment_id,
        start=config.local(row.slot_start),
        end=config.local(row.slot_end),
        lapsed=lapsed,
    )


def _with_ticket_estimate(
    server: ServerState, hall_id: str, response: JSONResponse
) -> JSONResponse:
    """The ticket's own estimated wait, made after the commit and outside the hall's lock, as
    `POST /tickets` does (its own: an appointment on time waits in the appointment lane)."""
    if response.status_code not in (200, 201):
        return response
    answer = json.loads(bytes(response.body))
    ticket = answer["ticket"]
    answer["estimated_wait_minutes"] = (
        estimated_wait_minutes(server, hall_id, ticket["ticket_id"])
        if ticket["state"] == TicketState.WAITING.value
        else None
    )
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return JSONResponse(answer, status_code=response.status_code, headers=headers)
