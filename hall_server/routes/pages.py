"""Page uploads (content-addressed, resumable): `HEAD` says how far an upload got, `PUT` sends a
range (or the whole page), `GET` serves a complete page to staff.

No `Idempotency-Key` is needed here (one is accepted and ignored): the page's name is the hash
of its bytes, so a replayed range either finds the page complete (200, the same body) or meets
the offset it already moved (409 with `Upload-Offset`, after which the client resumes from
there) — a replay can never store anything twice or anything else.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from hall_server import events as ev
from hall_server.auth import ANY_STAFF, Allow, Principal, Role
from hall_server.deps import Server
from hall_server.errors import ApiError, Problem, problem_response
from hall_server.pages import (
    SHA256_PATTERN,
    ByteRange,
    OffsetMismatch,
    Outcome,
    PageStore,
    PutResult,
    assemble,
    chunk_context,
    parse_content_range,
    seal_bytes,
    too_large,
)
from hall_server.schemas import PageOut, PagePartOut
from hall_server.state import ServerState

router = APIRouter(tags=["pages"])

Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, description="小写十六进制 SHA-256")]
#: Who scans and sends pages: the kiosk (self-service scanning) and the window clerk.
PageSender = Annotated[Principal, Depends(Allow(Role.KIOSK, Role.CLERK))]
#: Who may ask how far an upload got: the senders, and staff who check on one.
PageProber = Annotated[Principal, Depends(Allow(Role.KIOSK, *ANY_STAFF))]
#: Who may see a page: staff only (a kiosk sends, it never reads back).
PageReader = Annotated[Principal, Depends(Allow(*ANY_STAFF))]

_PAGE_TYPES = ("image/jpeg", "image/png", "application/pdf", "image/tiff")


def page_limit(server: ServerState) -> int:
    limit = server.settings.page_max_bytes
    return limit


def _upload_headers(offset: int, size: int, complete: bool) -> dict[str, str]:
    return {
        "Upload-Offset": str(offset),
        "Upload-Length": str(size),
        "Upload-Complete": "?1" if complete else "?0",
    }


@router.head(
    "/pages/{sha256}",
    response_class=Response,
    responses={
        200: {"description": "已知：Upload-Offset、Upload-Length、Upload-Complete 头"},
        404: {"description": "未知页面 / unknown page (HEAD: no body)"},
    },
)
def page_status(sha256: Sha256, principal: PageProber, server: Server) -> Response:
    """断点续传: how many bytes of the page the server holds, of how many, and whether done."""
    with server.db.read() as session:
        status = PageStore(session, principal.hall_id, server.vault).status(sha256)
    if status is None:
        return Response(status_code=404)
    headers = _upload_headers(status.received, status.size, status.complete)
    return Response(status_code=200, headers=headers)


async def _read_body(request: Request, limit: int) -> bytes:
    """At most `limit` bytes of the body; more is a 413 (read no further)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


