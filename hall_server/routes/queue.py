"""The hall, tickets and window actions. Every mutation runs through `idempotency.run` in one
write transaction holding the hall's lock, with hallcore's rules applied by `QueueService`."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server import idempotency
from hall_server.auth import Principal
from hall_server.db import UTCDateTime
from hall_server.deps import AnyRole, IdempotencyKey, Issuer, Server, Staff, Viewer, WindowClerk
from hall_server.errors import ApiError
from hall_server.models import TicketRow, WindowRow
from hall_server.queue_service import QueueService, Scope, to_ticket
from hall_server.schemas import (
    CallOut,
    CallSpecificIn,
    HallOut,
    HallWindowOut,
    IssuedOut,
    IssueIn,
    NoShowIn,
    ParkIn,
    PauseIn,
    PublicTicketOut,
    QueueOut,
    SnapshotOut,
    TicketOut,
    TicketRef,
    TransferIn,
    WindowOut,
)
from hall_server.state import ServerState, in_force
from hall_server.wait_estimates import estimated_new_ticket_minutes, estimated_wait_minutes
from hallcore.queue import (
    AppointmentSlot,
    Channel,
    HallConfig,
    HallQueue,
    Ticket,
    TicketState,
    WindowState,
    WindowStatus,
)

router = APIRouter(tags=["queue"])

WindowNumber = Annotated[int, Path(ge=1, le=999)]


def hall_of(server: ServerState, hall_id: str) -> HallConfig:
    config = server.halls.get(hall_id)
    if config is None:
        raise ApiError(404, "unknown_hall", "没有这个大厅", "no such hall")
    return config


def ticket_out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        ticket_id=ticket.ticket_id,
        number=ticket.number,
        queue=ticket.queue,
        state=ticket.state,
        state_zh=ticket.state.label_zh,
        channel=ticket.channel,
        business_date=ticket.business_date,
        taken_at=ticket.taken_at,
        theme=ticket.theme,
        priority=ticket.priority,
        window=ticket.window,
        called_at=ticket.called_at,
        first_called_at=ticket.first_called_at,
        recalls=ticket.recalls,
        requeues=ticket.requeues,
        transfers=ticket.transfers,
    )


_TICKETS = TicketRow.__table__.c
#: Built once: the issue path runs it under the hall's lock, where building costs more than
#: running (order_at then seq, as the queue orders a lane).
_AHEAD = (
    select(func.count())
    .select_from(TicketRow.__table__)
    .where(
        _TICKETS.hall_id == bindparam("hall_id"),
        _TICKETS.business_date == bindparam("day"),
        _TICKETS.queue == bindparam("queue"),
        _TICKETS.state == TicketState.WAITING.value,
        or_(
            _TICKETS.order_at < bindparam("order_at", type_=UTCDateTime()),
            and_(
                _TICKETS.order_at == bindparam("order_at", type_=UTCDateTime()),
                _TICKETS.seq < bindparam("seq"),
            ),
        ),
    )
)


def _ahead(session: Session, hall_id: str, row: TicketRow | Ticket) -> int:
    """Waiting tickets of the same queue before this one (by take time; for display)."""
    if row.state != TicketState.WAITING.value:
        return 0
    params = {
        "hall_id": hall_id,
        "day": row.business_date,
        "queue": row.queue,
        "order_at": row.order_at,
        "seq": row.seq,
    }
    return int(session.connection().execute(_AHEAD, params).scalar() or 0)


# --- the hall ----------------------------------------------------------------------------


@router.get("/hall", response_model=HallOut)
def hall(principal: AnyRole, server: Server) -> HallOut:
    config = hall_of(server, principal.hall_id)
    return HallOut(
        hall_id=config.hall_id,
        name_zh=config.name_zh,
        time_zone=config.time_zone,
        queues=[
            QueueOut(
                code=q.code,
                prefix=q.prefix,
                name_zh=q.name_zh,
                name_en=q.name_en,
                themes=list(q.themes),
            )
            for q in config.queues
        ],
        windows=[
            HallWindowOut(
                number=w.number, name_zh=w.name_zh, serves={s.queue: s.weight for s in w.serves}
            )
            for w in config.windows
        ],
        sessions=[f"{s.start:%H:%M}-{s.end:%H:%M}" for s in config.sessions],
        priority_classes=[c.code for c in config.priority_classes],
    )


# --- tickets -----------------------------------------------------------------------------


@router.post("/tickets", response_model=IssuedOut, status_code=201)
def issue_ticket(
    body: IssueIn, principal: Issuer, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """取号: at a kiosk, at a window, or an appointment's check-in (with `appointment`)."""
    hall_of(server, principal.hall_id)  # 404 for a hall this server does not run
    if (body.queue is None) == (body.theme is None):
        raise ApiError(
            422,
            "queue_or_theme",
            "请指定队列或主题（二选一）",
            "give exactly one of queue and theme",
        )
    if body.appointment is not None and body.appointment.end <= body.appointment.start:
        raise ApiError(422, "bad_slot", "预约时段无效", "the appointment slot is empty")

    def operation(session: Session) -> tuple[int, BaseModel]:
        slot = body.appointment
        _, issued = issue_in(
            session,
            server,
            principal,
            queue=body.queue,
            theme=body.theme,
            channel=Channel(body.channel),
            priority=body.priority,
            applicant_id=body.applicant_id,
            appointment=AppointmentSlot(slot.start, slot.end) if slot is not None else None,
        )
        return 201, issued

    request_hash = idempotency.fingerprint(
        "POST", "/tickets", principal, body.model_dump(mode="json")
    )
    response = idempotency.run(server, principal, key, request_hash, operation)
    return _with_wait_estimate(server, principal.hall_id, response)


