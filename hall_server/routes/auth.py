"""Log in and out, who am I, staff users and enrolled devices.

Login and device enrolment answer with a new secret token, so they take no `Idempotency-Key`
(a stored replay would keep the token in the database): a retry makes another token, and the
one that was never received is revoked with the device or expires with the user's logout.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hall_server import auth, idempotency
from hall_server.auth import Role
from hall_server.deps import Admin, AnyRole, IdempotencyKey, Managers, Server
from hall_server.errors import ApiError
from hall_server.models import ApiToken, Device, Hall, User
from hall_server.schemas import DeviceIn, DeviceOut, Done, LoginIn, MeOut, TokenOut, UserIn, UserOut
from hall_server.state import ServerState

router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=TokenOut)
def login(body: LoginIn, server: Server) -> TokenOut:
    with server.db.write() as session:
        if session.get(Hall, body.hall_id) is None:
            raise ApiError(
                401, "bad_credentials", "用户名或密码错误", "wrong user name or password"
            )
        user = auth.login(session, server.passwords, body.hall_id, body.username, body.password)
        token = auth.issue_token(
            session, hall_id=body.hall_id, role=Role(user.role), now=server.now(), user_id=user.id
        )
        return TokenOut(token=token, role=user.role, hall_id=body.hall_id)


@router.post("/auth/logout", response_model=Done)
def logout(principal: AnyRole, server: Server) -> Done:
    """Revoke the token this request carries."""
    with server.db.write() as session:
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == principal.token_id)
            .values(revoked_at=server.now())
        )
    server.tokens.clear()
    return Done()


@router.get("/me", response_model=MeOut)
def me(principal: AnyRole, server: Server) -> MeOut:
    """Who I am; a user also gets their display name and (a department user) department."""
    user = None
    if principal.user_id is not None:
        with server.db.read() as session:
            user = session.get(User, principal.user_id)
    return MeOut(
        hall_id=principal.hall_id,
        role=principal.role.value,
        actor=principal.actor_id,
        permissions=sorted(p.value for p in principal.permissions),
        display_name=user.display_name if user is not None else None,
        department=user.department if user is not None else None,
    )


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(
    body: UserIn, principal: Admin, server: Server, key: IdempotencyKey
) -> JSONResponse:
    def operation(session: Session) -> tuple[int, BaseModel]:
        taken = session.scalar(
            select(User.id).where(User.hall_id == principal.hall_id, User.username == body.username)
        )
        if taken is not None:
            raise ApiError(409, "username_taken", "用户名已存在", "the user name is taken")
        _check_department(server, body)
        user = User(
            hall_id=principal.hall_id,
            username=body.username,
            display_name=body.display_name,
            password_hash=server.passwords.hash(body.password),
            role=body.role,
            permissions=" ".join(body.permissions),
            active=True,
            created_at=server.now(),
            department=body.department,
        )
        session.add(user)
        session.flush()
        return 201, UserOut(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            department=user.department,
        )

    public = body.model_dump(exclude={"password"})
    public["password_hash"] = auth.token_hash(body.password)
    request_hash = idempotency.fingerprint("POST", "/users", principal, public)
    return idempotency.run(server, principal, key, request_hash, operation)


def _check_department(server: ServerState, body: UserIn) -> None:
    """A department belongs to a department user only, and must be one the catalog knows."""
    if body.department is None:
        return
    if body.role != "dept":
        raise ApiError(
            422,
            "department_not_allowed",
            "只有部门用户可以指定所属部门",
            "only a department user (role dept) has a department",
        )
    if body.department not in server.catalog.catalog.departments:
        raise ApiError(
            422,
            "unknown_department",
            f"没有这个部门：{body.department}",
            f"no such department: {body.department}",
        )


@router.post("/devices", response_model=DeviceOut, status_code=201)
def enrol_device(body: DeviceIn, principal: Managers, server: Server) -> DeviceOut:
    with server.db.write() as session:
        device = Device(
            hall_id=principal.hall_id, name=body.name, role=body.role, created_at=server.now()
        )
        session.add(device)
        session.flush()
        token = auth.issue_token(
            session,
            hall_id=principal.hall_id,
            role=Role(body.role),
            now=server.now(),
            device_id=device.id,
        )
        return DeviceOut(id=device.id, name=device.name, role=device.role, token=token)


@router.post("/devices/{device_id}/revoke", response_model=Done)
def revoke_device(
    device_id: Annotated[int, Path(ge=1, le=2**31 - 1)], principal: Admin, server: Server
) -> Done:
    """Revoke a device and every token it holds (idempotent by nature)."""
    with server.db.write() as session:
        device = session.get(Device, device_id)
        if device is None or device.hall_id != principal.hall_id:
            raise ApiError(404, "unknown_device", "没有这个设备", "no such device")
        if device.revoked_at is None:
            device.revoked_at = server.now()
        session.execute(
            update(ApiToken)
            .where(ApiToken.device_id == device_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=server.now())
        )
    server.tokens.clear()
    return Done()