@router.put(
    "/pages/{sha256}",
    status_code=201,
    response_model=PageOut,
    responses={
        200: {"model": PageOut, "description": "页面此前已完整 / already complete"},
        202: {"model": PagePartOut, "description": "已收到部分 / partial"},
        413: {"model": Problem, "description": "页面过大 / page too large"},
        415: {"model": Problem, "description": "内容类型应为 application/octet-stream"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def put_page(
    sha256: Sha256,
    request: Request,
    principal: PageSender,
    server: Server,
    content_range: Annotated[
        str | None, Header(alias="Content-Range", max_length=60, description="bytes 起-止/总长")
    ] = None,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=200)
    ] = None,  # accepted, not needed: the hash is the page's idempotency
) -> Response:
    """上传页面 (a range, or the whole page without Content-Range); the last range completes
    it: the SHA-256 of the whole must be the page's name, and it must be JPEG/PNG/PDF/TIFF."""
    del idempotency_key
    media = request.headers.get("content-type", "application/octet-stream").split(";")[0]
    if media.strip().lower() not in ("application/octet-stream", ""):
        raise ApiError(
            415,
            "unsupported_media_type",
            "页面内容应以 application/octet-stream 发送",
            "send the page as application/octet-stream",
        )
    limit = page_limit(server)
    if content_range is not None:
        span = parse_content_range(content_range)
        if span.total > limit:
            raise too_large(limit)
        body = await _read_body(request, limit)  # a body longer than its range is refused
        if len(body) != span.length:
            raise ApiError(
                400,
                "content_range_invalid",
                "请求体长度与 Content-Range 不符",
                "the body's length does not match Content-Range",
                detail={"expected": span.length, "received": len(body)},
            )
    else:
        body = await _read_body(request, limit)
        if not body:
            raise ApiError(400, "page_empty", "页面内容为空", "the page is empty")
        span = ByteRange(0, len(body) - 1, len(body))
    return await run_in_threadpool(_store, server, principal, sha256, span, body)


def _store(
    server: ServerState, principal: Principal, sha256: str, span: ByteRange, body: bytes
) -> Response:
    """The phases of `PageStore`: the crypto and hashing run outside the write transaction."""
    hall_id = principal.hall_id
    now = server.now()
    try:
        with server.db.read() as session:
            store = PageStore(session, hall_id, server.vault)
            status = store.check(sha256, span)
            if status is not None and status.complete:
                return _answer(PutResult(Outcome.ALREADY, status))
            completes = span.end + 1 == span.total
            chunks = store.sealed_chunks(sha256) if completes and status is not None else []
        if completes:
            page = assemble(server.vault, sha256, chunks, body)
            with server.db.write(hall_id) as session:
                store = PageStore(session, hall_id, server.vault)
                result = store.finish(sha256, span, page, actor=principal.actor_id, now=now)
                if result.outcome is Outcome.COMPLETED:
                    data = {"sha256": sha256, "size": page.size, "actor": principal.actor_id}
                    ev.append(session, hall_id, [ev.NewEvent("page_stored", now, data)])
        else:
            sealed = seal_bytes(server.vault, body, chunk_context(sha256, span.start))
            with server.db.write(hall_id) as session:
                store = PageStore(session, hall_id, server.vault)
                result = store.append(sha256, span, sealed, actor=principal.actor_id, now=now)
    except OffsetMismatch as error:
        return problem_response(error, {"Upload-Offset": str(error.offset)})
    if result.outcome is Outcome.COMPLETED:
        server.hub.notify()
    return _answer(result)


def _answer(result: PutResult) -> Response:
    page = result.page
    if result.outcome is Outcome.HASH_MISMATCH:
        return problem_response(
            ApiError(
                422,
                "page_hash_mismatch",
                "页面内容与其 SHA-256 不符，已丢弃已收到的部分，请重新上传",
                "the bytes do not hash to the page's name; what was received is discarded",
            )
        )
    if result.outcome is Outcome.NOT_A_PAGE:
        return problem_response(
            ApiError(
                422,
                "page_type",
                "页面须为 JPEG、PNG、PDF 或 TIFF",
                "a page must be JPEG, PNG, PDF or TIFF",
                detail={"accepted": list(_PAGE_TYPES)},
            )
        )
    body: Any
    if result.outcome is Outcome.PARTIAL:
        body = PagePartOut(sha256=page.sha256, received=page.received, size=page.size)
        status = 202
    else:
        body = PageOut(sha256=page.sha256, size=page.size)
        status = 201 if result.outcome is Outcome.COMPLETED else 200
    headers = _upload_headers(page.received, page.size, page.complete)
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


@router.get(
    "/pages/{sha256}",
    response_class=Response,
    responses={
        200: {
            "description": "页面原始字节 / the page's bytes",
            "content": {t: {"schema": {"type": "string"}} for t in _PAGE_TYPES},
        }
    },
)
def get_page(sha256: Sha256, principal: PageReader, server: Server) -> Response:
    """查看页面: the complete page's bytes, with its type (never cached by a proxy)."""
    with server.db.read() as session:
        content, media_type = PageStore(session, principal.hall_id, server.vault).content(sha256)
    return Response(
        content,
        media_type=media_type,
        headers={"Cache-Control": "private, no-store", "ETag": f'"{sha256}"'},
    )
