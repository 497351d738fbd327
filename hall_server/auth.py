"""Staff users, enrolled devices, bearer tokens and roles.

Passwords are argon2id hashes (argon2-cffi). A login or an enrolment returns a random bearer
token once; the server keeps only its SHA-256, so a token is revoked by setting `revoked_at`
(logout, or an admin revoking a device). Every endpoint declares the roles it admits with
`Allow(...)`; the declaration is also what the role-matrix test reads.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.db import Database
from hall_server.errors import ApiError
from hall_server.models import ApiToken, Device, User
from hallcore.queue import Actor, Permission


class Role(StrEnum):
    KIOSK = "kiosk"
    BOARD = "board"
    CLERK = "clerk"
    DEPT = "dept"
    MANAGER = "manager"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.CLERK, Role.DEPT, Role.MANAGER, Role.ADMIN})
DEVICE_ROLES = frozenset({Role.KIOSK, Role.BOARD})
#: Roles that hold every queue permission by their office.
_ALL_PERMISSIONS = frozenset({Role.MANAGER, Role.ADMIN})


class Passwords:
    """argon2id with the configured memory cost (the parameters travel inside each hash, so a
    cost change applies to new hashes and old ones still verify)."""

    def __init__(self, memory_kib: int = 65536) -> None:
        self._hasher = PasswordHasher(memory_cost=memory_kib)
        self._dummy = self._hasher.hash("onewindow-timing-equaliser")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def waste(self, password: str) -> None:
        """As long as a real verification: a wrong user name takes the time a wrong password
        takes."""
        self.verify(self._dummy, password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "ow_" + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Principal:
    """Who is asking: hall, role, the user or device, the token, and queue permissions."""

    hall_id: str
    role: Role
    token_id: int
    user_id: int | None = None
    device_id: int | None = None
    permissions: frozenset[Permission] = frozenset()

    @property
    def actor_id(self) -> str:
        """Opaque, for the event log and the audit trail (never a name)."""
        return f"user:{self.user_id}" if self.user_id is not None else f"device:{self.device_id}"

    def actor(self) -> Actor:
        return Actor(self.actor_id, self.permissions)


def issue_token(
    session: Session,
    *,
    hall_id: str,
    role: Role,
    now: datetime,
    user_id: int | None = None,
    device_id: int | None = None,
) -> str:
    token = new_token()
    session.add(
        ApiToken(
            hall_id=hall_id,
            token_hash=token_hash(token),
            role=role.value,
            user_id=user_id,
            device_id=device_id,
            created_at=now,
        )
    )
    return token


def login(
    session: Session, passwords: Passwords, hall_id: str, username: str, password: str
) -> User:
    user = session.scalar(
        select(User).where(User.hall_id == hall_id, User.username == username, User.active)
    )
    if user is None:
        passwords.waste(password)
        raise _bad_credentials()
    if not passwords.verify(user.password_hash, password):
        raise _bad_credentials()
    return user


def _bad_credentials() -> ApiError:
    return ApiError(401, "bad_credentials", "用户名或密码错误", "wrong user name or password")


def authenticate(session: Session, token: str) -> Principal | None:
    return authenticate_digest(session, token_hash(token))


def authenticate_digest(session: Session, digest: str) -> Principal | None:
    row = session.execute(
        select(ApiToken, User.permissions, User.active, Device.revoked_at)
        .outerjoin(User, User.id == ApiToken.user_id)
        .outerjoin(Device, Device.id == ApiToken.device_id)
        .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    api_token, permissions, active, device_revoked = row
    if api_token.user_id is not None and not active:
        return None
    if device_revoked is not None:
        return None
    role = Role(api_token.role)
    granted = frozenset(Permission) if role in _ALL_PERMISSIONS else _parse(permissions or "")
    return Principal(
        api_token.hall_id, role, api_token.id, api_token.user_id, api_token.device_id, granted
    )


def _parse(permissions: str) -> frozenset[Permission]:
    known = {p.value for p in Permission}
    return frozenset(Permission(p) for p in permissions.split() if p in known)


class TokenCache:
    """Valid tokens this process has looked up recently, by digest, for `seconds`.

    Every request carries its token, and the look-up was a third of a simple request's cost.
    Revocations made through this process clear the cache at once; one made through another
    server process takes effect here within `seconds` (0 turns the cache off). Refusals are
    never cached."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Principal | None:
        entry = self._entries.get(digest)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, digest: str, principal: Principal) -> None:
        if self._seconds <= 0:
            return
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[digest] = (principal, time.monotonic() + self._seconds)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class Allow:
    """A dependency admitting `roles` only: no or a bad token is a 401, another role a 403."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401, "unauthenticated", "请先登录或提供有效令牌", "a bearer token is required"
            )
        server = request.app.state.server
        digest = token_hash(token.strip())
        principal: Principal | None = server.tokens.get(digest)
        if principal is None:
            principal = await run_in_threadpool(_look_up, server.db, digest)
            if principal is not None:
                server.tokens.put(digest, principal)
        if principal is None:
            raise ApiError(
                401, "invalid_token", "令牌无效或已吊销", "the token is invalid or revoked"
            )
        if principal.role not in self.roles:
            raise ApiError(
                403,
                "forbidden_role",
                f"当前角色（{principal.role.value}）无权执行此操作",
                f"the role {principal.role.value} may not do this",
            )
        return principal


def _look_up(db: Database, digest: str) -> Principal | None:
    with db.read() as session:
        return authenticate_digest(session, digest)


ALL_ROLES = tuple(Role)
ANY_STAFF = (Role.CLERK, Role.DEPT, Role.MANAGER, Role.ADMIN)
WINDOW_STAFF = (Role.CLERK, Role.MANAGER, Role.ADMIN)


def require_own_department(session: Session, principal: Principal, department: str) -> None:
    """A department user acts for their own department only (manager and admin for any).

    Users created before departments were recorded (no `department`) keep acting for any, as
    before; `POST /users` records one for every new department user."""
    if principal.role is not Role.DEPT or principal.user_id is None:
        return
    own = session.scalar(select(User.department).where(User.id == principal.user_id))
    if own is not None and own != department:
        raise ApiError(
            403,
            "other_department",
            "只能查看和处理本部门的分办事项",
            "a department user sees and decides only their own department's items",
        )
