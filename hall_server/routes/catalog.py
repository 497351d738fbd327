"""`GET /catalog`: the published catalog with its ETag (`If-None-Match` → 304)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from hall_server.deps import AnyRole, Server

router = APIRouter(tags=["catalog"])


@router.get(
    "/catalog",
    responses={
        200: {
            "description": "目录 / the catalog: {version, files: {name: YAML text}}",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        304: {"description": "未变化 / not modified"},
    },
)
def catalog(
    principal: AnyRole,
    server: Server,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match", max_length=200)] = None,
) -> Response:
    published = server.catalog
    headers = {"ETag": published.etag, "X-Catalog-Version": published.version}
    if if_none_match is not None and published.etag in {
        t.strip() for t in if_none_match.split(",")
    }:
        return Response(status_code=304, headers=headers)
    return Response(published.body, media_type="application/json", headers=headers)
