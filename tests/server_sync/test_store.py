"""The local store on its own: atomic command + draft, pages by hash, cursor, WAL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from server_sync import endpoints
from server_sync.clock import FakeClock
from server_sync.store import EntryState, Store


def test_a_command_and_its_draft_commit_together_or_not_at_all(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3", clock=FakeClock())

    def interrupted() -> None:
        with store.transaction() as tx:
            store.save_draft("case-1", {"step": 2}, tx=tx)
            store.enqueue(endpoints.issue_ticket(queue="pickup"), tx=tx)
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        interrupted()
    assert store.entries() == []
    assert store.draft("case-1") is None
    with store.transaction() as tx:
        store.save_draft("case-1", {"step": 2}, tx=tx)
        entry = store.enqueue(endpoints.issue_ticket(queue="pickup"), tx=tx)
    assert store.draft("case-1") == {"step": 2}
    assert store.head() == entry
    assert entry.state is EntryState.PENDING
    assert entry.idem_key.startswith("ow-")
    with store._write.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_pages_by_sha256_and_the_cursor(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    content = b"%PDF-1.7 scanned page"
    digest = store.add_page(content, "application/pdf")
    assert digest == hashlib.sha256(content).hexdigest()
    assert store.add_page(content, "application/pdf") == digest  # stored once
    assert store.page_hashes() == [digest]
    assert store.page(digest) == content
    assert store.cursor() is None
    store.save_snapshot({"seq": 12, "windows": [], "tickets": []})
    assert store.cursor() == 12
    cached = store.document("snapshot")
    assert cached is not None
    assert cached.body["seq"] == 12
    store.close()


def test_applicant_identifiers_are_sealed_at_rest(tmp_path: Path) -> None:
    import sqlite3
    import stat

    from server_sync.sealing import SealError, key_path_for

    path = tmp_path / "desk.sqlite3"
    store = Store(path)
    identity = "110101199003074514"
    with store.transaction() as tx:
        store.save_draft("case-9", {"applicant_id": identity, "name": "张三丰"}, tx=tx)
        entry = store.enqueue(endpoints.issue_ticket(queue="pickup", applicant_id=identity), tx=tx)
    store.mark_sent(entry.id, 201, {"ticket": {"number": "A001"}, "applicant": identity})
    assert store.entry(entry.id).body["applicant_id"] == identity  # type: ignore[union-attr]
    assert store.entry(entry.id).result["applicant"] == identity  # type: ignore[union-attr]
    assert store.draft("case-9") == {"applicant_id": identity, "name": "张三丰"}
    store.close()

    key = key_path_for(path)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("desk.sqlite3*") if p != key)
    assert identity.encode() not in raw
    assert "张三丰".encode() not in raw
    with sqlite3.connect(path) as conn:  # a row moved to another key does not open
        conn.execute("UPDATE outbox SET idem_key = 'ow-moved' WHERE id = ?", (entry.id,))
    conn.close()
    reopened = Store(path)
    with pytest.raises(SealError):
        reopened.entries()
    reopened.close()
    key.write_bytes(b"\x00" * 32)  # another key: nothing opens, and says so
    with pytest.raises(SealError):
        Store(path).draft("case-9")


def test_old_sent_commands_are_pruned_rejected_ones_stay(tmp_path: Path) -> None:
    clock = FakeClock()
    store = Store(tmp_path / "s.sqlite3", clock=clock)
    sent = store.enqueue(endpoints.issue_ticket(queue="pickup"))
    refused = store.enqueue(endpoints.issue_ticket(queue="nope"))
    dismissed = store.enqueue(endpoints.issue_ticket(queue="nope"))
    store.mark_sent(sent.id, 201, {})
    store.mark_rejected(refused.id, 404, "unknown_queue", "没有这个队列", "no such queue")
    store.mark_rejected(dismissed.id, 404, "unknown_queue", "没有这个队列", "no such queue")
    assert store.dismiss(dismissed.id)
    fresh = store.enqueue(endpoints.issue_ticket(queue="pickup"))
    clock.advance(20 * 86400)
    store.mark_sent(fresh.id, 201, {})
    assert store.prune_sent(clock.now() - 14 * 86400) == 2
    assert [e.id for e in store.entries()] == [refused.id, fresh.id]
    store.close()


def test_the_sender_prunes_what_is_older_than_its_days(tmp_path: Path) -> None:
    from server_sync.sender import Sender
    from server_sync.transport import ApiClient

    clock = FakeClock()
    store = Store(tmp_path / "s.sqlite3", clock=clock)
    old = store.enqueue(endpoints.issue_ticket(queue="pickup"))
    store.mark_sent(old.id, 201, {})
    clock.advance(8 * 86400)
    recent = store.enqueue(endpoints.issue_ticket(queue="pickup"))
    store.mark_sent(recent.id, 201, {})
    sender = Sender(store, ApiClient("http://127.0.0.1:9"), clock=clock, keep_sent_days=7)
    assert sender.prune() == 1
    assert [e.id for e in store.entries()] == [recent.id]
    sender.client.session.close()
    store.close()
