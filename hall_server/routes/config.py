"""The hall's configuration: read it (with its version as the ETag), replace it (If-Match on
the version, validated by hallcore, audited, live on the next operation), read the audit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server import hall_config, idempotency
from hall_server.deps import IdempotencyKey, Managers, Server
from hall_server.errors import ApiError, Problem
from hall_server.hall_config import HallConfigDoc, InvalidConfig
from hall_server.models import ConfigAudit
from hall_server.state import ServerState, apply_config

router = APIRouter(tags=["hall configuration"])

IfMatch = Annotated[str, Header(alias="If-Match", min_length=1, max_length=40)]
_PRECONDITION: dict[int | str, dict[str, Any]] = {
    412: {"model": Problem, "description": "版本已过期 / stale version"}
}


class ConfigAuditOut(BaseModel):
    version: int
    actor: str
    at: datetime
    changed: list[str]


def _etag(version: int) -> str:
    return f'"{version}"'


def refresh(server: ServerState, hall_id: str) -> None:
    """Apply the stored version when it is newer than the one this process runs."""
    with server.db.read() as session:
        doc = hall_config.current(session, hall_id)
    running = server.hall_settings.get(hall_id)
    if doc is not None and (running is None or doc.version > running.version):
        config, settings = hall_config.build(doc)
        apply_config(server, config, settings)


@router.get("/hall/config", response_model=HallConfigDoc)
def get_config(principal: Managers, server: Server) -> JSONResponse:
    """大厅配置: the version in force (its number is the ETag)."""
    refresh(server, principal.hall_id)
    settings = server.hall_settings[principal.hall_id]
    return JSONResponse(
        settings.doc.model_dump(mode="json"), headers={"ETag": _etag(settings.version)}
    )


@router.put("/hall/config", response_model=HallConfigDoc, responses=_PRECONDITION)
def put_config(
    body: HallConfigDoc,
    principal: Managers,
    server: Server,
    key: IdempotencyKey,
    if_match: IfMatch,
) -> JSONResponse:
    """修改大厅配置: the whole document; `If-Match` names the version it replaces."""
    if body.hall_id != principal.hall_id:
        raise ApiError(
            422, "wrong_hall", "配置中的大厅编号与本大厅不符", "the document is for another hall"
        )
    expected = if_match.strip().removeprefix("W/").strip('"')
    try:
        hall_config.build(body)  # every problem at once, before taking the lock
    except InvalidConfig as error:
        raise ApiError(
            422,
            "invalid_config",
            f"配置有 {len(error.problems)} 处问题："
            + "；".join(p.message_zh for p in error.problems),
            f"the configuration has {len(error.problems)} problem(s): "
            + "; ".join(p.message_en for p in error.problems),
            {"problems": [p.__dict__ for p in error.problems]},
        ) from None

    def operation(session: Session) -> tuple[int, BaseModel]:
        version = hall_config.latest_version(session, principal.hall_id)
        if expected != str(version):
            raise ApiError(
                412,
                "stale_version",
                f"配置已被他人修改（当前第 {version} 版），请刷新后重试",
                f"the configuration changed meanwhile (now version {version}); reload and retry",
                {"version": version},
            )
        in_use = hall_config.queues_in_use(session, server.halls[principal.hall_id], server.now())
        removed = sorted(in_use - {q.code for q in body.queues})
        if removed:
            names = "、".join(removed)
            raise ApiError(
                409,
                "queue_in_use",
                f"队列 {names} 今天还有未办结的号，不能删除",
                f"queue(s) {', '.join(removed)} still hold today's open tickets",
                {"queues": removed},
            )
        stored, _ = hall_config.save(session, body, actor=principal.actor_id, now=server.now())
        return 200, stored

    request_hash = idempotency.fingerprint(
        "PUT", "/hall/config", principal, [expected, body.model_dump(mode="json")]
    )
    response = idempotency.run(server, principal, key, request_hash, operation)
    if response.status_code == 200:
        refresh(server, principal.hall_id)
        response.headers["ETag"] = _etag(server.hall_settings[principal.hall_id].version)
    return response


@router.get("/hall/config/audit", response_model=list[ConfigAuditOut])
def config_audit(
    principal: Managers,
    server: Server,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[ConfigAuditOut]:
    """配置修改记录: who changed what, when (newest first)."""
    with server.db.read() as session:
        rows = session.scalars(
            select(ConfigAudit)
            .where(ConfigAudit.hall_id == principal.hall_id)
            .order_by(ConfigAudit.id.desc())
            .limit(limit)
        ).all()
        return [
            ConfigAuditOut(version=r.version, actor=r.actor, at=r.at, changed=list(r.changed))
            for r in rows
        ]
