"""`GET /events`: the hall's events as server-sent events, with catch-up and heartbeats."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse

from hall_server.deps import Server, Viewer

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def events(
    principal: Viewer,
    server: Server,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    last_event_id: Annotated[int | None, Header(alias="Last-Event-ID", ge=0, le=2**62)] = None,
) -> StreamingResponse:
    """Events with `seq` > `after` (or `Last-Event-ID`), then live. Without either, only new
    ones. Each: `id: <seq>`, `event: <kind>`, `data: <json>`; `: ping` lines keep it alive.
    A client that sees a gap in `seq` fetches `/snapshot` and follows on from its `seq`."""
    start = after if after is not None else last_event_id
    hub = server.hub
    heartbeat = server.settings.heartbeat_seconds

    async def stream() -> AsyncIterator[str]:
        from_seq = start
        if from_seq is None:
            from_seq = await hub.current(principal.hall_id)
        yield ": connected\n\n"
        async for event in hub.follow(principal.hall_id, from_seq, heartbeat=heartbeat):
            yield ": ping\n\n" if event is None else event.sse()

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
