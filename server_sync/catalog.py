"""The service catalog, cached in the store and refreshed by ETag (`If-None-Match` → 304, no
body), so a terminal starts and works offline on its last copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server_sync.endpoints import CATALOG
from server_sync.store import Store
from server_sync.transport import BAD_RESPONSE, ApiClient, Ok, SyncError

NAME = "catalog"


@dataclass(frozen=True, slots=True)
class CatalogCopy:
    """`body` is None only when there is no copy at all (never synced and offline).
    `fresh`: the server confirmed it just now; `not_modified`: by a 304; `error`: why not."""

    body: Any
    etag: str | None
    fresh: bool
    not_modified: bool = False
    error: SyncError | None = None
    updated_at: float | None = None


def cached_catalog(store: Store) -> CatalogCopy:
    cached = store.document(NAME)
    if cached is None:
        return CatalogCopy(None, None, fresh=False)
    return CatalogCopy(cached.body, cached.etag, fresh=False, updated_at=cached.updated_at)


def refresh_catalog(store: Store, client: ApiClient) -> CatalogCopy:
    """Ask the server for a newer catalog than the cached one; fall back on the cache."""
    cached = store.document(NAME)
    outcome = client.get(CATALOG, etag=cached.etag if cached is not None else None)
    if isinstance(outcome, Ok):
        if outcome.status == 304 and cached is not None:
            store.touch_document(NAME)
            return CatalogCopy(cached.body, cached.etag, fresh=True, not_modified=True)
        if outcome.status == 200 and outcome.body is not None:
            etag = outcome.headers.get("ETag")
            store.put_document(NAME, outcome.body, etag)
            return CatalogCopy(outcome.body, etag, fresh=True)
        error = BAD_RESPONSE
    else:
        error = outcome.error
    copy = cached_catalog(store)
    return CatalogCopy(copy.body, copy.etag, fresh=False, error=error, updated_at=copy.updated_at)
