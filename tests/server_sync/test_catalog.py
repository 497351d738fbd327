"""The catalog by ETag against the real server, and offline on the cached copy."""

from __future__ import annotations

from pathlib import Path

from server_sync.catalog import cached_catalog, refresh_catalog
from server_sync.store import Store
from tests.live_server import ServerProcess
from tests.server_sync.helpers import fast_client


def test_catalog_by_etag_and_offline(server: ServerProcess, tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.sqlite3")
    client = fast_client(server.base_url, server.tokens["kiosk"])
    assert cached_catalog(store).body is None
    first = refresh_catalog(store, client)
    assert first.fresh
    assert not first.not_modified
    assert first.etag
    assert "files" in first.body
    second = refresh_catalog(store, client)
    assert second.not_modified
    assert second.body == first.body
    server.kill()
    offline = refresh_catalog(store, client)
    assert not offline.fresh
    assert offline.error is not None
    assert offline.error.code == "network"
    assert offline.body == first.body
    client.session.close()
    store.close()
    reopened = Store(tmp_path / "kiosk.sqlite3")  # a restarted terminal has its copy
    assert cached_catalog(reopened).etag == first.etag
    reopened.close()
