"""The client side of sync, Qt-free (DESIGN §4, docs/sync.md).

A local SQLite store per terminal (`Store`: outbox, cached catalog and snapshot, event cursor,
case drafts, scanned pages by SHA-256); commands written locally with their outbox entry in one
transaction and sent in order with their Idempotency-Key (`Sender`); the live event feed with
gap detection and resync (`EventFeed`); the catalog by ETag (`refresh_catalog`); resumable
page uploads (`PageUploader`). Commands go in batches (`POST /batch`); one sender per store
(`SenderBusy`); outbox bodies and drafts sealed at rest (`sealing`). The HTTP session
(`make_session`) and the clock (`Clock`) are injected.
"""

from server_sync.catalog import CatalogCopy, cached_catalog, refresh_catalog
from server_sync.clock import Clock, FakeClock, SystemClock
from server_sync.endpoints import Command
from server_sync.feed import EventFeed, FeedItem, HallEvent, Snapshot
from server_sync.sealing import SealError
from server_sync.sender import Backoff, Sender, SyncStatus
from server_sync.sender_lock import SenderBusy
from server_sync.store import EntryState, OutboxEntry, Store
from server_sync.transport import (
    ApiClient,
    Failed,
    LoginError,
    Ok,
    Rejected,
    SyncError,
    default_retry,
    make_session,
)
from server_sync.uploads import PageUploader

__all__ = [
    "ApiClient",
    "Backoff",
    "CatalogCopy",
    "Clock",
    "Command",
    "EntryState",
    "EventFeed",
    "Failed",
    "FakeClock",
    "FeedItem",
    "HallEvent",
    "LoginError",
    "Ok",
    "OutboxEntry",
    "PageUploader",
    "Rejected",
    "SealError",
    "Sender",
    "SenderBusy",
    "Snapshot",
    "Store",
    "SyncError",
    "SyncStatus",
    "SystemClock",
    "cached_catalog",
    "default_retry",
    "make_session",
    "refresh_catalog",
]
