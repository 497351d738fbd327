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
