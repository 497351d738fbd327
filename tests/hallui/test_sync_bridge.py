"""The Qt bridge to server_sync, against a real hall server process: the snapshot, live events
and the outbox's status arrive as signals on the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hallui.sync_bridge import SyncBridge
from server_sync import EventFeed, HallEvent, Snapshot, Store, SyncStatus, endpoints
from server_sync.sender import Backoff
from tests.live_server import ServerProcess, server_fixture
from tests.server_sync.helpers import fast_client, fast_sender

server = pytest.fixture(server_fixture)


def test_events_snapshot_and_status_arrive_on_the_ui_thread(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    ui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    feed = EventFeed(
        Store(tmp_path / "board.sqlite3"),
        fast_client(server.base_url, server.tokens["board"], read_timeout=20),
        backoff=Backoff(base=0.05, cap=0.5),
    )
    sender = fast_sender(tmp_path / "kiosk.sqlite3", server.base_url, server.tokens["kiosk"])
    bridge = SyncBridge(feed=feed, sender=sender, poll_ms=50)
    events: list[HallEvent] = []
    snapshots: list[Snapshot] = []
    statuses: list[SyncStatus] = []
    threads: set[bool] = set()

    def on_event(event: HallEvent) -> None:
        threads.add(QThread.currentThread() is ui_thread)
        events.append(event)

    bridge.event_received.connect(on_event)
    bridge.snapshot_replaced.connect(snapshots.append)
    bridge.status_changed.connect(statuses.append)
    with qtbot.waitSignal(bridge.snapshot_replaced, timeout=20_000):
        bridge.start()
    try:
        assert snapshots[0].seq == 0
        for _ in range(2):
            sender.submit(endpoints.issue_ticket(queue="pickup"))
        qtbot.waitUntil(lambda: len(events) >= 2, timeout=20_000)
        qtbot.waitUntil(lambda: statuses[-1].pending == 0 and statuses[-1].online, timeout=20_000)
    finally:
        bridge.stop()
        sender.client.session.close()
        feed.client.session.close()
    assert threads == {True}
    assert [e.kind for e in events] == ["take", "take"]
    assert [e.seq for e in events] == [1, 2]
    assert not any(t.name.startswith("server-sync") for t in threading.enumerate())
