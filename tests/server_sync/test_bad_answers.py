"""Bad answers from a fake server: each ends in a retry (the same key) or a clear error; never
a crash, never a lost command. Time is fake: back-offs cost nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from urllib3.util.retry import Retry

from server_sync import endpoints
from server_sync.clock import FakeClock
from server_sync.sender import Backoff, Sender
from server_sync.store import EntryState, OutboxEntry, Store
from server_sync.transport import ApiClient, make_session
from tests.server_sync.fake_server import fake_hall

BAD = ["truncated", "garbage", "wrong_type", "error_500", "proxy_403", "hang"]
EXPECTED_CODE = {
    "truncated": "network",
    "garbage": "bad_response",
    "wrong_type": "bad_response",
    "error_500": "server_error",
    "proxy_403": "bad_response",
    "hang": "timeout",
}


def _sender(tmp_path: Path, base_url: str, clock: FakeClock) -> Sender:
    store = Store(tmp_path / "t.sqlite3", clock=clock)
    session = make_session(Retry(total=0, raise_on_status=False))
    client = ApiClient(base_url, session, token="t", timeout=(1.0, 0.3))
    return Sender(store, client, clock=clock, backoff=Backoff(base=1.0, cap=8.0))


@pytest.mark.parametrize("mode", BAD)
def test_a_bad_answer_is_retried_with_the_same_key(tmp_path: Path, mode: str) -> None:
    clock = FakeClock()
    with fake_hall([mode, mode]) as hall:
        sender = _sender(tmp_path, hall.base_url, clock)
        entry = sender.submit(endpoints.issue_ticket(queue="pickup"))
        assert sender.send_next() is None
        status = sender.status()
        assert status.pending == 1
        assert status.last_error is not None
        assert status.last_error.code == EXPECTED_CODE[mode]
        assert status.last_error.message_zh  # Chinese first, for the screen
        assert sender.drain(max_steps=10) == 1
        sender.client.session.close()
    done = sender.store.entry(entry.id)
    assert done is not None
    assert done.state is EntryState.SENT
    assert done.attempts == 3
    assert hall.keys == [entry.idem_key] * 3
    assert clock.waits
    assert all(0 < w <= 8.0 for w in clock.waits)
    assert sender.status().last_error is None
    sender.store.close()


def test_a_server_that_never_answers_well_keeps_the_command(tmp_path: Path) -> None:
    clock = FakeClock()
    with fake_hall(["error_500"] * 20) as hall:
        sender = _sender(tmp_path, hall.base_url, clock)
        sender.submit(endpoints.issue_ticket(queue="pickup"))
        sender.submit(endpoints.issue_ticket(queue="consult"))
        sender.drain(max_steps=12)
        sender.client.session.close()
    entries = sender.store.entries()
    assert [e.state for e in entries] == [EntryState.PENDING, EntryState.PENDING]
    assert entries[0].attempts == 12
    assert entries[1].attempts == 0  # order kept: the second waits behind the first
    delays = clock.waits
    assert max(delays) <= 8.0  # capped exponential back-off
    status = sender.status()
    assert status.pending == 2
    assert status.oldest_pending_age is not None
    assert status.oldest_pending_age > 8.0
    sender.store.close()


def test_a_rejection_reaches_the_user_and_the_next_command_goes(tmp_path: Path) -> None:
    clock = FakeClock()
    rejected: list[OutboxEntry] = []
    with fake_hall(["reject", "ok"]) as hall:
        sender = _sender(tmp_path, hall.base_url, clock)
        sender.on_rejected = rejected.append
        first = sender.submit(endpoints.issue_ticket(queue="nope"))
        second = sender.submit(endpoints.issue_ticket(queue="pickup"))
        assert sender.drain(max_steps=5) == 2
        sender.client.session.close()
    assert [e.id for e in rejected] == [first.id]
    assert rejected[0].state is EntryState.REJECTED
    assert rejected[0].error_zh == "没有这个队列"
    assert rejected[0].body == {"queue": "nope", "channel": "kiosk"}  # kept, not lost
    assert sender.store.entry(second.id) is not None
    status = sender.status()
    assert status.rejected == 1
    assert status.last_error is not None
    assert status.last_error.message_zh == "没有这个队列"
    sender.store.close()


def test_offline_status(tmp_path: Path) -> None:
    from tests.live_server import free_port

    clock = FakeClock()
    sender = _sender(tmp_path, f"http://127.0.0.1:{free_port()}", clock)
    assert sender.status().online is None
    sender.submit(endpoints.issue_ticket(queue="pickup"))
    clock.advance(42.0)
    assert sender.send_next() is None
    status = sender.status()
    assert status.online is False
    assert status.pending == 1
    assert status.oldest_pending_age == pytest.approx(42.0)
    assert status.last_error is not None
    assert status.last_error.code == "network"
    sender.client.session.close()
    sender.store.close()


def test_a_spoiled_batch_answer_resends_the_batch_with_the_same_keys(tmp_path: Path) -> None:
    clock = FakeClock()
    with fake_hall(["ok", "ok", "truncated"]) as hall:
        sender = _sender(tmp_path, hall.base_url, clock)
        entries = [sender.submit(endpoints.issue_ticket(queue="pickup")) for _ in range(3)]
        assert sender.send_step() == []  # the answer was lost: nothing is known to be sent
        assert sender.status().last_error.code == "network"  # type: ignore[union-attr]
        assert sender.drain(max_steps=5) == 3
        sender.client.session.close()
    keys = [e.idem_key for e in entries]
    assert hall.keys == keys + keys  # the same keys again: what ran is replayed by the server
    assert hall.batches == 2
    assert {e.state for e in sender.store.entries()} == {EntryState.SENT}
    sender.store.close()


def test_a_server_without_batches_gets_the_commands_one_by_one(tmp_path: Path) -> None:
    clock = FakeClock()
    with fake_hall([]) as hall:
        hall.without_batch = True
        sender = _sender(tmp_path, hall.base_url, clock)
        entries = [sender.submit(endpoints.issue_ticket(queue="pickup")) for _ in range(3)]
        assert sender.drain(max_steps=10) == 3
        sender.client.session.close()
    assert hall.keys == [e.idem_key for e in entries]
    assert {e.state for e in sender.store.entries()} == {EntryState.SENT}
    assert sender.status().last_error is None
    sender.store.close()


def test_a_timed_out_batch_is_resent_smaller(tmp_path: Path) -> None:
    clock = FakeClock()
    with fake_hall(["ok", "hang"]) as hall:
        sender = _sender(tmp_path, hall.base_url, clock)
        entries = [sender.submit(endpoints.issue_ticket(queue="pickup")) for _ in range(4)]
        assert sender.send_step() == []
        assert sender.status().last_error.code == "timeout"  # type: ignore[union-attr]
        assert sender._batch_limit == 50  # halved: a slow server answers smaller batches in time
        assert sender.drain(max_steps=5) == 4
        assert sender._batch_limit == 100
        sender.client.session.close()
    keys = [e.idem_key for e in entries]
    assert hall.keys == keys[:2] + keys  # resent from the head with the same keys
    sender.store.close()
