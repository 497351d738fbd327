"""呼叫帮办 over HTTP: the kiosk calls, a clerk or manager answers, staff list the open calls."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from hall_server import help_calls, idempotency
from hall_server.auth import Allow, Principal, Role
from hall_server.deps import IdempotencyKey, Server
from hall_server.help_calls import HelpCallIn, HelpCallOut

router = APIRouter(tags=["help calls"])

Kiosk = Annotated[Principal, Depends(Allow(Role.KIOSK))]
Answerer = Annotated[Principal, Depends(Allow(Role.CLERK, Role.MANAGER, Role.ADMIN))]
CallId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/help-calls", response_model=HelpCallOut, status_code=201)
def call_for_help(
    body: HelpCallIn, principal: Kiosk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """呼叫帮办: the kiosk asks for a hall assistant."""

    def operation(session: Session) -> tuple[int, BaseModel]:
        call = help_calls.create(session, principal.hall_id, body, principal.actor_id, server.now())
        return 201, help_calls.out(call)

    request_hash = idempotency.fingerprint("POST", "/help-calls", principal, body.model_dump())
    return idempotency.run(server, principal, key, request_hash, operation)


@router.post("/help-calls/{call_id}/answer", response_model=HelpCallOut)
def answer_help_call(
    call_id: CallId, principal: Answerer, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """响应帮办呼叫: someone is on the way."""

    def operation(session: Session) -> tuple[int, BaseModel]:
        call = help_calls.answer(
            session, principal.hall_id, call_id, principal.actor_id, server.now()
        )
        return 200, help_calls.out(call)

    path = f"/help-calls/{call_id}/answer"
    request_hash = idempotency.fingerprint("POST", path, principal, None)
    return idempotency.run(server, principal, key, request_hash, operation)


@router.get("/help-calls", response_model=list[HelpCallOut])
def list_help_calls(
    principal: Answerer,
    server: Server,
    open: Annotated[bool, Query()] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[HelpCallOut]:
    """The latest help calls (only the unanswered ones with `open=true`)."""
    with server.db.read() as session:
        calls = help_calls.listing(session, principal.hall_id, only_open=open, limit=limit)
        return [help_calls.out(c) for c in calls]
