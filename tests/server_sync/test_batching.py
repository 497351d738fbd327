"""The outbox in batches against a real server: order, per-command roles and refusals, a
rejected command dismissed or resubmitted edited, one sender per store."""

from __future__ import annotations

from pathlib import Path

import pytest

from server_sync import endpoints
from server_sync.sender import Sender
from server_sync.sender_lock import SenderBusy
from server_sync.store import EntryState, OutboxEntry, Store
from server_sync.transport import ApiClient, Outcome
from tests.live_server import ServerProcess
from tests.server_sync.helpers import FAST, QUEUES, fast_client


class CountingClient(ApiClient):
    """The real client, counting the requests it makes (to see that batching happened)."""

    batches: int = 0
    singles: int = 0

    def batch(self, commands):  # type: ignore[no-untyped-def]
        self.batches += 1
        return super().batch(commands)

    def request(self, method, path, body=None, **kwargs) -> Outcome:  # type: ignore[no-untyped-def]
        if path != endpoints.BATCH:
            self.singles += 1
        return super().request(method, path, body, **kwargs)


def _sender(server: ServerProcess, store_path: Path, role: str = "kiosk") -> Sender:
    base = fast_client(server.base_url, server.tokens[role])
    client = CountingClient(server.base_url, base.session, token=server.tokens[role])
    return Sender(Store(store_path), client, backoff=FAST, batch_size=50)


def test_batches_keep_order_and_apply_each_command_once(
    server: ServerProcess, tmp_path: Path
) -> None:
    sender = _sender(server, tmp_path / "kiosk.sqlite3")
    sent: list[OutboxEntry] = []
    sender.on_sent = sent.append
    for i in range(130):
        sender.submit(endpoints.issue_ticket(queue=QUEUES[i % 2]))
    assert sender.drain(max_steps=20) == 130
    client = sender.client
    assert isinstance(client, CountingClient)
    assert (client.batches, client.singles) == (3, 0)  # 50 + 50 + 30
    entries = sender.store.entries()
    assert {e.state for e in entries} == {EntryState.SENT}
    assert [e.id for e in sent] == [e.id for e in entries]
    tickets = server.tickets()
    assert len(tickets) == 130
    assert [e.result["ticket"]["ticket_id"] for e in entries] == [t["ticket_id"] for t in tickets]
    sender.stop()
    client.session.close()
    sender.store.close()


def test_a_refusal_in_a_batch_stops_it_and_the_rest_follow_in_order(
    server: ServerProcess, tmp_path: Path
) -> None:
    sender = _sender(server, tmp_path / "kiosk.sqlite3")
    rejected: list[OutboxEntry] = []
    sender.on_rejected = rejected.append
    first = sender.submit(endpoints.issue_ticket(queue="pickup"))
    not_mine = sender.submit(endpoints.call_next(1))  # a kiosk may not call: its own 403
    unknown = sender.submit(endpoints.issue_ticket(queue="no-such-queue"))
    last = sender.submit(endpoints.issue_ticket(queue="pickup"))
    assert sender.drain(max_steps=10) == 4
    states = [sender.store.entry(e.id).state for e in (first, not_mine, unknown, last)]  # type: ignore[union-attr]
    assert states == [EntryState.SENT, EntryState.REJECTED, EntryState.REJECTED, EntryState.SENT]
    assert [e.id for e in rejected] == [not_mine.id, unknown.id]
    assert rejected[0].error_code == "forbidden_role"
    assert rejected[1].error_code == "unknown_queue"
    assert rejected[1].error_zh
    assert len(server.tickets()) == 2
    status = sender.status()
    assert status.rejected == 2
    assert status.last_error is not None
    assert status.last_error.code == "unknown_queue"

    # The user lets the first refusal go and resubmits the second, edited (a new key).
    assert sender.dismiss(not_mine.id)
    assert not sender.dismiss(first.id)  # only a rejected command can be dismissed
    edited = sender.resubmit(unknown.id, endpoints.issue_ticket(queue="consult"))
    assert edited.idem_key != unknown.idem_key
    assert [e.id for e in sender.rejected()] == []
    assert sender.drain(max_steps=5) == 1
    done = sender.store.entry(edited.id)
    assert done is not None
    assert done.state is EntryState.SENT
    assert done.result["ticket"]["queue"] == "consult"
    status = sender.status()
    assert status.rejected == 0
    assert status.last_error is None
    with pytest.raises(ValueError, match="not a rejected command"):
        sender.resubmit(first.id, endpoints.issue_ticket(queue="consult"))
    sender.stop()
    sender.client.session.close()
    sender.store.close()


def test_one_sender_per_store(server: ServerProcess, tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    first = _sender(server, path)
    second = _sender(server, path)
    first.start()
    try:
        with pytest.raises(SenderBusy, match="另一个程序"):
            second.start()
        with pytest.raises(SenderBusy):
            second.send_step()
    finally:
        first.stop()
    second.submit(endpoints.issue_ticket(queue="pickup"))
    assert second.drain(max_steps=5) == 1  # the lock went with the first sender's stop()
    second.stop()
    for sender in (first, second):
        sender.client.session.close()
        sender.store.close()


def test_a_put_is_sent_on_its_own_and_the_posts_around_it_still_batch(
    server: ServerProcess, tmp_path: Path
) -> None:
    """`POST /batch` runs POST commands only: the kiosk's `PUT …/draft` ends a batch and goes
    alone (before, the whole batch was refused and every command went one by one)."""
    sender = _sender(server, tmp_path / "kiosk.sqlite3")
    first = sender.submit(endpoints.issue_ticket(queue="pickup"))
    assert sender.drain(max_steps=5) == 1
    done = sender.store.entry(first.id)
    assert done is not None
    ticket_id = done.result["ticket"]["ticket_id"]
    draft = {"theme": None, "answers": {}, "materials": {}, "note": "预扫"}
    queued = [
        sender.submit(endpoints.issue_ticket(queue="pickup")),
        sender.submit(
            endpoints.Command("kiosk_draft", "PUT", f"/tickets/{ticket_id}/draft", draft)
        ),
        sender.submit(endpoints.issue_ticket(queue="consult")),
        sender.submit(endpoints.issue_ticket(queue="consult")),
    ]
    assert sender.drain(max_steps=10) == 4
    client = sender.client
    assert isinstance(client, CountingClient)
    # the first issue alone, the issue before the PUT alone, the PUT alone, then one batch of 2
    assert (client.batches, client.singles) == (1, 3)
    states = [sender.store.entry(e.id).state for e in queued]  # type: ignore[union-attr]
    assert states == [EntryState.SENT] * 4
    stored = server.admin("GET", f"/tickets/{ticket_id}/draft")
    assert stored["note"] == "预扫"
    sender.stop()
    client.session.close()
    sender.store.close()
