"""The hall's event log and its fan-out.

`append(session, hall_id, events)` numbers events with the hall-wide sequence in the caller's
transaction (`UPDATE halls SET event_seq = event_seq + n … RETURNING`): under the hall's write
lock, so numbers are strictly increasing and commit in order, and a reader that sees event N
sees every event before it.

`EventHub` feeds the SSE streams of this process. After a commit the writer calls `notify()`
(from any thread); one pump task reads the new events once per wake-up and wakes every
subscriber, so a hundred boards cost one query, not a hundred. The pump also polls every second,
which picks up events written by another server process. Subscribers catch up from the
database (`?after=SEQ` or `Last-Event-ID`) before they follow the in-memory tail.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from hall_server.db import Database
from hall_server.models import EventRow, Hall

_TAIL = 5000
_BATCH = 500


@dataclass(frozen=True, slots=True)
class NewEvent:
    kind: str
    at: datetime
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredEvent:
    seq: int
    kind: str
    at: datetime
    data: dict[str, Any]

    def sse(self) -> str:
        payload = json.dumps(
            {"seq": self.seq, "kind": self.kind, "at": self.at.isoformat(), **self.data},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return f"id: {self.seq}\nevent: {self.kind}\ndata: {payload}\n\n"


# Built once and run on the session's connection: the append happens under the hall's write
# lock on every state change, where the ORM's unit of work costs more than the SQL.
_HALLS = cast(Table, Hall.__table__)
_EVENTS = cast(Table, EventRow.__table__)
_ALLOCATE = (
    update(_HALLS)
    .where(_HALLS.c.hall_id == bindparam("hall"))
    .values(event_seq=_HALLS.c.event_seq + bindparam("count"))
    .returning(_HALLS.c.event_seq)
)
_INSERT = insert(_EVENTS)


def append(session: Session, hall_id: str, events: Sequence[NewEvent]) -> list[int]:
    if not events:
        return []
    connection = session.connection()
    last = connection.execute(_ALLOCATE, {"hall": hall_id, "count": len(events)}).scalar_one()
    first = last - len(events) + 1
    connection.execute(
        _INSERT,
        [
            {"hall_id": hall_id, "seq": first + i, "kind": e.kind, "at": e.at, "data": e.data}
            for i, e in enumerate(events)
        ],
    )
    return list(range(first, last + 1))


def read_after(
    session: Session, hall_id: str, after: int, limit: int = _BATCH
) -> list[StoredEvent]:
    rows = session.scalars(
        select(EventRow)
        .where(EventRow.hall_id == hall_id, EventRow.seq > after)
        .order_by(EventRow.seq)
        .limit(limit)
    )
    return [StoredEvent(r.seq, r.kind, r.at, r.data) for r in rows]


def last_seq(session: Session, hall_id: str) -> int:
    return session.scalar(select(Hall.event_seq).where(Hall.hall_id == hall_id)) or 0


class _HallFeed:
    """The recent events of one hall: `tail[i].seq == first + i` (contiguous, in order)."""

    def __init__(self, last: int) -> None:
        self.tail: list[StoredEvent] = []
        self.first = last + 1
        self.last = last
        self.changed = asyncio.Event()

    def extend(self, events: list[StoredEvent]) -> None:
        self.tail.extend(events)
        self.last = events[-1].seq
        if len(self.tail) > 2 * _TAIL:
            drop = len(self.tail) - _TAIL
            del self.tail[:drop]
            self.first += drop

    def after(self, seq: int) -> list[StoredEvent]:
        return self.tail[max(0, seq + 1 - self.first) :]


class EventHub:
    def __init__(self, db: Database, *, poll_seconds: float = 1.0) -> None:
        self._db = db
        self._poll = poll_seconds
        self._feeds: dict[str, _HallFeed] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        # Set by `notify` when a wake-up is on its way to the loop, cleared by the pump before
        # it reads: a burst of commits costs one cross-thread wake-up, not one per commit.
        self._wake_pending = False

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._pump())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
        self._loop = None
        for feed in self._feeds.values():
            feed.changed.set()

    def notify(self) -> None:
        """A writer committed events (thread-safe; a no-op while the hub is not running)."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not self._wake_pending:
            self._wake_pending = True
            with contextlib.suppress(RuntimeError):  # the loop closed under us
                loop.call_soon_threadsafe(wake.set)

    async def _pump(self) -> None:
        assert self._wake is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)
            self._wake.clear()
            self._wake_pending = False  # commits from here on wake the pump again
            for hall_id, feed in list(self._feeds.items()):
                fresh = await asyncio.to_thread(self._fetch, hall_id, feed.last)
                if fresh:
                    feed.extend(fresh)
                    changed, feed.changed = feed.changed, asyncio.Event()
                    changed.set()

    def _fetch(self, hall_id: str, after: int) -> list[StoredEvent]:
        events: list[StoredEvent] = []
        with self._db.read() as session:
            while True:
                batch = read_after(session, hall_id, after)
                events.extend(batch)
                if len(batch) < _BATCH:
                    return events
                after = batch[-1].seq

    async def _feed(self, hall_id: str) -> _HallFeed:
        feed = self._feeds.get(hall_id)
        if feed is None:
            current = await asyncio.to_thread(self._last, hall_id)
            feed = self._feeds.setdefault(hall_id, _HallFeed(current))
        return feed

    def _last(self, hall_id: str) -> int:
        with self._db.read() as session:
            return last_seq(session, hall_id)

    async def current(self, hall_id: str) -> int:
        """The last event's number as this process knows it."""
        return (await self._feed(hall_id)).last

    async def follow(
        self, hall_id: str, after: int, *, heartbeat: float
    ) -> AsyncIterator[StoredEvent | None]:
        """Events with seq > `after`, forever; None is a heartbeat (nothing for a while)."""
        feed = await self._feed(hall_id)
        last = after
        while True:
            oldest = feed.first
            if last + 1 < oldest:  # behind the tail: catch up from the database
                batch = await asyncio.to_thread(self._catch_up, hall_id, last, oldest)
                for event in batch:
                    yield event
                    last = event.seq
                if batch:
                    continue
            pending = feed.after(last)
            if pending:
                for event in pending:
                    yield event
                    last = event.seq
                continue
            waiter = feed.changed
            try:
                await asyncio.wait_for(waiter.wait(), heartbeat)
            except TimeoutError:
                yield None
            if self._task is None:
                return

    def _catch_up(self, hall_id: str, after: int, before: int) -> list[StoredEvent]:
        with self._db.read() as session:
            return [e for e in read_after(session, hall_id, after) if e.seq < before]
