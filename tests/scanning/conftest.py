"""Scanning test set-up: shared clocks (SANE's `test` backend is set up for every test in
tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

CST = timezone(timedelta(hours=8))


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """A clock that ticks one second per call, from 2026-03-02 09:30 (China Standard Time)."""
    start = datetime(2026, 3, 2, 9, 30, tzinfo=CST)
    ticks = iter(range(10_000))
    return lambda: start + timedelta(seconds=next(ticks))
