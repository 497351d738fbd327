"""The clock the sync library reads and waits on, injected so tests can drive fake time.

`Clock.now()` is wall time in seconds since the epoch (stored in the outbox, compared across
restarts); `Clock.wait(event, seconds)` blocks until `event` is set or the time has passed and
says whether the event was set. `SystemClock` is the real one; `FakeClock` jumps instead of
sleeping.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def wait(self, event: threading.Event, seconds: float) -> bool: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def wait(self, event: threading.Event, seconds: float) -> bool:
        return event.wait(max(0.0, seconds))


class FakeClock:
    """Time stands still until someone waits: `wait` advances it by the full delay at once
    (unless the event is already set) and records every delay asked for."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.waits: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds

    def wait(self, event: threading.Event, seconds: float) -> bool:
        self.waits.append(seconds)
        if event.is_set():
            return True
        self.advance(max(0.0, seconds))
        return event.is_set()
