"""The live feed: follows `GET /events` (server-sent events), applies each event once in
sequence order, and resyncs from `GET /snapshot` when it sees a gap or has never synced.

The cursor (the last applied sequence number) is kept in the store, so a restarted terminal
asks for `?after=CURSOR` and catches up. A dropped connection is retried with exponential
back-off and jitter; a connection that worked resets the back-off.

Two ways to use it, both plain Python (the Qt bridge lives in hallui):

* `for item in feed.follow(): ...` in a worker thread — items are `HallEvent` or `Snapshot`;
* `feed.start()` with `on_event` / `on_snapshot` / `on_online` callbacks (called on the feed's
  own thread), and `feed.stop()`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import requests

from server_sync.clock import Clock
from server_sync.endpoints import EVENTS, SNAPSHOT
from server_sync.sender import Backoff
from server_sync.store import Store
from server_sync.transport import BAD_RESPONSE, NETWORK, TIMEOUT, ApiClient, Ok, SyncError

log = logging.getLogger("server_sync.feed")


@dataclass(frozen=True, slots=True)
class HallEvent:
    seq: int
    kind: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The whole hall at `seq` (after a gap, or the first time): replace, don't merge."""

    seq: int
    data: dict[str, Any]


FeedItem = HallEvent | Snapshot


class _Gap(Exception):
    pass


class _BadStream(Exception):
    pass


def parse_sse(lines: Iterator[bytes]) -> Iterator[tuple[str | None, str, str]]:
    """(id, event, data) per server-sent event; comments (`: ping`) are skipped."""
    event_id: str | None = None
    kind = "message"
    data: list[str] = []
    for raw in lines:
        line = raw.decode("utf-8").rstrip("\r")
        if not line:
            if data:
                yield event_id, kind, "\n".join(data)
            event_id, kind, data = None, "message", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "id":
            event_id = value
        elif name == "event":
            kind = value
        elif name == "data":
            data.append(value)


def _interrupt(response: requests.Response) -> None:
    """Unblock a reader waiting for the next event: closing the response alone waits for the
    next heartbeat, shutting the socket down returns at once."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    response.close()


class EventFeed:
    def __init__(
        self,
        store: Store,
        client: ApiClient,
        *,
        clock: Clock | None = None,
        backoff: Backoff | None = None,
        rng: random.Random | None = None,
        read_timeout: float = 40.0,
        on_event: Callable[[HallEvent], None] | None = None,
        on_snapshot: Callable[[Snapshot], None] | None = None,
        on_online: Callable[[bool, SyncError | None], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.clock: Clock = clock or store.clock
        self.backoff = backoff or Backoff(base=0.5, cap=30.0)
        self.rng = rng or random.Random()
        #: Longer than the server's heartbeat (15 s): silence beyond it means a dead link.
        self.read_timeout = read_timeout
        self.on_event = on_event
        self.on_snapshot = on_snapshot
        self.on_online = on_online
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: requests.Response | None = None
        self.reconnects = 0
        self.resyncs = 0

    def _online(self, online: bool, error: SyncError | None = None) -> None:
        if self.on_online is not None:
            self.on_online(online, error)

    def resync(self) -> Snapshot | None:
        """Fetch the snapshot and store it with its cursor; None if the server could not."""
        outcome = self.client.get(SNAPSHOT)
        if not isinstance(outcome, Ok) or not isinstance(outcome.body, dict):
            return None
        seq = outcome.body.get("seq")
        if not isinstance(seq, int):
            return None
        self.store.save_snapshot(outcome.body)
        self.resyncs += 1
        return Snapshot(seq, outcome.body)

    def _stream(self, after: int) -> Iterator[HallEvent]:
        response = self.client.session.get(
            self.client.url(EVENTS),
            params={"after": after},
            headers=self.client.headers({"Accept": "text/event-stream"}),
            stream=True,
            timeout=(self.client.timeout[0], self.read_timeout),
        )
        self._response = response
        with response:
            media = response.headers.get("Content-Type", "").split(";")[0].strip()
            if response.status_code != 200 or media != "text/event-stream":
                raise _BadStream(f"status {response.status_code}, {media or 'no type'}")
            self._online(True)
            cursor = after
            for event_id, kind, data in parse_sse(response.iter_lines()):
                try:
                    seq = int(event_id) if event_id is not None else -1
                    body = json.loads(data)
                except ValueError as exc:
                    raise _BadStream("unreadable event") from exc
                if seq <= cursor or not isinstance(body, dict):
                    continue  # already applied (a replay after reconnecting)
                if seq != cursor + 1:
                    log.info("event gap: %s after %s; resync", seq, cursor)
                    raise _Gap
                self.store.set_cursor(seq)
                cursor = seq
                yield HallEvent(seq, kind, body)
                if self._stop.is_set():
                    return

    def follow(self, *, max_connections: int | None = None) -> Iterator[FeedItem]:
        """Events and snapshots until `stop()` (or `max_connections` attempts). Never raises
        for the network or the server: failures become reconnects with back-off."""
        failures = 0
        connections = 0
        while not self._stop.is_set():
            if max_connections is not None and connections >= max_connections:
                return
            connections += 1
            error: SyncError | None = None
            cursor = self.store.cursor()
            if cursor is None:
                snapshot = self.resync()
                if snapshot is None:
                    error = NETWORK
                else:
                    failures = 0
                    yield snapshot
                    continue
            else:
                try:
                    for event in self._stream(cursor):
                        failures = 0
                        yield event
                    continue  # the server closed the stream: reconnect at once
                except _Gap:
                    snapshot = self.resync()
                    if snapshot is not None:
                        failures = 0
                        yield snapshot
                        continue
                    error = NETWORK
                except requests.Timeout:
                    error = TIMEOUT
                except requests.RequestException:
                    error = NETWORK
                except (_BadStream, UnicodeDecodeError):
                    error = BAD_RESPONSE
                except Exception:
                    if self._stop.is_set():
                        return  # stop() closed the response under the reader: any error will do
                    raise
                finally:
                    self._response = None
            if self._stop.is_set():
                return
            failures += 1
            self.reconnects += 1
            self._online(False, error)
            self.clock.wait(self._stop, self.backoff.delay(failures, self.rng))

    def run(self) -> None:
        for item in self.follow():
            try:
                if isinstance(item, HallEvent):
                    if self.on_event is not None:
                        self.on_event(item)
                elif self.on_snapshot is not None:
                    self.on_snapshot(item)
            except Exception:
                log.exception("feed callback failed")

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="server-sync-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 15.0) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            _interrupt(response)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
