"""好差评: the applicant rates a finished service (on the window's rating pad or the kiosk), a
差评 needs its reason, and managers record the follow-up (回访、整改).

Every 差评 opens a follow-up loop (`RatingLoop`) due the configured number of working days
(5 or 15, `HallConfigDoc.follow_up_working_days`) after the rating's business date, on the
hall's working calendar. Its steps go in order — assign (again, to re-assign), call back,
verify, then rectify and close, or close at once when verification finds nothing to rectify;
each step's note is a follow-up record. An open loop past its due date is an alert on the live
figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server import idempotency, integrations
from hall_server.deps import IdempotencyKey, Managers, Rater, Server
from hall_server.errors import ApiError
from hall_server.models import Rating, RatingFollowUp, RatingLoop, TicketRow
from hall_server.rating_loops import (
    STATE_LABELS,
    STEP_LABELS,
    STEPS,
    LoopStepIn,
    RatingWithLoopOut,
    loop_out,
    open_loop,
)
from hall_server.schemas import RATING_LABELS, FollowUpIn, FollowUpOut, RatingIn
from hall_server.state import ServerState
from hallcore.queue import TicketState

router = APIRouter(tags=["ratings"])
RatingId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _today(server: ServerState, hall_id: str) -> date:
    return server.halls[hall_id].business_date(server.now())


def _out(
    rating: Rating,
    follow_ups: list[RatingFollowUp],
    loop: RatingLoop | None = None,
    today: date | None = None,
) -> RatingWithLoopOut:
    return RatingWithLoopOut(
        loop=loop_out(loop, today) if loop is not None and today is not None else None,
        id=rating.id,
        ticket_id=rating.ticket_id,
        number=rating.number,
        window=rating.window,
        level=rating.level,
        label_zh=RATING_LABELS[rating.level],
        bad=rating.level <= 2,
        reason=rating.reason,
        created_at=rating.created_at,
        follow_ups=[
            FollowUpOut(
                id=f.id, note=f.note, resolved=f.resolved, actor=f.actor, created_at=f.created_at
            )
            for f in follow_ups
        ],
    )


@router.post("/ratings", response_model=RatingWithLoopOut, status_code=201)
def rate(body: RatingIn, principal: Rater, server: Server, key: IdempotencyKey) -> JSONResponse:
    """评价一次办理: one rating per finished ticket; 差评 (1–2) needs a reason."""
    reason = (body.reason or "").strip() or None
    if body.level <= 2 and reason is None:
        raise ApiError(
            422, "reason_required", "差评须填写原因", "a bad rating (1 or 2) needs a reason"
        )

    def operation(session: Session) -> tuple[int, BaseModel]:
        ticket = session.scalar(
            select(TicketRow).where(
                TicketRow.hall_id == principal.hall_id, TicketRow.ticket_id == body.ticket_id
            )
        )
        if ticket is None:
            raise ApiError(404, "unknown_ticket", "没有这个号", "no such ticket")
        if ticket.state != TicketState.DONE.value:
            raise ApiError(
                409, "not_finished", "办结后才能评价", "only a finished service can be rated"
            )
        taken = session.scalar(
            select(Rating.id).where(
                Rating.hall_id == principal.hall_id, Rating.ticket_id == body.ticket_id
            )
        )
        if taken is not None:
            raise ApiError(409, "already_rated", "该号已评价", "this service is already rated")
        rating = Rating(
            hall_id=principal.hall_id,
            ticket_id=ticket.ticket_id,
            number=ticket.number,
            window=ticket.window,
            level=body.level,
            reason=reason,
            actor=principal.actor_id,
            created_at=server.now(),
        )
        session.add(rating)
        session.flush()
        data = {
            "rating_id": rating.id,
            "number": rating.number,
            "window": rating.window,
            "level": rating.level,
        }
        ev.append(session, principal.hall_id, [ev.NewEvent("rating", server.now(), data)])
        integrations.report_rating(
            rating,
            integrations.RatingOutboxWriter(session, principal.hall_id, server.now()),
            integrations.SmsOutboxWriter(session, principal.hall_id, server.now()),
        )
        loop = open_loop(session, server, rating) if rating.level <= 2 else None
        return 201, _out(rating, [], loop, _today(server, principal.hall_id))

    request_hash = idempotency.fingerprint("POST", "/ratings", principal, body.model_dump())
    return idempotency.run(server, principal, key, request_hash, operation)


@router.get("/ratings", response_model=list[RatingWithLoopOut])
def ratings(
    principal: Managers,
    server: Server,
    bad_only: Annotated[bool, Query()] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[RatingWithLoopOut]:
    """The latest ratings (差评 only with `bad_only`), each with its follow-ups and loop."""
    query = select(Rating).where(Rating.hall_id == principal.hall_id)
    if bad_only:
        query = query.where(Rating.level <= 2)
    with server.db.read() as session:
        rows = session.scalars(query.order_by(Rating.id.desc()).limit(limit)).all()
        follow_ups: dict[int, list[RatingFollowUp]] = {r.id: [] for r in rows}
        if rows:
            for f in session.scalars(
                select(RatingFollowUp)
                .where(RatingFollowUp.rating_id.in_(list(follow_ups)))
                .order_by(RatingFollowUp.id)
            ):
                follow_ups[f.rating_id].append(f)
            loops = {
                loop.rating_id: loop
                for loop in session.scalars(
                    select(RatingLoop).where(RatingLoop.rating_id.in_(list(follow_ups)))
                )
            }
        else:
            loops = {}
        today = _today(server, principal.hall_id)
        return [_out(r, follow_ups[r.id], loops.get(r.id), today) for r in rows]


@router.post("/ratings/{rating_id}/follow-ups", response_model=RatingWithLoopOut, status_code=201)
def follow_up(
    rating_id: RatingId,
    body: FollowUpIn,
    principal: Managers,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """记录回访或整改."""

    def operation(session: Session) -> tuple[int, BaseModel]:
        rating = session.get(Rating, rating_id)
        if rating is None or rating.hall_id != principal.hall_id:
            raise ApiError(404, "unknown_rating", "没有这条评价", "no such rating")
        session.add(
            RatingFollowUp(
                hall_id=principal.hall_id,
                rating_id=rating.id,
                note=body.note.strip(),
                resolved=body.resolved,
                actor=principal.actor_id,
                created_at=server.now(),
            )
        )
        session.flush()
        data = {"rating_id": rating.id, "resolved": body.resolved}
        ev.append(session, principal.hall_id, [ev.NewEvent("rating_follow_up", server.now(), data)])
        follow_ups = list(
            session.scalars(
                select(RatingFollowUp)
                .where(RatingFollowUp.rating_id == rating.id)
                .order_by(RatingFollowUp.id)
            )
        )
        loop = session.get(RatingLoop, rating.id)
        return 201, _out(rating, follow_ups, loop, _today(server, principal.hall_id))

    path = f"/ratings/{rating_id}/follow-ups"
    request_hash = idempotency.fingerprint("POST", path, principal, body.model_dump())
    return idempotency.run(server, principal, key, request_hash, operation)


@router.post("/ratings/{rating_id}/loop", response_model=RatingWithLoopOut)
def loop_step(
    rating_id: RatingId,
    body: LoopStepIn,
    principal: Managers,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """差评处理闭环: one step — assign, call back, verify, rectify, close — with its note."""

    def operation(session: Session) -> tuple[int, BaseModel]:
        rating = session.get(Rating, rating_id)
        if rating is None or rating.hall_id != principal.hall_id:
            raise ApiError(404, "unknown_rating", "没有这条评价", "no such rating")
        loop = session.get(RatingLoop, rating.id)
        if loop is None:
            raise ApiError(
                409,
                "no_follow_up",
                "只有差评需要处理闭环",
                "only a bad rating has a follow-up loop",
            )
        allowed_from, after = STEPS[body.step]
        if loop.step not in allowed_from:
            raise ApiError(
                409,
                "loop_step",
                f"当前为「{STATE_LABELS[loop.step]}」，不能「{STEP_LABELS[body.step]}」",
                f"the follow-up is {loop.step.replace('_', ' ')}; "
                f"cannot {body.step.replace('_', ' ')}",
            )
        if body.step == "assign" and body.assignee is None:
            raise ApiError(422, "assignee_required", "指派须填写承办人", "assign needs an assignee")
        now = server.now()
        loop.step = after
        if body.assignee is not None:
            loop.assignee = body.assignee.strip() or loop.assignee
        if after == "closed":
            loop.closed_at = now
        session.add(
            RatingFollowUp(
                hall_id=principal.hall_id,
                rating_id=rating.id,
                note=f"[{STEP_LABELS[body.step]}] {body.note.strip()}",
                resolved=after == "closed",
                actor=principal.actor_id,
                created_at=now,
            )
        )
        session.flush()
        data = {"rating_id": rating.id, "step": body.step, "state": after}
        ev.append(session, principal.hall_id, [ev.NewEvent("rating_follow_up", now, data)])
        follow_ups = list(
            session.scalars(
                select(RatingFollowUp)
                .where(RatingFollowUp.rating_id == rating.id)
                .order_by(RatingFollowUp.id)
            )
        )
        return 200, _out(rating, follow_ups, loop, _today(server, principal.hall_id))

    path = f"/ratings/{rating_id}/loop"
    request_hash = idempotency.fingerprint("POST", path, principal, body.model_dump())
    return idempotency.run(server, principal, key, request_hash, operation)
