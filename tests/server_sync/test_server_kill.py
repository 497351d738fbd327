"""Acceptance: the server is SIGKILLed and restarted again and again while the client pushes
500 ticket issues; every command takes effect exactly once."""

from __future__ import annotations

from pathlib import Path

from server_sync import endpoints
from server_sync.store import EntryState
from tests.live_server import ServerProcess
from tests.server_sync.helpers import QUEUES, fast_sender, wait_until

COMMANDS = 500
KILL_AT = (30, 90, 160, 230, 300, 370, 440)


def test_every_command_applied_exactly_once_across_server_kills(
    server: ServerProcess, tmp_path: Path
) -> None:
    sender = fast_sender(tmp_path / "kiosk.sqlite3", server.base_url, server.tokens["kiosk"])
    store = sender.store
    sender.start()
    try:
        for i in range(COMMANDS):
            sender.submit(endpoints.issue_ticket(queue=QUEUES[i % len(QUEUES)]))
        for threshold in KILL_AT:

            def reached(t: int = threshold) -> bool:
                return COMMANDS - store.summary().count >= t

            # Bounds, not timings: on a loaded 2-core CI machine a restart can take seconds.
            assert wait_until(reached, seconds=180), f"stuck below {threshold} sent"
            server.kill()
            server.start()
        assert wait_until(lambda: store.summary().count == 0, seconds=240), sender.status()
    finally:
        sender.stop()
        sender.client.session.close()
    entries = store.entries()
    assert len(entries) == COMMANDS
    assert {e.state for e in entries} == {EntryState.SENT}
    tickets = server.tickets()
    assert len(tickets) == COMMANDS
    issued = {e.result["ticket"]["ticket_id"] for e in entries}
    assert issued == {t["ticket_id"] for t in tickets}
    status = sender.status()
    assert status.pending == 0
    assert status.oldest_pending_age is None
    assert server.starts == 1 + len(KILL_AT)
    store.close()