def issue_in(
    session: Session,
    server: ServerState,
    principal: Principal,
    *,
    queue: str | None,
    theme: str | None,
    channel: Channel,
    priority: str | None,
    applicant_id: str | None,
    appointment: AppointmentSlot | None,
) -> tuple[Ticket, IssuedOut]:
    """Issue a ticket in the caller's write transaction (`POST /tickets`, and an appointment's
    check-in): hallcore's rules through `QueueService`, on the configuration in force."""
    live = in_force(server, session, principal.hall_id)
    service = QueueService(session, live, server.vault, server.now())
    issued = service.issue(
        queue=queue,
        theme=theme,
        channel=channel,
        priority=priority,
        applicant_id=applicant_id,
        appointment=appointment,
        actor=principal.actor(),
    )
    ahead = _ahead(session, principal.hall_id, issued.ticket)
    return issued.ticket, IssuedOut(
        ticket=ticket_out(issued.ticket), status_secret=issued.secret, waiting_ahead=ahead
    )


def issued_again(session: Session, hall_id: str, row: TicketRow) -> IssuedOut:
    """A ticket issued before, answered as it was issued (with its state now): a kiosk reprints
    it (the appointment check-in's second time)."""
    return IssuedOut(
        ticket=ticket_out(to_ticket(row)),
        status_secret=row.status_secret,
        waiting_ahead=_ahead(session, hall_id, row),
    )


def _with_wait_estimate(server: ServerState, hall_id: str, response: JSONResponse) -> JSONResponse:
    """Add the estimate after the ticket is committed, outside the hall's lock: it reads the
    whole queue, and the stored idempotent answer stays the ticket itself."""
    if response.status_code != 201:
        return response
    answer = json.loads(bytes(response.body))
    ticket = answer["ticket"]
    answer["estimated_wait_minutes"] = (
        estimated_new_ticket_minutes(server, hall_id, ticket["queue"])
        if ticket["state"] == TicketState.WAITING.value
        else None  # booked ahead: its wait starts at check-in
    )
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return JSONResponse(answer, status_code=201, headers=headers)


