"""Shared bits: a fast-retrying client for tests, and bounded waiting."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from server_sync.sender import Backoff, Sender
from server_sync.store import Store
from server_sync.transport import ApiClient, default_retry, make_session

QUEUES = ("pickup", "consult", "social", "one_thing", "company", "property")
FAST = Backoff(base=0.05, factor=2.0, cap=0.5, jitter=0.5)


def fast_client(base_url: str, token: str | None, *, read_timeout: float = 5.0) -> ApiClient:
    session = make_session(default_retry(backoff_factor=0.05, total=3))
    return ApiClient(base_url, session, token=token, timeout=(1.0, read_timeout))


def fast_sender(store_path: Path, base_url: str, token: str | None) -> Sender:
    return Sender(Store(store_path), fast_client(base_url, token), backoff=FAST)


def wait_until(condition: Callable[[], bool], *, seconds: float = 60.0, step: float = 0.02) -> bool:
    """Poll `condition` until it holds or `seconds` pass (a bound, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
