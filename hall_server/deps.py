"""Dependency aliases that keep the routes short (the FastAPI template's `deps.py`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from hall_server.auth import ALL_ROLES, ANY_STAFF, WINDOW_STAFF, Allow, Principal, Role
from hall_server.state import ServerState


async def get_server(request: Request) -> ServerState:
    """Async on purpose: a sync dependency costs a hop through the thread pool."""
    server: ServerState = request.app.state.server
    return server


Server = Annotated[ServerState, Depends(get_server)]
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200)]

AnyRole = Annotated[Principal, Depends(Allow(*ALL_ROLES))]
Staff = Annotated[Principal, Depends(Allow(*ANY_STAFF))]
WindowClerk = Annotated[Principal, Depends(Allow(*WINDOW_STAFF))]
Issuer = Annotated[Principal, Depends(Allow(Role.KIOSK, *WINDOW_STAFF))]
#: Who records a 好差评: the window's rating pad (the clerk's session) or the kiosk.
Rater = Annotated[Principal, Depends(Allow(Role.KIOSK, *WINDOW_STAFF))]
Viewer = Annotated[Principal, Depends(Allow(Role.BOARD, *ANY_STAFF))]
#: Who records a department's decision: its own staff, or a manager on its behalf.
DeptStaff = Annotated[Principal, Depends(Allow(Role.DEPT, Role.MANAGER, Role.ADMIN))]
Admin = Annotated[Principal, Depends(Allow(Role.ADMIN))]
Managers = Annotated[Principal, Depends(Allow(Role.MANAGER, Role.ADMIN))]