@router.get("/tickets", response_model=list[TicketOut])
def list_tickets(
    principal: Staff,
    server: Server,
    state: Annotated[TicketState | None, Query()] = None,
    queue: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> list[TicketOut]:
    """Today's tickets, in issue order."""
    config = hall_of(server, principal.hall_id)
    day = config.business_date(server.now())
    query = select(TicketRow).where(
        TicketRow.hall_id == principal.hall_id, TicketRow.business_date == day
    )
    if state is not None:
        query = query.where(TicketRow.state == state.value)
    if queue is not None:
        query = query.where(TicketRow.queue == queue)
    with server.db.read() as session:
        rows = session.scalars(query.order_by(TicketRow.id).limit(limit)).all()
        return [ticket_out(to_ticket(r)) for r in rows]


@router.get(
    "/public/halls/{hall_id}/tickets/{number}",
    response_model=PublicTicketOut,
)
def public_status(
    hall_id: Annotated[str, Path(min_length=1, max_length=64)],
    number: Annotated[str, Path(min_length=1, max_length=12)],
    secret: Annotated[str, Query(min_length=1, max_length=16)],
    server: Server,
) -> PublicTicketOut:
    """The status behind a ticket's QR code: no token, but the ticket's short secret."""
    config = hall_of(server, hall_id)
    day = config.business_date(server.now())
    with server.db.read() as session:
        row = session.scalar(
            select(TicketRow).where(
                TicketRow.hall_id == hall_id,
                TicketRow.business_date == day,
                TicketRow.number == number,
            )
        )
        if row is None or not _same_secret(row.status_secret, secret):
            raise ApiError(404, "unknown_ticket", "没有找到该号", "no such ticket")
        state = TicketState(row.state)
        ahead = _ahead(session, hall_id, row)
        ticket_id, number, queue, window = row.ticket_id, row.number, row.queue, row.window
    waiting = state is TicketState.WAITING
    return PublicTicketOut(
        ticket_id=ticket_id,
        number=number,
        queue=queue,
        state=state,
        state_zh=state.label_zh,
        window=window,
        waiting_ahead=ahead,
        estimated_wait_minutes=(
            estimated_wait_minutes(server, hall_id, ticket_id) if waiting else None
        ),
    )


def _same_secret(stored: str, given: str) -> bool:
    return hmac.compare_digest(stored.encode(), given.strip().upper().encode())


# --- windows -----------------------------------------------------------------------------


def _window_action(
    server: ServerState,
    principal: Principal,
    key: str,
    path: str,
    body: Any,
    action: Callable[[HallQueue], Ticket | WindowStatus | None],
    *,
    window: int,
    scope: Scope,
) -> JSONResponse:
    config = hall_of(server, principal.hall_id)
    config.window(window)  # 404 for a window the hall does not have

    def operation(session: Session) -> tuple[int, BaseModel]:
        live = in_force(server, session, principal.hall_id)
        service = QueueService(
            session, live, server.vault, server.now(), actor_id=principal.actor_id
        )
        result = service.act(action, scope)
        if isinstance(result, WindowStatus):
            return 200, _window_out(live, result, None)
        return 200, CallOut(ticket=ticket_out(result) if result is not None else None)

    request_hash = idempotency.fingerprint("POST", path, principal, body)
    return idempotency.run(server, principal, key, request_hash, operation)


@router.post("/windows/{window}/call-next", response_model=CallOut)
def call_next(
    window: WindowNumber, principal: WindowClerk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """叫号: the calling policy's next ticket for this window (null when none waits)."""
    return _window_action(
        server,
        principal,
        key,
        f"/windows/{window}/call-next",
        None,
        lambda hall: hall.call_next(window, server.now()),
        window=window,
        scope=Scope(window=window),
    )


@router.post("/windows/{window}/call-specific", response_model=CallOut)
def call_specific(
    window: WindowNumber,
    body: CallSpecificIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """特呼: one ticket out of order (the permission and a reason when it skips anyone)."""
    return _window_action(
        server,
        principal,
        key,
        f"/windows/{window}/call-specific",
        body.model_dump(),
        lambda hall: hall.call_specific(
            window, body.ticket_id, server.now(), actor=principal.actor(), reason=body.reason
        ),
        window=window,
        scope=Scope(window=window, target=body.ticket_id),
    )


def _simple(name: str, doc: str, run: Callable[[HallQueue, int, TicketRef, Any], Any]) -> None:
    def endpoint(
        window: WindowNumber,
        body: TicketRef,
        principal: WindowClerk,
        server: Server,
        key: IdempotencyKey,
    ) -> JSONResponse:
        return _window_action(
            server,
            principal,
            key,
            f"/windows/{window}/{name}",
            body.model_dump(),
            lambda hall: run(hall, window, body, server.now()),
            window=window,
            scope=Scope(ticket_id=body.ticket_id),
        )

    endpoint.__name__ = name.replace("-", "_")
    endpoint.__doc__ = doc
    router.post(f"/windows/{{window}}/{name}", response_model=CallOut, name=name)(endpoint)


_simple(
    "recall",
    "重呼 (past the recall limit: the automatic no-show).",
    lambda hall, w, b, now: hall.recall(b.ticket_id, now, window=w),
)
_simple("start", "开始办理.", lambda hall, w, b, now: hall.start(b.ticket_id, now, window=w))
_simple("finish", "办结.", lambda hall, w, b, now: hall.finish(b.ticket_id, now, window=w))
_simple(
    "resume",
    "回呼 a parked ticket at this window.",
    lambda hall, w, b, now: hall.resume(b.ticket_id, w, now),
)


@router.post("/windows/{window}/no-show", response_model=CallOut)
def no_show(
    window: WindowNumber,
    body: NoShowIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """过号: re-queued after N calls (at most K times), else final."""
    return _window_action(
        server,
        principal,
        key,
        f"/windows/{window}/no-show",
        body.model_dump(),
        lambda hall: hall.no_show(body.ticket_id, server.now(), window=window, reason=body.reason),
        window=window,
        scope=Scope(ticket_id=body.ticket_id),
    )


@router.post("/windows/{window}/transfer", response_model=CallOut)
def transfer(
    window: WindowNumber,
    body: TransferIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """转移 to another queue, keeping the number and the take time."""
    return _window_action(
        server,
        principal,
        key,
        f"/windows/{window}/transfer",
        body.model_dump(),
        lambda hall: hall.transfer(
            body.ticket_id,
            body.to_queue,
            server.now(),
            to_front=body.to_front,
            window=window,
            reason=body.reason,
        ),
        window=window,
        scope=Scope(ticket_id=body.ticket_id),
    )


@router.post("/windows/{window}/park", response_model=CallOut)
def park(
    window: WindowNumber,
    body: ParkIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """暂离: the applicant fetches a material; the window is free meanwhile."""
    return _window_action(
        server,
        principal,
        key,
        f"/windows/{window}/park",
        body.model_dump(),
        lambda hall: hall.park(body.ticket_id, server.now(), reason=body.reason, window=window),
        window=window,
        scope=Scope(ticket_id=body.ticket_id),
    )


@router.post("/windows/{window}/pause", response_model=WindowOut)
def pause_window(
    window: WindowNumber,
    body: PauseIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """暂停服务 with a reason."""
    return _window_action(
        server,
        principal,
        key,
        f"/windows/{window}/pause",
        body.model_dump(),
        lambda hall: hall.pause_window(window, server.now(), reason=body.reason),
        window=window,
        scope=Scope(),
    )


@router.post("/windows/{window}/unpause", response_model=WindowOut)
def unpause_window(
    window: WindowNumber, principal: WindowClerk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """恢复服务."""
    return _window_action(
        server,
        principal,
        key,
        f"/windows/{window}/unpause",
        None,
        lambda hall: hall.resume_window(window, server.now()),
        window=window,
        scope=Scope(),
    )


# --- the snapshot ------------------------------------------------------------------------


def _window_out(config: HallConfig, status: WindowStatus, number: str | None) -> WindowOut:
    return WindowOut(
        number=status.number,
        name_zh=config.window(status.number).name_zh,
        state=status.state,
        state_zh=status.state.label_zh,
        reason=status.reason,
        ticket_number=number if number is not None else _number_of(status.ticket_id),
        since=status.since,
    )


def _number_of(ticket_id: str | None) -> str | None:
    return ticket_id.rsplit("-", 1)[-1] if ticket_id else None


@router.get("/snapshot", response_model=SnapshotOut)
def snapshot(principal: Viewer, server: Server) -> SnapshotOut:
    """The hall now, consistent with the event feed up to `seq` (resync after a gap)."""
    config = hall_of(server, principal.hall_id)
    day = config.business_date(server.now())
    with server.db.read() as session:
        if not server.db.is_sqlite:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        seq = ev.last_seq(session, principal.hall_id)
        rows = {
            r.number: r
            for r in session.scalars(
                select(WindowRow).where(
                    WindowRow.hall_id == principal.hall_id, WindowRow.business_date == day
                )
            )
        }
        tickets = session.scalars(
            select(TicketRow)
            .where(
                TicketRow.hall_id == principal.hall_id,
                TicketRow.business_date == day,
                TicketRow.state.in_(
                    [
                        TicketState.WAITING.value,
                        TicketState.CALLING.value,
                        TicketState.SERVING.value,
                        TicketState.PARKED.value,
                    ]
                ),
            )
            .order_by(TicketRow.order_at, TicketRow.seq)
        ).all()
    windows = []
    for w in config.windows:
        row = rows.get(w.number)
        status = (
            WindowStatus(w.number, WindowState(row.state), row.reason, row.ticket_id, row.since)
            if row is not None
            else WindowStatus(w.number, WindowState.IDLE)
        )
        windows.append(_window_out(config, status, None))
    ahead: dict[str, int] = {}
    public = []
    for t in tickets:
        state = TicketState(t.state)
        waiting = ahead.get(t.queue, 0)
        public.append(
            PublicTicketOut(
                ticket_id=t.ticket_id,
                number=t.number,
                queue=t.queue,
                state=state,
                state_zh=state.label_zh,
                window=t.window,
                waiting_ahead=waiting if state is TicketState.WAITING else 0,
            )
        )
        if state is TicketState.WAITING:
            ahead[t.queue] = waiting + 1
    return SnapshotOut(
        hall_id=config.hall_id, business_date=day, seq=seq, windows=windows, tickets=public
    )
