"""The live feed against a real server (catch-up after a server kill) and a fake one (a gap in
the sequence → resync from the snapshot; a garbage stream → reconnect with back-off)."""

from __future__ import annotations

import threading
from pathlib import Path

from server_sync import endpoints
from server_sync.clock import FakeClock
from server_sync.feed import EventFeed, HallEvent, Snapshot, parse_sse
from server_sync.sender import Backoff
from server_sync.store import Store
from tests.live_server import ServerProcess
from tests.server_sync.fake_server import fake_hall
from tests.server_sync.helpers import fast_client, fast_sender, wait_until


def test_parse_sse_skips_comments_and_joins_data() -> None:
    raw = b': connected\n\nid: 3\nevent: take\ndata: {"a":\ndata: 1}\n\n: ping\n\n'
    assert list(parse_sse(iter(raw.split(b"\n")))) == [("3", "take", '{"a":\n1}')]


def test_follows_the_real_server_and_catches_up_after_a_kill(
    server: ServerProcess, tmp_path: Path
) -> None:
    kiosk = fast_sender(tmp_path / "kiosk.sqlite3", server.base_url, server.tokens["kiosk"])
    board_store = Store(tmp_path / "board.sqlite3")
    events: list[HallEvent] = []
    snapshots: list[Snapshot] = []
    got = threading.Condition()

    def on_event(event: HallEvent) -> None:
        with got:
            events.append(event)

    feed = EventFeed(
        board_store,
        fast_client(server.base_url, server.tokens["board"], read_timeout=20),
        backoff=Backoff(base=0.05, cap=0.5),
        on_event=on_event,
        on_snapshot=snapshots.append,
    )
    feed.start()
    try:
        # The feed stores the cursor, then hands the snapshot to its callback: wait for both.
        assert wait_until(lambda: bool(snapshots) and board_store.cursor() is not None)
        assert snapshots[0].seq == 0  # first sync: the snapshot, then the events after it
        for _ in range(3):
            kiosk.submit(endpoints.issue_ticket(queue="pickup"))
        assert kiosk.drain(max_steps=50) == 3
        assert wait_until(lambda: len(events) == 3)
        server.kill()
        server.start()
        for _ in range(2):
            kiosk.submit(endpoints.issue_ticket(queue="consult"))
        assert kiosk.drain(max_steps=200) == 2
        assert wait_until(lambda: len(events) == 5)
    finally:
        feed.stop()
        kiosk.client.session.close()
        feed.client.session.close()
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert {e.kind for e in events} == {"take"}
    assert board_store.cursor() == 5
    assert feed.reconnects >= 1
    kiosk.store.close()
    board_store.close()


def _event(seq: int) -> str:
    return f'id: {seq}\nevent: take\ndata: {{"seq": {seq}}}\n\n'


def test_a_gap_resyncs_from_the_snapshot(tmp_path: Path) -> None:
    clock = FakeClock()
    store = Store(tmp_path / "board.sqlite3", clock=clock)
    store.set_cursor(0)
    with fake_hall(["snapshot"]) as hall:
        hall.sse = [_event(1) + _event(2) + _event(5) + _event(6), "garbage"]
        client = fast_client(hall.base_url, "t", read_timeout=2)
        feed = EventFeed(store, client, clock=clock, backoff=Backoff(base=1, cap=4))
        items = list(feed.follow(max_connections=4))
        client.session.close()
    assert items[:3] == [
        HallEvent(1, "take", {"seq": 1}),
        HallEvent(2, "take", {"seq": 2}),
        Snapshot(7, {"hall_id": "h", "seq": 7, "windows": [], "tickets": []}),
    ]
    assert store.cursor() == 7
    assert feed.resyncs == 1
    assert feed.reconnects >= 1  # the garbage stream and the JSON answer: back off, retry
    assert all(0 < w <= 4 for w in clock.waits)
    store.close()
