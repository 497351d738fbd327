"""`Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): a mutation's first result is
stored with the key in the mutation's own transaction; a replay with the same request returns it
(`Idempotent-Replayed: true`), the same key with a different request is a 409.

Refusals are results too: a 4xx rolls back the operation's transaction and the refusal is
stored in a second one, so a retried request gets the same answer rather than a second attempt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, cast

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from hall_server.auth import Principal
from hall_server.errors import ApiError, problem_response, queue_error
from hall_server.models import IdempotencyRecord
from hall_server.state import ServerState
from hallcore.queue import QueueError

Operation = Callable[[Session], tuple[int, BaseModel]]


def fingerprint(method: str, path: str, principal: Principal, body: Any) -> str:
    canonical = json.dumps(
        [method, path, principal.actor_id, body], sort_keys=True, default=str, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def run(
    server: ServerState,
    principal: Principal,
    key: str,
    request_hash: str,
    operation: Operation,
) -> JSONResponse:
    try:
        with server.db.write(principal.hall_id) as session:
            stored = _stored(session, principal, key, request_hash)
            if stored is not None:
                return stored
            try:
                status, payload = operation(session)
            except QueueError as error:
                raise _Refused(queue_error(error)) from None
            except ApiError as error:
                raise _Refused(error) from None
            body = payload.model_dump(mode="json")
            _store(session, server, principal, key, request_hash, status, body)
    except _Refused as refused:
        # The operation's changes are rolled back with its transaction; the refusal is stored
        # in a transaction of its own (unless a concurrent retry stored a result meanwhile).
        status, body = refused.error.status, refused.error.problem.model_dump(mode="json")
        with server.db.write(principal.hall_id) as session:
            stored = _stored(session, principal, key, request_hash)
            if stored is not None:
                return stored
            _store(session, server, principal, key, request_hash, status, body)
        return JSONResponse(body, status_code=status)
    server.hub.notify()
    return JSONResponse(body, status_code=status)


class _Refused(Exception):
    def __init__(self, error: ApiError) -> None:
        super().__init__(error.problem.code)
        self.error = error


_RECORDS = cast(Table, IdempotencyRecord.__table__)
# Built once, run on the session's connection (every mutation reads and writes one record).
_READ = select(_RECORDS.c.request_hash, _RECORDS.c.status_code, _RECORDS.c.body).where(
    _RECORDS.c.hall_id == bindparam("hall"), _RECORDS.c.key == bindparam("key")
)
_INSERT = insert(_RECORDS)


def _stored(
    session: Session, principal: Principal, key: str, request_hash: str
) -> JSONResponse | None:
    record = session.connection().execute(_READ, {"hall": principal.hall_id, "key": key}).first()
    if record is None:
        return None
    if record.request_hash != request_hash:
        return problem_response(
            ApiError(
                409,
                "idempotency_key_reused",
                "该幂等键已用于另一请求",
                "this Idempotency-Key was used for a different request",
            )
        )
    return JSONResponse(
        json.loads(record.body),
        status_code=record.status_code,
        headers={"Idempotent-Replayed": "true"},
    )


def _store(
    session: Session,
    server: ServerState,
    principal: Principal,
    key: str,
    request_hash: str,
    status: int,
    body: Any,
) -> None:
    session.connection().execute(
        _INSERT,
        {
            "hall_id": principal.hall_id,
            "key": key,
            "request_hash": request_hash,
            "status_code": status,
            "body": json.dumps(body, ensure_ascii=False),
            "created_at": server.now(),
        },
    )
